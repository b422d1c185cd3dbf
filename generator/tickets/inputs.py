"""An export as text, whatever it arrives as: a file, ``-`` (standard input), a pipe or FIFO.

:func:`open_export` reads the bytes once, front to back, and never seeks, so standard
input, ``<(...)`` process substitution and named pipes read like files. Only the first
line is held back, to tell JSON from CSV and to sniff the delimiter.

* **Sources.** ``-`` is standard input (refused when it is a terminal). A FIFO is opened
  without blocking; when nothing writes to it within :data:`FIFO_WAIT` seconds it is an
  error, never a hang. Devices, sockets and folders are refused.
* **Compression.** gzip is recognised by its magic bytes (``export.csv.gz``) and
  decompressed on the fly; a ZIP archive that is not an Excel workbook is refused with a hint.
* **Workbooks.** An ``.xlsx`` (ZIP with ``xl/``) or binary ``.xls`` (OLE) is handed on whole, as
  :attr:`ExportText.workbook` (the path of a regular file, else the bytes), for
  :mod:`generator.tickets.excel`; a text export starting with ``<`` carries its first
  :data:`XML_HEAD` characters in :attr:`ExportText.start`, to recognise SpreadsheetML.
* **Encoding.** A byte-order mark decides: UTF-8, UTF-16 or UTF-32 (either byte order).
  Otherwise the text is UTF-8, checked as it streams. At the first byte that is not UTF-8:

  - if everything before it was ASCII, the file is read as cp1252 (Windows Western; the
    bytes cp1252 leaves undefined as latin-1), with a warning naming the line. ASCII is
    the same in both, so nothing already read changes;
  - if real UTF-8 characters came before it, the file is damaged or mixes encodings: a
    :class:`~generator.errors.TicketError` names the line and how to repair it.

  A file that ends in the middle of a character (an export cut short) is read without the
  incomplete character, with a warning.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import os
import select
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, BinaryIO

from generator.errors import Problem, TicketError, display_path
from generator.tickets.excel import OLE_MAGIC, ZIP_MAGIC, is_xlsx

log = logging.getLogger(__name__)

#: The path that means standard input.
STDIN = "-"
#: How standard input is named in messages.
STDIN_NAME = "<stdin>"
CHUNK = 1 << 16
#: Seconds to wait for a program to start writing to a FIFO before giving up.
FIFO_WAIT = 5.0
#: The most of the first line held back for format detection.
HEAD_LIMIT = 1 << 20
#: How much of an export starting with ``<`` is held back to recognise an Excel 2003 XML workbook.
XML_HEAD = 8192

_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8"))
_INCOMPLETE = ("unexpected end of data", "truncated data")
_GZIP = b"\x1f\x8b"
_WHITESPACE = b" \t\r\n"


@dataclass
class ExportText:
    """An open export: its text, and what detection needs from its start."""

    shown: str
    """The name used in messages (``<stdin>`` for standard input)."""
    text: IO[str]
    """The whole text from the start, newlines untranslated (as the csv module wants)."""
    first: str
    """The first non-whitespace character ('' when the export is empty)."""
    header: str
    """The first line (for the CSV delimiter)."""
    encoding: str
    """What the bytes were read as: ``utf-8``, ``utf-16-le``..., ``cp1252``; ``binary`` for a workbook."""
    compressed: bool = False
    start: str = ""
    """When the text starts with ``<``: its first :data:`XML_HEAD` characters (else '')."""
    workbook: Path | bytes | None = None
    """An Excel workbook (``.xlsx``, ``.xls``): the file's path, or the bytes of a stream; ``text`` is then empty."""


def shown_name(path: Path | str) -> str:
    """How ``path`` is named in messages."""
    if str(path) == STDIN:
        return STDIN_NAME
    p = Path(path)
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(p.stat().st_mode) and not p.is_dir():
            return p.as_posix()  # /dev/fd/63, not the /proc/.../pipe:[...] it resolves to
    return display_path(p)


@contextlib.contextmanager
def open_export(path: Path | str) -> Iterator[ExportText]:
    """``path`` (or ``-``) opened as an :class:`ExportText` (see the module docstring)."""
    shown = shown_name(path)
    fp, close = _open_binary(Path(path), shown)
    try:
        magic, chunks = _peek(_read_chunks(fp, shown), len(OLE_MAGIC))
        if magic.startswith((ZIP_MAGIC, OLE_MAGIC)):
            yield _workbook(Path(path), shown, magic, chunks)
            return
        chunks, compressed = _decompressed(chain([magic], chunks), shown)
        encoding, text_chunks = _decoded(chunks, shown)
        # The decoder may switch to cp1252 while streaming; it reports that itself.
        held, first, header = _head(text_chunks)
        start = b"".join(held)[:XML_HEAD].decode("utf-8", "ignore") if first == "<" else ""
        raw = _ChunkReader(chain(held, text_chunks))
        text = io.TextIOWrapper(io.BufferedReader(raw, CHUNK), encoding="utf-8", newline="")
        yield ExportText(shown, text, first, header, encoding, compressed, start)
    finally:
        if close:
            fp.close()


def _workbook(path: Path, shown: str, magic: bytes, chunks: Iterator[bytes]) -> ExportText:
    """An Excel workbook's export: its path when it is a regular file, else all its bytes."""
    regular = str(path) != STDIN and stat.S_ISREG(path.stat().st_mode)
    source: Path | bytes = path if regular else b"".join(chain([magic], chunks))
    if magic.startswith(ZIP_MAGIC) and not is_xlsx(source):
        raise TicketError(problems=[Problem(shown, 0, "is a ZIP archive, not an Excel workbook; unzip it, or "
                                            "export the tickets as CSV, JSON or Excel")])
    return ExportText(shown, io.StringIO(""), "", "", "binary", workbook=source)


def _open_binary(path: Path, shown: str) -> tuple[BinaryIO, bool]:
    """The export's byte stream, and whether we close it."""
    if str(path) == STDIN:
        stdin = sys.stdin
        if stdin is None or stdin.isatty():
            raise TicketError(problems=[Problem(shown, 0, "standard input is a terminal; pipe an export in, "
                                                "for example: helpcenter tickets - < export.csv")])
        return stdin.buffer, False
    try:
        mode = path.stat().st_mode
        if stat.S_ISREG(mode):
            return open(path, "rb"), True
        if stat.S_ISFIFO(mode):
            return _open_fifo(path, shown), True
    except FileNotFoundError:
        raise TicketError(problems=[Problem(shown, 0, "ticket export not found; check the path")]) from None
    except OSError as exc:
        raise TicketError(problems=[Problem(shown, 0, f"cannot read the file: {exc.strerror}")]) from None
    if stat.S_ISDIR(mode):
        raise TicketError(problems=[Problem(shown, 0, "is a folder; pass the export file itself")])
    raise TicketError(problems=[Problem(shown, 0, "is not a regular file or a pipe (a device or socket); pass the "
                                        "export file, or pipe it in with -")])


def _open_fifo(path: Path, shown: str) -> BinaryIO:
    """A FIFO opened without blocking on a missing writer; it then reads (and waits for data) normally."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        first = _first_fifo_bytes(fd, shown)
        os.set_blocking(fd, True)
        return _Replay(first, open(fd, "rb", closefd=True))
    except BaseException:
        os.close(fd)
        raise


def _first_fifo_bytes(fd: int, shown: str) -> bytes:
    """What a writer has sent so far; waits up to :data:`FIFO_WAIT` s for one to appear."""
    try:
        data = os.read(fd, CHUNK)
    except BlockingIOError:
        return b""  # a writer is there, and has not written yet: reading on waits for it
    if data:
        return data
    ready, _, _ = select.select([fd], [], [], FIFO_WAIT)
    if not ready:
        raise TicketError(problems=[Problem(shown, 0, f"nothing is writing to this FIFO (waited {FIFO_WAIT:g} s); "
                                            "start the program that writes the export first, or save it to a file")])
    try:
        return os.read(fd, CHUNK)  # b"": a writer came and left without writing (an empty export)
    except BlockingIOError:
        return b""


class _Replay(io.RawIOBase):
    """``head`` first, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO):
        super().__init__()
        self.head = head
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.stream.read1(len(buffer)) if hasattr(self.stream, "read1") else self.stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


class _ChunkReader(io.RawIOBase):
    """A byte stream over an iterator of byte chunks (lets :class:`io.TextIOWrapper` split lines)."""

    def __init__(self, chunks: Iterable[bytes]):
        super().__init__()
        self.chunks = iter(chunks)
        self.rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.rest:
            self.rest = next(self.chunks, b"")
            if not self.rest:
                return 0
        n = min(len(buffer), len(self.rest))
        buffer[:n], self.rest = self.rest[:n], self.rest[n:]
        return n


def _read_chunks(fp: BinaryIO, shown: str) -> Iterator[bytes]:
    read = fp.read1 if hasattr(fp, "read1") else fp.read
    while True:
        try:
            chunk = read(CHUNK)
        except OSError as exc:
            raise TicketError(problems=[Problem(shown, 0, f"cannot read the file: {exc.strerror or exc}")]) from None
        if not chunk:
            return
        yield chunk


def _peek(chunks: Iterator[bytes], size: int) -> tuple[bytes, Iterator[bytes]]:
    """At least ``size`` bytes from the start (fewer at the end), and the chunks to read after them."""
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= size:
            break
    return head, chunks


def _decompressed(chunks: Iterator[bytes], shown: str) -> tuple[Iterator[bytes], bool]:
    head, rest = _peek(chunks, 4)
    if not head.startswith(_GZIP):
        return chain([head], rest), False
    return _gunzip(chain([head], rest), shown), True


def _gunzip(chunks: Iterator[bytes], shown: str) -> Iterator[bytes]:
    stream = gzip.GzipFile(fileobj=_ChunkReader(chunks), mode="rb")
    while True:
        try:
            chunk = stream.read1(CHUNK)
        except EOFError:
            raise TicketError(problems=[Problem(shown, 0, "the gzip data ends early (the file is incomplete); "
                                                "download or copy the export again")]) from None
        except (OSError, zlib.error) as exc:
            raise TicketError(problems=[Problem(shown, 0, f"is not valid gzip ({exc}); decompress it with gunzip to "
                                                "see what is wrong, or export it again")]) from None
        if not chunk:
            return
        yield chunk


def _decoded(chunks: Iterator[bytes], shown: str) -> tuple[str, Iterator[bytes]]:
    """(encoding, the text as UTF-8 byte chunks) after the BOM, if any, is read and dropped."""
    head, rest = _peek(chunks, 4)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, _transcode(chain([head[len(bom):]], rest), encoding, shown)
    return "utf-8", _transcode(chain([head], rest), "utf-8", shown)


class _Lines:
    """Counts physical lines (``\\n``, ``\\r\\n`` or ``\\r``) of the text passed so far, chunk by chunk."""

    def __init__(self) -> None:
        self.count = 0
        self.after_cr = False

    def add(self, data: bytes | str) -> None:
        if not data:
            return
        nl, cr, crlf = ("\n", "\r", "\r\n") if isinstance(data, str) else (b"\n", b"\r", b"\r\n")
        self.count += data.count(nl) + data.count(cr) - data.count(crlf)
        if self.after_cr and data[:1] == nl:
            self.count -= 1
        self.after_cr = data[-1:] == cr

    def at(self, data: bytes | str) -> int:
        """The 1-based line of the end of ``data``, which follows what was passed."""
        probe = _Lines()
        probe.count, probe.after_cr = self.count, self.after_cr
        probe.add(data)
        return probe.count + 1


def _transcode(chunks: Iterator[bytes], encoding: str, shown: str) -> Iterator[bytes]:
    """Decode ``chunks`` strictly, yielding UTF-8; see the module docstring for what happens on a bad byte."""
    pending, lines, seen_non_ascii = b"", _Lines(), False
    utf8 = encoding == "utf-8"
    for chunk in chunks:
        data = pending + chunk if pending else chunk
        pending = b""
        if utf8 and data.isascii():
            lines.add(data)
            yield data
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            text = data[:exc.start].decode(encoding)
            if exc.end == len(data) and exc.reason in _INCOMPLETE:
                data, pending = data[:exc.start], data[exc.start:]
            elif utf8 and not seen_non_ascii and text.isascii():
                _warn_cp1252(shown, lines.at(text), data[exc.start])
                yield from _cp1252(chain([data], chunks))
                return
            else:
                raise _bad_bytes(shown, encoding, lines.at(text), data[exc.start], seen_non_ascii) from None
        seen_non_ascii = seen_non_ascii or not text.isascii()
        lines.add(text)
        yield data if utf8 else text.encode("utf-8", "surrogatepass")
    if pending:
        yield from _incomplete_tail(shown, encoding, lines.at(""), pending, seen_non_ascii)


def _incomplete_tail(shown: str, encoding: str, line: int, tail: bytes, seen_non_ascii: bool) -> Iterator[bytes]:
    """The file ends inside a character: cp1252 when nothing before was UTF-8, else drop it (warned)."""
    if encoding == "utf-8" and not seen_non_ascii:
        _warn_cp1252(shown, line, tail[0])
        yield from _cp1252([tail])
        return
    log.warning("%s", Problem(shown, line, f"the file ends in the middle of a {_name(encoding)} character (was it "
                                           "cut short?); the incomplete character is left out", "warning"))


def _name(encoding: str) -> str:
    return encoding.upper().replace("-LE", "").replace("-BE", "")


def _bad_bytes(shown: str, encoding: str, line: int, byte: int, seen_non_ascii: bool) -> TicketError:
    if encoding == "utf-8":
        message = (f"not valid UTF-8 (byte 0x{byte:02x}), though the lines before are UTF-8: the file is damaged or "
                   "mixes encodings; export it again, or drop the bad bytes with "
                   "iconv -c -f utf-8 -t utf-8 FILE > FIXED")
    else:
        message = (f"not valid {_name(encoding)} (its byte-order mark says {_name(encoding)}); the file is damaged: "
                   f"export it again, or re-save it as UTF-8")
    return TicketError(problems=[Problem(shown, line, message)])


def _warn_cp1252(shown: str, line: int, byte: int) -> None:
    log.warning("%s", Problem(shown, line, f"not valid UTF-8 (byte 0x{byte:02x}); read as cp1252. Save the export "
                                           "as UTF-8 to be sure accents are right", "warning"))


#: latin-1 code points -> the cp1252 characters for the bytes 0x80-0x9f cp1252 defines.
_CP1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _cp1252(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """cp1252 text as UTF-8; the five bytes cp1252 leaves undefined are read as latin-1."""
    for chunk in chunks:
        try:
            text = chunk.decode("cp1252")
        except UnicodeDecodeError:
            text = chunk.decode("latin-1").translate(_CP1252)
        yield text.encode("utf-8")


def _head(chunks: Iterator[bytes]) -> tuple[list[bytes], str, str]:
    """(the chunks read, the first non-whitespace character, the first line), reading no more than needed."""
    held: list[bytes] = []
    size, first = 0, ""
    for chunk in chunks:
        held.append(chunk)
        size += len(chunk)
        data = b"".join(held) if len(held) > 1 else chunk
        if not first:
            stripped = data.lstrip(_WHITESPACE)
            first = stripped[:4].decode("utf-8", "ignore")[:1] if stripped else ""
        ended = b"\n" in data or (b"\r" in data and not data.endswith(b"\r"))
        if first in ("[", "{") or (first == "<" and size >= XML_HEAD) \
                or (first and first != "<" and (ended or size >= HEAD_LIMIT)):
            break  # JSON needs no header line; XML is recognised by its start
    data = b"".join(held)
    end = min((i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0), default=len(data))
    header = data[:end].decode("utf-8", "ignore")
    return held, first, header


__all__ = ["open_export", "ExportText", "shown_name", "STDIN", "STDIN_NAME", "FIFO_WAIT"]
