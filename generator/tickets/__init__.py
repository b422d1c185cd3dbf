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
from generator.tickets.excel import is_spreadsheetml, spreadsheetml_rows, workbook_rows
from generator.tickets.formats import FIELDS, Format
from generator.tickets.html import html_to_text, looks_like_html
from generator.tickets.language import UNDETERMINED, default_detector, normalise
from generator.tickets.model import GENERIC, Ticket
from generator.tickets.inputs import open_export
from generator.tickets.source import csv_records, json_records, sniff_delimiter
from generator.tickets.threads import NOT_EMBEDDED, PICKERS

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
#: Flag values that mean "no" (any other non-empty value, a date included, means yes).
_FALSE = frozenset({"false", "no", "0", "n", "none", "null", "off", "-", "0.0"})
#: What a helpdesk leaves where it erased a ticket's text: Zendesk's scrubbed tickets, redaction blocks.
_SCRUBBED = frozenset({"SCRUBBED", "[SCRUBBED]", "[scrubbed]", "Scrubbed", "[redacted]", "[REDACTED]", "REDACTED"})
_REDACTION_BLOCKS = "\u2587\u2588\u25a0 "
#: Subjects and tag cells remembered per reader (then it starts over), and the longest text remembered.
MEMO_ENTRIES = 100_000
MEMO_MAX_CHARS = 2000
#: ``ReadStats.files`` says which container a CSV-shaped format was read from.
_CONTAINERS = {"an Excel workbook": "Excel workbook", "an Excel 2003 XML workbook": "Excel 2003 XML"}


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
    duplicates: int = 0
    """Tickets read again (same helpdesk and id, in overlapping exports); set by the analysis, which keeps the
    newest version of each."""


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
        undated, tickets = stats.undated, stats.tickets
        if export.workbook is not None:
            records = workbook_rows(export.workbook, shown)
            yield from _read_csv(records, shown, format, mapping, builder, stats, "an Excel workbook")
        elif not export.first:
            log.warning("%s", Problem(shown, 0, "the export is empty", "warning"))
            stats.files[shown] = "empty"
            return
        elif export.first in "[{":
            yield from _read_json(export.text, shown, format, mapping, builder, stats)
        elif export.first == "<" and is_spreadsheetml(export.start):
            records = spreadsheetml_rows(export.text, shown)
            yield from _read_csv(records, shown, format, mapping, builder, stats, "an Excel 2003 XML workbook")
        else:
            records = csv_records(export.text, shown, sniff_delimiter(export.header))
            yield from _read_csv(records, shown, format, mapping, builder, stats)
        _warn_undated(shown, stats.undated - undated, stats.tickets - tickets)


def _warn_undated(shown: str, undated: int, tickets: int) -> None:
    """One warning per file naming how many of its tickets have no date we could read."""
    if not undated:
        return
    if undated == tickets:
        what = f"none of its {tickets:,} tickets has a date we could read; they are counted, but no trend can be shown"
    else:
        what = (f"{undated:,} of its {tickets:,} tickets have no date we could read; they are counted, but left out "
                "of the 30-day trends")
    log.warning("%s", Problem(shown, 0, f"{what}. If the date is in another column, pass --map created_at=COLUMN",
                              "warning"))


def _choose(kind: str, format: str, names: set[str], shown: str, what: str = "") -> Format:
    if format == "auto":
        return fm.detect(kind, names)
    chosen = fm.resolve(format, kind)
    if chosen is None:  # checked up front; kept for direct callers
        raise TicketError(problems=[Problem(shown, 0, f"unknown ticket format {format!r}")])
    if chosen.kind != kind:
        other = what or ("a CSV file" if kind == "csv" else "JSON")
        raise TicketError(problems=[Problem(shown, 1, f"--ticket-format {format} expects {chosen.kind.upper()}, "
                                            f"but this is {other}; drop --ticket-format to detect the format")])
    return chosen


def _columns(header: list[str], normalised: list[str], fmt: Format, mapping: dict[str, str],
             shown: str) -> dict[str, list[int]]:
    """Our field -> the columns that may hold it, the mapped one first (the first non-empty wins)."""
    index: dict[str, list[int]] = {}
    for name in FIELDS:
        columns: list[int] = []
        if name in mapping:
            wanted = fm.norm(mapping[name])
            if wanted not in normalised:
                raise TicketError(problems=[Problem(shown, 1, f"--map {name}={mapping[name]}: no such column; "
                                                    f"the columns are {', '.join(header)}")])
            columns.append(normalised.index(wanted))
        for candidate in fmt.fields.get(name, ()):
            if candidate in normalised and normalised.index(candidate) not in columns:
                columns.append(normalised.index(candidate))
        if columns:
            index[name] = columns
    return index


def _read_csv(records: Iterator[tuple[int, list[str]]], shown: str, format: str, mapping: dict[str, str],
              builder: "_Builder", stats: ReadStats, what: str = "") -> Iterator[Ticket]:
    try:
        _line, header = next(records)
    except StopIteration:
        return
    normalised = [fm.norm(h) for h in header]
    fmt = _choose("csv", format, set(normalised), shown, what)
    stats.files[shown] = fmt.name if not what else f"{fmt.name} ({_CONTAINERS[what]})"
    index = _columns(header, normalised, fmt, mapping, shown)
    _require_text(index, shown, fmt, ", ".join(header))
    builder.set_format(fmt)
    width = len(header)
    single = [(name, cols[0]) for name, cols in index.items() if len(cols) == 1]
    several = [(name, cols) for name, cols in index.items() if len(cols) > 1]
    status = [normalised.index(c) for c in map(fm.norm, fmt.status) if c in normalised]
    flags = [(normalised.index(fm.norm(c)), reason) for c, reason in fmt.flags if fm.norm(c) in normalised]
    skipped = stats.skipped
    for line, row in records:
        stats.rows += 1
        if not any(row):
            skipped["blank row"] += 1
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        reason = _not_demand([row[i] for i in status], [(row[i], why) for i, why in flags]) \
            if status or flags else None
        if reason:
            skipped[reason] += 1
            continue
        raw = {name: row[i] for name, i in single}
        for name, cols in several:
            raw[name] = next((v for v in (row[i] for i in cols) if v and not v.isspace()), "")
        ticket = builder.build(raw, line)
        if ticket is not None:
            yield ticket


def _not_demand(statuses: list[Any], flags: list[tuple[Any, str]]) -> str | None:
    """The skip reason when a record's status or flags say it is not a customer's demand, else None."""
    for value in statuses:
        if isinstance(value, str) and value:
            reason = fm.SKIP_STATUS.get(value.strip().lower())
            if reason:
                return reason
    for value, reason in flags:
        if value is True or (isinstance(value, (int, float)) and not isinstance(value, bool) and value) or (
                isinstance(value, str) and value.strip() and value.strip().lower() not in _FALSE):
            return reason
    return None


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


def _mapped_paths(spec: str) -> list[tuple[str | int, ...]]:
    """Where a ``--map`` name may be in a JSON record: the key (path) itself, or a custom field of that name
    (Freshdesk ``custom_fields.cf_*``, Zendesk ``custom_fields`` ids, Help Scout ``customFields`` names)."""
    paths = [_path(spec), ("custom_fields", spec), ("customFields", spec)]
    if not spec.startswith("cf_"):
        paths.append(("custom_fields", "cf_" + fm.norm(spec)))
    return list(dict.fromkeys(paths))


def _in_list(items: list, part: str | int) -> Any:
    """The value of the item of a custom-field list (``[{id, name, value}]``) whose id or name is ``part``."""
    wanted = str(part)
    loose = fm.norm(wanted)
    for item in items:
        if not isinstance(item, dict):
            continue
        if str(item.get("id")) == wanted or any(isinstance(item.get(k), str) and fm.norm(item[k]) == loose
                                                for k in ("name", "title", "label")):
            text = item.get("text")  # Help Scout: a dropdown's label; its value is the option id
            return text if text not in (None, "") else item.get("value")
    return None


def _lookup(record: Any, path: tuple[str | int, ...]) -> Any:
    value = record
    for part in path:
        if isinstance(value, list):
            if isinstance(part, int) and -len(value) <= part < len(value):
                value = value[part]
            else:
                value = _in_list(value, part)
        elif isinstance(value, dict) and not isinstance(part, int):
            value = value.get(part)
        elif isinstance(value, dict):
            value = value.get(str(part))
        else:
            return None
        if value is None:
            return None
    return value


class _JsonPlan:
    """What to read from every record of one JSON export, decided on its first record."""

    def __init__(self, record: dict, fmt: Format, mapping: dict[str, str]):
        self.fmt = fmt
        self.paths = {name: [*(_mapped_paths(mapping[name]) if name in mapping else ()),
                             *(_path(c) for c in fmt.fields.get(name, ()))] for name in FIELDS}
        self.paths = {name: list(dict.fromkeys(paths)) for name, paths in self.paths.items() if paths}
        self.status = [_path(c) for c in fmt.status]
        self.flags = [(_path(c), reason) for c, reason in fmt.flags]
        self.picker = PICKERS.get(fmt.body_from) if "body" not in mapping else None

    def skip(self, record: dict) -> str | None:
        """The reason this record is no customer demand (deleted, spam, not a ticket), else None."""
        kind = record.get("result_type")  # Zendesk search results mix tickets, users, organisations
        if kind is not None and kind != "ticket":
            return "not a ticket"
        return _not_demand([_lookup(record, p) for p in self.status],
                           [(_lookup(record, p), reason) for p, reason in self.flags])

    def fields(self, record: dict) -> dict[str, Any]:
        """Our field -> the first non-empty value among its paths (the customer's first message for body)."""
        raw: dict[str, Any] = {}
        for name, candidates in self.paths.items():
            for p in candidates:
                value = _lookup(record, p)
                if value is not None and value != "":
                    raw[name] = value
                    break
        if self.picker is not None:
            body = self.picker(record)
            if body is not NOT_EMBEDDED:
                raw["body"] = body
        return raw


def _wrapper(record: dict) -> str:
    """The key that wraps a single record (``{"ticket": {...}}``, ``{"item": {...}}``), '' when none."""
    return next((k for k in fm.WRAPPER_KEYS if isinstance(record.get(k), dict)), "")


def _read_json(fp, shown: str, format: str, mapping: dict[str, str], builder: "_Builder",
               stats: ReadStats) -> Iterator[Ticket]:
    plan: _JsonPlan | None = None
    wrapper = ""
    for line, record in json_records(fp, shown):
        if plan is None:
            wrapper = _wrapper(record)
            first = record[wrapper] if wrapper else record
            fmt = _choose("json", format, fm.keys_of(first), shown)
            stats.files[shown] = fmt.name
            builder.set_format(fmt)
            plan = _JsonPlan(first, fmt, mapping)
            if fmt.name == "jsonl" and not ({"subject", "body"} & set(mapping)) and not any(
                    _lookup(first, p) is not None for name in ("subject", "body") for p in plan.paths.get(name, ())):
                _require_text({}, shown, fmt, ", ".join(list(first)[:20]))
        stats.rows += 1
        if wrapper:
            inner = record.get(wrapper)
            record = inner if isinstance(inner, dict) else record
        reason = plan.skip(record)
        if reason:
            stats.skipped[reason] += 1
            continue
        ticket = builder.build(plan.fields(record), line)
        if ticket is not None:
            yield ticket


def _scrubbed(text: Any) -> bool:
    """A placeholder left where a helpdesk erased the text (Zendesk's ``SCRUBBED``, redaction blocks)."""
    if not isinstance(text, str):
        return False
    text = text.strip()
    return text in _SCRUBBED or (bool(text) and not text.strip(_REDACTION_BLOCKS))


def _remember(memo: dict, key: str, value: Any) -> None:
    """Keep ``key -> value`` in a bounded memo (:data:`MEMO_ENTRIES`; long texts are not kept)."""
    if len(key) <= MEMO_MAX_CHARS:
        if len(memo) >= MEMO_ENTRIES:
            memo.clear()
        memo[key] = value


class _Builder:
    """Raw field values of one record -> a redacted :class:`Ticket`."""

    def __init__(self, shown: str, redactor: Callable[[str], str], stats: ReadStats,
                 detect_language: Callable[[str], str] | None):
        self.shown = shown
        self.redact = redactor
        self.stats = stats
        self.detect = detect_language
        self.family = ""
        self.helpdesk = GENERIC
        self._subjects: dict[str, str] = {}
        self._tags: dict[str, tuple[str, ...]] = {}

    def set_format(self, fmt: Format) -> None:
        """The format the records come in (its family decides tag splitting, channels and the helpdesk)."""
        self.family = fmt.name.split("-")[0] if "-" in fmt.name else ""
        self.helpdesk = self.family or GENERIC

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        text = value if isinstance(value, str) else str(value)
        if looks_like_html(text):
            text = html_to_text(text)
        return self.redact(text.strip())

    def subject(self, value: Any) -> str:
        """The redacted subject, '' when it only names who wrote; remembered per text (exports repeat them)."""
        if not isinstance(value, str):
            value = "" if value is None else str(value)
        done = self._subjects.get(value)
        if done is None:
            done = self.text(value)
            if done and names_only_a_person(done):
                done = ""  # the body says what the ticket is about
            _remember(self._subjects, value, done)
        return done

    def tags(self, value: Any) -> tuple[str, ...]:
        if not value:
            return ()
        if isinstance(value, str):
            done = self._tags.get(value)
            if done is None:
                done = self._split_tags(value)
                _remember(self._tags, value, done)
            return done
        if isinstance(value, list):
            out = []
            for item in value:
                if isinstance(item, dict):
                    item = item.get("name") or item.get("tag") or item.get("title")
                if item:
                    out.append(str(item).strip())
            return tuple(t for t in out if t)
        return self._split_tags(str(value))

    def _split_tags(self, value: str) -> tuple[str, ...]:
        text = value.strip()
        if _TAG_SPLIT.search(text):
            parts = _TAG_SPLIT.split(text)
        elif self.family == "zendesk":
            parts = text.split()
        else:
            parts = [text]
        return tuple(p.strip() for p in parts if p.strip())

    def channel(self, value: Any) -> str:
        if isinstance(value, dict):
            value = value.get("channel") or value.get("type")
        return fm.channel("" if value is None else str(value).strip(), self.family)

    def build(self, raw: dict[str, Any], line: int) -> Ticket | None:
        raw_subject, raw_body = raw.get("subject"), raw.get("body")
        if (_scrubbed(raw_subject) and (not raw_body or _scrubbed(raw_body))) or (not raw_subject
                                                                                   and _scrubbed(raw_body)):
            self.stats.skipped["scrubbed"] += 1
            return None
        subject = self.subject(raw_subject)
        body = self.text(raw_body)
        if not subject and not body:
            self.stats.skipped["no subject or body text"] += 1
            return None
        created_at = parse_datetime(raw.get("created_at"))
        if created_at is None:
            self.stats.undated += 1
        updated = raw.get("updated_at")
        language = normalise(str(raw["language"])) if raw.get("language") else UNDETERMINED
        if language == UNDETERMINED:
            detect = self.detect or default_detector()
            language = detect(f"{subject}\n{body}")
            self.stats.detected_language += 1
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
            channel=self.channel(raw.get("channel")),
            category="" if category is None else str(category).strip(),
            helpdesk=self.helpdesk,
            updated_at=parse_datetime(updated) if updated else None,
        )
