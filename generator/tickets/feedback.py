"""The site's own feedback, read from form-submission exports (the IO edge): searches that found nothing,
and "Was this helpful?" votes.

Public API::

    from generator.tickets.feedback import FeedbackStats, SearchMiss, Vote, read_feedback

    stats = FeedbackStats()
    for item in read_feedback(["submissions.json"], stats=stats):
        ...    # SearchMiss(query, lang, day) or Vote(article, lang, helpful, day); queries already redacted
    stats.rows, stats.misses, stats.votes, stats.skipped    # skipped: Counter of reasons

The site posts two Netlify forms (``themes/helpcenter/partials/``): ``search-miss`` (fields ``q``, ``lang``)
and ``helpful`` (``article``, ``lang``, ``helpful`` = ``yes``/``no``). Their submissions are read from:

* the submissions API's JSON (``GET /api/v1/sites/{site}/submissions``): a list of submission objects,
  the form's fields in ``data``, the form named by ``data["form-name"]`` (or the object's ``form_name``);
* the CSV that Netlify's Forms page downloads: one column per field of one form (the form told by its
  columns when there is no ``form-name`` column), with its date (``created_at``, ``Date``...);
* a generic CSV or JSON Lines file with the same field names (``query``/``language`` are understood too).

Each row's form is its ``form-name`` when present, else told by its fields: ``q`` makes a search miss,
``article`` with ``helpful`` a vote. Queries are redacted again on reading (the page already drops
e-mail addresses and words with digits; a file can come from anywhere): the ticket redactor, then every
word that still holds a digit or a placeholder is dropped. Skipped, and counted by reason: submissions
flagged as spam (``state: spam``, ``spam: true``, a filled honeypot ``hc-bot``), other forms, and
malformed rows (no article, an unknown vote) and queries that redaction left empty. Files that are neither are a :class:`TicketError`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.errors import Problem, TicketError
from generator.tickets.dates import parse_datetime
from generator.tickets.inputs import open_export
from generator.tickets.language import normalise
from generator.tickets.redact import DEFAULT as DEFAULT_REDACTOR
from generator.tickets.source import csv_records, json_records, sniff_delimiter
from generator.text import UNDETERMINED

SEARCH_FORM = "search-miss"
VOTE_FORM = "helpful"
#: Longest query kept (the page sends at most 100 characters; longer ones are cut).
MAX_QUERY = 200
#: Field names understood for each of our fields, first match wins (compared lower-cased).
ALIASES: dict[str, tuple[str, ...]] = {
    "form": ("form-name", "form_name", "form"),
    "q": ("q", "query", "search"),
    "lang": ("lang", "language", "locale"),
    "article": ("article", "page"),
    "helpful": ("helpful", "vote"),
    "date": ("created_at", "created at", "date", "submitted_at", "timestamp", "time"),
    "spam": ("spam", "is_spam"),
    "state": ("state", "status"),
    "honeypot": ("hc-bot",),
}
_YES = frozenset({"yes", "y", "true", "1", "si", "sí", "oui", "ja", "sim"})
_NO = frozenset({"no", "n", "false", "0", "non", "nein", "nao", "não", "nee"})
_UNSAFE_WORD = re.compile(r"\S*(?:\d|\[[a-z]+\]|[@\uFF20])\S*")


@dataclass(frozen=True, slots=True)
class SearchMiss:
    """A search on the site that showed no results."""

    query: str
    """The final query, redacted (no e-mail addresses, no words holding digits)."""
    lang: str
    """The page's language (base code), ``und`` when the row has none."""
    day: date | None = None
    """When it was submitted (UTC day), when the export says."""


@dataclass(frozen=True, slots=True)
class Vote:
    """One answer to "Was this helpful?" on an article."""

    article: str
    """The article's id (``returns/refund-timing``)."""
    lang: str
    helpful: bool
    day: date | None = None


@dataclass
class FeedbackStats:
    """What a :func:`read_feedback` run saw. Filled while the generator is consumed."""

    files: list[str] = field(default_factory=list)
    rows: int = 0
    """Submissions read, skipped ones included."""
    misses: int = 0
    votes: int = 0
    skipped: Counter = field(default_factory=Counter)
    """Reason (``spam``, ``other form``, ``malformed``) -> submissions skipped for it."""


def redact_query(text: str, redactor=DEFAULT_REDACTOR) -> str:
    """A search query without personal data: redacted, then without any word that holds a digit, an
    ``@`` or a placeholder, spaces squeezed, at most :data:`MAX_QUERY` characters."""
    cleaned = _UNSAFE_WORD.sub(" ", redactor(text[: MAX_QUERY * 4]))
    return " ".join(cleaned.split())[:MAX_QUERY].strip()


def read_feedback(paths: Iterable[Path | str], stats: FeedbackStats | None = None,
                  redactor=DEFAULT_REDACTOR) -> Iterator[SearchMiss | Vote]:
    """Every search miss and vote in ``paths``, in file order (see the module docstring)."""
    stats = stats if stats is not None else FeedbackStats()
    for path in paths:
        with open_export(path) as export:
            stats.files.append(export.shown)
            if export.workbook is not None:
                raise TicketError(problems=[Problem(export.shown, 0, _unknown_file("an Excel workbook"))])
            for _line, row in _rows(export):
                stats.rows += 1
                item = _item(row, redactor, stats)
                if item is None:
                    continue
                if isinstance(item, SearchMiss):
                    stats.misses += 1
                else:
                    stats.votes += 1
                yield item


def _unknown_file(what: str) -> str:
    return (f"{what}, not a form-submission export; feedback files are Netlify's submissions JSON, the CSV "
            "its Forms page downloads, or CSV/JSON Lines with the fields q and lang (search misses) or "
            "article, lang and helpful (votes)")


def _rows(export) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, {lower-cased field: text})`` of every submission, whatever the file's shape."""
    if export.first in ("[", "{"):
        for line, record in json_records(export.text, export.shown):
            yield line, _flatten(record)
        return
    if not export.first:
        return
    records = csv_records(export.text, export.shown, sniff_delimiter(export.header))
    header: list[str] | None = None
    for line, cells in records:
        if header is None:
            header = [c.strip().lower() for c in cells]
            if not any(name in header for name in (*ALIASES["q"], *ALIASES["article"])):
                shown = ", ".join(c.strip() for c in cells[:8]) or "none"
                raise TicketError(problems=[Problem(export.shown, line, _unknown_file(f"a CSV with the columns {shown}"))])
            continue
        yield line, {name: cell for name, cell in zip(header, cells) if name}


def _flatten(record: Mapping) -> dict[str, str]:
    """A submission object's fields, those under ``data`` first (the API's shape), then its own."""
    out: dict[str, str] = {}
    data = record.get("data")
    for source in (data if isinstance(data, Mapping) else {}, record):
        for key, value in source.items():
            if isinstance(value, (str, int, float, bool)) and str(key).lower() not in out:
                out[str(key).lower()] = str(value) if not isinstance(value, bool) else ("true" if value else "false")
    return out


def _get(row: Mapping[str, str], name: str) -> str:
    for key in ALIASES[name]:
        value = row.get(key)
        if value is not None and value.strip():
            return value.strip()
    return ""


def _item(row: Mapping[str, str], redactor, stats: FeedbackStats) -> SearchMiss | Vote | None:
    """The row as a search miss or a vote; None (counted in ``stats.skipped``) when it is neither."""
    if _get(row, "state").lower() == "spam" or _get(row, "spam").lower() in ("true", "1", "yes") or _get(row, "honeypot"):
        stats.skipped["spam"] += 1
        return None
    form = _get(row, "form").lower()
    if form and form not in (SEARCH_FORM, VOTE_FORM):
        stats.skipped["other form"] += 1
        return None
    lang = normalise(_get(row, "lang")) if _get(row, "lang") else UNDETERMINED
    when = parse_datetime(_get(row, "date")) if _get(row, "date") else None
    day = when.date() if when else None
    if form == SEARCH_FORM or (not form and _get(row, "q")):
        query = redact_query(_get(row, "q"), redactor)
        if not query:
            stats.skipped["empty after redaction"] += 1
            return None
        return SearchMiss(query, lang, day)
    article, vote = _get(row, "article"), _get(row, "helpful").lower()
    if not article or vote not in _YES | _NO or len(article) > 300:
        stats.skipped["malformed"] += 1
        return None
    return Vote(article.strip("/"), lang, vote in _YES, day)
