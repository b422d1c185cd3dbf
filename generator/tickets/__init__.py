"""Ticket exports in, normalised and redacted :class:`Ticket` objects out (the IO edge).

Public API::

    from generator.tickets import Ticket, ReadStats, read_tickets

    stats = ReadStats()
    for ticket in read_tickets(["export.csv"], format="auto", mapping=None, stats=stats):
        ...                      # ticket.subject / ticket.body are already redacted
    stats.rows, stats.tickets, stats.skipped   # records seen, tickets yielded, Counter of skip reasons

``read_tickets`` is a generator: files are read one after the other, record by record,
so memory stays flat with file size. Each file's format is detected from its content
(:mod:`generator.tickets.formats`) unless ``format`` names one (``zendesk-csv``,
``gorgias-json``, ``zendesk``, ``csv``, ``jsonl``...). ``mapping`` (``{"body": "Message"}``)
says which column or JSON key holds one of our fields; it works for every format and is
required for generic exports whose columns carry other names.

Every subject and body goes through ``redactor`` (default :data:`generator.redact.DEFAULT`)
before the ticket is yielded. The language is the export's own field when present
(normalised, ``es-ES`` -> ``es``), else detected (:mod:`generator.tickets.language`).
Errors are :class:`~generator.errors.TicketError` naming the file and row.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem, TicketError
from generator.tickets.redact import DEFAULT as DEFAULT_REDACTOR
from generator.tickets import formats as fm
from generator.tickets.dates import parse_datetime
from generator.tickets.formats import FIELDS, Format
from generator.tickets.html import html_to_text, looks_like_html
from generator.tickets.language import UNDETERMINED, default_detector, normalise
from generator.tickets.model import Ticket
from generator.tickets.inputs import open_export
from generator.tickets.source import csv_records, json_records, sniff_delimiter

log = logging.getLogger(__name__)

__all__ = ["Ticket", "ReadStats", "read_tickets", "FIELDS", "parse_mapping", "names_only_a_person"]

_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")
#: Subjects a chat or phone tool writes that only name who wrote ("Conversation with Jorge",
#: "Chat with Visitor 40348", "Conversación con María", "Chat avec Julien"): no topic in them.
_WHO_ONLY = re.compile(
    r"(?i)(?:(?:new\s+|offline\s+)?(?:conversation|chat|message|call|discussion|conversaci[oó]n|mensaje|llamada|"
    r"conversa|mensagem|chamada|gespr[aä]ch|unterhaltung|nachricht|anruf|appel)\s+"
    r"(?:with|from|by|con|de|avec|com|mit|von|da|du|d')\s*)(?P<who>.{1,60})")
_PLACEHOLDER_NAME = re.compile(r"\[\w+\]|#?\d+|\(?[+\d][\d\s().-]*")


@dataclass
class ReadStats:
    """What a :func:`read_tickets` run saw. Filled while the generator is consumed."""

    files: dict[str, str] = field(default_factory=dict)
    """Shown path -> the format it was read as."""
    rows: int = 0
    """Records read (CSV data rows or JSON objects), skipped ones included."""
    tickets: int = 0
    """Tickets yielded."""
    skipped: Counter = field(default_factory=Counter)
    """Reason -> number of records skipped for it."""
    undated: int = 0
    """Tickets whose date was missing or not understood (kept, without a date)."""
    detected_language: int = 0
    """Tickets whose language was detected from the text (no language field)."""


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """``["body=Message", ...]`` -> ``{"body": "Message"}``; ValueError says what is wrong."""
    mapping: dict[str, str] = {}
    for item in items:
        name, sep, column = item.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not name or not column:
            raise ValueError(f"{item!r} is not field=Column (for example body=Description)")
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r} in {item!r}; fields are {', '.join(FIELDS)}")
        mapping[name] = column
    return mapping


def read_tickets(paths: Iterable[Path | str], format: str = "auto", mapping: dict[str, str] | None = None,
                 redactor: Callable[[str], str] | None = None, stats: ReadStats | None = None,
                 detect_language: Callable[[str], str] | None = None) -> Iterator[Ticket]:
    """Yield every ticket of every file in ``paths`` (see the module docstring)."""
    stats = stats if stats is not None else ReadStats()
    redactor = redactor or DEFAULT_REDACTOR
    mapping = dict(mapping or {})
    for key in mapping:
        if key not in FIELDS:
            raise TicketError(f"unknown field {key!r} in the column map; "
                              f"fields are {', '.join(FIELDS)}")
    if format != "auto" and fm.resolve(format, "csv") is None:
        raise TicketError(f"unknown ticket format {format!r}; "
                          f"use one of {', '.join(fm.format_names())}")
    for path in paths:
        yield from _read_file(Path(path), format, mapping, redactor, stats, detect_language)


def _read_file(path: Path, format: str, mapping: dict[str, str], redactor: Callable[[str], str],
               stats: ReadStats, detect_language: Callable[[str], str] | None) -> Iterator[Ticket]:
    with open_export(path) as export:
        shown = export.shown
        builder = _Builder(shown, redactor, stats, detect_language)
        if not export.first:
            log.warning("%s", Problem(shown, 0, "the export is empty", "warning"))
            stats.files[shown] = "empty"
            return
        if export.first in "[{":
            yield from _read_json(export.text, shown, format, mapping, builder, stats)
        else:
            records = csv_records(export.text, shown, sniff_delimiter(export.header))
            yield from _read_csv(records, shown, format, mapping, builder, stats)


def _choose(kind: str, format: str, names: set[str], shown: str) -> Format:
    if format == "auto":
        return fm.detect(kind, names)
    chosen = fm.resolve(format, kind)
    if chosen is None:  # checked up front; kept for direct callers
        raise TicketError(problems=[Problem(shown, 0, f"unknown ticket format {format!r}")])
    if chosen.kind != kind:
        other = "a CSV file" if kind == "csv" else "JSON"
        raise TicketError(problems=[Problem(shown, 1, f"--ticket-format {format} expects {chosen.kind.upper()}, "
                                            f"but this is {other}; drop --ticket-format to detect the format")])
    return chosen


def _read_csv(records: Iterator[tuple[int, list[str]]], shown: str, format: str, mapping: dict[str, str],
              builder: "_Builder", stats: ReadStats) -> Iterator[Ticket]:
    try:
        _line, header = next(records)
    except StopIteration:
        return
    normalised = [fm.norm(h) for h in header]
    fmt = _choose("csv", format, set(normalised), shown)
    stats.files[shown] = fmt.name
    index: dict[str, int] = {}
    for name in FIELDS:
        if name in mapping:
            wanted = fm.norm(mapping[name])
            if wanted not in normalised:
                raise TicketError(problems=[Problem(shown, 1, f"--map {name}={mapping[name]}: no such column; "
                                                    f"the columns are {', '.join(header)}")])
            index[name] = normalised.index(wanted)
            continue
        for candidate in fmt.fields.get(name, ()):
            if candidate in normalised:
                index[name] = normalised.index(candidate)
                break
    _require_text(index, shown, fmt, ", ".join(header))
    builder.family = fmt.name.split("-")[0]
    width = len(header)
    items = list(index.items())
    for line, row in records:
        stats.rows += 1
        if not any(row):
            stats.skipped["blank row"] += 1
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        ticket = builder.build({name: row[i] for name, i in items}, line)
        if ticket is not None:
            yield ticket


def names_only_a_person(subject: str) -> bool:
    """True for a subject such as "Conversation with Jorge" or "Chat avec Julien": who, not what."""
    match = _WHO_ONLY.fullmatch(subject.strip())
    if match is None:
        return False
    words = match["who"].split()
    if len(words) > 4:
        return False
    return all(w[:1].isupper() or _PLACEHOLDER_NAME.fullmatch(w) for w in words)


def _require_text(found: dict[str, Any], shown: str, fmt: Format, available: str) -> None:
    if "subject" not in found and "body" not in found:
        raise TicketError(problems=[Problem(shown, 1, f"read as {fmt.name}, but no subject or body column was found "
                                            f"(columns: {available}); pass --map body=COLUMN or "
                                            "--map subject=COLUMN")])


def _path(spec: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for part in spec.split("."):
        parts.append(int(part) if part.lstrip("-").isdigit() else part)
    return tuple(parts)


def _lookup(record: Any, path: tuple[str | int, ...]) -> Any:
    value = record
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or not value or part >= len(value) or -part > len(value):
                return None
            value = value[part]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
        if value is None:
            return None
    return value


def _read_json(fp, shown: str, format: str, mapping: dict[str, str], builder: "_Builder",
               stats: ReadStats) -> Iterator[Ticket]:
    paths: dict[str, list[tuple]] | None = None
    for line, record in json_records(fp, shown):
        if paths is None:
            fmt = _choose("json", format, fm.keys_of(record), shown)
            stats.files[shown] = fmt.name
            builder.family = fmt.name.split("-")[0]
            paths = {name: [_path(mapping[name])] if name in mapping else [_path(c) for c in fmt.fields.get(name, ())]
                     for name in FIELDS}
            if not any(_lookup(record, p) is not None for name in ("subject", "body") for p in paths[name]) \
                    and not ({"subject", "body"} & set(mapping)) and fmt.name == "jsonl":
                _require_text({}, shown, fmt, ", ".join(list(record)[:20]))
        stats.rows += 1
        raw: dict[str, Any] = {}
        for name, candidates in paths.items():
            for p in candidates:
                value = _lookup(record, p)
                if value is not None and value != "":
                    raw[name] = value
                    break
        ticket = builder.build(raw, line)
        if ticket is not None:
            yield ticket


class _Builder:
    """Raw field values of one record -> a redacted :class:`Ticket`."""

    def __init__(self, shown: str, redactor: Callable[[str], str], stats: ReadStats,
                 detect_language: Callable[[str], str] | None):
        self.shown = shown
        self.redact = redactor
        self.stats = stats
        self.detect = detect_language
        self.family = ""

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        text = value if isinstance(value, str) else str(value)
        if looks_like_html(text):
            text = html_to_text(text)
        return self.redact(text.strip())

    def tags(self, value: Any) -> tuple[str, ...]:
        if not value:
            return ()
        if isinstance(value, list):
            out = []
            for item in value:
                if isinstance(item, dict):
                    item = item.get("name") or item.get("tag") or item.get("title")
                if item:
                    out.append(str(item).strip())
            return tuple(t for t in out if t)
        text = str(value).strip()
        if _TAG_SPLIT.search(text):
            parts = _TAG_SPLIT.split(text)
        elif self.family == "zendesk":
            parts = text.split()
        else:
            parts = [text]
        return tuple(p.strip() for p in parts if p.strip())

    def build(self, raw: dict[str, Any], line: int) -> Ticket | None:
        subject = self.text(raw.get("subject"))
        if subject and names_only_a_person(subject):
            subject = ""  # the body says what the ticket is about
        body = self.text(raw.get("body"))
        if not subject and not body:
            self.stats.skipped["no subject or body text"] += 1
            return None
        created = raw.get("created_at")
        created_at = parse_datetime(created)
        if created_at is None:
            self.stats.undated += 1
        language = normalise(str(raw["language"])) if raw.get("language") else UNDETERMINED
        if language == UNDETERMINED:
            detect = self.detect or default_detector()
            language = detect(f"{subject}\n{body}")
            self.stats.detected_language += 1
        channel = raw.get("channel")
        if isinstance(channel, dict):
            channel = channel.get("channel") or channel.get("type")
        channel = "" if channel is None else str(channel).strip()
        if self.family == "freshdesk":
            channel = fm.FRESHDESK_SOURCES.get(channel, channel)
        category = raw.get("category")
        ticket_id = raw.get("id")
        self.stats.tickets += 1
        return Ticket(
            id=str(ticket_id).strip() if ticket_id not in (None, "") else f"{self.shown}:{line}",
            created_at=created_at,
            subject=subject,
            body=body,
            tags=self.tags(raw.get("tags")),
            language=language,
            channel=channel,
            category="" if category is None else str(category).strip(),
        )
