"""The findability gate: answered frequent questions must find their article in the shipped search.

Real builds, the real shipped search (generator/lunr.py runs the site's worker in Node.js).
"""

from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import article
from generator.cli import main
from generator.cli import error_text
from generator.errors import ContentError
from generator.commands import build
from generator.site import MARKER

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="the shipped search runs in Node.js")

ARTICLES = {
    "en/orders/where-is-my-order.md": article(
        "Tracking your delivery", "Open the tracking link of your order in the shipping confirmation e-mail.",
        categories="[order_status]"),
    "en/returns/how-to-return.md": article(
        "How do I return an item?", "Print the prepaid label and drop the box at a post office.",
        categories="[returns]"),
    "en/payments/payment-methods.md": article(
        "Which payment methods do you accept?", "Visa, Mastercard and PayPal.", categories="[payments]"),
}
# Six customers (fewer than the 10 a mined alias needs) ask in words no article uses (nor a
# built-in synonym of what the articles say).
TICKETS = [("wheres my stuff", "hi, wheres my stuff")] * 6 + [("return label", "I need a return label")] * 6


@pytest.fixture
def shop(make_project, tmp_path):
    project = make_project(ARTICLES, settings="languages: [en]\ntickets: [tickets.csv]\ncontact_url: /contact/")
    with (project.root / "tickets.csv").open("w", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        writer.writerow(["id", "subject", "body", "created_at", "language"])
        for number, (subject, body) in enumerate(TICKETS, start=1):
            writer.writerow([number, subject, body, f"2026-10-{number:02d}T10:00:00Z", "en"])
    return project


def test_the_gate_fails_when_a_frequent_question_cannot_find_its_article(shop):
    site = shop.root / "site"
    site.mkdir()
    (site / MARKER).write_text("previous build\n", encoding="utf-8")
    (site / "index.html").write_text("the previous site\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(shop.config)
    assert error_text(caught.value) == (
        "helpcenter: error: findability 50% is below 80%: 1 frequent question(s) don't find their article in the "
        "top 3 search results (listed in gaps.md); add search_aliases or synonyms to those articles, or lower "
        "extra.helpcenter.gaps.findability; the previous site is untouched")
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site\n"
    gaps_md = (shop.root / "reports" / "gaps.md").read_text(encoding="utf-8")
    assert "wheres my stuff" in gaps_md


def test_a_synonym_makes_it_findable_and_the_gate_passes(shop):
    shop.write("synonyms.yml", "en:\n  - [tracking link, wheres my stuff]\n")
    result = build(shop.config)
    assert result.findability.score == 1.0 and result.findability.failing == []
    assert (shop.root / "site" / "en" / "index.html").is_file()


def test_the_threshold_is_configurable(shop):
    text = shop.config.read_text(encoding="utf-8").replace("contact_url: /contact/",
                                                          "contact_url: /contact/\n    gaps: {findability: 0.5}")
    shop.config.write_text(text, encoding="utf-8")
    result = build(shop.config)
    assert (result.findability.score, result.findability.threshold) == (0.5, 0.5)


def test_check_findability_runs_the_gate_on_a_built_site(shop):
    runner = CliRunner()
    missing = runner.invoke(main, ["check", "--findability", "--config", str(shop.config)])
    assert missing.exit_code == 1
    assert missing.stderr.strip().endswith("site: error: no built site here; run `helpcenter build` first (or pass "
                                           "--site-dir)")
    shop.write("synonyms.yml", "en:\n  - [tracking link, wheres my stuff]\n")
    build(shop.config)
    shop.write("synonyms.yml", "en:\n  - [parcel, package]\n")   # the built site still has the old synonym
    ok = runner.invoke(main, ["check", "--findability", "--config", str(shop.config)])
    assert ok.exit_code == 0, ok.stderr
    assert ok.stderr.strip().endswith("findability: 100% of answered frequent questions (by tickets) find their "
                                      "article in the top 3; 0 don't")


def test_without_node_the_build_stops_with_a_clear_error_and_keeps_the_site(shop, monkeypatch):
    """The shipped search index is prebuilt in Node.js (generator.site.search_index), so a build needs it:
    without it the build fails before the swap, naming what to install."""
    import shutil as shutil_module

    from generator.errors import BuildError

    which = shutil_module.which
    monkeypatch.setattr(shutil_module, "which", lambda name, *a, **k: None if name == "node" else which(name, *a, **k))
    with pytest.raises(BuildError) as caught:
        build(shop.config)
    assert "the prebuilt search index is built with Node.js: Node.js 18 or later is needed" in str(caught.value)
    assert not (shop.root / "site").exists()
