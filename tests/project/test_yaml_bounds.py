"""Untrusted YAML is bounded: front matter, mkdocs.yml, categories.yml and synonyms.yml.

Each attack is a real file under tmp_path; the old code hung (alias bombs), crashed libyaml's
composer (deep nesting), raised RecursionError or ValueError, or silently kept the last of two keys.
"""

from __future__ import annotations

import time

import pytest

from generator.errors import ConfigError, ContentError
from generator.project.config import load_config
from generator.project.content import load_content
from generator.project.synonyms import load_synonyms
from generator.project.taxonomy import load_taxonomy
from generator.yamlio import FRONT_MATTER, YAMLRefused, check_events, duplicate_keys, parse_front_matter
from tests.conftest import article

#: "Billion laughs": nine lines whose last alias expands to 9**9 (387 million) strings.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))
ALIAS = "anchors and aliases have no use here, write the value out in full"
EXPANDS = "YAML aliases here repeat more than 100,000 values; write the repeated parts out once instead of nesting aliases"
DEEP = "YAML nested more than 50 levels deep; flatten it"


def shown(problems) -> list[str]:
    return [str(p) for p in problems]


def load(project):
    return load_content(project.content, project_root=project.root, git_dates=False)


@pytest.fixture
def quickly():
    """Fail a test whose body takes more than a few seconds (the attacks used to take minutes)."""
    start = time.monotonic()
    yield
    assert time.monotonic() - start < 5


# --------------------------------------------------------------------------- front matter

def test_alias_bomb_in_front_matter_is_refused_at_its_anchor(make_project, quickly):
    # Old: `helpcenter check` hung at a gigabyte formatting the 'updated' problem (repr of 387M strings).
    project = make_project({"en/faq/a.md": f"---\ntitle: Hello\n{BOMB}updated: *i\n---\n\nBody.\n"})
    assert shown(load(project).problems) == [f"content/en/faq/a.md:3: error: YAML anchor &a in front matter; {ALIAS}"]


@pytest.mark.parametrize("front, line, message", [
    ("title: Hello\ntags: &t [a, b]\n", 3, "YAML anchor &t in front matter"),
    ("title: Hello\nsummary: x\ntags: *t\n", 4, "YAML alias *t in front matter"),
    ("title: Hello\n<<: *base\n", 3, "YAML alias *base in front matter"),
])
def test_any_anchor_or_alias_in_front_matter_is_an_error_on_its_line(make_project, front, line, message):
    project = make_project({"en/faq/a.md": f"---\n{front}---\n\nBody.\n"})
    assert shown(load(project).problems) == [f"content/en/faq/a.md:{line}: error: {message}; {ALIAS}"]


def test_ampersands_and_asterisks_in_text_are_fine(make_project):
    project = make_project({"en/faq/a.md": article("Terms & conditions *apply*", summary="'&x and *y'")})
    content = load(project)
    assert content.problems == []
    assert [(a.title, a.summary) for a in content.articles()] == [("Terms & conditions *apply*", "&x and *y")]


@pytest.mark.parametrize("depth", [51, 200_000])
def test_deep_nesting_in_front_matter_is_an_error(make_project, quickly, depth):
    # Old: 200,000 brackets crashed the process (libyaml's composer overflowed the C stack: SIGSEGV).
    project = make_project({"en/faq/a.md": f"---\ntitle: Hello\ntags: {'[' * depth}{']' * depth}\n---\n"})
    assert shown(load(project).problems) == [f"content/en/faq/a.md:3: error: {DEEP}"]


def test_fifty_levels_are_still_read(make_project):
    project = make_project({"en/faq/a.md": f"---\ntitle: Hello\nhide: {'[' * 49}x{']' * 49}\n---\n"})
    assert load(project).problems == []


def test_duplicate_key_names_both_lines(make_project):
    # Old: the last 'title' silently won.
    project = make_project({"en/faq/a.md": "---\ntitle: Hello\nsummary: s\ntitle: Other\n---\n\nBody.\n"})
    content = load(project)
    assert shown(content.problems) == [
        "content/en/faq/a.md:4: error: duplicate key 'title' (first on line 2); keep one"]
    assert content.articles() == []


def test_every_duplicate_key_is_reported_nested_ones_too(make_project):
    project = make_project({"en/faq/a.md": "---\ntitle: A\nhide: {toc: 1, toc: 2}\ntags: [x]\ntags: [y]\n---\n"})
    assert shown(load(project).problems) == [
        "content/en/faq/a.md:3: error: duplicate key 'toc' (first on line 3); keep one",
        "content/en/faq/a.md:5: error: duplicate key 'tags' (first on line 4); keep one"]


def test_same_text_as_a_number_and_as_text_is_two_keys(make_project):
    project = make_project({"en/faq/a.md": "---\ntitle: A\nhide: {1: a, '1': b}\n---\n"})
    assert load(project).problems == []


@pytest.mark.parametrize("value", ["1" * 5000, "1" + ":1" * 200_000])
def test_number_too_long_to_be_a_number_stays_text(make_project, quickly, value):
    # Old: ValueError "Exceeds the limit (4300 digits) for integer string conversion" (an internal error);
    # the sexagesimal one took 12 s of big-integer arithmetic first.
    project = make_project({"en/faq/a.md": f"---\ntitle: {value}\n---\n"})
    content = load(project)
    assert content.problems == []
    assert [a.title for a in content.articles()] == [value]


def test_the_pure_python_parser_refuses_alike():
    from generator.yamlio import PyLineLoader

    with pytest.raises(YAMLRefused) as caught:
        parse_front_matter("title: A\nx: &x 1\n", PyLineLoader)
    assert caught.value.findings == [(3, f"YAML anchor &x in front matter; {ALIAS}", "yaml-alias")]


def test_check_events_and_duplicate_keys_report_file_lines():
    with pytest.raises(YAMLRefused) as caught:
        check_events("a: 1\nb: [[[x]]]\n", FRONT_MATTER.__class__("t", None, 2, aliases=False), line_offset=10)
    assert caught.value.findings == [(12, "YAML nested more than 2 levels deep; flatten it", "yaml-too-deep")]
    import yaml

    assert duplicate_keys(yaml.compose("a: 1\nb:\n  - {c: 1, c: 2}\na: 3\n"), line_offset=1) == [
        (4, "duplicate key 'c' (first on line 4); keep one", "duplicate-key"),
        (5, "duplicate key 'a' (first on line 2); keep one", "duplicate-key")]


# --------------------------------------------------------------------------- mkdocs.yml

def config_errors(project, monkeypatch, text: str) -> list[str]:
    monkeypatch.chdir(project.root)
    project.config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config("mkdocs.yml")
    return shown(caught.value.problems)


def test_alias_bomb_in_mkdocs_yml_is_refused(make_project, monkeypatch, quickly):
    # Old: `check` passed (nothing read extra.x) and `build` hung at a gigabyte handing it to MkDocs.
    text = "site_name: Shop\nextra:\n  x:\n" + "".join(f"    {line}\n" for line in BOMB.splitlines())
    assert config_errors(make_project(), monkeypatch, text) == [f"mkdocs.yml:9: error: {EXPANDS}"]


def test_alias_loop_in_mkdocs_yml_is_refused(make_project, monkeypatch):
    assert config_errors(make_project(), monkeypatch, "site_name: Shop\nextra: &e\n  again: *e\n") == [
        "mkdocs.yml:3: error: YAML alias *e is inside the value it names, a loop; write the value out instead"]


def test_a_few_anchors_in_mkdocs_yml_are_still_fine(make_project, monkeypatch):
    project = make_project()
    monkeypatch.chdir(project.root)
    project.config.write_text("site_name: &name Shop\ncopyright: *name\nextra:\n  a: &opts {x: 1, y: [1, 2]}\n"
                              "  b: *opts\n", encoding="utf-8")
    assert load_config("mkdocs.yml").raw["extra"]["b"] == {"x": 1, "y": [1, 2]}


def test_duplicate_key_in_mkdocs_yml(make_project, monkeypatch):
    # Old: the second site_name silently won.
    text = "site_name: Shop\ntheme:\n  name: material\n  name: mkdocs\nsite_name: Other\n"
    assert config_errors(make_project(), monkeypatch, text) == [
        "mkdocs.yml:4: error: duplicate key 'name' (first on line 3); keep one",
        "mkdocs.yml:5: error: duplicate key 'site_name' (first on line 1); keep one"]


def test_deep_nesting_in_mkdocs_yml(make_project, monkeypatch, quickly):
    # Old: RecursionError in the pure-Python composer (an internal error).
    text = f"site_name: Shop\nextra: {'[' * 5000}{']' * 5000}\n"
    assert config_errors(make_project(), monkeypatch, text) == [f"mkdocs.yml:2: error: {DEEP}"]


def test_mkdocs_yml_over_a_megabyte(make_project, monkeypatch, quickly):
    text = "site_name: Shop\nextra:\n" + "".join(f"  k{i}: {'v' * 50}\n" for i in range(20_000))
    assert config_errors(make_project(), monkeypatch, text) == [
        "mkdocs.yml: error: the file is larger than 1 MB (1,000,000 bytes), the most mkdocs.yml may hold; split it "
        "or remove what it doesn't need"]


# --------------------------------------------------------------------------- data files

def data_errors(project, monkeypatch, name: str, text: str) -> list[str]:
    monkeypatch.chdir(project.root)
    path = project.write(name, text)
    with pytest.raises((ConfigError, ContentError)) as caught:
        if name == "categories.yml":
            load_taxonomy(path)
        else:
            load_synonyms(project.content, ["en"])
    return shown(caught.value.problems)


def test_alias_bomb_in_categories_yml(make_project, monkeypatch, quickly):
    text = BOMB + "categories:\n  gift:\n    name: {en: Gift}\n    keywords: {en: *i}\n"
    assert data_errors(make_project(), monkeypatch, "categories.yml", text) == [
        f"content/categories.yml:6: error: {EXPANDS}"]


def test_alias_bomb_in_synonyms_yml(make_project, monkeypatch, quickly):
    text = BOMB.replace("lol", "[lol, laugh]") + "en: *i\n"
    assert data_errors(make_project(), monkeypatch, "synonyms.yml", text) == [
        f"content/synonyms.yml:5: error: {EXPANDS}"]


def test_duplicate_keys_in_data_files(make_project, monkeypatch):
    # Old: the second 'gift' (and the second 'en') silently replaced the first.
    project = make_project()
    assert data_errors(project, monkeypatch, "categories.yml", "categories:\n  gift:\n    name: {en: Gift}\n"
                       "  gift:\n    name: {en: Gifts}\n") == [
        "content/categories.yml:4: error: duplicate key 'gift' (first on line 2); keep one"]
    assert data_errors(project, monkeypatch, "synonyms.yml", "en:\n  - [refund, money back]\nen:\n"
                       "  - [parcel, package]\n") == [
        "content/synonyms.yml:3: error: duplicate key 'en' (first on line 1); keep one"]


def test_deep_nesting_in_a_data_file(make_project, monkeypatch, quickly):
    # Old: RecursionError (an internal error).
    text = f"categories: {'[' * 5000}{']' * 5000}\n"
    assert data_errors(make_project(), monkeypatch, "categories.yml", text) == [
        f"content/categories.yml:1: error: {DEEP}"]


def test_data_file_over_a_megabyte(make_project, monkeypatch, quickly):
    text = "en:\n" + "".join(f"  - [word{i}, other{i}, {'x' * 40}]\n" for i in range(20_000))
    assert data_errors(make_project(), monkeypatch, "synonyms.yml", text) == [
        "content/synonyms.yml: error: the file is larger than 1 MB (1,000,000 bytes), the most a data file may "
        "hold; split it or remove what it doesn't need"]


def test_invalid_yaml_in_a_data_file_keeps_its_wording(make_project, monkeypatch):
    assert data_errors(make_project(), monkeypatch, "categories.yml", "categories: [a, b\n") == [
        "content/categories.yml:2: error: invalid YAML: expected ',' or ']', but got '<stream end>'"]


@pytest.mark.parametrize("value, reason", [
    ("!!int x", "'x' is not a whole number"), ("!!int ''", "'' is not a whole number"),
    ("!!float x", "'x' is not a number"), ("!!bool maybe", "'maybe' is not true or false"),
])
def test_explicit_tags_on_the_wrong_text_are_yaml_errors(make_project, value, reason):
    # Old: ValueError / IndexError / KeyError from PyYAML's constructors (an internal error); found by test_fuzz.
    project = make_project({"en/faq/a.md": f"---\ntitle: A\nhide: {value}\n---\n"})
    assert shown(load(project).problems) == [
        f"content/en/faq/a.md:3: error: invalid YAML in front matter: {reason}; check the quoting and indentation "
        "of this line"]


def test_explicit_timestamp_on_other_text_stays_text(make_project):
    project = make_project({"en/faq/a.md": "---\ntitle: A\nupdated: !!timestamp soon\n---\n"})
    assert shown(load(project).problems) == [
        "content/en/faq/a.md:3: error: front matter 'updated' must be a date such as 2026-10-20, not 'soon'"]
