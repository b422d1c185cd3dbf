"""Streaming parsers for export text: the CSV dialect and rows, and an incremental JSON reader.

The text comes from :func:`generator.tickets.inputs.open_export` (which deals with bytes,
compression and encodings). Nothing here seeks, reads a whole file or keeps a list of records:

* :func:`csv_records` yields ``(line_number, list_of_cells)`` in the dialect
  :func:`sniff_delimiter` found (``,`` ``;`` tab ``|``), with quoted multi-line fields and
  CRLF. A field longer than :data:`FIELD_LIMIT` (nearly always an unclosed quote), a line
  longer than :data:`LINE_LIMIT` or a row longer than :data:`ROW_LIMIT` is a
  :class:`TicketError` naming the line where the row starts.
* :func:`json_records` yields ``(line_number, dict)`` from a JSON list, an object that holds
  the list under a key such as ``tickets``/``data``/``conversations``/``results`` (at any depth,
  e.g. Help Scout's ``_embedded.conversations``), a single object, or NDJSON. An object that has
  a record's own keys (``id``, ``subject``...) before such a list is one record that embeds it. Big arrays are
  parsed element by element with :meth:`json.JSONDecoder.raw_decode`. A record longer than
  :data:`RECORD_LIMIT` or nested deeper than :data:`MAX_DEPTH` levels is an error.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from generator.errors import Problem, TicketError

CHUNK = 1 << 16
MB = 1024 * 1024
#: Largest CSV field accepted (a 50 KB e-mail body is fine; a runaway quote is not).
FIELD_LIMIT = 64 * MB
#: Longest CSV line accepted (the csv module only sees a line once it is read whole).
LINE_LIMIT = 64 * MB
#: Longest CSV row accepted, over all its lines: a last guard, past what the field limit catches.
ROW_LIMIT = 4 * FIELD_LIMIT
#: Largest single JSON record accepted before the file is called broken.
RECORD_LIMIT = 64 * MB
#: Deepest nesting of arrays and objects accepted in a JSON record (a ticket has a handful).
MAX_DEPTH = 64
#: Keys under which an export object holds its list of records.
ARRAY_KEYS = ("tickets", "conversations", "data", "results", "items", "records", "_embedded")
#: Keys only a record has: an object with one of them before an :data:`ARRAY_KEYS` list is one ticket that
#: embeds that list (a Freshdesk ticket with its ``conversations``), not a page of records.
_RECORD_KEYS = frozenset({"id", "subject", "number"})

# The csv module's limit is one setting for the whole process: it is set here, once.
csv.field_size_limit(FIELD_LIMIT)

_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter used by a CSV header line: the candidate found most often outside quotes."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def size_text(chars: int) -> str:
    """``64 MB`` for a limit in characters (``1,000 characters`` when not a whole number of MB)."""
    return f"{chars // MB} MB" if chars % MB == 0 else f"{chars:,} characters"


class _TooLong(Exception):
    """A line or row over its limit; ``csv_records`` turns it into a TicketError naming the row."""


def _lines(fp: IO[str], used: list[int]) -> Iterator[str]:
    """The physical lines of ``fp``; ``used[0]`` counts the characters of the current row."""
    readline = fp.readline
    while line := readline(LINE_LIMIT + 1):
        if len(line) > LINE_LIMIT:
            raise _TooLong(f"a line is longer than {size_text(LINE_LIMIT)}; is this really a CSV export?")
        used[0] += len(line)
        if used[0] > ROW_LIMIT:
            raise _TooLong(f"a row is longer than {size_text(ROW_LIMIT)}; the file probably has an unclosed "
                           "quote (\") in this row or one before it: close it, or remove the row")
        yield line


def csv_records(fp: IO[str], shown: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, cells)`` for every row, the header row included (number 1)."""
    used = [0]
    reader = csv.reader(_lines(fp, used), delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=False, strict=False)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except _TooLong as exc:
            raise TicketError(problems=[Problem(shown, line, f"unreadable CSV: {exc}")]) from None
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = (f"a field is longer than {size_text(csv.field_size_limit())}; the file probably has an "
                          "unclosed quote (\") in this row or one before it: close it, or remove the row")
            raise TicketError(problems=[Problem(shown, line, f"unreadable CSV: {reason}")]) from None
        yield line, row
        used[0] = 0
        line = reader.line_num + 1


class JsonStream:
    """An incremental JSON reader over a text stream: whitespace, punctuation, values.

    Only the value being decoded is held in memory; consumed text is dropped.
    """

    def __init__(self, fp: IO[str], shown: str):
        self.fp = fp
        self.shown = shown
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 1  # line number of self.buf[0]
        self.decoder = json.JSONDecoder()
        self._counted_pos = 0
        self._counted_lines = 0

    @property
    def line(self) -> int:
        """1-based line number of the current position (counted incrementally)."""
        if self.pos < self._counted_pos:
            self._counted_pos, self._counted_lines = 0, 0
        self._counted_lines += self.buf.count("\n", self._counted_pos, self.pos)
        self._counted_pos = self.pos
        return self.lines_before + self._counted_lines

    def _fill(self, at_least: int = CHUNK) -> bool:
        """Read more text: ``at_least`` characters, so re-decoding a growing value stays linear."""
        if self.eof:
            return False
        chunk = self.fp.read(max(CHUNK, at_least))
        if not chunk:
            self.eof = True
            return False
        if self.pos:
            self.lines_before = self.line
            self.buf = self.buf[self.pos:]
            self.pos = 0
            self._counted_pos, self._counted_lines = 0, 0
        self.buf += chunk
        return True

    def error(self, message: str, line: int | None = None) -> TicketError:
        return TicketError(problems=[Problem(self.shown, line or self.line, f"bad JSON: {message}")])

    def peek(self) -> str:
        """The next non-whitespace character ('' at the end), without consuming it."""
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            self.pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self._fill():
                return ""

    def expect(self, chars: str) -> str:
        ch = self.peek()
        if not ch or ch not in chars:
            found = f"{ch!r}" if ch else "the end of the file"
            raise self.error(f"expected {' or '.join(repr(c) for c in chars)}, found {found}; is the file complete?")
        self.pos += 1
        return ch

    def value(self) -> Any:
        """Decode the next complete JSON value, reading more text as needed."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if exc.pos >= len(self.buf) - 64 or exc.msg.startswith("Unterminated"):  # incomplete
                    if len(self.buf) - self.pos > RECORD_LIMIT:
                        raise self.error(f"a record is longer than {size_text(RECORD_LIMIT)}; is a quote (\") or a "
                                         "bracket left open?") from None
                    if self._fill(len(self.buf) - self.pos):
                        continue
                raise self.error(f"{exc.msg} (column {exc.colno})",
                                 self.lines_before + self.buf.count("\n", 0, exc.pos)) from None
            except RecursionError:
                raise self._too_deep() from None
            except ValueError:  # an integer longer than Python converts
                raise self.error(f"a number has more than {sys.get_int_max_str_digits():,} digits; is the file "
                                 "a ticket export?") from None
            if end == len(self.buf) and not self.eof and self._fill():
                continue  # a number may continue in the next chunk
            if isinstance(value, (dict, list)) and self._nested(value, end):
                raise self._too_deep()
            self.pos = end
            return value

    def _nested(self, value: dict | list, end: int) -> bool:
        """True when ``value`` (``buf[pos:end]``) is nested deeper than :data:`MAX_DEPTH`; cheap when it is flat."""
        if self.buf.count("[", self.pos, end) + self.buf.count("{", self.pos, end) <= MAX_DEPTH:
            return False
        stack: list[tuple[Any, int]] = [(value, 1)]
        while stack:
            item, depth = stack.pop()
            if depth > MAX_DEPTH:
                return True
            for child in item.values() if isinstance(item, dict) else item:
                if isinstance(child, (dict, list)):
                    stack.append((child, depth + 1))
        return False

    def _too_deep(self) -> TicketError:
        return self.error(f"nested deeper than {MAX_DEPTH} levels, which no ticket export is; check that this is "
                          "the export file (or export it again)")


def json_records(fp: IO[str], shown: str) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, record)`` for every object in a JSON export (see module docstring)."""
    stream = JsonStream(fp, shown)
    ch = stream.peek()
    if ch == "[":
        yield from _array(stream)
    elif ch == "{":
        while stream.peek() == "{":  # one object, or NDJSON: one object per line
            for _kind, line, record in _object(stream, depth=0):
                yield line, record
        if stream.peek():
            raise stream.error(f"unexpected {stream.peek()!r} after a complete JSON value")
    elif ch:
        raise stream.error(f"expected '[' or '{{' at the start of the file, found {ch!r}")


def _array(stream: JsonStream) -> Iterator[tuple[int, dict]]:
    stream.expect("[")
    if stream.peek() == "]":
        stream.pos += 1
        return
    while True:
        stream.peek()
        line = stream.line
        item = stream.value()
        if isinstance(item, dict):
            yield line, item
        if stream.expect(",]") == "]":
            return


def _object(stream: JsonStream, depth: int) -> Iterator[tuple[str, int, dict]]:
    """Parse one object key by key. Arrays under :data:`ARRAY_KEYS` are streamed as
    ``("array", line, record)``; if none is found the object itself is one record,
    yielded last as ``("record", line, obj)``."""
    line = stream.line
    stream.expect("{")
    obj: dict[str, Any] = {}
    streamed = False
    if stream.peek() == "}":
        stream.pos += 1
        yield "record", line, obj
        return
    while True:
        key = stream.value()
        if not isinstance(key, str):
            raise stream.error("object keys must be strings in double quotes")
        stream.expect(":")
        nxt = stream.peek()
        if key in ARRAY_KEYS and nxt == "[" and _RECORD_KEYS.isdisjoint(obj):
            streamed = True
            for item_line, item in _array(stream):
                yield "array", item_line, item
        elif key in ARRAY_KEYS and nxt == "{" and depth < 2:
            for kind, item_line, item in _object(stream, depth + 1):
                if kind == "array":
                    streamed = True
                    yield kind, item_line, item
                else:
                    obj[key] = item
        else:
            obj[key] = stream.value()
        if stream.expect(",}") == "}":
            break
    if not streamed:
        yield "record", line, obj


__all__ = ["csv_records", "json_records", "sniff_delimiter", "size_text", "JsonStream", "FIELD_LIMIT", "LINE_LIMIT",
           "ROW_LIMIT", "RECORD_LIMIT", "MAX_DEPTH"]
