"""Demand (ranked tickets) + answers (matches) + articles (tags) -> the gap report document (pure).

Public API::

    doc = gap_document(report, matches, tags, content, taxonomy, min_tickets=5, answer_threshold=0.5)

``doc`` is the ``gaps.json`` document of SPEC section 5, declared as :class:`GapDocument` (its
gaps are :class:`Gap`, their kinds :data:`GapKind`, what to do about each :data:`Action`);
:mod:`generator.reports` renders it. Each kind has its own function below.

Definitions (per language ``l`` and category ``c``, with ``T(c, l)`` the classified tickets of
``c`` in ``l``; tickets whose language could not be told, ``und``, are counted in ``tickets``
but left out of coverage and gaps: they can't be answered "in their own language"):

* **answered tickets** ``A(c, l)``: the frequent questions of ``(c, l)`` are matched
  (:mod:`generator.analysis.match`); ``A = T * answered question tickets / listed question tickets``.
  The long tail of rare questions is assumed to be answered at the same rate as the frequent
  ones. With no listed question, ``A = T`` when ``l`` has an article tagged ``c``, else 0.
* **coverage** = ``sum A / sum T`` overall and per language, each with its Wilson 95 % interval
  (``coverage.interval``; ``n`` = the classified tickets, ``coverage.tickets``). The interval treats
  tickets as independent draws, so it is the least uncertainty there is: with 30 tickets a 70 %
  coverage is 52-83 %.

Gaps, each with the tickets it affects (its ``priority``; a gap affecting no ticket is no gap), an
``action`` (:data:`Action`) and its ``target`` article:

* ``missing_language``: customers write in a language the site doesn't publish. One row per language,
  with its classified tickets and its :data:`TOPICS` busiest categories (``topics``); action
  ``translate``. Those tickets make no other gap.
* ``missing_article``: ``T(c, l) >= min_tickets``, no article of ``l`` is tagged ``c``, and no
  other language has one either. Tickets: ``T - A``; action ``write_article``.
* ``missing_translation``: an article (tagged ``c``) exists in another language but not in ``l``; action
  ``translate``, target the article's source. Its tickets are the unanswered questions of ``(c, l)`` it
  answers in another language: a question whose keyword line (the classifier's intent, ``c/l/n``) is a
  line ``n`` of ``c`` the article answers elsewhere. When ``l`` has no article tagged ``c`` at all, the
  rest of ``T - A`` is shared equally by the category's untranslated articles. Examples come only from
  its own questions (and the category's when it is the category's only untranslated article).
* ``unanswered_question``: ``l`` has articles tagged ``c``, yet a frequent question of ``(c, l)``
  with at least ``min_tickets`` tickets has no article reaching the answer threshold (and no
  untranslated article answers it elsewhere). Tickets: the question's. Action: ``add_aliases`` when the
  nearest article is about the question's category, scores at least :data:`ALIASES_MIN_SCORE` of the
  threshold and lacks ordinary words many customers used (``aliases``: those words, see
  :func:`generator.analysis.aliases.allowed`); else ``add_section`` to the nearest article when it is
  about the category; else ``write_article``.
* ``new_topic``: frequent questions outside every category that no article answers, clustered per
  language (:mod:`generator.analysis.topics`); a cluster of at least ``min_tickets`` tickets is a row,
  with its most central phrasing as ``question``. Action ``write_article`` (and a category in
  ``content/categories.yml``). Not part of coverage.
* ``stale_translation``: the default language's version was updated after this one, and the
  translation answers tickets. Action ``update``. Stale translations no ticket reaches are not gaps:
  they are listed under ``housekeeping``.
* ``search_miss`` and ``unhelpful_article``: the site's own feedback (``--feedback``), computed by
  :mod:`generator.analysis.feedback` and ranked among the other gaps by :func:`add_feedback`: a search
  that found nothing, or a "not helpful" vote, is one shopper's demand, as a ticket is. Their
  ``tickets`` (and ``priority``) are those searches (``searches``) or "no" votes (``votes``); what the
  feedback held is ``feedback`` (:class:`FeedbackSummary`, with a timeline per day).

Every row about a question names the best (answered) or nearest (unanswered) article in
``best_article``: its id, title, path, score, the section that answers or comes closest (``section``,
``anchor``), whether it is tagged with the question's category, and the question's words it lacks
(``missing``). ``questions`` lists every frequent question matched, answered ones merged when the same
article section answers them in the same category and language (``phrasings``).

Category names are the taxonomy's, in the row's language (``category_name``; the category table has
``names`` per site language). Ticket text appears only as the (already redacted) question and examples;
renderers escape it.
"""

# No ``from __future__ import annotations`` here: Python 3.11's TypedDict only sees ``NotRequired`` in
# evaluated annotations (with string ones, every key of :class:`Gap` would count as required).
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, NotRequired, TypedDict

from generator.analysis.aliases import FILLER, allowed
from generator.analysis.findability import FindabilityReport
from generator.analysis.topics import new_topics
from generator.analysis.wordlists import ordinary_words
from generator.project.taxonomy import UNCLASSIFIED
from generator.text import UNDETERMINED, fold

EXAMPLES = 3
#: Busiest categories listed on a missing language's row.
TOPICS = 5
#: Share of the answer threshold the nearest article must score before adding customer words may do.
ALIASES_MIN_SCORE = 0.5
#: Customer words suggested per ``add_aliases`` row.
ALIASES = 8
#: z of a two-sided 95 % interval.
Z95 = 1.959964
UNCLASSIFIED_NAME = "Not in any category"
GapKind = Literal["missing_language", "missing_article", "new_topic", "missing_translation", "unanswered_question",
                  "stale_translation", "search_miss", "unhelpful_article"]
Action = Literal["write_article", "add_section", "translate", "update", "add_aliases"]
#: Ties in priority: ticket gaps first, then the site's own signals (:func:`add_feedback`).
KIND_ORDER: dict[GapKind, int] = {"missing_language": 0, "missing_article": 1, "new_topic": 2,
                                  "missing_translation": 3, "unanswered_question": 4, "stale_translation": 5,
                                  "search_miss": 6, "unhelpful_article": 7}


# --------------------------------------------------------------------------- the document

class ArticleRef(TypedDict):
    """An article a gap is about (a translation's source, the stale translation, the one to extend)."""

    id: str
    lang: str
    path: str
    """Relative to the project, e.g. ``content/en/returns/how-to-return.md``."""
    title: str


class BestArticle(TypedDict):
    """The article that answers a question, or the nearest one to an unanswered question."""

    id: str
    title: str | None
    path: str | None
    score: float
    """Its answer score, in [0, 1] (below the threshold: not answered)."""
    section: str | None
    """The heading of the section that answers (or comes closest), when the match names one."""
    anchor: str | None
    category_agrees: bool
    """The article is tagged with the question's category."""
    missing: list[str]
    """The question's words the article lacks (the customer's own, redacted, wording)."""
    url: NotRequired[str | None]
    """The page on the published site, relative to its root, with the section's anchor:
    ``en/returns/refund-timing/#my-refund-hasnt-arrived``."""


class VoteCount(TypedDict):
    yes: int
    no: int


class TopicRow(TypedDict):
    """One of a missing language's busiest categories."""

    category: str
    name: str
    tickets: int


class Gap(TypedDict):
    """One gap; the priority is the number of tickets it affects (never 0)."""

    kind: GapKind
    lang: str
    category: str | None
    category_name: str | None
    """The taxonomy's name in ``lang`` (English when it has none there)."""
    tickets: int
    priority: int
    action: Action
    target: ArticleRef | None
    """The article to act on: to extend (``add_section``, ``add_aliases``), translate or update."""
    question: str | None
    """``unanswered_question``, ``new_topic``: the redacted question."""
    article: ArticleRef | None
    """``missing_translation``: the article to translate; ``stale_translation``: the old translation."""
    examples: list[str]
    """Up to :data:`EXAMPLES` redacted customer phrasings of this gap's own questions."""
    categories: NotRequired[list[str]]
    """``missing_translation``: the categories whose unanswered tickets make its priority."""
    best_article: NotRequired[BestArticle | None]
    """``unanswered_question``, ``new_topic``: the nearest article, if any."""
    aliases: NotRequired[list[str]]
    """``add_aliases``: the customer words to add to the target's ``search_aliases``."""
    topics: NotRequired[list[TopicRow]]
    """``missing_language``: its busiest categories."""
    source_updated: NotRequired[str]
    """``stale_translation``: when the source was updated (ISO date)."""
    updated: NotRequired[str]
    """``stale_translation``: when this translation was updated (ISO date)."""
    searches: NotRequired[int]
    """``search_miss``: the searches that found nothing (its ``tickets`` and ``priority``)."""
    votes: NotRequired[VoteCount]
    """``unhelpful_article``: the article's votes in ``lang`` (``no`` is its ``tickets`` and ``priority``)."""


class Housekeeping(TypedDict):
    """Upkeep no customer is waiting for: a stale translation no ticket reaches."""

    kind: Literal["stale_translation"]
    lang: str
    category: str | None
    category_name: str | None
    action: Action
    article: ArticleRef
    source_updated: str
    updated: str


class TicketTotals(TypedDict):
    total: int
    by_language: dict[str, int]
    unclassified: int
    classified: int


class CategoryRow(TypedDict):
    """One category's demand and answers, per language."""

    id: str
    name: str
    """The taxonomy's name in the site's default language."""
    names: dict[str, str]
    """The taxonomy's name in each site language (as the site's chips and sections show it)."""
    tickets: int
    share: float
    by_language: dict[str, int]
    """Tickets per language, ``und`` included."""
    articles: dict[str, int]
    """Articles tagged with the category, per site language."""
    answered: dict[str, int]
    coverage: dict[str, float]


class CoverageInterval(TypedDict):
    """Wilson 95 % intervals ``[low, high]`` of the coverage shares."""

    overall: list[float]
    by_language: dict[str, list[float]]


class Coverage(TypedDict):
    """Answered share of the classified tickets in a known language."""

    overall: float
    by_language: dict[str, float]
    """Busiest language first."""
    tickets: dict[str, int]
    """Classified tickets per language: the demand each share is of."""
    interval: CoverageInterval


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
    """A frequent question (answered ones merged when one article section answers them)."""

    lang: str
    category: str
    tickets: int
    question: str
    answered: bool
    article: str | None
    score: float
    section: str | None
    anchor: str | None
    category_agrees: bool | None
    missing: list[str]
    phrasings: list[str]
    """Every grouped phrasing (redacted), busiest first."""


class TimelineDay(TypedDict):
    """One UTC day of site feedback."""

    day: str
    searches: int
    """Searches that found nothing."""
    yes: int
    no: int


class FeedbackSummary(TypedDict):
    """What the site's own feedback (``--feedback``) held: the input of the search_miss and unhelpful_article rows."""

    files: list[str]
    searches: int
    """Searches that found nothing, read (in a site language)."""
    votes: VoteCount
    skipped: dict[str, int]
    """Reason -> submissions left out (``spam``, ``other form``, ``malformed``, ``empty after redaction``,
    ``not a site language``)."""
    timeline: list[TimelineDay]
    """Per day with any dated signal, oldest first."""
    min_searches: int
    min_votes: int


class Settings(TypedDict):
    answer_threshold: float
    min_tickets: int
    site_url: NotRequired[str | None]
    """The published site's address (``site_url``), which the HTML report links article pages under."""


class GapDocument(TypedDict):
    """``gaps.json`` (SPEC section 5, plus ``housekeeping``, ``questions``, ``findability`` and ``settings``)."""

    generated: str
    tickets: TicketTotals
    categories: list[CategoryRow]
    articles: list[ArticleRow]
    coverage: Coverage
    gaps: list[Gap]
    """Highest priority first."""
    housekeeping: list[Housekeeping]
    questions: list[QuestionRow]
    findability: FindabilityReport | None
    """Filled in by the build, which runs the shipped search; None here."""
    feedback: FeedbackSummary | None
    """The site's searches and votes (:func:`add_feedback`); None without ``--feedback``."""
    settings: Settings


# --------------------------------------------------------------------------- assembly

def gap_document(report, matches: Iterable, tags: Mapping, content, taxonomy, *, min_tickets: int = 5,
                 answer_threshold: float = 0.5, generated: dt.datetime | None = None,
                 words: Callable[[str], Collection[str] | None] = ordinary_words) -> GapDocument:
    """The gap report (see the module docstring). ``words(lang)``: the language's ordinary folded words."""
    matches = list(matches)
    articles = content.articles()
    tagged = _tagged(articles, tags)
    listed, answered_listed, article_tickets = _answered_tickets(matches)
    languages = list(content.languages)
    categories, demand, answered = _categories(report, languages, tagged, listed, answered_listed, taxonomy,
                                               content.default_language)
    questions: dict[tuple[str, str], list] = defaultdict(list)
    for match in matches:
        questions[(match.question.category, match.question.lang)].append(match)
    d = _Demand(languages, content.default_language, tags, tagged, demand, answered, article_tickets,
                content.translations(), taxonomy, questions, {(a.lang, a.id): a for a in articles},
                answer_threshold, words)

    stale, housekeeping = _stale_translations(d)
    gaps = (_missing_languages(d, min_tickets) + _missing_articles(d, min_tickets)
            + _missing_translations(d, min_tickets) + _unanswered_questions(d, matches, min_tickets)
            + _new_topics(d, matches, min_tickets) + stale)
    gaps = [g for g in gaps if g["priority"] >= 1]
    gaps.sort(key=_rank)
    classified = report.total - report.unclassified
    return {
        "generated": (generated or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "tickets": {"total": report.total, "by_language": dict(report.by_language),
                    "unclassified": report.unclassified, "classified": classified},
        "categories": categories,
        "articles": _article_rows(articles, tags, article_tickets),
        "coverage": _coverage(demand, answered),
        "gaps": gaps,
        "housekeeping": housekeeping,
        "questions": _question_rows(d, matches),
        "findability": None,
        "feedback": None,
        "settings": {"answer_threshold": answer_threshold, "min_tickets": min_tickets},
    }


def _rank(gap: Gap) -> tuple:
    """Highest priority (the demand a gap represents) first; ties by kind, language, category, subject."""
    return (-gap["priority"], KIND_ORDER[gap["kind"]], gap["lang"], gap["category"] or "", gap.get("question") or "",
            (gap.get("article") or {}).get("id", ""))


def add_feedback(doc: GapDocument, rows: Iterable[Gap], feedback: FeedbackSummary) -> GapDocument:
    """``doc`` with the site's ``search_miss`` and ``unhelpful_article`` rows (:mod:`generator.analysis.feedback`)
    ranked among its gaps by the demand each represents (a search that found nothing, a "no" vote, a ticket:
    one shopper each), and ``feedback`` filled in. Coverage stays the tickets' own."""
    doc["gaps"] = sorted([*doc["gaps"], *(r for r in rows if r["priority"] >= 1)], key=_rank)
    doc["feedback"] = feedback
    return doc


def _share(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def wilson(successes: float, n: float, z: float = Z95) -> list[float]:
    """The Wilson score interval ``[low, high]`` of ``successes / n`` (``[0.0, 1.0]`` when ``n`` is 0)."""
    if n <= 0:
        return [0.0, 1.0]
    p = min(max(successes / n, 0.0), 1.0)
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return [round(max(centre - half, 0.0), 4), round(min(centre + half, 1.0), 4)]


def _article_ref(article) -> ArticleRef:
    return {"id": article.id, "lang": article.lang, "path": article.source, "title": article.title}


def page_url(article, anchor: str | None = None) -> str | None:
    """The article's page relative to the site's root (``en/returns/refund-timing/``), with ``#anchor``."""
    if article is None or not getattr(article, "url", None):
        return None
    return f"{article.lang}/{article.url}" + (f"#{anchor}" if anchor else "")


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


def _categories(report, languages: list[str], tagged: Mapping, listed: Mapping, answered_listed: Mapping,
                taxonomy, default: str) -> tuple[list[CategoryRow], dict, dict]:
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
            "id": stats.id, "name": taxonomy.name(stats.id, default),
            "names": {lang: taxonomy.name(stats.id, lang) for lang in languages},
            "tickets": stats.tickets, "share": stats.share, "by_language": dict(stats.by_language),
            "articles": {lang: len(tagged.get((stats.id, lang), ())) for lang in languages},
            "answered": per_lang_answered, "coverage": per_lang_cov,
        })
    return rows, demand, answered


def _coverage(demand: Mapping[tuple[str, str], int], answered: Mapping[tuple[str, str], int]) -> Coverage:
    """Answered share of the demand in known languages, overall and per language (busiest first), with intervals."""
    by_lang_total: dict[str, int] = defaultdict(int)
    by_lang_answered: dict[str, int] = defaultdict(int)
    for (category, lang), count in demand.items():
        if lang == UNDETERMINED:
            continue
        by_lang_total[lang] += count
        by_lang_answered[lang] += answered.get((category, lang), 0)
    total, got = sum(by_lang_total.values()), sum(by_lang_answered.values())
    order = sorted(by_lang_total, key=lambda lang: -by_lang_total[lang])
    return {"overall": _share(got, total),
            "by_language": {lang: _share(by_lang_answered[lang], by_lang_total[lang]) for lang in order},
            "tickets": {lang: by_lang_total[lang] for lang in order},
            "interval": {"overall": wilson(got, total),
                         "by_language": {lang: wilson(by_lang_answered[lang], by_lang_total[lang]) for lang in order}}}


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


def _phrasings(question) -> list[str]:
    return list(dict.fromkeys(getattr(question, "phrasings", None) or [question.text]))


def _question_rows(d: "_Demand", matches: list) -> list[QuestionRow]:
    """One row per question; answered ones merged when one article section answers them (same category, language)."""
    rows: dict[tuple, QuestionRow] = {}
    for m in sorted(matches, key=lambda m: (-m.question.tickets, m.question.lang, m.question.text)):
        q = m.question
        best = d.best(m)
        key = ((q.lang, q.category, m.article_id, best and best["section"]) if m.answered
               else (q.lang, q.category, q.text, id(m)))
        row = rows.get(key)
        if row is not None:
            row["tickets"] += q.tickets
            row["phrasings"] += [p for p in _phrasings(q) if p not in row["phrasings"]]
            continue
        rows[key] = {
            "lang": q.lang, "category": q.category, "tickets": q.tickets, "question": q.text,
            "answered": m.answered, "article": m.article_id, "score": m.score,
            "section": best["section"] if best else None, "anchor": best["anchor"] if best else None,
            "category_agrees": best["category_agrees"] if best else None,
            "missing": best["missing"] if best else [], "phrasings": _phrasings(q)}
    return sorted(rows.values(), key=lambda r: (-r["tickets"], r["lang"], r["question"]))


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
    taxonomy: object
    questions: Mapping[tuple[str, str], list]
    """(category, lang) -> the matches of its frequent questions."""
    articles: Mapping[tuple[str, str], object]
    """(lang, article id) -> article."""
    threshold: float
    words: Callable[[str], Collection[str] | None]
    consumed: set[int] = field(default_factory=set)
    """ids of the matches a missing translation answers (no unanswered_question row of their own)."""
    _ordinary: dict[str, Collection[str] | None] = field(default_factory=dict)

    def name(self, category: str | None, lang: str) -> str | None:
        if not category:
            return None
        return UNCLASSIFIED_NAME if category == UNCLASSIFIED else self.taxonomy.name(category, lang)

    def unanswered(self, key: tuple[str, str]) -> int:
        return max(self.demand.get(key, 0) - self.answered.get(key, 0), 0)

    def examples(self, key: tuple[str, str], skip: Collection[int] = ()) -> list[str]:
        """Up to :data:`EXAMPLES` phrasings of the (category, lang)'s unanswered questions, busiest first."""
        chosen = [m for m in self.questions.get(key, ()) if not m.answered and id(m) not in skip]
        return _examples_of(chosen)

    def source(self, article_id: str):
        """The version a translation is made from: the default language's, else the first."""
        versions = self.translations[article_id]
        return versions.get(self.default) or next(iter(versions.values()))

    def ordinary(self, lang: str) -> Collection[str] | None:
        if lang not in self._ordinary:
            self._ordinary[lang] = self.words(lang)
        return self._ordinary[lang]

    def best(self, match) -> BestArticle | None:
        """The answering (or nearest) article of a match, with what the match says about it."""
        if not match.article_id:
            return None
        q = match.question
        article = self.articles.get((q.lang, match.article_id))
        agrees = getattr(match, "category_agrees", None)
        if agrees is None:
            agrees = bool(article) and q.category in _categories_of(article, self.tags)
        anchor = getattr(match, "anchor", None)
        return {"id": match.article_id, "title": article.title if article else None,
                "path": article.source if article else None, "score": match.score,
                "section": getattr(match, "section", None), "anchor": anchor,
                "category_agrees": bool(agrees), "missing": list(getattr(match, "missing", None) or []),
                "url": page_url(article, anchor)}

    def gap(self, kind: GapKind, lang: str, category: str | None, tickets: float, examples: list[str],
            action: Action, question: str | None = None, article: ArticleRef | None = None,
            target: ArticleRef | None = None) -> Gap:
        return {"kind": kind, "lang": lang, "category": category, "category_name": self.name(category, lang),
                "tickets": round(tickets), "priority": round(tickets), "action": action, "target": target,
                "question": question, "article": article, "examples": examples}


def _examples_of(matches: Iterable) -> list[str]:
    """Up to :data:`EXAMPLES` distinct phrasings of these matches' questions, busiest question first."""
    out: list[str] = []
    for match in sorted(matches, key=lambda m: (-m.question.tickets, m.question.text)):
        for example in match.question.examples:
            if example not in out:
                out.append(example)
    return out[:EXAMPLES]


def _missing_languages(d: _Demand, min_tickets: int) -> list[Gap]:
    """One row per language customers write in that the site doesn't publish."""
    per_lang: dict[str, dict[str, int]] = defaultdict(dict)
    for (category, lang), count in d.demand.items():
        if lang != UNDETERMINED and lang not in d.languages and count:
            per_lang[lang][category] = count
    gaps: list[Gap] = []
    for lang, counts in sorted(per_lang.items()):
        total = sum(counts.values())
        if total < min_tickets:
            continue
        busiest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOPICS]
        examples = _examples_of(m for (category, code), ms in d.questions.items() if code == lang for m in ms)
        gap = d.gap("missing_language", lang, None, total, examples, "translate")
        gap["topics"] = [{"category": c, "name": d.name(c, lang) or c, "tickets": n} for c, n in busiest]
        gaps.append(gap)
    return gaps


def _untranslated(d: _Demand, category: str, lang: str) -> list[str]:
    """Articles of other languages tagged ``category`` that have no ``lang`` version (ids, sorted)."""
    return sorted({a.id for other in d.languages if other != lang for a in d.tagged.get((category, other), ())
                   if lang not in d.translations.get(a.id, {})})


def _missing_articles(d: _Demand, min_tickets: int) -> list[Gap]:
    """Demand no article in any language is tagged for (in a language the site publishes).

    A gap even if some tickets matched an article of another category (their count is left out of the priority).
    """
    gaps = []
    for (category, lang), count in d.demand.items():
        if lang not in d.languages or count < min_tickets or d.tagged.get((category, lang)):
            continue
        if not _untranslated(d, category, lang):
            gaps.append(d.gap("missing_article", lang, category, d.unanswered((category, lang)),
                              d.examples((category, lang)), "write_article"))
    return gaps


def _intent_line(question) -> tuple[str, str] | None:
    """(category, line number) of the classifier's keyword line that grouped a question (``c/l/n`` keys)."""
    key = getattr(question, "intent_key", None)
    parts = key.split("/") if isinstance(key, str) else []
    return (parts[0], parts[-1]) if len(parts) == 3 else None


def _answered_lines(d: _Demand) -> dict[str, set[tuple[str, str]]]:
    """Article id -> the keyword lines of the questions it answers, in any language."""
    lines: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for matches in d.questions.values():
        for m in matches:
            line = _intent_line(m.question)
            if m.answered and m.article_id and line:
                lines[m.article_id].add(line)
    return lines


def _missing_translations(d: _Demand, min_tickets: int) -> list[Gap]:
    """Articles to translate, with the unanswered questions of the language they answer elsewhere."""
    lines = _answered_lines(d)
    tickets: dict[tuple[str, str], float] = defaultdict(float)
    own: dict[tuple[str, str], list] = defaultdict(list)
    cats: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (category, lang), count in sorted(d.demand.items()):
        sources = _untranslated(d, category, lang) if lang in d.languages else []
        if not sources or not d.unanswered((category, lang)):
            continue
        attributed = 0.0
        for m in d.questions.get((category, lang), ()):
            owners = [s for s in sources if _intent_line(m.question) in lines.get(s, ())] if not m.answered else []
            for s in owners:
                tickets[(s, lang)] += m.question.tickets / len(owners)
                own[(s, lang)].append(m)
                cats[(s, lang)] += [category] if category not in cats[(s, lang)] else []
            if owners:
                attributed += m.question.tickets
                d.consumed.add(id(m))
        if d.tagged.get((category, lang)) or count < min_tickets:
            continue  # the language covers the category: the rest are its own unanswered questions
        rest = max(d.unanswered((category, lang)) - attributed, 0.0)
        for s in sources:
            tickets[(s, lang)] += rest / len(sources)
            cats[(s, lang)] += [category] if category not in cats[(s, lang)] else []
        if len(sources) == 1:
            own[(sources[0], lang)] += [m for m in d.questions.get((category, lang), ()) if not m.answered]
    gaps = []
    for (article_id, lang), n in tickets.items():
        source = d.source(article_id)
        gap = d.gap("missing_translation", lang, cats[(article_id, lang)][0], n,
                    _examples_of({id(m): m for m in own[(article_id, lang)]}.values()), "translate",
                    article=_article_ref(source), target=_article_ref(source))
        gap["categories"] = cats[(article_id, lang)]
        gaps.append(gap)
    return gaps


def _aliases(d: _Demand, match, best: BestArticle) -> list[str]:
    """Customer words for the nearest article's ``search_aliases``: words it lacks, used by many customers."""
    q = match.question
    lacking = {fold(w) for phrase in best["missing"] for w in phrase.split()}
    ordinary = d.ordinary(q.lang) if lacking else None
    if not ordinary:
        return []
    picked = []
    for term, n in sorted((getattr(q, "vocabulary", None) or {}).items(), key=lambda kv: (-kv[1], kv[0])):
        words = term.split()
        if allowed(term, n) and all(w in lacking and w in ordinary and w not in FILLER for w in words):
            picked.append(term)
    return picked[:ALIASES]


def _question_action(d: _Demand, match, best: BestArticle | None) -> tuple[Action, ArticleRef | None, list[str]]:
    """What to do about an unanswered question: (action, target article, customer words to add)."""
    if not best or not best["category_agrees"]:
        return "write_article", None, []
    article = d.articles.get((match.question.lang, best["id"]))
    target = _article_ref(article) if article else None
    if best["score"] >= ALIASES_MIN_SCORE * d.threshold:
        aliases = _aliases(d, match, best)
        if aliases:
            return "add_aliases", target, aliases
    return "add_section", target, []


def _unanswered_questions(d: _Demand, matches: list, min_tickets: int) -> list[Gap]:
    """Frequent questions no article answers, in categories the language has articles for."""
    gaps: list[Gap] = []
    for match in matches:
        q = match.question
        if match.answered or q.lang not in d.languages or q.tickets < min_tickets or id(match) in d.consumed:
            continue
        if q.category == UNCLASSIFIED or not d.tagged.get((q.category, q.lang)):
            continue  # a new topic, or a missing article or translation, covers it
        best = d.best(match)
        action, target, aliases = _question_action(d, match, best)
        gap = d.gap("unanswered_question", q.lang, q.category, q.tickets, list(q.examples[:EXAMPLES]), action,
                    question=q.text, target=target)
        gap["best_article"] = best
        if aliases:
            gap["aliases"] = aliases
        gaps.append(gap)
    return gaps


def _new_topics(d: _Demand, matches: list, min_tickets: int) -> list[Gap]:
    """Clusters of unanswered questions outside every category, with real demand."""
    unanswered = [m for m in matches if m.question.category == UNCLASSIFIED and not m.answered
                  and m.question.lang in d.languages]
    by_question = {id(m.question): m for m in unanswered}
    gaps: list[Gap] = []
    for topic in new_topics(m.question for m in unanswered):
        if topic.tickets < min_tickets:
            continue
        central = next((m for q in topic.members if (m := by_question[id(q)]).question.text == topic.text),
                       by_question[id(topic.members[0])])
        gap = d.gap("new_topic", topic.lang, UNCLASSIFIED, topic.tickets, topic.examples, "write_article",
                    question=topic.text)
        gap["best_article"] = d.best(central)
        gaps.append(gap)
    return gaps


def _stale_translations(d: _Demand) -> tuple[list[Gap], list[Housekeeping]]:
    """Translations last updated before their default-language source: gaps when tickets reach them, else upkeep."""
    gaps: list[Gap] = []
    housekeeping: list[Housekeeping] = []
    for article_id, versions in sorted(d.translations.items()):
        source = versions.get(d.default)
        if source is None or source.updated is None:
            continue
        for lang, translation in sorted(versions.items()):
            if lang == d.default or translation.updated is None or translation.updated >= source.updated:
                continue
            tagging = d.tags.get((lang, article_id))
            category = ((tagging.categories if tagging else translation.categories) or [None])[0]
            tickets = d.article_tickets.get((lang, article_id), 0)
            dates = {"source_updated": source.updated.isoformat(), "updated": translation.updated.isoformat()}
            if tickets < 1:
                housekeeping.append({"kind": "stale_translation", "lang": lang, "category": category,
                                     "category_name": d.name(category, lang), "action": "update",
                                     "article": _article_ref(translation), **dates})
                continue
            gap = d.gap("stale_translation", lang, category, tickets, [], "update",
                        article=_article_ref(translation), target=_article_ref(translation))
            gap.update(dates)
            gaps.append(gap)
    return gaps, housekeeping


def summary(doc: GapDocument) -> str:
    """One line for the terminal: coverage overall and per language, gaps by kind, housekeeping."""
    tickets, coverage = doc["tickets"], doc["coverage"]
    per_lang = ", ".join(f"{lang} {share:.0%}" for lang, share in coverage["by_language"].items())
    kinds: dict[GapKind, int] = {}
    for gap in doc["gaps"]:
        kinds[gap["kind"]] = kinds.get(gap["kind"], 0) + 1
    counted = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    line = (f"coverage {coverage['overall']:.1%}" + (f" ({per_lang})" if per_lang else "")
            + f" of {tickets['classified']:,} classified tickets; {len(doc['gaps'])} gap(s)"
            + (f": {counted}" if counted else ""))
    upkeep = len(doc.get("housekeeping") or [])
    line += f"; {upkeep} housekeeping item(s)" if upkeep else ""
    feedback = doc.get("feedback")
    if feedback:
        votes = feedback["votes"]
        line += (f"; site feedback: {feedback['searches']:,} search(es) found nothing, "
                 f"{votes['yes'] + votes['no']:,} vote(s) ({votes['no']:,} not helpful)")
    return line
