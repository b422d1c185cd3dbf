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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from whoosh.lang import has_stemmer, stemmer_for_language

from generator.tickets.redact import TEMPLATE
from generator.project.taxonomy import UNCLASSIFIED, Taxonomy, map_key
from generator.analysis.learned import learned_text
from generator.text import fold

MIN_CONFIDENCE = 0.30
#: Multiplier of a keyword's score when it matches in the subject...
SUBJECT_KEYWORD_WEIGHT = 2.0
#: ...and when it matches in the body: the subject states the question, the body often wanders.
BODY_KEYWORD_WEIGHT = 1.0
#: Only the start of a body is classified: the question is nearly always there.
BODY_CHARS = 1500
#: A learned category is taken from this calibrated probability on ("more likely right than not").
LEARNED_THRESHOLD = 0.5
#: A training example weighs its count of tickets, up to this (a templated text repeated 10,000
#: times must not drown every other phrasing).
COUNT_CAP = 10
#: Self-training: seed decisions at least this confident become training examples of a category
#: the shop labels fewer than MIN_SHOP_LABELS distinct texts of, at SELF_TRAIN_WEIGHT.
SELF_TRAIN_CONFIDENCE = 0.5
MIN_SHOP_LABELS = 20
SELF_TRAIN_WEIGHT = 0.5
#: Fits when self-training: the second learns from the first's decisions too, reaching texts that
#: share no phrase with the taxonomy but many n-grams with texts the first fit decided.
SELF_TRAIN_ROUNDS = 2
TAG_CONFIDENCE = 0.95
TYPE_CONFIDENCE = 0.90
_TOKEN = re.compile(r"[0-9a-z]+")
_APOSTROPHE = re.compile(r"['’`]")
_CACHE_LIMIT = 200_000
#: Words the Snowball stemmer would merge with unrelated ones, kept as they are: English stems
#: both "customs" and "customer(s)" to "custom".
STEM_EXCEPTIONS: dict[str, tuple[str, ...]] = {"en": ("customs", "customer", "customers")}


DecisionSource = Literal["tag", "type", "text", "learned", "none"]
"""Which evidence decided: the export's tags, its type/category field, the taxonomy's phrases in the text,
the model learned from the shop's tickets (:meth:`Classifier.learn`), or none (unclassified)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a ticket belongs and how sure we are."""

    category: str
    """A taxonomy id, or ``"unclassified"``."""
    confidence: float
    """0 to 1."""
    source: DecisionSource
    """``"tag"``, ``"type"``, ``"text"``, ``"learned"``, or ``"none"`` (unclassified)."""
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
        self._model = None
        self._predicted: dict[tuple, tuple[str, float]] = {}
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
        """A :class:`Decision` for anything with ``subject``, ``body``, ``language``, ``tags``, ``category``.

        After :meth:`learn`, a ticket without a tag or type signal goes to the learned model's category
        when its calibrated probability reaches :data:`LEARNED_THRESHOLD`; otherwise the seed decision stands.
        """
        seed, intent_scores = self._seed(ticket)
        if self._model is None or seed.source in ("tag", "type"):
            return seed
        key = _key(ticket)
        prediction = self._predicted.get(key)
        if prediction is None:
            prediction = self._model.predict([learned_text(ticket.subject, ticket.body)])[0]
        return self._combine(seed, intent_scores, prediction)

    def _combine(self, seed: Decision, intent_scores: dict[str, float], prediction: tuple[str, float]) -> Decision:
        category, probability = prediction
        if probability < LEARNED_THRESHOLD:
            return seed
        if seed.category == category:
            return Decision(category, round(max(probability, seed.confidence), 3), "text", seed.intent)
        return Decision(category, round(probability, 3), "learned", self._intent(category, intent_scores))

    def learn(self, examples: Iterable[tuple[object, int]]) -> None:
        """Learn the shop's language from ``(ticket, count)`` pairs (one per distinct text; see
        :mod:`generator.analysis.learned` for the model).

        Training examples, each weighted by ``min(count, COUNT_CAP)``:

        * tickets whose export tags or type map to a category (the shop's own labels);
        * the taxonomy's phrases (every variant of every question line, weight 1);
        * for a category with fewer than :data:`MIN_SHOP_LABELS` shop labels, self-training: tickets
          decided there with a confidence of at least :data:`SELF_TRAIN_CONFIDENCE`, at
          :data:`SELF_TRAIN_WEIGHT`: first the seed classifier's decisions, then, for
          :data:`SELF_TRAIN_ROUNDS` - 1 more fits, the previous fit's decisions.

        Then every untagged example is predicted in one batch (remembered for :meth:`classify`).
        """
        from generator.analysis.learned import LearnedModel

        rows = sorted(((_key(t), t, int(n)) for t, n in examples), key=lambda r: _sort_key(r[0]))
        seeds = [(key, ticket, n, *self._seed(ticket)) for key, ticket, n in rows]
        labelled: dict[str, int] = {}
        for _, _, _, d, _ in seeds:
            if d.source in ("tag", "type"):
                labelled[d.category] = labelled.get(d.category, 0) + 1
        phrases = [(learned_text(variant, ""), category.id)
                   for category in self.taxonomy.categories.values() for lang in sorted(category.keywords)
                   for variants in category.keywords[lang] for variant in variants]
        texts = {key: learned_text(ticket.subject, ticket.body) for key, ticket, *_ in seeds}
        todo = [key for key, _, _, d, _ in seeds if d.source not in ("tag", "type")]
        decisions = {key: d for key, _, _, d, _ in seeds}
        self_training = any(labelled.get(c, 0) < MIN_SHOP_LABELS for c in self.taxonomy.categories)
        for _round in range(SELF_TRAIN_ROUNDS if self_training else 1):
            train = [(texts[key], d.category, float(min(max(n, 1), COUNT_CAP)) *
                      (1.0 if d.source in ("tag", "type") else SELF_TRAIN_WEIGHT))
                     for key, _, n, _, _ in seeds for d in (decisions[key],)
                     if d.source in ("tag", "type") or (d.source in ("text", "learned") and d.confidence >=
                                                        SELF_TRAIN_CONFIDENCE and labelled.get(d.category, 0) <
                                                        MIN_SHOP_LABELS)]
            train += [(text, category, 1.0) for text, category in phrases]
            self._model = LearnedModel.fit(*zip(*train))
            if self._model is None:
                self._predicted = {}
                return
            predictions = self._model.predict([texts[key] for key in todo])
            self._predicted = dict(zip(todo, predictions))
            by_key = {key: (d, scores) for key, _, _, d, scores in seeds}
            decisions.update({key: self._combine(*by_key[key], self._predicted[key]) for key in todo})

    def _seed(self, ticket) -> tuple[Decision, dict[str, float]]:
        """The decision from the export's signals and the taxonomy's phrases alone, and the intent scores."""
        scores, intent_scores = self.text_scores(ticket.subject, ticket.body, ticket.language)
        category, share = self._signal(ticket.tags, self.taxonomy.tag_map)
        if category:
            return Decision(category, round(TAG_CONFIDENCE * share, 3), "tag", self._intent(category, intent_scores)), intent_scores
        if ticket.category:
            category, share = self._signal((ticket.category,), self.taxonomy.type_map)
            if category:
                return Decision(category, TYPE_CONFIDENCE, "type", self._intent(category, intent_scores)), intent_scores
        category, confidence = self.confidence(scores)
        if category is None or confidence < self.min_confidence:
            return Decision(UNCLASSIFIED, round(confidence, 3), "none", None), intent_scores
        return Decision(category, round(confidence, 3), "text", self._intent(category, intent_scores)), intent_scores

    @staticmethod
    def _intent(category: str, intent_scores: dict[str, float]) -> str | None:
        prefix = category + "/"
        best, best_score = None, 0.0
        for key, score in intent_scores.items():
            if key.startswith(prefix) and (score > best_score or (score == best_score and best and key < best)):
                best, best_score = key, score
        return best


def _key(ticket) -> tuple:
    """What makes two tickets the same text for the classifier (as :class:`~generator.analysis.pipeline.Aggregate`)."""
    return (ticket.subject, ticket.body, ticket.language, tuple(ticket.tags), ticket.category or "")


def _sort_key(key: tuple) -> tuple:
    return (key[0], key[1], key[2], key[3], key[4])
