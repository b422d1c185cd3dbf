"""Byte-preserving edits of an article's front matter: ``helpcenter tag --write``.

:func:`set_categories` sets the ``categories:`` key of a Markdown file's YAML front matter
and leaves every other byte of the file as it was: comments, quoting, block scalars, key
order, the byte-order mark, ``\\r\\n`` line endings, a missing final newline and the whole
body. It works on the text, not on a re-dumped YAML tree:

- no ``categories`` key: one line ``categories: [returns, refunds]`` is inserted right
  before the closing ``---`` (after any trailing comment; a closing line can't be inside
  a block scalar, so this is safe), indented like the other top-level keys;
- an empty ``categories`` (``[]``, nothing, ``~``, ``''``): only the value is replaced, a
  comment after it on the key line stays; a value on the following lines (a block list)
  is removed line by line and the new flow list goes on the key line;
- ``categories`` with values: left alone unless ``replace=True``;
- no front matter at all: ``---``, ``categories: [...]``, ``---`` are prepended.

Inserted lines end like the file's first line (``\\n`` when the file has none). Ids are
written in flow style, quoted only where YAML needs it (``'yes'``, ``'123'``).

Front matter is found exactly as :func:`generator.content.split_front_matter` finds it:
a first line ``---``, closed by the next line that is ``---`` or ``...`` (trailing spaces
allowed). Front matter with YAML anchors or aliases, or nested too deep, is refused as
``helpcenter check`` refuses it. Every edit is checked by parsing the new front matter again: the categories must
come out as given and every other key must be equal to before, otherwise
:class:`FrontMatterEditError` (a :class:`ValueError`) is raised and nothing is written.

:func:`write_categories` applies the edit to a file atomically: a temporary file in the
same folder, the original mode, then :func:`os.replace`.
"""

from __future__ import annotations

import logging
import math
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import yaml

from generator.yamlio import EditLoader, YAMLRefused, check_front_matter, yaml_kind

log = logging.getLogger(__name__)

BOM = "\ufeff"
KEY = "categories"

_EOL = re.compile(r"(\r\n|\r|\n)")


class FrontMatterEditError(ValueError):
    """The front matter can't be edited safely; the file must be left alone.

    ``line`` is the 1-based line in the file the problem is about (0: the whole file), so a
    caller can report ``path:line: error: message``.
    """

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


# --------------------------------------------------------------------------- public API

def set_categories(data: bytes, categories: list[str], replace: bool = False) -> bytes:
    """The bytes of the file ``data`` with its front matter's ``categories`` set to ``categories``.

    Returns ``data`` itself when nothing changes: the key already holds these ids, or it holds
    other ids and ``replace`` is false. Raises :class:`FrontMatterEditError` when the file is not
    UTF-8, its front matter is not closed, not valid YAML, not a block mapping, has the key
    twice, or when the edit would not parse back to exactly the intended front matter.
    """
    ids = _check_ids(categories)
    flow = _flow_list(ids)
    bom, text = _decode(data)
    lines = _split_lines(text)
    eol = lines[0][1] if lines and lines[0][1] else "\n"
    front = _find_front_matter(lines)

    if front is None:  # no front matter: prepend one
        new_text = f"---{eol}{KEY}: {flow}{eol}---{eol}{text}"
        _verify(new_text, {}, ids)
        return (bom + new_text).encode("utf-8")

    start, end = front  # character offsets of the front matter's first line and of the closing line
    fm_text = text[start:end]
    node, before = _parse(fm_text, start_line=2)
    if before is None:
        before = {}
    if not isinstance(before, dict):
        raise FrontMatterEditError(
            f"front matter must be a mapping of `key: value` lines, not a {yaml_kind(before)}; fix it before "
            f"adding {KEY}", 2)
    if node is not None and not isinstance(node, yaml.MappingNode):  # a lone null ("~", "Null")
        raise FrontMatterEditError(
            f"front matter holds a single empty value, not `key: value` lines; replace it with "
            f"`{KEY}: {flow}`", 2)
    if node is not None and node.flow_style:
        raise FrontMatterEditError(
            f"front matter is written as one {{...}} mapping; write one `key: value` per line, or add "
            f"`{KEY}: {flow}` by hand", 2)

    starts = _line_starts(lines)
    pairs = [(k, v) for k, v in (node.value if node is not None else [])
             if isinstance(k, yaml.ScalarNode) and k.value == KEY]
    if len(pairs) > 1:
        first, second = (_line_of(starts, start + k.start_mark.index) + 1 for k, _ in pairs[:2])
        raise FrontMatterEditError(
            f"front matter has {KEY!r} twice (lines {first} and {second}); keep one and run again", second)

    if not pairs:
        indent = " " * (node.start_mark.column if node is not None else 0)
        new_text = f"{text[:end]}{indent}{KEY}: {flow}{eol}{text[end:]}"
    else:
        current = before.get(KEY)
        if current == ids or (_is_empty(current) and not ids):
            return data  # already so
        if not _is_empty(current) and not replace:
            return data  # explicit categories win
        key_node, value_node = pairs[0]
        new_text = text[:start] + _replace_value(fm_text, key_node, value_node, flow, start, starts) + text[end:]

    _verify(new_text, before, ids)
    return (bom + new_text).encode("utf-8")


def write_categories(path: Path, categories: list[str], replace: bool = False) -> bool:
    """Set ``categories`` in the front matter of the file at ``path``; write only if it changed.

    The write is atomic: the new bytes go to a temporary file in the same folder, which gets the
    original file's mode and then replaces it (a symlink is followed: its target is rewritten).
    Returns whether the file changed. Raises :class:`FrontMatterEditError` (file untouched) as
    :func:`set_categories` does, and :class:`OSError` when the file can't be read or written.
    """
    target = Path(os.path.realpath(path))
    data = target.read_bytes()
    new = set_categories(data, categories, replace=replace)
    if new == data:
        return False
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(new)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    log.debug("%s: categories set to %s", path, categories)
    return True


# --------------------------------------------------------------------------- text

def _check_ids(categories: list[str]) -> list[str]:
    if isinstance(categories, (str, bytes)) or not all(isinstance(c, str) for c in categories):
        raise TypeError(f"categories must be a list of ids (text), not {categories!r}")
    ids = list(categories)
    for cid in ids:
        if not cid.strip() or _EOL.search(cid):
            raise ValueError(f"{cid!r} is not a category id: an id is one line of text, such as 'returns'")
    return ids


def _flow_list(ids: list[str]) -> str:
    """``[returns, refunds]``: flow style, each id quoted only where YAML needs it."""
    text = yaml.safe_dump(ids, default_flow_style=True, allow_unicode=True, width=math.inf).rstrip("\n")
    if "\n" in text:  # pragma: no cover - _check_ids keeps line breaks out
        raise ValueError(f"categories {ids!r} can't be written on one line")
    return text


def _decode(data: bytes) -> tuple[str, str]:
    """``(bom, text)``: the file as text, its byte-order mark (``""`` or ``"\\ufeff"``) split off."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FrontMatterEditError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8",
                                   line) from None
    if text.startswith(BOM):
        return BOM, text[1:]
    return "", text


def _split_lines(text: str) -> list[tuple[str, str]]:
    """``[(content, line_ending), ...]``; endings: ``\\r\\n``, ``\\r``, ``\\n``, ``""`` (unended last line)."""
    parts = _EOL.split(text)
    lines = list(zip(parts[0::2], parts[1::2] + [""]))
    if lines[-1] == ("", ""):
        lines.pop()
    return lines


def _line_starts(lines: list[tuple[str, str]]) -> list[int]:
    starts, offset = [], 0
    for content, eol in lines:
        starts.append(offset)
        offset += len(content) + len(eol)
    starts.append(offset)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    """0-based index of the line holding the character at ``offset``."""
    low, high = 0, len(starts) - 2
    while low < high:
        mid = (low + high + 1) // 2
        if starts[mid] <= offset:
            low = mid
        else:
            high = mid - 1
    return low


def _find_front_matter(lines: list[tuple[str, str]]) -> tuple[int, int] | None:
    """Character offsets ``(start, end)`` of the front matter's text (its closing line starts at ``end``).

    None when the file has no front matter; an unclosed one is an error, as in ``helpcenter check``.
    """
    if not lines or lines[0][0] != "---":
        return None
    offset = len(lines[0][0]) + len(lines[0][1])
    start = offset
    for content, eol in lines[1:]:
        if content.rstrip() in ("---", "..."):
            return start, offset
        offset += len(content) + len(eol)
    raise FrontMatterEditError("front matter is not closed; add a line with --- after the last setting", 1)


def _parse(fm_text: str, start_line: int) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree (offsets as in ``fm_text``) and its value, as ``helpcenter check`` reads it.

    Front matter ``helpcenter check`` refuses as unbounded (anchors and aliases, deep nesting) is
    refused here too, before it is composed.
    """
    try:
        check_front_matter(fm_text, EditLoader, line_offset=start_line - 1)
    except YAMLRefused as exc:
        line, message, _ = exc.findings[0]
        raise FrontMatterEditError(f"{message} before adding {KEY}", line) from None
    except yaml.YAMLError:
        pass  # worded below, as the loader meets it
    loader = EditLoader(fm_text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterEditError(f"invalid YAML in front matter: {reason}; fix it (helpcenter check shows "
                                   f"where) before adding {KEY}", mark.line + start_line if mark else 1) from None
    finally:
        loader.dispose()
    return node, value


def _is_empty(value: Any) -> bool:
    """True for a ``categories`` value that names no category: nothing, ``~``, ``''``, ``[]``, ``['']``."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(isinstance(v, str) and not v.strip() for v in value)
    return False


def _last_index(node: yaml.Node) -> int:
    """Offset of the last character that belongs to ``node`` (a block collection's end mark runs past comments)."""
    if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_index(last[1] if isinstance(node, yaml.MappingNode) else last)
    start, end = node.start_mark.index, node.end_mark.index
    return end - 1 if end > start else start


def _replace_value(fm_text: str, key: yaml.ScalarNode, value: yaml.Node, flow: str,
                   base: int, starts: list[int]) -> str:
    """``fm_text`` with the value of ``key`` replaced by ``flow``; offsets in ``starts`` are file offsets."""
    key_end = key.end_mark.index
    colon = key_end + len(fm_text[key_end:]) - len(fm_text[key_end:].lstrip(" \t"))
    line = _line_of(starts, base + key.start_mark.index) + 1
    if fm_text[colon:colon + 1] != ":":
        raise FrontMatterEditError(f"can't find the `:` after {KEY!r}; write it as `{KEY}: {flow}` on one line",
                                   line)
    v_start, v_last = value.start_mark.index, _last_index(value)
    if v_start <= colon or v_last < v_start:  # an alias (*name) points elsewhere in the file
        raise FrontMatterEditError(f"{KEY!r} is an alias or an unusual YAML construct; write it as "
                                   f"`{KEY}: {flow}` by hand", line)
    key_line = _line_of(starts, base + key.start_mark.index)
    first_line = _line_of(starts, base + v_start)
    empty_scalar = isinstance(value, yaml.ScalarNode) and value.start_mark.index == value.end_mark.index
    if first_line == key_line and not empty_scalar:
        # `categories: []  # note`, `categories: ~`, a flow list over several lines: swap the value text only
        return fm_text[:v_start] + flow + fm_text[v_last + 1:]
    # `categories:  # note` with nothing, or with the value on the next lines (a block list): put the flow
    # list after the colon, keep the rest of the key line, and drop the value's own lines
    edited = fm_text[:colon + 1] + " " + flow + fm_text[colon + 1:]
    if empty_scalar:
        return edited
    shift = 1 + len(flow)
    cut_from = starts[first_line] - base + shift
    cut_to = starts[_line_of(starts, base + v_last) + 1] - base + shift
    return edited[:cut_from] + edited[cut_to:]


def _verify(new_text: str, before: dict, ids: list[str]) -> None:
    """Parse the edited file's front matter again: ``categories`` must be ``ids``, every other key as before."""
    lines = _split_lines(new_text)
    start, end = _find_front_matter(lines) or (0, 0)
    fm_text = new_text[start:end].replace("\r\n", "\n").replace("\r", "\n")
    closing = _line_of(_line_starts(lines), end) + 1
    try:
        _, after = _parse(fm_text, start_line=2)
    except FrontMatterEditError:
        after = None
    if not isinstance(after, dict) or after.get(KEY) != ids:
        raise FrontMatterEditError(f"adding {KEY} would not parse back as {_flow_list(ids)}; add "
                                   f"`{KEY}: {_flow_list(ids)}` to the front matter by hand", closing)
    others_before = {k: v for k, v in before.items() if k != KEY}
    others_after = {k: v for k, v in after.items() if k != KEY}
    if others_before != others_after and repr(others_before) != repr(others_after):
        changed = sorted({str(k) for k in others_before.keys() | others_after.keys()
                          if others_before.get(k, KeyError) != others_after.get(k, KeyError)})
        raise FrontMatterEditError(f"adding {KEY} would change {', '.join(changed) or 'other keys'} as YAML "
                                   f"reads them; add `{KEY}: {_flow_list(ids)}` to the front matter by hand",
                                   closing)
