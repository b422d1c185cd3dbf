"""Frequent questions -> the articles that answer them, in the question's language (pure).

Public API::

    matches = match_questions(indexes, report.questions, threshold=0.35)
    for m in matches: m.question, m.article_id, m.score, m.answered, m.candidates

A question (from :mod:`generator.rank`) is asked in several words: its representative text,
up to :data:`QUERIES` of its redacted examples, and the taxonomy phrase it was grouped under
(``"where is my order"``), when there is one. Each is sent to the language's
:class:`~generator.index.ArticleIndex`; the union of the top :data:`CANDIDATES` of each forms the
candidates, ranked by their summed reciprocal BM25F rank. A candidate's score is the mean, over
the customer texts, of its answer score (a text scores as its best clause of two words or more,
when that is higher: the reason a customer gives, "it doesn't fit the room", is not the question) (the idf-weighted share of the text's terms the article
contains, see :mod:`generator.index`), or its score for the taxonomy phrase when that is higher:
the phrase is the question in our own words. (A phrase of one common word, such as "refund",
is lenient: it answers every question of its group. Measured in benchmarks/README.md.)
The best candidate answers the question when its score reaches the threshold
(``extra.helpcenter.gaps.answer_threshold``, default :data:`ANSWER_THRESHOLD`, calibrated on
hand-labelled questions in ``benchmarks/labels/answered.yml``; see benchmarks/README.md).

Candidates are ordered by BM25F over the question's texts (summed reciprocal rank); ties go to
the one whose categories include the question's category, then to the higher score. The first
candidate in that order whose score reaches the threshold answers the question; when none does,
the first one is reported, unanswered. (Ordering by score instead was measured worse: a body
that happens to contain every word of a short question beats the article about it. See
benchmarks/README.md.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.analysis.index import ArticleIndex, Hit, terms

ANSWER_THRESHOLD = 0.5
QUERIES = 3
CANDIDATES = 5


@dataclass(frozen=True)
class Match:
    """The best article for one frequent question."""

    question: object
    """A :class:`generator.rank.Question`."""
    article_id: str | None
    score: float
    answered: bool
    candidates: list[tuple[str, float]] = field(default_factory=list)
    """(article id, score), best first."""


def question_texts(question) -> list[str]:
    """The texts a question is asked in: representative, examples, taxonomy phrase (deduplicated)."""
    texts = [question.text, *question.examples[:QUERIES]]
    if getattr(question, "intent", None):
        texts.append(question.intent)
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


_CLAUSE = re.compile(r"[.:;!?,\n]+|\s[-–—]\s")
#: A clause needs this many analysed words to be scored on its own (a one-word subject such as
#: "Refund:" would answer anything about refunds).
CLAUSE_TERMS = 2


def _readings(text: str, lang: str) -> list[list[str]]:
    """A text's analysed terms, then those of each clause long enough to be scored on its own
    ("Return: I want to return the lamp, it doesn't fit the room": the reason is not the question)."""
    clauses = [terms(clause, lang) for clause in _CLAUSE.split(text)]
    return [terms(text, lang), *(c for c in clauses if len(c) >= CLAUSE_TERMS)]


def match_question(index: ArticleIndex | None, question, threshold: float = ANSWER_THRESHOLD,
                   article_categories: Mapping[str, Iterable[str]] | None = None) -> Match:
    """Score every candidate article for ``question`` and decide whether the best one answers it."""
    if index is None or not len(index):
        return Match(question, None, 0.0, False)
    texts = question_texts(question)
    ranks: dict[str, float] = {}
    for text in texts:
        hits: list[Hit] = index.search(text, limit=CANDIDATES)
        for position, hit in enumerate(hits):
            ranks[hit.article_id] = ranks.get(hit.article_id, 0.0) + 1.0 / (position + 1)
    if not ranks:
        return Match(question, None, 0.0, False)
    category = getattr(question, "category", None)
    intent = getattr(question, "intent", None)
    cats = article_categories or {}
    readings = [_readings(text, index.lang) for text in texts if text != intent]
    scored = []
    for article_id, rank in ranks.items():
        asked = [max(index.answer_score(r, article_id) for r in reading) for reading in readings]
        score = sum(asked) / len(asked) if asked else 0.0
        if intent:
            score = max(score, index.answer_score(intent, article_id))
        in_category = category in cats.get(article_id, ())
        scored.append((round(score, 4), in_category, rank, article_id))
    scored.sort(key=lambda s: (-s[2], not s[1], -s[0], s[3]))
    # The best-ranked candidate that reaches the threshold answers; else the best-ranked one doesn't.
    best = next((s for s in scored if s[0] >= threshold), scored[0])
    return Match(question, best[3], best[0], best[0] >= threshold, [(s[3], s[0]) for s in scored[:CANDIDATES]])


def match_questions(indexes: Mapping[str, ArticleIndex], questions: Iterable, threshold: float = ANSWER_THRESHOLD,
                    article_categories: Mapping[str, Mapping[str, Iterable[str]]] | None = None) -> list[Match]:
    """:func:`match_question` for each question, against the index of the question's language.

    ``article_categories`` is ``{lang: {article id: categories}}`` (for tie-breaking only).
    """
    cats = article_categories or {}
    return [match_question(indexes.get(q.lang), q, threshold, cats.get(q.lang)) for q in questions]
