"""The site's own signals -> gap rows (pure): searches that found nothing, articles voted "not helpful".

Public API::

    questions = miss_questions(misses, taxonomy, classifier)          # a RankReport of the misses
    rows = search_miss_gaps(questions, matches, indexes, articles, taxonomy, min_searches=5)
    rows += unhelpful_gaps(votes, articles, taxonomy, tags, min_votes=5)
    timeline = feedback_timeline(misses, votes)                       # per day: searches, yes, no

    rows, summary = analyse_feedback(items, stats, taxonomy, classifier, indexes, articles, tags)  # all of it

Search misses (:class:`generator.tickets.feedback.SearchMiss`, already redacted) are grouped exactly like
ticket questions: each distinct (query, language) is classified once and counted into a
:class:`~generator.analysis.rank.Ranking` (the same folding, stemming, typo-tolerant signatures and
near-duplicate merging), then matched against the language's articles by
:func:`generator.analysis.match.match_questions`. A group of at least ``min_searches`` searches is a
``search_miss`` row: when an article answers it, the action is ``add_aliases`` on that article, with the
ordinary words shoppers typed that the article lacks (at least :data:`~generator.analysis.aliases.MIN_TICKETS`
distinct searches used each, no digits, no placeholders, in the language's word list); otherwise
``write_article``. Its demand, and priority, is its number of searches.

A row's ``question`` is the phrasing of its group that shoppers typed most often (the others are its
``examples``).

Votes (:class:`generator.tickets.feedback.Vote`): an article in a language with at least ``min_votes``
votes whose "no" votes outnumber its "yes" votes is an ``unhelpful_article`` row, action ``update``;
its demand is the "no" votes. Votes for articles the site doesn't have are ignored (renamed or removed).

:func:`analyse_feedback` does all of it for the gap report: searches and votes in a language the site
doesn't publish are left out (counted as ``not a site language``), and the rows and the
:class:`~generator.analysis.gaps.FeedbackSummary` go to :func:`generator.analysis.gaps.add_feedback`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from generator.analysis.aliases import FILLER, allowed
from generator.analysis.gaps import page_url
from generator.analysis.index import ArticleIndex, terms
from generator.analysis.rank import Ranking, RankReport
from generator.analysis.wordlists import ordinary_words
from generator.project.taxonomy import UNCLASSIFIED
from generator.tickets.feedback import SearchMiss, Vote
from generator.tickets.model import Ticket

MIN_SEARCHES = 5
MIN_VOTES = 5
EXAMPLES = 3
#: At most this many words suggested for an article's ``search_aliases`` from one group of searches.
ALIASES_PER_ROW = 6


def miss_questions(misses: Iterable[SearchMiss], taxonomy, classifier, questions_per_group: int = 20) -> RankReport:
    """The search misses grouped like ticket questions (one classification per distinct query)."""
    counts: Counter = Counter()
    days: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for miss in misses:
        counts[(miss.query, miss.lang)] += 1
        if miss.day is not None:
            days[(miss.query, miss.lang)][miss.day] += 1
    ranking = Ranking(taxonomy)
    for (query, lang), n in sorted(counts.items()):
        ticket = Ticket(id="", created_at=None, subject=query, body="", language=lang)
        ranking.add(ticket, classifier.classify(ticket), count=n, days=days.get((query, lang), {}), distinct=True)
    return ranking.report(questions_per_group)


def _ref(article) -> dict:
    return {"id": article.id, "lang": article.lang, "path": article.source, "title": article.title}


def _typed_most(question, searches: Mapping[str, int]) -> tuple[str, list[str]]:
    """(the group's phrasing typed most often, the others busiest first) of a group of searches."""
    phrasings = list(dict.fromkeys([question.text, *question.examples, *(getattr(question, "phrasings", None) or [])]))
    ranked = sorted(phrasings, key=lambda p: -searches.get(p, 0))  # stable: the ranking's order breaks ties
    return ranked[0], ranked[1:]


def _word_counts(texts: Iterable[tuple[str, int]]) -> Counter:
    """word -> searches using it (each search counts a word once)."""
    counts: Counter = Counter()
    for text, n in texts:
        for word in set(text.lower().split()):
            counts[word.strip(".,;:!?¿¡\"'()")] += n
    return counts


def alias_words(question, index: ArticleIndex, article_id: str, searches: Mapping[str, int]) -> list[str]:
    """Ordinary words of ``question``'s searches the article lacks, most used first (the privacy rule holds)."""
    ordinary = ordinary_words(question.lang)
    if not ordinary:
        return []
    phrasings = list(dict.fromkeys([question.text, *question.examples, *getattr(question, "phrasings", [])]))
    counts = _word_counts((p, searches.get(p, 1)) for p in phrasings)
    picked: list[str] = []
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if not word or not allowed(word, n) or word in FILLER or word not in ordinary:
            continue
        analysed = terms(word, question.lang)
        if analysed and index.missing(analysed, article_id):
            picked.append(word)
        if len(picked) == ALIASES_PER_ROW:
            break
    return picked


def search_miss_gaps(report: RankReport, matches: Iterable, indexes: Mapping[str, ArticleIndex],
                     articles: Mapping[tuple[str, str], object], taxonomy, searches: Mapping[str, int] | None = None,
                     min_searches: int = MIN_SEARCHES) -> list[dict]:
    """One ``search_miss`` row per group of at least ``min_searches`` searches (see the module docstring).

    ``articles``: (lang, id) -> article; ``searches``: query text -> how many searches typed it exactly.
    """
    searches = searches or {}
    rows: list[dict] = []
    for match in matches:
        q = match.question
        if q.tickets < min_searches:
            continue
        article = articles.get((q.lang, match.article_id)) if match.article_id else None
        category = None if q.category == UNCLASSIFIED else q.category
        text, others = _typed_most(q, searches)
        row = {
            "kind": "search_miss", "lang": q.lang, "category": category,
            "category_name": taxonomy.name(category, q.lang) if category else None,
            "tickets": q.tickets, "priority": q.tickets, "searches": q.tickets,
            "question": text, "article": None, "examples": others[:EXAMPLES],
            "best_article": _best(match, article),
        }
        if match.answered and article is not None:
            words = alias_words(q, indexes[q.lang], article.id, searches)
            row.update(action="add_aliases", target=_ref(article), aliases=words)
        else:
            row.update(action="write_article", target=None)
        rows.append(row)
    rows.sort(key=lambda r: (-r["priority"], r["lang"], r["question"]))
    return rows


def _best(match, article) -> dict | None:
    if article is None:
        return None
    anchor = getattr(match, "anchor", None)
    return {"id": article.id, "title": article.title, "path": _ref(article)["path"], "score": round(match.score, 4),
            "section": getattr(match, "section", None), "anchor": anchor,
            "category_agrees": bool(getattr(match, "category_agrees", False)),
            "missing": list(getattr(match, "missing", None) or []), "url": page_url(article, anchor)}


def unhelpful_gaps(votes: Iterable[Vote], articles: Mapping[tuple[str, str], object], taxonomy,
                   categories: Mapping[tuple[str, str], list[str]] | None = None,
                   min_votes: int = MIN_VOTES) -> list[dict]:
    """One ``unhelpful_article`` row per article and language whose "no" votes outnumber its "yes" votes."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for vote in votes:
        tally[(vote.lang, vote.article)][0 if vote.helpful else 1] += 1
    rows: list[dict] = []
    for (lang, article_id), (yes, no) in sorted(tally.items()):
        article = articles.get((lang, article_id))
        if article is None or yes + no < min_votes or no <= yes:
            continue
        cats = (categories or {}).get((lang, article_id)) or list(getattr(article, "categories", []) or [])
        category = cats[0] if cats else None
        rows.append({
            "kind": "unhelpful_article", "lang": lang, "category": category,
            "category_name": taxonomy.name(category, lang) if category else None,
            "tickets": no, "priority": no, "votes": {"yes": yes, "no": no},
            "action": "update", "target": _ref(article), "question": None, "article": _ref(article), "examples": [],
        })
    rows.sort(key=lambda r: (-r["priority"], r["lang"], r["target"]["id"]))
    return rows


def feedback_timeline(misses: Iterable[SearchMiss], votes: Iterable[Vote]) -> list[dict]:
    """Per UTC day with any dated signal: ``{"day", "searches", "yes", "no"}``, oldest first."""
    days: dict[date, Counter] = defaultdict(Counter)
    for miss in misses:
        if miss.day is not None:
            days[miss.day]["searches"] += 1
    for vote in votes:
        if vote.day is not None:
            days[vote.day]["yes" if vote.helpful else "no"] += 1
    return [{"day": d.isoformat(), "searches": c["searches"], "yes": c["yes"], "no": c["no"]}
            for d, c in sorted(days.items())]


def analyse_feedback(items: Iterable[SearchMiss | Vote], stats, taxonomy, classifier,
                     indexes: Mapping[str, ArticleIndex], articles: Mapping[tuple[str, str], object],
                     categories: Mapping[tuple[str, str], list[str]] | None = None, *,
                     threshold: float = 0.5, min_searches: int = MIN_SEARCHES,
                     min_votes: int = MIN_VOTES) -> tuple[list[dict], dict]:
    """The gap rows and the :class:`~generator.analysis.gaps.FeedbackSummary` of the site's feedback.

    ``items``: :func:`generator.tickets.feedback.read_feedback`'s (``stats`` its :class:`FeedbackStats`, read
    after ``items`` is consumed); ``indexes``: lang -> the language's article index; ``articles``: (lang, id) ->
    article; ``categories``: (lang, id) -> the article's categories (the tagging's). Searches and votes in a
    language ``indexes`` lacks are counted as skipped, ``not a site language``.
    """
    from generator.analysis.match import match_questions

    misses: list[SearchMiss] = []
    votes: list[Vote] = []
    elsewhere = 0
    for item in items:
        if item.lang not in indexes:
            elsewhere += 1
        elif isinstance(item, SearchMiss):
            misses.append(item)
        else:
            votes.append(item)
    by_lang: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (lang, article_id), cats in (categories or {}).items():
        by_lang[lang][article_id] = list(cats)
    questions = miss_questions(misses, taxonomy, classifier)
    matches = match_questions(indexes, questions.questions, threshold, dict(by_lang) if categories else None)
    rows = search_miss_gaps(questions, matches, indexes, articles, taxonomy, Counter(m.query for m in misses),
                            min_searches=min_searches)
    rows += unhelpful_gaps(votes, articles, taxonomy, categories, min_votes=min_votes)
    skipped = Counter(stats.skipped)
    if elsewhere:
        skipped["not a site language"] += elsewhere
    summary = {"files": list(stats.files), "searches": len(misses),
               "votes": {"yes": sum(v.helpful for v in votes), "no": sum(not v.helpful for v in votes)},
               "skipped": dict(sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))),
               "timeline": feedback_timeline(misses, votes), "min_searches": min_searches, "min_votes": min_votes}
    return rows, summary
