"""The Content-Security-Policy the site publishes, written into Netlify's ``_headers`` file.

Scripts run without ``'unsafe-inline'``: the policy names the sha256 hash of each inline
script the built pages carry (Material's few, the root chooser's), read back from the
finished HTML, so it follows Material upgrades and the language list by itself. Inline
scripts inside an ``<article>`` (a writer's own HTML in a page body) are not allowed, nor
are event-handler attributes and ``javascript:`` URLs (the theme has none): the build logs a
warning for each page whose article has them, as browsers will not run them.

The policy is one ``/*`` rule of ``_headers`` and ``netlify.toml`` sets no
Content-Security-Policy, so no page can get a second policy (Netlify lets ``netlify.toml``
win over ``_headers`` for the same header, and a browser enforces every policy it gets).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

#: The published policy without its script hashes (they follow ``'self'`` in ``script-src``).
#: Material needs inline styles, a same-origin search worker (``blob:`` for browsers that
#: build it from a blob URL) and ``data:`` icons; feedback forms post to the same origin; no
#: third-party origins (``theme.font: false``). ``'wasm-unsafe-eval'`` lets Pagefind
#: (``search_engine: pagefind``) compile its WebAssembly; it allows no JavaScript eval.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),
    "worker-src": ("'self'", "blob:"),
    "connect-src": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
    "base-uri": ("'self'",),
    "object-src": ("'none'",),
}

HEADERS_FILE = "_headers"

#: ``type`` values of a ``<script>`` that runs (anything else is a data block, e.g. JSON).
_SCRIPT_TYPES = re.compile(r"(?:text|application)/(?:x-)?(?:javascript|ecmascript)|module", re.I)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
# Regular expressions, not html.parser: it took 8 ms per Material page, these take about 1.
_ATTRS = r"""((?:[^>"']|"[^"]*"|'[^']*')*)"""
#: A script element: its attributes and its text, which ends at the first ``</script`` (as in browsers).
_SCRIPT = re.compile(r"<script(?=[\s/>])" + _ATTRS + r">(.*?)</script(?=[\s/>])", re.I | re.S)
_TAG = re.compile(r"<([a-z][^\s/>]*)" + _ATTRS + ">", re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_ARTICLE = re.compile(r"<(/?)article(?=[\s/>])", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass
class PageScripts:
    """The scripts one HTML page carries, as the policy sees them."""

    inline: list[str] = field(default_factory=list)
    """Texts of the inline scripts of the templates (outside any ``<article>``)."""
    in_content: list[str] = field(default_factory=list)
    """Texts of inline scripts inside an ``<article>``: a writer's HTML; not allowed."""
    handlers: list[str] = field(default_factory=list)
    """``onclick=``-style attributes and ``javascript:`` URLs in an ``<article>``, as ``<tag attribute>``:
    not allowed."""


def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): (m[2] or "").strip("\"'") for m in _ATTR.finditer(text)}


def page_scripts(page: str) -> PageScripts:
    """The inline scripts of one HTML page, and the scripts and event handlers in its articles.

    Handlers are looked for in ``<article>`` content only, where a writer's HTML goes: the
    templates have none (``tests/site/test_csp.py`` checks every tag of the built pages).
    """
    page = _COMMENT.sub("", page)
    found = PageScripts()
    articles = _article_spans(page)
    scripts = []
    for match in _SCRIPT.finditer(page):
        scripts.append(match.span())
        attrs = _attributes(match[1])
        kind = attrs.get("type", "").strip()
        if "src" in attrs or (kind and not _SCRIPT_TYPES.fullmatch(kind)):
            continue
        inside = any(start <= match.start() < end for start, end in articles)
        (found.in_content if inside else found.inline).append(match[2])
    for start, end in articles:
        found.handlers += _handlers_in(page, start, end, scripts)
    return found


def _article_spans(page: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each outermost ``<article>`` element (an unclosed one runs to the end)."""
    spans, depth, start = [], 0, 0
    for match in _ARTICLE.finditer(page):
        if not match[1]:
            if depth == 0:
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, match.end()))
    if depth:
        spans.append((start, len(page)))
    return spans


def handlers(page: str) -> list[str]:
    """``<tag attribute>`` for each event-handler attribute and ``javascript:`` URL of a whole page."""
    page = _COMMENT.sub("", page)
    return _handlers_in(page, 0, len(page), [m.span() for m in _SCRIPT.finditer(page)])


def _handlers_in(page: str, start: int, end: int, scripts: list[tuple[int, int]]) -> list[str]:
    """Handlers and ``javascript:`` URLs of the tags in ``page[start:end]`` outside the ``scripts`` spans."""
    found = []
    for tag in _TAG.finditer(page, start, end):
        if any(s < tag.start() < e for s, e in scripts):
            continue
        for name, value in _attributes(tag[2]).items():
            if name.startswith("on") or (name in _URL_ATTRIBUTES and value.strip().lower().startswith("javascript:")):
                found.append(f"<{tag[1].lower()} {name}>")
    return found


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script with this text: ``'sha256-<base64>'``."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")  # as the browser's HTML parser does
    digest = hashlib.sha256(normalized.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(hashes: Iterable[str] = ()) -> str:
    """The policy header value: :data:`DIRECTIVES` with ``hashes`` after ``'self'`` in ``script-src``."""
    parts = []
    for name, sources in DIRECTIVES.items():
        if name == "script-src":
            sources = (sources[0], *sorted(set(hashes)), *sources[1:])
        parts.append(" ".join((name, *sources)))
    return "; ".join(parts)


def site_script_hashes(site: Path) -> list[str]:
    """The hashes of every template inline script in the built ``site``; warns about blocked scripts."""
    hashes: set[str] = set()
    for path in sorted(site.rglob("*.html")):
        found = page_scripts(path.read_text(encoding="utf-8", errors="replace"))
        hashes.update(script_hash(text) for text in found.inline)
        blocked = ["<script>"] * len(found.in_content) + found.handlers
        if blocked:
            log.warning("%s: %d inline script(s) or event handler(s) in the page (%s) will not run: the "
                        "Content-Security-Policy allows only the theme's scripts; move the behaviour into "
                        "themes/helpcenter/assets/javascripts/", path.relative_to(site).as_posix(), len(blocked),
                        ", ".join(blocked[:3]))
    return sorted(hashes)


def write_headers(site: Path) -> str:
    """Write ``site/_headers`` with the Content-Security-Policy of every path; returns the policy."""
    policy = content_security_policy(site_script_hashes(site))
    (site / HEADERS_FILE).write_text(
        "# Generated by `helpcenter build` (generator/site/csp.py). Netlify merges it with netlify.toml,\n"
        "# which sets the other security headers and no Content-Security-Policy.\n"
        "# script-src lists the sha256 of each inline script of the built pages; nothing else inline runs.\n"
        "/*\n"
        f"  Content-Security-Policy: {policy}\n", encoding="utf-8")
    return policy
