"""Typo tolerance of the shipped search: real builds, the site's own worker in Node.js, and Chromium.

A small en/es/fr/de help center. Query words that match nothing are corrected against the
index's own vocabulary (after folding and stemming), ranked below exact hits, never replacing one;
the box says "Showing results for ..." in the page's language.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, THEME, Project, article
from generator import i18n
from generator.commands import build
from generator.site.lunr import LunrSearch

FIXTURE = {
    "en/orders/invoices.md": article("Get a receipt for your order", "Download the receipt from your account."),
    "en/orders/where.md": article("Where is my package?", "Follow the tracking link we email you."),
    "en/orders/cancel.md": article("Cancel an order", "You can cancel an order until it ships."),
    "en/returns/refunds.md": article("Refund status", "A refund takes five days once we have the parcel."),
    "en/returns/receiving.md": article("Receiving returns", "Our warehouse checks what it receives."),
    "es/returns/devolucion.md": article("¿Cómo hago una devolución?", "Tienes 30 días para devolver el artículo."),
    "es/returns/reembolso.md": article("Plazos de reembolso", "Te devuelven el dinero en cinco días."),
    "es/shipping/envio.md": article("Gastos de envío", "El envío es gratis desde 50 €."),
    "fr/orders/colis.md": article("Je n'ai pas reçu mon colis", "Vérifiez le suivi de votre commande."),
    "fr/orders/facture.md": article("Obtenir une facture", "Téléchargez la facture depuis votre compte."),
    "de/returns/ruecksendung.md": article("Rücksendung anmelden", "Sie können Artikel innerhalb von 30 Tagen zurückschicken."),
    "de/shipping/versand.md": article("Versandkosten", "Der Versand ist ab 50 € kostenlos."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = Project(tmp_path_factory.mktemp("typos") / "helpcenter")
    project.root.mkdir(parents=True)
    project.config.write_text(MKDOCS_YML.format(theme=THEME, settings="    languages: [en, es, fr, de]"),
                              encoding="utf-8")
    for relpath, text in FIXTURE.items():
        project.write(relpath, text)
    out = project.root / "site"
    build(project.config, out)
    return out


@pytest.fixture(scope="module")
def searches(site):
    opened = {lang: LunrSearch(site / lang) for lang in ("en", "es", "fr", "de")}
    yield opened
    for search in opened.values():
        search.close()


@pytest.mark.parametrize("lang, query, page, corrected", [
    ("en", "reciept", "orders/invoices/", "receipt"),
    ("en", "cancle order", "orders/cancel/", "cancel order"),
    ("en", "refnd status", "returns/refunds/", "refund status"),
    ("en", "wher is my pakage", "orders/where/", "wher is my package"),
    ("es", "debolucion", "returns/devolucion/", "devolucion"),
    ("fr", "factrue", "orders/facture/", "facture"),
    ("de", "versandkostn", "shipping/versand/", "versandkosten"),
])
def test_a_typo_finds_the_article_and_says_so(searches, lang, query, page, corrected):
    assert searches[lang].search(query)[0] == page
    assert searches[lang].correction(query) == corrected


def test_exact_words_are_not_corrected(searches):
    assert searches["en"].correction("receipt") is None
    assert searches["en"].correction("cancel order") is None
    assert searches["es"].correction("devolución") is None  # folded, then exact


def test_a_correction_ranks_below_an_exact_hit(searches):
    # "receiving" is a word of its own: its article comes first; "receipt" (one edit from
    # "receiv..."? no: two) never displaces it.
    hits = searches["en"].search("receiving")
    assert hits[0] == "returns/receiving/"
    assert searches["en"].correction("receiving") is None


def test_prefix_only_completes_the_last_word(searches):
    # "cancel" typed in full, then another word: no completions of "cancel" beyond its stem family;
    # "refu" being typed completes to refund.
    assert searches["en"].search("refu")[0] == "returns/refunds/"
    assert searches["en"].correction("refu") is None


def test_spanish_stem_changes_find_the_other_forms(searches):
    # "devuelvo" (stressed, a diphthong) and "devolver"/"devolución" stem apart; the other form
    # is found too, below the word itself; a typo of it ("debuelvo") is corrected through it.
    assert searches["es"].search("devuelvo") == ["returns/reembolso/", "returns/devolucion/"]
    assert searches["es"].correction("devuelvo") is None
    assert set(searches["es"].search("debuelvo")) == {"returns/reembolso/", "returns/devolucion/"}
    assert searches["es"].correction("debuelvo") == "devolver"  # the more frequent, at one edit


def _serve(root: Path):
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("lang, query, expected", [("en", "reciept", "receipt"), ("es", "debolucion", "devolucion")])
def test_the_box_shows_what_it_searched_for(site, lang, query, expected):
    from playwright.sync_api import sync_playwright

    server = _serve(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            fetched = []
            page.on("request", lambda r: fetched.append(r.url))
            page.goto(f"http://127.0.0.1:{server.server_port}/{lang}/")
            page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); }")
            box = page.locator("[data-md-component=search-query]")
            box.focus()
            page.keyboard.type(query)  # Material searches on keyup
            note = page.locator(".hc-search-correction")
            note.wait_for()
            assert note.inner_text() == f"{i18n.strings(lang)['search_corrected']} {expected}"
            assert page.locator(".md-search-result__item").count() >= 1
            page.keyboard.press("Control+A")
            page.keyboard.type("zzzz qqqq")
            page.wait_for_function("() => !document.querySelector('.hc-search-correction')")
            browser.close()
    finally:
        server.shutdown()
    assert any(u.endswith("/search/hc/setup.json") for u in fetched)
    assert not any(u.endswith("/search/search_index.json") for u in fetched)
