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
    "missing_article": "Missing article",
    "unanswered_question": "Unanswered question",
    "missing_translation": "Missing translation",
    "stale_translation": "Stale translation",
}


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
    return f"{kind_words(kind)} in {lang} ({where})"


def gap_subject(gap: dict) -> str:
    """What the gap is about, for the "Question or article" column: the question or the source article."""
    if gap.get("question"):
        return one_line(gap["question"])
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
