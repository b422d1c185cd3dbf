"""Streaming access to export files: encoding, CSV dialect, and an incremental JSON parser.

Nothing here reads a whole file into memory or keeps a list of records:

* :func:`sniff_encoding` scans the bytes once with an incremental decoder: ``utf-8-sig``
  when they decode, else ``cp1252`` (else ``latin-1``), with a warning naming the file.
* :func:`csv_records` yields ``(row_number, list_of_cells)`` from a sniffed dialect
  (``,`` ``;`` tab ``|``), with quoted multi-line fields, CRLF, and a raised field size
  limit (:data:`FIELD_LIMIT`); a larger field is a :class:`TicketError` naming the row.
* :func:`json_records` yields ``(line_number, dict)`` from a JSON list, an object that holds
  the list under a key such as ``tickets``/``data``/``conversations`` (at any depth, e.g.
  Help Scout's ``_embedded.conversations``), a single object, or NDJSON. Big arrays are
  parsed element by element over fixed-size chunks with :meth:`json.JSONDecoder.raw_decode`.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from generator.errors import Problem, TicketError, display_path

log = logging.getLogger(__name__)

CHUNK = 1 << 16
#: Largest CSV field accepted (a 50 KB e-mail body is fine; a runaway quote is not).
FIELD_LIMIT = 8 * 1024 * 1024
#: Largest single JSON record accepted before the file is called broken.
RECORD_LIMIT = 64 * 1024 * 1024
#: Keys under which an export object holds its list of records.
ARRAY_KEYS = ("tickets", "conversations", "data", "results", "items", "records", "_embedded")

_DELIMITERS = (",", ";", "\t", "|")


def sniff_encoding(path: Path) -> str:
    """``utf-8-sig`` when the whole file is valid UTF-8, else ``cp1252`` or ``latin-1`` (warned)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    fallback = codecs.getincrementaldecoder("cp1252")()
    utf8_ok, cp1252_ok = True, True
    with open(path, "rb") as fp:
        while chunk := fp.read(1 << 20):
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                    continue
                except UnicodeDecodeError:
                    utf8_ok = False
                    fp.seek(0)
                    continue
            try:
                fallback.decode(chunk)
            except UnicodeDecodeError:
                cp1252_ok = False
                break
    if utf8_ok:
        try:
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
    encoding = "cp1252" if cp1252_ok else "latin-1"
    log.warning("%s", Problem(display_path(path), 0, f"not valid UTF-8; read as {encoding}. Save the export as "
                                                     "UTF-8 to be sure accents are right", "warning"))
    return encoding


def open_text(path: Path, encoding: str) -> IO[str]:
    """``path`` as text with universal newlines left to the csv module."""
    return open(path, encoding=encoding, newline="")


def first_char(fp: IO[str]) -> str:
    """The first non-whitespace character of a text stream (it is then rewound)."""
    while chunk := fp.read(4096):
        stripped = chunk.lstrip()
        if stripped:
            fp.seek(0)
            return stripped[0]
    fp.seek(0)
    return ""


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


def csv_records(fp: IO[str], shown: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, cells)`` for every row, the header row included (number 1)."""
    head = fp.readline()
    fp.seek(0)
    delimiter = sniff_delimiter(head)
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(fp, delimiter=delimiter, quotechar='"', doublequote=True, skipinitialspace=False,
                        strict=False)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = (f"a field is longer than {FIELD_LIMIT:,} characters; the file probably has an "
                          "unclosed quote (\") at or before this row")
            raise TicketError(problems=[Problem(shown, line, f"unreadable CSV: {reason}")]) from None
        yield line, row
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

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fp.read(CHUNK)
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
                incomplete = exc.pos >= len(self.buf) - 64 or exc.msg.startswith("Unterminated")
                if incomplete and len(self.buf) - self.pos < RECORD_LIMIT and self._fill():
                    continue
                raise self.error(f"{exc.msg} (column {exc.colno})",
                                 self.lines_before + self.buf.count("\n", 0, exc.pos)) from None
            if end == len(self.buf) and not self.eof and self._fill():
                continue  # a number may continue in the next chunk
            self.pos = end
            return value


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
        if key in ARRAY_KEYS and nxt == "[":
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


def peek_record(path: Path, encoding: str) -> tuple[str, dict | list[str] | None]:
    """``("json", first_record)`` or ``("csv", header_cells)`` for format detection."""
    shown = display_path(path)
    with open_text(path, encoding) as fp:
        ch = first_char(fp)
        if ch in "[{":
            for _line, record in json_records(fp, shown):
                return "json", record
            return "json", None
        for _line, row in csv_records(fp, shown):
            return "csv", row
        return "csv", None


__all__ = ["csv_records", "json_records", "sniff_encoding", "sniff_delimiter", "open_text", "first_char",
           "peek_record", "JsonStream"]
