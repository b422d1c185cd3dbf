"""The home page's hero search box in Chromium: a real search input with its results in place.

The repository's example help center (en, es, fr), built and served as Netlify would
(``test_browser``'s server). The hero box asks the page's own search worker (the one Material
made, through our wrapper) and lists the results under it as a combobox over a listbox of
links; Material's header search keeps working beside it. Run with ``pytest -m browser``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO
from generator import i18n
from generator.commands import build
from tests.site.conftest import example_copy
from tests.site.test_browser import Page, browser, serve_site  # noqa: F401

pytestmark = pytest.mark.browser

HERO = "#hc-hero-query"
OPTIONS = "#hc-hero-results [role=option]"
AXE = REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"

#: (lang, query, the first result's path, a correction or None): typed as a shopper would.
QUERIES = [
    ("en", "refund", "/en/returns/refund-timing/", None),
    ("es", "debolucion", "/es/returns/como-hacer-una-devolucion/", "devolucion"),
    ("fr", "factrue", "/fr/orders/factures/", "facture"),
]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-hero")
    site = root / "site"
    build(example_copy(root / "project"), site)
    with serve_site(site) as httpd:
        yield httpd


@pytest.fixture
def tab(browser, example):  # noqa: F811 - `browser` is test_browser's fixture
    page = Page(browser, example.base)
    yield page
    page.context.close()


def hero_search(tab: Page, lang: str, query: str):
    tab.goto(f"/{lang}/")
    page = tab.page
    page.locator(HERO).click()
    page.keyboard.type(query, delay=20)
    page.locator(OPTIONS).first.wait_for(state="visible")
    page.wait_for_function("q => document.querySelector('#hc-hero-query').value === q", arg=query)
    return page


def option_paths(page) -> list[str]:
    return [urlsplit(h).path for h in page.eval_on_selector_all(OPTIONS, "els => els.map(e => e.href)")]


@pytest.mark.parametrize("lang, query, first, corrected", QUERIES)
def test_typing_in_the_hero_lists_results_under_it(tab, lang, query, first, corrected):
    page = hero_search(tab, lang, query)
    page.wait_for_function("p => document.querySelector('#hc-hero-results [role=option]').pathname === p", arg=first)
    assert option_paths(page)[0] == first
    box = page.locator(HERO)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "hc-hero-results"
    assert box.get_attribute("placeholder") == i18n.strings(lang)["search_placeholder"]
    assert page.locator("#hc-hero-results").get_attribute("role") == "listbox"
    status = page.locator("#hc-hero-status").inner_text()
    count = page.locator(OPTIONS).count()
    # Material's own words for the count, in the page's language (its __config translations).
    translations = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).translations")
    assert status.startswith(translations["search.result.other"].replace("#", str(count))
                             if count > 1 else translations["search.result.one"])
    if corrected:
        assert f"{i18n.strings(lang)['search_corrected']} {corrected}" in status
    else:
        assert i18n.strings(lang)["search_corrected"] not in status
    # In place: under the box, in the hero, while Material's search dialog stays closed.
    hero_box = page.locator(".hc-hero-search__field").bounding_box()
    first_box = page.locator(OPTIONS).first.bounding_box()
    assert first_box["y"] > hero_box["y"] + hero_box["height"] - 1
    assert page.evaluate("() => document.getElementById('__search').checked") is False
    assert tab.errors == []


def test_the_keyboard_moves_through_the_results_and_opens_one(tab):
    page = hero_search(tab, "en", "refund")
    box = page.locator(HERO)
    assert box.get_attribute("aria-activedescendant") is None
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "hc-hero-option-0"
    assert page.locator("#hc-hero-option-0").get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "hc-hero-option-1"
    assert page.locator("#hc-hero-option-0").get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == "hc-hero-option-0"
    assert page.evaluate("() => document.activeElement.id") == "hc-hero-query"  # focus stays in the box
    page.keyboard.press("Escape")  # closes the list, keeps the text
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("[data-hc-hero-panel]").is_hidden()
    assert box.input_value() == "refund"
    page.keyboard.press("ArrowDown")  # opens it again
    assert box.get_attribute("aria-expanded") == "true"
    target = urlsplit(page.locator("#hc-hero-option-0").get_attribute("href")).path
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert tab.path == target == "/en/returns/refund-timing/"
    assert tab.errors == []


def test_escape_twice_clears_and_an_empty_box_shows_nothing(tab):
    page = hero_search(tab, "en", "refund")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert page.locator(HERO).input_value() == ""
    assert page.locator(OPTIONS).count() == 0
    assert page.locator("[data-hc-hero-panel]").is_hidden()


def test_a_query_without_results_says_so(tab):
    tab.goto("/es/")
    page = tab.page
    page.locator(HERO).click()
    page.keyboard.type("zzqxv wqpt", delay=20)
    none = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent)"
                         ".translations['search.result.none']")
    page.wait_for_function("t => document.querySelector('#hc-hero-status').textContent === t", arg=none)
    assert page.locator(OPTIONS).count() == 0
    assert page.locator(HERO).get_attribute("aria-expanded") == "false"


def test_the_header_search_still_works_beside_it(tab):
    page = hero_search(tab, "en", "refund")
    page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); }")
    query = page.locator("[data-md-component=search-query]")
    query.wait_for(state="visible")
    query.focus()
    page.keyboard.type("password", delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    links = page.eval_on_selector_all(".md-search-result__item > a:first-child", "els => els.map(e => e.href)")
    assert urlsplit(links[0]).path == "/en/account/reset-password/"
    assert option_paths(page)[0] == "/en/returns/refund-timing/"  # the hero's list is its own
    assert tab.errors == []


def test_one_worker_serves_both_boxes(tab):
    tab.context.add_init_script("""(() => { const W = window.Worker; window.__made = [];
      window.Worker = function (url, options) { window.__made.push(String(url)); return new W(url, options); };
      window.Worker.prototype = W.prototype; })();""")
    hero_search(tab, "en", "refund")
    made = tab.page.evaluate("() => window.__made")
    assert len(made) == 1 and "helpcenter-search.js" in made[0]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_open_hero_list_has_no_serious_axe_violation(browser, example, width):  # noqa: F811
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed: `npm install --prefix .ci/node axe-core@4` ({AXE})", pytrace=False)
    context = browser.new_context(viewport={"width": width, "height": 844}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{example.base}/fr/", wait_until="networkidle")
        page.locator(HERO).click()
        page.keyboard.type("retour", delay=20)
        page.locator(OPTIONS).first.wait_for(state="visible")
        page.keyboard.press("ArrowDown")
        page.add_script_tag(content=Path(AXE).read_text(encoding="utf-8"))
        results = page.evaluate("() => axe.run(document.querySelector('.hc-hero'), {resultTypes: ['violations']})")
        found = [f"{v['id']} ({v['impact']}): {n['target']}" for v in results["violations"]
                 if v["impact"] in ("serious", "critical") for n in v["nodes"]]
        assert found == []
    finally:
        context.close()
