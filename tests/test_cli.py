"""generator/cli.py: exit codes, exact messages on stderr, JSON on stdout, and the installed script."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from tests.conftest import article
from generator.cli import main
from generator.project.content import load_content

CHECK_SUMMARY_BILINGUAL = "0 error(s), 0 warning(s), 1 note(s) in 3 article(s) (en 2, es 1)"
MISSING_ES = "content/en/returns/refunds.md: note: missing es translation (id 'returns/refunds')"
UNKNOWN_AUTHOR = ("content/en/faq/a.md:3: warning: unknown front matter key 'author' is ignored (known keys: title, "
                  "id, summary, categories, tags, updated, search_aliases, promoted, order)")


@pytest.fixture(autouse=True)
def _restore_logging():
    """The CLI points the ``generator`` logger at the runner's stderr; put it back for other tests."""
    logger = logging.getLogger("generator")
    state = (logger.handlers[:], logger.level, logger.propagate, logging.getLogger("mkdocs").level)
    yield
    logger.handlers[:], logger.level, logger.propagate = state[:3]
    logging.getLogger("mkdocs").setLevel(state[3])


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="helpcenter")


@pytest.fixture
def at(monkeypatch):
    """Work in a project's folder, as a writer would: ``at(project)``."""

    def chdir(project):
        monkeypatch.chdir(project.root)
        return project

    return chdir


# --------------------------------------------------------------------------- help

def test_every_command_has_help_text():
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"helpcenter {name} has no docstring"
        assert command.get_short_help_str(), name


@pytest.mark.parametrize("name", sorted(main.commands))
def test_help_for_every_command(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: helpcenter {name} [OPTIONS]")
    first_line = main.commands[name].help.strip().split("\n")[0]
    assert " ".join(first_line.split()) in " ".join(result.stdout.split())


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_takes_config(name):
    assert "--config" in {opt for param in main.commands[name].params for opt in param.opts}


def test_group_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for name in main.commands:
        assert f"  {name} " in result.stdout


def test_short_help_option():
    assert run("-h").exit_code == 0


# --------------------------------------------------------------------------- check

def test_check_prints_problems_and_summary_on_stderr(bilingual, at):
    at(bilingual)
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"{MISSING_ES}\n{CHECK_SUMMARY_BILINGUAL}\n"


def test_check_with_config_from_elsewhere(bilingual):
    result = run("check", "--config", str(bilingual.config))
    assert (result.exit_code, result.stderr) == (0, f"{MISSING_ES}\n{CHECK_SUMMARY_BILINGUAL}\n")


def test_check_clean_content(make_project):
    project = make_project({"en/faq/a.md": article()})
    result = run("check", "--config", str(project.config), "--strict")
    assert (result.exit_code, result.stderr) == (0, "0 error(s), 0 warning(s), 0 note(s) in 1 article(s) (en 1)\n")


def test_check_notes_never_fail_not_even_with_strict(bilingual):
    result = run("check", "--config", str(bilingual.config), "--strict")
    assert (result.exit_code, result.stderr) == (0, f"{MISSING_ES}\n{CHECK_SUMMARY_BILINGUAL}\n")


def test_check_warnings_fail_only_with_strict(make_project):
    project = make_project({"en/faq/a.md": article(author="Sam"), "es/faq/a.md": article()})
    summary = "0 error(s), 1 warning(s), 0 note(s) in 2 article(s) (en 1, es 1)"
    for args, code in ((), 0), (("--strict",), 1):
        result = run("check", "--config", str(project.config), *args)
        assert (result.exit_code, result.stderr) == (code, f"{UNKNOWN_AUTHOR}\n{summary}\n")


def test_check_errors_exit_1(make_project):
    project = make_project({"en/faq/a.md": article(promoted="often"), "en/faq/b.md": article(body="[x](gone.md)")})
    result = run("check", "--config", str(project.config))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/en/faq/a.md:3: error: front matter 'promoted' must be true or false",
        "content/en/faq/b.md:5: error: link target 'gone.md' does not exist; link to the .md file, relative to "
        "this one",
        "2 error(s), 0 warning(s), 0 note(s) in 1 article(s) (en 1)",
    ]


def test_check_reports_unknown_categories(make_project):
    project = make_project({"en/faq/a.md": article(categories="[teleportation]")})
    result = run("check", "--config", str(project.config))
    assert result.exit_code == 1
    assert result.stderr.startswith("content/en/faq/a.md:3: error: unknown category 'teleportation'; use a "
                                    "taxonomy id (")


def test_check_json(bilingual):
    result = run("check", "--config", str(bilingual.config), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "articles": 3,
        "languages": {"en": 2, "es": 1},
        "default_language": "en",
        "errors": 0,
        "warnings": 0,
        "notes": 1,
        "problems": [{"path": "content/en/returns/refunds.md", "line": 0, "level": "note",
                      "code": "missing-translation", "message": "missing es translation (id 'returns/refunds')"}],
    }


def test_check_json_with_errors_exits_1(make_project):
    project = make_project({"en/faq/a.md": "---\ntitle: A\n", "en/faq/b.md": article()})
    result = run("check", "--config", str(project.config), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"], report["articles"]) == (1, 0, 1)
    assert report["problems"] == [{"path": "content/en/faq/a.md", "line": 1, "level": "error",
                                   "code": "unclosed-front-matter",
                                   "message": "front matter is not closed; add a line with --- after the last "
                                              "setting"}]


def test_check_json_strict_fails_on_warnings(make_project):
    project = make_project({"en/faq/a.md": article(author="Sam")})
    result = run("check", "--config", str(project.config), "--format", "json", "--strict")
    assert (result.exit_code, json.loads(result.stdout)["warnings"]) == (1, 1)


@pytest.mark.parametrize("args, message", [
    (["check", "--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'."),
    (["check", "--colour"], "Error: No such option '--colour'."),
    (["new"], "Error: Missing argument 'LANG/SECTION/SLUG'."),
    (["publish"], "Error: No such command 'publish'."),
    (["build", "--jobs", "0"], "Error: Invalid value for '--jobs': 0 is not in the range x>=1."),
])
def test_usage_errors_exit_2(bilingual, at, args, message):
    at(bilingual)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(message)


def test_missing_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr == ("mkdocs.yml: error: config file not found; run helpcenter in your help center's folder "
                             "or pass --config PATH\n")


def test_invalid_config_is_reported_not_raised(make_project, at):
    at(make_project({"en/faq/a.md": article()}, settings="popular_articles: many"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr == ("mkdocs.yml:8: error: Config value 'extra.helpcenter.popular_articles': expected a "
                             "whole number, 0 or more\n")


# --------------------------------------------------------------------------- build

def test_build_writes_every_language_and_the_root(bilingual):
    result = run("build", "--config", str(bilingual.config))
    assert result.exit_code == 0, result.output
    site = bilingual.root / "site"
    for path in ("en/index.html", "es/index.html", "index.html", "_redirects"):
        assert (site / path).is_file(), path
    assert "Built 2 language(s) (en " in result.stderr


def test_build_on_broken_content_leaves_the_site_untouched(make_project, at):
    project = at(make_project({"en/faq/a.md": article(promoted="often"), "en/faq/b.md": article("B")}))
    site = project.root / "site"
    site.mkdir()
    (site / ".helpcenter-site").write_text("", encoding="utf-8")
    (site / "sentinel.html").write_text("the previous build", encoding="utf-8")
    before = sorted(p.name for p in project.root.iterdir())

    result = run("build")

    assert result.exit_code == 1
    assert result.stderr == ("content/en/faq/a.md:3: error: front matter 'promoted' must be true or false\n"
                             "content: error: build stopped: 1 problem(s); the previous site is untouched\n")
    assert sorted(p.name for p in site.iterdir()) == [".helpcenter-site", "sentinel.html"]
    assert (site / "sentinel.html").read_text(encoding="utf-8") == "the previous build"
    assert sorted(p.name for p in project.root.iterdir()) == before


def test_build_strict_stops_on_warnings_but_not_notes(make_project, at):
    at(make_project({"en/faq/a.md": article(author="Sam"), "es/faq/b.md": article()}))
    result = run("build", "--strict")
    assert result.exit_code == 1
    assert result.stderr == (f"{UNKNOWN_AUTHOR}\n"
                             "content: error: build stopped: 1 problem(s); the previous site is untouched\n")


def test_check_and_build_name_notes_alike_and_share_the_strict_rule(bilingual, at):
    """A missing translation is a note in both: listed by check, counted by build, fatal in neither."""
    at(bilingual)
    check = run("check", "--strict")
    assert (check.exit_code, check.stderr) == (0, f"{MISSING_ES}\n{CHECK_SUMMARY_BILINGUAL}\n")
    build = run("build", "--strict")
    assert build.exit_code == 0, build.output
    assert build.stderr.splitlines()[0] == ("1 note(s) (missing or stale translations); run `helpcenter check` to "
                                            "list them")
    assert "warning" not in build.stderr


def test_placeholder_of_new_is_a_warning_in_check_and_fails_build_strict(make_project, at):
    project = at(make_project({"es/devoluciones/como.md": article("¿Cómo?")}))
    assert run("new", "es/devoluciones/prueba").exit_code == 0
    warning = ("content/es/devoluciones/prueba.md:8: warning: placeholder text from `helpcenter new`; write the "
               "article in its place (the line ends with <!-- helpcenter:placeholder -->)")
    check = run("check")
    assert (check.exit_code, check.stderr) == (0, f"{warning}\n0 error(s), 1 warning(s), 0 note(s) in 2 article(s) "
                                                  "(es 2)\n")
    assert run("check", "--strict").exit_code == 1
    strict = run("build", "--strict")
    assert (strict.exit_code, strict.stderr) == (1, f"{warning}\ncontent: error: build stopped: 1 problem(s); the "
                                                    "previous site is untouched\n")
    assert not (project.root / "site").exists()
    build = run("build")
    assert build.exit_code == 0
    assert build.stderr.splitlines()[0] == warning


@pytest.mark.parametrize("site_dir, shown, why", [
    ("content", "content", "it is or holds your content"),
    (".", ".", "it is or holds your help center (mkdocs.yml)"),
    ("content/en/out", "content/en/out", "it lies inside your content"),
])
def test_build_refuses_to_write_over_content(bilingual, at, site_dir, shown, why):
    at(bilingual)
    result = run("build", "--site-dir", site_dir)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"{shown}: error: refusing to build into this folder: {why}; choose another "
                                  "--site-dir, such as site/\n")
    assert sorted(p.name for p in bilingual.content.iterdir()) == ["en", "es"]


# --------------------------------------------------------------------------- new

def test_new_creates_an_article_that_loads_cleanly(make_project, at):
    project = at(make_project({"en/returns/how.md": article()}))
    result = run("new", "en/returns/exchange")
    assert (result.exit_code, result.stdout) == (0, "Created content/en/returns/exchange.md\n")
    path = project.content / "en/returns/exchange.md"
    assert path.read_text(encoding="utf-8").startswith("---\ntitle: Exchange\nsummary: \ncategories: []\nupdated: ")
    content = load_content(project.content, project_root=project.root, git_dates=False)
    assert content.problems == []
    assert {a.slug: a.title for a in content.articles()} == {"how": "How do I return an item?",
                                                             "exchange": "Exchange"}


def test_new_with_title_and_id_in_a_new_section(make_project, at):
    project = at(make_project({"en/returns/how.md": article()}))
    result = run("new", "es/devoluciones/como-devolver.md", "--title", "Devoluciones: cómo", "--id", "returns/how")
    assert result.exit_code == 0
    [a] = load_content(project.content, project_root=project.root, git_dates=False).articles("es")
    assert (a.title, a.id, a.section, a.slug) == ("Devoluciones: cómo", "returns/how", "devoluciones", "como-devolver")


def test_new_refuses_to_overwrite(make_project, at):
    project = at(make_project({"en/returns/exchange.md": article("Mine")}))
    result = run("new", "en/returns/exchange")
    assert result.exit_code == 1
    assert result.stderr == ("content/en/returns/exchange.md: error: the file already exists; edit it, or choose "
                             "another slug\n")
    assert (project.content / "en/returns/exchange.md").read_text(encoding="utf-8") == article("Mine")


NEW_USAGE = "Usage: helpcenter new [OPTIONS] LANG/SECTION/SLUG\nTry 'helpcenter new --help' for help.\n\nError: "


@pytest.mark.parametrize("args, message", [
    (["xx/returns/a"], "unknown language 'xx'; use a code such as en, es, fr, de, pt or pt-BR"),
    (["en/returns/bad slug"], "the slug 'bad slug' must use letters, digits, - and _ only"),
    (["en/my returns/a"], "the section 'my returns' must use letters, digits, - and _ only"),
    (["en/returns"], "expected LANG/SECTION/SLUG such as en/returns/exchange-an-item, not 'en/returns'"),
    (["es/returns"], "expected LANG/SECTION/SLUG such as en/returns/exchange-an-item, not 'es/returns'"),
    (["en/returns/a/b"], "expected LANG/SECTION/SLUG such as en/returns/exchange-an-item, not 'en/returns/a/b'"),
    (["en/returns/a", "--title", " \t "], "--title is empty; give the article a title such as 'How do I return an "
                                          "item?'"),
    (["en/returns/a", "--id", "../x"], "--id '../x' is not an article id; use letters, digits, -, _, . and / such as "
                                      "returns/how-to-return (no spaces, line breaks or '..')"),
])
def test_new_usage_errors_exit_2(make_project, at, args, message):
    project = at(make_project({"en/returns/how.md": article()}))
    result = run("new", *args)
    assert (result.exit_code, result.stderr) == (2, NEW_USAGE + message + "\n")
    assert sorted(p.name for p in project.content.rglob("*")) == ["en", "how.md", "returns"]


def test_new_without_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "en/returns/exchange")
    assert result.exit_code == 1
    assert result.stderr.startswith("mkdocs.yml: error: config file not found;")
    assert not (tmp_path / "content").exists()


# --------------------------------------------------------------------------- serve

def test_serve_usage_errors_exit_2(bilingual, at):
    at(bilingual)
    usage = "Usage: helpcenter serve [OPTIONS]\nTry 'helpcenter serve --help' for help.\n\nError: "
    result = run("serve", "--lang", "fr")
    assert (result.exit_code, result.stderr) == (2, usage + "--lang: no language 'fr' to serve; choose one of en, "
                                                         "es\n")
    result = run("serve", "--dev-addr", "localhost")
    assert (result.exit_code, result.stderr) == (2, usage + "--dev-addr 'localhost' is not HOST:PORT, such as "
                                                         "127.0.0.1:8000\n")


# --------------------------------------------------------------------------- the installed script

def test_console_script_reports_bad_input_without_traceback(make_project):
    project = make_project()
    project.config.write_text("site_name: Shop\ntheme: [material\n", encoding="utf-8")
    script = shutil.which("helpcenter")
    assert script, "the helpcenter console script is not installed (pip install -e .)"
    result = subprocess.run([script, "check"], cwd=project.root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "mkdocs.yml:3: error: invalid YAML: expected ',' or ']', but got '<stream end>'\n"
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- -q

def test_quiet_build_prints_nothing_but_problems(gap_project, at):
    project = at(gap_project())
    result = run("build", "-q", "--tickets", str(project.tickets))
    assert result.exit_code == 0
    assert result.stderr == ""


def test_quiet_gaps_and_check_print_nothing_when_all_is_well(gap_project, at):
    project = at(gap_project())
    assert run("gaps", "-q", "--tickets", str(project.tickets)).stderr == ""
    assert run("tag", "-q").stderr == ""


def test_build_time_counts_all_its_work(gap_project):
    """The summary's seconds cover checks, tickets, gaps and reports, not only MkDocs."""
    import time

    from generator.commands import build

    project = gap_project()
    started = time.perf_counter()
    result = build(project.config, tickets=[project.tickets], jobs=1)
    wall = time.perf_counter() - started
    assert result.reports and 0.95 * wall <= result.seconds <= wall


def test_reports_go_beside_the_config_that_was_built(gap_project, tmp_path, monkeypatch):
    """Building another project's config from here writes its reports there, never into ./reports."""
    project = gap_project(tmp_path / "shop")
    here = tmp_path / "elsewhere"
    (here / "reports").mkdir(parents=True)
    (here / "reports" / "gaps.json").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(here)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = run("build", "--config", str(project.config), "--site-dir", str(tmp_path / "x"), "--tickets", str(empty))
    assert result.exit_code == 0, result.output
    reports = project.root / "reports"
    assert result.stderr.splitlines()[-1] == "Gap reports: " + ", ".join(
        str(reports / name) for name in ("gaps.json", "gaps.md", "gaps.html", "gaps.csv"))
    assert sorted(p.name for p in (here / "reports").iterdir()) == ["gaps.json"]
    assert (here / "reports" / "gaps.json").read_text(encoding="utf-8") == "mine"
    assert json.loads((reports / "gaps.json").read_text(encoding="utf-8"))["tickets"]["total"] == 0
