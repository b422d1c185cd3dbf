"""YAML as writers write it: one tolerant, bounded reading for ``mkdocs.yml``, front matter and data files.

* Dates that are not real dates (``2026-13-45``) stay text, so they are reported, not raised; so do
  numbers too long to be meant as numbers (a 5,000-digit "integer" would raise, a ``1:2:3:...``
  sexagesimal one would take minutes).
* ``mkdocs.yml`` may use MkDocs' ``!ENV`` tag and ``!!python/name:`` tags (kept as text).
* Front matter keeps the line of every top-level key in ``__lines__``, so problems name
  ``path:line``; libyaml is used when available (about 8x faster), and the pure-Python parser
  words errors the same way with or without it.
* Data files (``categories.yml``, ``synonyms.yml``) are read as nodes, which carry line numbers.

Every input is untrusted and bounded (:class:`Limits`): ``mkdocs.yml`` and data files are at most
1 MB, no input nests deeper than 50 collections, aliases may not expand a file beyond 250,000
values or refer to the value they are part of, and front matter has no anchors or aliases at all
(they have no use there; an alias "bomb" of a few lines expands to gigabytes). A key written twice
in one mapping is an error naming both lines. Refusals raise :class:`YAMLRefused`, which carries
``(line, message, code)`` findings for ``path:line: error:`` problems. The checks cost one pass
over libyaml's events (front matter skips even that when its text can't break a limit).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ConfigError, HelpcenterError, Problem

_CSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
INT_TAG = "tag:yaml.org,2002:int"
#: A plain scalar longer than this that looks like an integer stays text.
MAX_NUMBER_CHARS = 100


@dataclass(frozen=True)
class Limits:
    """How much YAML one input may hold."""

    name: str
    """What the input is, in messages: ``front matter``, ``a data file``, ``mkdocs.yml``."""
    max_bytes: int | None
    """Largest file (UTF-8 bytes); None: no limit of its own (front matter is part of an article)."""
    max_depth: int
    """Most collections (mappings, lists) nested in one another."""
    aliases: bool
    """Whether anchors (``&name``) and aliases (``*name``) are allowed at all."""
    max_alias_values: int = 0
    """Most values aliases may repeat in all (an alias of a 3-value list repeats 3)."""


FRONT_MATTER = Limits("front matter", None, 50, aliases=False)
DATA_FILE = Limits("a data file", 1_000_000, 50, aliases=True, max_alias_values=100_000)
CONFIG_FILE = Limits("mkdocs.yml", 1_000_000, 50, aliases=True, max_alias_values=100_000)

#: Characters that open a nesting level (``[``, ``{``, ``-``, ``?``, ``:``): text with no more of them
#: than ``max_depth`` can't nest too deep.
_NESTING_CHARS = "[{-?:"


class YAMLRefused(yaml.YAMLError):
    """Well-formed YAML we refuse to read: too large, too deep, aliases that expand too far or loop,
    anchors in front matter, or a key written twice.

    ``findings`` are ``(line, message, code)``; ``line`` is 1-based in the file (0: the whole file).
    """

    def __init__(self, findings: list[tuple[int, str, str]]):
        self.findings = list(findings)
        super().__init__("; ".join(message for _, message, _ in self.findings))

    def problems(self, shown: str) -> list[Problem]:
        """The findings as ``path:line: error:`` problems of the file shown as ``shown``."""
        return [Problem(shown, line, message, code=code) for line, message, code in self.findings]


def tolerant_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date-shaped value that is not a real date (or a ``!!timestamp`` that is no date at all)
    stays text instead of raising ValueError."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, AttributeError, TypeError, OverflowError):
        return loader.construct_scalar(node)


def tolerant_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """An integer-shaped value too long to be meant as a number stays text (Python refuses to
    convert over 4,300 digits, and a long ``1:2:3:...`` sexagesimal value is quadratic); an
    explicit ``!!int`` that is no number is a YAML error, not a ValueError."""
    if len(node.value) > MAX_NUMBER_CHARS:
        return loader.construct_scalar(node)
    return _strict(yaml.SafeLoader.construct_yaml_int, "a whole number")(loader, node)


def _strict(construct: Any, what: str) -> Any:
    """``construct``, raising :class:`yaml.constructor.ConstructorError` (a YAML error with a line)
    where PyYAML raises ValueError, KeyError... for an explicitly tagged scalar (``!!bool maybe``)."""
    def constructor(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not {what}",
                                                    node.start_mark) from None
    return constructor


#: Constructors every loader here uses for these tags.
_SCALARS = {
    TIMESTAMP_TAG: tolerant_timestamp, INT_TAG: tolerant_int,
    "tag:yaml.org,2002:float": _strict(yaml.SafeLoader.construct_yaml_float, "a number"),
    "tag:yaml.org,2002:bool": _strict(yaml.SafeLoader.construct_yaml_bool, "true or false"),
}


def yaml_kind(value: Any) -> str:
    """How a parsed value is named in messages: list, single value, number, boolean, mapping..."""
    return {list: "list", str: "single value", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__)


# --------------------------------------------------------------------------- bounds

def check_events(text: str, limits: Limits, loader_class: type = _CSafeLoader, line_offset: int = 0) -> None:
    """Scan ``text``'s events once; raise :class:`YAMLRefused` when it breaks ``limits``.

    Parse errors are raised as the parser of ``loader_class`` words them. Lines in findings are
    ``line_offset`` + the 1-based line in ``text``.
    """
    loader = loader_class(text)
    try:
        _Scan(limits, line_offset).run(loader)
    finally:
        loader.dispose()


class _Scan:
    """Depth and alias expansion of a YAML event stream: each anchor's size (its values, aliases in it
    expanded) is remembered for the aliases to it."""

    def __init__(self, limits: Limits, line_offset: int):
        self.limits, self.offset = limits, line_offset
        self.stack: list[list] = []  # [anchor, size so far] of every open collection
        self.sizes: dict[str, int] = {}
        self.repeated = 0

    def run(self, loader: Any) -> None:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 + self.offset
            if isinstance(event, yaml.AliasEvent):
                self._alias(event.anchor, line)
            elif isinstance(event, yaml.ScalarEvent):
                self._anchor(event.anchor, line)
                self._done(event.anchor, 1)
            elif isinstance(event, yaml.CollectionStartEvent):
                self._anchor(event.anchor, line)
                self.stack.append([event.anchor, 1])
                if len(self.stack) > self.limits.max_depth:
                    self._refuse(line, f"YAML nested more than {self.limits.max_depth} levels deep; flatten it",
                                 "yaml-too-deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                self._done(*self.stack.pop())

    def _anchor(self, anchor: str | None, line: int) -> None:
        if anchor is not None and not self.limits.aliases:
            self._refuse(line, f"YAML anchor &{anchor} in {self.limits.name}; anchors and aliases have no use "
                               "here, write the value out in full", "yaml-alias")

    def _alias(self, anchor: str, line: int) -> None:
        if not self.limits.aliases:
            self._refuse(line, f"YAML alias *{anchor} in {self.limits.name}; anchors and aliases have no use "
                               "here, write the value out in full", "yaml-alias")
        if any(frame[0] == anchor for frame in self.stack):
            self._refuse(line, f"YAML alias *{anchor} is inside the value it names, a loop; write the value "
                               "out instead", "yaml-alias-loop")
        size = self.sizes.get(anchor, 1)  # an undefined alias is the composer's error, later
        self.repeated += size
        if self.repeated > self.limits.max_alias_values:
            self._refuse(line, f"YAML aliases here repeat more than {self.limits.max_alias_values:,} values; "
                               "write the repeated parts out once instead of nesting aliases", "yaml-too-large")
        self._done(None, size)

    def _done(self, anchor: str | None, size: int) -> None:
        """A value of ``size`` values (itself and all it holds, aliases expanded) is complete."""
        if anchor is not None:
            self.sizes[anchor] = size
        if self.stack:
            self.stack[-1][1] += size

    @staticmethod
    def _refuse(line: int, message: str, code: str) -> None:
        raise YAMLRefused([(line, message, code)])


def _may_break(text: str, limits: Limits) -> bool:
    """False when ``text`` can't break ``limits``, told from the text alone (no parsing)."""
    if "&" in text or "*" in text:
        return True
    return sum(map(text.count, _NESTING_CHARS)) > limits.max_depth


def duplicate_keys(node: yaml.Node | None, line_offset: int = 0) -> list[tuple[int, str, str]]:
    """``(line, message, code)`` for every key written twice in one mapping, anywhere under ``node``."""
    findings: list[tuple[int, str, str]] = []
    visited: set[int] = set()
    todo = [node] if node is not None else []
    while todo:
        current = todo.pop()
        if isinstance(current, yaml.ScalarNode) or id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            todo.extend(current.value)
            continue
        first: dict[tuple[str, str], int] = {}
        for key, value in current.value:
            todo += (key, value)
            if not isinstance(key, yaml.ScalarNode):
                continue
            line = key.start_mark.line + 1 + line_offset
            identity = (key.tag, key.value)
            if identity in first:
                findings.append((line, f"duplicate key {key.value!r} (first on line {first[identity]}); keep one",
                                 "duplicate-key"))
            else:
                first[identity] = line
    return sorted(findings)


def _checked_node(loader: Any, line_offset: int) -> yaml.Node | None:
    """The loader's single document as nodes, refused when a mapping has a key twice."""
    node = loader.get_single_node()
    findings = duplicate_keys(node, line_offset)
    if findings:
        raise YAMLRefused(findings)
    return node


def read_limited(path: Path, limits: Limits) -> str:
    """The text of ``path`` (UTF-8, a BOM dropped), refused when larger than ``limits.max_bytes``.

    Never reads more than one byte past the limit. Raises :class:`OSError` and
    :class:`UnicodeDecodeError` as :meth:`Path.read_text` does.
    """
    with path.open("rb") as handle:
        data = handle.read() if limits.max_bytes is None else handle.read(limits.max_bytes + 1)
    _check_size(len(data), limits)
    return data.decode("utf-8-sig")


def _check_size(size: int, limits: Limits) -> None:
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise YAMLRefused([(0, f"the file is larger than {limits.max_bytes // 1_000_000} MB "
                               f"({limits.max_bytes:,} bytes), the most {limits.name} may hold; split it or remove "
                               "what it doesn't need", "too-large")])


def _check_bounds(text: str, limits: Limits, exact: type = yaml.SafeLoader, line_offset: int = 0) -> None:
    """:func:`check_events` with libyaml; on a parse error again with ``exact``'s pure-Python parser,
    which words the error as our messages expect (or accepts what libyaml did not)."""
    try:
        check_events(text, limits, _CSafeLoader, line_offset)
    except YAMLRefused:
        raise
    except yaml.YAMLError:
        check_events(text, limits, exact, line_offset)


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
for _tag, _constructor in _SCALARS.items():
    ConfigLoader.add_constructor(_tag, _constructor)
ConfigLoader.add_multi_constructor("!", _other_tag)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)


def load_config_yaml(text: str) -> Any:
    """Parse YAML text the way ``mkdocs.yml`` is written (``!ENV`` and ``!!python/name`` allowed).

    Raises :class:`YAMLRefused` beyond :data:`CONFIG_FILE`'s limits or on a key written twice, and
    :class:`yaml.YAMLError` on invalid YAML.
    """
    _check_size(len(text.encode("utf-8", "surrogatepass")), CONFIG_FILE)
    _check_bounds(text, CONFIG_FILE, ConfigLoader)
    loader = ConfigLoader(text)
    try:
        node = _checked_node(loader, 0)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


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
for _loader in (LineLoader, PyLineLoader, EditLoader):
    for _tag, _constructor in _SCALARS.items():
        _loader.add_constructor(_tag, _constructor)


def check_front_matter(raw: str, loader_class: type = LineLoader, line_offset: int = 1) -> None:
    """Raise :class:`YAMLRefused` when front matter text has anchors or aliases or nests too deep
    (:data:`FRONT_MATTER`); parse errors are worded by ``loader_class``'s parser.

    Text that can't break the limits (no ``&`` or ``*``, few nesting characters) is not even parsed.
    """
    if _may_break(raw, FRONT_MATTER):
        check_events(raw, FRONT_MATTER, loader_class, line_offset)


def parse_front_matter(raw: str, loader_class: type = LineLoader) -> Any:
    """The front matter between the ``---`` lines (it starts on line 2 of the file).

    Raises :class:`YAMLRefused` (see :func:`check_front_matter`, and a key written twice) and
    :class:`yaml.YAMLError` on invalid YAML.
    """
    check_front_matter(raw, loader_class)
    loader = loader_class(raw)
    loader.line_offset = 1
    loader.first_line = 0
    try:
        node = _checked_node(loader, 1)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- data files

def compose_file(path: Path, shown: str, error: type[HelpcenterError] = ConfigError) -> yaml.Node | None:
    """A writer's YAML file as nodes, which carry line numbers; ``error`` names the file (and the
    line) when it can't be read or parsed, breaks :data:`DATA_FILE`'s limits or has a key twice."""
    try:
        text = read_limited(path, DATA_FILE)
        _check_bounds(text, DATA_FILE)
        return _compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise error(problems=[Problem(shown, 0, f"cannot read the file: {exc}")]) from None
    except YAMLRefused as exc:
        raise error(problems=exc.problems(shown)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(problems=[Problem(shown, mark.line + 1 if mark else 0,
                                      f"invalid YAML: {getattr(exc, 'problem', None) or exc}")]) from None


def _compose(text: str) -> yaml.Node | None:
    """Nodes by libyaml; the pure-Python composer words errors as our messages expect."""
    for loader_class in (_CSafeLoader, yaml.SafeLoader):
        loader = loader_class(text)
        try:
            return _checked_node(loader, 0)
        except YAMLRefused:
            raise
        except yaml.YAMLError:
            if loader_class is yaml.SafeLoader:
                raise
        finally:
            loader.dispose()
    return None  # pragma: no cover - the loop returns or raises
