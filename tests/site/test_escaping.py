"""A writer's front matter reaches HTML and JSON only as text.

One real build of a small help center whose article has a ``<script>`` in its title, an
attribute break-out in its summary and markup in a tag (and a section, home title and
``description`` with special characters): every page that shows them, and the search
index, carry only escaped forms, the browser shows the characters the writer typed, and
nothing of it runs, on the article, the home page, the section page and in search.

The browser tests serve the site without its Content-Security-Policy, so that they test
the escaping alone (``test_csp`` and ``test_browser`` test the policy).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.commands import build
from generator.site.csp import page_scripts
from tests.conftest import article
from tests.site.test_browser import Page, browser, serve_site  # noqa: F401
from tests.site.test_site import write_project

TITLE = "<script>window.__pwned=1</script> Returns"
SUMMARY = '"><img src=x onerror="window.__pwned=2">'
TAG = '<img src=x onerror="window.__pwned=3">'
DESCRIPTION = '</title><script>window.__pwned=4</script>'
SECTION = "Returns & exchanges"
HOME = 'Help & <b onmouseover="window.__pwned=5">answers</b>'
HOSTILE = (TITLE, SUMMARY, TAG, DESCRIPTION, HOME)
SITE_NAME = "Test Shop Help"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text)


FILES = {
    "en/index.md": article(_q(HOME), "Welcome."),
    "en/returns/index.md": article(_q(SECTION), "Send things back.", order=1),
    "en/returns/pwned.md": article(_q(TITLE), "Print the zorblat label and post the parcel.",
                                   summary=_q(SUMMARY), tags=json.dumps([TAG, "labels"]), categories="[returns]",
                                   promoted="true"),
    "en/returns/described.md": article("Exchanges", "Swap the quibbix size.", description=_q(DESCRIPTION)),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("escaping") / "helpcenter", FILES, "languages: [en]")
    out = project.root / "site"
    build(project.config, out, jobs=1)
    return out


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


PAGES = ["en/index.html", "en/returns/index.html", "en/returns/pwned/index.html",
         "en/returns/described/index.html", "en/404.html", "index.html"]


class _Elements(HTMLParser):
    """Every element of a page as ``(tag, attributes)``, and the text of each ``<script>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.lasttag == "script":
            self.scripts.append(data)


def elements(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize("page", PAGES)
def test_built_html_has_no_live_markup_from_front_matter(site, page):
    text = read(site / page)
    for hostile in HOSTILE:
        assert hostile not in text
    found = elements(text)
    assert not [t for t, a in found.elements if t in ("img", "b") or any(n.startswith("on") for n in a)]
    assert not [s for s in found.scripts if "__pwned" in s]
    assert "</title><script>" not in text and "&amp;amp;" not in text
    assert page_scripts(text).handlers == []


def test_article_shows_escaped_forms_everywhere(site):
    text = read(site / "en/returns/pwned/index.html")
    title = html.escape(TITLE, quote=False)
    assert f"<title>{title} - {SITE_NAME}</title>" in text
    assert f"<h1>{title}</h1>" in text
    assert re.search(r'<div class="md-header__topic" data-md-component="header-topic">\s*'
                     r'<span class="md-ellipsis">\s*' + re.escape(title) + r"\s*</span>", text)
    description = re.search(r'<meta name="description" content="([^"]*)">', text)[1]
    assert html.unescape(description) == SUMMARY
    lead = re.search(r'<p class="hc-lead">([^<]*)</p>', text)[1]
    assert html.unescape(lead) == SUMMARY
    # Breadcrumbs show the section as typed, escaped once.
    assert '<a href="../">Returns &amp; exchanges</a>' in text and "&amp;amp;" not in text


def test_writers_description_is_escaped_too(site):
    text = read(site / "en/returns/described/index.html")
    description = re.search(r'<meta name="description" content="([^"]*)">', text)[1]
    assert html.unescape(description) == DESCRIPTION


def test_home_and_section_pages_escape_titles_and_cards(site):
    home = read(site / "en/index.html")
    assert ("<title>Help &amp; &lt;b onmouseover=&quot;window.__pwned=5&quot;&gt;answers&lt;/b&gt; - "
            f"{SITE_NAME}</title>") in home
    hero = re.search(r'<h1 id="hc-hero-title" class="hc-hero__title">([^<]*)</h1>', home)[1]
    assert html.unescape(hero) == HOME
    assert '<span class="hc-card__title">Returns &amp; exchanges</span>' in home
    popular = re.search(r'<a href="returns/pwned/">([^<]*)</a><p>([^<]*)</p>', home)
    assert (html.unescape(popular[1]), html.unescape(popular[2])) == (TITLE, SUMMARY)
    section = read(site / "en/returns/index.html")
    assert "<h1>Returns &amp; exchanges</h1>" in section
    assert "<title>Returns &amp; exchanges - Test Shop Help</title>" in section
    assert "&amp;amp;" not in home + section


def test_search_index_holds_only_escaped_front_matter(site):
    index = json.loads(read(site / "en/search/search_index.json"))
    docs = {d["location"]: d for d in index["docs"]}
    pwned = docs["returns/pwned/"]
    assert pwned["title"] == html.escape(TITLE, quote=False)
    assert pwned["tags"] == ["Returns and exchanges", "&lt;img src=x onerror=&quot;window.__pwned=3&quot;&gt;", "labels"]
    assert docs["returns/"]["title"] == "Returns &amp; exchanges"
    raw = read(site / "en/search/search_index.json")
    for hostile in HOSTILE:
        assert json.dumps(hostile)[1:-1] not in raw and hostile not in raw
    for doc in index["docs"]:
        for value in [doc.get("title", ""), doc.get("text", ""), *doc.get("tags", [])]:
            found = elements(value)  # Material's search UI sets titles, texts and tags as innerHTML
            assert not [t for t, a in found.elements if t in ("script", "img", "b") or any(n.startswith("on") for n in a)]


def test_front_matter_without_special_characters_is_unchanged(site):
    text = read(site / "en/returns/described/index.html")
    assert "<title>Exchanges - Test Shop Help</title>" in text and "<h1>Exchanges</h1>" in text


# --------------------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def server(site):
    # No Content-Security-Policy: the escaping alone must keep the attack inert.
    with serve_site(site, {"X-Content-Type-Options": "nosniff"}, header_rules=[]) as httpd:
        yield httpd


@pytest.fixture
def tab(browser, server):  # noqa: F811 - `browser` is test_browser's fixture
    page = Page(browser, server.base)
    page.dialogs = []
    page.page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    page.context.close()


def assert_inert(tab: Page) -> None:
    page = tab.page
    page.wait_for_timeout(200)  # a broken image's onerror fires after load
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img[src=x], b[onmouseover]').length") == 0
    assert tab.dialogs == []
    assert tab.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/en/returns/pwned/", "/en/", "/en/returns/", "/en/returns/described/"])
def test_attack_does_not_run_on_any_page(tab, path):
    assert tab.goto(path).status == 200
    assert_inert(tab)


@pytest.mark.browser
def test_article_shows_what_the_writer_typed(tab):
    tab.goto("/en/returns/pwned/")
    page = tab.page
    assert page.title() == f"{TITLE} - {SITE_NAME}"
    assert page.locator("article h1").inner_text().strip() == TITLE
    assert " ".join(page.locator(".md-header__topic").last.inner_text().split()) == TITLE
    assert page.locator('meta[name="description"]').get_attribute("content") == SUMMARY
    assert page.locator(".hc-lead").inner_text().strip() == SUMMARY
    assert page.locator(".hc-crumbs a").last.inner_text().strip() == SECTION
    assert_inert(tab)


@pytest.mark.browser
def test_home_shows_what_the_writer_typed(tab):
    tab.goto("/en/")
    page = tab.page
    assert page.locator("h1.hc-hero__title").inner_text().strip() == HOME
    assert page.locator(".hc-card__title").first.inner_text().strip() == SECTION
    assert page.locator(".hc-list a", has_text="window.__pwned").inner_text().strip() == TITLE
    assert_inert(tab)


@pytest.mark.browser
@pytest.mark.parametrize("query", ["zorblat", "returns"])
def test_search_results_show_the_attack_as_text(tab, query):
    tab.goto("/en/")
    page = tab.page
    page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); "
                  "document.querySelector('[data-md-component=search-query]').focus(); }")  # the header's search
    page.locator("[data-md-component=search-query]").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement && "
                           "document.activeElement.matches('[data-md-component=search-query]')")
    page.keyboard.type(query, delay=20)
    result = page.locator(".md-search-result__item", has_text="window.__pwned").first
    result.wait_for(state="visible")
    assert " ".join(result.locator("h1").first.inner_text().split()) == TITLE
    assert TAG in [t.strip() for t in result.locator(".md-tag").all_inner_texts()]
    assert_inert(tab)
