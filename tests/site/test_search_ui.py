"""The search box in a real browser: the "no results" help, folding, and synonyms.

Two builds, each served like Netlify would (``test_browser``'s server and chromium): the
repository's example help center, and a small English site whose hidden search terms come from
the built-in synonyms (``generator.synonyms``, wired in by ``generator.pipeline.build``). Run with ``pytest -m browser``.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from tests.conftest import article
from generator import i18n
from generator.commands import build
from tests.site.conftest import example_copy
from tests.site.test_browser import Page, browser, serve_site  # noqa: F401
from tests.site.test_site import write_project

pytestmark = pytest.mark.browser

QUERY = "[data-md-component=search-query]"
EMPTY = ".md-search-result .hc-search-empty"
RESULT = ".md-search-result__item"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The repository's example help center (en, es, fr; a contact URL per language)."""
    root = tmp_path_factory.mktemp("search-ui")
    site = root / "site"
    build(example_copy(root / "project"), site)
    with serve_site(site) as httpd:
        yield httpd


SYNONYM_SITE = {
    "en/orders/index.md": article("Orders", "Track and change orders.", order=1, icon="material/package-variant"),
    "en/orders/where.md": article("Where is my order?", "Your package leaves our warehouse within a day. "
                                  "Follow it with the tracking link in your email."),
    "en/orders/cancel.md": article("Cancel an order", "Write to us before it is prepared."),
    "en/account/index.md": article("Your account", "Sign in and settings.", order=2),
    "en/account/password.md": article("Reset your password", "Use the link on the sign-in page."),
}


@pytest.fixture(scope="module")
def synonym_site(tmp_path_factory):
    """A small English help center with the built-in synonyms wired into its search index."""
    project = write_project(tmp_path_factory.mktemp("synonym-site"), SYNONYM_SITE,
                            "languages: [en]\ncontact_url: https://shop.example/contact")
    site = project.root / "site"
    build(project.config, site, jobs=1)  # the build puts synonym terms in each page's hidden aliases
    with serve_site(site) as httpd:
        yield httpd


def open_search(tab: Page, path: str):
    """Go to ``path`` (a home page) and focus Material's search box (the header's search toggle)."""
    tab.goto(path)
    page = tab.page
    page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); "
                  "document.querySelector('[data-md-component=search-query]').focus(); }")  # the header's search
    page.locator(QUERY).wait_for(state="visible")
    page.wait_for_function(f"() => document.activeElement && document.activeElement.matches({QUERY!r})")
    return page


def retype(page, text: str) -> None:
    """Replace the query, key by key, as a shopper would."""
    page.locator(QUERY).press("Control+a")
    page.keyboard.press("Backspace")
    page.keyboard.type(text, delay=15)


def first_result(page) -> tuple[str, str]:
    """The first result once the list has settled: Material renders a list per keystroke, so under
    load an intermediate query's results ("pa" for "parcel") can still be on screen."""
    def read() -> tuple[str, str]:
        first = page.locator(RESULT).first
        first.wait_for(state="visible")
        href = first.locator("a").first.get_attribute("href")
        return " ".join(first.locator("h1").first.inner_text().split()), urlsplit(href).path

    seen = read()
    for _ in range(20):
        page.wait_for_timeout(150)
        now = read()
        if now == seen:
            return now
        seen = now
    return seen


@pytest.fixture
def tab(browser, example):  # noqa: F811 - `browser` is test_browser's fixture
    page = Page(browser, example.base)
    yield page
    page.context.close()


@pytest.fixture
def syn_tab(browser, synonym_site):  # noqa: F811
    page = Page(browser, synonym_site.base)
    yield page
    page.context.close()


# --------------------------------------------------------------------------- no results

@pytest.mark.parametrize("lang,sections", [("en", 7), ("es", 7)])
def test_nonsense_query_shows_sections_and_contact(tab, lang, sections):
    t = i18n.strings(lang)
    page = open_search(tab, f"/{lang}/")
    assert page.locator(EMPTY).count() == 0  # nothing before a query
    page.keyboard.type("zzqxv wqpt", delay=15)
    block = page.locator(EMPTY)
    block.wait_for(state="visible")
    assert " ".join(block.locator(".hc-search-empty__text").inner_text().split()) == t["no_results"]
    assert block.locator(".hc-search-empty__title").inner_text().strip() == t["browse"]
    cards = block.locator("a.hc-search-empty__card")
    assert cards.count() == sections
    assert cards.first.is_visible()
    home = page.locator(".hc-card")  # the home page's own section cards: same sections, same order
    assert [c.strip() for c in cards.locator(".hc-search-empty__name").all_inner_texts()] == \
        [c.strip() for c in home.locator(".hc-card__title").all_inner_texts()]
    contact = block.get_by_role("link", name=t["contact"])
    assert contact.is_visible()
    expected = {"en": "https://lumen-and-loom.example/contact", "es": "https://lumen-and-loom.example/es/contacto"}
    assert contact.get_attribute("href") == expected[lang]
    assert t["still_need_help"] in block.locator(".hc-search-empty__contact").inner_text()
    assert page.locator(RESULT).count() == 0
    assert tab.errors == []


@pytest.mark.parametrize("lang,query,title", [("en", "refund", "When will I get my refund?"),
                                              ("es", "reembolso", "¿Cuándo recibiré mi reembolso?")])
def test_real_query_hides_the_help_and_shows_results(tab, lang, query, title):
    page = open_search(tab, f"/{lang}/")
    page.keyboard.type("zzqxv", delay=15)
    page.locator(EMPTY).wait_for(state="visible")
    retype(page, query)
    page.locator(RESULT).first.wait_for(state="visible")
    page.locator(EMPTY).wait_for(state="detached")
    titles = [" ".join(t.split()) for t in page.locator(f"{RESULT} h1").all_inner_texts()]
    assert title in titles
    retype(page, "zzqxv")  # and back
    page.locator(EMPTY).wait_for(state="visible")
    assert page.locator(RESULT).count() == 0
    page.locator(QUERY).press("Control+a")
    page.keyboard.press("Backspace")  # an empty box: Material's placeholder, not our help
    page.locator(EMPTY).wait_for(state="detached")
    assert tab.errors == []


def test_no_results_help_is_keyboard_reachable(tab):
    page = open_search(tab, "/en/")
    page.keyboard.type("zzqxv", delay=15)
    page.locator(EMPTY).wait_for(state="visible")
    page.keyboard.press("Enter")  # nothing to open: stays here, search still open
    page.wait_for_timeout(300)
    assert tab.path == "/en/"
    assert page.locator(EMPTY).is_visible()
    page.keyboard.press("ArrowDown")  # Material's result navigation reaches our links
    assert page.evaluate("document.activeElement.matches('.hc-search-empty a.hc-search-empty__card')")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Frequently asked questions"
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contact us"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Product care and troubleshooting"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert tab.path == "/en/troubleshooting/"
    assert tab.errors == []


def test_no_results_help_on_an_article_page(tab):
    tab.goto("/fr/returns/comment-faire-un-retour/")
    page = tab.page
    page.locator(QUERY).click()  # the header's search box (desktop width)
    page.keyboard.type("zzqxv", delay=15)
    block = page.locator(EMPTY)
    block.wait_for(state="visible")
    assert block.get_by_role("link", name="Contactez-nous").get_attribute("href") == \
        "https://lumen-and-loom.example/fr/contact"
    card = block.get_by_role("link", name="Livraison")
    with page.expect_navigation():
        card.click()
    assert tab.path == "/fr/shipping/"
    assert tab.errors == []


# --------------------------------------------------------------------------- folding

def test_accentless_spanish_finds_the_accented_article(tab):
    page = open_search(tab, "/es/")
    page.keyboard.type("devolucion", delay=15)
    title, href = first_result(page)
    assert title == "¿Cómo hago una devolución?"
    assert href.endswith("returns/como-hacer-una-devolucion/")
    assert page.locator(EMPTY).count() == 0
    assert tab.errors == []


def test_french_without_cedilla(tab):
    page = open_search(tab, "/fr/")
    page.keyboard.type("facture recu", delay=15)
    title, href = first_result(page)
    assert title == "Comment obtenir la facture de ma commande ?"
    assert href.endswith("orders/factures/")
    text = page.locator(RESULT).first.inner_text()
    assert "reçu" in text  # the page says "reçu"; the shopper typed "recu"
    assert tab.errors == []


# --------------------------------------------------------------------------- synonyms

def test_synonym_only_query_finds_the_article(syn_tab, synonym_site):
    index = json.loads((synonym_site.site / "en/search/search_index.json").read_text(encoding="utf-8"))
    where = next(d for d in index["docs"] if d["location"] == "orders/where/")
    assert "parcel" in where["aliases"]
    assert not any("parcel" in (d["title"] + " " + d["text"]).lower() for d in index["docs"])
    page = open_search(syn_tab, "/en/")
    page.keyboard.type("parcel", delay=15)
    title, href = first_result(page)
    assert title == "Where is my order?"
    assert href.endswith("orders/where/")
    assert page.locator(RESULT).count() == 1
    retype(page, "wheres my stuff")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() "
                           "=== '1 matching document'")
    assert first_result(page)[0] == "Where is my order?"
    assert syn_tab.errors == []
