"""Top recurring categories and frequent questions: streaming aggregation (pure).

Public API::

    ranking = Ranking(taxonomy, classifier.intents)
    for ticket in tickets:
        ranking.add(ticket, classifier.classify(ticket))
    report = ranking.report(questions_per_group=10)   # RankReport; report.to_dict() for JSON

Memory does not grow with the number of tickets:

* per category: a count, a Counter by language, and a count per UTC day (at most one entry
  per calendar day in the export);
* frequent questions, per (category, language): a dict from *question signature* to
  ``[count, examples]``. The signature is the matched keyword line (the classifier's
  ``intent``: "where is my order", "order not arrived" and "hasnt arrived" share one line) or,
  when no line matched, the sorted set of up to :data:`SIGNATURE_TOKENS` content stems of
  the question (folded, stemmed, stop words dropped). Each dict is bounded: past
  :data:`MAX_QUESTIONS` signatures, those with the lowest counts are dropped (half of them;
  the group is then flagged ``approximate``: a question that was dropped and seen again
  restarts at 1, so its count can be low, never high). At report time, token signatures whose
  sets overlap (Jaccard >= :data:`MERGE_SIMILARITY`) are merged.

Trend: tickets in the 30 days up to the newest ticket's date versus the 30 days before
(whole UTC days: the newest day and the 29 before it, then the 30 before those), over dated tickets
only; a category none of whose tickets has a date has an unknown trend (``known=False``, ``null`` in JSON).

Examples are the tickets' own (already redacted) subject, or first sentence of the body, once
greetings and sign-offs are cut (:func:`generator.analysis.salutations.strip_salutations`: "Hi
Siobhan, how do I return..." is "how do I return...").

Vocabulary (what :mod:`generator.analysis.aliases` mines search aliases from): each group keeps,
per word and two-word phrase of its questions (at most :data:`VOCABULARY_LIMIT`), the tickets
using it, and only the words that pass the privacy rule reach :attr:`Question.vocabulary`:

* **distinct tickets**: a ticket id seen before (the same ticket exported twice) adds nothing to
  the vocabulary. The ids are remembered in a fixed 1 MiB Bloom filter (:class:`_SeenTickets`), so
  memory stays flat; its rare false positives (under 0.1 % of tickets up to 300,000, 2 % at a
  million) only make a count lower, never higher;
* **distinct requesters**, when the export names them (a ticket's ``requester``): a word needs
  :data:`VOCABULARY_MIN_TICKETS` distinct people, a ticket without a requester counting as one;
* **no proper nouns**: a word customers write capitalised in the middle of a sentence (not its
  first word, not in a Title Case Line) in at least :data:`PROPER_NOUN_SHARE` of the tickets
  using it mid-sentence, in any question of the language, is a name ("I spoke to Siobhan", "12
  Hill St") and is left out, with the phrases holding it. Languages that capitalise every noun
  (:data:`NOUN_CAPITALISING`: German) can't tell names this way; they keep the other rules.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from whoosh.lang import has_stopwords, stopwords_for_language

from generator.analysis.classify import Analyzer, Decision
from generator.analysis.salutations import strip_salutations
from generator.tickets import names_only_a_person
from generator.tickets.redact import REDACTED
from generator.project.taxonomy import UNCLASSIFIED, Taxonomy
from generator.text import REQUEST_WORDS, fold

MAX_QUESTIONS = 5000
#: Distinct words and phrases counted per question group before the rare ones are dropped.
VOCABULARY_LIMIT = 2000
#: A word or phrase must come from at least this many distinct tickets (and requesters, when the export
#: names them) to be reported (privacy rule).
VOCABULARY_MIN_TICKETS = 10
#: A word capitalised mid-sentence in at least this share of the tickets using it mid-sentence is a name.
PROPER_NOUN_SHARE = 0.25
#: Languages that capitalise every noun: capitals tell no names there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
_MID, _CAPITALISED = 1, 2   # flags of a word in one ticket: seen mid-sentence; seen capitalised there
_WORD = re.compile(r"[^\W\d_]{3,}")
_CLAUSE = re.compile(r"[.,:;!?()\[\]/|\n-]+")
SIGNATURE_TOKENS = 4
MERGE_SIMILARITY = 0.5
#: Groups of one (category, language) whose idf-weighted term cosine reaches this are one question.
QUESTION_SIMILARITY = 0.5
#: The busiest groups per (category, language) compared for near-duplicates.
MERGE_CANDIDATES = 200
EXAMPLES = 3
TREND_DAYS = 30
_SENTENCE = re.compile(r"(?<=[.!?])\s|\n")
#: Pieces of text between sentence boundaries (their first word starts a sentence).
_SENTENCE_PIECE = re.compile(r"[^.!?:;\n¿¡…]+")
_LETTERS = re.compile(r"[^\W\d_]+")


#: Reply and forward prefixes of mail clients in en/es/fr/de/pt/it/nl ("Re:", "Fwd:", "AW:", "RV:", "TR:"...).
_REPLY_PREFIX = re.compile(r"(?i)^\s*(?:(?:re|fw|fwd|aw|wg|rv|tr|enc|res|sv|vs|antw|doorst)\s*(?:\[\d+\])?\s*:\s*)+")
#: Subjects that say how the ticket came in, not what it is about: chat and call openers, web forms, auto-replies.
_OPENER = re.compile(
    r"(?i)^\W*(?:(?:new\s+|offline\s+|missed\s+|incoming\s+|nouvelle?\s+|nueva?\s+|neue[rs]?\s+)?"
    r"(?:conversation|chat|message|call|discussion|conversaci[oó]n|mensaje|llamada|conversa|mensagem|chamada|"
    r"gespr[aä]ch|unterhaltung|nachricht|anruf|appel|voicemail|sms|whatsapp)\b"
    r"(?:\s+(?:with|from|by|con|de|avec|com|mit|von|da|du|d'|via|on)\b.*)?"
    r"|(?:web\s*form|contact\s*form|form\s+submission|new\s+submission|formulario(?:\s+de\s+contacto)?|"
    r"formulaire(?:\s+de\s+contact)?|kontaktformular)\b.*"
    r"|(?:automatic\s+reply|auto[\s-]?reply|autoreply|auto[\s-]?response|out\s+of\s+(?:the\s+)?office|"
    r"respuesta\s+autom[aá]tica|r[eé]ponse\s+automatique|absence\s+du\s+bureau|automatische\s+antwort|"
    r"abwesenheitsnotiz|resposta\s+autom[aá]tica|fuera\s+de\s+la\s+oficina)\b.*)\W*$")
#: One-word (or empty) subjects that name no topic, in the languages the taxonomy speaks (compared folded).
TOPICLESS_SUBJECTS = frozenset({
    "", "question", "questions", "help", "hello", "hi", "hey", "inquiry", "enquiry", "query", "request", "support",
    "info", "information", "ticket", "contact", "message", "urgent", "no subject", "none", "untitled", "n/a",
    "quick question", "a question", "need help", "help needed", "help please", "please help", "customer service",
    "pregunta", "consulta", "ayuda", "duda", "hola", "informacion", "solicitud", "sin asunto", "urgente",
    "aide", "demande", "bonjour", "renseignement", "renseignements", "sans objet", "service client",
    "frage", "hilfe", "anfrage", "hallo", "kein betreff", "dringend", "pergunta", "ajuda", "ola", "duvida",
    "pedido de informacao", "sem assunto", "domanda", "aiuto", "vraag",
})


def topicless(subject: str) -> bool:
    """Does this subject say nothing about what the customer wants?

    Empty or generic ("Question", "Help", "Re: Hello"), a chat or call opener ("Chat with Visitor 40348",
    "Conversation with Jorge", "Missed call from [phone]"), a web form's or an auto-reply's ("Automatic
    reply: ...", "Out of office"), or only a person (:func:`generator.tickets.names_only_a_person`).
    """
    text = _REPLY_PREFIX.sub("", subject).strip()
    if fold(" ".join(_LETTERS.findall(text))) in TOPICLESS_SUBJECTS:
        return True
    return bool(_OPENER.match(text)) or names_only_a_person(text)


def question_text(subject: str, body: str, limit: int = 140) -> str:
    """The customer's question in one line: the subject, or the body's first sentence.

    "Re:"/"Fwd:" prefixes are dropped; a :func:`topicless` subject is replaced by the first sentence of
    the customer's first message (the body); a one-word subject is kept in front of it ("Refund: I want...").
    ``""`` when a topic-less subject comes with no body.
    """
    text = _REPLY_PREFIX.sub("", subject).strip()
    empty = topicless(subject)
    if empty:
        text = ""
    if (empty or len(text.split()) < 2) and body.strip():
        first = next((s for s in _SENTENCE.split(body.strip()) if len(s.split()) >= 2), body.strip())
        text = f"{text}: {first}" if text else first
    elif empty:
        return ""  # no question to show: the ticket counts, but in no question group
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Trend:
    """Tickets in the last 30 days versus the 30 before."""

    last_30_days: int = 0
    previous_30_days: int = 0
    known: bool = True
    """False when none of the category's tickets has a date: its trend is unknown, not "new"."""

    @property
    def change(self) -> float | None:
        """Relative change (0.25 = +25 %); None when the previous window is empty."""
        if not self.previous_30_days:
            return None
        return round((self.last_30_days - self.previous_30_days) / self.previous_30_days, 3)

    def to_dict(self) -> dict:
        return {"last_30_days": self.last_30_days, "previous_30_days": self.previous_30_days, "change": self.change}


@dataclass
class Question:
    """A group of near-duplicate questions in one category and language."""

    category: str
    lang: str
    tickets: int
    text: str
    """One representative, redacted phrasing."""
    examples: list[str]
    intent: str | None = None
    """The keyword line that grouped them (``"where is my order"``), when one did."""
    approximate: bool = False
    vocabulary: dict[str, int] = field(default_factory=dict, repr=False)
    """Words and two-word phrases of the group's (redacted, greetings and sign-offs cut) questions ->
    distinct tickets using them; only those used by at least :data:`VOCABULARY_MIN_TICKETS` distinct
    tickets and requesters, and no proper noun (see the module docstring and :mod:`generator.analysis.aliases`)."""
    intent_key: str | None = field(default=None, repr=False, compare=False)
    """The classifier's key of that keyword line (``"order_status/en/0"``), when one grouped them."""
    phrasings: list[str] = field(default_factory=list, repr=False, compare=False)
    """The representative phrasings of the near-duplicate groups merged into this one (busiest first)."""
    _vocabulary: dict = field(default_factory=dict, repr=False, compare=False)
    """The unfiltered vocabulary (for merging; never reported)."""

    def to_dict(self) -> dict:
        return {"category": self.category, "lang": self.lang, "tickets": self.tickets, "text": self.text,
                "examples": self.examples, "intent": self.intent, "approximate": self.approximate}


@dataclass
class CategoryStats:
    """One category's demand."""

    id: str
    name: str
    tickets: int
    share: float
    by_language: dict[str, int]
    trend: Trend
    questions: list[Question] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "tickets": self.tickets, "share": self.share,
                "by_language": self.by_language, "trend": self.trend.to_dict() if self.trend.known else None}


@dataclass
class RankReport:
    """The ranking: totals, categories sorted by tickets (highest first), frequent questions."""

    total: int
    by_language: dict[str, int]
    unclassified: int
    by_source: dict[str, int]
    newest: str | None
    categories: list[CategoryStats]
    unclassified_questions: list[Question]

    @property
    def questions(self) -> list[Question]:
        """Every frequent question, highest count first (unclassified ones last)."""
        out = [q for c in self.categories for q in c.questions]
        out.sort(key=lambda q: (-q.tickets, q.category, q.lang, q.text))
        return out + self.unclassified_questions

    def to_dict(self) -> dict:
        """The stable JSON shape documented in ``docs``/README (``tickets``, ``categories``, ``questions``)."""
        return {
            "tickets": {"total": self.total, "by_language": self.by_language, "unclassified": self.unclassified,
                        "by_source": self.by_source, "newest": self.newest},
            "categories": [c.to_dict() for c in self.categories],
            "questions": [q.to_dict() for q in self.questions],
        }


class _SeenTickets:
    """Ticket ids already counted, in a fixed-size Bloom filter (``2**23`` bits, 4 hashes).

    :meth:`add` may wrongly answer "seen" for a new id (rarely: see the module docstring), never the reverse.
    """

    __slots__ = ("bits",)
    BITS = 1 << 23
    HASHES = 4

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS // 8)

    def add(self, key: str) -> bool:
        """Remember ``key``; True when it was not seen before."""
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=4 * self.HASHES).digest()
        new = False
        for i in range(self.HASHES):
            n = int.from_bytes(digest[4 * i:4 * i + 4], "little") % self.BITS
            byte, bit = n >> 3, 1 << (n & 7)
            if not self.bits[byte] & bit:
                new = True
                self.bits[byte] |= bit
        return new


class _Usage:
    """How one question group uses a word or phrase: tickets, people, and the word's capitals."""

    __slots__ = ("tickets", "anonymous", "requesters", "mid", "capitalised")

    def __init__(self, tickets: int = 0, anonymous: int = 0, requesters: set[int] | None = None,
                 mid: int = 0, capitalised: int = 0) -> None:
        self.tickets = tickets
        self.anonymous = anonymous
        """Tickets without a requester (each counts as one person)."""
        self.requesters = requesters
        """Hashes of the distinct requesters, at most :data:`VOCABULARY_MIN_TICKETS` of them (None: none yet)."""
        self.mid = mid
        """Tickets using the word not at the start of a sentence..."""
        self.capitalised = capitalised
        """...and those of them where it is capitalised there."""

    def add(self, tickets: int, anonymous: int, requesters: Iterable[int], flags: int) -> None:
        """``tickets`` more tickets (``anonymous`` of them without a requester, the others by ``requesters``);
        ``flags`` says how they wrote the word (:data:`_MID`, :data:`_CAPITALISED`)."""
        self.tickets += tickets
        self.anonymous += anonymous
        for requester in requesters:
            if self.requesters is None:
                self.requesters = {requester}
            elif len(self.requesters) < VOCABULARY_MIN_TICKETS:
                self.requesters.add(requester)
            else:
                break
        self.mid += tickets * (flags & _MID)
        self.capitalised += tickets * ((flags & _CAPITALISED) >> 1)

    @property
    def people(self) -> int:
        """Distinct people using it (counted up to the privacy threshold)."""
        return self.anonymous + len(self.requesters or ())

    def __add__(self, other: _Usage) -> _Usage:
        requesters = (self.requesters or set()) | (other.requesters or set())
        return _Usage(self.tickets + other.tickets, self.anonymous + other.anonymous,
                      set(islice(requesters, VOCABULARY_MIN_TICKETS)) or None, self.mid + other.mid,
                      self.capitalised + other.capitalised)


def _merged(a: Mapping[str, _Usage], b: Mapping[str, _Usage]) -> dict[str, _Usage]:
    """The vocabulary of two groups (new objects: the buckets keep theirs)."""
    out = dict(a)
    for word, usage in b.items():
        out[word] = out[word] + usage if word in out else usage
    return out


_People = tuple[int, int, "Iterable[int]"]
"""(tickets new to the vocabulary, how many of them have no requester, the others' requester hashes)."""


class _Bucket:
    """Bounded question counts for one (category, language)."""

    __slots__ = ("groups", "approximate")

    def __init__(self) -> None:
        self.groups: dict[tuple, list] = {}
        self.approximate = False

    def add(self, signature: tuple, example: str, words: Mapping[str, int] | None = None,
            people: _People | None = None, count: int = 1) -> None:
        """Count ``count`` tickets of one text; ``words``: its vocabulary (word -> flags), None when no
        ticket of them is new to the vocabulary; ``people``: who wrote the tickets that are."""
        group = self.groups.get(signature)
        if group is None:
            if len(self.groups) >= MAX_QUESTIONS:
                self._prune()
            group = self.groups[signature] = [count, [example], {}]
        else:
            group[0] += count
            examples = group[1]
            if len(examples) < EXAMPLES and example not in examples:
                examples.append(example)
        vocabulary: dict[str, _Usage] = group[2]
        if words and people is not None:
            tickets, anonymous, requesters = people
            for word, flags in words.items():
                usage = vocabulary.get(word)
                if usage is None:
                    usage = vocabulary[word] = _Usage()
                usage.add(tickets, anonymous, requesters, flags)
        if len(vocabulary) > VOCABULARY_LIMIT:
            # Keep the words seen more than once (bounded memory; a word that comes back restarts at 1).
            group[2] = {w: u for w, u in vocabulary.items() if u.tickets > 1}

    def _prune(self) -> None:
        counts = sorted(g[0] for g in self.groups.values())
        floor = counts[len(counts) // 2]
        kept = {k: g for k, g in self.groups.items() if g[0] > floor}
        if len(kept) > MAX_QUESTIONS // 2:  # many ties: keep the first half
            kept = dict(list(kept.items())[: MAX_QUESTIONS // 2])
        elif len(kept) < MAX_QUESTIONS // 4:
            ranked = sorted(self.groups.items(), key=lambda kv: -kv[1][0])
            kept = dict(ranked[: MAX_QUESTIONS // 2])
        self.groups = kept
        self.approximate = True


def _frequent(vocabulary: Mapping[str, _Usage], proper: frozenset[str], limit: int = 40) -> dict[str, int]:
    """The words and phrases that pass the privacy rule (module docstring) -> tickets, most used first."""
    kept = [(w, u.tickets) for w, u in vocabulary.items()
            if u.tickets >= VOCABULARY_MIN_TICKETS and u.people >= VOCABULARY_MIN_TICKETS
            and proper.isdisjoint(w.split())]
    kept.sort(key=lambda kv: -kv[1])
    return dict(kept[:limit])


def case_flags(text: str) -> dict[str, int]:
    """Folded word -> how ``text`` writes it: mid-sentence (1), and capitalised there (2).

    A sentence's first word tells nothing, nor does a Title Case Line (most of its words capitalised).
    """
    flags: dict[str, int] = {}
    for piece in _SENTENCE_PIECE.findall(REDACTED.sub(" ", text)):
        words = _LETTERS.findall(piece)
        longer = [w for w in words if len(w) > 1]
        capitals = sum(1 for w in longer if w[0].isupper())
        if capitals >= 2 and capitals * 2 > len(longer):
            continue
        for word in words[1:]:
            if len(word) < 3:
                continue
            capitalised = word[0].isupper() and not word.isupper()
            key = fold(word)
            flags[key] = flags.get(key, 0) | _MID | (_CAPITALISED if capitalised else 0)
    return flags


def _requester(ticket) -> int | None:
    """A hash of the ticket's requester, when the export names one (readers may not supply it yet)."""
    requester = getattr(ticket, "requester", None)
    return hash(("requester", str(requester))) if requester not in (None, "") else None


def _utc_day(created_at) -> date:
    """The UTC calendar day of an aware (or naive, taken as UTC) datetime."""
    offset = created_at.utcoffset()
    return created_at.date() if offset is None else (created_at - offset).date()


class Ranking:
    """Streaming aggregation of classified tickets (see the module docstring)."""

    def __init__(self, taxonomy: Taxonomy, intents: dict[str, str] | None = None):
        self.taxonomy = taxonomy
        self.intents = intents or {}
        self.total = 0
        self.by_language: Counter = Counter()
        self.by_source: Counter = Counter()
        self.counts: Counter = Counter()
        self.category_languages: dict[str, Counter] = {}
        self.days: dict[str, Counter] = {}
        self.newest: date | None = None
        self.buckets: dict[tuple[str, str], _Bucket] = {}
        self._analyzers: dict[str, Analyzer] = {}
        self._stop: dict[str, frozenset[str]] = {}
        self._specific_cache: dict[str, bool] = {}
        self._seen = _SeenTickets()

    def _signature_tokens(self, text: str, lang: str) -> tuple[str, ...]:
        analyzer = self._analyzers.get(lang)
        if analyzer is None:
            code = lang if has_stopwords(lang) else ""
            stop = frozenset(stopwords_for_language(code)) if code else frozenset()
            glue = self.taxonomy.glue.get(lang, frozenset()) | stop | REQUEST_WORDS.get(lang, frozenset())
            analyzer = self._analyzers[lang] = Analyzer(lang if lang in self.taxonomy.glue else "", glue)
        tokens = {t for t in analyzer.tokens(REDACTED.sub(" ", text)) if len(t) > 2 and not t.isdigit()}
        return tuple(sorted(tokens)[:SIGNATURE_TOKENS]) if len(tokens) <= SIGNATURE_TOKENS else \
            tuple(sorted(sorted(tokens, key=lambda t: (-len(t), t))[:SIGNATURE_TOKENS]))

    def add(self, ticket, decision: Decision, count: int = 1, days: Mapping[date, int] | None = None,
            requesters: Mapping[int, int] | None = None, distinct: bool = False) -> None:
        """Count ``count`` tickets that share ``ticket``'s text, language and decision.

        ``days``: UTC day -> how many of them were opened that day (undated ones are left out); None takes
        ``ticket.created_at`` (for one ticket). ``requesters``: requester hash -> how many of them that person
        wrote (the others have none); None takes ``ticket.requester``. ``distinct``: the caller de-duplicated
        the tickets (:mod:`generator.analysis.pipeline`), so every one is new to the vocabulary; else
        ``ticket.id`` is checked against the ids counted before.
        """
        category, lang = decision.category, ticket.language
        self.total += count
        self.by_language[lang] += count
        self.by_source[decision.source] += count
        self.counts[category] += count
        languages = self.category_languages.get(category)
        if languages is None:
            languages = self.category_languages[category] = Counter()
        languages[lang] += count
        if days is None:
            if ticket.created_at is not None:
                self._count_day(category, _utc_day(ticket.created_at), 1)
        else:
            for day, n in days.items():
                self._count_day(category, day, n)
        text = question_text(strip_salutations(ticket.subject, lang), strip_salutations(ticket.body, lang))
        if not text:
            return
        if decision.intent and self._specific(decision.intent):
            signature: tuple = ("intent", decision.intent)
        else:
            signature = self._signature_tokens(text, lang)
            if not signature:
                return
        bucket = self.buckets.get((category, lang))
        if bucket is None:
            bucket = self.buckets[(category, lang)] = _Bucket()
        if distinct or not ticket.id or self._seen.add(ticket.id):
            if requesters is None:
                requester = _requester(ticket)
                people: _People = (count, 0, (requester,)) if requester is not None else (count, count, ())
            else:
                people = (count, count - sum(requesters.values()), requesters.keys())
            bucket.add(signature, text, self._vocabulary(text, lang), people, count)
        else:
            bucket.add(signature, text, None, None, count)

    def _count_day(self, category: str, day: date, n: int) -> None:
        days = self.days.get(category)
        if days is None:
            days = self.days[category] = Counter()
        days[day] += n
        if self.newest is None or day > self.newest:
            self.newest = day

    def _vocabulary(self, text: str, lang: str) -> dict[str, int]:
        """The ticket's words and phrases -> how it capitalises them."""
        flags = case_flags(text)
        return {w: 0 if " " in w else flags.get(w, 0) for w in self._words(text, lang)}

    def _specific(self, intent: str) -> bool:
        """Does this keyword line name one question ("where is my order"), not a topic ("account")?

        Tickets matched only by a topic word are grouped by their own words instead, so "delete my
        account" and "switch accounts" stay apart.
        """
        specific = self._specific_cache.get(intent)
        if specific is None:
            lang = intent.split("/")[1] if intent.count("/") == 2 else ""
            glue = self.taxonomy.glue.get(lang, frozenset())
            words = Analyzer(lang if lang in self.taxonomy.glue else "", glue).tokens(self.intents.get(intent, ""))
            specific = self._specific_cache[intent] = len(words) >= 2
        return specific

    def _words(self, text: str, lang: str) -> set[str]:
        """The ticket's words and two-word phrases (folded, no stop words, no digits or placeholders)."""
        stop = self._stop.get(lang)
        if stop is None:
            code = lang if has_stopwords(lang) else ""
            stop = frozenset(fold(w) for w in stopwords_for_language(code)) if code else frozenset()
            stop = self._stop[lang] = stop | self.taxonomy.glue.get(lang, frozenset())
        words: set[str] = set()
        for clause in _CLAUSE.split(fold(REDACTED.sub(" , ", text))):
            tokens = _WORD.findall(clause)
            words.update(t for t in tokens if t not in stop)
            words.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a not in stop and b not in stop)
        return words

    def _trend(self, category: str) -> Trend:
        """Over the dated tickets only; unknown when the category has none."""
        days = self.days.get(category)
        if self.newest is None or not days:
            return Trend(known=False)
        trend = Trend()
        for day, n in days.items():
            age = (self.newest - day).days
            if age < TREND_DAYS:
                trend.last_30_days += n
            elif age < 2 * TREND_DAYS:
                trend.previous_30_days += n
        return trend

    def _proper_nouns(self) -> dict[str, frozenset[str]]:
        """Per language, the words written capitalised mid-sentence often enough to be names."""
        mid: dict[str, Counter] = {}
        capitalised: dict[str, Counter] = {}
        for (_category, lang), bucket in self.buckets.items():
            if lang.split("-")[0] in NOUN_CAPITALISING:
                continue
            mid_lang, cap_lang = mid.setdefault(lang, Counter()), capitalised.setdefault(lang, Counter())
            for _count, _examples, vocabulary in bucket.groups.values():
                for word, usage in vocabulary.items():
                    if usage.mid:
                        mid_lang[word] += usage.mid
                        cap_lang[word] += usage.capitalised
        return {lang: frozenset(w for w, n in counts.items() if n and n >= PROPER_NOUN_SHARE * mid[lang][w])
                for lang, counts in capitalised.items()}

    def _questions(self, category: str, lang: str, bucket: _Bucket, limit: int,
                   proper: frozenset[str] = frozenset()) -> list[Question]:
        intents: list[Question] = []
        token_groups: list[tuple[set, list]] = []
        for signature, (count, examples, vocabulary) in sorted(bucket.groups.items(),
                                                               key=lambda kv: (-kv[1][0], kv[0])):
            if signature and signature[0] == "intent":
                question = Question(category, lang, count, examples[0], list(examples),
                                    self.intents.get(signature[1], signature[1]), bucket.approximate,
                                    _frequent(vocabulary, proper))
                question.intent_key = signature[1]
                question._vocabulary = vocabulary
                intents.append(question)
                continue
            tokens = set(signature)
            for group_tokens, group in token_groups[:200]:
                if len(tokens & group_tokens) / len(tokens | group_tokens) >= MERGE_SIMILARITY:
                    group[0] += count
                    group[1].extend(e for e in examples if e not in group[1])
                    group[2] = _merged(group[2], vocabulary)
                    break
            else:
                token_groups.append((tokens, [count, list(examples), vocabulary]))
        questions = intents
        for _tokens, (count, ex, vocab) in token_groups:
            question = Question(category, lang, count, ex[0], ex[:EXAMPLES], None, bucket.approximate,
                                _frequent(vocab, proper))
            question._vocabulary = vocab
            questions.append(question)
        questions = self._merge_similar(questions, lang, proper)
        questions.sort(key=lambda q: (-q.tickets, q.text))
        return questions[:limit]

    def _question_terms(self, question: Question, lang: str) -> dict[str, float]:
        """The folded, stemmed content terms of a question group's phrasings -> the share of them using it.

        Words every phrasing uses ("still", "waiting", "arrive") weigh more than the product each names.
        """
        texts = list(dict.fromkeys([question.text, *question.examples]))
        counts: Counter = Counter()
        for text in texts:
            counts.update(self._signature_tokens_all(text, lang))
        return {t: n / len(texts) for t, n in counts.items()}

    def _signature_tokens_all(self, text: str, lang: str) -> set[str]:
        self._signature_tokens("", lang)  # builds the language's analyzer
        analyzer = self._analyzers[lang]
        return {t for t in analyzer.tokens(REDACTED.sub(" ", text)) if len(t) > 2 and not t.isdigit()}

    def _merge_similar(self, questions: list[Question], lang: str, proper: frozenset[str]) -> list[Question]:
        """Near-duplicate groups of one (category, language) as one question (the busiest group leads).

        Two groups are one question when the cosine similarity of their terms (:meth:`_question_terms`: the
        share of the group's phrasings using each, times a smoothed idf over the groups, so the category's
        everyday words and the product a customer names weigh little) reaches
        :data:`QUESTION_SIMILARITY`: "still waiting" and "still waiting for my lamp, when will it arrive?".
        Only the :data:`MERGE_CANDIDATES` busiest groups are compared (the others stay as they are).
        """
        questions = sorted(questions, key=lambda q: (-q.tickets, q.text))
        head, tail = questions[:MERGE_CANDIDATES], questions[MERGE_CANDIDATES:]
        if len(head) < 2:
            return questions
        terms = [self._question_terms(q, lang) for q in head]
        df: Counter = Counter(t for ts in terms for t in ts)
        n = len(head)
        idf = {t: math.log((1 + n) / (1 + k)) + 1.0 for t, k in df.items()}
        vectors = [{t: tf * idf[t] for t, tf in ts.items()} for ts in terms]
        norms = [math.sqrt(sum(w * w for w in v.values())) for v in vectors]
        leaders: list[int] = []
        members: dict[int, list[int]] = {}
        for i in range(n):
            best, best_sim = None, QUESTION_SIMILARITY
            for j in leaders:
                if not norms[i] or not norms[j]:
                    continue
                a, b = vectors[i], vectors[j]
                sim = sum(w * b[t] for t, w in a.items() if t in b) / (norms[i] * norms[j])
                if sim >= best_sim:
                    best, best_sim = j, sim
            if best is None:
                leaders.append(i)
                members[i] = [i]
            else:
                members[best].append(i)
        merged: list[Question] = []
        for leader in leaders:
            group = [head[k] for k in members[leader]]
            if len(group) == 1:
                merged.append(group[0])
                continue
            lead = group[0]
            vocabulary: dict[str, _Usage] = getattr(lead, "_vocabulary", {})
            examples = list(lead.examples)
            for other in group[1:]:
                vocabulary = _merged(vocabulary, getattr(other, "_vocabulary", {}))
                examples += [e for e in other.examples if e not in examples]
            question = Question(lead.category, lead.lang, sum(q.tickets for q in group), lead.text,
                                examples[:EXAMPLES], lead.intent, any(q.approximate for q in group),
                                _frequent(vocabulary, proper))
            question.intent_key = lead.intent_key
            question.phrasings = [q.text for q in group]
            question._vocabulary = vocabulary
            merged.append(question)
        return merged + tail

    def report(self, questions_per_group: int = 10) -> RankReport:
        """The ranking so far. ``questions_per_group`` caps questions per (category, language)."""
        total = self.total
        proper = self._proper_nouns()
        categories: list[CategoryStats] = []
        for category, count in self.counts.items():
            if category == UNCLASSIFIED:
                continue
            questions = [q for (cat, lang), bucket in sorted(self.buckets.items()) if cat == category
                         for q in self._questions(cat, lang, bucket, questions_per_group,
                                                  proper.get(lang, frozenset()))]
            questions.sort(key=lambda q: (-q.tickets, q.lang, q.text))
            categories.append(CategoryStats(
                category, self.taxonomy.name(category), count, round(count / total, 4) if total else 0.0,
                dict(self.category_languages[category].most_common()), self._trend(category), questions))
        categories.sort(key=lambda c: (-c.tickets, c.id))
        unclassified_q = [q for (cat, lang), bucket in sorted(self.buckets.items()) if cat == UNCLASSIFIED
                          for q in self._questions(cat, lang, bucket, questions_per_group,
                                                   proper.get(lang, frozenset()))]
        unclassified_q.sort(key=lambda q: (-q.tickets, q.lang, q.text))
        return RankReport(total, dict(self.by_language.most_common()), self.counts.get(UNCLASSIFIED, 0),
                          dict(self.by_source.most_common()), self.newest.isoformat() if self.newest else None,
                          categories, unclassified_q)
