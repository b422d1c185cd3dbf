"""The real example help center in a real browser (Debian's chromium through Playwright).

One build of the repository's ``mkdocs.yml``, served on 127.0.0.1 by a small server that
behaves like Netlify where it matters: the per-language 404 rules of ``site/_redirects``,
200 for form POSTs, and the response headers of ``netlify.toml`` and of the ``_headers`` file
the build writes (the Content-Security-Policy lives there), matched per path as Netlify does (so
CSP violations show up as console errors here too). Run with ``pytest -m browser``.
"""

from __future__ import annotations

import os
import re
import threading
import tomllib
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.site.csp import content_security_policy
from tests.site.test_deploy import netlify_for_regexp

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 15_000


def _not_found_rules(site: Path) -> list[tuple[str, str]]:
    """``(prefix, page)`` for each ``/<path>*  /<page>  404`` rule of ``_redirects``, in order."""
    rules = []
    for line in (site / "_redirects").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#") and parts[2] == "404" and parts[0].endswith("*"):
            rules.append((parts[0][:-1], parts[1]))
    return rules


def _toml_rules() -> list[tuple[str, dict[str, str]]]:
    """``(for, values)`` of each ``[[headers]]`` rule of ``netlify.toml``, in order."""
    try:
        data = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [(rule.get("for", ""), {k: str(v) for k, v in rule.get("values", {}).items()})
            for rule in data.get("headers", [])]


def _headers_file_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    """``(path, values)`` of each rule of the ``_headers`` file in ``site`` (Netlify's syntax), in order."""
    rules: list[tuple[str, dict[str, str]]] = []
    try:
        lines = (site / "_headers").read_text(encoding="utf-8").splitlines()
    except OSError:
        return rules
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((text, {}))
        elif rules and ":" in text:
            name, _, value = text.partition(":")
            values = rules[-1][1]
            values[name.strip()] = f"{values[name.strip()]}, {value.strip()}" if name.strip() in values \
                else value.strip()
    return rules


def headers_for_path(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, str]:
    """What Netlify sends for ``path``: every matching rule, a later one winning on a name both set
    (netlify-cli's headersForPath; ``_headers`` rules come first, ``netlify.toml``'s after)."""
    merged: dict[str, tuple[str, str]] = {}
    for pattern, values in rules:
        if netlify_for_regexp(pattern).match(path):
            merged.update({name.lower(): (name, value) for name, value in values.items()})
    return dict(merged.values())


def _site_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    return _headers_file_rules(site) + _toml_rules()


def _netlify_headers(site: Path | None = None) -> dict[str, str]:
    """The headers every page gets (the ``/*`` rules): the ``_headers`` file the build wrote into
    ``site``, then ``netlify.toml``. Without ``site``, ``netlify.toml``'s plus the policy the build
    publishes without any script hash (:func:`generator.site.csp.content_security_policy`), which
    allows no inline script at all."""
    if site is None:
        return {"Content-Security-Policy": content_security_policy(), **headers_for_path(_toml_rules(), "/*")}
    return headers_for_path([(p, v) for p, v in _site_rules(site) if p == "/*"], "/*")


class NetlifyLikeHandler(SimpleHTTPRequestHandler):
    site: Path
    rules: list[tuple[str, str]]
    headers_for_all: dict[str, str]
    """Sent with every response unless a header rule of the site (``_headers``, ``netlify.toml``) sets the name."""
    posts: list[dict]
    header_rules: list[tuple[str, dict[str, str]]] | None = None

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass

    def end_headers(self):
        cls = type(self)
        if cls.header_rules is None:
            cls.header_rules = _site_rules(self.site)
        values = {name.lower(): (name, value) for name, value in self.headers_for_all.items()}
        for name, value in headers_for_path(cls.header_rules, urlsplit(self.path).path).items():
            values[name.lower()] = (name, value)
        for name, value in values.values():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code == 404:
            path = urlsplit(self.path).path
            for prefix, page in self.rules:
                if path.startswith(prefix):
                    body = (self.site / page.lstrip("/")).read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                    return
        super().send_error(code, message, explain)

    def do_POST(self):  # Netlify Forms: a POST to a page is accepted with 200
        length = int(self.headers.get("Content-Length") or 0)
        fields = parse_qs(self.rfile.read(length).decode("utf-8"))
        self.posts.append({"path": urlsplit(self.path).path, **{k: v[-1] for k, v in fields.items()}})
        body = b"<!doctype html><title>Thank you</title><p>Thank you!</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_site(site: Path, headers: dict[str, str] | None = None,
               header_rules: list[tuple[str, dict[str, str]]] | None = None):
    """Serve a built site as Netlify would (its _redirects, 404s, headers and form posts);
    yields the server with ``base`` (its URL), ``site`` and ``posts``. ``headers`` go with every
    response unless a rule sets them; ``header_rules`` replace the site's ``_headers`` and
    ``netlify.toml`` rules (``[]``: only ``headers``)."""
    handler = type("Handler", (NetlifyLikeHandler,), {
        "site": site, "rules": _not_found_rules(site), "headers_for_all": headers or _netlify_headers(),
        "posts": [], "header_rules": header_rules})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.site = site
    httpd.posts = handler.posts
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def open_header_search(page) -> None:
    """Open Material's header search dialog with its keyboard shortcut and wait for focus in its input."""
    page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement && "
                           "document.activeElement.matches('[data-md-component=search-query]')")


@pytest.fixture(scope="module")
def server(example_site):
    with serve_site(example_site) as httpd:
        yield httpd


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no chromium at {CHROMIUM}: install it with `apt-get install -y chromium` "
                    "(or point HELPCENTER_CHROMIUM at a Chromium binary)", pytrace=False)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


class Page:
    """A fresh page (own context: no shared cookies) that records console errors and page errors."""

    def __init__(self, browser, base: str, width: int = 1280, height: int = 900, locale: str = "en-US",
                 **options):
        """``options`` go to the browser context (``bypass_csp=True`` to inject a test's own script)."""
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, **options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} {r.status}"))

    def goto(self, path: str, wait: str = "networkidle"):
        return self.page.goto(self.base + path, wait_until=wait)

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path


@pytest.fixture
def tab(browser, server):
    page = Page(browser, server.base)
    yield page
    page.context.close()


# --------------------------------------------------------------------------- tests

@pytest.mark.parametrize("lang,title", [("en", "How can we help?"), ("es", "¿En qué podemos ayudarte?"),
                                        ("fr", "Comment pouvons-nous vous aider ?")])
def test_home_renders_without_errors(tab, lang, title):
    response = tab.goto(f"/{lang}/")
    assert response.status == 200
    page = tab.page
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1.hc-hero__title").inner_text().strip() == title
    assert page.locator(".hc-card").count() >= 5
    assert page.locator(".hc-card").first.is_visible()
    # Material's bundle ran (it sets up the search component) and our stylesheet applied.
    page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
    assert page.evaluate("getComputedStyle(document.querySelector('.hc-hero')).display") != "none"
    assert tab.errors == []
    assert tab.failed == []


def test_search_folds_accents_in_spanish(tab):
    tab.goto("/es/")
    page = tab.page
    open_header_search(page)
    query = page.locator("[data-md-component=search-query]")
    query.wait_for(state="visible")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-md-component=search-query]')")
    page.keyboard.type("devolucion", delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible")
    assert "¿Cómo hago una devolución?" in " ".join(first.locator("h1").first.inner_text().split())
    href = first.locator("a").first.get_attribute("href")
    assert "returns/como-hacer-una-devolucion/" in href
    assert tab.errors == []


def test_switcher_keeps_the_article(tab):
    tab.goto("/en/returns/how-to-return/")
    page = tab.page
    page.locator(".md-header__option .md-select > button").click()
    link = page.locator("a.md-select__link", has_text="Español")
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    assert tab.path == "/es/returns/como-hacer-una-devolucion/"
    assert page.locator("html").get_attribute("lang") == "es"
    assert "¿Cómo hago una devolución?" in page.locator("article h1").first.inner_text()
    assert any(c["name"] == "nf_lang" and c["value"] == "es" for c in tab.context.cookies())
    assert tab.errors == []


def test_switcher_without_translation_says_so_in_that_language(tab):
    tab.goto("/en/account/delete-account/")
    page = tab.page
    page.locator(".md-header__option .md-select > button").click()
    link = page.locator("a.md-select__link", has_text="Español")
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    assert tab.path == "/es/account/delete-account/"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("article h1").first.inner_text().strip() == "Aún sin traducir"
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    # It offers the article in the languages that have it, and leads there.
    offers = page.locator("ul.hc-untranslated a")
    assert offers.all_inner_texts() == ["How do I delete my account?", "Comment supprimer mon compte ?"]
    with page.expect_navigation():
        offers.nth(1).click()
    assert tab.path == "/fr/account/supprimer-mon-compte/"
    assert tab.errors == []


@pytest.mark.parametrize("path", ["/fr/nope/", "/fr/a/b/c/"])
def test_unknown_url_shows_the_french_404(tab, path):
    response = tab.goto(path)
    assert response.status == 404
    page = tab.page
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("article h1").first.inner_text().strip() == "Page introuvable"
    assert "Cette page n'existe pas." in page.locator("article").first.inner_text()
    # Its assets load from /fr/ whatever the depth: only the page itself is a 404.
    assert [f for f in tab.failed if urlsplit(f.split()[0]).path != path] == []
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    back = page.get_by_role("link", name="Retour au centre d'aide")
    with page.expect_navigation():
        back.click()
    assert tab.path == "/fr/"


def test_feedback_widget_is_keyboard_reachable(tab, server):
    tab.goto("/en/returns/how-to-return/")
    page = tab.page
    page.locator("body").focus()
    page.evaluate("window.scrollTo(0, 0)")
    yes = "form.hc-feedback button[value=yes]"
    for _ in range(1, 121):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({yes!r})"):
            break
    else:
        pytest.fail("the Yes button never received focus in 120 Tab presses")
    assert page.locator(yes).is_visible()
    page.keyboard.press("Enter")
    thanks = page.locator(".hc-feedback__thanks")
    thanks.wait_for(state="visible")
    assert thanks.inner_text().strip() == "Thanks for your feedback!"
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.hc-feedback__thanks')")
    assert not page.locator(".hc-feedback__question").is_visible()
    assert {"form-name": "helpful", "helpful": "yes", "article": "returns/how-to-return", "lang": "en"}.items() \
        <= server.posts[-1].items()
    assert tab.errors == []


def test_feedback_no_with_space_key(tab, server):
    tab.goto("/fr/")
    page = tab.page
    href = page.locator(".hc-list a").first.get_attribute("href")
    tab.goto("/fr/" + href)
    no = page.locator("form.hc-feedback button[value=no]")
    no.focus()
    page.keyboard.press("Space")
    page.locator(".hc-feedback__thanks").wait_for(state="visible")
    assert page.locator(".hc-feedback__thanks").inner_text().strip() == "Merci pour votre retour !"
    assert server.posts[-1]["helpful"] == "no" and server.posts[-1]["lang"] == "fr"


def test_home_has_landmarks_and_a_real_search_box(tab):
    tab.goto("/en/")
    page = tab.page
    for tag in ("header", "main", "nav", "footer"):
        assert page.locator(tag).count() >= 1, tag
    assert page.get_by_role("banner").count() >= 1
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("navigation").count() >= 1
    assert page.get_by_role("contentinfo").count() >= 1
    hero = page.get_by_role("combobox")
    assert hero.count() == 1
    assert hero.evaluate("el => [el.tagName, el.type, el.id]") == ["INPUT", "search", "hc-hero-query"]
    assert hero.get_attribute("aria-controls") == "hc-hero-results"


def test_root_chooser_sends_to_the_browsers_language(browser, server):
    context = browser.new_context(locale="fr-FR", extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    try:
        page = context.new_page()
        page.goto(server.base + "/", wait_until="load")
        page.wait_for_url(re.compile(r"/fr/$"))
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        context.close()


# --------------------------------------------------------------------------- Content-Security-Policy

VIOLATIONS = ("window.__violations = [];"
              "document.addEventListener('securitypolicyviolation', e => "
              "window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));")


def _script_src(policy: str) -> list[str]:
    return next(d.split()[1:] for d in policy.split(";") if d.split()[0] == "script-src")


def test_every_html_page_is_served_with_a_hash_only_script_policy(server):
    from urllib.request import urlopen

    pages = sorted(server.site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        path = "/" + page.relative_to(server.site).as_posix()
        with urlopen(server.base + path.removesuffix("index.html")) as response:
            script_src = _script_src(response.headers["Content-Security-Policy"])
        assert "'unsafe-inline'" not in script_src and "'unsafe-hashes'" not in script_src, path
        assert script_src[0] == "'self'" and any(s.startswith("'sha256-") for s in script_src), path


@pytest.mark.parametrize("path", ["/en/", "/fr/", "/en/returns/how-to-return/", "/es/returns/", "/fr/nope/"])
def test_example_pages_run_without_csp_violations(tab, path):
    tab.context.add_init_script(VIOLATIONS)
    response = tab.goto(path)
    assert "'unsafe-inline'" not in _script_src(response.headers["content-security-policy"])
    page = tab.page
    page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
    assert page.evaluate("typeof __md_scope") == "object"  # Material's inline head script ran
    assert page.evaluate("window.__violations") == []
    # The 404 page's own status is the one expected console error.
    assert [e for e in tab.errors if not (response.status == 404 and "status of 404" in e)] == []


def test_search_runs_without_csp_violations(tab):
    tab.context.add_init_script(VIOLATIONS)
    tab.goto("/en/")
    page = tab.page
    open_header_search(page)
    page.keyboard.type("refund", delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert page.evaluate("window.__violations") == []
    assert tab.errors == []
    assert tab.failed == []


def test_root_chooser_runs_under_the_policy(browser, server):
    context = browser.new_context(locale="es-ES")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        response = page.goto(server.base + "/", wait_until="commit")
        assert "'unsafe-inline'" not in _script_src(response.headers["content-security-policy"])
        page.wait_for_url(re.compile(r"/es/$"))  # the chooser's inline script ran
        assert errors == []
    finally:
        context.close()
