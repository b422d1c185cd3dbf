"""``gaps.csv``: one row per gap, safe to open in a spreadsheet.

A cell that starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP's
CSV-injection advice); data rows are fully quoted so that a ``;`` inside a cell cannot start a new
cell in spreadsheets that split on semicolons.
"""

from __future__ import annotations

import csv
import io


CSV_HEADER = ("priority", "kind", "lang", "category", "tickets", "question", "article", "examples", "action",
              "target", "aliases", "best_article", "score", "section", "url", "missing", "searches", "votes_yes",
              "votes_no", "list")


_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """``value`` as a spreadsheet-safe cell: a leading formula character gets a ``'`` in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_CSV_FORMULA) else text


def _joined(values) -> str:
    return " | ".join("" if v is None else str(v) for v in values or [])


def render_csv(doc: dict) -> str:
    """``gaps.csv``: one row per gap (:data:`CSV_HEADER`), then the housekeeping items (``list`` says which).

    ``article`` is the source article's id (translation gaps, the stale or unhelpful article); ``action`` what
    to do and ``target`` the path of the article to do it to; ``aliases`` the customer words for its
    ``search_aliases``; ``best_article``, ``score``, ``section``, ``url`` (the page and section anchor) and
    ``missing`` the best or nearest article; ``searches``, ``votes_yes``, ``votes_no`` the site's feedback rows.
    ``examples``, ``aliases`` and ``missing`` are joined with `` | ``. For a ``search_miss`` row ``tickets`` is
    its searches, for an ``unhelpful_article`` its "no" votes (as its priority).
    """
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CSV_HEADER)
    rows = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for gap in doc.get("gaps") or []:
        article = gap.get("article") or {}
        best = gap.get("best_article") or {}
        votes = gap.get("votes") or {}
        rows.writerow([csv_cell(v) for v in (
            gap.get("priority"), gap.get("kind"), gap.get("lang"), gap.get("category"), gap.get("tickets"),
            gap.get("question"), article.get("id"), _joined(gap.get("examples")), gap.get("action"),
            (gap.get("target") or {}).get("path"), _joined(gap.get("aliases")), best.get("id"), best.get("score"),
            best.get("section"), best.get("url"), _joined(best.get("missing")), gap.get("searches"),
            votes.get("yes"), votes.get("no"), "gap")])
    for item in doc.get("housekeeping") or []:
        article = item.get("article") or {}
        rows.writerow([csv_cell(v) for v in (
            "", item.get("kind"), item.get("lang"), item.get("category"), 0, "", article.get("id"), "",
            item.get("action"), article.get("path"), "", "", "", "", "", "", "", "", "", "housekeeping")])
    return buffer.getvalue()
