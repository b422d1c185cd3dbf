"""Frequent questions -> the articles (and sections) that answer them, in the question's language (pure).

Public API::

    matches = match_questions(indexes, report.questions, threshold=0.5, article_categories=cats)
    for m in matches:
        m.question, m.article_id, m.score, m.answered, m.candidates
        m.section, m.anchor          # the "##" section that answers it (None: the article as a whole)
        m.category_agrees            # the article's categories include the question's category
        m.missing                    # unanswered: the customer's words the nearest article lacks

**Texts.** A question (from :mod:`generator.analysis.rank`) is asked in several words: its
representative text, up to :data:`QUERIES` of its redacted examples, and the taxonomy phrase it was
grouped under (its ``intent``, ``"where is my order"``) when there is one.

**Candidates.** Each text is sent to the language's :class:`~generator.analysis.index.ArticleIndex`
twice: over every article, and over the articles of the question's category (so the article about
the question is scored even when another one shares more of its words). The top
:data:`CANDIDATES` of each search are ranked by their summed reciprocal BM25F rank.

**Scores.** A text's score against an article is the better of the article's answer score (the
idf-weighted share of the text's terms the article contains, see :mod:`generator.analysis.index`)
and its best section's score (the share its ``##`` heading and text hold). Two readings of a
question are scored:

* *whole*: each customer text as written, averaged over the texts;
* *focused*: each customer text as its best clause (split at punctuation and at "and", "but" and
  their es/fr/de/pt twins; a clause needs :data:`CLAUSE_TERMS` analysed words), averaged; and the
  taxonomy phrase, when that is higher and the article lacks none of the customer's topical words
  (:data:`INTENT_GATE`: "hay descuento para estudiantes" is not answered by "código de descuento"). "refund: I returned the lamp two weeks ago and still no
  refund" is, focused, "still no refund": the lamp and the two weeks are the story, not the question.

**The decision.** An article *agrees* with a question when its categories (front matter, else the
suggested tags: ``article_categories``) include the question's category. An agreeing article
answers when its focused score reaches the threshold (``extra.helpcenter.gaps.answer_threshold``,
default :data:`ANSWER_THRESHOLD`). Any other article needs strong evidence: its *whole* score must
reach the threshold plus :data:`STRONG_MARGIN` (at most 1); for a question in no category (nothing to
agree or disagree with) plus :data:`UNCLASSIFIED_MARGIN` of it. Generic words ("still", "todavía",
light verbs: :data:`generator.analysis.index.GENERIC_WORDS`) weigh half in every score. So "still waiting" is not answered by the
account page that says "an item you're waiting for", nor "back in stock?" by the exchanges page's
"Out of stock?" section; a question outside every category (gift wrapping) is answered only by an
article that holds nearly all of its words. Both constants were calibrated on hand-labelled
questions with hard negatives (``benchmarks/labels/answered.yml``, ``benchmarks/match_eval.py
--sweep``; see benchmarks/README.md).

A section is named (``section``, ``anchor``) when it alone reaches the threshold, its heading names
one of the question's topical words, and it scores at least what the article as a whole does.

Candidates are tried agreeing ones first, then by summed reciprocal rank, then by score; the first
that answers is the match. When none does, the first in that order is the *nearest* article,
reported unanswered with the words of the customer's texts it contains nowhere (``missing``: the
customer's own redacted wording, lower-cased, each once, at most :data:`MISSING_WORDS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.analysis.index import ArticleIndex, Hit, terms
from generator.project.taxonomy import UNCLASSIFIED

ANSWER_THRESHOLD = 0.5
#: What an article outside the question's category must score above the threshold to answer it.
STRONG_MARGIN = 0.3
#: For a question in no category (nothing to agree or disagree with), the share of :data:`STRONG_MARGIN`
#: an article needs above the threshold.
UNCLASSIFIED_MARGIN = 0.5
QUERIES = 3
#: The taxonomy phrase stands in for the customer's words only when the article lacks (in every field)
#: at most this weighted share of them: "hay descuento para estudiantes" is not "código de descuento".
INTENT_GATE = 0.0
CANDIDATES = 5
#: At most this many words in :attr:`Match.missing`.
MISSING_WORDS = 8
#: A clause needs this many analysed words to be scored on its own (a one-word subject such as
#: "Refund:" would answer anything about refunds).
CLAUSE_TERMS = 2
#: Words that join two clauses, per language base code (folded). Each clause is scored on its own.
CONJUNCTIONS = {"en": ("and", "but"), "es": ("y", "pero", "e"), "fr": ("et", "mais"),
                "de": ("und", "aber"), "pt": ("e", "mas")}


@dataclass(frozen=True)
class Match:
    """The best article for one frequent question."""

    question: object
    """A :class:`generator.analysis.rank.Question`."""
    article_id: str | None
    """The answering article, or the nearest one when unanswered (None: no article shares a word)."""
    score: float
    """The score the decision compared, in [0, 1] (see the module docstring)."""
    answered: bool
    candidates: list[tuple[str, float]] = field(default_factory=list)
    """(article id, score), in the order they were tried."""
    section: str | None = None
    """The heading of the ``##`` section that answers the question, when one does on its own."""
    anchor: str | None = None
    """That section's anchor on the article's page (``#`` not included)."""
    category_agrees: bool = False
    """The article's categories include the question's category."""
    missing: list[str] = field(default_factory=list)
    """Unanswered: the question's words (customer's redacted wording) the nearest article lacks."""


def question_texts(question) -> list[str]:
    """The texts a question is asked in: representative, examples, taxonomy phrase (deduplicated)."""
    texts = [question.text, *question.examples[:QUERIES]]
    if getattr(question, "intent", None):
        texts.append(question.intent)
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


_PUNCTUATION = r"[.:;!?,¿¡\n]+|\s[-–—]\s"
_CLAUSES: dict[str, re.Pattern] = {}


def _clause_splitter(lang: str) -> re.Pattern:
    base = lang.split("-")[0].lower()
    pattern = _CLAUSES.get(base)
    if pattern is None:
        words = CONJUNCTIONS.get(base, ())
        joined = rf"|\b(?:{'|'.join(words)})\b" if words else ""
        pattern = _CLAUSES[base] = re.compile(_PUNCTUATION + joined, re.IGNORECASE)
    return pattern


def _readings(text: str, lang: str) -> list[list[str]]:
    """A text's analysed terms, then those of each clause long enough to be scored on its own."""
    clauses = [terms(clause, lang) for clause in _clause_splitter(lang).split(text) if clause]
    whole = terms(text, lang)
    return [whole, *(c for c in clauses if len(c) >= CLAUSE_TERMS and c != whole)]


@dataclass
class _Scored:
    article_id: str
    rank: float
    agrees: bool
    whole: float
    focused: float

    @property
    def score(self) -> float:
        return self.focused if self.agrees else self.whole


def _score(index: ArticleIndex, reading: list[str], article_id: str) -> float:
    return max(index.answer_score(reading, article_id), index.section_score(reading, article_id)[1])


def _absent(index: ArticleIndex, readings: list[list[list[str]]], article_id: str) -> float:
    """The idf-weighted share of the customer's topical (not generic) words the article has in no field,
    for the customer's text that it has most of."""
    shares = []
    for reading in readings:
        whole = [t for t in dict.fromkeys(reading[0]) if not index.generic(t)]
        total = sum(index.idf(t) for t in whole)
        if total:
            shares.append(sum(index.idf(t) for t in index.missing(whole, article_id)) / total)
    return min(shares, default=0.0)


def _candidates(index: ArticleIndex, texts: list[str], in_category: set[str]) -> dict[str, float]:
    """Article id -> summed reciprocal BM25F rank over every text, searched overall and in the category."""
    ranks: dict[str, float] = {}
    for text in texts:
        searches: list[list[Hit]] = [index.search(text, limit=CANDIDATES)]
        if in_category:
            searches.append(index.search(text, limit=CANDIDATES, only=in_category))
        for hits in searches:
            for position, hit in enumerate(hits):
                ranks[hit.article_id] = ranks.get(hit.article_id, 0.0) + 1.0 / (position + 1)
    return ranks


def _missing(index: ArticleIndex, texts: list[str], article_id: str) -> list[str]:
    """The customer's words (in order, once each) whose terms the article has in no field."""
    words: dict[str, str] = {}
    for text in texts:
        for word, term in index.words(text):
            if term not in words.values() and not index.contains(term, article_id):
                words.setdefault(word, term)
    return list(words)[:MISSING_WORDS]


def _section(index: ArticleIndex, readings: list[list[str]], article_id: str,
             threshold: float) -> tuple[str | None, str | None]:
    """The section that alone reaches ``threshold`` for a reading, whose heading names one of the reading's
    topical (not generic) words, and that answers it at least as well as the article as a whole (the
    best such one), else (None, None): "payment declined" is answered by the page "Why was my payment
    declined?", not by its section "Klarna" whose text mentions a declined payment."""
    best = (None, 0.0)
    for reading in readings:
        section, score = index.section_score(reading, article_id)
        if section is None or score <= best[1] or score < index.answer_score(reading, article_id):
            continue
        if any(t in section.heading_terms and not index.generic(t) for t in reading):
            best = (section, score)
    section = best[0]
    return (section.heading, section.anchor) if section is not None and best[1] >= threshold else (None, None)


def match_question(index: ArticleIndex | None, question, threshold: float = ANSWER_THRESHOLD,
                   article_categories: Mapping[str, Iterable[str]] | None = None,
                   margin: float = STRONG_MARGIN) -> Match:
    """Score the candidate articles for ``question`` and decide whether one answers it."""
    if index is None or not len(index):
        return Match(question, None, 0.0, False)
    category = getattr(question, "category", None)
    intent = getattr(question, "intent", None)
    cats = {a: set(c) for a, c in (article_categories or {}).items()}
    in_category = {a for a, c in cats.items() if category in c and category not in (None, UNCLASSIFIED)}
    texts = question_texts(question)
    ranks = _candidates(index, texts, in_category)
    if not ranks:
        return Match(question, None, 0.0, False)
    customer = [t for t in texts if t != intent] or texts
    readings = [_readings(text, index.lang) for text in customer]
    scored = []
    for article_id, rank in ranks.items():
        per_text = [[_score(index, r, article_id) for r in reading] for reading in readings]
        whole = sum(s[0] for s in per_text) / len(per_text)
        focused = sum(max(s) for s in per_text) / len(per_text)
        # Without any category information (article_categories None) nothing can disagree.
        agrees = article_id in in_category or article_categories is None
        if agrees and intent and _absent(index, readings, article_id) <= INTENT_GATE:
            focused = max(focused, _score(index, terms(intent, index.lang), article_id))
        scored.append(_Scored(article_id, rank, agrees, round(whole, 4), round(focused, 4)))
    scored.sort(key=lambda s: (not s.agrees, -s.rank, -s.score, s.article_id))
    unknown = category in (None, UNCLASSIFIED)
    strong = min(1.0, threshold + margin * (UNCLASSIFIED_MARGIN if unknown else 1.0))
    best = next((s for s in scored if s.score >= (threshold if s.agrees else strong)), None)
    candidates = [(s.article_id, s.score) for s in scored[:CANDIDATES]]
    if best is None:
        nearest = scored[0]
        return Match(question, nearest.article_id, nearest.score, False, candidates,
                     category_agrees=nearest.agrees, missing=_missing(index, customer, nearest.article_id))
    flat = [r for reading in readings for r in (reading if best.agrees else reading[:1])]
    if best.agrees and intent:
        flat.append(terms(intent, index.lang))
    heading, anchor = _section(index, flat, best.article_id, threshold)
    return Match(question, best.article_id, best.score, True, candidates, heading, anchor, best.agrees)


def match_questions(indexes: Mapping[str, ArticleIndex], questions: Iterable, threshold: float = ANSWER_THRESHOLD,
                    article_categories: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
                    margin: float = STRONG_MARGIN) -> list[Match]:
    """:func:`match_question` for each question, against the index of the question's language.

    ``article_categories`` is ``{lang: {article id: categories}}``: an article answers a question of
    one of its categories from the threshold, any other only with :data:`STRONG_MARGIN` more.
    """
    cats = article_categories or {}
    return [match_question(indexes.get(q.lang), q, threshold, cats.get(q.lang), margin) for q in questions]
