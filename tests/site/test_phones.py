"""Phones (issue 13 point 7), in Chromium at 390 px: the article's feedback buttons and the gap report.

Screenshots go to ``$HELPCENTER_ARTIFACTS`` when set (CI uploads that folder), else to the test's
``tmp_path``; ``screenshots/`` in the repository holds the two the README shows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.site.test_browser import Page, browser, serve_site  # noqa: F401

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def artifacts(tmp_path) -> Path:
    folder = Path(os.environ.get("HELPCENTER_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(example_site):
    with serve_site(example_site) as httpd:
        yield httpd


@pytest.mark.parametrize("path", ["/en/returns/how-to-return/", "/es/returns/como-hacer-una-devolucion/",
                                  "/fr/returns/comment-faire-un-retour/"])
def test_feedback_buttons_side_by_side_with_44px_targets(browser, server, artifacts, path):  # noqa: F811
    tab = Page(browser, server.base, **PHONE)
    try:
        response = tab.goto(path)
        if response.status == 404:
            pytest.fail(f"{path}: not in the example")
        buttons = tab.page.locator("form.hc-feedback button[name=helpful]")
        assert buttons.count() == 2
        yes, no = (buttons.nth(i).bounding_box() for i in range(2))
        assert yes["height"] >= 44 and no["height"] >= 44, (yes, no)
        assert yes["width"] >= 44 and no["width"] >= 44, (yes, no)
        assert abs(yes["y"] - no["y"]) < 1 and yes["x"] + yes["width"] <= no["x"], (yes, no)
        assert tab.page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        buttons.first.scroll_into_view_if_needed()
        name = path.strip("/").replace("/", "-")
        tab.page.screenshot(path=str(artifacts / f"phone-article-{name}.png"))
        assert tab.errors == []
    finally:
        tab.context.close()


def test_gap_report_fits_a_phone(browser, example_site, artifacts):  # noqa: F811
    report = example_site.parent / "project" / "reports" / "gaps.html"
    assert report.is_file()
    tab = Page(browser, "", **PHONE)
    try:
        tab.page.goto(report.as_uri())
        page = tab.page
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        tables = page.evaluate("[...document.querySelectorAll('.table')].map(t => [t.scrollWidth, t.clientWidth])")
        assert tables and all(scroll <= client for scroll, client in tables), tables
        # Every stacked cell is labelled with its column, and charts stay readable (text >= 10 px).
        unlabelled = page.evaluate("[...document.querySelectorAll('.table tbody td')]"
                                   ".filter(td => !td.dataset.label).length")
        assert unlabelled == 0
        smallest = page.evaluate("Math.min(...[...document.querySelectorAll('figure svg text')]"
                                 ".map(t => t.getBoundingClientRect().height))")
        assert smallest >= 10
        page.screenshot(path=str(artifacts / "phone-gap-report.png"), full_page=True)
        assert tab.errors == []
    finally:
        tab.context.close()
