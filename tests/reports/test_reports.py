"""Gap report writers: every format renders the gaps document, and hostile text stays inert."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from generator.reports import (FORMATS, github_annotations, render_csv, render_html, render_json, render_markdown,
                               write_reports)
from generator.reports.common import describe_gap
from generator.reports.gaps_csv import csv_cell
from generator.reports.gaps_markdown import md_cell

SCRIPT = "<script>alert(1)</script>"


def gap(kind="missing_article", lang="fr", category="shipping", name="Shipping", tickets=100, question=None,
        article=None, examples=("Do I pay customs duties?",)) -> dict:
    return {"kind": kind, "lang": lang, "category": category, "category_name": name, "tickets": tickets,
            "priority": tickets, "question": question, "article": article, "examples": list(examples)}


CUSTOMS = {"id": "shipping/customs", "path": "content/en/shipping/customs.md", "title": "Customs and duties"}


@pytest.fixture
def make_doc():
    """``make_doc(gaps=[...], findability={...}, ...)`` -> a gaps document; keyword arguments replace keys."""

    def make(**overrides) -> dict:
        doc = {
            "generated": "2026-11-24T10:00:00+00:00",
            "tickets": {"total": 3000, "by_language": {"en": 1650, "es": 800, "fr": 550}, "unclassified": 40,
                        "classified": 2960},
            "categories": [
                {"id": "shipping", "name": "Shipping", "tickets": 600, "share": 0.2,
                 "by_language": {"en": 300, "es": 200, "fr": 100}, "articles": {"en": 3, "es": 2, "fr": 0},
                 "answered": {"en": 240, "es": 120, "fr": 0}, "coverage": {"en": 0.8, "es": 0.6, "fr": 0.0}},
                {"id": "returns", "name": "Returns", "tickets": 400, "share": 0.1333,
                 "by_language": {"en": 250, "es": 100, "fr": 50}, "articles": {"en": 2, "es": 1, "fr": 1},
                 "answered": {"en": 225, "es": 70, "fr": 40}, "coverage": {"en": 0.9, "es": 0.7, "fr": 0.8}}],
            "articles": [
                {"id": "shipping/delivery-times", "lang": "en", "path": "content/en/shipping/delivery-times.md",
                 "title": "How long does delivery take?", "categories": ["shipping"],
                 "categories_source": "front_matter", "tickets": 120}],
            "coverage": {"overall": 0.72, "by_language": {"en": 0.8, "es": 0.6, "fr": 0.55}},
            "gaps": [gap(),
                     gap("unanswered_question", "es", tickets=30, question="¿Tengo que pagar aduanas?",
                         examples=["¿Pago aduanas en Canarias?"]),
                     gap("missing_translation", "fr", tickets=20, article=CUSTOMS, examples=[])],
            "findability": None,
            "settings": {"answer_threshold": 0.35, "min_tickets": 5},
        }
        doc.update(overrides)
        return doc

    return make


def table(markdown: str, heading: str) -> list[str]:
    """The table rows (header and separator included) under ``#### heading``."""
    lines = markdown.splitlines()
    start = lines.index(f"#### {heading}") + 1
    rows = []
    for line in lines[start:]:
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            break
    return rows


def cells(row: str) -> list[str]:
    """A Markdown table row's cells, split on the pipes that are not backslash-escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


# --------------------------------------------------------------------------- JSON

def test_json_round_trips_and_keeps_the_spec_keys(make_doc):
    doc = make_doc(gaps=[gap(examples=[SCRIPT, "Ça coûte combien ?"])])
    text = render_json(doc)
    assert text.endswith("}\n")
    assert "Ça coûte combien ?" in text  # not \u-escaped
    assert json.loads(text) == doc
    data = json.loads(text)
    assert list(data) == list(doc)  # key order as given
    assert {"total", "by_language", "unclassified"} <= set(data["tickets"])
    assert {"id", "tickets", "share", "by_language"} <= set(data["categories"][0])
    assert {"id", "lang", "path", "categories", "tickets"} <= set(data["articles"][0])
    assert {"overall", "by_language"} <= set(data["coverage"])
    assert {"kind", "lang", "category", "tickets", "examples"} <= set(data["gaps"][0])


# --------------------------------------------------------------------------- Markdown

def test_markdown_summary_and_top_gaps(make_doc):
    text = render_markdown(make_doc())
    assert text.splitlines()[2] == "**Coverage 72%** of 2,960 classified tickets (en 80% · es 60% · fr 55%) · 3 gaps"
    assert "_40 tickets could not be classified and are not counted._" in text
    assert table(text, "Top gaps") == [
        "| Priority | Gap | Language | Category | Question or article | Example |",
        "| ---: | --- | --- | --- | --- | --- |",
        "| 100 | Missing article | fr | Shipping | — | Do I pay customs duties? |",
        "| 30 | Unanswered question | es | Shipping | ¿Tengo que pagar aduanas? | ¿Pago aduanas en Canarias? |",
        "| 20 | Missing translation | fr | Shipping | Customs and duties (shipping/customs) | — |",
    ]
    assert table(text, "Coverage by language") == [
        "| Language | Classified tickets | Answered | Coverage | Gaps |",
        "| --- | ---: | ---: | ---: | ---: |",
        "| en | 550 | 465 | 80% | 0 |",
        "| es | 300 | 190 | 60% | 1 |",
        "| fr | 150 | 40 | 55% | 2 |",
    ]
    assert "Questions customers can't find" not in text


def test_markdown_script_in_an_example_is_inert(make_doc):
    text = render_markdown(make_doc(gaps=[gap(examples=[SCRIPT], question=f"Why {SCRIPT}?")]))
    assert "<" not in text and ">" not in text
    row = cells(table(text, "Top gaps")[2])
    assert row[4] == r"Why &lt;script&gt;alert(1)&lt;/script&gt;?"
    assert row[5] == r"&lt;script&gt;alert(1)&lt;/script&gt;"


def test_markdown_pipes_and_newlines_keep_the_table_whole(make_doc):
    hostile = gap(examples=["a | b || c\nnew line\r\n| --- |"], name="Ship|ping\n# Heading")
    text = render_markdown(make_doc(gaps=[hostile, gap(lang="es")]))
    rows = table(text, "Top gaps")
    assert len(rows) == 4
    assert [len(cells(r)) for r in rows] == [6, 6, 6, 6]
    assert cells(rows[2])[3] == r"Ship\|ping \# Heading"
    assert cells(rows[2])[5] == r"a \| b \|\| c new line \| --- \|"


def test_markdown_example_is_not_the_question_again(make_doc):
    doc = make_doc(gaps=[gap("unanswered_question", question="Customs?", examples=["Customs?", " customs\n fees"]),
                         gap("unanswered_question", question="Gift wrap", examples=["Gift  wrap"])])
    assert [cells(r)[4:] for r in table(render_markdown(doc), "Top gaps")[2:]] == [
        ["Customs?", "customs fees"], ["Gift wrap", "—"]]


def test_undetermined_language_is_left_out_of_coverage(make_doc):
    doc = make_doc()
    doc["tickets"]["by_language"]["und"] = 30
    doc["categories"][0]["by_language"]["und"] = 30
    doc["categories"][0]["tickets"] = 630
    assert [cells(r)[0] for r in table(render_markdown(doc), "Coverage by language")[2:]] == ["en", "es", "fr"]
    page = render_html(doc)
    assert re.findall(r"\bund\b", page) == []
    assert "<tspan font-weight=\"600\">360</tspan> of 600 answered" in page


def test_markdown_cells_escape_markup_and_mentions():
    assert md_cell("*bold* _it_ `code` [link](x) ~~s~~ \\ & <b> #1 @octocat") == (
        "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~ \\\\ &amp; &lt;b&gt; \\#1 @\u200boctocat")


def test_markdown_cuts_long_cells():
    cell = md_cell("word " * 60)
    assert len(cell) == 120
    assert cell.endswith("word…")


def test_markdown_top_limits_the_gaps(make_doc):
    text = render_markdown(make_doc(gaps=[gap(tickets=n) for n in (50, 40, 30, 20)]), top=2)
    assert len(table(text, "Top gaps")) == 4
    assert "…and 2 more gaps in `gaps.html` and `gaps.csv`." in text


def test_markdown_lists_questions_customers_cannot_find(make_doc):
    findability = {"threshold": 0.8, "score": 0.85, "checked": 40, "failing": [
        {"lang": "es", "question": "¿dónde está mi pedido?", "tickets": 30,
         "article": {"id": "orders/track", "title": "Seguir mi pedido"}, "rank": 7},
        {"lang": "fr", "question": "colis | perdu", "tickets": 12,
         "article": {"id": "orders/track", "title": "Suivre ma commande"}, "rank": None}]}
    text = render_markdown(make_doc(findability=findability))
    assert "Findability 85% (threshold 80%) over 40 checked questions" in text
    assert table(text, "Questions customers can't find")[2:] == [
        "| es | 30 | ¿dónde está mi pedido? | Seguir mi pedido (orders/track) | 7 |",
        r"| fr | 12 | colis \| perdu | Suivre ma commande (orders/track) | not found |",
    ]


def test_markdown_with_no_tickets(make_doc):
    doc = make_doc(tickets={"total": 0, "by_language": {}, "unclassified": 0, "classified": 0}, categories=[],
                   coverage={"overall": 0.0, "by_language": {}}, gaps=[])
    assert render_markdown(doc) == (
        "### Help-center gaps\n\nNo tickets were read, so there is no demand to measure: give `--tickets` a ticket "
        "export (or list exports under `extra.helpcenter.tickets` in `mkdocs.yml`).\n")


def test_markdown_with_no_classified_ticket(make_doc):
    doc = make_doc(tickets={"total": 5, "by_language": {"en": 5}, "unclassified": 5, "classified": 0}, categories=[],
                   coverage={"overall": None, "by_language": {}}, gaps=[])
    assert render_markdown(doc).splitlines()[2:] == [
        "**Coverage —** of 0 classified tickets · 0 gaps", "",
        "None of the 5 tickets could be classified, so there are no gaps to measure: add the export's own tags and "
        "keywords to `content/categories.yml`."]


def test_markdown_with_no_gaps(make_doc):
    text = render_markdown(make_doc(gaps=[]))
    assert "· 0 gaps" in text
    assert ("#### Top gaps\n\nNo gaps: every category customers ask about has an up-to-date answer in their "
            "language.\n") in text


# --------------------------------------------------------------------------- HTML

def test_html_escapes_every_string(make_doc):
    doc = make_doc(gaps=[gap(examples=[SCRIPT], question=f'"{SCRIPT}', name=SCRIPT, lang=SCRIPT,
                             article={"id": SCRIPT, "title": SCRIPT, "path": SCRIPT})],
                   articles=[{"id": "x", "lang": "en", "path": SCRIPT, "title": SCRIPT, "categories": [SCRIPT],
                              "categories_source": "suggested", "tickets": 1}],
                   categories=[{"id": SCRIPT, "name": SCRIPT, "tickets": 5, "share": 1.0, "by_language": {SCRIPT: 5},
                                "articles": {SCRIPT: 0}, "answered": {SCRIPT: 0}, "coverage": {SCRIPT: 0.0}}],
                   findability={"threshold": 0.8, "score": 0.5, "checked": 2, "failing": [
                       {"lang": SCRIPT, "question": SCRIPT, "tickets": 3, "article": {"id": SCRIPT, "title": SCRIPT},
                        "rank": None}]},
                   settings={SCRIPT: SCRIPT})
    page = render_html(doc)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the question, quotes escaped too
    assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" in page


def test_html_has_no_external_assets(make_doc):
    page = render_html(make_doc())
    assert "http://" not in page and "https://" not in page
    assert "<link" not in page and "<img" not in page and "src=" not in page and "<script" not in page
    assert "url(" not in page.replace("url(#chart-", "")  # only the charts' own hatch patterns


def test_html_is_accessible(make_doc):
    page = render_html(make_doc())
    assert page.startswith('<!doctype html>\n<html lang="en">')
    assert "<title>Help-center gap report</title>" in page
    svgs = re.findall(r"<svg [^>]*>\n<title id=\"([^\"]+)\">([^<]+)</title>\n<desc[^>]*>([^<]+)</desc>", page)
    assert [(i, t) for i, t, _ in svgs] == [("chart-lang-t", "Tickets and answered tickets by language"),
                                            ("chart-cat-t", "Tickets and answered tickets by category")]
    assert page.count('role="img"') == 2
    assert svgs[1][2] == ("695 of 1,000 tickets answered (70%). Shipping: 360 of 600 answered; "
                          "Returns: 335 of 400 answered")
    # numbers next to the bars, not colour alone
    assert "<tspan font-weight=\"600\">360</tspan> of 600 answered · <tspan font-weight=\"600\">60%</tspan>" in page
    assert "fr · Français" in page


def test_html_with_no_tickets_and_no_gaps(make_doc):
    empty = render_html(make_doc(tickets={"total": 0, "by_language": {}, "unclassified": 0}, categories=[],
                                 articles=[], coverage={"overall": None, "by_language": {}}, gaps=[]))
    assert "No tickets were read, so there is no demand to measure." in empty
    assert "<svg" not in empty
    no_gaps = render_html(make_doc(gaps=[]))
    assert "<p>No gaps: every category customers ask about has an up-to-date answer in their language.</p>" in no_gaps
    assert no_gaps.count("<svg") == 2


# --------------------------------------------------------------------------- CSV

def test_csv_neutralises_formulas(make_doc):
    doc = make_doc(gaps=[
        gap(examples=['=HYPERLINK("http://x","y")', "+1"], question="-2"),
        gap(lang="@SUM(A1)", examples=["\tTab-led", "plain"], question="\r=1+1"),
        gap(kind="missing_translation", article={"id": "=cmd|' /C calc'!A0", "title": "t", "path": "p"},
            examples=["ok; =1+1"])])
    text = render_csv(doc)
    assert text.splitlines()[0] == "priority,kind,lang,category,tickets,question,article,examples"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1:] == [
        ["100", "missing_article", "fr", "shipping", "100", "'-2", "", "'=HYPERLINK(\"http://x\",\"y\") | +1"],
        ["100", "missing_article", "'@SUM(A1)", "shipping", "100", "'\r=1+1", "", "'\tTab-led | plain"],
        ["100", "missing_translation", "fr", "shipping", "100", "", "'=cmd|' /C calc'!A0", "ok; =1+1"],
    ]
    # fully quoted data rows: a ";" cannot start a cell in spreadsheets that split on semicolons
    assert text.split("\r\n")[3] == ('"100","missing_translation","fr","shipping","100","","\'=cmd|\' /C calc\'!A0",'
                                    '"ok; =1+1"')


def test_csv_cell_leaves_safe_text_alone():
    assert [csv_cell(v) for v in ("Shipping", "", None, 42, " =x", "a-b")] == ["Shipping", "", "", "42", " =x", "a-b"]


def test_csv_with_no_gaps(make_doc):
    assert render_csv(make_doc(gaps=[])) == "priority,kind,lang,category,tickets,question,article,examples\r\n"


# --------------------------------------------------------------------------- annotations

def test_github_annotations_escape_workflow_commands(make_doc):
    doc = make_doc(gaps=[gap("unanswered_question", "es", name="Envíos, 100%", tickets=30,
                             question="¿50% off?\r\nline two :: ::error::x"),
                         gap(tickets=1), gap(), gap()])
    assert github_annotations(doc, top=2) == [
        "::warning title=Help-center gap::No es article answers “¿50%25 off? line two :: ::error::x” "
        "(Envíos, 100%25, 30 tickets)",
        "::warning title=Help-center gap::No fr article for Shipping (1 ticket)",
    ]
    assert len(github_annotations(doc)) == 4
    assert github_annotations(make_doc(gaps=[])) == []


def test_describe_gap_for_each_kind():
    assert describe_gap(gap()) == "No fr article for Shipping (100 tickets)"
    assert describe_gap(gap("unanswered_question", question="Customs?", tickets=7)) == (
        "No fr article answers “Customs?” (Shipping, 7 tickets)")
    assert describe_gap(gap("missing_translation", article=CUSTOMS)) == (
        "“Customs and duties” (shipping/customs) has no fr translation (Shipping, 100 tickets)")
    assert describe_gap(gap("stale_translation", article=CUSTOMS)) == (
        "The fr translation of “Customs and duties” (shipping/customs) is older than its source "
        "(Shipping, 100 tickets)")
    assert describe_gap(gap("new_kind")) == "New kind in fr (Shipping, 100 tickets)"


# --------------------------------------------------------------------------- writing

def test_write_reports_writes_four_files_atomically(make_doc, tmp_path):
    reports = tmp_path / "out" / "reports"
    doc = make_doc()
    paths = write_reports(doc, reports)
    assert paths == [reports / "gaps.json", reports / "gaps.md", reports / "gaps.html", reports / "gaps.csv"]
    assert sorted(os.listdir(reports)) == ["gaps.csv", "gaps.html", "gaps.json", "gaps.md"]
    assert json.loads((reports / "gaps.json").read_text(encoding="utf-8")) == doc
    # CRLF kept as the csv module wrote it
    assert (reports / "gaps.csv").read_bytes() == render_csv(doc).encode("utf-8")
    assert (reports / "gaps.md").read_text(encoding="utf-8") == render_markdown(doc)

    write_reports(make_doc(gaps=[]), reports, formats=("csv",))  # replaces, leaves the others alone
    assert sorted(os.listdir(reports)) == ["gaps.csv", "gaps.html", "gaps.json", "gaps.md"]
    assert (reports / "gaps.csv").read_text(encoding="utf-8").count("\n") == 1


def test_write_reports_renders_everything_before_writing(make_doc, tmp_path):
    with pytest.raises(ValueError, match="unknown report format 'pdf': choose from json, markdown, html, csv"):
        write_reports(make_doc(), tmp_path / "r", formats=("json", "pdf"))
    with pytest.raises(ValueError):  # NaN is not JSON: nothing is written
        write_reports(make_doc(coverage={"overall": float("nan"), "by_language": {}}), tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_formats_map_names_to_files():
    assert {name: filename for name, (filename, _) in FORMATS.items()} == {
        "json": "gaps.json", "markdown": "gaps.md", "html": "gaps.html", "csv": "gaps.csv"}


# --------------------------------------------------------------------------- in a real browser

@pytest.mark.browser
def test_html_report_renders_in_chromium(make_doc, tmp_path):
    chromium = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        pytest.fail(f"no chromium at {chromium}: install it with `apt-get install -y chromium`", pytrace=False)
    from playwright.sync_api import sync_playwright

    (path,) = write_reports(make_doc(gaps=[gap(examples=[SCRIPT])]), tmp_path, formats=("html",))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors, requests = [], []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: r.url != path.as_uri() and requests.append(r.url))
            page.goto(path.as_uri())
            assert errors == [] and requests == []  # the CSP blocks nothing of ours, and nothing is fetched
            assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "1080px"
            boxes = [page.locator("svg").nth(i).bounding_box() for i in range(2)]
            assert all(box["width"] > 900 and box["height"] > 80 for box in boxes)
            assert SCRIPT in page.locator("table").first.inner_text()  # shown as text
        finally:
            browser.close()
