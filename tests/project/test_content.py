"""generator/content.py: content/<lang>/<section>/<slug>.md -> Content, and every problem it reports."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest

from tests.conftest import article
from generator.project.content import (Content, check_categories, check_content, check_links, check_translations,
                               load_content)
from generator.errors import Problem


def load(project, **kwargs) -> Content:
    """Load a project's content without asking git (the git test opts in)."""
    kwargs.setdefault("git_dates", False)
    return load_content(project.content, project_root=project.root, **kwargs)


def shown(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


UNKNOWN_KEYS = "(known keys: title, id, summary, categories, tags, updated, search_aliases, promoted, order)"


# --------------------------------------------------------------------------- the model

def test_article_fields_come_from_front_matter(make_project):
    project = make_project({"en/returns/how-to-return.md": article(
        "How do I return an item?", "Use the form.", summary="Return within 30 days.", categories="[returns]",
        tags="[labels, post]", search_aliases="[send back, give back]", promoted="true", updated="2026-10-20")})
    content = load(project)
    assert content.problems == []
    [a] = content.articles()
    assert (a.lang, a.section, a.slug, a.id) == ("en", "returns", "how-to-return", "returns/how-to-return")
    assert a.title == "How do I return an item?"
    assert a.summary == "Return within 30 days."
    assert a.categories == ["returns"]
    assert a.tags == ["labels", "post"]
    assert a.search_aliases == ["send back", "give back"]
    assert a.promoted is True
    assert (a.updated, a.updated_from) == (dt.date(2026, 10, 20), "front matter")
    assert a.url == "returns/how-to-return/"
    assert a.docs_path == "returns/how-to-return.md"
    assert a.source == "content/en/returns/how-to-return.md"
    assert a.path == project.content / "en/returns/how-to-return.md"
    assert a.body == "\nUse the form.\n"
    assert a.body_line == 10


def test_optional_fields_default_to_empty(make_project):
    [a] = load(make_project({"en/faq/hours.md": article("Opening hours")})).articles()
    assert (a.summary, a.categories, a.tags, a.search_aliases, a.promoted) == ("", [], [], [], False)


def test_explicit_id_replaces_section_slug(make_project):
    [a] = load(make_project({"en/faq/hours.md": article("Hours", id="support/opening-hours")})).articles()
    assert a.id == "support/opening-hours"


def test_single_string_becomes_a_one_item_list(make_project):
    [a] = load(make_project({"en/faq/hours.md": article("Hours", tags="opening", categories="other")})).articles()
    assert (a.tags, a.categories) == (["opening"], ["other"])


def test_section_title_order_icon_and_intro_from_index(bilingual):
    section = load(bilingual).languages["en"].sections["returns"]
    assert (section.title, section.order, section.icon) == ("Returns and refunds", 1, "material/keyboard-return")
    assert section.intro == "Send things back."
    assert section.url == "returns/"
    assert [a.slug for a in section.articles] == ["how-to-return", "refunds"]


def test_section_without_index_is_titled_from_its_folder(make_project):
    section = load(make_project({"en/getting-started/hello.md": article()})).languages["en"].sections[
        "getting-started"]
    assert (section.title, section.order, section.icon, section.intro) == ("Getting started", None, None, "")


def test_section_index_with_bad_order_is_an_error(make_project):
    project = make_project({"en/faq/index.md": article("FAQ", order="first"), "en/faq/a.md": article()})
    assert shown(load(project).problems) == [
        "content/en/faq/index.md:3: error: front matter 'order' must be a whole number such as 10"]


def test_sections_sort_by_order_then_title(make_project):
    project = make_project({
        "en/zeta/index.md": article("Zeta", order=1), "en/zeta/a.md": article(),
        "en/alpha/a.md": article(), "en/beta/a.md": article(),
    })
    assert [s.name for s in load(project).languages["en"].sorted_sections()] == ["zeta", "alpha", "beta"]


def test_home_title_and_intro_from_language_index(make_project):
    project = make_project({"en/index.md": article("Lumen help", "We answer fast."), "en/faq/a.md": article()})
    language = load(project).languages["en"]
    assert (language.home_title, language.home_intro) == ("Lumen help", "We answer fast.")
    assert language.name == "English"


def test_non_markdown_files_are_assets(make_project):
    project = make_project({"en/returns/a.md": article(), "en/returns/img/label.png": b"\x89PNG"})
    assert load(project).languages["en"].assets == [project.content / "en/returns/img/label.png"]


# --------------------------------------------------------------------------- languages

def test_default_language_is_en_when_present(make_project):
    content = load(make_project({"fr/faq/a.md": article(), "en/faq/a.md": article(), "de/faq/a.md": article()}))
    assert content.default_language == "en"
    assert list(content.languages) == ["de", "en", "fr"]


def test_default_language_is_first_sorted_without_en(make_project):
    content = load(make_project({"fr/faq/a.md": article(), "de/faq/a.md": article()}))
    assert content.default_language == "de"


def test_pinned_languages_keep_their_order(make_project):
    project = make_project({"en/faq/a.md": article(), "es/faq/a.md": article()})
    content = load(project, languages=["es", "en"])
    assert list(content.languages) == ["es", "en"]
    assert content.default_language == "en"


def test_pinned_default_language_comes_first(make_project):
    content = load(make_project({"en/faq/a.md": article(), "fr/faq/a.md": article()}), default_language="fr")
    assert content.default_language == "fr"
    assert list(content.languages) == ["fr", "en"]


def test_default_language_without_folder_is_an_error(make_project):
    content = load(make_project({"en/faq/a.md": article()}), default_language="fr")
    assert shown(content.problems) == [
        "content: error: the default language 'fr' (extra.helpcenter.default_language) has no folder content/fr; "
        "create it or change the setting"]


def test_language_folder_not_pinned_is_a_note_and_not_loaded(make_project):
    content = load(make_project({"en/faq/a.md": article(), "fr/faq/a.md": article()}), languages=["en"])
    assert list(content.languages) == ["en"]
    assert shown(content.problems) == [
        "content/fr: note: language folder 'fr' is not in extra.helpcenter.languages, so it is not published; "
        "add it to the list to publish it"]


def test_pinned_language_without_folder_is_an_error(make_project):
    content = load(make_project({"en/faq/a.md": article()}), languages=["en", "es"])
    assert shown(content.problems) == [
        "content: error: language 'es' is listed in extra.helpcenter.languages but there is no folder content/es; "
        "create it or remove it from the list"]


def test_region_language_folder_is_a_language(make_project):
    assert list(load(make_project({"pt-BR/faq/a.md": article()})).languages) == ["pt-BR"]


def test_unknown_language_folders_are_errors(make_project):
    project = make_project({"en/faq/a.md": article(), "english/faq/a.md": article(), "xx/faq/a.md": article()})
    assert shown(load(project).problems) == [
        "content/english: error: unknown language folder 'english'; did you mean 'en'? Name language folders by "
        "code (en, es, fr, de, pt, pt-BR), or start the name with _ to keep other files here",
        "content/xx: error: unknown language folder 'xx'. Name language folders by code (en, es, fr, de, pt, "
        "pt-BR), or start the name with _ to keep other files here",
    ]


def test_underscore_and_dot_folders_are_not_languages(make_project):
    project = make_project({"en/faq/a.md": article(), "_tickets/export.csv": "id,subject\n",
                            ".git/HEAD": "ref: refs/heads/main\n"})
    content = load(project)
    assert content.problems == []
    assert list(content.languages) == ["en"]


def test_missing_content_folder(make_project):
    content = load(make_project())
    assert shown(content.problems) == [
        "content: error: content folder not found; create it with one folder per language (content/en, "
        "content/es, ...) or set extra.helpcenter.content_dir"]


def test_empty_content_folder(make_project):
    project = make_project()
    project.content.mkdir()
    assert shown(load(project).problems) == [
        "content: error: no language folders; create one such as content/en with a section folder and an article"]


# --------------------------------------------------------------------------- translations

def test_translations_are_linked_by_id(bilingual):
    groups = load(bilingual).translations()
    assert sorted(groups) == ["returns/how-to-return", "returns/refunds"]
    group = groups["returns/how-to-return"]
    assert sorted(group) == ["en", "es"]
    assert group["es"].slug == "como-devolver"
    assert group["es"].title == "¿Cómo hago una devolución?"
    assert list(groups["returns/refunds"]) == ["en"]


def test_missing_translation_is_a_warning_on_the_original(bilingual):
    assert shown(check_translations(load(bilingual))) == [
        "content/en/returns/refunds.md: note: missing es translation (id 'returns/refunds')"]


def test_stale_translation_is_a_warning_on_the_translation(make_project):
    project = make_project({
        "en/faq/a.md": article("A", updated="2026-10-20"),
        "es/faq/a.md": article("A", updated="2026-09-01"),
    })
    assert shown(check_translations(load(project))) == [
        "content/es/faq/a.md:3: note: stale translation: the en original was updated 2026-10-20, this one "
        "2026-09-01; update the translation and its `updated` date"]


def test_translation_newer_than_original_is_not_stale(make_project):
    project = make_project({
        "en/faq/a.md": article("A", updated="2026-09-01"),
        "es/faq/a.md": article("A", updated="2026-10-20"),
    })
    assert check_translations(load(project)) == []


def test_orphan_translation_is_a_warning(make_project):
    project = make_project({"en/faq/a.md": article(), "es/faq/a.md": article(),
                            "es/faq/b.md": article("B", id="faq/not-in-english")})
    assert shown(check_translations(load(project))) == [
        "content/es/faq/b.md:3: note: no en original with id 'faq/not-in-english'; translations are linked by "
        "id, so check the id or add the original"]


# --------------------------------------------------------------------------- updated

def test_updated_falls_back_to_mtime(make_project):
    project = make_project({"en/faq/a.md": article()})
    stamp = dt.datetime(2025, 3, 4, 12, 0, tzinfo=dt.timezone.utc).timestamp()
    os.utime(project.content / "en/faq/a.md", (stamp, stamp))
    [a] = load(project).articles()
    assert (a.updated, a.updated_from) == (dt.date(2025, 3, 4), "mtime")


def test_updated_comes_from_last_git_commit(make_project):
    project = make_project({"en/faq/a.md": article(), "en/faq/b.md": article("B")})
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args, date=None):
        extra = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        subprocess.run(["git", "-C", str(project.root), *args], check=True, capture_output=True,
                       env={**env, **extra})

    git("init", "-q")
    git("add", "content/en/faq/a.md")
    git("commit", "-q", "-m", "first", date="2024-05-06T12:00:00+00:00")
    stamp = dt.datetime(2025, 3, 4, 12, 0, tzinfo=dt.timezone.utc).timestamp()
    os.utime(project.content / "en/faq/b.md", (stamp, stamp))

    articles = {a.slug: a for a in load(project, git_dates=True).articles()}
    assert (articles["a"].updated, articles["a"].updated_from) == (dt.date(2024, 5, 6), "git")
    assert (articles["b"].updated, articles["b"].updated_from) == (dt.date(2025, 3, 4), "mtime")


def test_front_matter_updated_beats_git(make_project):
    project = make_project({"en/faq/a.md": article(updated="2026-01-02")})
    [a] = load(project, git_dates=True).articles()
    assert (a.updated, a.updated_from) == (dt.date(2026, 1, 2), "front matter")


def test_updated_datetime_is_reduced_to_its_date(make_project):
    [a] = load(make_project({"en/faq/a.md": article(updated="2026-10-20 10:30:00")})).articles()
    assert a.updated == dt.date(2026, 10, 20)


# --------------------------------------------------------------------------- reading files

def test_bom_is_accepted_with_a_warning(make_project):
    project = make_project({"en/faq/a.md": b"\xef\xbb\xbf" + article("With BOM").encode()})
    content = load(project)
    assert [a.title for a in content.articles()] == ["With BOM"]
    assert shown(content.problems) == [
        "content/en/faq/a.md:1: warning: the file starts with a byte-order mark (BOM); it was ignored, but saving "
        "as UTF-8 without BOM avoids surprises in other tools"]


def test_crlf_is_accepted_silently(make_project):
    project = make_project({"en/faq/a.md": b"---\r\ntitle: Windows\r\n---\r\nline one\r\nline two\r\n"})
    content = load(project)
    assert content.problems == []
    [a] = content.articles()
    assert (a.title, a.body) == ("Windows", "line one\nline two\n")


def test_non_utf8_bytes_report_line_and_column(make_project):
    project = make_project({"en/faq/a.md": b"---\ntitle: Latin-1\n---\n\nCaf\xe9 au lait\n"})
    assert shown(load(project).problems) == [
        "content/en/faq/a.md:5: error: not valid UTF-8 (byte 0xe9 at column 4); re-save the file as UTF-8"]


def test_empty_file(make_project):
    assert shown(load(make_project({"en/faq/a.md": ""})).problems) == [
        "content/en/faq/a.md: error: the file is empty; add front matter with a title and some text, or delete "
        "the file"]


def test_no_front_matter(make_project):
    assert shown(load(make_project({"en/faq/a.md": "# Just a heading\n"})).problems) == [
        "content/en/faq/a.md:1: error: no front matter; start the file with a --- line, a line such as "
        "`title: How do I return an item?`, and another --- line"]


def test_unclosed_front_matter(make_project):
    assert shown(load(make_project({"en/faq/a.md": "---\ntitle: Open\n\nBody.\n"})).problems) == [
        "content/en/faq/a.md:1: error: front matter is not closed; add a line with --- after the last setting"]


@pytest.mark.parametrize("front, kind", [("- title\n- summary", "list"), ("just a title", "single value")])
def test_front_matter_must_be_a_mapping(make_project, front, kind):
    project = make_project({"en/faq/a.md": f"---\n{front}\n---\nBody.\n"})
    assert shown(load(project).problems) == [
        f"content/en/faq/a.md:2: error: front matter must be a mapping of `key: value` lines, not a {kind}"]


def test_invalid_yaml_reports_its_line_in_the_file(make_project):
    project = make_project({"en/faq/a.md": "---\ntitle: A\nsummary: Note: colons\ntags: [x]\n---\nBody.\n"})
    assert shown(load(project).problems) == [
        "content/en/faq/a.md:3: error: invalid YAML in front matter: mapping values are not allowed here; check "
        "the quoting and indentation of this line"]


def test_missing_title(make_project):
    assert shown(load(make_project({"en/faq/a.md": "---\nsummary: No title\n---\nBody.\n"})).problems) == [
        "content/en/faq/a.md:1: error: missing required front matter key 'title'; add a line such as "
        "`title: How do I return an item?`"]


def test_title_must_be_text(make_project):
    assert shown(load(make_project({"en/faq/a.md": "---\ntitle: [a, b]\n---\n"})).problems) == [
        "content/en/faq/a.md:2: error: front matter 'title' must be non-empty text"]


def test_bad_types_are_reported_on_their_lines(make_project):
    project = make_project({"en/faq/a.md": article(categories="5", updated="soon", promoted="maybe")})
    content = load(project)
    assert content.articles() == []
    assert shown(content.problems) == [
        "content/en/faq/a.md:3: error: front matter 'categories' must be a list of text, such as "
        "[returns, refunds]",
        "content/en/faq/a.md:4: error: front matter 'updated' must be a date such as 2026-10-20, not 'soon'",
        "content/en/faq/a.md:5: error: front matter 'promoted' must be true or false",
    ]


def test_impossible_date_is_reported_not_raised(make_project):
    assert shown(load(make_project({"en/faq/a.md": article(updated="2026-13-45")})).problems) == [
        "content/en/faq/a.md:3: error: front matter 'updated' must be a date such as 2026-10-20, not '2026-13-45'"]


def test_id_with_dotdot_is_an_error(make_project):
    assert shown(load(make_project({"en/faq/a.md": article(id="../escape")})).problems) == [
        "content/en/faq/a.md:3: error: front matter 'id' must be text such as 'returns/how-to-return' "
        "(letters, digits, -, _, . and /)"]


def test_unknown_front_matter_key_is_a_warning(make_project):
    content = load(make_project({"en/faq/a.md": article(author="Sam")}))
    assert len(content.articles()) == 1
    assert shown(content.problems) == [
        f"content/en/faq/a.md:3: warning: unknown front matter key 'author' is ignored {UNKNOWN_KEYS}"]


def test_mkdocs_keys_pass_through_without_warning(make_project):
    content = load(make_project({"en/faq/a.md": article(hide="[toc]", template="custom.html")}))
    assert content.problems == []
    assert content.articles()[0].meta == {"title": "How do I return an item?", "hide": ["toc"],
                                          "template": "custom.html"}


# --------------------------------------------------------------------------- layout

def test_duplicate_id_reports_the_second_file_naming_the_first(make_project):
    project = make_project({"en/faq/a.md": article("A", id="same"), "en/faq/b.md": article("B", id="same")})
    content = load(project)
    assert [a.slug for a in content.articles()] == ["a"]
    assert shown(content.problems) == [
        "content/en/faq/b.md:3: error: duplicate id 'same': content/en/faq/a.md has it too; give each article in "
        "a language its own id (translations share ids across languages)"]


def test_same_id_in_two_languages_is_not_a_duplicate(bilingual):
    assert load(bilingual).problems == []


@pytest.mark.parametrize("name, fault, fixed", [
    ("a..b.md", "contains '..'", "a-b.md"),
    ("bad slug.md", "contains spaces", "bad-slug.md"),
    ("café.md", "has characters other than letters, digits, - and _", "cafe.md"),
])
def test_bad_slug(make_project, name, fault, fixed):
    assert shown(load(make_project({f"en/faq/{name}": article()})).problems) == [
        f"content/en/faq/{name}: error: file name {name!r} {fault}; rename it to {fixed} "
        "(letters, digits, - and _)"]


def test_section_folder_with_spaces(make_project):
    assert shown(load(make_project({"en/my faq/a.md": article()})).problems) == [
        "content/en/my faq/a.md: error: section folder name 'my faq' contains spaces; rename the folder to "
        "'my-faq'"]


def test_article_directly_in_language_folder(make_project):
    assert shown(load(make_project({"en/stray.md": article()})).problems) == [
        "content/en/stray.md: error: articles belong in a section folder; move it to content/en/<section>/stray.md"]


def test_nested_article(make_project):
    assert shown(load(make_project({"en/faq/deeper/a.md": article()})).problems) == [
        "content/en/faq/deeper/a.md: error: articles sit directly in a section folder "
        "(content/en/<section>/<slug>.md); sub-folders are for images only"]


def test_every_problem_in_every_file_is_reported_in_one_pass(make_project):
    project = make_project({
        "en/faq/a.md": "",
        "en/faq/b.md": "---\ntitle: B\n",
        "en/faq/c.md": article(promoted="often"),
        "en/faq/d.md": article(body="[gone](gone.md)"),
        "en/faq/ok.md": article(),
        "es/faq/e.md": "---\nsummary: x\n---\n",
    })
    content = load(project)
    assert [(p.path, p.code) for p in check_content(content, project.root)] == [
        ("content/en/faq/a.md", "empty-file"),
        ("content/en/faq/b.md", "unclosed-front-matter"),
        ("content/en/faq/c.md", "bad-type"),
        ("content/en/faq/d.md", "missing-translation"),
        ("content/en/faq/d.md", "broken-link"),
        ("content/en/faq/ok.md", "missing-translation"),
        ("content/es/faq/e.md", "missing-title"),
    ]


# --------------------------------------------------------------------------- links and images

def test_broken_link_and_missing_image_with_lines(make_project):
    project = make_project({"en/faq/a.md": article(body="""
        Intro.

        See [the other page](missing.md#top).
        ![Label](img/label.png)
    """)})
    assert shown(check_links(load(project), project.root)) == [
        "content/en/faq/a.md:7: error: link target 'missing.md' does not exist; link to the .md file, relative to "
        "this one",
        "content/en/faq/a.md:8: error: image target 'img/label.png' does not exist; add the file or fix the path, "
        "relative to this article",
    ]


def test_links_that_resolve_are_fine(make_project):
    project = make_project({
        "en/faq/a.md": article(body="[b](b.md) [b title](b.md \"Title\") ![i](img/i.png) [sec](../shipping/c.md)"),
        "en/faq/b.md": article("B"), "en/faq/img/i.png": b"png", "en/shipping/c.md": article("C"),
    })
    assert check_links(load(project), project.root) == []


def test_external_mailto_and_anchor_links_are_ignored(make_project):
    project = make_project({"en/faq/a.md": article(
        body="[web](https://example.com/x.md) [mail](mailto:help@example.com) [here](#steps) [tel](tel:+123)")})
    assert check_links(load(project), project.root) == []


def test_links_in_code_fences_are_ignored(make_project):
    project = make_project({"en/faq/a.md": article(body="""
        ```markdown
        [not a link](nowhere.md)
        ```
        ~~~
        ![nor this](none.png)
        ~~~
    """)})
    assert check_links(load(project), project.root) == []


def test_links_in_inline_code_are_ignored(make_project):
    project = make_project({"en/faq/a.md": article(body="Write `[text](page.md)` or ``![alt](img.png)``.")})
    assert check_links(load(project), project.root) == []


def test_cross_language_links(make_project):
    project = make_project({
        "en/faq/a.md": article(body="[es](../../es/faq/a.md)\n[gone](../../es/faq/nope.md)"),
        "es/faq/a.md": article("A"),
    })
    assert shown(check_links(load(project), project.root)) == [
        "content/en/faq/a.md:6: error: link target '../../es/faq/nope.md' does not exist; link to the .md file, "
        "relative to this one"]


# --------------------------------------------------------------------------- categories

def test_unknown_category_is_an_error(make_project):
    project = make_project({"en/faq/a.md": article(categories="[returns, teleport]")})
    assert shown(check_categories(load(project), {"returns", "shipping"})) == [
        "content/en/faq/a.md:3: error: unknown category 'teleport'; use a taxonomy id (returns, shipping) or add "
        "it to content/categories.yml"]


def test_known_categories_pass(bilingual):
    assert check_categories(load(bilingual), {"returns"}) == []


# --------------------------------------------------------------------------- order within a section

def test_articles_are_ordered_by_order_then_promoted_then_title(make_project):
    content = load(make_project({
        "es/faq/a.md": article("¿Puedo cambiar un artículo?"),
        "es/faq/b.md": article("Él envío internacional"),
        "es/faq/c.md": article("¿Cómo hago una devolución?", order=2),
        "es/faq/d.md": article("'Zapatos: guía de tallas'", promoted="true"),
        "es/faq/e.md": article("'Paso 10: el reembolso'"),
        "es/faq/f.md": article("'Paso 2: la etiqueta'"),
        "es/faq/g.md": article("Devoluciones gratis", order=1),
        "es/faq/h.md": article("échanges"),
        "es/faq/i.md": article("Envíos", order=-5),
    }))
    assert content.problems == []
    assert [a.title for a in content.languages["es"].sections["faq"].articles] == [
        "Envíos", "Devoluciones gratis", "¿Cómo hago una devolución?",  # order: -5, 1, 2
        "Zapatos: guía de tallas",  # promoted
        "échanges", "Él envío internacional", "Paso 2: la etiqueta", "Paso 10: el reembolso",
        "¿Puedo cambiar un artículo?",  # by title: accents, case and a leading ¿ ignored, numbers by value
    ]


@pytest.mark.parametrize("value, message", [
    ("first", "front matter 'order' must be a whole number such as 10"),
    ("1.5", "front matter 'order' must be a whole number such as 10"),
    ("true", "front matter 'order' must be a whole number such as 10"),
])
def test_order_must_be_a_whole_number(make_project, value, message):
    content = load(make_project({"en/faq/a.md": article(order=value)}))
    assert shown(content.problems) == [f"content/en/faq/a.md:3: error: {message}"]
    assert content.articles() == []
