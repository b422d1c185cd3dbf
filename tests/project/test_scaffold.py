"""generator/project/scaffold.py: ``helpcenter new`` never writes a file ``helpcenter check`` would reject.

The old code wrote ``--id`` as it came (``$'x\\nhide: [navigation]'`` added a key; ``../x`` an id
check rejects) and left titles such as ``null``, ``yes`` or ``- a list`` unquoted (read back as
nothing, a boolean, invalid YAML).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from generator.errors import HelpcenterError
from generator.project.content import load_content
from generator.project.scaffold import create_article, render_article
from tests.conftest import article

TODAY = dt.date(2026, 10, 20)


@pytest.fixture
def project(make_project, monkeypatch):
    project = make_project({"en/returns/how.md": article()})
    monkeypatch.chdir(project.root)
    return project


def new(target: str, **options):
    return create_article("mkdocs.yml", target, today=TODAY, **options)


def refused(target: str, **options) -> str:
    with pytest.raises(HelpcenterError) as caught:
        new(target, **options)
    return str(caught.value)


def loaded(project) -> dict:
    content = load_content(project.content, project_root=project.root, git_dates=False)
    assert content.problems == []
    return {a.slug: (a.title, a.id) for a in content.articles()}


def files(project) -> list[str]:
    return sorted(str(p.relative_to(project.content)) for p in project.content.rglob("*"))


def test_new_article_text(project):
    path = new("en/returns/exchange")
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: Exchange\nsummary: \ncategories: []\nupdated: 2026-10-20\n---\n\n"
        "Write the answer first, in one or two sentences. Then the steps. <!-- helpcenter:placeholder -->\n")
    assert loaded(project)["exchange"] == ("Exchange", "returns/exchange")


@pytest.mark.parametrize("lang, body", [
    ("en", "Write the answer first, in one or two sentences. Then the steps."),
    ("es", "Escribe primero la respuesta, en una o dos frases. Después, los pasos."),
    ("fr", "Écrivez d'abord la réponse, en une ou deux phrases. Puis les étapes."),
    ("de", "Schreiben Sie zuerst die Antwort, in einem oder zwei Sätzen. Dann die Schritte."),
    ("pt", "Escreva primeiro a resposta, em uma ou duas frases. Depois, os passos."),
    ("pt-BR", "Escreva primeiro a resposta, em uma ou duas frases. Depois, os passos."),
    ("it", "Scrivi prima la risposta, in una o due frasi. Poi i passaggi."),
    ("nl", "Schrijf eerst het antwoord, in een of twee zinnen. Daarna de stappen."),
    ("sv", "Write the answer first, in one or two sentences. Then the steps."),
])
def test_the_placeholder_is_in_the_target_language_and_marked(project, lang, body):
    path = new(f"{lang}/returns/prueba")
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: Prueba\nsummary: \ncategories: []\nupdated: 2026-10-20\n---\n\n"
        f"{body} <!-- helpcenter:placeholder -->\n")


def test_check_warns_about_the_placeholder_until_it_is_replaced(project):
    from generator.project.content import check_placeholders

    path = new("es/returns/prueba")

    def warnings() -> list[str]:
        content = load_content(project.content, project_root=project.root, git_dates=False)
        return [str(p) for p in check_placeholders(content)]

    assert warnings() == ["content/es/returns/prueba.md:8: warning: placeholder text from `helpcenter new`; write "
                          "the article in its place (the line ends with <!-- helpcenter:placeholder -->)"]
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Escribe primero la respuesta, en una o dos frases. Después, los pasos. <!-- helpcenter:placeholder -->",
        "Tienes 30 días para devolver un artículo."), encoding="utf-8")
    assert warnings() == []


@pytest.mark.parametrize("title, line", [
    ("null", "title: 'null'"), ("yes", "title: 'yes'"), ("- a list", "title: '- a list'"),
    ("2026-01-01", "title: '2026-01-01'"), ("123", "title: '123'"), ("&a x", "title: '&a x'"),
    ("It's \"quoted\": yes # no comment", "title: 'It''s \"quoted\": yes # no comment'"),
    ("Devoluciones: cómo", "title: 'Devoluciones: cómo'"), ("---", "title: '---'"), ("\ufeffBOM", 'title: "\\uFEFFBOM"'),
])
def test_titles_are_quoted_where_yaml_needs_it_and_read_back_as_written(project, title, line):
    # Old: null -> missing title, yes/2026-01-01 -> not text, "- a list" -> invalid YAML.
    path = new("en/returns/x", title=title)
    assert path.read_text(encoding="utf-8").split("\n")[1] == line
    assert loaded(project)["x"] == (title.strip(), "returns/x")


@pytest.mark.parametrize("title", ["a\npromoted: true", "tab\there", "bell\x07", "line\u2028separator", "n\x85el"])
def test_a_title_is_one_line_of_text(project, title):
    # Old: "a\npromoted: true" was written JSON-quoted as a two-line title; "line\u2028separator" broke the YAML.
    assert refused("en/returns/x", title=title) == (
        f"--title {title!r} is not one line of text; leave out line breaks, tabs and other control characters")
    assert files(project) == ["en", "en/returns", "en/returns/how.md"]


def test_a_blank_title_is_refused(project):
    assert refused("en/returns/x", title="   ") == (
        "--title is empty; give the article a title such as 'How do I return an item?'")


@pytest.mark.parametrize("article_id", ["x\nhide: [navigation]", "../../etc", "returns/how to", "returns/..", "",
                                        "/returns", "returns/é"])
def test_ids_must_match_the_id_pattern(project, article_id):
    # Old: `--id $'x\nhide: [navigation]'` wrote `id: x` and a `hide: [navigation]` key that check accepted.
    assert refused("en/returns/x", article_id=article_id) == (
        f"--id {article_id!r} is not an article id; use letters, digits, -, _, . and / such as "
        "returns/how-to-return (no spaces, line breaks or '..')")
    assert files(project) == ["en", "en/returns", "en/returns/how.md"]


@pytest.mark.parametrize("article_id", ["returns/how", "true", "1.5", "2026-01-01", "a.b_c-d/e"])
def test_ids_that_look_like_other_yaml_stay_text(project, article_id):
    new("es/devoluciones/x", article_id=article_id)
    content = load_content(project.content, project_root=project.root, git_dates=False)
    assert [a.id for a in content.articles("es")] == [article_id]
    assert [p for p in content.problems if p.is_error] == []


def test_never_writes_over_a_file_or_a_dangling_link(project):
    (project.content / "en/returns/gone.md").symlink_to("nowhere.md")
    assert refused("en/returns/how") == (
        "content/en/returns/how.md: error: the file already exists; edit it, or choose another slug")
    assert refused("en/returns/gone") == (
        "content/en/returns/gone.md: error: the file already exists; edit it, or choose another slug")
    assert not (project.content / "en/returns/nowhere.md").exists()


def test_never_writes_beside_a_name_differing_only_in_case(project):
    assert refused("en/returns/How") == (
        "content/en/returns/How.md: error: the name differs only in case from content/en/returns/how.md; the two "
        "are one file on macOS and Windows, so use the existing name")
    assert refused("en/Returns/other") == (
        "content/en/Returns: error: the name differs only in case from content/en/returns; the two are one folder "
        "on macOS and Windows, so use the existing name")
    assert files(project) == ["en", "en/returns", "en/returns/how.md"]


def test_never_writes_through_a_link_out_of_content(project, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (project.content / "en/outside").symlink_to(tmp_path / "elsewhere")
    assert refused("en/outside/x") == (
        f"content/en/outside: error: leads out of content/ (to {tmp_path / 'elsewhere'}); new articles are written "
        "inside it only")
    assert os.listdir(tmp_path / "elsewhere") == []


def test_rendered_text_is_checked_before_it_is_written(project, monkeypatch):
    import generator.project.scaffold as scaffold

    monkeypatch.setattr(scaffold, "render_article", lambda title, article_id, updated, lang: render_article(
        title, article_id, updated, lang).replace("categories: []", "categories: []\npromoted: yes"))
    assert refused("en/returns/x") == (
        "content/en/returns/x.md: error: the new article would not read back as written (it reads as "
        "{'title': 'X', 'categories': [], 'updated': datetime.date(2026, 10, 20), 'promoted': True}); nothing was "
        "written: choose a simpler --title or --id")
    assert not (project.content / "en/returns/x.md").exists()
