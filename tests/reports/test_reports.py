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
HEADER = ("priority,kind,lang,category,tickets,question,article,examples,action,target,aliases,best_article,score,"
          "section,url,missing,searches,votes_yes,votes_no,list")


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
        "| Priority | Gap | Language | Category | Question or article | What to do | Nearest article | Example |",
        "| ---: | --- | --- | --- | --- | --- | --- | --- |",
        "| 100 | Missing article | fr | Shipping | — | — | — | Do I pay customs duties? |",
        "| 30 | Unanswered question | es | Shipping | ¿Tengo que pagar aduanas? | — | — | ¿Pago aduanas en Canarias? |",
        "| 20 | Missing translation | fr | Shipping | Customs and duties (shipping/customs) | — | — | — |",
    ]
    assert table(text, "Coverage by language") == [
        "| Language | Classified tickets | Answered | Coverage | 95% interval | Gaps |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        "| en | 550 | 465 | 80% | — | 0 |",
        "| es | 300 | 190 | 60% | — | 1 |",
        "| fr | 150 | 40 | 55% | — | 2 |",
    ]
    assert "Questions customers can't find" not in text


def test_markdown_script_in_an_example_is_inert(make_doc):
    text = render_markdown(make_doc(gaps=[gap(examples=[SCRIPT], question=f"Why {SCRIPT}?")]))
    assert "<" not in text and ">" not in text
    row = cells(table(text, "Top gaps")[2])
    assert row[4] == r"Why &lt;script&gt;alert(1)&lt;/script&gt;?"
    assert row[7] == r"&lt;script&gt;alert(1)&lt;/script&gt;"


def test_markdown_pipes_and_newlines_keep_the_table_whole(make_doc):
    hostile = gap(examples=["a | b || c\nnew line\r\n| --- |"], name="Ship|ping\n# Heading")
    text = render_markdown(make_doc(gaps=[hostile, gap(lang="es")]))
    rows = table(text, "Top gaps")
    assert len(rows) == 4
    assert [len(cells(r)) for r in rows] == [8, 8, 8, 8]
    assert cells(rows[2])[3] == r"Ship\|ping \# Heading"
    assert cells(rows[2])[7] == r"a \| b \|\| c new line \| --- \|"


def test_markdown_example_is_not_the_question_again(make_doc):
    doc = make_doc(gaps=[gap("unanswered_question", question="Customs?", examples=["Customs?", " customs\n fees"]),
                         gap("unanswered_question", question="Gift wrap", examples=["Gift  wrap"])])
    assert [cells(r)[4::3] for r in table(render_markdown(doc), "Top gaps")[2:]] == [
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
    assert text.splitlines()[0] == HEADER
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rest = [""] * 11 + ["gap"]
    assert rows[1:] == [
        ["100", "missing_article", "fr", "shipping", "100", "'-2", "", "'=HYPERLINK(\"http://x\",\"y\") | +1", *rest],
        ["100", "missing_article", "'@SUM(A1)", "shipping", "100", "'\r=1+1", "", "'\tTab-led | plain", *rest],
        ["100", "missing_translation", "fr", "shipping", "100", "", "'=cmd|' /C calc'!A0", "ok; =1+1", *rest],
    ]
    # fully quoted data rows: a ";" cannot start a cell in spreadsheets that split on semicolons
    assert text.split("\r\n")[3] == ('"100","missing_translation","fr","shipping","100","","\'=cmd|\' /C calc\'!A0",'
                                    '"ok; =1+1",' + ",".join('""' for _ in range(11)) + ',"gap"')


def test_csv_cell_leaves_safe_text_alone():
    assert [csv_cell(v) for v in ("Shipping", "", None, 42, " =x", "a-b")] == ["Shipping", "", "", "42", " =x", "a-b"]


def test_csv_with_no_gaps(make_doc):
    assert render_csv(make_doc(gaps=[])) == HEADER + "\r\n"


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


# --------------------------------------------------------------------------- rows a lead can act on (issues 12, 15)

REFUNDS = {"id": "returns/refund-timing", "lang": "en", "path": "content/en/returns/refund-timing.md",
           "title": "When will I get my refund?"}
DELIVERY = {"id": "shipping/delivery-times", "lang": "en", "path": "content/en/shipping/delivery-times.md",
            "title": "How long does delivery take?"}


def best(article=REFUNDS, section="My refund hasn't arrived", anchor="my-refund-hasnt-arrived", score=0.42,
         missing=("lamp",)) -> dict:
    return {"id": article["id"], "title": article["title"], "path": article["path"], "score": score,
            "section": section, "anchor": anchor, "category_agrees": True, "missing": list(missing),
            "url": f"en/{article['id']}/" + (f"#{anchor}" if anchor else "")}


def acting_gaps() -> list[dict]:
    """One row of each kind, as the gap document and analysis.feedback write them."""
    return [
        {**gap("missing_language", "de", None, None, tickets=120, examples=["Wo ist mein Paket?"]),
         "action": "translate", "target": None,
         "topics": [{"category": "order_status", "name": "Bestellstatus", "tickets": 70},
                    {"category": "returns", "name": "Rücksendungen", "tickets": 50}]},
        {**gap("unanswered_question", "en", "refunds", "Refunds", tickets=62,
               question="still no refund for the lamp", examples=["still no refund for the lamp", "no refund yet"]),
         "action": "add_aliases", "target": REFUNDS, "aliases": ["still", "yet"], "best_article": best()},
        {**gap("new_topic", "es", "unclassified", "Not in any category", tickets=22, question="envolver para regalo",
               examples=["envolver para regalo"]), "action": "write_article", "target": None, "best_article": None},
        {**gap("search_miss", "en", None, None, tickets=15, question="gift wrapping", examples=["gift wrap"]),
         "searches": 15, "action": "write_article", "target": None,
         "best_article": best(DELIVERY, None, None, 0.31, ["wrapping"])},
        {**gap("unhelpful_article", "en", "shipping", "Shipping", tickets=9, examples=[], article=DELIVERY),
         "votes": {"yes": 3, "no": 9}, "action": "update", "target": DELIVERY},
        {**gap("search_miss", "en", "refunds", "Refunds", tickets=6, question="refund status", examples=[]),
         "searches": 6, "action": "add_aliases", "target": REFUNDS, "aliases": ["status"],
         "best_article": best(score=0.61, missing=())},
    ]


@pytest.fixture
def acting_doc(make_doc):
    return make_doc(
        gaps=acting_gaps(),
        coverage={"overall": 0.72, "by_language": {"en": 0.8, "es": 0.6, "fr": 0.55},
                  "tickets": {"en": 550, "es": 300, "fr": 150},
                  "interval": {"overall": [0.6917, 0.7469],
                               "by_language": {"en": [0.7647, 0.8313], "es": [0.5443, 0.6534],
                                               "fr": [0.4707, 0.6267]}}},
        housekeeping=[{"kind": "stale_translation", "lang": "fr", "category": "refunds", "category_name": "Remboursements",
                       "action": "update", "article": {"id": "returns/refund-timing", "lang": "fr",
                                                       "path": "content/fr/returns/delai-de-remboursement.md",
                                                       "title": "Délai de remboursement"},
                       "source_updated": "2026-10-20", "updated": "2026-09-01"}],
        feedback={"files": ["content/_feedback/netlify-submissions.json"], "searches": 72,
                  "votes": {"yes": 43, "no": 32}, "skipped": {"spam": 2},
                  "timeline": [{"day": "2026-11-02", "searches": 4, "yes": 1, "no": 2},
                               {"day": "2026-11-03", "searches": 0, "yes": 3, "no": 0},
                               {"day": "2026-11-05", "searches": 7, "yes": 0, "no": 1}],
                  "min_searches": 5, "min_votes": 5},
        settings={"answer_threshold": 0.5, "min_tickets": 5, "site_url": "https://help.example.com/"})


def test_describe_gap_for_the_new_kinds():
    assert [describe_gap(g) for g in acting_gaps()] == [
        "120 tickets in de, and no help center in de",
        "No en article answers “still no refund for the lamp” (Refunds, 62 tickets)",
        "New topic in es: “envolver para regalo” fits no category (22 tickets)",
        "15 searches in en for “gift wrapping” found nothing",
        "“How long does delivery take?” (shipping/delivery-times) in en: 9 of 12 readers voted not helpful",
        "6 searches in en for “refund status” found nothing",
    ]


def test_markdown_says_what_to_do_about_each_row(acting_doc):
    text = render_markdown(acting_doc)
    assert text.splitlines()[2] == ("**Coverage 72%** (95% interval 69–75%) of 2,960 classified tickets "
                                    "(en 80% · es 60% · fr 55%) · 6 gaps")
    assert [cells(r)[:2] + cells(r)[4:] for r in table(text, "Top gaps")[2:]] == [
        ["120", "Missing language", "No help center in de; top topics: Bestellstatus 70 · Rücksendungen 50",
         "Publish a de help center, starting with Bestellstatus 70 · Rücksendungen 50", "—", "Wo ist mein Paket?"],
        ["62", "Unanswered question", "still no refund for the lamp",
         r"Add these customer words to search\_aliases of content/en/returns/refund-timing.md: still, yet",
         "Nearest: “When will I get my refund?” › My refund hasn't arrived (score 0.42); lacks: lamp", "no refund yet"],
        ["22", "New topic", "envolver para regalo",
         "Write an article in es (and add its category to content/categories.yml)", "—", "—"],
        ["15", "Search found nothing", "gift wrapping", "Write an article in en",
         "Nearest: “How long does delivery take?” (score 0.31); lacks: wrapping", "gift wrap"],
        ["9", "Voted not helpful", "How long does delivery take? (shipping/delivery-times)",
         "Rework content/en/shipping/delivery-times.md: 9 of 12 readers found it not helpful", "—", "—"],
        ["6", "Search found nothing", "refund status",
         r"Add these customer words to search\_aliases of content/en/returns/refund-timing.md: status",
         "Answers it: “When will I get my refund?” › My refund hasn't arrived (score 0.61)", "—"],
    ]
    assert table(text, "Coverage by language")[2:] == [
        "| en | 550 | 465 | 80% | 76–83% | 4 |",
        "| es | 300 | 190 | 60% | 54–65% | 1 |",
        "| fr | 150 | 40 | 55% | 47–63% | 0 |",
        "| de | 0 | 0 | — | — | 1 |",
    ]
    assert table(text, "Site searches and votes") == [
        "| Searches | Language | Searched for | Also typed | What to do |",
        "| ---: | --- | --- | --- | --- |",
        "| 15 | en | gift wrapping | gift wrap | Write an article in en |",
        r"| 6 | en | refund status | — | Add these customer words to search\_aliases of "
        "content/en/returns/refund-timing.md: status |",
    ]
    assert ("72 searches on the site found nothing and 75 readers voted on articles (32 not helpful); "
            "2 submissions left out (2 spam).") in text
    assert ("| Not helpful | Helpful | Language | Article | What to do |\n| ---: | ---: | --- | --- | --- |\n"
            "| 9 | 3 | en | How long does delivery take? (shipping/delivery-times) | "
            "Rework content/en/shipping/delivery-times.md: 9 of 12 readers found it not helpful |") in text
    assert text.endswith(
        "#### Housekeeping\n\nNo ticket reaches these, so they are not gaps:\n\n"
        "- fr: update Délai de remboursement (returns/refund-timing), content/fr/returns/delai-de-remboursement.md "
        "(translated 2026-09-01, its source changed 2026-10-20)\n")


def test_html_says_what_to_do_and_links_the_section(acting_doc):
    page = render_html(acting_doc)
    assert ('<td class="todo">Add these customer words to search_aliases of “When will I get my refund?” '
            '(content/en/returns/refund-timing.md): still, yet<small>Nearest: '
            '<a href="https://help.example.com/en/returns/refund-timing/#my-refund-hasnt-arrived">'
            '“When will I get my refund?” › My refund hasn&#x27;t arrived</a> (score 0.42); lacks: <i>lamp</i>'
            '</small></td>') in page.replace(' data-label="What to do"', "")
    assert "No help center in de<small>Top topics: Bestellstatus 70 · Rücksendungen 50</small>" in page
    assert '<span class="kind kind-search_miss">Search found nothing</span>' in page
    assert '<span class="kind kind-unhelpful_article">Voted not helpful</span>' in page
    assert '15<small>searches</small>' in page and '9<small>“no” votes</small>' in page
    # coverage with its interval: the card and each language's foot cell
    assert "<span>of 2,960 classified tickets · 95% interval 69–75%</span>" in page
    assert "<small>465 of 550</small><small>95%: 76–83%</small>" in page
    assert ("<h2>Housekeeping</h2><p>No ticket reaches these, so they are not gaps; update them when there is "
            "time.</p><ul><li>fr · Français: update “Délai de remboursement” "
            "<code>content/fr/returns/delai-de-remboursement.md</code> (translated 2026-09-01, its source changed "
            "2026-10-20)</li></ul>") in page
    # links only to the help center's own pages
    assert set(re.findall(r'href="([^"]+)"', page)) == {
        "https://help.example.com/en/returns/refund-timing/#my-refund-hasnt-arrived",
        "https://help.example.com/en/shipping/delivery-times/"}
    assert "<link" not in page and "src=" not in page and "<script" not in page


def test_html_site_feedback_section_and_its_chart(acting_doc):
    page = render_html(acting_doc)
    assert "<h2>Site searches and votes</h2>" in page
    assert "<h3>Searches that found nothing</h3>" in page and "<h3>Articles voted not helpful</h3>" in page
    svgs = re.findall(r"<svg [^>]*>\n<title id=\"([^\"]+)\">([^<]+)</title>\n<desc[^>]*>([^<]+)</desc>", page)
    assert [i for i, _, _ in svgs] == ["chart-lang-t", "chart-cat-t", "chart-feedback-t"]
    assert svgs[2][1:] == ("Searches that found nothing and votes over time",
                           "Per day: 2 Nov: 4 searches found nothing, 2 not helpful, 1 helpful; 3 Nov: 0 searches "
                           "found nothing, 0 not helpful, 3 helpful; 5 Nov: 7 searches found nothing, 1 not helpful, "
                           "0 helpful")
    assert "<figcaption>Per day</figcaption>" in page
    chart = page[page.index('<svg role="img" aria-labelledby="chart-feedback-t'):]
    chart = chart[:chart.index("</svg>")]
    # a number on every bar (3 buckets x 3 series), and every text readable
    assert len(re.findall(r'<text [^>]*text-anchor="middle" fill="#1f2328">\d+</text>', chart)) == 9
    assert min(int(n) for n in re.findall(r'font-size="(\d+)"', chart)) >= 12


@pytest.mark.parametrize("days, unit, labels", [
    (["2026-10-01", "2026-10-14"], "day", ["1 Oct", "14 Oct"]),
    (["2026-10-01", "2026-10-15", "2026-11-30"], "week", ["28 Sep", "12 Oct", "30 Nov"]),
    (["2025-01-10", "2026-11-30"], "month", ["Jan 2025", "Nov 2026"]),
])
def test_the_timeline_is_at_most_fourteen_bars(days, unit, labels):
    from generator.reports.gaps_html import _buckets

    got_unit, buckets = _buckets([{"day": d, "searches": 1, "yes": 0, "no": 0} for d in days])
    assert (got_unit, [label for label, _ in buckets]) == (unit, labels)
    many = [{"day": f"2026-{m:02d}-01", "searches": m, "yes": 0, "no": 0} for m in range(1, 13)]
    many = [{**r, "day": r["day"].replace("2026", "2025")} for r in many] + many
    unit, buckets = _buckets(many)
    assert unit == "month" and len(buckets) == 14 and buckets[-1] == ("Dec 2026", {"searches": 12, "yes": 0, "no": 0})


def test_csv_carries_what_to_do_and_the_feedback_rows(acting_doc):
    rows = list(csv.DictReader(io.StringIO(render_csv(acting_doc), newline="")))
    assert [(r["kind"], r["priority"], r["action"], r["target"], r["aliases"], r["list"]) for r in rows] == [
        ("missing_language", "120", "translate", "", "", "gap"),
        ("unanswered_question", "62", "add_aliases", "content/en/returns/refund-timing.md", "still | yet", "gap"),
        ("new_topic", "22", "write_article", "", "", "gap"),
        ("search_miss", "15", "write_article", "", "", "gap"),
        ("unhelpful_article", "9", "update", "content/en/shipping/delivery-times.md", "", "gap"),
        ("search_miss", "6", "add_aliases", "content/en/returns/refund-timing.md", "status", "gap"),
        ("stale_translation", "", "update", "content/fr/returns/delai-de-remboursement.md", "", "housekeeping"),
    ]
    assert {k: rows[1][k] for k in ("best_article", "score", "section", "url", "missing")} == {
        "best_article": "returns/refund-timing", "score": "0.42", "section": "My refund hasn't arrived",
        "url": "en/returns/refund-timing/#my-refund-hasnt-arrived", "missing": "lamp"}
    assert (rows[3]["searches"], rows[4]["votes_yes"], rows[4]["votes_no"]) == ("15", "3", "9")


def test_feedback_text_is_escaped_in_every_format(acting_doc):
    hostile = {**acting_doc["gaps"][3], "question": f"=cmd {SCRIPT}", "examples": ["@SUM(A1)", "a | b\n# x"]}
    doc = {**acting_doc, "gaps": [hostile]}
    page = render_html(doc)
    assert "<script" not in page and "“=cmd &lt;script&gt;alert(1)&lt;/script&gt;”" in page
    md = render_markdown(doc)
    assert "<script" not in md and r"| 15 | en | =cmd &lt;script&gt;alert(1)&lt;/script&gt; | @" in md
    assert [len(cells(r)) for r in table(md, "Site searches and votes")] == [5, 5, 5]
    row = list(csv.reader(io.StringIO(render_csv(doc), newline="")))[1]
    assert (row[5], row[7]) == (f"'=cmd {SCRIPT}", "'@SUM(A1) | a | b\n# x")


def test_json_keeps_the_new_fields(acting_doc):
    data = json.loads(render_json(acting_doc))
    assert data["gaps"][3]["searches"] == 15 and data["gaps"][4]["votes"] == {"yes": 3, "no": 9}
    assert data["feedback"]["timeline"][0] == {"day": "2026-11-02", "searches": 4, "yes": 1, "no": 2}
    assert data["gaps"][1]["best_article"]["url"] == "en/returns/refund-timing/#my-refund-hasnt-arrived"
