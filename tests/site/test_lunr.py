"""The shipped search outside the browser (generator/lunr.py + generator/data/lunr_search.js).

Two real builds, once per module: a small en/es/fr/de help center for folding and stemming,
and the repository's example, which Chromium searches through Material's own search box to
check that LunrSearch ranks pages exactly as the browser does.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import MKDOCS_YML, THEME, Project, article
from generator.errors import HelpcenterError
from generator.site.lunr import Hit, LunrSearch, SearchError
from generator.commands import build
from tests.site.conftest import example_copy

FIXTURE = {
    "en/returns/how-to-return.md": article("How do I return an item?",
                                           "Pack the item and print the prepaid label. It is free for 30 days."),
    "en/shipping/courier.md": article("Which courier delivers my parcel?", "We ship with one courier per country."),
    "es/returns/devolucion.md": article("¿Cómo hago una devolución?", "Tienes 30 días para devolver el artículo."),
    "es/shipping/envio.md": article("Gastos de envío", "El envío es gratis desde 50 €."),
    "fr/orders/colis.md": article("Je n'ai pas reçu mon colis", "Vérifiez le suivi de votre commande."),
    "fr/orders/facture.md": article("Obtenir une facture", "Téléchargez la facture depuis votre compte."),
    "de/returns/ruecksendung.md": article("Rücksendung anmelden",
                                          "Sie können Artikel innerhalb von 30 Tagen zurückschicken."),
    "de/shipping/versand.md": article("Versandkosten", "Der Versand ist ab 50 € kostenlos."),
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    project = Project(tmp_path_factory.mktemp("lunr") / "helpcenter")
    project.root.mkdir(parents=True)
    project.config.write_text(MKDOCS_YML.format(theme=THEME, settings="    languages: [en, es, fr, de]"),
                              encoding="utf-8")
    for relpath, text in FIXTURE.items():
        project.write(relpath, text)
    site = project.root / "site"
    build(project.config, site)
    return site


@pytest.fixture(scope="module")
def searches(small_site):
    opened = {lang: LunrSearch(small_site / lang) for lang in ("en", "es", "fr", "de")}
    for search in opened.values():
        search.start()
    yield opened
    for search in opened.values():
        search.close()


# --------------------------------------------------------------------------- folding and stemming

@pytest.mark.parametrize("lang,query,page", [
    ("en", "returning", "returns/how-to-return/"),
    ("en", "RETURN", "returns/how-to-return/"),
    ("en", "parcels", "shipping/courier/"),                # a plural finds the singular
    ("es", "devolucion", "returns/devolucion/"),            # no accent finds "devolución"
    ("es", "DEVOLUCIÓN", "returns/devolucion/"),
    ("es", "envios gratis", "shipping/envio/"),             # plural, no accent
    ("fr", "recu", "orders/colis/"),                       # no cedilla finds "reçu"
    ("fr", "colis pas recu", "orders/colis/"),
    ("fr", "factures", "orders/facture/"),
    ("de", "rucksendung", "returns/ruecksendung/"),         # no umlaut finds "Rücksendung"
    ("de", "RÜCKSENDUNGEN", "returns/ruecksendung/"),       # plural, upper case
    ("de", "versandkosten", "shipping/versand/"),
])
def test_folding_and_stemming(searches, lang, query, page):
    assert searches[lang].search(query)[0] == page


def test_results_are_pages_in_order_and_limited(searches):
    assert searches["en"].search("item") == ["returns/how-to-return/"]
    assert searches["en"].search("courier parcel return", limit=1) == ["shipping/courier/"]
    assert searches["en"].search("") == []
    assert searches["en"].search("zzzz") == []
    assert searches["en"].search_many(["returning", "parcels", "zzzz"]) == [
        ["returns/how-to-return/"], ["shipping/courier/"], []]


def test_hits_carry_materials_score(searches):
    [hit] = searches["es"].hits("devolucion")
    assert isinstance(hit, Hit) and hit.location == "returns/devolucion/" and hit.score > 0


def test_stock_worker_does_not_fold(small_site):
    with LunrSearch(small_site / "es", stock=True) as stock:
        assert stock.worker.startswith("assets/javascripts/workers/search.")
        assert stock.search("devolucion") == []
        assert stock.search("devol") == ["returns/devolucion/"]
    with LunrSearch(small_site / "es") as ours:
        assert ours.worker.startswith("assets/javascripts/workers/helpcenter-search.js?worker=search.")


def test_no_search_index_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(SearchError) as caught:
        LunrSearch(tmp_path)
    assert isinstance(caught.value, HelpcenterError)
    assert str(caught.value) == (f"{tmp_path.as_posix()}/search/search_index.json: error: no search index: build the "
                                 "site first (`helpcenter build`) and point at one language's folder, such as site/en")


def test_missing_node_says_what_to_install(small_site):
    with pytest.raises(SearchError) as caught:
        LunrSearch(small_site / "en", node="no-such-node-binary")
    assert str(caught.value) == (
        "Node.js 18 or later is needed to run the shipped search outside the browser; install it "
        "(apt-get install nodejs) or pass the path of its `node` binary (no `no-such-node-binary` found)")


def test_a_plain_material_build_needs_stock_mode(small_site, tmp_path):
    import shutil

    copy = tmp_path / "en"
    shutil.copytree(small_site / "en", copy)
    (copy / "assets" / "javascripts" / "workers" / "helpcenter-search.js").unlink()
    with pytest.raises(SearchError) as caught:
        LunrSearch(copy).start()
    assert "helpcenter-search.js: missing; this is not a helpcenter build (use --stock for plain Material)" \
        in str(caught.value)
    with LunrSearch(copy, stock=True) as stock:
        assert stock.search("return") == ["returns/how-to-return/"]


# --------------------------------------------------------------------------- agreement with Chromium

AGREEMENT = [
    ("en", "returning"),
    ("en", "wheres my parcel"),
    ("en", "money back"),
    ("en", "cancel order"),
    ("en", "gift card"),
    ("es", "devolucion"),
    ("es", "envio gratis"),
    ("es", "talla"),
    ("es", "contrasena"),
    ("fr", "colis pas recu"),
    ("fr", "recu"),
    ("fr", "remboursement"),
    ("fr", "facture"),
]

# Counts the messages Material's page exchanges with its search worker, so a test can wait
# for the answer to the last query typed (our listener runs before Material renders it).
TRACK_WORKER = """
(() => {
  const Base = window.Worker;
  const state = window.__hcSearch = { sent: 0, received: 0, last: null };
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", () => { state.received += 1; });
    }
    postMessage(message, ...rest) {
      state.sent += 1;
      if (message && message.type === 2) state.last = message.data;
      return super.postMessage(message, ...rest);
    }
  };
})();
"""

WAIT_FOR_ANSWER = """query => {
  const state = window.__hcSearch;
  const box = document.querySelector("[data-md-component=search-query]");
  return box.value === query && state.last === query && state.sent === state.received;
}"""


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lunr-example")
    site = root / "site"
    build(example_copy(root / "project"), site)
    return site


def _browser_results(browser_page, base: str, lang: str, queries: list[str]) -> dict[str, list[str]]:
    page = browser_page
    page.goto(f"{base}/{lang}/", wait_until="networkidle")
    page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); "
                  "document.querySelector('[data-md-component=search-query]').focus(); }")  # the header's search
    box = page.locator("[data-md-component=search-query]")
    box.wait_for(state="visible")
    results = {}
    for query in queries:
        box.focus()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type(query, delay=5)
        page.wait_for_function(WAIT_FOR_ANSWER, arg=query)
        hrefs = page.eval_on_selector_all(".md-search-result__item > a:first-child", "els => els.map(e => e.href)")
        prefix = f"/{lang}/"
        results[query] = [urlsplit(href).path.removeprefix(prefix) for href in hrefs]
    return results


@pytest.mark.browser
def test_lunr_search_ranks_like_the_browser(example_site):
    import tests.site.test_browser as tb
    from playwright.sync_api import sync_playwright

    if not Path(tb.CHROMIUM).is_file():
        pytest.fail(f"no chromium at {tb.CHROMIUM}: install it with `apt-get install -y chromium` "
                    "(or point HELPCENTER_CHROMIUM at a Chromium binary)", pytrace=False)
    handler = type("Handler", (tb.NetlifyLikeHandler,), {
        "site": example_site, "rules": tb._not_found_rules(example_site),
        "headers_for_all": tb._netlify_headers(), "posts": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(example_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    by_lang: dict[str, list[str]] = {}
    for lang, query in AGREEMENT:
        by_lang.setdefault(lang, []).append(query)
    browser_top3, lunr_top3 = {}, {}
    errors: list[str] = []
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=tb.CHROMIUM, args=tb.CHROMIUM_ARGS, headless=True)
            try:
                for lang, queries in by_lang.items():
                    context = chromium.new_context(viewport={"width": 1280, "height": 900})
                    context.set_default_timeout(tb.TIMEOUT_MS)
                    context.add_init_script(TRACK_WORKER)
                    page = context.new_page()
                    page.on("pageerror", lambda e: errors.append(str(e)))
                    for query, pages in _browser_results(page, base, lang, queries).items():
                        browser_top3[lang, query] = pages[:3]
                    context.close()
            finally:
                chromium.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    for lang, queries in by_lang.items():
        with LunrSearch(example_site / lang) as search:
            for query, pages in zip(queries, search.search_many(queries, limit=3)):
                lunr_top3[lang, query] = pages
    assert errors == []
    assert all(len(pages) == 3 for pages in browser_top3.values()), browser_top3
    assert lunr_top3 == browser_top3
