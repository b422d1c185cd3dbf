"""YAML as writers write it: one tolerant reading for ``mkdocs.yml``, front matter and data files.

* Dates that are not real dates (``2026-13-45``) stay text, so they are reported, not raised.
* ``mkdocs.yml`` may use MkDocs' ``!ENV`` tag and ``!!python/name:`` tags (kept as text).
* Front matter keeps the line of every top-level key in ``__lines__``, so problems name
  ``path:line``; libyaml is used when available (about 8x faster), and the pure-Python parser
  words errors the same way with or without it.
* Data files (``categories.yml``, ``synonyms.yml``) are read as nodes, which carry line numbers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ConfigError, HelpcenterError, Problem

_CSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def tolerant_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date-shaped value that is not a real date stays text instead of raising ValueError."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def yaml_kind(value: Any) -> str:
    """How a parsed value is named in messages: list, single value, number, boolean, mapping..."""
    return {list: "list", str: "single value", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__)


# --------------------------------------------------------------------------- mkdocs.yml

class ConfigLoader(yaml.SafeLoader):
    """SafeLoader that understands MkDocs' ``!ENV`` and keeps other tags as plain text."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1] or items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return default


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return f"{node.tag}{loader.construct_scalar(node)}" if not node.value else loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_constructor(TIMESTAMP_TAG, tolerant_timestamp)
ConfigLoader.add_multi_constructor("!", _other_tag)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)


def load_config_yaml(text: str) -> Any:
    """Parse YAML text the way ``mkdocs.yml`` is written (``!ENV`` and ``!!python/name`` allowed)."""
    return yaml.load(text, Loader=ConfigLoader)  # noqa: S506 - SafeLoader subclass


# --------------------------------------------------------------------------- front matter

class LineLoader(_CSafeLoader):  # type: ignore[misc,valid-type]
    """Safe loader (libyaml when available) that remembers top-level key lines in ``__lines__``."""


class PyLineLoader(yaml.SafeLoader):
    """The pure-Python twin, used only to word errors the same way with or without libyaml."""


class EditLoader(_CSafeLoader):  # type: ignore[misc,valid-type]
    """Safe loader (libyaml when available) with tolerant dates, for checking front-matter edits."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    if node.start_mark.line == loader.first_line:
        mapping["__lines__"] = {k.value: k.start_mark.line + 1 + loader.line_offset
                                for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


for _loader in (LineLoader, PyLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(TIMESTAMP_TAG, tolerant_timestamp)
EditLoader.add_constructor(TIMESTAMP_TAG, tolerant_timestamp)


def parse_front_matter(raw: str, loader_class: type = LineLoader) -> Any:
    """The front matter between the ``---`` lines (it starts on line 2 of the file)."""
    loader = loader_class(raw)
    loader.line_offset = 1
    loader.first_line = 0
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- data files

def compose_file(path: Path, shown: str, error: type[HelpcenterError] = ConfigError) -> yaml.Node | None:
    """A writer's YAML file as nodes, which carry line numbers; ``error`` names the file (and the
    line) when it can't be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(problems=[Problem(shown, 0, f"cannot read the file: {exc}")]) from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(problems=[Problem(shown, mark.line + 1 if mark else 0,
                                      f"invalid YAML: {getattr(exc, 'problem', None) or exc}")]) from None
