"""``helpcenter gaps``, ``helpcenter tag`` and ``helpcenter build --tickets`` on the gap fixture: exit codes,
exact messages, the report files, byte-exact ``tag --write``, and no ticket text in the site."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from tests.analysis.test_gaps import FEEDBACK_PLANTED, write_feedback
from tests.conftest import ACCOUNT_ARTICLE, PLANTED_FORMULA, PLANTED_PRIVATE, PLANTED_SCRIPT, write_gap_project
from generator.cli import main
from generator.analysis.gaps import summary
from generator.project import load_project

REPORTS = ("gaps.json", "gaps.md", "gaps.html", "gaps.csv")
WROTE = "Wrote reports/gaps.json, reports/gaps.md, reports/gaps.html, reports/gaps.csv\n"


def run(*args, github: bool = False):
    """``helpcenter ARGS`` with GITHUB_ACTIONS set (or unset, whatever the test machine has)."""
    return CliRunner(env={"GITHUB_ACTIONS": "true" if github else None}).invoke(main, list(args))


@pytest.fixture
def project(gap_project, monkeypatch):
    """A fresh gap fixture (commands write into it), with the working directory at its mkdocs.yml."""
    gap = gap_project()
    monkeypatch.chdir(gap.root)
    return gap


def read_doc(project) -> dict:
    return json.loads((project.root / "reports" / "gaps.json").read_text(encoding="utf-8"))


def content_bytes(project) -> dict:
    return {path: path.read_bytes() for path in sorted(project.content.rglob("*")) if path.is_file()}


# --------------------------------------------------------------------------- helpcenter gaps

def test_gaps_writes_the_four_reports_and_prints_the_summary(project):
    result = run("gaps", "--tickets", str(project.tickets))
    assert result.exit_code == 0, result.stderr
    doc = read_doc(project)
    assert result.stderr == f"{WROTE}helpcenter: {summary(doc)}\n"
    assert result.stdout == ""
    assert sorted(p.name for p in (project.root / "reports").iterdir()) == sorted(REPORTS)
    assert doc["tickets"]["total"] == 92 and {g["kind"] for g in doc["gaps"]} >= {
        "unanswered_question", "missing_translation", "stale_translation"}
    assert (project.root / "reports" / "gaps.md").read_text(encoding="utf-8").startswith("### Help-center gaps\n")
    assert (project.root / "reports" / "gaps.html").read_text(encoding="utf-8").startswith("<!doctype html>\n")
    assert (project.root / "reports" / "gaps.csv").read_text(encoding="utf-8").startswith(
        "priority,kind,lang,category,tickets,question,article,examples,action,target,aliases,best_article,score,"
        "section,url,missing,searches,votes_yes,votes_no,list\n")


def test_gaps_with_another_config_and_working_directory(project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("gaps", "--config", str(project.config), "--tickets", str(project.tickets))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Wrote gaps/helpcenter/reports/gaps.json, ")  # shown relative to the cwd
    assert (project.root / "reports" / "gaps.json").is_file()  # beside mkdocs.yml, not in the cwd
    assert not (tmp_path / "reports").exists()


def test_gaps_with_feedback_ranks_searches_and_votes_among_the_gaps(project):
    export = write_feedback(project.root.parent / "submissions.json")
    forms_csv = project.root.parent / "search-miss.csv"  # as Netlify's Forms page downloads one form
    forms_csv.write_text("q,lang,created_at\r\n" + "gift wrapping,en,2026-11-06 09:12:00 UTC\r\n" * 3,
                         encoding="utf-8")
    result = run("gaps", "--tickets", str(project.tickets), "--feedback", str(export), "--feedback", str(forms_csv))
    assert result.exit_code == 0, result.stderr
    doc = read_doc(project)
    assert result.stderr == f"{WROTE}helpcenter: {summary(doc)}\n"
    assert summary(doc) == (
        "coverage 74.4% (en 70%, fr 63%, es 100%) of 90 classified tickets; 8 gap(s): 3 search miss, "
        "1 unanswered question, 1 missing article, 1 missing translation, 1 stale translation, 1 unhelpful article; "
        "site feedback: 25 search(es) found nothing, 16 vote(s) (10 not helpful)")
    assert [(g["kind"], g["priority"]) for g in doc["gaps"]][:2] == [("search_miss", 10), ("unanswered_question", 9)]
    md = (project.root / "reports" / "gaps.md").read_text(encoding="utf-8")
    assert "| 10 | Search found nothing | en | — | gift wrapping | Write an article in en | — | gift wrap |" in md
    html = (project.root / "reports" / "gaps.html").read_text(encoding="utf-8")
    assert "<h2>Site searches and votes</h2>" in html and 'aria-labelledby="chart-feedback-t' in html
    rows = list(csv.DictReader(io.StringIO((project.root / "reports" / "gaps.csv").read_text(encoding="utf-8"))))
    assert [(r["kind"], r["searches"], r["votes_no"]) for r in rows if r["kind"] in ("search_miss", "unhelpful_article")
            ] == [("search_miss", "10", ""), ("unhelpful_article", "", "6"), ("search_miss", "5", ""),
                  ("search_miss", "5", "")]


def test_feedback_from_the_config(project):
    write_feedback(project.root / "submissions.json")
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "\n    feedback: [submissions.json]\n", encoding="utf-8")
    assert run("gaps", "--tickets", str(project.tickets)).exit_code == 0
    assert read_doc(project)["feedback"]["searches"] == 22


def test_missing_feedback_file(project):
    result = run("gaps", "--tickets", str(project.tickets), "--feedback", "nowhere.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("nowhere.json: error: ")
    assert not (project.root / "reports").exists()


def test_gaps_reads_the_configured_exports(project):
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "\n    tickets: [../tickets.csv]\n", encoding="utf-8")
    result = run("gaps")
    assert result.exit_code == 0, result.stderr
    assert read_doc(project)["tickets"]["total"] == 92


def test_output_stdout_json(project):
    result = run("gaps", "--tickets", str(project.tickets), "--output", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"tickets", "categories", "articles", "coverage", "gaps"} <= set(doc)
    assert result.stderr == f"helpcenter: {summary(doc)}\n"
    assert not (project.root / "reports").exists()


@pytest.mark.parametrize("name, fmt, start", [
    ("out.md", None, "### Help-center gaps\n"),
    ("out.html", None, "<!doctype html>\n"),
    ("out.csv", None, "priority,kind,"),
    ("out.txt", None, "{\n"),
    ("out.txt", "csv", "priority,kind,"),
])
def test_output_file_format_from_extension_or_option(project, name, fmt, start):
    args = ["gaps", "--tickets", str(project.tickets), "--output", name] + (["--format", fmt] if fmt else [])
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Wrote {name}\nhelpcenter: coverage ")
    assert (project.root / name).read_text(encoding="utf-8").startswith(start)
    assert not (project.root / "reports").exists()


def test_output_into_a_missing_folder(project):
    result = run("gaps", "--tickets", str(project.tickets), "--output", "nodir/x.json")
    assert "internal error" not in result.stderr and ".tmp" not in result.stderr, result.stderr
    if result.exit_code == 0:  # either the folder is created...
        assert json.loads((project.root / "nodir" / "x.json").read_text(encoding="utf-8"))["gaps"]
    else:  # ...or the error names the file and the fix
        assert result.exit_code == 1 and result.stderr.startswith("nodir/x.json: error: "), result.stderr


def test_output_onto_a_folder_is_a_usage_error(project):
    result = run("gaps", "--tickets", str(project.tickets), "--output", "content")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--output': File 'content' is a directory.\n")


def test_fail_under(project):
    result = run("gaps", "--tickets", str(project.tickets), "--fail-under", "0.99")
    assert result.exit_code == 1
    coverage = read_doc(project)["coverage"]["overall"]
    assert result.stderr.endswith(f"helpcenter: error: coverage {coverage:.2%} is below 0.99 (--fail-under); write the "
                                  "top gaps' articles, or lower the threshold\n")
    assert all((project.root / "reports" / name).is_file() for name in REPORTS)  # written before failing

    assert run("gaps", "--tickets", str(project.tickets), "--fail-under", "0.5").exit_code == 0


def test_fail_under_from_the_config(project):
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "\n    gaps: {fail_under: 0.99}\n", encoding="utf-8")
    result = run("gaps", "--tickets", str(project.tickets))
    assert result.exit_code == 1
    assert "helpcenter: error: coverage " in result.stderr
    assert run("gaps", "--tickets", str(project.tickets), "--fail-under", "0").exit_code == 0  # the option wins


def test_fail_under_out_of_range_is_a_usage_error(project):
    result = run("gaps", "--tickets", str(project.tickets), "--fail-under", "1.5")
    assert result.exit_code == 2
    assert "Error: Invalid value for '--fail-under': 1.5 is not in the range 0<=x<=1." in result.stderr


def test_fail_under_message_shows_a_threshold_above_the_coverage(project):
    run("gaps", "--tickets", str(project.tickets))
    coverage = read_doc(project)["coverage"]["overall"]
    threshold = round(coverage + 0.0005, 4)
    result = run("gaps", "--tickets", str(project.tickets), "--fail-under", str(threshold))
    assert result.exit_code == 1
    shown = re.search(r"coverage ([\d.]+)% is below ([\d.]+) \(--fail-under\)", result.stderr)
    assert float(shown[2]) * 100 > float(shown[1]), result.stderr


def test_github_actions_annotations(project):
    result = run("gaps", "--tickets", str(project.tickets), github=True)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    doc = read_doc(project)
    assert len(lines) == min(len(doc["gaps"]), 5)
    assert all(line.startswith("::warning title=Help-center gap::") for line in lines)
    customs = next(g for g in doc["gaps"] if g["kind"] == "unanswered_question")
    assert (f"::warning title=Help-center gap::No en article answers “{customs['question']}” (Shipping and delivery, "
            "9 tickets)") in lines
    assert ("::warning title=Help-center gap::The es translation of “¿Cómo devuelvo un artículo?” "
            "(returns/how-to-return) is older than its source (Devoluciones y cambios, 6 tickets)") in lines
    assert run("gaps", "--tickets", str(project.tickets)).stdout == ""  # not on GitHub: no annotations


def test_missing_tickets_file(project):
    result = run("gaps", "--tickets", "missing.csv")
    assert result.exit_code == 1
    assert result.stderr == "missing.csv: error: ticket export not found; check the path\n"
    assert result.stdout == ""
    assert not (project.root / "reports").exists()


def test_missing_tickets_file_outside_the_working_directory(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.content)
    missing = tmp_path / "exports" / "missing.csv"
    result = run("gaps", "--config", str(project.config), "--tickets", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"{missing.as_posix()}: error: ticket export not found; check the path\n"


def test_missing_configured_tickets_file(project):
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "\n    tickets: [exports/gone.csv]\n", encoding="utf-8")
    result = run("gaps")
    assert result.exit_code == 1
    assert result.stderr == "exports/gone.csv: error: ticket export not found; check the path\n"


def test_no_exports_configured_and_none_given(project):
    result = run("gaps")
    assert result.exit_code == 1
    assert result.stderr == ("mkdocs.yml: error: no ticket exports: pass --tickets FILE, or list them under "
                             "extra.helpcenter.tickets\n")


def test_an_export_with_only_a_header(project):
    result = run("gaps", "--tickets", str(project.empty_tickets), "--fail-under", "0.8")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"{WROTE}helpcenter: coverage 0.0% of 0 classified tickets; 0 gap(s); "
                             "1 housekeeping item(s)\n"
                             "helpcenter: warning: no classified tickets, so coverage is not checked\n")
    assert (project.root / "reports" / "gaps.md").read_text(encoding="utf-8").startswith(
        "### Help-center gaps\n\nNo tickets were read")


def test_unknown_category_in_front_matter(project):
    project.write("en/returns/gift-wrap.md", "---\ntitle: Gift wrapping\nsummary: We wrap gifts.\n"
                                             "categories: [returns, gift_wrap]\nupdated: 2026-10-01\n---\n\nWrapped.\n")
    result = run("gaps", "--tickets", str(project.tickets))
    assert result.exit_code == 1
    assert result.stderr == (
        "content/en/returns/gift-wrap.md:4: error: unknown category 'gift_wrap'; use a taxonomy id (account, "
        "cancellations, contact, damaged_or_defective, invoices, order_status, payments, product, promotions, "
        "refunds, returns, shipping) or add it to content/categories.yml\n")
    assert not (project.root / "reports").exists()


# --------------------------------------------------------------------------- hostile ticket text in reports

@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The four reports of the gap fixture, with its site feedback (written once for the module)."""
    project = write_gap_project(tmp_path_factory.mktemp("reports"))
    export = write_feedback(project.root.parent / "submissions.json")
    assert run("gaps", "--config", str(project.config), "--tickets", str(project.tickets),
               "--feedback", str(export)).exit_code == 0
    return {name: (project.root / "reports" / name).read_text(encoding="utf-8") for name in REPORTS}


def test_reports_never_carry_private_data(reports):
    for name, text in reports.items():
        for planted in (*PLANTED_PRIVATE, *FEEDBACK_PLANTED):
            assert planted not in text, (name, planted)
        assert "search_miss" in text or "Search found nothing" in text, name  # the searches are in every report
    assert "[email]" in reports["gaps.json"] and "[phone]" in reports["gaps.json"] and "[card]" in reports["gaps.json"]


def test_script_never_reaches_the_reports(reports):
    for name, text in reports.items():
        assert "<script" not in text.lower(), name
        assert "alert(1)" not in text, name
        assert PLANTED_SCRIPT not in text, name


def test_formula_is_escaped_in_html_and_neutralised_in_csv(reports):
    assert PLANTED_FORMULA not in reports["gaps.html"]
    assert "=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;): Quand serai-je remboursé ?" in reports["gaps.html"]
    assert 'href="http://evil' not in reports["gaps.html"]
    rows = list(csv.reader(io.StringIO(reports["gaps.csv"])))
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert f"'{PLANTED_FORMULA}: Quand serai-je remboursé ? | " in reports["gaps.csv"].replace('""', '"')


def test_formula_is_not_raw_in_markdown(reports):
    assert "HYPERLINK" in reports["gaps.md"]
    assert PLANTED_FORMULA not in reports["gaps.md"]
    assert "http://evil" not in reports["gaps.md"]


# --------------------------------------------------------------------------- helpcenter tag

def test_tag_lists_suggestions(project):
    result = run("tag")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 11
    assert "content/en/about/our-story.md: no suggestion" in lines
    assert any(re.fullmatch(r"content/en/account/reset-password\.md: account \d\.\d\d \(suggested\)", line)
               for line in lines), lines
    assert any(re.fullmatch(r"content/en/returns/how-to-return\.md: returns \(front matter; suggested: returns "
                            r"\d\.\d\d.*\)", line) for line in lines), lines
    assert result.stderr == ("11 article(s): 10 with front-matter categories or none found, 1 with suggestions; "
                             "run `helpcenter tag --write` to add them\n")


def test_tag_json(project):
    result = run("tag", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    account = rows["content/en/account/reset-password.md"]
    assert (account["lang"], account["id"], account["source"], account["categories"]) == (
        "en", "account/reset-password", "suggested", ["account"])
    assert account["suggestions"][0]["category"] == "account" and 0.35 <= account["suggestions"][0]["score"] <= 1
    assert rows["content/en/about/our-story.md"]["source"] == "none"
    assert rows["content/fr/returns/retourner-un-article.md"]["categories"] == ["returns"]


def test_tag_with_tickets(project):
    result = run("tag", "--tickets", str(project.tickets))
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^content/en/account/reset-password\.md: account \d\.\d\d \(suggested\)$", result.stdout, re.M)


def test_tag_write_adds_categories_to_the_untagged_article_only(project):
    before = content_bytes(project)
    result = run("tag", "--write")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Wrote categories into 1 file(s): content/en/account/reset-password.md\n"
    after = content_bytes(project)
    assert after.keys() == before.keys()  # no file added (no temporary file left behind), none removed
    account = project.content / "en" / "account" / "reset-password.md"
    changed = [path for path in before if before[path] != after[path]]
    assert changed == [account]
    # One CRLF line before the closing ---; the comment, the quoting and every other byte stay.
    expected = ACCOUNT_ARTICLE.replace("updated: 2026-10-05\r\n---\r\n",
                                       "updated: 2026-10-05\r\ncategories: [account]\r\n---\r\n")
    assert after[account] == expected.encode("utf-8")
    assert after[account].replace(b"categories: [account]\r\n", b"") == before[account]
    _project = load_project(project.config)
    _, content = _project.config, _project.content
    article = next(a for a in content.articles() if a.id == "account/reset-password")
    assert (article.categories, article.title) == (["account"], "Forgot your password? It's easy")

    again = run("tag", "--write")
    assert again.exit_code == 0, again.stderr
    assert again.stderr == "Wrote categories into 0 file(s)\n"
    assert content_bytes(project) == after
    assert "content/en/account/reset-password.md: account (front matter; suggested: account " in again.stdout


# --------------------------------------------------------------------------- helpcenter build --tickets

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The gap fixture built once with its tickets: (project, site folder, CliRunner result)."""
    project = write_gap_project(tmp_path_factory.mktemp("build"))
    site = project.root.parent / "published"
    export = write_feedback(project.root.parent / "submissions.json")
    result = CliRunner(env={"GITHUB_ACTIONS": None}).invoke(
        main, ["build", "--config", str(project.config), "--tickets", str(project.tickets), "--site-dir", str(site),
               "--jobs", "1", "--feedback", str(export)])
    assert result.exit_code == 0, result.stderr
    return project, site, result


TICKET_ONLY_TEXT = ["customs duties", "import tax", "discount code", "Quand serai-je", "Quick hello",
                    "weather is nice", "Parcel to Norway", "sent the parcel back last week", "HYPERLINK", "http://evil",
                    "Ya devolví el paquete", "Je veux retourner une lampe", "[email]", "[phone]", "[card]"]


def test_build_publishes_no_ticket_text(built):
    project, site, _ = built
    files = [path for path in site.rglob("*") if path.is_file()]
    assert len(files) > 20
    needles = [*PLANTED_PRIVATE, PLANTED_SCRIPT, "<script>alert(1)", *TICKET_ONLY_TEXT, *FEEDBACK_PLANTED,
               "gift wrapping"]
    for path in files:
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace").lower()
        for needle in needles:
            assert needle.lower() not in text, f"{needle!r} leaked into {path}"
            assert needle.encode("utf-8") not in data, f"{needle!r} leaked into {path}"


def test_build_writes_the_reports_beside_mkdocs_yml_not_in_the_site(built):
    project, site, result = built
    assert sorted(p.name for p in (project.root / "reports").iterdir()) == sorted(REPORTS)
    assert not [p for p in site.rglob("gaps.*")]
    assert "Gap reports: " in result.stderr
    doc = json.loads((project.root / "reports" / "gaps.json").read_text(encoding="utf-8"))
    assert doc["tickets"]["total"] == 92
    assert [g["question"] for g in doc["gaps"] if g["kind"] == "search_miss"] == [
        "gift wrapping", "visa", "track my parcel"]
    assert [g["article"]["id"] for g in doc["gaps"] if g["kind"] == "unhelpful_article"] == ["returns/how-to-return"]


def test_build_shows_the_suggested_category_on_the_untagged_article(built):
    _, site, _ = built
    page = (site / "en" / "account" / "reset-password" / "index.html").read_text(encoding="utf-8")
    assert '<span class="hc-chip" data-category="account">Account</span>' in page
    story = (site / "en" / "about" / "our-story" / "index.html").read_text(encoding="utf-8")
    assert 'class="hc-chip"' not in story
    source = (built[0].content / "en" / "account" / "reset-password.md").read_bytes()
    assert source == ACCOUNT_ARTICLE.encode("utf-8")  # build suggests, it never writes front matter
