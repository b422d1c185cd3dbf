"""Gap report writers: the gaps document -> JSON, Markdown, HTML, CSV and GitHub annotations (pure).

Public API::

    text = render_json(doc)               # gaps.json, the machine contract (SPEC section 5)
    text = render_markdown(doc, top=10)   # gaps.md, for a pull-request comment
    text = render_html(doc)               # gaps.html, a standalone page with inline SVG charts
    text = render_csv(doc)                # gaps.csv, one row per gap, safe to open in a spreadsheet
    lines = github_annotations(doc, top=5)   # "::warning title=Help-center gap::..." workflow commands
    paths = write_reports(doc, Path("reports"), formats=("json", "markdown", "html", "csv"))
    FORMATS["html"]                       # ("gaps.html", render_html), for the CLI's --format

``doc`` is the plain dict that :mod:`generator.gaps` computes. Every string in it may be hostile:
customer phrasings (``examples``, ``question``) are redacted but not escaped, and titles, names and even
language codes come from people. Each renderer escapes for its own format:

* Markdown: one line per cell, cut at :data:`CELL_LIMIT` characters, ``& < >`` as HTML entities, the
  Markdown punctuation backslash-escaped, and ``@`` followed by a zero-width space so that a customer's
  ``@name`` never mentions a GitHub user.
* HTML: everything through :func:`html.escape`; the page has no scripts and no external assets, and its
  Content-Security-Policy forbids both in case anything slipped through.
* CSV: a cell that starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP's
  CSV-injection advice); data rows are fully quoted so that a ``;`` inside a cell cannot start a new cell
  in spreadsheets that split on semicolons.
* Annotations: workflow-command escaping (``%`` ``\\r`` ``\\n``; and ``:`` ``,`` in properties).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .languages import NATIVE_NAMES

#: Longest Markdown table cell, in characters, before it is cut with "…".
CELL_LIMIT = 120
#: Longest customer example shown in the HTML page.
HTML_EXAMPLE_LIMIT = 240
#: Examples per gap in the HTML page (all of them go to gaps.json and gaps.csv).
HTML_EXAMPLES = 3
#: Rows per chart and per article table in the HTML page.
HTML_ROWS = 20
#: The language code of tickets whose language could not be told: never part of coverage.
UNDETERMINED = "und"

KIND_WORDS = {
    "missing_article": "Missing article",
    "unanswered_question": "Unanswered question",
    "missing_translation": "Missing translation",
    "stale_translation": "Stale translation",
}

CSV_HEADER = ("priority", "kind", "lang", "category", "tickets", "question", "article", "examples")
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")

# Control characters (but tab/newline/CR, which become spaces) and the bidirectional overrides
# and isolates that can make a line of text display as something else.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


# --------------------------------------------------------------------------- shared helpers

def _one_line(value, limit: int | None = None) -> str:
    """``value`` as one line of plain text: no control characters, runs of whitespace as one space."""
    text = "" if value is None else str(value)
    text = " ".join(_INVISIBLE.sub("", text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _count(value) -> str:
    """``2960`` -> ``2,960``; anything that is not a number -> ``—``."""
    return f"{round(value):,}" if _is_number(value) else "—"


def _num(value) -> float:
    """A number to compute with: non-numbers (and negatives) count as 0."""
    return max(float(value), 0.0) if _is_number(value) else 0.0


def _pct(value) -> str:
    """``0.72`` -> ``72%``; a share that is missing (no demand) -> ``—``."""
    return f"{value:.0%}" if _is_number(value) else "—"


def _plural(n, word: str) -> str:
    return f"{_count(n)} {word}" if n == 1 else f"{_count(n)} {word}s"


def kind_words(kind) -> str:
    """``missing_article`` -> ``Missing article``."""
    return KIND_WORDS.get(kind) or _one_line(kind).replace("_", " ").capitalize() or "Gap"


def _category(gap: dict) -> str:
    return _one_line(gap.get("category_name") or gap.get("category"))


def _article_label(article: dict | None) -> str:
    """``Title (id)`` of a gap's source article, or ``""``."""
    if not article:
        return ""
    title, ident = _one_line(article.get("title")), _one_line(article.get("id"))
    if title and ident:
        return f"{title} ({ident})"
    return title or ident


def describe_gap(gap: dict) -> str:
    """One plain-text sentence for a gap (not escaped: each format escapes it)."""
    lang, category, tickets = _one_line(gap.get("lang")), _category(gap), gap.get("tickets")
    where = f"{category}, {_plural(tickets, 'ticket')}" if category else _plural(tickets, "ticket")
    kind = gap.get("kind")
    article = gap.get("article") or {}
    title = _one_line(article.get("title") or article.get("id"))
    ident = _one_line(article.get("id"))
    source = f"“{title}” ({ident})" if ident and ident != title else f"“{title}”"
    if kind == "missing_article":
        return f"No {lang} article for {category or 'this category'} ({_plural(tickets, 'ticket')})"
    if kind == "unanswered_question" and gap.get("question"):
        return f"No {lang} article answers “{_one_line(gap['question'])}” ({where})"
    if kind == "missing_translation" and title:
        return f"{source} has no {lang} translation ({where})"
    if kind == "stale_translation" and title:
        return f"The {lang} translation of {source} is older than its source ({where})"
    return f"{kind_words(kind)} in {lang} ({where})"


def _gap_subject(gap: dict) -> str:
    """What the gap is about, for the "Question or article" column: the question or the source article."""
    if gap.get("question"):
        return _one_line(gap["question"])
    return _article_label(gap.get("article"))


def _languages(doc: dict) -> list[str]:
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


def _category_demand(category: dict) -> float:
    """A category's tickets in a known language (those coverage counts), else all its tickets."""
    by_lang = category.get("by_language")
    if not by_lang:
        return _num(category.get("tickets"))
    return sum(_num(n) for lang, n in by_lang.items() if lang != UNDETERMINED)


def _language_totals(doc: dict) -> dict[str, tuple[float, float]]:
    """``lang -> (classified tickets, answered tickets)`` for :func:`_languages`, summed over the categories."""
    totals = {lang: [0.0, 0.0] for lang in _languages(doc)}
    for category in doc.get("categories") or []:
        answered = category.get("answered") or {}
        for lang, n in (category.get("by_language") or {}).items():
            if lang in totals:
                totals[lang][0] += _num(n)
                totals[lang][1] += _num(answered.get(lang))
    return {lang: (t[0], t[1]) for lang, t in totals.items()}


def _classified(tickets: dict) -> float:
    if _is_number(tickets.get("classified")):
        return _num(tickets["classified"])
    return max(_num(tickets.get("total")) - _num(tickets.get("unclassified")), 0.0)


def _failing(doc: dict) -> list[dict]:
    return list((doc.get("findability") or {}).get("failing") or [])


# --------------------------------------------------------------------------- JSON

def render_json(doc: dict) -> str:
    """``gaps.json``: the document as it is (keys in their order), indented, UTF-8, newline-terminated."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --------------------------------------------------------------------------- Markdown

_AUTOLINK = re.compile(r"(?i)(?:://|www\.)")


def md_cell(value, limit: int | None = CELL_LIMIT) -> str:
    """``value`` safe inside a GitHub Markdown table cell: one line, cut, inert (no raw ``<``)."""
    text = _one_line(value, limit)
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
    langs = " · ".join(f"{cell(lang)} {_pct(share)}" for lang, share in (coverage.get("by_language") or {}).items())
    line = f"**Coverage {_pct(coverage.get('overall'))}** of {_plural(_classified(tickets), 'classified ticket')}"
    if langs:
        line += f" ({langs})"
    return line + f" · {_plural(len(doc.get('gaps') or []), 'gap')}"


def render_markdown(doc: dict, top: int = 10) -> str:
    """``gaps.md``: a summary line, the top gaps, coverage per language, and unfindable questions."""
    tickets = doc.get("tickets") or {}
    gaps = list(doc.get("gaps") or [])
    out = ["### Help-center gaps", ""]
    if not _num(tickets.get("total")):
        out += ["No tickets were read, so there is no demand to measure: give `--tickets` a ticket export "
                "(or list exports under `extra.helpcenter.tickets` in `mkdocs.yml`).", ""]
        return "\n".join(out)
    out += [_summary_line(doc, md_cell), ""]
    if not _classified(tickets):
        out += [f"None of the {_plural(tickets['total'], 'ticket')} could be classified, so there are no gaps to "
                "measure: add the export's own tags and keywords to `content/categories.yml`.", ""]
        return "\n".join(out)
    if _num(tickets.get("unclassified")):
        out += [f"_{_plural(tickets['unclassified'], 'ticket')} could not be classified and "
                f"{'is' if tickets['unclassified'] == 1 else 'are'} not counted._", ""]

    out += ["#### Top gaps", ""]
    if gaps:
        out += ["| Priority | Gap | Language | Category | Question or article | Example |",
                "| ---: | --- | --- | --- | --- | --- |"]
        for gap in gaps[:max(top, 0)]:
            subject = _gap_subject(gap)
            example = next((e for e in gap.get("examples") or [] if _one_line(e) != subject), "")
            out.append(_md_row([_count(gap.get("priority")), md_cell(kind_words(gap.get("kind"))),
                                md_cell(gap.get("lang")), md_cell(_category(gap)), md_cell(subject),
                                md_cell(example)]))
        if len(gaps) > top:
            out += ["", f"…and {_plural(len(gaps) - max(top, 0), 'more gap')} in `gaps.html` and `gaps.csv`."]
    else:
        out.append("No gaps: every category customers ask about has an up-to-date answer in their language.")
    out.append("")

    totals = _language_totals(doc)
    by_lang = (doc.get("coverage") or {}).get("by_language") or {}
    gap_counts: dict[str, int] = {}
    for gap in gaps:
        gap_counts[gap.get("lang")] = gap_counts.get(gap.get("lang"), 0) + 1
    if not _languages(doc):
        return "\n".join(out)
    out += ["#### Coverage by language", "",
            "| Language | Classified tickets | Answered | Coverage | Gaps |",
            "| --- | ---: | ---: | ---: | ---: |"]
    for lang in _languages(doc):
        demand, answered = totals.get(lang, (0.0, 0.0))
        out.append(_md_row([md_cell(lang), _count(demand), _count(answered), _pct(by_lang.get(lang)),
                            _count(gap_counts.get(lang, 0))]))
    out.append("")

    failing = _failing(doc)
    if failing:
        find = doc["findability"]
        out += ["#### Questions customers can't find", "",
                f"Findability {_pct(find.get('score'))} (threshold {_pct(find.get('threshold'))}) over "
                f"{_plural(find.get('checked'), 'checked question')}: the article exists, but searching the "
                "customer's words doesn't put it in the top results.", "",
                "| Language | Tickets | Question | Article they should find | Search rank |",
                "| --- | ---: | --- | --- | ---: |"]
        for item in failing[:max(top, 0)]:
            rank = item.get("rank")
            out.append(_md_row([md_cell(item.get("lang")), _count(item.get("tickets")), md_cell(item.get("question")),
                                md_cell(_article_label(item.get("article"))),
                                _count(rank) if _is_number(rank) else "not found"]))
        if len(failing) > top:
            out += ["", f"…and {_plural(len(failing) - max(top, 0), 'more question')} in `gaps.html`."]
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- CSV

def csv_cell(value) -> str:
    """``value`` as a spreadsheet-safe cell: a leading formula character gets a ``'`` in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_CSV_FORMULA) else text


def render_csv(doc: dict) -> str:
    """``gaps.csv``: ``priority,kind,lang,category,tickets,question,article,examples``, one row per gap.

    ``article`` is the source article's id (translation gaps); ``examples`` are joined with `` | ``.
    """
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CSV_HEADER)
    rows = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for gap in doc.get("gaps") or []:
        article = gap.get("article") or {}
        rows.writerow([csv_cell(v) for v in (
            gap.get("priority"), gap.get("kind"), gap.get("lang"), gap.get("category"), gap.get("tickets"),
            gap.get("question"), article.get("id"),
            " | ".join("" if e is None else str(e) for e in gap.get("examples") or []))])
    return buffer.getvalue()


# --------------------------------------------------------------------------- GitHub annotations

def _command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(doc: dict, top: int = 5) -> list[str]:
    """``::warning title=Help-center gap::<message>`` workflow commands for the ``top`` gaps."""
    title = _command_property("Help-center gap")
    return [f"::warning title={title}::{_command_data(_one_line(describe_gap(gap), 300))}"
            for gap in (doc.get("gaps") or [])[:max(top, 0)]]


# --------------------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --answered: #1a7f37; --demand: #0969da; --good: #dafbe1; --fair: #fff8c5; --poor: #ffebe9; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 1.8rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 40px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
p { margin: 8px 0; }
.muted, .note { color: var(--muted); }
.note { font-size: .875rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin: 24px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; background: var(--soft); }
.card b { display: block; font-size: 1.9rem; line-height: 1.2; font-variant-numeric: tabular-nums; }
.card span { color: var(--muted); font-size: .875rem; }
figure { margin: 16px 0 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg { display: block; width: 100%; height: auto; font-family: inherit; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .875rem; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td ul { margin: 0; padding-left: 18px; }
td small, th small { display: block; color: var(--muted); font-weight: 400; }
tbody th, tfoot th { background: none; white-space: normal; }
code { font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.kind { display: inline-block; white-space: nowrap; border: 1px solid currentColor; border-radius: 999px;
  padding: 0 8px; font-size: .75rem; font-weight: 600; }
.kind-missing_article { color: #cf222e; }
.kind-unanswered_question { color: #9a6700; }
.kind-missing_translation { color: #8250df; }
.kind-stale_translation { color: #0969da; }
.cov { text-align: center; white-space: nowrap; }
.cov b { font-variant-numeric: tabular-nums; }
.cov small { font-size: .75rem; }
.good { background: var(--good); }
.fair { background: var(--fair); }
.poor { background: var(--poor); }
footer { margin-top: 48px; color: var(--muted); font-size: .8rem; }
"""


def _e(value) -> str:
    """Escape for HTML text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _lang_label(lang) -> str:
    name = NATIVE_NAMES.get(lang) if isinstance(lang, str) else None
    return f"{_one_line(lang)} · {name}" if name else _one_line(lang)


def _bar_chart(chart_id: str, title: str, rows: list[tuple[str, float, float]]) -> str:
    """A horizontal bar chart: per row, demand (hatched, outlined) with the answered part solid on top.

    Numbers are written next to every bar, so neither the colours nor the bar lengths carry meaning alone.
    """
    width, label_w, bar_w, row_h, bar_h, top = 960, 250, 440, 30, 18, 34
    height = top + row_h * len(rows) + 6
    scale = bar_w / max([demand for _, demand, _ in rows] + [1.0])
    total_demand = sum(d for _, d, _ in rows)
    total_answered = sum(a for _, _, a in rows)
    share = _pct(total_answered / total_demand) if total_demand else "—"
    desc = (f"{_count(total_answered)} of {_count(total_demand)} tickets answered ({share}). "
            + "; ".join(f"{label}: {_count(a)} of {_count(d)} answered" for label, d, a in rows))
    hatch = f"{chart_id}-hatch"
    out = [f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}">',
           f'<title id="{chart_id}-t">{_e(title)}</title>',
           f'<desc id="{chart_id}-d">{_e(desc)}</desc>',
           f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
           f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ddf4ff"/>'
           f'<line x1="0" y1="0" x2="0" y2="6" stroke="#54aeff" stroke-width="2"/></pattern></defs>',
           # legend
           f'<rect x="{label_w}" y="6" width="16" height="14" fill="url(#{hatch})" stroke="#0969da"/>',
           f'<text x="{label_w + 22}" y="18" font-size="13" fill="#1f2328">Tickets (demand)</text>',
           f'<rect x="{label_w + 150}" y="6" width="16" height="14" fill="#1a7f37"/>',
           f'<text x="{label_w + 172}" y="18" font-size="13" fill="#1f2328">'
           f'Answered in the customer’s language</text>']
    for i, (label, demand, answered) in enumerate(rows):
        y = top + i * row_h
        text_y = y + bar_h / 2 + 5
        demand_w = max(demand * scale, 1.0 if demand else 0.0)
        answered_w = min(answered * scale, demand_w)
        shown = _one_line(label, 32)
        pct = _pct(answered / demand) if demand else "—"
        out.append(f'<text x="{label_w - 10}" y="{text_y:.1f}" font-size="13" text-anchor="end" fill="#1f2328">'
                   f'<title>{_e(label)}</title>{_e(shown)}</text>')
        if demand_w:
            out.append(f'<rect x="{label_w}" y="{y}" width="{demand_w:.1f}" height="{bar_h}" '
                       f'fill="url(#{hatch})" stroke="#0969da"/>')
        if answered_w:
            out.append(f'<rect x="{label_w}" y="{y}" width="{answered_w:.1f}" height="{bar_h}" fill="#1a7f37"/>')
        out.append(f'<text x="{label_w + demand_w + 8:.1f}" y="{text_y:.1f}" font-size="13" fill="#1f2328">'
                   f'<tspan font-weight="600">{_count(answered)}</tspan> of {_count(demand)} answered · '
                   f'<tspan font-weight="600">{pct}</tspan></text>')
    out.append("</svg>")
    return "\n".join(out)


def _coverage_class(share) -> str:
    if not _is_number(share):
        return ""
    return "good" if share >= 0.8 else "fair" if share >= 0.5 else "poor"


def _coverage_table(doc: dict, langs: list[str]) -> str:
    """Category x language: coverage, answered of asked, and how many articles carry the category."""
    coverage = (doc.get("coverage") or {}).get("by_language") or {}
    totals = _language_totals(doc)
    head = "".join(f'<th class="cov" scope="col">{_e(_lang_label(lang))}</th>' for lang in langs)
    rows = []
    for category in doc.get("categories") or []:
        by_lang = category.get("by_language") or {}
        answered = category.get("answered") or {}
        articles = category.get("articles") or {}
        shares = category.get("coverage") or {}
        cells = []
        for lang in langs:
            demand = _num(by_lang.get(lang))
            if not demand:
                cells.append('<td class="cov muted">—</td>')
                continue
            share = shares.get(lang) if _is_number(shares.get(lang)) else _num(answered.get(lang)) / demand
            n_articles = articles.get(lang)
            has_articles = _is_number(n_articles) and n_articles
            detail = (f"{_count(answered.get(lang) or 0)} of {_count(demand)}"
                      f" · {_plural(n_articles, 'article') if has_articles else 'no article'}")
            cells.append(f'<td class="cov {_coverage_class(share)}"><b>{_pct(share)}</b>'
                         f'<small>{_e(detail)}</small></td>')
        name = _one_line(category.get("name") or category.get("id"))
        rows.append(f'<tr><th scope="row">{_e(name)}<small><code>{_e(_one_line(category.get("id")))}</code></small>'
                    f'</th><td class="num">{_count(category.get("tickets"))}</td>{"".join(cells)}</tr>')
    foot = "".join(
        f'<td class="cov {_coverage_class(coverage.get(lang))}"><b>{_pct(coverage.get(lang))}</b>'
        f'<small>{_e(_count(totals.get(lang, (0, 0))[1]))} of {_e(_count(totals.get(lang, (0, 0))[0]))}</small></td>'
        for lang in langs)
    classified = sum(d for d, _ in totals.values())
    return ('<div class="table"><table><thead><tr><th scope="col">Category</th><th class="num" scope="col">Tickets</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody><tfoot><tr><th scope="row">All categories</th>'
            f'<td class="num">{_count(classified)}</td>{foot}</tr></tfoot></table></div>')


def _gap_rows(gaps: list[dict]) -> Iterator[str]:
    for gap in gaps:
        kind = gap.get("kind")
        css = f" kind-{kind}" if kind in KIND_WORDS else ""
        subject = ""
        if gap.get("question"):
            subject = f"“{_e(_one_line(gap['question']))}”"
        elif gap.get("article"):
            article = gap["article"]
            subject = (f"{_e(_one_line(article.get('title') or article.get('id')))}"
                       f"<small><code>{_e(_one_line(article.get('path') or article.get('id')))}</code></small>")
        question = _one_line(gap.get("question"))
        shown = [e for e in gap.get("examples") or [] if _one_line(e) != question][:HTML_EXAMPLES]
        examples = "".join(f"<li>{_e(_one_line(example, HTML_EXAMPLE_LIMIT))}</li>" for example in shown)
        yield (f'<tr><td class="num">{_count(gap.get("priority"))}</td>'
               f'<td><span class="kind{css}">{_e(kind_words(kind))}</span></td>'
               f'<td class="nowrap">{_e(_lang_label(gap.get("lang")))}</td><td>{_e(_category(gap))}</td>'
               f'<td>{subject or "—"}</td><td class="num">{_count(gap.get("tickets"))}</td>'
               f'<td>{f"<ul>{examples}</ul>" if examples else "—"}</td></tr>')


def _findability_section(find: dict) -> str:
    rows = []
    for item in find.get("failing") or []:
        article = item.get("article") or {}
        rank = item.get("rank")
        rows.append(f'<tr><td>{_e(_lang_label(item.get("lang")))}</td>'
                    f'<td class="num">{_count(item.get("tickets"))}</td>'
                    f'<td>“{_e(_one_line(item.get("question")))}”</td>'
                    f'<td>{_e(_one_line(article.get("title") or article.get("id")))}'
                    f'<small><code>{_e(_one_line(article.get("id")))}</code></small></td>'
                    f'<td class="num">{_count(rank) if _is_number(rank) else "not found"}</td></tr>')
    intro = (f'<p>Findability <b>{_pct(find.get("score"))}</b> (threshold {_pct(find.get("threshold"))}) over '
             f'{_plural(find.get("checked"), "checked question")}.')
    if not rows:
        return intro + " Every checked question finds its article.</p>"
    return (intro + " These questions have an article, but searching the customer’s words doesn’t put it in the "
            "top results: add their phrasing to the article’s <code>search_aliases</code>.</p>"
            '<div class="table"><table><thead><tr><th scope="col">Language</th><th class="num" scope="col">Tickets</th>'
            '<th scope="col">Question</th><th scope="col">Article they should find</th>'
            f'<th class="num" scope="col">Search rank</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _articles_table(articles: list[dict]) -> str:
    ranked = sorted(articles, key=lambda a: -_num(a.get("tickets")))[:HTML_ROWS]
    rows = []
    for a in ranked:
        categories = ", ".join(_one_line(c) for c in a.get("categories") or []) or "—"
        suggested = (" <small>suggested, not in front matter yet</small>"
                     if a.get("categories_source") == "suggested" else "")
        rows.append(f'<tr><td>{_e(_one_line(a.get("title") or a.get("id")))}<small><code>{_e(_one_line(a.get("path")))}'
                    f'</code></small></td><td>{_e(_lang_label(a.get("lang")))}</td><td>{_e(categories)}{suggested}</td>'
                    f'<td class="num">{_count(a.get("tickets"))}</td></tr>')
    more = (f'<p class="note">Top {len(ranked)} of {_count(len(articles))} articles; all of them are in '
            "<code>gaps.json</code>.</p>" if len(articles) > len(ranked) else "")
    return ('<div class="table"><table><thead><tr><th scope="col">Article</th><th scope="col">Language</th>'
            '<th scope="col">Categories</th><th class="num" scope="col">Tickets</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>{more}')


def render_html(doc: dict) -> str:
    """``gaps.html``: a standalone page (inline CSS and SVG, no script, no external asset)."""
    tickets = doc.get("tickets") or {}
    coverage = doc.get("coverage") or {}
    gaps = list(doc.get("gaps") or [])
    categories = list(doc.get("categories") or [])
    find = doc.get("findability")
    langs = _languages(doc)
    total = _num(tickets.get("total"))
    classified = _classified(tickets)

    cards = [("Coverage", _pct(coverage.get("overall")), f"of {_plural(classified, 'classified ticket')}"),
             ("Tickets", _count(total), f"{_count(tickets.get('unclassified') or 0)} unclassified"),
             ("Gaps", _count(len(gaps)), "missing, unanswered or out of date"),
             ("Languages", _count(len(langs)), " · ".join(_one_line(lang) for lang in langs) or "none")]
    if find:
        cards.append(("Findability", _pct(find.get("score")), f"threshold {_pct(find.get('threshold'))}"))
    body = ['<header><h1>Help-center gap report</h1>',
            f'<p class="muted">What customers ask, against what the help center answers in their language. '
            f'Generated {_e(_one_line(doc.get("generated")) or "—")}.</p></header>',
            '<section class="cards" aria-label="Summary">'
            + "".join(f'<div class="card">{_e(label)}<b>{_e(value)}</b><span>{_e(note)}</span></div>'
                      for label, value, note in cards) + "</section>"]

    if not total:
        body.append("<p>No tickets were read, so there is no demand to measure. Give <code>--tickets</code> a "
                    "ticket export, or list exports under <code>extra.helpcenter.tickets</code> in "
                    "<code>mkdocs.yml</code>.</p>")
    else:
        body.append("<h2>Demand and answers</h2>"
                    "<p>Each bar is the tickets customers sent; the solid part is the tickets an article answers in "
                    "the customer’s own language.</p>")
        totals = _language_totals(doc)
        lang_rows = [(_lang_label(lang), *totals[lang]) for lang in langs if totals.get(lang, (0, 0))[0]]
        if lang_rows:
            body.append('<figure><figcaption>By language</figcaption>'
                        f'{_bar_chart("chart-lang", "Tickets and answered tickets by language", lang_rows)}</figure>')
        cat_rows = [(_one_line(c.get("name") or c.get("id")), _category_demand(c),
                     sum(_num(v) for v in (c.get("answered") or {}).values())) for c in categories[:HTML_ROWS]]
        if cat_rows:
            body.append('<figure><figcaption>By category</figcaption>'
                        f'{_bar_chart("chart-cat", "Tickets and answered tickets by category", cat_rows)}</figure>')
            if len(categories) > HTML_ROWS:
                body.append(f'<p class="note">The {HTML_ROWS} busiest of {_count(len(categories))} categories; '
                            "the table below lists them all.</p>")

        body.append("<h2>Gaps</h2>")
        if gaps:
            body.append("<p>Highest priority first: the number of tickets each gap leaves without an answer.</p>"
                        '<div class="table"><table><thead><tr><th class="num" scope="col">Priority</th>'
                        '<th scope="col">Gap</th><th scope="col">Language</th><th scope="col">Category</th>'
                        '<th scope="col">Question or article</th><th class="num" scope="col">Tickets</th>'
                        '<th scope="col">Customers wrote (redacted)</th></tr></thead>'
                        f'<tbody>{"".join(_gap_rows(gaps))}</tbody></table></div>')
        else:
            body.append("<p>No gaps: every category customers ask about has an up-to-date answer in their "
                        "language.</p>")

        if categories:
            body.append("<h2>Coverage by category and language</h2>"
                        "<p>Share of each category’s tickets answered in the customer’s language, with the tickets "
                        "answered of those asked and the articles tagged with the category.</p>"
                        + _coverage_table(doc, langs))

    if find:
        body.append("<h2>Questions customers can’t find</h2>" + _findability_section(find))
    if doc.get("articles"):
        body.append("<h2>Articles by demand</h2>" + _articles_table(list(doc["articles"])))

    settings = doc.get("settings") or {}
    notes = [f"{_one_line(k).replace('_', ' ')} {_one_line(v)}" for k, v in settings.items()]
    body.append("<footer><p>Customer phrasings are redacted (e-mail addresses, phone numbers, cards and order "
                "numbers) but remain customers’ words: keep this report internal.</p>"
                + (f"<p>Settings: {_e(' · '.join(notes))}.</p>" if notes else "") + "</footer>")

    return "\n".join([
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="robots" content="noindex">',
        "<title>Help-center gap report</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


# --------------------------------------------------------------------------- writing

FORMATS: dict[str, tuple[str, Callable[[dict], str]]] = {
    "json": ("gaps.json", render_json),
    "markdown": ("gaps.md", render_markdown),
    "html": ("gaps.html", render_html),
    "csv": ("gaps.csv", render_csv),
}


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as they are) to a temporary sibling, then rename it over ``path``."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_reports(doc: dict, reports_dir: Path,
                  formats: Iterable[str] = ("json", "markdown", "html", "csv")) -> list[Path]:
    """Render ``formats`` of ``doc`` into ``reports_dir`` (created if needed); the written paths, in order.

    Every format is rendered before any file is written, so a rendering error leaves the folder untouched.
    """
    names = list(dict.fromkeys(formats))
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r}: choose from {', '.join(FORMATS)}")
    rendered = [(FORMATS[name][0], FORMATS[name][1](doc)) for name in names]
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, text in rendered:
        path = reports_dir / filename
        write_atomic(path, text)
        paths.append(path)
    return paths
