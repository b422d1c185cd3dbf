"""Excel exports as rows of text cells, for the same column mapping as CSV (the IO edge).

Two kinds, told apart by their content, never by the file name:

* **Workbooks** (``.xlsx``: a ZIP archive with ``xl/`` inside; and the old binary ``.xls``: an
  OLE compound file) are read with python-calamine (Rust, well kept), the first sheet that has
  rows. calamine holds one sheet's cells in memory while the rows are handed on one by one.
  A password-protected workbook (an OLE file with an ``EncryptedPackage``) or a damaged one is
  a :class:`~generator.errors.TicketError` naming the file and the fix.
* **SpreadsheetML 2003** (what Freshdesk's "Export as Excel" writes as ``.xls``: XML with
  ``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``) is parsed streamed with
  :func:`xml.etree.ElementTree.iterparse`, each row dropped once read, so memory stays flat.
  ``ss:Index`` (skipped cells and rows) and ``ss:MergeAcross`` keep every value in its column.

:func:`workbook_rows` and :func:`spreadsheetml_rows` yield ``(row_number, cells)`` like
:func:`generator.tickets.source.csv_records`, the header row first; numbers that are whole print
without ``.0`` (ids), dates as ISO 8601.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

from generator.errors import Problem, TicketError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{" + SPREADSHEET_NS + "}"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SCAN_CHUNK = 1 << 20
_RESAVE = "open it in Excel and save it again as .xlsx, or export the tickets as CSV"


def is_spreadsheetml(start: str) -> bool:
    """True when the first characters of a text export are an Excel 2003 XML workbook."""
    return start.lstrip().startswith("<") and SPREADSHEET_NS in start and "Workbook" in start


def is_xlsx(source: Path | bytes) -> bool:
    """True when a ZIP archive is an Excel workbook (it has ``xl/`` entries)."""
    try:
        with zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source)) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # a damaged archive: let the workbook reader say what is wrong with it


def cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _encrypted(source: Path | bytes) -> bool:
    """An OLE compound file with an ``EncryptedPackage`` stream: a password-protected Office file."""
    if isinstance(source, bytes):
        return source.startswith(OLE_MAGIC) and _ENCRYPTED in source
    with open(source, "rb") as fp:
        if fp.read(len(OLE_MAGIC)) != OLE_MAGIC:
            return False
        tail = b""
        while chunk := fp.read(_SCAN_CHUNK):
            if _ENCRYPTED in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED):]
    return False


def _unreadable(shown: str, source: Path | bytes, reason: str) -> TicketError:
    if _encrypted(source):
        message = ("is a password-protected Excel workbook; open it in Excel, remove the password (File > Info > "
                   "Protect Workbook > Encrypt with Password, clear it), save, and read it again, or export the "
                   "tickets as CSV")
    else:
        message = f"is not a readable Excel workbook ({reason}); {_RESAVE}"
    return TicketError(problems=[Problem(shown, 0, message)])


def workbook_rows(source: Path | bytes, shown: str) -> Iterator[tuple[int, list[str]]]:
    """``(row_number, cells)`` of the first sheet with rows of an ``.xlsx``/``.xls`` workbook."""
    from python_calamine import CalamineWorkbook

    try:
        with open(source, "rb") if isinstance(source, Path) else io.BytesIO(source) as fp:
            workbook = CalamineWorkbook.from_filelike(fp)
            sheet = None
            for i in range(len(workbook.sheet_names)):
                sheet = workbook.get_sheet_by_index(i)
                if sheet.height:
                    break
    except Exception as exc:  # calamine's errors (password, zip, xml, format) share no base but Exception
        raise _unreadable(shown, source, str(exc) or type(exc).__name__) from None
    if sheet is None or not sheet.height:
        return
    first = (sheet.start or (0, 0))[0] + 1
    for offset, row in enumerate(sheet.iter_rows()):
        yield first + offset, [cell_text(v) for v in row]


def _cells(row: Any) -> list[str]:
    """The text of one SpreadsheetML ``<Row>``, every value in its column."""
    cells: list[str] = []
    for cell in row:
        if cell.tag != _SS + "Cell":
            continue
        index = cell.get(_SS + "Index")
        if index and index.isdigit():
            cells.extend([""] * (int(index) - 1 - len(cells)))
        data = cell.find(_SS + "Data")
        text = "".join(data.itertext()) if data is not None else ""
        if data is not None and data.get(_SS + "Type") == "Number":
            try:
                text = cell_text(float(text))
            except ValueError:
                pass
        cells.append(text)
        merge = cell.get(_SS + "MergeAcross")
        if merge and merge.isdigit():
            cells.extend([""] * int(merge))
    return cells


def spreadsheetml_rows(fp: IO[str], shown: str) -> Iterator[tuple[int, list[str]]]:
    """``(row_number, cells)`` of the first worksheet with rows of an Excel 2003 XML workbook, streamed."""
    sheet, number, table, done = 0, 0, None, False
    try:
        for event, elem in iterparse(fp, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == _SS + "Worksheet":
                    sheet, number = sheet + 1, 0
                elif tag == _SS + "Table":
                    table = elem
                continue
            if tag == _SS + "Row":
                index = elem.get(_SS + "Index")
                number = int(index) if index and index.isdigit() else number + 1
                cells = _cells(elem)
                if table is not None:
                    table.remove(elem)  # rows are dropped once read: memory stays flat
                done = True
                yield number, cells
            elif tag == _SS + "Worksheet" and done:
                return
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise TicketError(problems=[Problem(shown, line, f"unreadable Excel 2003 XML workbook ({exc}); "
                                            f"{_RESAVE}")]) from None


__all__ = ["workbook_rows", "spreadsheetml_rows", "is_spreadsheetml", "is_xlsx", "cell_text", "ZIP_MAGIC",
           "OLE_MAGIC", "SPREADSHEET_NS"]
