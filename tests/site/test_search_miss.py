"""Searches that find nothing reach the Netlify form ``search-miss``, redacted, once (issue 15, part 1).

The repository's example help center, built and served as Netlify would (``test_browser``'s server,
which records every form post). Chromium types into the header search and the home page's hero search.
Run with ``pytest -m browser``.
"""

from __future__ import annotations

import pytest

from tests.site.test_browser import Page, browser, open_header_search, serve_site  # noqa: F401

pytestmark = pytest.mark.browser

#: The page posts once the shopper has stopped typing for 1.5 s (hc-search-miss.js SETTLE_MS).
SETTLED_MS = 3000
#: A query no article answers, with an order number and an e-mail address planted in it.
PLANTED = "zzqxv #48213 wibblor qqzx@zzqxv.zz"


@pytest.fixture(scope="module")
def server(example_site):
    with serve_site(example_site) as httpd:
        yield httpd


@pytest.fixture
def tab(browser, server):  # noqa: F811 - `browser` is test_browser's fixture
    server.posts.clear()
    page = Page(browser, server.base)
    yield page
    page.context.close()


def misses(server) -> list[dict]:
    return [p for p in server.posts if p.get("form-name") == "search-miss"]


def header_search(tab: Page, lang: str, query: str) -> None:
    tab.goto(f"/{lang}/")
    open_header_search(tab.page)
    tab.page.keyboard.type(query, delay=15)
    tab.page.wait_for_timeout(SETTLED_MS)


def test_a_zero_result_search_posts_once_redacted(tab, server):
    header_search(tab, "en", PLANTED)
    assert misses(server) == [{"path": "/en/", "form-name": "search-miss", "q": "zzqxv wibblor", "lang": "en"}]
    # The same query again on this page view: not posted twice.
    page = tab.page
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(PLANTED, delay=15)
    page.wait_for_timeout(SETTLED_MS)
    assert len(misses(server)) == 1
    assert not any("48213" in str(p) or "@" in str(p) for p in server.posts)


def test_a_search_that_finds_something_posts_nothing(tab, server):
    header_search(tab, "es", "devolucion")
    assert tab.page.locator(".md-search-result__item").count() > 0
    assert misses(server) == []


def test_keystrokes_are_not_posted_only_the_settled_query(tab, server):
    tab.goto("/fr/")
    open_header_search(tab.page)
    for word in ("zzq", "xv", " wib", "blor"):
        tab.page.keyboard.type(word, delay=15)
        tab.page.wait_for_timeout(300)
    tab.page.wait_for_timeout(SETTLED_MS)
    assert misses(server) == [{"path": "/fr/", "form-name": "search-miss", "q": "zzqxv wibblor", "lang": "fr"}]


def test_the_hero_search_posts_its_misses_too(tab, server):
    tab.goto("/en/")
    tab.page.locator("#hc-hero-query").click()
    tab.page.keyboard.type("wibblor zzqxv", delay=15)
    tab.page.wait_for_timeout(SETTLED_MS)
    assert [p["q"] for p in misses(server)] == ["wibblor zzqxv"]


def test_global_privacy_control_posts_nothing(browser, server):  # noqa: F811
    server.posts.clear()
    tab = Page(browser, server.base)
    tab.page.add_init_script("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})")
    try:
        header_search(tab, "en", "zzqxv wibblor")
        assert misses(server) == []
    finally:
        tab.context.close()


def test_the_form_is_plain_html_for_netlify(example_site):
    html = (example_site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<form name="search-miss" method="POST" action="" data-netlify="true" netlify-honeypot="hc-bot"' in html
    assert '<input type="hidden" name="q" value="">' in html and '<input type="hidden" name="lang" value="en">' in html
