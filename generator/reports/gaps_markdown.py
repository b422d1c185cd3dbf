"""``gaps.md``: the summary as a pull-request comment.

One line per cell, cut at :data:`~generator.reports.common.CELL_LIMIT` characters, ``& < >`` as
HTML entities, the Markdown punctuation backslash-escaped, ``@`` followed by a zero-width space so
that a customer's ``@name`` never mentions a GitHub user, and autolinks defused.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from generator.reports.common import (
    CELL_LIMIT, action_text, article_label, as_number, best_article_text, category_label, classified_total,
    count_text, coverage_interval, failing_questions, feedback_line, gap_subject, is_number, kind_words,
    language_totals, one_line, percent, plural, report_languages, words_list,
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


_AUTOLINK = re.compile(r"(?i)(?:://|www\.)")


def md_cell(value, limit: int | None = CELL_LIMIT) -> str:
    """``value`` safe inside a GitHub Markdown table cell: one line, cut, inert (no raw ``<``)."""
    text = one_line(value, limit)
    text = html.escape(text, quote=False)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # GitHub links bare URLs and www. names, and mentions @names: a zero-width space defuses them.
    text = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\u200b" + m.group(0)[-1], text)
    return text.replace("@", "@\u200b")


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell if cell else "—" for cell in cells) + " |"


def _summary_line(doc: dict, cell: Callable[[object], str]) -> str:
    """``**Coverage 72%** of 2,960 classified tickets (en 80% · es 60%) · 14 gaps``."""
    tickets = doc.get("tickets") or {}
    coverage = doc.get("coverage") or {}
    langs = " · ".join(f"{cell(lang)} {percent(share)}" for lang, share in (coverage.get("by_language") or {}).items())
    interval = coverage_interval(doc) if as_number(classified_total(tickets)) else ""
    line = (f"**Coverage {percent(coverage.get('overall'))}**" + (f" (95% interval {interval})" if interval else "")
            + f" of {plural(classified_total(tickets), 'classified ticket')}")
    if langs:
        line += f" ({langs})"
    return line + f" · {plural(len(doc.get('gaps') or []), 'gap')}"


def render_markdown(doc: dict, top: int = 10) -> str:
    """``gaps.md``: a summary line, the top gaps, coverage per language, and unfindable questions."""
    tickets = doc.get("tickets") or {}
    out = ["### Help-center gaps", ""]
    if not as_number(tickets.get("total")):
        out += ["No tickets were read, so there is no demand to measure: give `--tickets` a ticket export "
                "(or list exports under `extra.helpcenter.tickets` in `mkdocs.yml`).", ""]
        out += _site_feedback(doc, top)
        return "\n".join(out)
    out += [_summary_line(doc, md_cell), ""]
    if not classified_total(tickets):
        out += [f"None of the {plural(tickets['total'], 'ticket')} could be classified, so there are no gaps to "
                "measure: add the export's own tags and keywords to `content/categories.yml`.", ""]
        return "\n".join(out)
    if as_number(tickets.get("unclassified")):
        out += [f"_{plural(tickets['unclassified'], 'ticket')} could not be classified and "
                f"{'is' if tickets['unclassified'] == 1 else 'are'} not counted._", ""]
    out += _top_gaps(list(doc.get("gaps") or []), top)
    out += _site_feedback(doc, top)
    if report_languages(doc):
        out += _coverage_by_language(doc)
        out += _unfindable_questions(doc, top)
    out += _housekeeping(doc)
    return "\n".join(out)


def _top_gaps(gaps: list[dict], top: int) -> list[str]:
    """The "Top gaps" section: the first ``top`` gaps as a table, and how many more there are."""
    out = ["#### Top gaps", ""]
    if gaps:
        out += ["| Priority | Gap | Language | Category | Question or article | What to do | Nearest article | Example |",
                "| ---: | --- | --- | --- | --- | --- | --- | --- |"]
        for gap in gaps[:max(top, 0)]:
            subject = gap_subject(gap)
            example = next((e for e in gap.get("examples") or [] if one_line(e) != subject), "")
            out.append(_md_row([count_text(gap.get("priority")), md_cell(kind_words(gap.get("kind"))),
                                md_cell(gap.get("lang")), md_cell(category_label(gap)), md_cell(subject),
                                md_cell(action_text(gap, short=True)), md_cell(best_article_text(gap)), md_cell(example)]))
        if len(gaps) > top:
            out += ["", f"…and {plural(len(gaps) - max(top, 0), 'more gap')} in `gaps.html` and `gaps.csv`."]
    else:
        out.append("No gaps: every category customers ask about has an up-to-date answer in their language.")
    out.append("")
    return out


def _coverage_by_language(doc: dict) -> list[str]:
    """The "Coverage by language" section: demand, answered tickets, coverage and gaps per language."""
    totals = language_totals(doc)
    by_lang = (doc.get("coverage") or {}).get("by_language") or {}
    gap_counts: dict[str, int] = {}
    for gap in doc.get("gaps") or []:
        gap_counts[gap.get("lang")] = gap_counts.get(gap.get("lang"), 0) + 1
    out = ["#### Coverage by language", "",
           "| Language | Classified tickets | Answered | Coverage | 95% interval | Gaps |",
           "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for lang in report_languages(doc):
        demand, answered = totals.get(lang, (0.0, 0.0))
        out.append(_md_row([md_cell(lang), count_text(demand), count_text(answered), percent(by_lang.get(lang)),
                            md_cell(coverage_interval(doc, lang)) if demand else "",
                            count_text(gap_counts.get(lang, 0))]))
    out += ["", "_The interval is where the true coverage lies with 95% confidence (Wilson), counting each "
            "ticket as one draw: the fewer the tickets, the wider it is._", ""]
    return out


def _site_feedback(doc: dict, top: int) -> list[str]:
    """The "Site searches and votes" section: what ``--feedback`` held, and its rows (nothing without it)."""
    feedback = doc.get("feedback")
    if not feedback:
        return []
    out = ["#### Site searches and votes", "", md_cell(feedback_line(feedback), None), ""]
    gaps = list(doc.get("gaps") or [])
    misses = [g for g in gaps if g.get("kind") == "search_miss"]
    if misses:
        out += ["| Searches | Language | Searched for | Also typed | What to do |", "| ---: | --- | --- | --- | --- |"]
        out += [_md_row([count_text(g.get("searches", g.get("tickets"))), md_cell(g.get("lang")),
                         md_cell(g.get("question")), md_cell(words_list(g.get("examples"))),
                         md_cell(action_text(g, short=True))]) for g in misses[:max(top, 0)]]
        out.append("")
    unhelpful = [g for g in gaps if g.get("kind") == "unhelpful_article"]
    if unhelpful:
        out += ["| Not helpful | Helpful | Language | Article | What to do |", "| ---: | ---: | --- | --- | --- |"]
        out += [_md_row([count_text((g.get("votes") or {}).get("no")), count_text((g.get("votes") or {}).get("yes")),
                         md_cell(g.get("lang")), md_cell(article_label(g.get("article"))), md_cell(action_text(g, short=True))])
                for g in unhelpful[:max(top, 0)]]
        out.append("")
    if not misses and not unhelpful:
        out += [f"No search was made {plural(feedback.get('min_searches'), 'time')} without a result, and no "
                "article has more “no” than “yes” votes.", ""]
    return out


def _housekeeping(doc: dict) -> list[str]:
    """The "Housekeeping" list: upkeep no customer is waiting for (stale translations no ticket reaches)."""
    items = list(doc.get("housekeeping") or [])
    if not items:
        return []
    out = ["#### Housekeeping", "", "No ticket reaches these, so they are not gaps:", ""]
    for item in items:
        article = item.get("article") or {}
        line = f"- {md_cell(item.get('lang'))}: update {md_cell(article_label(article))}, {md_cell(article.get('path'))}"
        if item.get("updated") and item.get("source_updated"):
            line += (f" (translated {md_cell(item['updated'])}, its source changed "
                     f"{md_cell(item['source_updated'])})")
        out.append(line)
    out.append("")
    return out


def _unfindable_questions(doc: dict, top: int) -> list[str]:
    """The "Questions customers can't find" section (nothing when every checked question finds its article)."""
    failing = failing_questions(doc)
    if not failing:
        return []
    find = doc["findability"]
    out = ["#### Questions customers can't find", "",
           f"Findability {percent(find.get('score'))} (threshold {percent(find.get('threshold'))}) over "
           f"{plural(find.get('checked'), 'checked question')}: the article exists, but searching the "
           "customer's words doesn't put it in the top results.", "",
           "| Language | Tickets | Question | Article they should find | Search rank |",
           "| --- | ---: | --- | --- | ---: |"]
    for item in failing[:max(top, 0)]:
        rank = item.get("rank")
        out.append(_md_row([md_cell(item.get("lang")), count_text(item.get("tickets")), md_cell(item.get("question")),
                            md_cell(article_label(item.get("article"))),
                            count_text(rank) if is_number(rank) else "not found"]))
    if len(failing) > top:
        out += ["", f"…and {plural(len(failing) - max(top, 0), 'more question')} in `gaps.html`."]
    out.append("")
    return out
