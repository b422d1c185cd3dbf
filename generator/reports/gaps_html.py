"""``gaps.html``: a standalone page with inline SVG charts.

Everything goes through :func:`html.escape`; the page has no scripts and no external assets, and
its Content-Security-Policy forbids both in case anything slipped through.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from generator.languages import NATIVE_NAMES
import datetime as dt

from generator.reports.common import (
    HTML_EXAMPLES, HTML_EXAMPLE_LIMIT, HTML_ROWS, KIND_WORDS, action_text, article_title, as_number,
    category_demand, category_label, classified_total, count_text, coverage_interval, demand_text,
    feedback_line, is_number, kind_words, language_totals, one_line, percent, plural, report_languages,
    site_link, topics_text, words_list,
)

#: Most bars per series in the timeline chart: days, else weeks, else months (the latest ones).
TIMELINE_BUCKETS = 14

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
.kind { display: inline-block; border: 1px solid currentColor; border-radius: 999px;
  padding: 0 8px; font-size: .75rem; font-weight: 600; }
.kind-missing_article { color: #cf222e; }
.kind-unanswered_question { color: #9a6700; }
.kind-missing_translation { color: #8250df; }
.kind-stale_translation { color: #0969da; }
.kind-missing_language { color: #bc4c00; }
.kind-new_topic { color: #1a7f37; }
.kind-search_miss { color: #0550ae; }
.kind-unhelpful_article { color: #a40e26; }
.todo small { margin-top: 4px; }
.table td { overflow-wrap: anywhere; }
.table td.todo { min-width: 17em; }
.cov { text-align: center; white-space: nowrap; }
.cov b { font-variant-numeric: tabular-nums; }
.cov small { font-size: .75rem; }
.good { background: var(--good); }
.fair { background: var(--fair); }
.poor { background: var(--poor); }
footer { margin-top: 48px; color: var(--muted); font-size: .8rem; }
/* Phones: two cards a row; charts keep a readable size and scroll sideways inside their frame;
   every table row becomes a card, each cell labelled with its column (data-label, from the header). */
@media (max-width: 640px) {
  main { padding: 20px 14px 48px; }
  h1 { font-size: 1.5rem; }
  h2 { margin-top: 32px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; margin-top: 16px; }
  .card { padding: 10px 12px; overflow-wrap: anywhere; }
  .card b { font-size: 1.5rem; }
  figure { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; padding: 6px 0; }
  figcaption { padding: 0 10px; position: sticky; left: 0; }
  figure svg { width: 820px; max-width: none; }
  .table { overflow: visible; }
  .table table, .table tbody, .table tfoot, .table tr, .table td, .table tbody th, .table tfoot th { display: block; }
  .table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; }
  .table tr { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; padding: 6px 12px; }
  .table tfoot tr { background: var(--soft); }
  .table td, .table tbody th, .table tfoot th { display: flow-root; border: 0; padding: 4px 0 4px 7.5em;
    text-align: left; white-space: normal; overflow-wrap: anywhere; }
  .table tbody th[scope=row], .table tfoot th[scope=row] { padding-left: 0; font-size: 1rem; }
  .table td::before { content: attr(data-label); float: left; margin-left: -7.5em; width: 7em;
    color: var(--muted); font-size: .8rem; font-weight: 600; overflow-wrap: normal; }
  .nowrap, .kind, .num, .cov { white-space: normal; }
  .table td.todo { min-width: 0; }
}
"""


_TABLE = re.compile(r'<div class="table"><table>.*?</table></div>', re.S)
_COLUMN = re.compile(r'<th\b[^>]*scope="col"[^>]*>(.*?)</th>', re.S)
_CELL = re.compile(r'<(td\b|th scope="row")')


def _labelled(part: str) -> str:
    """Each table's body cells get ``data-label`` = their column's header text, for the stacked phone layout."""

    def label(table: re.Match) -> str:
        text = table.group(0)
        head, _, rest = text.partition("</thead>")
        columns = [_e(html.unescape(re.sub(r"<[^>]+>", "", c)).strip()) for c in _COLUMN.findall(head)]
        rows = rest.split("<tr>")
        for r, row in enumerate(rows):
            cells = iter(columns)
            rows[r] = _CELL.sub(lambda m, cells=cells: f'<{m.group(1)} data-label="{next(cells, "")}"', row)
        return head + "</thead>" + "<tr>".join(rows)

    return _TABLE.sub(label, part)


def _e(value) -> str:
    """Escape for HTML text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _lang_label(lang) -> str:
    name = NATIVE_NAMES.get(lang) if isinstance(lang, str) else None
    return f"{one_line(lang)} · {name}" if name else one_line(lang)


def _bar_chart(chart_id: str, title: str, rows: list[tuple[str, float, float]]) -> str:
    """A horizontal bar chart: per row, demand (hatched, outlined) with the answered part solid on top.

    Numbers are written next to every bar, so neither the colours nor the bar lengths carry meaning alone.
    """
    width, label_w, bar_w, row_h, bar_h, top = 960, 250, 440, 30, 18, 34
    height = top + row_h * len(rows) + 6
    scale = bar_w / max([demand for _, demand, _ in rows] + [1.0])
    total_demand = sum(d for _, d, _ in rows)
    total_answered = sum(a for _, _, a in rows)
    share = percent(total_answered / total_demand) if total_demand else "—"
    desc = (f"{count_text(total_answered)} of {count_text(total_demand)} tickets answered ({share}). "
            + "; ".join(f"{label}: {count_text(a)} of {count_text(d)} answered" for label, d, a in rows))
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
        shown = one_line(label, 32)
        pct = percent(answered / demand) if demand else "—"
        out.append(f'<text x="{label_w - 10}" y="{text_y:.1f}" font-size="13" text-anchor="end" fill="#1f2328">'
                   f'<title>{_e(label)}</title>{_e(shown)}</text>')
        if demand_w:
            out.append(f'<rect x="{label_w}" y="{y}" width="{demand_w:.1f}" height="{bar_h}" '
                       f'fill="url(#{hatch})" stroke="#0969da"/>')
        if answered_w:
            out.append(f'<rect x="{label_w}" y="{y}" width="{answered_w:.1f}" height="{bar_h}" fill="#1a7f37"/>')
        out.append(f'<text x="{label_w + demand_w + 8:.1f}" y="{text_y:.1f}" font-size="13" fill="#1f2328">'
                   f'<tspan font-weight="600">{count_text(answered)}</tspan> of {count_text(demand)} answered · '
                   f'<tspan font-weight="600">{pct}</tspan></text>')
    out.append("</svg>")
    return "\n".join(out)


def _coverage_class(share) -> str:
    if not is_number(share):
        return ""
    return "good" if share >= 0.8 else "fair" if share >= 0.5 else "poor"


def _coverage_table(doc: dict, langs: list[str]) -> str:
    """Category x language: coverage, answered of asked, and how many articles carry the category."""
    coverage = (doc.get("coverage") or {}).get("by_language") or {}
    totals = language_totals(doc)
    head = "".join(f'<th class="cov" scope="col">{_e(_lang_label(lang))}</th>' for lang in langs)
    rows = []
    for category in doc.get("categories") or []:
        by_lang = category.get("by_language") or {}
        answered = category.get("answered") or {}
        articles = category.get("articles") or {}
        shares = category.get("coverage") or {}
        cells = []
        for lang in langs:
            demand = as_number(by_lang.get(lang))
            if not demand:
                cells.append('<td class="cov muted">—</td>')
                continue
            share = shares.get(lang) if is_number(shares.get(lang)) else as_number(answered.get(lang)) / demand
            n_articles = articles.get(lang)
            has_articles = is_number(n_articles) and n_articles
            detail = (f"{count_text(answered.get(lang) or 0)} of {count_text(demand)}"
                      f" · {plural(n_articles, 'article') if has_articles else 'no article'}")
            cells.append(f'<td class="cov {_coverage_class(share)}"><b>{percent(share)}</b>'
                         f'<small>{_e(detail)}</small></td>')
        name = one_line(category.get("name") or category.get("id"))
        rows.append(f'<tr><th scope="row">{_e(name)}<small><code>{_e(one_line(category.get("id")))}</code></small>'
                    f'</th><td class="num">{count_text(category.get("tickets"))}</td>{"".join(cells)}</tr>')
    foot = "".join(
        f'<td class="cov {_coverage_class(coverage.get(lang))}"><b>{percent(coverage.get(lang))}</b>'
        f'<small>{_e(count_text(totals.get(lang, (0, 0))[1]))} of {_e(count_text(totals.get(lang, (0, 0))[0]))}</small>'
        + (f'<small>95%: {_e(coverage_interval(doc, lang))}</small>'
           if totals.get(lang, (0, 0))[0] and coverage_interval(doc, lang) else "") + '</td>'
        for lang in langs)
    classified = sum(d for d, _ in totals.values())
    return ('<div class="table"><table><thead><tr><th scope="col">Category</th><th class="num" scope="col">Tickets</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody><tfoot><tr><th scope="row">All categories</th>'
            f'<td class="num">{count_text(classified)}</td>{foot}</tr></tfoot></table></div>')


def _link(doc: dict, url, text: str) -> str:
    """``text`` (already escaped) as a link to the published page ``url`` when the report knows the site's URL."""
    href = site_link(doc, url)
    return f'<a href="{_e(href)}">{text}</a>' if href else text


def _best_article(doc: dict, gap: dict) -> str:
    """The best (answering) or nearest article of a question's gap, its section linked, and the words it lacks."""
    best = gap.get("best_article")
    if not best:
        return ""
    answers = gap.get("kind") == "search_miss" and gap.get("action") == "add_aliases"
    name = _e(article_title(best))
    if best.get("section"):
        name += f" › {_e(one_line(best['section']))}"
    score = f" (score {best['score']:.2f})" if is_number(best.get("score")) else ""
    missing = words_list(best.get("missing"))
    return (f"<small>{'Answers it' if answers else 'Nearest'}: {_link(doc, best.get('url'), name)}{score}"
            + (f"; lacks: <i>{_e(missing)}</i>" if missing else "") + "</small>")


def _todo(doc: dict, gap: dict) -> str:
    """The "What to do" cell: the action on its target, then the nearest article."""
    return f'<td class="todo">{_e(action_text(gap))}{_best_article(doc, gap)}</td>'


def _gap_rows(doc: dict, gaps: list[dict]) -> Iterator[str]:
    for gap in gaps:
        kind = gap.get("kind")
        css = f" kind-{kind}" if kind in KIND_WORDS else ""
        subject = ""
        if gap.get("question"):
            subject = f"“{_e(one_line(gap['question']))}”"
        elif kind == "missing_language":
            topics = topics_text(gap)
            subject = f"No help center in {_e(one_line(gap.get('lang')))}" + (
                f"<small>Top topics: {_e(topics)}</small>" if topics else "")
        elif gap.get("article"):
            article = gap["article"]
            subject = (f"{_e(one_line(article.get('title') or article.get('id')))}"
                       f"<small><code>{_e(one_line(article.get('path') or article.get('id')))}</code></small>")
        question = one_line(gap.get("question"))
        shown = [e for e in gap.get("examples") or [] if one_line(e) != question][:HTML_EXAMPLES]
        examples = "".join(f"<li>{_e(one_line(example, HTML_EXAMPLE_LIMIT))}</li>" for example in shown)
        unit = demand_text(gap).partition(" ")[2]
        yield (f'<tr><td class="num">{count_text(gap.get("priority"))}<small>{_e(unit)}</small></td>'
               f'<td><span class="kind{css}">{_e(kind_words(kind))}</span></td>'
               f'<td class="nowrap">{_e(_lang_label(gap.get("lang")))}</td><td>{_e(category_label(gap)) or "—"}</td>'
               f'<td>{subject or "—"}</td>{_todo(doc, gap)}'
               f'<td>{f"<ul>{examples}</ul>" if examples else "—"}</td></tr>')


def _findability_section(find: dict) -> str:
    rows = []
    for item in find.get("failing") or []:
        article = item.get("article") or {}
        rank = item.get("rank")
        rows.append(f'<tr><td>{_e(_lang_label(item.get("lang")))}</td>'
                    f'<td class="num">{count_text(item.get("tickets"))}</td>'
                    f'<td>“{_e(one_line(item.get("question")))}”</td>'
                    f'<td>{_e(one_line(article.get("title") or article.get("id")))}'
                    f'<small><code>{_e(one_line(article.get("id")))}</code></small></td>'
                    f'<td class="num">{count_text(rank) if is_number(rank) else "not found"}</td></tr>')
    intro = (f'<p>Findability <b>{percent(find.get("score"))}</b> (threshold {percent(find.get("threshold"))}) over '
             f'{plural(find.get("checked"), "checked question")}.')
    if not rows:
        return intro + " Every checked question finds its article.</p>"
    return (intro + " These questions have an article, but searching the customer’s words doesn’t put it in the "
            "top results: add their phrasing to the article’s <code>search_aliases</code>.</p>"
            '<div class="table"><table><thead><tr><th scope="col">Language</th><th class="num" scope="col">Tickets</th>'
            '<th scope="col">Question</th><th scope="col">Article they should find</th>'
            f'<th class="num" scope="col">Search rank</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _articles_table(articles: list[dict]) -> str:
    ranked = sorted(articles, key=lambda a: -as_number(a.get("tickets")))[:HTML_ROWS]
    rows = []
    for a in ranked:
        categories = ", ".join(one_line(c) for c in a.get("categories") or []) or "—"
        suggested = (" <small>suggested, not in front matter yet</small>"
                     if a.get("categories_source") == "suggested" else "")
        rows.append(f'<tr><td>{_e(one_line(a.get("title") or a.get("id")))}<small><code>{_e(one_line(a.get("path")))}'
                    f'</code></small></td><td>{_e(_lang_label(a.get("lang")))}</td><td>{_e(categories)}{suggested}</td>'
                    f'<td class="num">{count_text(a.get("tickets"))}</td></tr>')
    more = (f'<p class="note">Top {len(ranked)} of {count_text(len(articles))} articles; all of them are in '
            "<code>gaps.json</code>.</p>" if len(articles) > len(ranked) else "")
    return ('<div class="table"><table><thead><tr><th scope="col">Article</th><th scope="col">Language</th>'
            '<th scope="col">Categories</th><th class="num" scope="col">Tickets</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>{more}')


def render_html(doc: dict) -> str:
    """``gaps.html``: a standalone page (inline CSS and SVG, no script, no external asset)."""
    find = doc.get("findability")
    body = _header(doc)
    if not as_number((doc.get("tickets") or {}).get("total")):
        body.append("<p>No tickets were read, so there is no demand to measure. Give <code>--tickets</code> a "
                    "ticket export, or list exports under <code>extra.helpcenter.tickets</code> in "
                    "<code>mkdocs.yml</code>.</p>")
        if doc.get("feedback"):
            body.append(_feedback_section(doc))
    else:
        body += _demand_section(doc)
        body.append(_gaps_section(doc, list(doc.get("gaps") or [])))
        if doc.get("feedback"):
            body.append(_feedback_section(doc))
        if doc.get("categories"):
            body.append("<h2>Coverage by category and language</h2>"
                        "<p>Share of each category’s tickets answered in the customer’s language, with the tickets "
                        "answered of those asked and the articles tagged with the category. The last row gives each "
                        "language’s 95% interval (Wilson): where its true coverage lies, given how few or many "
                        "tickets it is measured on.</p>"
                        + _coverage_table(doc, report_languages(doc)))
    if find:
        body.append("<h2>Questions customers can’t find</h2>" + _findability_section(find))
    if doc.get("housekeeping"):
        body.append(_housekeeping_section(doc))
    if doc.get("articles"):
        body.append("<h2>Articles by demand</h2>" + _articles_table(list(doc["articles"])))
    body.append(_footer(doc.get("settings") or {}))
    body = [_labelled(part) for part in body]
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


def _header(doc: dict) -> list[str]:
    """The title, when the report was generated, and the summary cards."""
    tickets = doc.get("tickets") or {}
    coverage = doc.get("coverage") or {}
    find = doc.get("findability")
    langs = report_languages(doc)
    interval = coverage_interval(doc) if classified_total(tickets) else ""
    cards = [("Coverage", percent(coverage.get("overall")),
              f"of {plural(classified_total(tickets), 'classified ticket')}"
              + (f" · 95% interval {interval}" if interval else "")),
             ("Tickets", count_text(as_number(tickets.get("total"))),
              f"{count_text(tickets.get('unclassified') or 0)} unclassified"),
             ("Gaps", count_text(len(doc.get("gaps") or [])), "missing, unanswered or out of date"),
             ("Languages", count_text(len(langs)), " · ".join(one_line(lang) for lang in langs) or "none")]
    if find:
        cards.append(("Findability", percent(find.get("score")), f"threshold {percent(find.get('threshold'))}"))
    feedback = doc.get("feedback")
    if feedback:
        votes = feedback.get("votes") or {}
        cards.append(("Searches found nothing", count_text(feedback.get("searches")),
                      f"{count_text(votes.get('no'))} of {count_text(as_number(votes.get('no')) + as_number(votes.get('yes')))}"
                      " votes not helpful"))
    return ['<header><h1>Help-center gap report</h1>',
            f'<p class="muted">What customers ask, against what the help center answers in their language. '
            f'Generated {_e(one_line(doc.get("generated")) or "—")}.</p></header>',
            '<section class="cards" aria-label="Summary">'
            + "".join(f'<div class="card">{_e(label)}<b>{_e(value)}</b><span>{_e(note)}</span></div>'
                      for label, value, note in cards) + "</section>"]


def _demand_section(doc: dict) -> list[str]:
    """"Demand and answers": the bar charts by language and by category."""
    categories = list(doc.get("categories") or [])
    body = ["<h2>Demand and answers</h2>"
            "<p>Each bar is the tickets customers sent; the solid part is the tickets an article answers in "
            "the customer’s own language.</p>"]
    totals = language_totals(doc)
    lang_rows = [(_lang_label(lang), *totals[lang]) for lang in report_languages(doc)
                 if totals.get(lang, (0, 0))[0]]
    if lang_rows:
        body.append('<figure><figcaption>By language</figcaption>'
                    f'{_bar_chart("chart-lang", "Tickets and answered tickets by language", lang_rows)}</figure>')
    cat_rows = [(one_line(c.get("name") or c.get("id")), category_demand(c),
                 sum(as_number(v) for v in (c.get("answered") or {}).values())) for c in categories[:HTML_ROWS]]
    if cat_rows:
        body.append('<figure><figcaption>By category</figcaption>'
                    f'{_bar_chart("chart-cat", "Tickets and answered tickets by category", cat_rows)}</figure>')
        if len(categories) > HTML_ROWS:
            body.append(f'<p class="note">The {HTML_ROWS} busiest of {count_text(len(categories))} categories; '
                        "the table below lists them all.</p>")
    return body


def _gaps_section(doc: dict, gaps: list[dict]) -> str:
    """"Gaps": the table of every gap, highest priority first."""
    if not gaps:
        return ("<h2>Gaps</h2>\n<p>No gaps: every category customers ask about has an up-to-date answer in their "
                "language.</p>")
    return ("<h2>Gaps</h2>\n<p>Highest priority first: the demand each gap leaves without an answer (tickets, and "
            "with site feedback the searches that found nothing and the “not helpful” votes: one shopper each).</p>"
            '<div class="table"><table><thead><tr><th class="num" scope="col">Priority</th>'
            '<th scope="col">Gap</th><th scope="col">Language</th><th scope="col">Category</th>'
            '<th scope="col">Question or article</th><th scope="col">What to do</th>'
            '<th scope="col">Customers wrote (redacted)</th></tr></thead>'
            f'<tbody>{"".join(_gap_rows(doc, gaps))}</tbody></table></div>')


def _buckets(timeline: list[dict]) -> tuple[str, list[tuple[str, Counter]]]:
    """The timeline in at most :data:`TIMELINE_BUCKETS` bars: (unit, [(label, counts)]), by day, week or month."""
    days: list[tuple[dt.date, dict]] = []
    for row in timeline:
        try:
            days.append((dt.date.fromisoformat(str(row.get("day"))), row))
        except ValueError:
            continue
    if not days:
        return "day", []
    days.sort(key=lambda d: d[0])
    span = (days[-1][0] - days[0][0]).days + 1
    unit, key = (("day", lambda d: d) if span <= TIMELINE_BUCKETS
                 else ("week", lambda d: d - dt.timedelta(days=d.weekday())) if span <= TIMELINE_BUCKETS * 7
                 else ("month", lambda d: d.replace(day=1)))
    buckets: dict[dt.date, Counter] = {}
    for day, row in days:
        counts = buckets.setdefault(key(day), Counter())
        for field in ("searches", "yes", "no"):
            counts[field] += int(as_number(row.get(field)))
    shown = sorted(buckets.items())[-TIMELINE_BUCKETS:]
    label = (lambda d: d.strftime("%b %Y")) if unit == "month" else (lambda d: f"{d.day} {d.strftime('%b')}")
    return unit, [(label(d), c) for d, c in shown]


_SERIES = (("searches", "Searches that found nothing", "#0969da"), ("no", "“Not helpful” votes", "#cf222e"),
           ("yes", "“Helpful” votes", "#1a7f37"))


def _timeline_chart(timeline: list[dict]) -> str:
    """Grouped bars per day, week or month: searches that found nothing, "not helpful" and "helpful" votes,
    each with its number above it (colour is never the only cue: the legend, the numbers and the description)."""
    unit, buckets = _buckets(timeline)
    if not buckets:
        return ""
    width, left, top, plot_h, base_gap = 960, 40, 44, 170, 46
    slot = (width - left - 10) / len(buckets)
    bar_w = min(slot / 4, 30)
    peak = max([c[f] for _, c in buckets for f, _, _ in _SERIES] + [1])
    height = top + plot_h + base_gap
    base = top + plot_h
    desc = f"Per {unit}: " + "; ".join(
        f"{label}: {plural(c['searches'], 'search').replace('searchs', 'searches')} found nothing, "
        f"{count_text(c['no'])} not helpful, {count_text(c['yes'])} helpful" for label, c in buckets)
    out = [f'<svg role="img" aria-labelledby="chart-feedback-t chart-feedback-d" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}">',
           '<title id="chart-feedback-t">Searches that found nothing and votes over time</title>',
           f'<desc id="chart-feedback-d">{_e(desc)}</desc>']
    x = left
    for _, name, colour in _SERIES:  # legend
        out.append(f'<rect x="{x}" y="6" width="16" height="14" fill="{colour}"/>'
                   f'<text x="{x + 22}" y="18" font-size="13" fill="#1f2328">{_e(name)}</text>')
        x += 22 + 9 * len(name) + 24
    out.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#d1d9e0"/>')
    for i, (label, counts) in enumerate(buckets):
        x0 = left + i * slot + (slot - 3 * bar_w) / 2
        for j, (field, _, colour) in enumerate(_SERIES):
            n = counts[field]
            h = n / peak * plot_h
            bx = x0 + j * bar_w
            if n:
                out.append(f'<rect x="{bx:.1f}" y="{base - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                           f'fill="{colour}"/>')
            out.append(f'<text x="{bx + (bar_w - 2) / 2:.1f}" y="{base - h - 4:.1f}" font-size="12" '
                       f'text-anchor="middle" fill="#1f2328">{count_text(n)}</text>')
        out.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{base + 20}" font-size="13" text-anchor="middle" '
                   f'fill="#1f2328">{_e(label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _feedback_section(doc: dict) -> str:
    """"Site searches and votes": what ``--feedback`` held, a chart over time, and its rows."""
    feedback = doc.get("feedback")
    if not feedback:
        return ""
    gaps = list(doc.get("gaps") or [])
    parts = ["<h2>Site searches and votes</h2>",
             f"<p>{_e(feedback_line(feedback))} Each search that found nothing and each “not helpful” vote counts "
             "as one shopper, ranked among the ticket gaps above.</p>"]
    _, buckets = _buckets(list(feedback.get("timeline") or []))
    if buckets:
        unit = _buckets(list(feedback["timeline"]))[0]
        caption = {"day": "Per day", "week": "Per week (from Monday)", "month": "Per month"}[unit]
        parts.append(f"<figure><figcaption>{caption}</figcaption>{_timeline_chart(list(feedback['timeline']))}"
                     "</figure>")
    misses = [g for g in gaps if g.get("kind") == "search_miss"]
    if misses:
        rows = "".join(
            f'<tr><td class="num">{count_text(g.get("searches", g.get("tickets")))}</td>'
            f'<td class="nowrap">{_e(_lang_label(g.get("lang")))}</td><td>“{_e(one_line(g.get("question")))}”</td>'
            f'<td>{_e(words_list(g.get("examples"))) or "—"}</td>{_todo(doc, g)}</tr>' for g in misses[:HTML_ROWS])
        parts.append('<h3>Searches that found nothing</h3><div class="table"><table><thead><tr>'
                     '<th class="num" scope="col">Searches</th><th scope="col">Language</th>'
                     '<th scope="col">Searched for</th><th scope="col">Also typed</th><th scope="col">What to do</th>'
                     f'</tr></thead><tbody>{rows}</tbody></table></div>')
    unhelpful = [g for g in gaps if g.get("kind") == "unhelpful_article"]
    if unhelpful:
        rows = "".join(
            f'<tr><td class="num">{count_text((g.get("votes") or {}).get("no"))}</td>'
            f'<td class="num">{count_text((g.get("votes") or {}).get("yes"))}</td>'
            f'<td class="nowrap">{_e(_lang_label(g.get("lang")))}</td>'
            f'<td>{_e(article_title(g.get("article")))}<small><code>{_e(one_line((g.get("article") or {}).get("path")))}'
            f'</code></small></td>{_todo(doc, g)}</tr>' for g in unhelpful[:HTML_ROWS])
        parts.append('<h3>Articles voted not helpful</h3><div class="table"><table><thead><tr>'
                     '<th class="num" scope="col">Not helpful</th><th class="num" scope="col">Helpful</th>'
                     '<th scope="col">Language</th><th scope="col">Article</th><th scope="col">What to do</th>'
                     f'</tr></thead><tbody>{rows}</tbody></table></div>')
    if not misses and not unhelpful:
        parts.append(f"<p>No search was made {_e(plural(feedback.get('min_searches'), 'time'))} without a result, "
                     "and no article has more “no” than “yes” votes.</p>")
    return "\n".join(parts)


def _housekeeping_section(doc: dict) -> str:
    """"Housekeeping": stale translations no ticket reaches (not gaps)."""
    items = list(doc.get("housekeeping") or [])
    if not items:
        return ""
    rows = []
    for item in items:
        article = item.get("article") or {}
        dates = (f"translated {one_line(item.get('updated'))}, its source changed {one_line(item.get('source_updated'))}"
                 if item.get("updated") and item.get("source_updated") else "")
        rows.append(f'<li>{_e(_lang_label(item.get("lang")))}: update {_e(article_title(article))} '
                    f'<code>{_e(one_line(article.get("path")))}</code>{f" ({_e(dates)})" if dates else ""}</li>')
    return ("<h2>Housekeeping</h2><p>No ticket reaches these, so they are not gaps; update them when there is time."
            f"</p><ul>{''.join(rows)}</ul>")


def _footer(settings: dict) -> str:
    """The privacy note and the settings the report was computed with."""
    notes = [f"{one_line(k).replace('_', ' ')} {one_line(v)}" for k, v in settings.items()]
    return ("<footer><p>Customer phrasings are redacted (e-mail addresses, phone numbers, cards and order "
            "numbers) but remain customers’ words: keep this report internal.</p>"
            + (f"<p>Settings: {_e(' · '.join(notes))}.</p>" if notes else "") + "</footer>")
