"""``search_engine: pagefind``: a real build indexed by Pagefind, searched in Material's UI in Chromium."""

from __future__ import annotations

import json
import re

import pytest

from generator.project.config import load_config
from generator.errors import ConfigError
from generator.commands import build
from tests.conftest import article
from tests.site.test_browser import Page, _netlify_headers, browser, serve_site  # noqa: F401
from tests.site.test_site import write_project

pytest.importorskip("pagefind")

SETTINGS = """\
languages: [en, es]
search_engine: pagefind
"""
#: Pagefind compiles WebAssembly: the site's CSP needs 'wasm-unsafe-eval' in script-src.
WASM = "'wasm-unsafe-eval'"


def test_the_published_csp_lets_pagefind_compile_webassembly():
    script_src = next(d for d in _netlify_headers()["Content-Security-Policy"].split(";")
                      if d.split()[0] == "script-src")
    assert WASM in script_src.split()


def test_search_engine_setting(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Shop\nextra:\n  helpcenter:\n    search_engine: pagefind\n", encoding="utf-8")
    assert load_config(config).settings.search_engine == "pagefind"
    config.write_text("site_name: Shop\n", encoding="utf-8")
    assert load_config(config).settings.search_engine == "lunr"
    config.write_text("site_name: Shop\nextra:\n  helpcenter:\n    search_engine: algolia\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert [str(p) for p in caught.value.problems] == [
        f"{config}:4: error: Config value 'extra.helpcenter.search_engine': unknown search engine 'algolia'; "
        "use lunr or pagefind"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pagefind") / "helpcenter"
    files = {
        "en/returns/index.md": article("Returns and refunds", "Send things back.", order=1),
        "en/returns/how-to-return.md": article("How do I return an item?", "Print the label and post the parcel.",
                                               search_aliases="[zorblat voucher]", categories="[returns]"),
        "en/orders/index.md": article("Orders", "Your orders.", order=2),
        "en/orders/track.md": article("Where is my order?", "Track your parcel from your account."),
        "es/returns/index.md": article("Devoluciones", "Devuelve lo que no quieras.", order=1),
        "es/returns/como-devolver.md": article("¿Cómo hago una devolución?",
                                               "Para hacer una devolución, imprime la etiqueta de devolución "
                                               "y envía el paquete.",
                                               id="returns/how-to-return", categories="[returns]"),
        "es/orders/index.md": article("Pedidos", "Tus pedidos.", order=2),
        "es/orders/seguimiento.md": article("¿Dónde está mi pedido?", "Sigue tu paquete desde tu cuenta.",
                                            id="orders/track"),
    }
    project = write_project(root, files, SETTINGS)
    out = project.root / "site"
    build(project.config, out)
    return out


def test_build_writes_a_pagefind_bundle_per_language(site):
    for lang in ("en", "es"):
        bundle = site / lang / "pagefind"
        assert (bundle / "pagefind.js").is_file()
        assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()
        # Two sections and two articles; the home page has no indexed text (as in lunr's index).
        assert json.loads((bundle / "pagefind-entry.json").read_text())["languages"][lang]["page_count"] == 4
        stub = json.loads((bundle / "material-index.json").read_text())
        assert stub["docs"] == [] and stub["config"]["lang"] == [lang]
        # The full lunr index stays on disk (the findability gate reads it).
        assert json.loads((site / lang / "search" / "search_index.json").read_text())["docs"]
    page = (site / "en" / "returns" / "how-to-return" / "index.html").read_text()
    assert '<meta name="hc-search-engine" content="pagefind">' in page
    assert re.search(r'<div hidden aria-hidden="true" data-pagefind-weight="5" '
                     r'data-pagefind-meta="hc_hidden:\d+">[^<]*zorblat voucher [^<]*</div></article>', page)


@pytest.fixture(scope="module")
def server(site):
    with serve_site(site) as httpd:  # netlify.toml's own headers, CSP included
        yield httpd



@pytest.fixture
def tab(browser, server):  # noqa: F811 - the imported fixture, requested by name
    page = Page(browser, server.base)
    page.responses = []
    page.page.on("requestfinished", lambda r: page.responses.append((r.url, r.sizes()["responseBodySize"])))
    yield page
    page.context.close()


def search(tab, lang: str, query: str):
    tab.goto(f"/{lang}/")
    page = tab.page
    page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); "
                  "document.querySelector('[data-md-component=search-query]').focus(); }")  # the header's search
    page.locator("[data-md-component=search-query]").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement && "
                           "document.activeElement.matches('[data-md-component=search-query]')")
    page.keyboard.type(query, delay=20)
    first = page.locator(".md-search-result__item").first
    # Material renders a list per keystroke: read the first result once the list has settled.
    seen = None
    for _ in range(20):
        first.wait_for(state="visible")
        now = page.locator(".md-search-result").inner_text()
        if now == seen:
            break
        seen = now
        page.wait_for_timeout(150)
    return first


@pytest.mark.browser
def test_spanish_query_without_accent_finds_the_return_article(tab):
    first = search(tab, "es", "devolucion")
    assert " ".join(first.locator("h1").first.inner_text().split()) == "¿Cómo hago una devolución?"
    assert first.locator("a").first.get_attribute("href") == f"{tab.base}/es/returns/como-devolver/"
    assert "envía el paquete" in first.inner_text()
    paths = [url.split(tab.base, 1)[1].split("?")[0] for url, _ in tab.responses]
    assert "/es/search/search_index.json" not in paths
    assert [size for url, size in tab.responses if "/es/pagefind/material-index.json" in url][0] < 500
    assert "/es/pagefind/pagefind.js" in paths
    assert any(p.startswith("/es/pagefind/index/") for p in paths)
    assert any(p.startswith("/es/pagefind/fragment/") for p in paths)
    assert tab.errors == []
    assert tab.failed == []


@pytest.mark.browser
def test_hidden_alias_finds_its_article_without_showing(tab):
    first = search(tab, "en", "zorblat")
    assert " ".join(first.locator("h1").first.inner_text().split()) == "How do I return an item?"
    assert "Print the label" in first.inner_text()
    assert "zorblat" not in tab.page.locator(".md-search-result").inner_text().lower()
    assert tab.errors == []


@pytest.mark.browser
def test_query_without_a_page_having_every_word_falls_back_to_each_word(tab):
    # "label" is only in the return article, "account" only in the tracking one.
    search(tab, "en", "label account")
    titles = tab.page.locator(".md-search-result__item h1").all_inner_texts()
    assert sorted(" ".join(t.split()) for t in titles) == ["How do I return an item?", "Where is my order?"]
    assert tab.errors == []
