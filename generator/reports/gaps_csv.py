"""``gaps.csv``: one row per gap, safe to open in a spreadsheet.

A cell that starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP's
CSV-injection advice); data rows are fully quoted so that a ``;`` inside a cell cannot start a new
cell in spreadsheets that split on semicolons.
"""

from __future__ import annotations

import csv
import io


CSV_HEADER = ("priority", "kind", "lang", "category", "tickets", "question", "article", "examples")


_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """``value`` as a spreadsheet-safe cell: a leading formula character gets a ``'`` in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_CSV_FORMULA) else text


def render_csv(doc: dict) -> str:
    """``gaps.csv``: ``priority,kind,lang,category,tickets,question,article,examples``, one row per gap.

    ``article`` is the source article's id (translation gaps); ``examples`` are joined with `` | ``.
    """
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CSV_HEADER)
    rows = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for gap in doc.get("gaps") or []:
        article = gap.get("article") or {}
        rows.writerow([csv_cell(v) for v in (
            gap.get("priority"), gap.get("kind"), gap.get("lang"), gap.get("category"), gap.get("tickets"),
            gap.get("question"), article.get("id"),
            " | ".join("" if e is None else str(e) for e in gap.get("examples") or []))])
    return buffer.getvalue()
