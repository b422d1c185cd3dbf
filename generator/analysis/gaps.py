"""Demand (ranked tickets) + answers (matches) + articles (tags) -> the gap report document (pure).

Public API::

    doc = gap_document(report, matches, tags, content, taxonomy, min_tickets=5, answer_threshold=0.5)

``doc`` is the ``gaps.json`` document of SPEC section 5, declared as :class:`GapDocument` (its
gaps are :class:`Gap`, their kinds :data:`GapKind`); :mod:`generator.reports` renders it. Each
kind has its own function below (``_missing_articles``, ``_missing_translations``,
``_unanswered_questions``, ``_stale_translations``), and ``_coverage`` computes the coverage.

Definitions (per language ``l`` and category ``c``, with ``T(c, l)`` the classified tickets of
``c`` in ``l``; tickets whose language could not be told, ``und``, are counted in ``tickets``
but left out of coverage and gaps: they can't be answered "in their own language"):

* **answered tickets** ``A(c, l)``: the frequent questions of ``(c, l)`` are matched
  (:mod:`generator.match`); ``A = T * answered question tickets / listed question tickets``.
  The long tail of rare questions is assumed to be answered at the same rate as the frequent
  ones. With no listed question, ``A = T`` when ``l`` has an article tagged ``c``, else 0.
* **coverage** = ``sum A / sum T`` overall and per language.
* ``missing_article``: ``T(c, l) >= min_tickets``, no article of ``l`` is tagged ``c``, and no
  other language has one either (otherwise it is a missing translation). Tickets: ``T - A``.
* ``missing_translation``: an article (tagged ``c``) exists in another language but not in
  ``l``, and ``l`` has unanswered tickets in ``c``. Tickets: ``T - A`` of each of its categories,
  shared equally by the missing articles of that category.
* ``unanswered_question``: ``l`` has articles tagged ``c``, yet a frequent question of ``(c, l)``
  with at least ``min_tickets`` tickets has no article reaching the answer threshold.
  Tickets: the question's. Frequent questions outside every category (``category:
  "unclassified"``, e.g. gift wrapping in a taxonomy without it) are reported the same way; they
  are not part of coverage.
* ``stale_translation``: the default language's version was updated after this one.
  Tickets: the tickets this translation answers.

The priority of a gap is the number of tickets it affects. Ticket text appears only as the
(already redacted) question and examples; renderers escape it.
"""

# No ``from __future__ import annotations`` here: Python 3.11's TypedDict only sees ``NotRequired`` in
# evaluated annotations (with string ones, every key of :class:`Gap` would count as required).
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

from generator.analysis.findability import FindabilityReport
from generator.project.taxonomy import UNCLASSIFIED
from generator.text import UNDETERMINED

EXAMPLES = 3
GapKind = Literal["missing_article", "missing_translation", "unanswered_question", "stale_translation"]
KIND_ORDER: dict[GapKind, int] = {"missing_article": 0, "missing_translation": 1, "unanswered_question": 2,
                                  "stale_translation": 3}


# --------------------------------------------------------------------------- the document

class ArticleRef(TypedDict):
    """The article a gap is about (a translation's source, or the stale translation)."""

    id: str
    lang: str
    path: str
    """Relative to the project, e.g. ``content/en/returns/how-to-return.md``."""
    title: str


class BestArticle(TypedDict):
    """The closest article to an unanswered question, and its answer score (below the threshold)."""

    id: str
    score: float


class Gap(TypedDict):
    """One gap; the priority is the number of tickets it affects."""

    kind: GapKind
    lang: str
    category: str | None
    category_name: str | None
    tickets: float
    """Whole tickets once the document is complete (a missing translation shares them out first)."""
    priority: float
    question: str | None
    """``unanswered_question`` only: the frequent question's redacted text."""
    article: ArticleRef | None
    """``missing_translation``: the article to translate; ``stale_translation``: the old translation."""
    examples: list[str]
    """Up to :data:`EXAMPLES` redacted customer phrasings."""
    categories: NotRequired[list[str]]
    """``missing_translation``: the categories whose unanswered tickets make its priority."""
    best_article: NotRequired[BestArticle | None]
    """``unanswered_question``: the closest article, if any."""
    source_updated: NotRequired[str]
    """``stale_translation``: when the source was updated (ISO date)."""
    updated: NotRequired[str]
    """``stale_translation``: when this translation was updated (ISO date)."""


class TicketTotals(TypedDict):
    total: int
    by_language: dict[str, int]
    unclassified: int
    classified: int


class CategoryRow(TypedDict):
    """One category's demand and answers, per language."""

    id: str
    name: str
    tickets: int
    share: float
    by_language: dict[str, int]
    """Tickets per language, ``und`` included."""
    articles: dict[str, int]
    """Articles tagged with the category, per site language."""
    answered: dict[str, int]
    coverage: dict[str, float]


class Coverage(TypedDict):
    """Answered share of the classified tickets in a known language."""

    overall: float
    by_language: dict[str, float]
    """Busiest language first."""


class ArticleRow(TypedDict):
    id: str
    lang: str
    path: str
    title: str
    categories: list[str]
    categories_source: Literal["front_matter", "suggested", "none"]
    tickets: int
    """Tickets of the frequent questions it answers."""


class QuestionRow(TypedDict):
    lang: str
    category: str
    tickets: int
    question: str
    answered: bool
    article: str | None
    score: float


class Settings(TypedDict):
    answer_threshold: float
    min_tickets: int


class GapDocument(TypedDict):
    """``gaps.json`` (SPEC section 5, plus ``questions``, ``findability`` and ``settings``)."""

    generated: str
    tickets: TicketTotals
    categories: list[CategoryRow]
    articles: list[ArticleRow]
    coverage: Coverage
    gaps: list[Gap]
    """Highest priority first."""
    questions: list[QuestionRow]
    findability: FindabilityReport | None
    """Filled in by the build, which runs the shipped search; None here."""
    settings: Settings


# --------------------------------------------------------------------------- assembly

def gap_document(report, matches: Iterable, tags: Mapping, content, taxonomy, *, min_tickets: int = 5,
                 answer_threshold: float = 0.5, generated: dt.datetime | None = None) -> GapDocument:
    """The gap report (see the module docstring)."""
    matches = list(matches)
    articles = content.articles()
    tagged = _tagged(articles, tags)
    listed, answered_listed, article_tickets = _answered_tickets(matches)
    categories, demand, answered = _categories(report, list(content.languages), tagged, listed, answered_listed)
    names = {stats.id: stats.name for stats in report.categories}
    names[UNCLASSIFIED] = "Not in any category"
    questions: dict[tuple[str, str], list] = defaultdict(list)
    for match in matches:
        questions[(match.question.category, match.question.lang)].append(match)
    d = _Demand(list(content.languages), content.default_language, tags, tagged, demand, answered,
                article_tickets, content.translations(), names, questions)

    gaps = (_missing_articles(d, min_tickets) + _missing_translations(d, min_tickets)
            + _unanswered_questions(d, matches, min_tickets) + _stale_translations(d))
    gaps.sort(key=lambda g: (-g["priority"], KIND_ORDER[g["kind"]], g["lang"], g["category"] or "",
                             g.get("question") or "", (g.get("article") or {}).get("id", "")))
    classified = report.total - report.unclassified
    return {
        "generated": (generated or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "tickets": {"total": report.total, "by_language": dict(report.by_language),
                    "unclassified": report.unclassified, "classified": classified},
        "categories": categories,
        "articles": _article_rows(articles, tags, article_tickets),
        "coverage": _coverage(demand, answered),
        "gaps": gaps,
        "questions": _question_rows(matches),
        "findability": None,
        "settings": {"answer_threshold": answer_threshold, "min_tickets": min_tickets},
    }


def _share(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _article_ref(article) -> ArticleRef:
    return {"id": article.id, "lang": article.lang, "path": article.source, "title": article.title}


def _categories_of(article, tags: Mapping) -> list[str]:
    """The article's categories: the tagging's when there is one, else its front matter's."""
    tagging = tags.get((article.lang, article.id))
    return tagging.categories if tagging else article.categories


def _tagged(articles: Iterable, tags: Mapping) -> dict[tuple[str, str], list]:
    """(category, lang) -> the articles of that language carrying that category."""
    tagged: dict[tuple[str, str], list] = defaultdict(list)
    for article in articles:
        for category in _categories_of(article, tags):
            tagged[(category, article.lang)].append(article)
    return tagged


def _answered_tickets(matches: list) -> tuple[dict, dict, dict]:
    """Tickets of the listed questions and of the answered ones per (category, lang), and per (lang, article)."""
    listed: dict[tuple[str, str], int] = defaultdict(int)
    answered_listed: dict[tuple[str, str], int] = defaultdict(int)
    article_tickets: dict[tuple[str, str], int] = defaultdict(int)
    for match in matches:
        q = match.question
        listed[(q.category, q.lang)] += q.tickets
        if match.answered:
            answered_listed[(q.category, q.lang)] += q.tickets
            article_tickets[(q.lang, match.article_id)] += q.tickets
    return listed, answered_listed, article_tickets


def _categories(report, languages: list[str], tagged: Mapping, listed: Mapping,
                answered_listed: Mapping) -> tuple[list[CategoryRow], dict, dict]:
    """The category rows, the demand per (category, lang) and the answered tickets (known languages)."""
    demand: dict[tuple[str, str], int] = {}
    answered: dict[tuple[str, str], int] = {}
    rows: list[CategoryRow] = []
    for stats in report.categories:
        if stats.id == UNCLASSIFIED:
            continue
        per_lang_answered, per_lang_cov = {}, {}
        for lang, count in stats.by_language.items():
            key = (stats.id, lang)
            demand[key] = count
            if lang == UNDETERMINED:
                continue
            if listed.get(key):
                got = round(count * answered_listed.get(key, 0) / listed[key])
            else:
                got = count if tagged.get(key) else 0
            answered[key] = per_lang_answered[lang] = got
            per_lang_cov[lang] = _share(got, count)
        rows.append({
            "id": stats.id, "name": stats.name, "tickets": stats.tickets, "share": stats.share,
            "by_language": dict(stats.by_language),
            "articles": {lang: len(tagged.get((stats.id, lang), ())) for lang in languages},
            "answered": per_lang_answered, "coverage": per_lang_cov,
        })
    return rows, demand, answered


def _coverage(demand: Mapping[tuple[str, str], int], answered: Mapping[tuple[str, str], int]) -> Coverage:
    """Answered share of the demand in known languages, overall and per language (busiest first)."""
    by_lang_total: dict[str, int] = defaultdict(int)
    by_lang_answered: dict[str, int] = defaultdict(int)
    for (category, lang), count in demand.items():
        if lang == UNDETERMINED:
            continue
        by_lang_total[lang] += count
        by_lang_answered[lang] += answered.get((category, lang), 0)
    total = sum(by_lang_total.values())
    return {"overall": _share(sum(by_lang_answered.values()), total),
            "by_language": {lang: _share(by_lang_answered[lang], n)
                            for lang, n in sorted(by_lang_total.items(), key=lambda kv: -kv[1])}}


def _article_rows(articles: Iterable, tags: Mapping, article_tickets: Mapping) -> list[ArticleRow]:
    rows: list[ArticleRow] = []
    for article in articles:
        tagging = tags.get((article.lang, article.id))
        rows.append({
            "id": article.id, "lang": article.lang, "path": article.source, "title": article.title,
            "categories": tagging.categories if tagging else list(article.categories),
            "categories_source": tagging.source if tagging else ("front_matter" if article.categories else "none"),
            "tickets": article_tickets.get((article.lang, article.id), 0),
        })
    return rows


def _question_rows(matches: list) -> list[QuestionRow]:
    return [{
        "lang": m.question.lang, "category": m.question.category, "tickets": m.question.tickets,
        "question": m.question.text, "answered": m.answered, "article": m.article_id, "score": m.score,
    } for m in sorted(matches, key=lambda m: (-m.question.tickets, m.question.lang, m.question.text))]


# --------------------------------------------------------------------------- the gap kinds

@dataclass
class _Demand:
    """What every gap kind is computed from."""

    languages: list[str]
    default: str
    tags: Mapping
    tagged: Mapping[tuple[str, str], list]
    """(category, lang) -> articles tagged with it."""
    demand: Mapping[tuple[str, str], int]
    """(category, lang) -> classified tickets."""
    answered: Mapping[tuple[str, str], int]
    """(category, lang) -> answered tickets (known languages only)."""
    article_tickets: Mapping[tuple[str, str], int]
    """(lang, article id) -> tickets of the questions it answers."""
    translations: Mapping[str, Mapping]
    """Article id -> lang -> article."""
    names: Mapping[str, str]
    questions: Mapping[tuple[str, str], list]
    """(category, lang) -> the matches of its frequent questions."""

    def unanswered(self, key: tuple[str, str]) -> int:
        return max(self.demand.get(key, 0) - self.answered.get(key, 0), 0)

    def examples(self, key: tuple[str, str]) -> list[str]:
        """Up to :data:`EXAMPLES` phrasings of the (category, lang), from its busiest questions first."""
        out: list[str] = []
        for match in sorted(self.questions.get(key, ()), key=lambda m: -m.question.tickets):
            for example in match.question.examples:
                if example not in out:
                    out.append(example)
        return out[:EXAMPLES]

    def source(self, article_id: str):
        """The version a translation is made from: the default language's, else the first."""
        versions = self.translations[article_id]
        return versions.get(self.default) or next(iter(versions.values()))

    def gap(self, kind: GapKind, lang: str, category: str | None, tickets: float, examples: list[str],
            question: str | None = None, article: ArticleRef | None = None) -> Gap:
        return {"kind": kind, "lang": lang, "category": category,
                "category_name": self.names.get(category, category) if category else None,
                "tickets": tickets, "priority": tickets, "question": question, "article": article,
                "examples": examples}


def _untagged_demand(d: _Demand, min_tickets: int) -> Iterator[tuple[str, str, list[str]]]:
    """(category, lang, articles of other languages to translate) for the demand no article of ``lang`` is tagged for."""
    for (category, lang), count in d.demand.items():
        if lang == UNDETERMINED or count < min_tickets or d.tagged.get((category, lang)):
            continue
        sources = sorted({a.id for other in d.languages if other != lang for a in d.tagged.get((category, other), ())
                          if lang not in d.translations.get(a.id, {})})
        yield category, lang, sources


def _missing_articles(d: _Demand, min_tickets: int) -> list[Gap]:
    """Demand no article in any language is tagged for.

    A gap even if some tickets matched an article of another category (their count is left out of the priority).
    """
    return [d.gap("missing_article", lang, category, d.unanswered((category, lang)), d.examples((category, lang)))
            for category, lang, sources in _untagged_demand(d, min_tickets) if not sources]


def _missing_translations(d: _Demand, min_tickets: int) -> list[Gap]:
    """Articles to translate: for untagged demand, then where other articles cover the category."""
    found: dict[tuple[str, str], Gap] = {}
    for category, lang, sources in _untagged_demand(d, min_tickets):
        unanswered = d.unanswered((category, lang))
        for article_id in sources:
            gap = found.get((article_id, lang))
            if gap is None:
                gap = found[(article_id, lang)] = d.gap("missing_translation", lang, category, 0, [],
                                                        article=_article_ref(d.source(article_id)))
                gap["categories"] = []
            gap["categories"].append(category)
            gap["tickets"] += unanswered / len(sources)
            for example in d.examples((category, lang)):
                if example not in gap["examples"] and len(gap["examples"]) < EXAMPLES:
                    gap["examples"].append(example)
    _translations_for_covered_categories(d, found)
    for gap in found.values():
        gap["tickets"] = gap["priority"] = round(gap["tickets"])
    return [gap for gap in found.values() if gap["tickets"]]


def _translations_for_covered_categories(d: _Demand, found: dict[tuple[str, str], Gap]) -> None:
    """Translations missing where the language's category is covered by other articles.

    The unanswered tickets of those categories are the demand, shared by the category's untranslated articles.
    """
    for article_id, versions in d.translations.items():
        source = d.source(article_id)
        categories = _categories_of(source, d.tags)
        for lang in d.languages:
            if lang in versions or (article_id, lang) in found:
                continue
            tickets = 0.0
            used = []
            for category in categories:
                if not d.tagged.get((category, lang)):
                    continue
                unanswered = d.unanswered((category, lang))
                peers = sum(1 for a in d.tagged.get((category, source.lang), ())
                            if lang not in d.translations.get(a.id, {}))
                if unanswered:
                    tickets += unanswered / max(peers, 1)
                    used.append(category)
            if tickets >= 1:
                gap = d.gap("missing_translation", lang, used[0], tickets,
                            [e for c in used for e in d.examples((c, lang))][:EXAMPLES], article=_article_ref(source))
                gap["categories"] = used
                found[(article_id, lang)] = gap


def _unanswered_questions(d: _Demand, matches: list, min_tickets: int) -> list[Gap]:
    """Frequent questions no article answers, in covered categories or outside every category."""
    gaps: list[Gap] = []
    for match in matches:
        q = match.question
        if match.answered or q.lang == UNDETERMINED or q.tickets < min_tickets:
            continue
        if q.category != UNCLASSIFIED and not d.tagged.get((q.category, q.lang)):
            continue  # a missing article or translation already covers it
        gap = d.gap("unanswered_question", q.lang, q.category, q.tickets, list(q.examples[:EXAMPLES]),
                    question=q.text)
        gap["best_article"] = ({"id": match.article_id, "score": match.score} if match.article_id else None)
        gaps.append(gap)
    return gaps


def _stale_translations(d: _Demand) -> list[Gap]:
    """Translations last updated before their default-language source."""
    gaps: list[Gap] = []
    for article_id, versions in d.translations.items():
        source = versions.get(d.default)
        if source is None or source.updated is None:
            continue
        for lang, translation in versions.items():
            if lang == d.default or translation.updated is None or translation.updated >= source.updated:
                continue
            tagging = d.tags.get((lang, article_id))
            category = (tagging.categories if tagging else translation.categories or [None])[:1]
            gap = d.gap("stale_translation", lang, category[0] if category else None,
                        d.article_tickets.get((lang, article_id), 0), [], article=_article_ref(translation))
            gap["source_updated"] = source.updated.isoformat()
            gap["updated"] = translation.updated.isoformat()
            gaps.append(gap)
    return gaps


def summary(doc: GapDocument) -> str:
    """One line for the terminal: coverage overall and per language, gaps by kind, the top gap."""
    tickets, coverage = doc["tickets"], doc["coverage"]
    per_lang = ", ".join(f"{lang} {share:.0%}" for lang, share in coverage["by_language"].items())
    kinds: dict[GapKind, int] = {}
    for gap in doc["gaps"]:
        kinds[gap["kind"]] = kinds.get(gap["kind"], 0) + 1
    counted = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    line = (f"coverage {coverage['overall']:.1%}" + (f" ({per_lang})" if per_lang else "")
            + f" of {tickets['classified']:,} classified tickets; {len(doc['gaps'])} gap(s)"
            + (f": {counted}" if counted else ""))
    return line
