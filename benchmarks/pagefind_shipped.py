"""Benchmark: `search_engine: pagefind` as it ships, beside lunr, in headless Chromium.

    python benchmarks/pagefind_shipped.py [--runs 3] [--articles 3000] [--skip-synthetic] [--json out.json]

`benchmarks/pagefind_eval.py` measures Pagefind's own JS API on our builds; this measures what a
help center built with `extra.helpcenter.search_engine: pagefind` ships (generator/pagefind.py
and our search worker answering Material's search box from Pagefind):

* bytes before the first result, keystroke -> first result and "search ready", with
  `search_speed.lunr_run` (the same typing harness as for lunr; `pagefind/` files counted as
  search bytes), on the example (en) built both ways and on an N-article synthetic site built
  with Pagefind (medians of `--runs` cold runs; the machine is noisy, so never quote one run);
* recall@1, recall@3 and MRR of the query sets through the shipped worker (deterministic),
  beside lunr (`generator.site.lunr.LunrSearch`) on the lunr build of the same content.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import search_eval  # noqa: E402
import search_speed  # noqa: E402
from generator.yamlio import load_config_yaml as load_yaml  # noqa: E402
from generator.site.lunr import LunrSearch  # noqa: E402
from generator.commands import build  # noqa: E402
from generator.project import load_project  # noqa: E402

#: Material's worker protocol, spoken to our worker in `engine=pagefind` mode: SETUP (0), QUERY (2).
RECALL_JS = """async (queries) => {
  const w = new Worker("assets/javascripts/workers/helpcenter-search.js?worker=x&engine=pagefind");
  const next = () => new Promise((ok) => w.addEventListener("message", (e) => ok(e.data), {once: true}));
  let p = next(); w.postMessage({type: 0, data: {}}); await p;
  const out = [];
  for (const q of queries) {
    p = next(); w.postMessage({type: 2, data: q}); const r = await p;
    out.push(r.data.items.map((i) => i[0].location));
  }
  w.terminate();
  return out;
}"""


def with_pagefind(config: Path, out: Path, absolute: bool) -> Path:
    """A copy of ``config`` with ``search_engine: pagefind`` (paths made absolute when it moves)."""
    cfg = load_yaml(config.read_text(encoding="utf-8"))
    hc = cfg.setdefault("extra", {}).setdefault("helpcenter", {})
    hc["search_engine"] = "pagefind"
    if absolute:
        base = config.parent
        cfg["theme"]["custom_dir"] = str(base / cfg["theme"]["custom_dir"])
        hc["content_dir"] = str(base / hc.get("content_dir", "content"))
        hc["tickets"] = [str(base / t) for t in hc.get("tickets", [])]
        hc["reports_dir"] = str(out / "reports")
    path = out / "mkdocs-pagefind.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def speed(site: Path, lang: str, queries: list[str], runs: int) -> dict:
    with search_speed.chromium() as browser, search_speed.serve(site) as server:
        summary = search_speed.summarize([search_speed.lunr_run(browser, server, lang, queries) for _ in range(runs)])
    summary.pop("search_files")
    return summary


def recall(pagefind_site: Path, lunr_site: Path, urls: dict) -> dict:
    results = {}
    with search_speed.chromium() as browser, search_speed.serve(pagefind_site) as server:
        for name in search_eval.SETS:
            qs = search_eval.load_set(name)
            lang = qs["lang"]
            texts = [str(e["query"]) for e in qs["queries"]]
            expected = [{urls[lang][i] for i in e["expect"]} for e in qs["queries"]]
            page = browser.new_page()
            page.goto(f"{server.base}/{lang}/", wait_until="load")
            found = {"pagefind": page.evaluate(RECALL_JS, texts)}
            page.close()
            with LunrSearch(lunr_site / lang) as search:
                found["lunr"] = search.search_many(texts, limit=search_eval.LIMIT)
            results[name] = {engine: search_eval.score([search_eval.rank_of(p, e) for p, e in zip(pages, expected)])
                             for engine, pages in found.items()}
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    search_speed.SEARCH_PATHS = search_speed.SEARCH_PATHS + ("pagefind/",)
    en_queries = [str(q["query"]) for q in search_eval.load_set("en")["queries"]]
    _project = load_project(ROOT / "mkdocs.yml")
    _, content = _project.config, _project.content
    urls = {lang: {a.id: a.url for a in content.articles(lang)} for lang in content.languages}
    out: dict = {"git": search_eval.git_state(), "runs": args.runs}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lunr_site, pagefind_site = tmp / "lunr", tmp / "pagefind"
        build(ROOT / "mkdocs.yml", lunr_site)
        build(with_pagefind(ROOT / "mkdocs.yml", tmp, absolute=True), pagefind_site)
        out["speed"] = {"example/pagefind": speed(pagefind_site, "en", en_queries, args.runs),
                        "example/lunr": speed(lunr_site, "en", en_queries, args.runs)}
        if not args.skip_synthetic:
            from build import generate

            project = tmp / "synthetic"
            generate(project, args.articles, ["en"])
            build(with_pagefind(project / "mkdocs.yml", project, absolute=False), project / "site")
            out["speed"][f"synthetic-{args.articles}/pagefind"] = speed(
                project / "site", "en", search_speed.synthetic_queries(), args.runs)
        out["recall"] = recall(pagefind_site, lunr_site, urls)
    print("| site | search bytes sent (raw) | keystroke -> first result, median (p90) | search ready | runs |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, s in out["speed"].items():
        print(f"| {name} | {s['search_bytes_gzip'] / 1024:.0f} KB ({s['search_bytes_raw'] / 1024:.0f} KB) | "
              f"{s['first_result_ms_median']:.1f} ms ({s['first_result_ms_pooled_p90']:.1f}) | "
              f"{s['index_ready_ms_median']:.0f} ms | {s['runs']} |")
    print("\n| set | R@1 pagefind / lunr | R@3 pagefind / lunr | MRR pagefind / lunr |")
    print("| --- | --- | --- | --- |")
    for name, r in out["recall"].items():
        p, lu = r["pagefind"], r["lunr"]
        print(f"| {name} | {p['recall@1']:.3f} / {lu['recall@1']:.3f} | {p['recall@3']:.3f} / {lu['recall@3']:.3f} | "
              f"{p['mrr']:.3f} / {lu['mrr']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
