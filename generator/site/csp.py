"""The Content-Security-Policy the site publishes, written into Netlify's ``_headers`` file.

Scripts run without ``'unsafe-inline'``: the policy names the sha256 hash of each inline
script the built pages carry (Material's few, the root chooser's), read back from the
finished HTML, so it follows Material upgrades and the language list by itself. Inline
scripts inside an ``<article>`` (a writer's own HTML in a page body) and event-handler
attributes or ``javascript:`` URLs anywhere are not allowed: the build logs a warning for
each page that has them, as browsers will not run them.

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
from html.parser import HTMLParser
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


@dataclass
class PageScripts:
    """The scripts one HTML page carries, as the policy sees them."""

    inline: list[str] = field(default_factory=list)
    """Texts of the inline scripts of the templates (outside any ``<article>``)."""
    in_content: list[str] = field(default_factory=list)
    """Texts of inline scripts inside an ``<article>``: a writer's HTML; not allowed."""
    handlers: list[str] = field(default_factory=list)
    """``onclick=``-style attributes and ``javascript:`` URLs: not allowed."""


class _ScriptParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageScripts()
        self._article = 0
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or (name in _URL_ATTRIBUTES and (value or "").strip().lower()
                                         .startswith("javascript:")):
                self.found.handlers.append(f"<{tag} {name}>")
        if tag == "article":
            self._article += 1
        elif tag == "script":
            values = dict(attrs)
            kind = (values.get("type") or "").strip()
            runs = "src" not in values and (not kind or bool(_SCRIPT_TYPES.fullmatch(kind)))
            self._script = [] if runs else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article = max(0, self._article - 1)
        elif tag == "script" and self._script is not None:
            text = "".join(self._script)
            (self.found.in_content if self._article else self.found.inline).append(text)
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def page_scripts(page: str) -> PageScripts:
    """The inline scripts, in-content scripts and event handlers of one HTML page."""
    parser = _ScriptParser()
    parser.feed(page)
    parser.close()
    return parser.found


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
        blocked = len(found.in_content) + len(found.handlers)
        if blocked:
            log.warning("%s: %d inline script(s) or event handler(s) in the page (%s) will not run: the "
                        "Content-Security-Policy allows only the theme's scripts; move the behaviour into "
                        "themes/helpcenter/assets/javascripts/", path.relative_to(site).as_posix(), blocked,
                        ", ".join(found.handlers[:3] or ["<script> in the article"]))
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
