"""generator/config.py: mkdocs.yml -> Config, every problem named with its line; and MkDocs accepts our keys."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO
from generator.project.config import GapSettings, load_config
from generator.errors import ConfigError

KNOWN = ("contact_url, content_dir, default_language, feedback, footer, gaps, languages, popular_articles, "
         "reports_dir, search_engine, search_misses, site_name, ticket_format, ticket_map, tickets")


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Work in tmp_path, so paths in messages are short and relative."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, text: str, name: str = "mkdocs.yml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def hc(folder: Path, settings: str) -> Path:
    """A config with ``settings`` under extra.helpcenter (settings start on line 4)."""
    return write(folder, "site_name: Shop\nextra:\n  helpcenter:\n" + textwrap.indent(textwrap.dedent(settings).strip(),
                                                                                       "    ") + "\n")


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- the file

def test_missing_config_file(in_tmp):
    assert errors_of(in_tmp / "mkdocs.yml") == [
        "mkdocs.yml: error: config file not found; run helpcenter in your help center's folder or pass --config PATH"]


def test_missing_config_message_is_the_exception_text(in_tmp):
    with pytest.raises(ConfigError, match=r"^mkdocs\.yml: error: config file not found; "):
        load_config("mkdocs.yml")


def test_invalid_yaml_names_its_line(in_tmp):
    path = write(in_tmp, "site_name: Shop\ntheme:\n  name: material\n  features: [a, b\nextra: {}\n")
    assert errors_of(path) == ["mkdocs.yml:5: error: invalid YAML: expected ',' or ']', but got ':'"]


def test_config_that_is_not_a_mapping(in_tmp):
    assert errors_of(write(in_tmp, "- site_name\n- theme\n")) == [
        "mkdocs.yml:1: error: the config must be a mapping of settings (key: value)"]


def test_missing_site_name(in_tmp):
    assert errors_of(write(in_tmp, "theme:\n  name: material\n")) == [
        "mkdocs.yml: error: Config value 'site_name': required; add a line such as `site_name: My Shop Help`"]


def test_empty_site_name_names_its_line(in_tmp):
    assert errors_of(write(in_tmp, "# help\nsite_name: ''\n")) == [
        "mkdocs.yml:2: error: Config value 'site_name': required; add a line such as `site_name: My Shop Help`"]


def test_minimal_config_has_defaults(in_tmp):
    config = load_config(write(in_tmp, "site_name: Shop\n"))
    assert config.site_name == "Shop"
    assert config.site_url is None
    assert config.root == in_tmp.resolve()
    assert config.config_file == (in_tmp / "mkdocs.yml").resolve()
    s = config.settings
    assert (s.languages, s.default_language, s.tickets, s.contact_url) == (None, None, [], {})
    assert (s.feedback, s.popular_articles, s.ticket_format, s.ticket_map) == (True, 6, "auto", {})
    assert config.content_dir == in_tmp.resolve() / "content"
    assert config.reports_dir == in_tmp.resolve() / "reports"
    assert s.gaps == GapSettings(min_tickets=5, answer_threshold=0.5, fail_under=None, findability=0.8)


def test_helpcenter_must_be_a_mapping(in_tmp):
    assert errors_of(write(in_tmp, "site_name: Shop\nextra:\n  helpcenter: yes\n")) == [
        "mkdocs.yml:3: error: Config value 'extra.helpcenter': expected a mapping of settings"]


def test_every_problem_is_reported_at_once(in_tmp):
    path = write(in_tmp, "extra:\n  helpcenter:\n    feedback: 1\n    colour: blue\n")
    assert errors_of(path) == [
        "mkdocs.yml: error: Config value 'site_name': required; add a line such as `site_name: My Shop Help`",
        "mkdocs.yml:3: error: Config value 'extra.helpcenter.feedback': expected true or false, or a path or a list of paths to form-submission exports",
        f"mkdocs.yml:4: error: Config value 'extra.helpcenter.colour': unknown setting; known settings are {KNOWN}",
    ]


# --------------------------------------------------------------------------- extra.helpcenter settings

def test_unknown_setting_lists_the_known_ones(in_tmp):
    assert errors_of(hc(in_tmp, "langauges: [en]")) == [
        f"mkdocs.yml:4: error: Config value 'extra.helpcenter.langauges': unknown setting; known settings are {KNOWN}"]


def test_languages_and_default(in_tmp):
    s = load_config(hc(in_tmp, "languages: [es, en, pt-BR]\ndefault_language: en")).settings
    assert (s.languages, s.default_language) == (["es", "en", "pt-BR"], "en")


def test_languages_with_unknown_code(in_tmp):
    assert errors_of(hc(in_tmp, "languages: [en, english]")) == [
        "mkdocs.yml:4: error: Config value 'extra.helpcenter.languages': unknown language code 'english'; use codes "
        "such as en, es, fr, de, pt or pt-BR"]


@pytest.mark.parametrize("value", ["en", "[]", "[en, 3]"])
def test_languages_must_be_a_list_of_codes(in_tmp, value):
    assert errors_of(hc(in_tmp, f"languages: {value}")) == [
        "mkdocs.yml:4: error: Config value 'extra.helpcenter.languages': expected a list of language codes, such as "
        "[en, es, fr]"]


def test_default_language_with_unknown_code(in_tmp):
    assert errors_of(hc(in_tmp, "default_language: klingon")) == [
        "mkdocs.yml:4: error: Config value 'extra.helpcenter.default_language': unknown language code 'klingon'; "
        "use codes such as en, es, fr, de, pt or pt-BR"]


def test_default_language_must_be_in_languages(in_tmp):
    assert errors_of(hc(in_tmp, "languages: [en, es]\ndefault_language: fr")) == [
        "mkdocs.yml:5: error: Config value 'extra.helpcenter.default_language': 'fr' is not in "
        "extra.helpcenter.languages"]


def test_tickets_as_one_path(in_tmp):
    assert load_config(hc(in_tmp, "tickets: exports/zendesk.csv")).settings.tickets == [
        in_tmp.resolve() / "exports/zendesk.csv"]


def test_tickets_as_a_list(in_tmp):
    assert load_config(hc(in_tmp, "tickets: [a.csv, b.json]")).settings.tickets == [
        in_tmp.resolve() / "a.csv", in_tmp.resolve() / "b.json"]


@pytest.mark.parametrize("value", ["5", "[a.csv, 5]", "{a: b}"])
def test_tickets_must_be_paths(in_tmp, value):
    assert errors_of(hc(in_tmp, f"tickets: {value}")) == [
        "mkdocs.yml:4: error: Config value 'extra.helpcenter.tickets': expected a path or a list of paths to ticket "
        "exports"]


def test_contact_url_as_one_url_applies_to_every_language(in_tmp):
    assert load_config(hc(in_tmp, "contact_url: https://shop.example/contact")).settings.contact_url == {
        "*": "https://shop.example/contact"}


def test_contact_url_per_language(in_tmp):
    settings = load_config(hc(in_tmp, "contact_url:\n  en: https://e.example/\n  es: https://e.example/es/")).settings
    assert settings.contact_url == {"en": "https://e.example/", "es": "https://e.example/es/"}


def test_contact_url_must_be_url_or_mapping(in_tmp):
    assert errors_of(hc(in_tmp, "contact_url: [https://e.example/]")) == [
        "mkdocs.yml:4: error: Config value 'extra.helpcenter.contact_url': expected a URL, or a mapping of language "
        "code to URL"]


@pytest.mark.parametrize("setting, message", [
    ("feedback: 1", "'extra.helpcenter.feedback': expected true or false, or a path or a list of paths to form-submission exports"),
    ("popular_articles: -1", "'extra.helpcenter.popular_articles': expected a whole number, 0 or more"),
    ("popular_articles: true", "'extra.helpcenter.popular_articles': expected a whole number, 0 or more"),
    ("content_dir: [docs]", "'extra.helpcenter.content_dir': expected a folder path"),
    ("reports_dir: ''", "'extra.helpcenter.reports_dir': expected a folder path"),
    ("ticket_format: 3", "'extra.helpcenter.ticket_format': expected a format name such as auto, zendesk-json or csv"),
    ("ticket_map: [body]",
     "'extra.helpcenter.ticket_map': expected a mapping such as {body: Description, created_at: Date}"),
    ("gaps: 5", "'extra.helpcenter.gaps': expected a mapping such as {min_tickets: 5, fail_under: 0.8}"),
])
def test_setting_type_errors(in_tmp, setting, message):
    assert errors_of(hc(in_tmp, setting)) == [f"mkdocs.yml:4: error: Config value {message}"]


def test_other_settings_are_read(in_tmp):
    s = load_config(hc(in_tmp, """
        feedback: false
        popular_articles: 0
        ticket_format: zendesk-json
        ticket_map: {body: Description}
    """)).settings
    assert (s.feedback, s.popular_articles, s.ticket_format, s.ticket_map) == (
        False, 0, "zendesk-json", {"body": "Description"})


def test_gap_settings_are_read(in_tmp):
    gaps = load_config(hc(in_tmp, "gaps:\n  min_tickets: 3\n  answer_threshold: 0.5\n  fail_under: 1")).settings.gaps
    assert gaps == GapSettings(min_tickets=3, answer_threshold=0.5, fail_under=1.0)


def test_gap_settings_out_of_range_name_their_lines(in_tmp):
    path = hc(in_tmp, """
        gaps:
          min_tickets: 0
          answer_threshold: 1.5
          fail_under: -0.1
          coverage: 1
    """)
    assert errors_of(path) == [
        "mkdocs.yml:5: error: Config value 'extra.helpcenter.gaps.min_tickets': expected a whole number, 1 or more",
        "mkdocs.yml:6: error: Config value 'extra.helpcenter.gaps.answer_threshold': expected a number between 0 "
        "and 1",
        "mkdocs.yml:7: error: Config value 'extra.helpcenter.gaps.fail_under': expected a number between 0 and 1",
        "mkdocs.yml:8: error: Config value 'extra.helpcenter.gaps.coverage': unknown setting; known settings are "
        "answer_threshold, fail_under, findability, min_tickets",
    ]


def test_line_numbers_point_at_our_keys_not_materials(in_tmp):
    path = write(in_tmp, """
        site_name: Shop
        extra:
          analytics:
            feedback:
              title: Was this page helpful?
          helpcenter:
            feedback: 0.5
    """)
    assert errors_of(path) == ["mkdocs.yml:7: error: Config value 'extra.helpcenter.feedback': expected true or false, or a path or a list of paths to form-submission exports"]


def test_empty_setting_keeps_its_default(in_tmp):
    s = load_config(hc(in_tmp, "contact_url:\nlanguages:\ngaps:\n  min_tickets:")).settings
    assert (s.contact_url, s.languages, s.gaps.min_tickets) == ({}, None, 5)


# --------------------------------------------------------------------------- YAML tags and paths

def test_env_tag_reads_the_variable(in_tmp, monkeypatch):
    monkeypatch.setenv("HC_TEST_URL", "https://preview.example/")
    monkeypatch.setenv("HC_TEST_CONTACT", "https://preview.example/contact")
    path = write(in_tmp, """
        site_name: Shop
        site_url: !ENV [HC_TEST_URL, "https://help.example/"]
        extra:
          helpcenter:
            contact_url: !ENV HC_TEST_CONTACT
    """)
    config = load_config(path)
    assert config.site_url == "https://preview.example/"
    assert config.settings.contact_url == {"*": "https://preview.example/contact"}


def test_env_tag_falls_back_to_its_default(in_tmp, monkeypatch):
    monkeypatch.delenv("HC_TEST_URL", raising=False)
    monkeypatch.delenv("HC_TEST_CONTACT", raising=False)
    path = write(in_tmp, """
        site_name: Shop
        site_url: !ENV [HC_TEST_URL, "https://help.example/"]
        extra:
          helpcenter:
            contact_url: !ENV HC_TEST_CONTACT
    """)
    config = load_config(path)
    assert config.site_url == "https://help.example/"
    assert config.settings.contact_url == {}


def test_python_name_tags_are_tolerated(in_tmp):
    path = write(in_tmp, """
        site_name: Shop
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
              emoji_generator: !!python/name:material.extensions.emoji.to_svg
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
    """)
    assert load_config(path).site_name == "Shop"


def test_impossible_date_in_config_is_text_not_a_crash(in_tmp):
    assert load_config(write(in_tmp, "site_name: Shop\ncopyright: 2026-13-45\n")).raw["copyright"] == "2026-13-45"


def test_relative_paths_resolve_against_the_config_folder(in_tmp):
    write(in_tmp, """
        site_name: Other
        extra:
          helpcenter:
            content_dir: docs
            reports_dir: out/reports
            tickets: exports/t.csv
    """, name="other/mkdocs.yml")
    config = load_config(Path("other/mkdocs.yml"))
    other = (in_tmp / "other").resolve()
    assert config.root == other
    assert config.content_dir == other / "docs"
    assert config.reports_dir == other / "out/reports"
    assert config.settings.tickets == [other / "exports/t.csv"]
    assert config.rel(config.content_dir / "en/a.md") == "docs/en/a.md"


def test_bom_in_config_is_accepted(in_tmp):
    (in_tmp / "mkdocs.yml").write_bytes(b"\xef\xbb\xbfsite_name: Shop\n")
    assert load_config(in_tmp / "mkdocs.yml").site_name == "Shop"


def test_config_not_utf8(in_tmp):
    (in_tmp / "mkdocs.yml").write_bytes(b"site_name: Caf\xe9\n")
    assert errors_of(in_tmp / "mkdocs.yml") == [
        "mkdocs.yml: error: not UTF-8 (invalid continuation byte); save the file as UTF-8"]


# --------------------------------------------------------------------------- MkDocs accepts our keys

def _mkdocs_warnings(config_file: Path, caplog, **overrides) -> list[str]:
    """Warnings (and errors) MkDocs logs while validating ``config_file``."""
    from mkdocs.config import load_config as mkdocs_load_config

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        mkdocs_load_config(config_file=str(config_file), **overrides)
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_mkdocs_accepts_the_repos_own_config(caplog):
    assert _mkdocs_warnings(REPO / "mkdocs.yml", caplog) == []


def test_mkdocs_accepts_every_helpcenter_setting(make_project, caplog):
    project = make_project({"en/faq/a.md": "---\ntitle: A\n---\n"}, settings="""
        languages: [en]
        default_language: en
        tickets: [exports/t.csv]
        ticket_format: auto
        ticket_map: {body: Description}
        reports_dir: reports
        contact_url: https://shop.example/contact
        feedback: true
        popular_articles: 6
        gaps: {min_tickets: 5, answer_threshold: 0.35, fail_under: 0.8}
    """)
    load_config(project.config)  # valid for us
    assert _mkdocs_warnings(project.config, caplog, docs_dir=str(project.content)) == []  # and for MkDocs


def test_mkdocs_would_warn_about_settings_outside_extra(make_project, caplog):
    """The capture works: the same settings at the top level are an MkDocs warning."""
    project = make_project({"en/faq/a.md": "---\ntitle: A\n---\n"})
    project.config.write_text(project.config.read_text() + "helpcenter:\n  languages: [en]\n", encoding="utf-8")
    warnings = _mkdocs_warnings(project.config, caplog, docs_dir=str(project.content))
    assert len(warnings) == 1 and "helpcenter" in warnings[0]


# --------------------------------------------------------------------------- the schema

def test_search_engines_are_one_list(in_tmp):
    from typing import get_args

    from generator.project.config import SEARCH_ENGINES, SearchEngine

    assert SEARCH_ENGINES == get_args(SearchEngine) == ("lunr", "pagefind")
    assert load_config(hc(in_tmp, "search_engine: pagefind")).settings.search_engine == "pagefind"
    assert errors_of(hc(in_tmp, "search_engine: algolia")) == [
        "mkdocs.yml:4: error: Config value 'extra.helpcenter.search_engine': unknown search engine 'algolia'; use "
        "lunr or pagefind"]


def test_site_name_and_footer_per_language_or_one_text(in_tmp):
    s = load_config(hc(in_tmp, "site_name: {en: Shop Help, es: Ayuda de Shop}\nfooter: © Shop")).settings
    assert s.site_name == {"en": "Shop Help", "es": "Ayuda de Shop"}
    assert s.footer == {"*": "© Shop"}


@pytest.mark.parametrize("key,value", [("site_name", "[Shop]"), ("footer", "{en: 3}"), ("site_name", "{en: ''}")])
def test_site_name_and_footer_must_be_text(in_tmp, key, value):
    assert errors_of(hc(in_tmp, f"{key}: {value}")) == [
        f"mkdocs.yml:4: error: Config value 'extra.helpcenter.{key}': expected a text, or a mapping of language "
        "code to text such as {en: Help, es: Ayuda}"]
