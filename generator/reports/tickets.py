"""``helpcenter tickets`` output: the readable table, the stable JSON document, the summary line.

JSON shape (stable; fields may be added, these stay)::

    {"tickets":    {"total": 3000, "by_language": {"en": 1650}, "unclassified": 40,
                    "by_source": {"text": 2500, "tag": 460, "none": 40}, "newest": "2024-05-30"},
     "categories": [{"id": "order_status", "name": "Order status", "tickets": 800, "share": 0.2667,
                     "by_language": {"en": 450}, "trend": {"last_30_days": 300, "previous_30_days": 250,
                                                           "change": 0.2}}],
     "questions":  [{"category": "order_status", "lang": "en", "tickets": 120, "text": "Where is my order?",
                     "examples": ["..."], "intent": "where is my order", "approximate": false}],
     "read":       {"files": {"export.csv": "gorgias-csv"}, "rows": 3010, "skipped": {"blank row": 10}}}

``share`` is the category's tickets over all tickets (unclassified included).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.analysis.rank import RankReport
    from generator.tickets import ReadStats


def report_dict(report: RankReport, stats: ReadStats) -> dict:
    """The JSON document of ``helpcenter tickets --format json``."""
    data = report.to_dict()
    data["read"] = {"files": stats.files, "rows": stats.rows, "skipped": dict(stats.skipped.most_common()),
                    "undated": stats.undated}
    return data


def _trend(trend) -> str:
    if not trend.known:
        return "unknown"
    return "new" if trend.change is None else f"{trend.change:+.0%}"


def render_text(report: RankReport, stats: ReadStats, questions: int = 3) -> Iterator[str]:
    """A readable table: categories (top first), then each category's frequent questions."""
    langs = ", ".join(f"{lang} {n}" for lang, n in report.by_language.items())
    yield f"{report.total} tickets ({langs}); {report.unclassified} unclassified"
    yield ""
    yield f"{'category':<24} {'tickets':>7} {'share':>6}  {'30-day trend':>12}  languages"
    for c in report.categories:
        by_lang = " ".join(f"{lang}:{n}" for lang, n in c.by_language.items())
        yield f"{c.id:<24} {c.tickets:>7} {c.share:>6.1%}  {_trend(c.trend):>12}  {by_lang}"
    if report.unclassified:
        share = report.unclassified / report.total if report.total else 0
        yield f"{'(unclassified)':<24} {report.unclassified:>7} {share:>6.1%}"
    for c in report.categories:
        if not c.questions:
            continue
        yield ""
        yield f"{c.name} ({c.id}): frequent questions"
        for q in c.questions[:questions * max(1, len(c.by_language))]:
            yield f"  {q.tickets:>6}  [{q.lang}] {q.text}"
    if report.unclassified_questions:
        yield ""
        yield "Unclassified: frequent questions"
        for q in report.unclassified_questions[:questions * 3]:
            yield f"  {q.tickets:>6}  [{q.lang}] {q.text}"


def summary_line(report: RankReport, stats: ReadStats) -> str:
    """One line for stderr: rows read, skipped with reasons, unclassified."""
    skipped = sum(stats.skipped.values())
    reasons = ", ".join(f"{n} {reason}" for reason, n in stats.skipped.most_common())
    files = ", ".join(f"{path} as {fmt}" for path, fmt in stats.files.items())
    return (f"helpcenter: read {stats.rows} rows ({files}); {skipped} skipped"
            f"{f' ({reasons})' if reasons else ''}; {report.unclassified} unclassified")
