"""The Content-Security-Policy a build publishes in ``site/_headers``: scripts by hash, never
``'unsafe-inline'``, the same policy on every HTML page, and only the theme's inline scripts.

A real build of a small help center whose writer put a ``<script>`` and an ``onclick=`` in an
article body (raw HTML in Markdown): the policy does not allow them, and the build says so.
(The example site's pages run without a violation in Chromium: ``test_browser``.)
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from generator.commands import build
from generator.site import csp
from tests.conftest import article
from tests.site.test_browser import Page, _site_rules, browser, headers_for_path, serve_site  # noqa: F401
from tests.site.test_deploy import parse_csp
from tests.site.test_site import write_project

BODY = """\
Print the label.

<script>window.__body = 1</script>

<button type="button" onclick="window.__clicked = 1">Click</button>
"""

FILES = {
    "en/returns/index.md": article("Returns", "Send things back.", order=1),
    "en/returns/how-to-return.md": article("How do I return an item?", BODY, summary="Within 30 days."),
    "en/returns/refunds.md": article("When will I get my refund?", "Within 3 days."),
    "es/returns/index.md": article("Devoluciones", "Devuelve lo que no quieras.", order=1),
    "es/returns/como-devolver.md": article("¿Cómo hago una devolución?", "Tienes 30 días.",
                                           id="returns/how-to-return"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("csp") / "helpcenter", FILES, "languages: [en, es]")
    out = project.root / "site"
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logging.getLogger("generator").addHandler(handler)
    try:
        build(project.config, out, jobs=1)
    finally:
        logging.getLogger("generator").removeHandler(handler)
    return out, records


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


def published_policy(site: Path) -> str:
    rules = [(path, values) for path, values in _site_rules(site) if "Content-Security-Policy" in values]
    assert [path for path, _ in rules] == ["/*"], "exactly one rule may set the policy"
    return rules[0][1]["Content-Security-Policy"]


def html_urls(site: Path) -> list[str]:
    """Every HTML page of the site, by file name and, for index.html, by its pretty URL too."""
    urls = []
    for page in sorted(site.rglob("*.html")):
        path = "/" + page.relative_to(site).as_posix()
        urls.append(path)
        if path.endswith("/index.html"):
            urls.append(path.removesuffix("index.html"))
    return urls


def test_headers_file_sets_one_policy_with_hashes_and_no_unsafe_inline(site):
    policy = parse_csp(published_policy(site))
    script_src = policy["script-src"]
    assert script_src[0] == "'self'" and script_src[-1] == "'wasm-unsafe-eval'"
    assert script_src[1:-1] and all(s.startswith("'sha256-") and s.endswith("='") for s in script_src[1:-1])
    assert not {"'unsafe-inline'", "'unsafe-hashes'", "'unsafe-eval'", "'strict-dynamic'"} & set(script_src)
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_every_html_page_gets_the_policy_without_unsafe_inline(site):
    policy = published_policy(site)
    rules = _site_rules(site)
    for url in html_urls(site) + ["/fr/nope/", "/en/nope"]:  # 404s too
        values = {k.lower(): v for k, v in headers_for_path(rules, url).items()}
        assert values.get("content-security-policy") == policy, url
        assert "'unsafe-inline'" not in parse_csp(values["content-security-policy"])["script-src"], url
        assert values.get("x-content-type-options") == "nosniff", url


def test_policy_allows_exactly_the_inline_scripts_of_the_templates(site):
    allowed = set(parse_csp(published_policy(site))["script-src"][1:-1])
    used = set()
    for page in site.rglob("*.html"):
        found = csp.page_scripts(page.read_text(encoding="utf-8"))
        hashes = {csp.script_hash(text) for text in found.inline}
        assert hashes <= allowed, page
        used |= hashes
    assert used == allowed  # no hash for a script no page has
    chooser = csp.page_scripts((site / "index.html").read_text(encoding="utf-8"))
    assert len(chooser.inline) == 1 and csp.script_hash(chooser.inline[0]) in allowed


def test_writers_inline_script_and_handler_are_not_allowed_and_reported(built):
    site, records = built
    page = csp.page_scripts((site / "en/returns/how-to-return/index.html").read_text(encoding="utf-8"))
    assert page.in_content == ["window.__body = 1"]
    assert page.handlers == ["<button onclick>"]
    assert csp.script_hash("window.__body = 1") not in published_policy(site)
    warnings = [r.getMessage() for r in records if r.name == "generator.site.csp"]
    assert len(warnings) == 1
    assert warnings[0].startswith("en/returns/how-to-return/index.html: 2 inline script(s) or event handler(s)")


def test_page_scripts_reads_only_scripts_that_run():
    page = """<html><head>
<script>var a = "</div>" + 1 < 2;</script>
<script src="x.js"></script>
<script type="application/json" id="__config">{"a": "<b>"}</script>
<script type="module">import "./m.js";</script>
<script type="text/template"><p>x</p></script>
</head><body><a onclick="x()">x</a><article><script>inner()</script><a href=" JavaScript:alert(1)">y</a>
<p title="a > b" onmouseover='z()'>z</p><!-- <b onclick="c()"> --></article>
<SCRIPT>upper()</SCRIPT></body></html>"""
    found = csp.page_scripts(page)
    assert found.inline == ['var a = "</div>" + 1 < 2;', 'import "./m.js";', "upper()"]
    assert found.in_content == ["inner()"]
    assert found.handlers == ["<a href>", "<p onmouseover>"]  # in the article, where a writer's HTML goes
    assert csp.handlers(page) == ["<a onclick>", "<a href>", "<p onmouseover>"]


def test_templates_have_no_event_handlers(site):
    for page in site.rglob("*.html"):
        expected = ["<button onclick>"] if page.parent.name == "how-to-return" else []
        assert csp.handlers(page.read_text(encoding="utf-8")) == expected, page


def test_script_hash_is_the_csp_sha256_of_the_text():
    # echo -n 'alert(1)' | openssl sha256 -binary | base64
    assert csp.script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert csp.script_hash("a\r\nb") == csp.script_hash("a\nb")


@pytest.mark.browser
def test_writers_script_is_blocked_and_the_theme_still_works(browser, site):  # noqa: F811
    with serve_site(site) as server:
        tab = Page(browser, server.base)
        tab.context.add_init_script("window.__violations = [];"
                                    "document.addEventListener('securitypolicyviolation', e => "
                                    "window.__violations.push(e.violatedDirective + ' ' + e.sample));")
        try:
            response = tab.goto("/en/returns/how-to-return/")
            assert "'unsafe-inline'" not in parse_csp(response.headers["content-security-policy"])["script-src"]
            page = tab.page
            page.locator("button", has_text="Click").click()
            assert page.evaluate("[typeof window.__body, typeof window.__clicked]") == ["undefined", "undefined"]
            violations = page.evaluate("window.__violations")
            assert sorted(v.split()[0] for v in violations) == ["script-src-attr", "script-src-elem"], violations
            # Material's own inline scripts ran: its bundle set up search.
            page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
            assert page.evaluate("typeof __md_scope") == "object"
        finally:
            tab.context.close()
