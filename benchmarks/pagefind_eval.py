"""Pagefind on our built site, measured like the shipped lunr search: size, bytes, time, recall.

    pip install 'pagefind[extended]'                       # PyPI ships the binary (1.5.2 measured)
    python benchmarks/pagefind_eval.py                     # example (en es fr bitext) + 3000-article site
    python benchmarks/pagefind_eval.py --no-synthetic --runs 3
    python benchmarks/pagefind_eval.py --synthetic-dir DIR # reuse search_speed.py's synthetic build

What runs:

1. ``generator.commands.build`` of the repository's ``mkdocs.yml`` (what ``helpcenter build``
   ships), then per language ``python -m pagefind --site <site>/<lang>`` with
   :data:`PAGEFIND_ARGS`: the root is Material's ``article.md-content__inner`` (title h1,
   summary, category chips, body), minus our breadcrumbs, dates, feedback form, contact box
   and heading permalinks, and minus the article lists of home and section pages (so those
   pages hold their intro only, as in lunr's index). Nothing in the theme changes.
2. A second index per language, ``pagefind+hidden``, from a copy of the site where each page
   gets the hidden search terms lunr indexes but the page does not show (the ``tags`` and
   ``aliases`` fields of that page's ``search_index.json`` entry: writers' tags, category names,
   ``search_aliases``, synonyms, ticket-mined aliases) as
   ``<div hidden data-pagefind-weight="5">`` inside the article. This is a benchmark-local
   stand-in for what the theme would have to emit; weight 5 was chosen, not tuned.
3. Recall@1/@3/MRR on ``benchmarks/queries/{en,es,fr,bitext}.yml``: each query goes to
   ``pagefind.search(q)`` in headless Chromium (the JS API of ``/<lang>/pagefind/pagefind.js``
   on a blank page with ``<html lang>``), the first 10 results' ``data().url`` are mapped to
   article URLs and scored with ``search_eval``'s functions, beside the shipped lunr search
   (``generator.site.lunr.LunrSearch``) on the same build. Pagefind returns only pages that hold
   every query word it knows (words absent from the index are ignored), so
   ``pagefind+hidden+or`` adds a benchmark-local fallback in the query code: when the whole
   query finds nothing, search each word and rank pages by the sum of their per-word scores.
4. Bytes and time, served gzip by ``search_speed.GzipHandler`` (Pagefind's ``pf_*`` files are
   already gzip-compressed on disk; they are sent as they are):
   - **cold first query**: fresh context, from ``import(pagefind.js)`` to the first result's
     ``data()``; every Pagefind file fetched meanwhile counts (JS, worker, WASM, meta, index
     chunks, one fragment), as transferred (``raw`` in the JSON is the size on disk, already
     gzip for WASM and ``pf_*``). Over the first 10 queries, one fresh context each; again
     with every prefix of the query searched first, one after another, as an undebounced
     search-as-you-type would (an upper bound: index chunks are per word prefix);
   - **keystroke**: in one page, ``search(q minus last char)`` settles, then the time of
     ``search(q)`` + ``results[0].data()`` (the API, not a rendered UI: no debounce; Pagefind's
     own UI debounces 300 ms). Median per run over the query set, median of ``--runs`` runs.
5. Accent and stemming probes (e.g. ``devolucion`` vs ``devolución``): how many pages each
   engine returns and its first result.

Writes ``benchmarks/out/search-pagefind-<stamp>.{json,txt}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import search_eval  # noqa: E402
import search_speed  # noqa: E402
from search_speed import BLANK, GZIP_LEVEL, OUT, SYNTHETIC_N, chromium, kb, ms, serve  # noqa: E402

PAGEFIND_ARGS = ["--root-selector", "article.md-content__inner",
                 "--exclude-selectors", ".hc-crumbs", "--exclude-selectors", ".hc-meta",
                 "--exclude-selectors", ".hc-feedback", "--exclude-selectors", ".hc-contact",
                 "--exclude-selectors", ".headerlink",
                 # Home and section pages: their intro only, as in lunr's index (not the article lists).
                 "--exclude-selectors", ".hc-list", "--exclude-selectors", ".hc-cards",
                 "--exclude-selectors", ".hc-block", "--exclude-selectors", ".hc-pager"]
HIDDEN_WEIGHT = 5
#: Recall variants: name -> (site copy, word fallback in the query code).
VARIANTS = {"pagefind": ("plain", False), "pagefind+hidden": ("hidden", False), "pagefind+hidden+or": ("hidden", True)}
LIMIT = search_eval.LIMIT
COLD_QUERIES = 10
#: Folding and stemming probes: (lang, query without accents / inflected, query as written in the article).
PROBES = [
    ("es", "devolucion", "devolución"), ("es", "envio", "envío"), ("es", "contrasena", "contraseña"),
    ("es", "devoluciones", "devolución"), ("fr", "recu", "reçu"), ("fr", "etiquette", "étiquette"),
    ("fr", "remboursements", "remboursement"), ("fr", "colis pas recu", "colis pas reçu"),
    ("en", "returning", "return"), ("en", "refunds", "refund"), ("en", "cancelled", "cancel"),
]

RUN_JS = """
async ({bundle, queries, limit, warm, fallback}) => {
  const pf = await import(bundle);
  const out = [];
  for (const q of queries) {
    if (warm && q.length > 1) await pf.search(q.slice(0, -1));
    const t0 = performance.now();
    const search = await pf.search(q);
    let results = search.results;
    const words = q.split(/\\s+/).filter(Boolean);
    if (fallback && !results.length && words.length > 1) {
      // Nothing has every word: rank the pages having any word by the sum of their per-word scores.
      const byId = new Map();
      for (const one of await Promise.all(words.map((w) => pf.search(w)))) {
        for (const r of one.results) {
          const seen = byId.get(r.id) || {r, score: 0};
          seen.score += r.score;
          byId.set(r.id, seen);
        }
      }
      results = [...byId.values()].sort((a, b) => b.score - a.score).map((e) => e.r);
    }
    const first = results.length ? await results[0].data() : null;
    const t1 = performance.now();
    const top = limit > 1 ? await Promise.all(results.slice(0, limit).map((r) => r.data())) : (first ? [first] : []);
    out.push({q, ms: t1 - t0, count: results.length, urls: top.map((d) => d.url)});
  }
  return out;
}
"""

COLD_JS = """
async ({bundle, q, typed}) => {
  const t0 = performance.now();
  const pf = await import(bundle);
  const t1 = performance.now();
  if (typed) for (let i = 1; i < q.length; i++) await pf.search(q.slice(0, i));
  const search = await pf.search(q);
  const t2 = performance.now();
  const first = search.results.length ? await search.results[0].data() : null;
  const t3 = performance.now();
  return {import_ms: t1 - t0, search_ms: t2 - t1, first_result_ms: t3 - t0, count: search.results.length,
          url: first && first.url};
}
"""


# --------------------------------------------------------------------------- indexing

def run_pagefind(site_lang: Path) -> dict:
    """Index one language folder; returns the time and the bundle's sizes."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_lang), *PAGEFIND_ARGS],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"pagefind failed on {site_lang}:\n{done.stdout}\n{done.stderr}")
    pages = re.search(r"Indexed (\d+) pages", done.stdout)
    words = re.search(r"Indexed (\d+) words", done.stdout)
    return {"seconds": round(seconds, 2), "pages": int(pages.group(1)) if pages else None,
            "words": int(words.group(1)) if words else None, **bundle_sizes(site_lang / "pagefind")}


def bundle_sizes(bundle: Path) -> dict:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    ui = [p for p in files if p.name.startswith(("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui",
                                                 "pagefind-highlight"))]
    group = {"index": "index/", "fragment": "fragment/"}
    by_kind: dict[str, list[int]] = {}
    for p in files:
        rel = p.relative_to(bundle).as_posix()
        kind = next((k for k, prefix in group.items() if rel.startswith(prefix)), None)
        kind = kind or ("ui" if p in ui else "wasm" if ".pagefind" in p.name else "filter" if rel.startswith("filter/")
                        else "js/meta")
        by_kind.setdefault(kind, []).append(p.stat().st_size)
    return {"bundle_bytes": sum(p.stat().st_size for p in files),
            "bundle_bytes_without_ui": sum(p.stat().st_size for p in files if p not in ui),
            "files": len(files),
            "by_kind": {k: {"files": len(v), "bytes": sum(v)} for k, v in sorted(by_kind.items())}}


def inject_hidden_terms(site_lang: Path, weight: int = HIDDEN_WEIGHT) -> int:
    """Put each page's hidden lunr terms (tags, aliases) in a hidden, weighted element of its article."""
    index = json.loads((site_lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    terms: dict[str, list[str]] = {}
    for doc in index["docs"]:
        if "#" in doc["location"]:
            continue
        extra = list(doc.get("tags") or []) + ([doc["aliases"]] if doc.get("aliases") else [])
        if extra:
            terms[doc["location"]] = extra
    changed = 0
    for location, extra in terms.items():
        page = site_lang / location / "index.html" if location else site_lang / "index.html"
        text = page.read_text(encoding="utf-8")
        block = (f'<div hidden data-pagefind-weight="{weight}">'
                 + " ".join(html.escape(t) for t in extra) + "</div>")
        new = text.replace('<article class="md-content__inner md-typeset">',
                           '<article class="md-content__inner md-typeset">' + block, 1)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


# --------------------------------------------------------------------------- browser

def blank(server, lang: str) -> str:
    return f"{server.base}{BLANK}?lang={lang}"


def new_page(browser, server, lang: str):
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(120_000)
    # Pagefind picks its language index from <html lang>: give the blank page the site's language.
    context.add_init_script(f"document.documentElement.setAttribute('lang', {json.dumps(lang)});")
    page = context.new_page()
    page.goto(blank(server, lang), wait_until="load")
    page.evaluate(f"document.documentElement.setAttribute('lang', {json.dumps(lang)})")
    return context, page


def pagefind_search(browser, server, prefix: str, lang: str, queries: list[str], limit: int = LIMIT,
                    warm: bool = False, fallback: bool = False) -> list[dict]:
    context, page = new_page(browser, server, lang)
    try:
        return page.evaluate(RUN_JS, {"bundle": f"/{prefix}/pagefind/pagefind.js", "queries": queries,
                                      "limit": limit, "warm": warm, "fallback": fallback})
    finally:
        context.close()


def cold_first_query(browser, server, prefix: str, lang: str, query: str, typed: bool = False) -> dict:
    """A fresh context's first query; ``typed``: every prefix of it searched first, one after another."""
    context, page = new_page(browser, server, lang)
    try:
        del server.log[:]
        result = page.evaluate(COLD_JS, {"bundle": f"/{prefix}/pagefind/pagefind.js", "q": query, "typed": typed})
        fetched = [e for e in server.log if f"/{prefix}/pagefind/" in e["path"]]
        result["bytes_raw"] = sum(e["raw"] for e in fetched)
        result["bytes_gzip"] = sum(e["sent"] for e in fetched)
        result["files"] = {e["path"].split("/pagefind/", 1)[1]: e["sent"] for e in fetched}
        return result
    finally:
        context.close()


def location(url: str, prefix: str) -> str:
    path = urlsplit(url).path.lstrip("/")
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else path


# --------------------------------------------------------------------------- measurements

def recall(browser, server, variants: dict[str, tuple[str, bool]], sets: list[dict], urls: dict) -> dict:
    """Pagefind variants (name -> (site folder, word fallback)) and the shipped lunr search, on every set."""
    from generator.site.lunr import LunrSearch

    results = {"sets": {}, "queries": []}
    for qset in sets:
        lang = qset["lang"]
        texts = [str(e["query"]) for e in qset["queries"]]
        expected = [{urls[lang][i] for i in e["expect"]} for e in qset["queries"]]
        pages = {}
        for variant, (prefix, fallback) in variants.items():
            answers = pagefind_search(browser, server, f"{prefix}/{lang}", lang, texts, fallback=fallback)
            pages[variant] = [list(dict.fromkeys(location(u, f"{prefix}/{lang}") for u in a["urls"]))
                              for a in answers]
        with LunrSearch(server.root / variants["pagefind"][0] / lang) as search:
            pages["lunr"] = search.search_many(texts, limit=LIMIT)
        ranks = {v: [search_eval.rank_of(p, e) for p, e in zip(ps, expected)] for v, ps in pages.items()}
        results["sets"][qset["name"]] = {"lang": lang, "queries": len(texts),
                                         **{v: search_eval.score(r) for v, r in ranks.items()}}
        for i, text in enumerate(texts):
            results["queries"].append({"set": qset["name"], "query": text, "expect": qset["queries"][i]["expect"],
                                       **{f"{v}_rank": ranks[v][i] for v in pages},
                                       **{f"{v}_top3": pages[v][i][:3] for v in pages}})
    return results


def probes(browser, server, prefix: str) -> list[dict]:
    from generator.site.lunr import LunrSearch

    out = []
    for lang in sorted({p[0] for p in PROBES}):
        mine = [p for p in PROBES if p[0] == lang]
        texts = [q for p in mine for q in p[1:]]
        answers = pagefind_search(browser, server, f"{prefix}/{lang}", lang, texts)
        with LunrSearch(server.root / prefix / lang) as search:
            lunr = search.search_many(texts, limit=50)
        for text, answer, lunr_pages in zip(texts, answers, lunr):
            out.append({"lang": lang, "query": text, "pagefind_count": answer["count"],
                        "pagefind_first": location(answer["urls"][0], f"{prefix}/{lang}") if answer["urls"] else None,
                        "lunr_count": len(lunr_pages), "lunr_first": lunr_pages[0] if lunr_pages else None})
    return out


def speed(browser, server, prefix: str, lang: str, queries: list[str], runs: int) -> dict:
    cold = [cold_first_query(browser, server, prefix, lang, q) for q in queries[:COLD_QUERIES]]
    typed = [cold_first_query(browser, server, prefix, lang, q, typed=True) for q in queries[:COLD_QUERIES]]
    run_medians, pooled = [], []
    for _ in range(runs):
        answers = pagefind_search(browser, server, prefix, lang, queries, limit=1, warm=True)
        times = [a["ms"] for a in answers if a["count"]]
        pooled += times
        run_medians.append(statistics.median(times))
    return {
        "cold": cold,
        "cold_bytes_gzip_median": statistics.median(c["bytes_gzip"] for c in cold),
        "cold_bytes_gzip_max": max(c["bytes_gzip"] for c in cold),
        "cold_bytes_raw_median": statistics.median(c["bytes_raw"] for c in cold),
        "cold_first_result_ms_median": statistics.median(c["first_result_ms"] for c in cold),
        "typed": typed,
        "typed_bytes_gzip_median": statistics.median(c["bytes_gzip"] for c in typed),
        "typed_bytes_gzip_max": max(c["bytes_gzip"] for c in typed),
        "keystroke_ms_median": statistics.median(run_medians),
        "keystroke_ms_min_max": [min(run_medians), max(run_medians)],
        "keystroke_ms_pooled_p90": search_speed._pct(pooled, 0.9),
        "runs": runs,
    }


# --------------------------------------------------------------------------- report

def recall_table(results: dict) -> str:
    variants = ["lunr", *VARIANTS]
    lines = ["| set | queries | " + " | ".join(f"R@1 {v} | R@3 {v} | MRR {v}" for v in variants) + " |",
             "| --- | --- |" + " --- | --- | --- |" * len(variants)]
    for name, s in results["sets"].items():
        lines.append(f"| {name} | {s['queries']} | " + " | ".join(
            f"{s[v]['recall@1']:.3f} | {s[v]['recall@3']:.3f} | {s[v]['mrr']:.3f}" for v in variants) + " |")
    return "\n".join(lines)


def speed_table(measured: dict) -> str:
    lines = ["| site | bundle on disk (without UI files) | index+fragment files | cold: bytes before 1st result "
             "gzip (median / max of 10) | same, every prefix searched first | cold: time to 1st result | "
             "keystroke: time to 1st result (median of run medians) | min-max | p90 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, m in measured.items():
        b, s = m["bundle"], m["speed"]
        files = sum(b["by_kind"].get(k, {}).get("files", 0) for k in ("index", "fragment"))
        lines.append(f"| {name} | {kb(b['bundle_bytes'])} ({kb(b['bundle_bytes_without_ui'])}) | {files} | "
                     f"{kb(s['cold_bytes_gzip_median'])} / {kb(s['cold_bytes_gzip_max'])} | "
                     f"{kb(s['typed_bytes_gzip_median'])} / {kb(s['typed_bytes_gzip_max'])} | "
                     f"{ms(s['cold_first_result_ms_median'])} | {ms(s['keystroke_ms_median'])} | "
                     f"{' - '.join(f'{v:.1f}' for v in s['keystroke_ms_min_max'])} | "
                     f"{ms(s['keystroke_ms_pooled_p90'])} |")
    return "\n".join(lines)


def probe_table(rows: list[dict]) -> str:
    lines = ["| lang | query | pagefind pages | pagefind first | lunr pages | lunr first |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['lang']} | {r['query']} | {r['pagefind_count']} | {r['pagefind_first'] or '-'} | "
                     f"{r['lunr_count']} | {r['lunr_first'] or '-'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sets", nargs="+", default=search_eval.SETS, choices=search_eval.SETS)
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument("--synthetic-dir", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    version = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True)
    results: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "git": search_eval.git_state(),
                     "machine": platform.platform(),
                     "cpus": os.cpu_count(), "pagefind": version.stdout.strip(), "args": PAGEFIND_ARGS,
                     "hidden_weight": HIDDEN_WEIGHT, "gzip_level": GZIP_LEVEL, "runs": args.runs}
    sets = [search_eval.load_set(n) for n in args.sets]
    from generator.commands import build
    from generator.project import load_project

    _project = load_project(REPO / "mkdocs.yml")

    _, content = _project.config, _project.content
    languages = list(content.languages)
    urls = {lang: {a.id: a.url for a in content.articles(lang)} for lang in languages}
    en_queries = [str(q["query"]) for q in search_eval.load_set("en")["queries"]]
    measured = {}
    with tempfile.TemporaryDirectory(prefix="pagefind-eval-") as tmp:
        root = Path(tmp)
        build(REPO / "mkdocs.yml", root / "plain")
        shutil.copytree(root / "plain", root / "hidden")
        results["indexing"] = {}
        for lang in languages:
            results["indexing"][f"example/{lang}"] = run_pagefind(root / "plain" / lang)
            pages = inject_hidden_terms(root / "hidden" / lang)
            results["indexing"][f"example+hidden/{lang}"] = {"pages_with_hidden_terms": pages,
                                                            **run_pagefind(root / "hidden" / lang)}
        synthetic = None
        if not args.no_synthetic:
            synthetic = search_speed.synthetic_site(args.synthetic_dir)
            results["indexing"][f"synthetic-{SYNTHETIC_N}/en"] = run_pagefind(synthetic / "en")
        with chromium() as browser:
            with serve(root) as server:
                server.root = root
                rec = recall(browser, server, VARIANTS, sets, urls)
                results["recall"] = rec
                results["probes"] = probes(browser, server, "plain")
                measured["example/en"] = {"bundle": results["indexing"]["example/en"],
                                          "speed": speed(browser, server, "plain/en", "en", en_queries, args.runs)}
            if synthetic is not None:
                with serve(synthetic) as server:
                    qs = search_speed.synthetic_queries()
                    measured[f"synthetic-{SYNTHETIC_N}/en"] = {
                        "bundle": results["indexing"][f"synthetic-{SYNTHETIC_N}/en"],
                        "speed": speed(browser, server, "en", "en", qs, args.runs)}
    results["speed"] = measured
    results["seconds"] = round(time.perf_counter() - started, 1)
    text = "\n".join([
        f"{results['pagefind']} on the shipped build ({' '.join(PAGEFIND_ARGS)}); served gzip level {GZIP_LEVEL}.",
        "", "Recall (lunr = the shipped search on the same build; pagefind+hidden = benchmark-injected hidden "
        f"tags/aliases, weight {HIDDEN_WEIGHT}; +or = per-word fallback when the query finds nothing):", "",
        recall_table(rec), "",
        "Bytes and time (Pagefind JS API in headless Chromium; no UI rendering):", "", speed_table(measured), "",
        "Folding and stemming probes (pages found, first page):", "", probe_table(results["probes"]),
    ])
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (args.out / f"search-pagefind-{stamp}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                                            encoding="utf-8")
    (args.out / f"search-pagefind-{stamp}.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nwrote {args.out / f'search-pagefind-{stamp}.json'} and .txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
