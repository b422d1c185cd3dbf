"""Exports -> :class:`~generator.analysis.rank.RankReport`, doing each piece of text work once.

Public API::

    report = analyse(paths, taxonomy, classifier, stats=stats, questions_per_group=20, progress=callback)

Real exports repeat: templated chat openers, auto-replies, the same few thousand subjects. The per-row
path is therefore parsing, one dict lookup and counting; everything that reads text runs once per
distinct *key* = (redacted subject, redacted body, language, tags, export category):

1. **read and aggregate** (:class:`Aggregate`): the reader redacts through a bounded memo
   (:class:`MemoRedactor`) and detects languages through the detector's own memo
   (:class:`generator.tickets.language.LanguageDetector`); each ticket adds one to its key's count and
   leaves (key, UTC day, requester hash, version) in flat arrays (16-40 bytes a ticket, no row kept).
   Tickets are de-duplicated across files by (helpdesk, id), the newest version kept (``updated_at``,
   then ``created_at``, then the later file); a replaced version's count moves from its key to the new
   one. Synthetic ids (``row-N``, ``<file>:<line>``) are not ids: those tickets are never merged.
2. **learn**: when the classifier has ``learn(examples)``, it gets one representative ticket per live
   key with its count, so it can learn from the shop's own labels before classifying anything;
3. **classify** each key once (in 2 forked processes when there are many keys and 2 cores);
4. **rank**: :meth:`Ranking.add` once per key with its count, its tickets' days and requesters.

Memory: the arrays, one representative ticket per distinct key, and bounded memos.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timezone
from pathlib import Path

from generator.analysis.rank import Ranking, RankReport
from generator.tickets import ReadStats, Ticket, read_tickets
from generator.tickets.redact import DEFAULT as DEFAULT_REDACTOR

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None, int | None], None]
"""``progress(tickets, bytes_read, bytes_total)``, every :data:`PROGRESS_EVERY` tickets (bytes None: unknown)."""
PROGRESS_EVERY = 5000
#: Texts remembered by :class:`MemoRedactor` (then it starts over); longer texts are not remembered.
MEMO_ENTRIES = 100_000
MEMO_MAX_CHARS = 2000
#: Classify in two processes from this many distinct keys on (below it, forking costs more than it saves).
PARALLEL_KEYS = 20_000
_SYNTHETIC_ID = re.compile(r"row-\d+")
_NO_TIME = -math.inf
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class MemoRedactor:
    """A redactor that remembers its answers (bounded: :data:`MEMO_ENTRIES` texts, each at most
    :data:`MEMO_MAX_CHARS` long), so a text repeated a million times is redacted once."""

    def __init__(self, redactor: Callable[[str], str] = DEFAULT_REDACTOR, entries: int = MEMO_ENTRIES):
        self.redactor = redactor
        self.entries = entries
        self.memo: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        done = self.memo.get(text)
        if done is None:
            done = self.redactor(text)
            if len(text) <= MEMO_MAX_CHARS:
                if len(self.memo) >= self.entries:
                    self.memo.clear()
                self.memo[text] = done
        return done


def _timestamp(value) -> float:
    if value is None:
        return _NO_TIME
    return (value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)).timestamp()


class Aggregate:
    """Tickets counted by distinct key, de-duplicated by (helpdesk, id) (see the module docstring)."""

    def __init__(self, stats: ReadStats):
        self.stats = stats
        self.keys: dict[tuple, int] = {}
        self.tickets: list[Ticket] = []
        """One representative ticket per key (the first seen)."""
        self.counts = array("q")
        self.key = array("q")
        """Per ticket read: its key's index, -1 once a newer version replaced it."""
        self.day = array("l")
        """Per ticket read: its UTC day's ordinal, 0 when undated."""
        self.requester = array("q")
        """Per ticket read: a hash of its requester, 0 when it names none."""
        self.version = array("d")
        """Per ticket read: updated_at, then created_at (timestamps), for de-duplication."""
        self.ids: dict[int, int] = {}
        """hash((helpdesk, id)) -> index of the version kept."""
        self.duplicates = 0

    def add(self, ticket: Ticket) -> None:
        """Count one ticket read: a tuple, one dict look-up and five appends (the per-row path)."""
        key = (ticket.subject, ticket.body, ticket.language, ticket.tags, ticket.category)
        index = self.keys.get(key)
        if index is None:
            index = self.keys[key] = len(self.tickets)
            self.tickets.append(ticket)
            self.counts.append(0)
        position = len(self.key)
        self.key.append(index)
        created = ticket.created_at
        if created is None:
            self.day.append(0)
            created_ts = _NO_TIME
        elif created.tzinfo is not None:
            created_ts = created.timestamp()
            self.day.append(int(created_ts // 86400) + _EPOCH_ORDINAL)
        else:  # naive: taken as UTC (the readers give aware datetimes; direct callers may not)
            created_ts = created.replace(tzinfo=timezone.utc).timestamp()
            self.day.append(created.toordinal())
        requester = getattr(ticket, "requester", None)
        self.requester.append(hash(("requester", str(requester))) or 1 if requester not in (None, "") else 0)
        updated = getattr(ticket, "updated_at", None)
        self.version.append(_timestamp(updated))
        self.version.append(created_ts)
        self.counts[index] += 1
        ticket_id = ticket.id
        if ticket_id and (ticket_id.isdigit() or not self._synthetic(ticket_id)):
            self._deduplicate(hash((getattr(ticket, "helpdesk", ""), ticket_id)), position)

    def _synthetic(self, ticket_id: str) -> bool:
        """``row-N`` or ``<file>:<line>``: the reader numbered the row, the export gave no id."""
        if _SYNTHETIC_ID.fullmatch(ticket_id):
            return True
        shown, _, line = ticket_id.rpartition(":")
        return line.isdigit() and shown in self.stats.files

    def _deduplicate(self, ident: int, position: int) -> None:
        kept = self.ids.get(ident)
        if kept is None:
            self.ids[ident] = position
            return
        self.duplicates += 1
        old = (self.version[2 * kept], self.version[2 * kept + 1])
        new = (self.version[2 * position], self.version[2 * position + 1])
        loser = kept if new >= old else position  # a tie: the later file (or row) wins
        if loser == kept:
            self.ids[ident] = position
        self.counts[self.key[loser]] -= 1
        self.key[loser] = -1

    def live(self) -> list[int]:
        """Indexes of the keys that still count tickets, in the order first seen."""
        return [i for i, n in enumerate(self.counts) if n > 0]

    def per_group(self, group_of: list[int], groups: int) -> tuple[list[dict], list[dict]]:
        """Per group of keys (``group_of[key index]``, -1 for none): day ordinal -> tickets (dated ones),
        and requester hash -> tickets. Counted in C (``Counter`` over the zipped arrays); a group without
        any shares one empty dict (a million distinct texts need no million empty dicts)."""
        lookup = [*group_of, -1]  # a replaced version's key index is -1: the last item, no group
        grouped = list(map(lookup.__getitem__, self.key))
        empty: dict = {}
        days: list[dict] = [empty] * groups
        people: list[dict] = [empty] * groups
        for per, column in ((days, self.day), (people, self.requester)):
            for (group, value), n in Counter(zip(grouped, column)).items():
                if group >= 0 and value:
                    counts = per[group]
                    if counts is empty:
                        counts = per[group] = {}
                    counts[value] = n
        return days, people


def _sizes(paths: list[Path]) -> int | None:
    """The exports' total size in bytes, None when one is not a regular file (stdin, a pipe)."""
    total = 0
    for path in paths:
        try:
            if str(path) == "-" or not path.is_file():
                return None
            total += path.stat().st_size
        except OSError:
            return None
    return total


class _Position:
    """How far the reader is in the file it reads, from ``/proc/self/fdinfo`` (Linux; None elsewhere)."""

    def __init__(self, path: Path):
        self.target = str(path.resolve()) if str(path) != "-" else ""
        self.fd: int | None = None

    def __call__(self) -> int | None:
        if not self.target:
            return None
        try:
            if self.fd is None:
                self.fd = next(int(fd) for fd in os.listdir("/proc/self/fd")
                               if os.readlink(f"/proc/self/fd/{fd}") == self.target)
            with open(f"/proc/self/fdinfo/{self.fd}") as info:
                return int(info.readline().split()[1])
        except (OSError, StopIteration, ValueError, IndexError):
            self.fd = None
            return None


def read(paths: Iterable[Path | str], stats: ReadStats, format: str = "auto", mapping: dict[str, str] | None = None,
         progress: Progress | None = None, redactor: Callable[[str], str] | None = None) -> Aggregate:
    """Phase 1: read every export into an :class:`Aggregate` (``stats`` filled as it goes)."""
    files = [Path(p) for p in paths]
    total = _sizes(files) if progress else None
    aggregate = Aggregate(stats)
    memo = MemoRedactor(redactor or DEFAULT_REDACTOR)
    add, done, n = aggregate.add, 0, 0
    for path in files:
        position = _Position(path) if total is not None else None
        for ticket in read_tickets([path], format=format, mapping=mapping, redactor=memo, stats=stats):
            add(ticket)
            n += 1
            if progress and n % PROGRESS_EVERY == 0:
                at = position() if position else None
                progress(n, None if at is None else min(done + at, total), total)
        if total is not None:
            done += path.stat().st_size
    stats.duplicates = getattr(stats, "duplicates", 0) + aggregate.duplicates
    return aggregate


def _classify_keys(classifier, tickets: list[Ticket]) -> list:
    """The classifier's decision for every ticket, in two processes when it pays."""
    if len(tickets) < PARALLEL_KEYS or (os.cpu_count() or 1) < 2 \
            or "fork" not in multiprocessing.get_all_start_methods():
        return [classifier.classify(t) for t in tickets]
    half = len(tickets) // 2
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_classify_child, args=(classifier, tickets[half:],
                                                                                     writer), daemon=True)
    child.start()
    writer.close()
    first = [classifier.classify(t) for t in tickets[:half]]
    try:
        second = reader.recv()
    except EOFError:
        second = None
    child.join()
    if second is None or len(second) != len(tickets) - half:
        log.debug("the second classifier process failed; classifying its half here")
        second = [classifier.classify(t) for t in tickets[half:]]
    return first + second


def _classify_child(classifier, tickets: list[Ticket], writer) -> None:
    writer.send([classifier.classify(t) for t in tickets])
    writer.close()


def rank(aggregate: Aggregate, taxonomy, classifier, questions_per_group: int = 10) -> RankReport:
    """Phases 2-4: learn (when the classifier can), classify each live key once, rank with counts.

    Keys that differ only in tags or export category but get the same decision (most of them: the tags
    of a real export vary far more than its texts) are ranked together, in one :meth:`Ranking.add`: what
    the ranking does with a text (question signature, vocabulary) is then done once per text and decision.
    """
    live = aggregate.live()
    tickets = [aggregate.tickets[i] for i in live]
    learn = getattr(classifier, "learn", None)
    if learn is not None:
        learn([(t, aggregate.counts[i]) for t, i in zip(tickets, live)])
    decisions = _classify_keys(classifier, tickets)
    group_of = [-1] * len(aggregate.tickets)
    groups: dict[tuple, int] = {}
    first: list[tuple[Ticket, object]] = []
    counts: list[int] = []
    for index, ticket, decision in zip(live, tickets, decisions):
        text = (ticket.subject, ticket.body, ticket.language, decision)
        group = groups.get(text)
        if group is None:
            group = groups[text] = len(first)
            first.append((ticket, decision))
            counts.append(0)
        group_of[index] = group
        counts[group] += aggregate.counts[index]
    days, people = aggregate.per_group(group_of, len(first))
    ranking = Ranking(taxonomy, classifier.intents)
    ordinal_days: dict[int, date] = {}
    for group, (ticket, decision) in enumerate(first):
        day_counts = {}
        for ordinal, n in days[group].items():
            day = ordinal_days.get(ordinal)
            if day is None:
                day = ordinal_days[ordinal] = date.fromordinal(ordinal)
            day_counts[day] = n
        ranking.add(ticket, decision, counts[group], day_counts, people[group], distinct=True)
    return ranking.report(questions_per_group)


def analyse(paths: Iterable[Path | str], taxonomy, classifier, stats: ReadStats, format: str = "auto",
            mapping: dict[str, str] | None = None, questions_per_group: int = 10,
            progress: Progress | None = None) -> RankReport:
    """Read, aggregate, learn, classify and rank (the module docstring)."""
    aggregate = read(paths, stats, format=format, mapping=mapping, progress=progress)
    return rank(aggregate, taxonomy, classifier, questions_per_group)
