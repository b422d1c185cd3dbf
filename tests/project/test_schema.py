"""The editor schemas: generated from the validators' declarations, shipped, held to the validators, wired."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.errors import ConfigError, ContentError, UsageError
from generator.project.content import ARTICLE_SCHEMA, check_article_text, split_front_matter
from generator.project.schema import MARK, SCHEMAS, schema, schema_text, shipped_text, write_editor_settings
from generator.project.synonyms import load_synonyms
from generator.project.taxonomy import load_taxonomy
from tests.conftest import REPO


class _EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it (YAML 1.2: a date is text)."""


_EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def editor_errors(name: str, text: str) -> list[str]:
    """What the schema ``name`` finds wrong with the YAML ``text``, as an editor would show it."""
    data = yaml.load(text, Loader=_EditorLoader)
    validator = jsonschema.Draft7Validator(schema(name))
    return sorted(error.message for error in validator.iter_errors(data))


# --------------------------------------------------------------------------- shipped, generated

@pytest.mark.parametrize("name", list(SCHEMAS))
def test_shipped_schema_is_what_the_generator_produces(name):
    assert shipped_text(name) == schema_text(name)
    jsonschema.Draft7Validator.check_schema(json.loads(shipped_text(name)))


def test_every_front_matter_key_is_in_the_schema_with_its_doc():
    properties = schema("frontmatter")["properties"]
    for key in ARTICLE_SCHEMA:
        assert properties[key.name]["description"] == key.doc
    assert schema("frontmatter")["required"] == ["title"]


def test_built_in_category_ids_are_offered_for_completion():
    assert sorted(schema("categories")["properties"]["categories"]["properties"]) == sorted(load_taxonomy().ids)


def test_unknown_schema_name_is_a_usage_error():
    with pytest.raises(UsageError) as exc:
        schema("mkdocs")
    assert str(exc.value) == "unknown schema 'mkdocs'; choose one of frontmatter, section, categories, synonyms"


# --------------------------------------------------------------------------- the example's files

def test_the_example_articles_and_sections_validate():
    pages = sorted(p for p in (REPO / "content").glob("*/*/*.md"))
    assert len(pages) > 40
    for page in pages:
        front, _, _ = split_front_matter(page.read_text(encoding="utf-8"))
        name = "section" if page.name == "index.md" else "frontmatter"
        assert editor_errors(name, front) == [], page


def test_the_example_synonyms_and_the_readme_categories_validate(tmp_path):
    assert editor_errors("synonyms", (REPO / "content" / "synonyms.yml").read_text(encoding="utf-8")) == []
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\ncategories:", 1)[1].split("```", 1)[0]
    text = "categories:" + block
    assert editor_errors("categories", text) == []
    (tmp_path / "categories.yml").write_text(text, encoding="utf-8")
    assert "gift_wrapping" in load_taxonomy(tmp_path / "categories.yml").ids


# --------------------------------------------------------------------------- held to the validators

FRONT_MATTER = [
    ("title: How do I return?", True),
    ("title: 404", True),
    ("summary: no title", False),
    ("title: ''", False),
    ("title: [a, b]", False),
    ("title: T\nid: returns/how-to-return", True),
    ("title: T\nid: ../secrets", False),
    ("title: T\nid: -returns", False),
    ("title: T\ncategories: returns", True),
    ("title: T\ncategories: [returns, 3]", True),
    ("title: T\ncategories: [true]", False),
    ("title: T\ncategories: {a: b}", False),
    ("title: T\nupdated: 2026-10-20", True),
    ("title: T\nupdated: 'October'", False),
    ("title: T\npromoted: yes", True),
    ("title: T\npromoted: 'yes'", False),
    ("title: T\norder: 3", True),
    ("title: T\norder: 3.5", False),
    ("title: T\norder:", True),
    ("title: T\nhide: [toc]", True),
    ("title: T\nsumary: typo", False),
]


@pytest.mark.parametrize("front, valid", FRONT_MATTER)
def test_front_matter_schema_agrees_with_check(front, valid):
    _, problems = check_article_text(f"---\n{front}\n---\n\nBody.\n", "a.md")
    assert (problems == []) is valid, problems
    assert (editor_errors("frontmatter", front) == []) is valid


CATEGORIES = [
    ("categories:\n  gift_wrapping:\n    name: {en: Gift wrapping}\n    tags: [giftwrap]", True),
    ("categories:\n  gift_wrapping:\n    name: Gift wrapping\n    keywords: {en: [gift wrap | wrapping]}", True),
    ("categories:\n  gift_wrapping:\n    tags: [giftwrap]", False),
    ("categories:\n  shipping:\n    keywords: {en: [postage stamp]}", True),
    ("categories:\n  shipping:", True),
    ("categories:\n  Gift-Wrap:\n    name: Gift", False),
    ("categories:\n  shipping:\n    colour: red", False),
    ("categories:\n  shipping:\n    keywords: {xx: [stamp]}", False),
    ("categories:\n  shipping:\n    keywords: {pt-BR: [selo]}", True),
    ("categories:\n  shipping:\n    keywords: {en: postage}", False),
    ("categories:\n  shipping:\n    tags: giftwrap", False),
    ("categories: [shipping]", False),
    ("map:\n  tags: {wismo: order_status}\n  type: {Refund request: refunds}", True),
    ("map:\n  tags: {wismo: Order Status}", False),
    ("map:\n  labels: {wismo: order_status}", False),
    ("map: [wismo]", False),
    ("mapping: {}", False),
]


@pytest.mark.parametrize("text, valid", CATEGORIES)
def test_categories_schema_agrees_with_the_taxonomy(tmp_path, text, valid):
    path = tmp_path / "categories.yml"
    path.write_text(text + "\n", encoding="utf-8")
    try:
        load_taxonomy(path)
        loaded = True
    except ConfigError:
        loaded = False
    assert loaded is valid
    assert (editor_errors("categories", text) == []) is valid


SYNONYMS = [
    ("en:\n  - [throw, blanket, plaid]", True),
    ("en:\n  - [throw, blanket]\n  - remove: postage\ndisable_defaults: [de]", True),
    ("disable_defaults: true", True),
    ("pt-BR:\n  - [sacola, bolsa]", True),
    ("xx:\n  - [a, b]", False),
    ("english:\n  - [a, b]", False),
    ("en:\n  - [throw]", False),
    ("en:\n  - throw", False),
    ("en: [throw, blanket]", False),
    ("en:\n  - {drop: postage}", False),
    ("disable_defaults: [xx]", False),
    ("disable_defaults: sometimes", False),
    ("[en, es]", False),
]


@pytest.mark.parametrize("text, valid", SYNONYMS)
def test_synonyms_schema_agrees_with_the_synonyms_loader(tmp_path, text, valid):
    (tmp_path / "synonyms.yml").write_text(text + "\n", encoding="utf-8")
    try:
        load_synonyms(tmp_path, ["en", "es", "pt-BR"])
        loaded = True
    except ContentError:
        loaded = False
    assert loaded is valid
    assert (editor_errors("synonyms", text) == []) is valid


# --------------------------------------------------------------------------- editor settings

ENTRIES = {"./.vscode/helpcenter/categories.schema.json": "content/categories.yml",
           "./.vscode/helpcenter/synonyms.schema.json": "content/synonyms.yml"}


def test_write_creates_the_settings_and_the_copies(tmp_path):
    setup = write_editor_settings(tmp_path, tmp_path / "content")
    vscode = tmp_path / ".vscode"
    assert setup.written == [vscode / "helpcenter" / "categories.schema.json",
                             vscode / "helpcenter" / "synonyms.schema.json", vscode / "settings.json"]
    assert json.loads((vscode / "settings.json").read_text(encoding="utf-8")) == {"yaml.schemas": ENTRIES}
    copy = json.loads((vscode / "helpcenter" / "synonyms.schema.json").read_text(encoding="utf-8"))
    assert copy == {"$comment": MARK, **schema("synonyms")}
    assert setup.modelines == {
        "content/categories.yml": "# yaml-language-server: $schema=../.vscode/helpcenter/categories.schema.json",
        "content/synonyms.yml": "# yaml-language-server: $schema=../.vscode/helpcenter/synonyms.schema.json"}
    assert write_editor_settings(tmp_path, tmp_path / "content").written == []


def test_write_merges_into_the_writers_settings_keeping_theirs(tmp_path):
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    theirs = {"editor.tabSize": 2, "yaml.customTags": ["!ENV sequence"],
              "yaml.schemas": {"https://squidfunk.github.io/mkdocs-material/schema.json": "mkdocs.yml",
                               "./.vscode/helpcenter/synonyms.schema.json": ["shared/synonyms.yml"]}}
    settings.write_text(json.dumps(theirs), encoding="utf-8")
    write_editor_settings(tmp_path, tmp_path / "help")
    assert json.loads(settings.read_text(encoding="utf-8")) == {
        "editor.tabSize": 2, "yaml.customTags": ["!ENV sequence"],
        "yaml.schemas": {"https://squidfunk.github.io/mkdocs-material/schema.json": "mkdocs.yml",
                         "./.vscode/helpcenter/synonyms.schema.json": ["shared/synonyms.yml", "help/synonyms.yml"],
                         "./.vscode/helpcenter/categories.schema.json": "help/categories.yml"}}


def test_settings_that_are_not_plain_json_are_refused_untouched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    text = '{\n  "editor.tabSize": 2, // mine\n}\n'
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        write_editor_settings(tmp_path, tmp_path / "content")
    assert str(exc.value) == (
        ".vscode/settings.json:2: error: not plain JSON (Expecting property name enclosed in double quotes); "
        "helpcenter merges its settings only into plain JSON, so comments and trailing commas would be lost: "
        "fix the file, or add by hand: " + json.dumps({"yaml.schemas": ENTRIES}))
    assert settings.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in settings.parent.iterdir()) == ["settings.json"]


def test_settings_that_are_not_an_object_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        write_editor_settings(tmp_path, tmp_path / "content")
    assert str(exc.value) == ".vscode/settings.json:1: error: settings must be a JSON object ({...}), not list; " \
                             "fix the file and run again"


def test_a_file_of_the_writers_where_a_copy_goes_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / ".vscode" / "helpcenter" / "synonyms.schema.json"
    mine.parent.mkdir(parents=True)
    mine.write_text('{"title": "my own"}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        write_editor_settings(tmp_path, tmp_path / "content")
    assert str(exc.value) == (".vscode/helpcenter/synonyms.schema.json: error: this file was not written by "
                              "helpcenter, so it is left alone; move it elsewhere and run `helpcenter schema "
                              "--write` again")
    assert mine.read_text(encoding="utf-8") == '{"title": "my own"}\n'
    assert not (tmp_path / ".vscode" / "settings.json").exists()
    assert not (tmp_path / ".vscode" / "helpcenter" / "categories.schema.json").exists()


# --------------------------------------------------------------------------- CLI

def test_cli_schema_write_and_print(make_project, monkeypatch):
    project = make_project({"en/returns/how.md": "---\ntitle: How\n---\n"})
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    result = runner.invoke(main, ["schema", "--write"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Wrote .vscode/helpcenter/categories.schema.json, .vscode/helpcenter/synonyms.schema.json, "
        ".vscode/settings.json",
        "Without the settings, start content/categories.yml with: "
        "# yaml-language-server: $schema=../.vscode/helpcenter/categories.schema.json",
        "Without the settings, start content/synonyms.yml with: "
        "# yaml-language-server: $schema=../.vscode/helpcenter/synonyms.schema.json",
        "Front matter in Markdown is not YAML to the editor: `helpcenter check` checks it.",
    ]
    again = runner.invoke(main, ["schema", "--write", "-q"])
    assert (again.exit_code, again.stderr) == (0, "")
    printed = runner.invoke(main, ["schema", "--print", "categories"])
    assert (printed.exit_code, printed.stdout) == (0, shipped_text("categories"))


@pytest.mark.parametrize("args, message", [
    (["schema", "--print", "mkdocs"],
     "Error: unknown schema 'mkdocs'; choose one of frontmatter, section, categories, synonyms"),
    (["schema"], "Error: give --print NAME or --write"),
    (["schema", "--print", "synonyms", "--write"], "Error: give --print NAME or --write"),
])
def test_cli_schema_usage_errors_exit_2(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message


def test_cli_schema_write_refuses_broken_settings(make_project, monkeypatch):
    project = make_project({"en/returns/how.md": "---\ntitle: How\n---\n"})
    monkeypatch.chdir(project.root)
    (project.root / ".vscode").mkdir()
    (project.root / ".vscode" / "settings.json").write_text("{,}", encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "--write"])
    assert result.exit_code == 1
    assert result.stderr.startswith(".vscode/settings.json:1: error: not plain JSON (Expecting property name")
    assert "Traceback" not in result.output


def test_docs_mention_the_schema_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`helpcenter schema [--write] [--print NAME]`" in readme
