"""Honest translations in Chromium (issue 13 point 3): a stale translation tells its reader, in its own
language, when the original changed, and links to it. The repository's example help center: its Spanish
"how to return" and French refund-timing articles are older than their English originals.
Run with ``pytest -m browser``.
"""

from __future__ import annotations

import pytest

from tests.site.test_browser import Page, browser, serve_site  # noqa: F401

pytestmark = pytest.mark.browser

STALE = [
    ("/es/returns/como-hacer-una-devolucion/", "es",
     "Puede que esta traducción no esté al día: el original se actualizó el 20 de octubre de 2026. "
     "Leer el original (English)", "/en/returns/how-to-return/"),
    ("/fr/returns/delai-de-remboursement/", "fr", None, "/en/returns/refund-timing/"),
]


@pytest.fixture(scope="module")
def server(example_site):
    with serve_site(example_site) as httpd:
        yield httpd


@pytest.fixture
def tab(browser, server):  # noqa: F811 - `browser` is test_browser's fixture
    page = Page(browser, server.base)
    yield page
    page.context.close()


@pytest.mark.parametrize("path, lang, text, original", STALE)
def test_a_stale_translation_says_so_and_links_to_the_original(tab, path, lang, text, original):
    tab.goto(path)
    notice = tab.page.locator("aside.hc-notice--stale")
    assert notice.is_visible()
    assert notice.get_attribute("role") == "note"
    shown = " ".join(notice.inner_text().split())
    if text is not None:
        assert shown == text
    else:
        assert "l'original a été mis à jour le" in shown and "Lire l'original (English)" in shown
    assert tab.page.evaluate("document.documentElement.lang") == lang
    date = notice.locator("time").get_attribute("datetime")
    assert len(date) == 10 and date[4] == "-"
    link = notice.locator("a")
    assert link.get_attribute("hreflang") == "en"
    link.click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.path == original
    assert tab.page.locator("aside.hc-notice--stale").count() == 0  # the original itself is current
    assert tab.errors == [] and tab.failed == []


def test_a_current_translation_shows_no_notice(tab):
    tab.goto("/es/returns/plazos-de-reembolso/")
    assert tab.page.locator("aside.hc-notice").count() == 0
