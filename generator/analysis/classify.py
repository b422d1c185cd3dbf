"""Ticket -> taxonomy category, with a confidence and the signal it came from (pure).

Public API::

    clf = Classifier(load_taxonomy())
    decision = clf.classify(ticket)          # Decision(category, confidence, source, intent)

Order of evidence:

1. the export's own **tags** (``source="tag"``), mapped through ``Taxonomy.tag_map``
   (built-in: every id, its names and obvious tags such as ``refund``, ``wismo``,
   ``shipping``; plus ``map.tags`` in ``content/categories.yml``);
2. the export's **type / category** field (``source="type"``) through ``Taxonomy.type_map``;
3. a zero-shot **text** classifier (``source="text"``) over the taxonomy keywords.

The text classifier is cheap per-token work (no search index): the text is lower-cased,
accent-folded, tokenised, stripped of "glue" words (``my``, ``el``, ``mon``) and stemmed with
Whoosh's Snowball stemmer for the ticket's language (cached per token). Keyword lines are
analysed the same way into a unigram table and a phrase table keyed by first token. A
single word scores 1, a phrase of n words ``1 + 0.5 * n``; a match in the subject is multiplied
by :data:`SUBJECT_KEYWORD_WEIGHT` (2) and one in the body by :data:`BODY_KEYWORD_WEIGHT` (1), so
subject matches count double; each keyword counts once per field. With ``s1`` >= ``s2`` the two best
category scores, ``confidence = s1 / (s1 + s2) * (1 - exp(-s1 / 2))``; below
``min_confidence`` (default 0.3) the ticket is ``unclassified``. Tickets whose language has
no keywords (or ``und``) are matched, unstemmed, against every language's keywords.

Each decision also names the *intent*: the keyword line (question) of the chosen
category that matched best, e.g. ``"where is my order"``; :mod:`generator.rank` groups
frequent questions by it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from whoosh.lang import has_stemmer, stemmer_for_language

from generator.tickets.redact import TEMPLATE
from generator.project.taxonomy import UNCLASSIFIED, Taxonomy, map_key
from generator.text import fold

MIN_CONFIDENCE = 0.30
#: Multiplier of a keyword's score when it matches in the subject...
SUBJECT_KEYWORD_WEIGHT = 2.0
#: ...and when it matches in the body: the subject states the question, the body often wanders.
BODY_KEYWORD_WEIGHT = 1.0
#: Only the start of a body is classified: the question is nearly always there.
BODY_CHARS = 1500
TAG_CONFIDENCE = 0.95
TYPE_CONFIDENCE = 0.90
_TOKEN = re.compile(r"[0-9a-z]+")
_APOSTROPHE = re.compile(r"['’`]")
_CACHE_LIMIT = 200_000
#: Words the Snowball stemmer would merge with unrelated ones, kept as they are: English stems
#: both "customs" and "customer(s)" to "custom".
STEM_EXCEPTIONS: dict[str, tuple[str, ...]] = {"en": ("customs", "customer", "customers")}


DecisionSource = Literal["tag", "type", "text", "none"]
"""Which evidence decided: the export's tags, its type/category field, the text, or none (unclassified)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a ticket belongs and how sure we are."""

    category: str
    """A taxonomy id, or ``"unclassified"``."""
    confidence: float
    """0 to 1."""
    source: DecisionSource
    """``"tag"``, ``"type"``, ``"text"``, or ``"none"`` (unclassified)."""
    intent: str | None = None
    """Key of the best-matching question line (``"order_status/en/0"``), when text matched."""


class Analyzer:
    """fold -> tokenise -> drop glue words -> stem, with a per-token cache."""

    def __init__(self, lang: str, glue: frozenset[str]):
        self.lang = lang
        self.glue = glue
        self._stem: Callable[[str], str] | None = stemmer_for_language(lang) if lang and has_stemmer(lang) else None
        self._cache: dict[str, str] = {}
        self.keep = frozenset(STEM_EXCEPTIONS.get(lang, ()))
        self.drop_apostrophe = lang in ("en", "")

    def stem(self, token: str) -> str:
        cached = self._cache.get(token)
        if cached is None:
            cached = self._stem(token) if self._stem and token not in self.keep else token
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token] = cached
        return cached

    def tokens(self, text: str) -> list[str]:
        text = fold(TEMPLATE.sub(" ", text))
        text = _APOSTROPHE.sub("" if self.drop_apostrophe else " ", text)
        glue, stem = self.glue, self.stem
        return [stem(t) for t in _TOKEN.findall(text) if t not in glue]


@dataclass
class _Index:
    analyzer: Analyzer
    unigrams: dict[str, list[tuple[str, str, float]]]
    phrases: dict[str, list[tuple[tuple[str, ...], str, str, float]]]


class Classifier:
    """Classifies tickets against a :class:`~generator.taxonomy.Taxonomy` (see module docstring)."""

    def __init__(self, taxonomy: Taxonomy, min_confidence: float = MIN_CONFIDENCE):
        self.taxonomy = taxonomy
        self.min_confidence = min_confidence
        self.intents: dict[str, str] = {}
        """Intent key -> its first variant, e.g. ``"where is my order"``."""
        self._indexes: dict[str, _Index] = {}
        all_glue = frozenset().union(*taxonomy.glue.values()) if taxonomy.glue else frozenset()
        self._fallback = self._build("", all_glue, taxonomy.languages())
        for lang in taxonomy.languages():
            self._indexes[lang] = self._build(lang, taxonomy.glue.get(lang, frozenset()), [lang])

    def _build(self, lang: str, glue: frozenset[str], source_langs: list[str]) -> _Index:
        analyzer = Analyzer(lang, glue)
        unigrams: dict[str, list] = {}
        phrases: dict[str, list] = {}
        for category in self.taxonomy.categories.values():
            for src in source_langs:
                for number, variants in enumerate(category.keywords.get(src, ())):
                    key = f"{category.id}/{src}/{number}"
                    self.intents.setdefault(key, variants[0])
                    for variant in variants:
                        tokens = analyzer.tokens(variant)
                        if not tokens:
                            continue
                        if len(tokens) == 1:
                            unigrams.setdefault(tokens[0], []).append((category.id, key, 1.0))
                        else:
                            phrases.setdefault(tokens[0], []).append(
                                (tuple(tokens[1:]), category.id, key, 1.0 + 0.5 * len(tokens)))
        return _Index(analyzer, unigrams, phrases)

    def index_for(self, lang: str) -> _Index:
        return self._indexes.get(lang) or self._indexes.get(lang.split("-")[0]) or self._fallback

    def text_scores(self, subject: str, body: str, lang: str) -> tuple[dict[str, float], dict[str, float]]:
        """Category scores and intent scores of a text (see the module docstring)."""
        index = self.index_for(lang)
        scores: dict[str, float] = {}
        intents: dict[str, float] = {}
        for text, weight in ((subject, SUBJECT_KEYWORD_WEIGHT), (body[:BODY_CHARS], BODY_KEYWORD_WEIGHT)):
            if not text:
                continue
            tokens = index.analyzer.tokens(text)
            seen: set = set()
            unigrams, phrases = index.unigrams, index.phrases
            n = len(tokens)
            for i, token in enumerate(tokens):
                hits = unigrams.get(token)
                if hits:
                    for category, key, w in hits:
                        if (key, token) not in seen:
                            seen.add((key, token))
                            scores[category] = scores.get(category, 0.0) + w * weight
                            intents[key] = intents.get(key, 0.0) + w * weight
                candidates = phrases.get(token)
                if candidates:
                    for rest, category, key, w in candidates:
                        end = i + 1 + len(rest)
                        if end <= n and tuple(tokens[i + 1:end]) == rest and (key, rest, token) not in seen:
                            seen.add((key, rest, token))
                            scores[category] = scores.get(category, 0.0) + w * weight
                            intents[key] = intents.get(key, 0.0) + w * weight
        return scores, intents

    @staticmethod
    def confidence(scores: dict[str, float]) -> tuple[str | None, float]:
        """The best category and its confidence in [0, 1]."""
        if not scores:
            return None, 0.0
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        best, s1 = ranked[0]
        s2 = ranked[1][1] if len(ranked) > 1 else 0.0
        return best, (s1 / (s1 + s2)) * (1.0 - math.exp(-s1 / 2.0))

    def _signal(self, values: tuple[str, ...], table: dict[str, str]) -> tuple[str | None, float]:
        found: dict[str, int] = {}
        for value in values:
            cid = table.get(map_key(value))
            if cid:
                found[cid] = found.get(cid, 0) + 1
        if not found:
            return None, 0.0
        best = max(found, key=lambda c: found[c])  # first seen wins a tie (dicts keep order)
        return best, found[best] / sum(found.values())

    def classify(self, ticket) -> Decision:
        """A :class:`Decision` for anything with ``subject``, ``body``, ``language``, ``tags``, ``category``."""
        scores, intent_scores = self.text_scores(ticket.subject, ticket.body, ticket.language)
        category, share = self._signal(ticket.tags, self.taxonomy.tag_map)
        if category:
            return Decision(category, round(TAG_CONFIDENCE * share, 3), "tag", self._intent(category, intent_scores))
        if ticket.category:
            category, share = self._signal((ticket.category,), self.taxonomy.type_map)
            if category:
                return Decision(category, TYPE_CONFIDENCE, "type", self._intent(category, intent_scores))
        category, confidence = self.confidence(scores)
        if category is None or confidence < self.min_confidence:
            return Decision(UNCLASSIFIED, round(confidence, 3), "none", None)
        return Decision(category, round(confidence, 3), "text", self._intent(category, intent_scores))

    @staticmethod
    def _intent(category: str, intent_scores: dict[str, float]) -> str | None:
        prefix = category + "/"
        best, best_score = None, 0.0
        for key, score in intent_scores.items():
            if key.startswith(prefix) and (score > best_score or (score == best_score and best and key < best)):
                best, best_score = key, score
        return best
