"""JSON Schemas of the writer's files, for editors: front matter, ``categories.yml``, ``synonyms.yml``.

The schemas are generated, never written by hand:

- ``frontmatter`` and ``section`` from :data:`~generator.project.content.ARTICLE_SCHEMA` and
  :data:`~generator.project.content.SECTION_SCHEMA`, the declarations ``helpcenter check`` validates
  front matter with (each key's ``doc`` becomes its description, each ``kind`` one JSON type, see
  :data:`KIND_SCHEMAS`), plus the MkDocs/Material keys that pass through;
- ``categories`` (``content/categories.yml``) and ``synonyms`` (``content/synonyms.yml``) from the
  shapes :mod:`generator.project.taxonomy` and :mod:`generator.project.synonyms` accept, with the
  built-in category ids read from the built-in taxonomy and the language codes from
  :mod:`generator.languages`. Those two validators walk YAML nodes rather than read a declaration,
  so ``tests/project/test_schema.py`` holds each schema to its validator on the same documents.

A schema catches the structure (keys, types, id and language-code spelling); ``helpcenter check``
still catches what a schema can't know (a ``remove:`` word no built-in group has, links, dates of
translations). The shipped copies in ``generator/data/schemas/`` are :func:`schema_text` of each
name; a test keeps them equal.

:func:`write_editor_settings` wires them for the YAML language server (VS Code's YAML extension):
it copies them into ``.vscode/helpcenter/`` and merges ``yaml.schemas`` entries into
``.vscode/settings.json``, keeping every setting already there. The YAML language server does not
read front matter inside Markdown (redhat-developer/vscode-yaml#207), so the front-matter schemas
are shipped for other validators and ``helpcenter check`` remains the front matter's checker.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from generator import languages
from generator.errors import ConfigError, UsageError, display_path
from generator.project.content import ARTICLE_SCHEMA, ID, PASSTHROUGH_KEYS, SECTION_SCHEMA, FrontMatterKey
from generator.project.taxonomy import load_taxonomy

DRAFT = "http://json-schema.org/draft-07/schema#"
#: Where :func:`write_editor_settings` puts its copies, relative to the project root.
EDITOR_DIR = Path(".vscode") / "helpcenter"
SETTINGS_FILE = Path(".vscode") / "settings.json"
#: Marks the copies as ours: a file there without it is the writer's and is never replaced.
MARK = "Written by `helpcenter schema --write` from the installed helpcenter; run it again after upgrading."

#: The JSON Schema of each front-matter ``kind`` (see :class:`~generator.project.content.FrontMatterKey`).
#: ``str`` takes numbers too (``title: 404`` is text to the validator); a date is text to the YAML
#: language server, which reads YAML 1.2 (no timestamps).
KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "str": {"type": ["string", "number"], "pattern": r"\S"},
    "id": {"type": "string", "pattern": r"^(?!.*\.\.)" + ID.pattern.removeprefix("^")},
    "str-list": {"type": ["string", "array"], "items": {"type": ["string", "integer"]}},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "date": {"type": "string", "pattern": r"^\s*\d{4}-\d{2}-\d{2}"},
}

#: Any YAML scalar with some text: the taxonomy reads every scalar as its text (``no``, ``123`` too).
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"], "minLength": 1}
_CATEGORY_ID = r"^[a-z][a-z0-9_]*$"


def language_pattern() -> str:
    """A language code helpcenter accepts in data files: a known code, or a known base with a region."""
    bases = sorted({languages.base(code) for code in languages.NATIVE_NAMES})
    return "^(" + "|".join(bases) + ")(-.*)?$"


# --------------------------------------------------------------------------- the schemas

def front_matter_schema(keys: tuple[FrontMatterKey, ...], title: str, description: str,
                        closed: bool = True) -> dict[str, Any]:
    """The JSON Schema of front matter declared by ``keys``.

    ``closed``: other keys than these and the MkDocs/Material ones are refused, as ``check`` warns
    about them in articles (a section's ``index.md`` may hold any key).
    """
    properties: dict[str, Any] = {}
    for key in keys:
        if key.kind not in KIND_SCHEMAS:
            raise ValueError(f"front-matter key {key.name!r}: no JSON Schema for kind {key.kind!r}")
        spec = dict(KIND_SCHEMAS[key.kind])
        if not key.required:  # `key:` left empty is the default
            spec["type"] = [*_as_list(spec["type"]), "null"]
        properties[key.name] = {"description": key.doc, **spec}
    for name in sorted(PASSTHROUGH_KEYS):
        properties.setdefault(name, {"description": "Passed through to MkDocs and Material for MkDocs."})
    schema: dict[str, Any] = {"$schema": DRAFT, "title": title, "description": description, "type": "object",
                              "properties": properties, "additionalProperties": not closed}
    required = [key.name for key in keys if key.required]
    if required:
        schema["required"] = required
    return schema


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def categories_schema() -> dict[str, Any]:
    """``content/categories.yml``: new and extended categories, and the export-value maps."""
    lang = {"pattern": language_pattern()}
    builtin = load_taxonomy().ids
    name = {"description": "The category's name: one text (English), or one per language code.",
            "anyOf": [_SCALAR, {"type": "object", "propertyNames": lang, "additionalProperties": _SCALAR}]}
    keywords = {"description": "Per language code, one line per way customers ask; ' | ' separates ways of "
                               "writing the same question.",
                "type": "object", "propertyNames": lang,
                "additionalProperties": {"type": "array", "items": _SCALAR}}
    tags = {"description": "Export tags or types that mean this category.", "type": "array", "items": _SCALAR}

    def category(new: bool) -> dict[str, Any]:
        props = {"name": {"$ref": "#/definitions/name"}, "keywords": {"$ref": "#/definitions/keywords"},
                 "tags": {"$ref": "#/definitions/tags"}}
        if new:
            return {"description": "A new category: needs a name in at least one language.", "type": "object",
                    "required": ["name"], "properties": props, "additionalProperties": False}
        return {"description": "A built-in category: a name overrides, keywords and tags extend.",
                "type": ["object", "null"], "properties": props, "additionalProperties": False}

    target = {"description": "A category id: a built-in one or one this file adds.",
              "anyOf": [{"enum": builtin}, {"type": "string", "pattern": _CATEGORY_ID}]}
    table = {"type": "object", "additionalProperties": {"$ref": "#/definitions/category_id"}}
    return {
        "$schema": DRAFT, "title": "helpcenter categories.yml",
        "description": "Extends the built-in ticket taxonomy (content/categories.yml).",
        "type": ["object", "null"], "additionalProperties": False,
        "definitions": {"name": name, "keywords": keywords, "tags": tags, "category_id": target,
                        "builtin_category": category(new=False), "new_category": category(new=True)},
        "properties": {
            "categories": {"description": "Category id (lower-case letters, digits and _) -> name, keywords, tags.",
                           "type": "object", "propertyNames": {"pattern": _CATEGORY_ID},
                           "properties": {cid: {"$ref": "#/definitions/builtin_category"} for cid in builtin},
                           "additionalProperties": {"$ref": "#/definitions/new_category"}},
            "map": {"description": "Export values -> category ids (compared ignoring case, accents, spaces, - and _).",
                    "type": "object", "additionalProperties": False,
                    "properties": {"tags": {**table, "description": "Export tag -> category id."},
                                   "type": {**table, "description": "Export ticket type -> category id."},
                                   "category": {**table, "description": "Export category value -> category id."}}},
        },
    }


def synonyms_schema() -> dict[str, Any]:
    """``content/synonyms.yml``: synonym groups per language code, removals, ``disable_defaults``."""
    lang = language_pattern()
    group = {"description": "A group: at least two words or phrases that mean the same to your customers.",
             "type": "array", "minItems": 2, "items": {"type": ["string", "number"], "pattern": r"\S"}}
    remove = {"description": "Drop the built-in groups of this language that have this word as a member.",
              "type": "object", "required": ["remove"], "additionalProperties": False,
              "properties": {"remove": {"type": ["string", "number"], "pattern": r"\S"}}}
    return {
        "$schema": DRAFT, "title": "helpcenter synonyms.yml",
        "description": "Search synonyms per language code (content/synonyms.yml).",
        "type": ["object", "null"],
        "propertyNames": {"anyOf": [{"const": "disable_defaults"}, {"pattern": lang}]},
        "properties": {
            "disable_defaults": {"description": "true: no built-in groups at all; or the language codes whose "
                                                "built-in groups are dropped.",
                                 "anyOf": [{"type": "boolean"},
                                           {"type": "array", "items": {"type": "string", "pattern": lang}}]},
        },
        "additionalProperties": {"description": "A language code's synonym groups, one per line.",
                                 "type": "array", "items": {"anyOf": [group, remove]}},
    }


#: Every schema by name: the name ``helpcenter schema --print`` takes and the shipped file's stem.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "frontmatter": lambda: front_matter_schema(
        ARTICLE_SCHEMA, "helpcenter article front matter",
        "The YAML front matter of an article (content/<lang>/<section>/<slug>.md)."),
    "section": lambda: front_matter_schema(
        SECTION_SCHEMA, "helpcenter section front matter",
        "The YAML front matter of a section's index.md (content/<lang>/<section>/index.md).", closed=False),
    "categories": categories_schema,
    "synonyms": synonyms_schema,
}

#: The files each YAML schema is for, relative to the content folder (front matter is not YAML to editors).
YAML_FILES: dict[str, str] = {"categories": "categories.yml", "synonyms": "synonyms.yml"}


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (one of :data:`SCHEMAS`)."""
    if name not in SCHEMAS:
        raise UsageError(f"unknown schema {name!r}; choose one of {', '.join(SCHEMAS)}")
    return SCHEMAS[name]()


def schema_text(name: str) -> str:
    """The schema as the shipped file holds it: JSON, two-space indented, a final newline."""
    return json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n"


def shipped_text(name: str) -> str:
    """The shipped copy, ``generator/data/schemas/<name>.schema.json``."""
    return resources.files("generator").joinpath(f"data/schemas/{name}.schema.json").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- editor settings

@dataclass
class EditorSetup:
    """What :func:`write_editor_settings` did."""

    settings: Path
    """``.vscode/settings.json``."""
    written: list[Path] = field(default_factory=list)
    """Files created or changed (schema copies, the settings); empty when everything was in place."""
    entries: dict[str, list[str]] = field(default_factory=dict)
    """Our ``yaml.schemas`` entries: schema path -> file globs, relative to the project root."""
    modelines: dict[str, str] = field(default_factory=dict)
    """Per YAML file (relative to the root): the ``# yaml-language-server: $schema=...`` first line
    that does the same without settings."""


def write_editor_settings(root: Path, content_dir: Path) -> EditorSetup:
    """Copy the YAML schemas into ``root/.vscode/helpcenter/`` and point ``yaml.schemas`` at them.

    ``.vscode/settings.json`` is merged, never replaced: every key already there stays, and a
    ``yaml.schemas`` entry of the writer's for the same schema keeps its globs (ours are added). A
    settings file that is not plain JSON (VS Code allows comments; we would lose them) or not an
    object, or a file in ``.vscode/helpcenter/`` we did not write, raises :class:`ConfigError` naming
    the file and line, and nothing is written. Files are written atomically, only when they change.
    """
    root = Path(root)
    settings_path = root / SETTINGS_FILE
    setup = EditorSetup(settings_path)
    content = _relative(content_dir, root)
    copies: dict[Path, str] = {}
    for name, filename in YAML_FILES.items():
        copy = root / EDITOR_DIR / f"{name}.schema.json"
        copies[copy] = json.dumps({"$comment": MARK, **schema(name)}, ensure_ascii=False, indent=2) + "\n"
        schema_ref = "./" + (EDITOR_DIR / copy.name).as_posix()
        target = f"{content}/{filename}" if content != "." else filename
        setup.entries[schema_ref] = [target]
        setup.modelines[target] = f"# yaml-language-server: $schema={_relative(copy, (root / target).parent)}"
    by_hand = json.dumps({"yaml.schemas": {ref: globs[0] for ref, globs in setup.entries.items()}})
    settings = _read_settings(settings_path, by_hand)
    for copy in copies:
        _check_ours(copy)
    merged = _merged(settings, setup.entries, settings_path)
    for copy, text in copies.items():
        if _write_if_changed(copy, text):
            setup.written.append(copy)
    if merged != settings or not settings_path.is_file():
        if _write_if_changed(settings_path, json.dumps(merged, ensure_ascii=False, indent=2) + "\n"):
            setup.written.append(settings_path)
    return setup


def _relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), Path(start).resolve())).as_posix()


def _read_settings(path: Path, by_hand: str) -> dict[str, Any]:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: error: cannot read it ({exc}); fix or remove it and run again") from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{shown}:{exc.lineno}: error: not plain JSON ({exc.msg}); helpcenter merges its "
                          "settings only into plain JSON, so comments and trailing commas would be lost: "
                          f"fix the file, or add by hand: {by_hand}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}:1: error: settings must be a JSON object ({{...}}), not "
                          f"{type(data).__name__}; fix the file and run again")
    return data


def _merged(settings: dict[str, Any], entries: dict[str, list[str]], path: Path) -> dict[str, Any]:
    """``settings`` with our ``yaml.schemas`` entries added; the writer's keys and globs kept as they are."""
    current = settings.get("yaml.schemas", {})
    if not isinstance(current, dict):
        raise ConfigError(f"{display_path(path)}: error: \"yaml.schemas\" must be an object of schema -> "
                          "file globs; fix it and run again")
    schemas = dict(current)
    for ref, globs in entries.items():
        theirs = schemas.get(ref, [])
        theirs = [theirs] if isinstance(theirs, str) else list(theirs)
        added = theirs + [g for g in globs if g not in theirs]
        schemas[ref] = added[0] if len(added) == 1 else added
    return {**settings, "yaml.schemas": schemas}


def _check_ours(path: Path) -> None:
    if not path.exists():
        return
    try:
        ours = json.loads(path.read_text(encoding="utf-8")).get("$comment") == MARK
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        ours = False
    if not ours:
        raise ConfigError(f"{display_path(path)}: error: this file was not written by helpcenter, so it is "
                          "left alone; move it elsewhere and run `helpcenter schema --write` again")


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"{display_path(path)}: error: cannot write it ({exc.strerror}); make its folder "
                          "writable and run again") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
