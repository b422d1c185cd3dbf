"""Articles -> taxonomy categories, each with a score (pure).

Public API::

    tags = tag_articles(articles, classifier, matches)      # {(lang, id): Tagging}
    tags[("en", "returns/how-to-return")].categories        # what the rest of the pipeline uses

Explicit front-matter ``categories`` always win (``source="front_matter"``). Otherwise the
categories are suggested (``source="suggested"``) from two signals:

* **text**: the article read as a ticket by the zero-shot :class:`~generator.classify.Classifier`
  (title, summary and headings as the subject, the body as the body): each category's score over
  the best category's score;
* **tickets**: the frequent questions this article answers (from :mod:`generator.match`): each
  category's share of those tickets.

``score = TEXT_WEIGHT * text + TICKET_WEIGHT * tickets`` when the article answers tickets, else the
text score times the classifier's confidence. Categories scoring at least :data:`MIN_SCORE` are
kept, best first, at most :data:`MAX_CATEGORIES`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.text import split_markdown

TEXT_WEIGHT = 0.6
TICKET_WEIGHT = 0.4
MIN_SCORE = 0.35
MAX_CATEGORIES = 3


@dataclass(frozen=True)
class Suggestion:
    category: str
    score: float


@dataclass
class Tagging:
    """The categories of one article and where they came from."""

    lang: str
    article_id: str
    source: str
    """``"front_matter"``, ``"suggested"`` or ``"none"``."""
    categories: list[str]
    suggestions: list[Suggestion] = field(default_factory=list)
    """Scored suggestions, also computed when the front matter decides."""


def answered_tickets(matches: Iterable) -> dict[tuple[str, str], Counter]:
    """(lang, article id) -> tickets per category of the questions that article answers."""
    found: dict[tuple[str, str], Counter] = {}
    for match in matches:
        if match.answered and match.article_id:
            q = match.question
            found.setdefault((q.lang, match.article_id), Counter())[q.category] += q.tickets
    return found


def suggest(article, classifier, tickets: Counter | None = None) -> list[Suggestion]:
    """Scored category suggestions for one article (see the module docstring)."""
    headings, _text = split_markdown(article.body)
    subject = " ".join(filter(None, (article.title, article.summary, headings, " ".join(article.search_aliases))))
    scores, _intents = classifier.text_scores(subject, article.body, article.lang)
    best, confidence = classifier.confidence(scores)
    top = max(scores.values(), default=0.0)
    total = sum(tickets.values()) if tickets else 0
    combined: dict[str, float] = {}
    for category in set(scores) | set(tickets or ()):
        text = scores.get(category, 0.0) / top if top else 0.0
        if total:
            combined[category] = TEXT_WEIGHT * text + TICKET_WEIGHT * tickets.get(category, 0) / total
        else:
            combined[category] = text * confidence
    ranked = sorted(combined.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Suggestion(c, round(s, 3)) for c, s in ranked if s >= MIN_SCORE][:MAX_CATEGORIES]


def tag_articles(articles: Iterable, classifier, matches: Iterable = ()) -> dict[tuple[str, str], Tagging]:
    """A :class:`Tagging` for every article."""
    tickets = answered_tickets(matches)
    tags = {}
    for article in articles:
        suggestions = suggest(article, classifier, tickets.get((article.lang, article.id)))
        if article.categories:
            tagging = Tagging(article.lang, article.id, "front_matter", list(article.categories), suggestions)
        elif suggestions:
            tagging = Tagging(article.lang, article.id, "suggested", [s.category for s in suggestions], suggestions)
        else:
            tagging = Tagging(article.lang, article.id, "none", [], [])
        tags[(article.lang, article.id)] = tagging
    return tags


def categories_by_language(tags: Mapping[tuple[str, str], Tagging]) -> dict[str, dict[str, list[str]]]:
    """``{lang: {article id: categories}}``."""
    out: dict[str, dict[str, list[str]]] = {}
    for (lang, article_id), tagging in tags.items():
        out.setdefault(lang, {})[article_id] = tagging.categories
    return out
