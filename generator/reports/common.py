"""What every gap report format shares: limits, how a gap is worded, reading the gaps document.

``doc`` is the plain dict that :mod:`generator.analysis.gaps` computes. Every string in it may
be hostile (customer phrasings are redacted, not escaped); each format module escapes for its
own format, and :func:`one_line` removes control and bidirectional characters for all of them.
"""

from __future__ import annotations

import re

from generator.text import UNDETERMINED

#: Longest Markdown table cell, in characters, before it is cut with "…".
CELL_LIMIT = 120


#: Longest customer example shown in the HTML page.
HTML_EXAMPLE_LIMIT = 240


#: Examples per gap in the HTML page (all of them go to gaps.json and gaps.csv).
HTML_EXAMPLES = 3


#: Rows per chart and per article table in the HTML page.
HTML_ROWS = 20




KIND_WORDS = {
    "missing_language": "Missing language",
    "missing_article": "Missing article",
    "new_topic": "New topic",
    "unanswered_question": "Unanswered question",
    "missing_translation": "Missing translation",
    "stale_translation": "Stale translation",
    "search_miss": "Search found nothing",
    "unhelpful_article": "Voted not helpful",
}

#: The site's own signals (``--feedback``): their demand is searches or "no" votes, not tickets.
FEEDBACK_KINDS = ("search_miss", "unhelpful_article")


# Control characters (but tab/newline/CR, which become spaces) and the bidirectional overrides
# and isolates that can make a line of text display as something else.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(value, limit: int | None = None) -> str:
    """``value`` as one line of plain text: no control characters, runs of whitespace as one space."""
    text = "" if value is None else str(value)
    text = " ".join(INVISIBLE.sub("", text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def count_text(value) -> str:
    """``2960`` -> ``2,960``; anything that is not a number -> ``—``."""
    return f"{round(value):,}" if is_number(value) else "—"


def as_number(value) -> float:
    """A number to compute with: non-numbers (and negatives) count as 0."""
    return max(float(value), 0.0) if is_number(value) else 0.0


def percent(value) -> str:
    """``0.72`` -> ``72%``; a share that is missing (no demand) -> ``—``."""
    return f"{value:.0%}" if is_number(value) else "—"


def plural(n, word: str) -> str:
    return f"{count_text(n)} {word}" if n == 1 else f"{count_text(n)} {word}s"


def kind_words(kind) -> str:
    """``missing_article`` -> ``Missing article``."""
    return KIND_WORDS.get(kind) or one_line(kind).replace("_", " ").capitalize() or "Gap"


def category_label(gap: dict) -> str:
    return one_line(gap.get("category_name") or gap.get("category"))


def article_label(article: dict | None) -> str:
    """``Title (id)`` of a gap's source article, or ``""``."""
    if not article:
        return ""
    title, ident = one_line(article.get("title")), one_line(article.get("id"))
    if title and ident:
        return f"{title} ({ident})"
    return title or ident


def demand_text(gap: dict) -> str:
    """What a gap's priority counts: ``76 tickets``, ``15 searches``, ``9 “no” votes``."""
    n = gap.get("tickets")
    if gap.get("kind") == "search_miss":
        return plural(n, "search").replace("searchs", "searches")
    if gap.get("kind") == "unhelpful_article":
        return f"{count_text(n)} “no” vote" + ("" if n == 1 else "s")
    return plural(n, "ticket")


def article_title(article: dict | None) -> str:
    """``“Title”`` of an article reference (its id when it has no title), or ``""``."""
    if not article:
        return ""
    return f"“{one_line(article.get('title') or article.get('id'))}”"


def words_list(words) -> str:
    """``a, b, c`` of a list of customer words (one line each)."""
    return ", ".join(w for w in (one_line(w) for w in words or []) if w)


def topics_text(gap: dict) -> str:
    """A missing language's busiest categories: ``Shipping 30 · Returns 12``."""
    return " · ".join(f"{one_line(t.get('name') or t.get('category'))} {count_text(t.get('tickets'))}"
                      for t in gap.get("topics") or [])


def action_text(gap: dict, short: bool = False) -> str:
    """What to do about a gap, in one plain-text sentence (not escaped): its ``action`` on its ``target``
    (named by title and path; ``short``: by path only)."""
    action, kind, lang = gap.get("action"), gap.get("kind"), one_line(gap.get("lang"))
    target = gap.get("target") or {}
    path = one_line(target.get("path") or target.get("id"))
    named = (path if short else f"{article_title(target)} ({path})") if target else ""
    if action == "add_aliases" and named:
        words = words_list(gap.get("aliases"))
        return (f"Add these customer words to search_aliases of {named}: {words}" if words
                else f"Add the shoppers’ words to search_aliases of {named}")
    if action == "add_section" and named:
        return f"Add a section to {named}"
    if action == "translate" and kind == "missing_language":
        topics = topics_text(gap)
        return f"Publish a {lang} help center" + (f", starting with {topics}" if topics else "")
    if action == "translate" and named:
        return f"Translate {named} into {lang}"
    if action == "update" and kind == "unhelpful_article" and named:
        votes = gap.get("votes") or {}
        return (f"Rework {named}: {count_text(votes.get('no'))} of "
                f"{count_text(as_number(votes.get('no')) + as_number(votes.get('yes')))} readers found it not helpful")
    if action == "update" and named:
        return f"Update {named} from its {one_line(gap.get('source_updated')) or 'newer'} source" \
            if gap.get("source_updated") else f"Update {named}"
    if not action:
        return ""
    if action == "write_article":
        return f"Write an article in {lang}" + (" (and add its category to content/categories.yml)"
                                                if kind == "new_topic" else "")
    return one_line(action).replace("_", " ").capitalize() + (f" {named}" if named else "")


def best_article_text(gap: dict) -> str:
    """The best (answering) or nearest article of a question's gap: ``Nearest: “Title” › Section (0.35);
    lacks: wrap, vase``, or ``""``."""
    best = gap.get("best_article")
    if not best:
        return ""
    answers = gap.get("kind") == "search_miss" and gap.get("action") == "add_aliases"
    text = f"{'Answers it' if answers else 'Nearest'}: {article_title(best)}"
    if best.get("section"):
        text += f" › {one_line(best['section'])}"
    if is_number(best.get("score")):
        text += f" (score {best['score']:.2f})"
    missing = words_list(best.get("missing"))
    return text + (f"; lacks: {missing}" if missing else "")


def interval_text(interval) -> str:
    """``[0.69, 0.79]`` -> ``69–79%``; anything else -> ``""``."""
    if isinstance(interval, list | tuple) and len(interval) == 2 and all(is_number(v) for v in interval):
        return f"{interval[0]:.0%}–{interval[1]:.0%}".replace("%–", "–")
    return ""


def coverage_interval(doc: dict, lang: str | None = None) -> str:
    """The Wilson 95 % interval of the overall (or one language's) coverage as text, or ``""``."""
    interval = (doc.get("coverage") or {}).get("interval") or {}
    return interval_text(interval.get("overall") if lang is None else (interval.get("by_language") or {}).get(lang))


def feedback_line(feedback: dict) -> str:
    """``72 searches found nothing and 75 readers voted (32 not helpful); 2 submissions skipped (2 spam).``"""
    votes = feedback.get("votes") or {}
    yes, no = as_number(votes.get("yes")), as_number(votes.get("no"))
    searches = plural(feedback.get("searches"), "search").replace("searchs", "searches")
    line = (f"{searches} on the site found nothing and {plural(yes + no, 'reader')} voted on articles "
            f"({count_text(no)} not helpful)")
    skipped = feedback.get("skipped") or {}
    if skipped:
        reasons = ", ".join(f"{count_text(n)} {one_line(reason)}" for reason, n in skipped.items())
        line += f"; {plural(sum(as_number(n) for n in skipped.values()), 'submission')} left out ({reasons})"
    return line + "."


def site_link(doc: dict, url) -> str:
    """The published page ``url`` (relative to the site) under ``settings.site_url`` when that is an http(s)
    URL; else ``""``."""
    base = one_line((doc.get("settings") or {}).get("site_url"))
    if not url or not base.lower().startswith(("https://", "http://")):
        return ""
    return base.rstrip("/") + "/" + one_line(url).lstrip("/")


def describe_gap(gap: dict) -> str:
    """One plain-text sentence for a gap (not escaped: each format escapes it)."""
    lang, category, tickets = one_line(gap.get("lang")), category_label(gap), gap.get("tickets")
    where = f"{category}, {plural(tickets, 'ticket')}" if category else plural(tickets, "ticket")
    kind = gap.get("kind")
    article = gap.get("article") or {}
    title = one_line(article.get("title") or article.get("id"))
    ident = one_line(article.get("id"))
    source = f"“{title}” ({ident})" if ident and ident != title else f"“{title}”"
    if kind == "missing_article":
        return f"No {lang} article for {category or 'this category'} ({plural(tickets, 'ticket')})"
    if kind == "unanswered_question" and gap.get("question"):
        return f"No {lang} article answers “{one_line(gap['question'])}” ({where})"
    if kind == "missing_translation" and title:
        return f"{source} has no {lang} translation ({where})"
    if kind == "stale_translation" and title:
        return f"The {lang} translation of {source} is older than its source ({where})"
    if kind == "missing_language":
        return f"{plural(tickets, 'ticket')} in {lang}, and no help center in {lang}"
    if kind == "new_topic" and gap.get("question"):
        return f"New topic in {lang}: “{one_line(gap['question'])}” fits no category ({plural(tickets, 'ticket')})"
    if kind == "search_miss" and gap.get("question"):
        return f"{demand_text(gap)} in {lang} for “{one_line(gap['question'])}” found nothing"
    if kind == "unhelpful_article" and title:
        votes = gap.get("votes") or {}
        return (f"{source} in {lang}: {count_text(votes.get('no'))} of "
                f"{count_text(as_number(votes.get('no')) + as_number(votes.get('yes')))} readers voted not helpful")
    return f"{kind_words(kind)} in {lang} ({where})"


def gap_subject(gap: dict) -> str:
    """What the gap is about, for the "Question or article" column: the question or the source article."""
    if gap.get("question"):
        return one_line(gap["question"])
    if gap.get("kind") == "missing_language":
        topics = topics_text(gap)
        return f"No help center in {one_line(gap.get('lang'))}" + (f"; top topics: {topics}" if topics else "")
    return article_label(gap.get("article"))


def report_languages(doc: dict) -> list[str]:
    """The languages coverage is measured in (then any other with a gap), in the document's order.

    A document without coverage per language falls back to every language its tickets and categories
    mention, but ``und`` (language not told), which can't be answered "in the customer's language".
    """
    seen = dict.fromkeys((doc.get("coverage") or {}).get("by_language") or {})
    seen.update(dict.fromkeys(g.get("lang") for g in doc.get("gaps") or [] if g.get("lang") is not None))
    if not seen:
        seen.update(dict.fromkeys((doc.get("tickets") or {}).get("by_language") or {}))
        for category in doc.get("categories") or []:
            seen.update(dict.fromkeys(category.get("by_language") or {}))
        seen.pop(UNDETERMINED, None)
    return list(seen)


def category_demand(category: dict) -> float:
    """A category's tickets in a known language (those coverage counts), else all its tickets."""
    by_lang = category.get("by_language")
    if not by_lang:
        return as_number(category.get("tickets"))
    return sum(as_number(n) for lang, n in by_lang.items() if lang != UNDETERMINED)


def language_totals(doc: dict) -> dict[str, tuple[float, float]]:
    """``lang -> (classified tickets, answered tickets)`` for :func:`report_languages`, summed over the categories."""
    totals = {lang: [0.0, 0.0] for lang in report_languages(doc)}
    for category in doc.get("categories") or []:
        answered = category.get("answered") or {}
        for lang, n in (category.get("by_language") or {}).items():
            if lang in totals:
                totals[lang][0] += as_number(n)
                totals[lang][1] += as_number(answered.get(lang))
    return {lang: (t[0], t[1]) for lang, t in totals.items()}


def classified_total(tickets: dict) -> float:
    if is_number(tickets.get("classified")):
        return as_number(tickets["classified"])
    return max(as_number(tickets.get("total")) - as_number(tickets.get("unclassified")), 0.0)


def failing_questions(doc: dict) -> list[dict]:
    return list((doc.get("findability") or {}).get("failing") or [])
