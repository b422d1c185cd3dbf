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
    CELL_LIMIT, article_label, as_number, category_label, classified_total, count_text,
    failing_questions, gap_subject, is_number, kind_words, language_totals, one_line, percent,
    plural, report_languages,
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
    line = f"**Coverage {percent(coverage.get('overall'))}** of {plural(classified_total(tickets), 'classified ticket')}"
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
    if not report_languages(doc):
        return "\n".join(out)
    out += _coverage_by_language(doc)
    out += _unfindable_questions(doc, top)
    return "\n".join(out)


def _top_gaps(gaps: list[dict], top: int) -> list[str]:
    """The "Top gaps" section: the first ``top`` gaps as a table, and how many more there are."""
    out = ["#### Top gaps", ""]
    if gaps:
        out += ["| Priority | Gap | Language | Category | Question or article | Example |",
                "| ---: | --- | --- | --- | --- | --- |"]
        for gap in gaps[:max(top, 0)]:
            subject = gap_subject(gap)
            example = next((e for e in gap.get("examples") or [] if one_line(e) != subject), "")
            out.append(_md_row([count_text(gap.get("priority")), md_cell(kind_words(gap.get("kind"))),
                                md_cell(gap.get("lang")), md_cell(category_label(gap)), md_cell(subject),
                                md_cell(example)]))
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
           "| Language | Classified tickets | Answered | Coverage | Gaps |",
           "| --- | ---: | ---: | ---: | ---: |"]
    for lang in report_languages(doc):
        demand, answered = totals.get(lang, (0.0, 0.0))
        out.append(_md_row([md_cell(lang), count_text(demand), count_text(answered), percent(by_lang.get(lang)),
                            count_text(gap_counts.get(lang, 0))]))
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
