"""The findability gate: do customers' frequent questions find their article in the shipped search?

Public API::

    result = findability(matches, content, search, threshold=0.8, top=3)
    result.score, result.failing, result.failed, result.to_dict()

Every frequent question that an article answers (:mod:`generator.match`; ``und`` questions
aside) is typed, as its representative text, into the search that ``site_dir/<lang>/`` ships,
given by the caller as ``search(lang, queries) -> [[location, ...], ...]`` (``commands`` passes
the site's own lunr worker run in Node.js, :class:`generator.site.lunr.LunrSearch`). The question is *found* when its answering article is among the first ``top`` results.
``score`` is the found share, weighted by tickets; the gate fails below ``threshold``.
Failing questions are listed in ``gaps.md`` (the question text is redacted ticket text: the
report renderers escape it; it is never written to the site).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from generator.analysis.match import Match
    from generator.project.content import Content

TOP = 3


class ArticleLink(TypedDict):
    id: str
    title: str
    path: str


class FailingQuestion(TypedDict):
    """An answered frequent question whose article is not in the top results of the shipped search."""

    lang: str
    question: str
    """The question's redacted text, as typed into the search."""
    tickets: int
    article: ArticleLink
    rank: int | None
    """The article's place in the results (1 = first); None when it is not listed at all."""


class FindabilityReport(TypedDict):
    """``findability`` in ``gaps.json`` (:meth:`Findability.to_dict`)."""

    threshold: float | None
    top: int
    score: float
    checked: int
    tickets: int
    failing: list[FailingQuestion]


@dataclass
class Findability:
    threshold: float | None
    top: int = TOP
    checked: int = 0
    tickets: int = 0
    found_tickets: int = 0
    failing: list[FailingQuestion] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(self.found_tickets / self.tickets, 4) if self.tickets else 1.0

    @property
    def failed(self) -> bool:
        return self.threshold is not None and bool(self.tickets) and self.score < self.threshold

    def message(self) -> str:
        return (f"findability {self.score:.0%} is below {self.threshold:.0%}: "
                f"{len(self.failing)} frequent question(s) don't find their article in the top {self.top} "
                "search results (listed in gaps.md); add search_aliases or synonyms to those articles, "
                "or lower extra.helpcenter.gaps.findability")

    def to_dict(self) -> FindabilityReport:
        return {"threshold": self.threshold, "top": self.top, "score": self.score, "checked": self.checked,
                "tickets": self.tickets, "failing": self.failing}


Search = Callable[[str, list[str]], list[list[str]]]
"""``search(lang, queries)``: for each query, the page locations the shipped search lists, best first."""


def findability(matches: Iterable[Match], content: Content, search: Search, threshold: float | None = 0.8,
                top: int = TOP, min_tickets: int = 1) -> Findability:
    """Run each answered frequent question through the shipped search of its language."""

    result = Findability(threshold, top)
    by_lang: dict[str, list] = {}
    for match in matches:
        q = match.question
        if match.answered and match.article_id and q.lang in content.languages and q.tickets >= min_tickets:
            by_lang.setdefault(q.lang, []).append(match)
    for lang, lang_matches in sorted(by_lang.items()):
        articles = {a.id: a for a in content.articles(lang)}
        results = search(lang, [m.question.text for m in lang_matches])
        for match, locations in zip(lang_matches, results):
            article = articles.get(match.article_id)
            if article is None:
                continue
            q = match.question
            rank = locations.index(article.url) + 1 if article.url in locations else None
            result.checked += 1
            result.tickets += q.tickets
            if rank is not None and rank <= top:
                result.found_tickets += q.tickets
            else:
                result.failing.append({"lang": lang, "question": q.text, "tickets": q.tickets,
                                       "article": {"id": article.id, "title": article.title, "path": article.source},
                                       "rank": rank})
    result.failing.sort(key=lambda f: (-f["tickets"], f["lang"], f["question"]))
    return result
