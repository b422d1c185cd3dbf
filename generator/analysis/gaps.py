"""Demand (ranked tickets) + answers (matches) + articles (tags) -> the gap report document (pure).

Public API::

    doc = gap_document(report, matches, tags, content, taxonomy, min_tickets=5, answer_threshold=0.5)

``doc`` is the ``gaps.json`` document of SPEC section 5 (:mod:`generator.reports` renders it).

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

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from generator.project.taxonomy import UNCLASSIFIED
from generator.text import UNDETERMINED

EXAMPLES = 3
KIND_ORDER = {"missing_article": 0, "missing_translation": 1, "unanswered_question": 2, "stale_translation": 3}


def _share(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _article_ref(article) -> dict:
    return {"id": article.id, "lang": article.lang, "path": article.source, "title": article.title}


def gap_document(report, matches: Iterable, tags: Mapping, content, taxonomy, *, min_tickets: int = 5,
                 answer_threshold: float = 0.5, generated: dt.datetime | None = None) -> dict:
    """The gap report (see the module docstring)."""
    matches = list(matches)
    languages = list(content.languages)
    default = content.default_language
    articles = content.articles()

    # Which articles carry which categories, per language.
    tagged: dict[tuple[str, str], list] = defaultdict(list)   # (category, lang) -> articles
    for article in articles:
        tagging = tags.get((article.lang, article.id))
        for category in (tagging.categories if tagging else article.categories):
            tagged[(category, article.lang)].append(article)

    # Answered tickets per (category, lang) and per article.
    listed: dict[tuple[str, str], int] = defaultdict(int)
    answered_listed: dict[tuple[str, str], int] = defaultdict(int)
    article_tickets: dict[tuple[str, str], int] = defaultdict(int)
    for match in matches:
        q = match.question
        listed[(q.category, q.lang)] += q.tickets
        if match.answered:
            answered_listed[(q.category, q.lang)] += q.tickets
            article_tickets[(q.lang, match.article_id)] += q.tickets

    demand: dict[tuple[str, str], int] = {}
    answered: dict[tuple[str, str], int] = {}
    categories_out = []
    for stats in report.categories:
        if stats.id == UNCLASSIFIED:
            continue
        per_lang_answered, per_lang_cov, per_lang_articles = {}, {}, {}
        for lang, count in stats.by_language.items():
            key = (stats.id, lang)
            demand[key] = count
            if lang == UNDETERMINED:
                continue
            if listed.get(key):
                got = round(count * answered_listed.get(key, 0) / listed[key])
            else:
                got = count if tagged.get(key) else 0
            answered[key] = got
            per_lang_answered[lang] = got
            per_lang_cov[lang] = _share(got, count)
        for lang in languages:
            per_lang_articles[lang] = len(tagged.get((stats.id, lang), ()))
        categories_out.append({
            "id": stats.id, "name": stats.name, "tickets": stats.tickets, "share": stats.share,
            "by_language": dict(stats.by_language), "articles": per_lang_articles,
            "answered": per_lang_answered, "coverage": per_lang_cov,
        })

    # Coverage.
    by_lang_total: dict[str, int] = defaultdict(int)
    by_lang_answered: dict[str, int] = defaultdict(int)
    for (category, lang), count in demand.items():
        if lang == UNDETERMINED:
            continue
        by_lang_total[lang] += count
        by_lang_answered[lang] += answered.get((category, lang), 0)
    total = sum(by_lang_total.values())
    coverage = {"overall": _share(sum(by_lang_answered.values()), total),
                "by_language": {lang: _share(by_lang_answered[lang], n)
                                for lang, n in sorted(by_lang_total.items(), key=lambda kv: -kv[1])}}

    questions_by_key: dict[tuple[str, str], list] = defaultdict(list)
    for match in matches:
        questions_by_key[(match.question.category, match.question.lang)].append(match)

    def examples(key) -> list[str]:
        out: list[str] = []
        for match in sorted(questions_by_key.get(key, ()), key=lambda m: -m.question.tickets):
            for example in match.question.examples:
                if example not in out:
                    out.append(example)
        return out[:EXAMPLES]

    gaps: list[dict] = []
    by_id = content.translations()
    names = {stats.id: stats.name for stats in report.categories}
    names[UNCLASSIFIED] = "Not in any category"

    # Missing articles and missing translations.
    missing_translation: dict[tuple[str, str], dict] = {}
    for (category, lang), count in demand.items():
        if lang == UNDETERMINED or count < min_tickets or tagged.get((category, lang)):
            continue
        unanswered = max(count - answered.get((category, lang), 0), 0)
        sources = sorted({a.id for other in languages if other != lang for a in tagged.get((category, other), ())
                          if lang not in by_id.get(a.id, {})})
        if not sources:
            # No article is tagged with the category: a gap even if some tickets matched an article
            # of another category (their count is left out of the priority).
            gaps.append(_gap("missing_article", lang, category, names, unanswered, examples((category, lang))))
            continue
        for article_id in sources:
            versions = by_id[article_id]
            source = versions.get(default) or next(iter(versions.values()))
            gap = missing_translation.get((article_id, lang))
            if gap is None:
                gap = missing_translation[(article_id, lang)] = _gap(
                    "missing_translation", lang, category, names, 0, [], article=_article_ref(source))
                gap["categories"] = []
            gap["categories"].append(category)
            gap["tickets"] += unanswered / len(sources)
            for example in examples((category, lang)):
                if example not in gap["examples"] and len(gap["examples"]) < EXAMPLES:
                    gap["examples"].append(example)
    # Translations missing where the language's category is covered by other articles: the
    # unanswered tickets of those categories are the demand.
    for article_id, versions in by_id.items():
        source = versions.get(default) or next(iter(versions.values()))
        source_tags = tags.get((source.lang, source.id))
        categories = source_tags.categories if source_tags else source.categories
        for lang in languages:
            if lang in versions or (article_id, lang) in missing_translation:
                continue
            tickets = 0.0
            used = []
            for category in categories:
                if not tagged.get((category, lang)):
                    continue
                unanswered = max(demand.get((category, lang), 0) - answered.get((category, lang), 0), 0)
                peers = sum(1 for a in tagged.get((category, source.lang), ()) if lang not in by_id.get(a.id, {}))
                if unanswered:
                    tickets += unanswered / max(peers, 1)
                    used.append(category)
            if tickets >= 1:
                gap = _gap("missing_translation", lang, used[0], names, tickets,
                           [e for c in used for e in examples((c, lang))][:EXAMPLES], article=_article_ref(source))
                gap["categories"] = used
                missing_translation[(article_id, lang)] = gap
    for gap in missing_translation.values():
        gap["tickets"] = gap["priority"] = round(gap["tickets"])
        if gap["tickets"]:
            gaps.append(gap)

    # Unanswered questions in covered categories.
    for match in matches:
        q = match.question
        if match.answered or q.lang == UNDETERMINED or q.tickets < min_tickets:
            continue
        if q.category != UNCLASSIFIED and not tagged.get((q.category, q.lang)):
            continue  # a missing article or translation already covers it
        gap = _gap("unanswered_question", q.lang, q.category, names, q.tickets, list(q.examples[:EXAMPLES]),
                   question=q.text)
        gap["best_article"] = ({"id": match.article_id, "score": match.score} if match.article_id else None)
        gaps.append(gap)

    # Stale translations.
    for article_id, versions in by_id.items():
        source = versions.get(default)
        if source is None or source.updated is None:
            continue
        for lang, translation in versions.items():
            if lang == default or translation.updated is None or translation.updated >= source.updated:
                continue
            tagging = tags.get((lang, article_id))
            category = (tagging.categories if tagging else translation.categories or [None])[:1]
            gap = _gap("stale_translation", lang, category[0] if category else None, names,
                       article_tickets.get((lang, article_id), 0), [], article=_article_ref(translation))
            gap["source_updated"] = source.updated.isoformat()
            gap["updated"] = translation.updated.isoformat()
            gaps.append(gap)

    gaps.sort(key=lambda g: (-g["priority"], KIND_ORDER[g["kind"]], g["lang"], g["category"] or "",
                             g.get("question") or "", (g.get("article") or {}).get("id", "")))

    articles_out = []
    for article in articles:
        tagging = tags.get((article.lang, article.id))
        articles_out.append({
            "id": article.id, "lang": article.lang, "path": article.source, "title": article.title,
            "categories": tagging.categories if tagging else list(article.categories),
            "categories_source": tagging.source if tagging else ("front_matter" if article.categories else "none"),
            "tickets": article_tickets.get((article.lang, article.id), 0),
        })

    questions_out = [{
        "lang": m.question.lang, "category": m.question.category, "tickets": m.question.tickets,
        "question": m.question.text, "answered": m.answered, "article": m.article_id, "score": m.score,
    } for m in sorted(matches, key=lambda m: (-m.question.tickets, m.question.lang, m.question.text))]

    classified = report.total - report.unclassified
    return {
        "generated": (generated or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "tickets": {"total": report.total, "by_language": dict(report.by_language),
                    "unclassified": report.unclassified, "classified": classified},
        "categories": categories_out,
        "articles": articles_out,
        "coverage": coverage,
        "gaps": gaps,
        "questions": questions_out,
        "findability": None,
        "settings": {"answer_threshold": answer_threshold, "min_tickets": min_tickets},
    }


def _gap(kind: str, lang: str, category: str | None, names: Mapping[str, str], tickets: float,
         examples: list[str], question: str | None = None, article: dict | None = None) -> dict:
    return {"kind": kind, "lang": lang, "category": category,
            "category_name": names.get(category, category) if category else None,
            "tickets": tickets, "priority": tickets, "question": question, "article": article,
            "examples": examples}


def summary(doc: dict) -> str:
    """One line for the terminal: coverage overall and per language, gaps by kind, the top gap."""
    tickets, coverage = doc["tickets"], doc["coverage"]
    per_lang = ", ".join(f"{lang} {share:.0%}" for lang, share in coverage["by_language"].items())
    kinds: dict[str, int] = {}
    for gap in doc["gaps"]:
        kinds[gap["kind"]] = kinds.get(gap["kind"], 0) + 1
    counted = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    line = (f"coverage {coverage['overall']:.1%}" + (f" ({per_lang})" if per_lang else "")
            + f" of {tickets['classified']:,} classified tickets; {len(doc['gaps'])} gap(s)"
            + (f": {counted}" if counted else ""))
    return line
