"""Benchmark: ``helpcenter gaps`` end to end on 1,000,000 tickets and a 3,000-article help center.

    python benchmarks/gaps_speed.py [--rows 1000000] [--articles 3000] [--languages en es] [--runs 3]
                                    [--bare-runs 3] [--skip-bare]

Generates, in a temporary folder, the synthetic help center of ``benchmarks/build.py`` (N articles
per language) and the ticket export of ``benchmarks/tickets.py`` (generic CSV), then runs, each
in a fresh process so peak RSS is per run:

* ``gaps``: what ``helpcenter gaps`` does (``generator.commands.gaps`` then
  ``generator.reports.write_reports``: load content, read, redact, classify and rank tickets,
  index, match, tag, gap document, write the four reports), with the split the pipeline records
  (read_classify, index, match, tag, gaps) plus the load and report-writing time. Tickets are read
  in a forked worker while the parent indexes, so read_classify and index overlap; peak RSS is
  given for the parent and the worker;
* ``index+tag``: only loading the content, indexing every language and tagging every article
  (no tickets), for the ratio to a bare ``mkdocs build`` of the same content;
* ``bare mkdocs``: one plain ``mkdocs build`` per language of the same staged pages
  (``benchmarks/build.py``'s bare-staged configs), unless ``--skip-bare``.

Prints medians (and every run), ratios, and peak RSS. The machine is shared and noisy: quote
medians, never one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

GAPS_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
config, tickets, out = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
from generator.commands import gaps
from generator.reports import write_reports
analysis = gaps(config, [tickets])
t1 = time.perf_counter()
write_reports(analysis.document, __import__("pathlib").Path(out))
t2 = time.perf_counter()
split = dict(analysis.timings)
# index runs while the ticket worker reads, so it is not on the critical path
split["load_content"] = (t1 - t0) - sum(v for k, v in analysis.timings.items() if k != "index")
split["report"] = t2 - t1
print(json.dumps({{"wall": t2 - t0, "split": split, "tickets": analysis.report.total,
                  "questions": len(analysis.matches), "gaps": len(analysis.document["gaps"]),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""

INDEX_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
config = sys.argv[1]
t0 = time.perf_counter()
from generator.analysis.classify import Classifier
from generator.commands import build_indexes
from generator.project import load_project
from generator.analysis.tagging import tag_articles
_project = load_project(config)
cfg, content = _project.config, _project.content
taxonomy = _project.taxonomy
t1 = time.perf_counter()
indexes = build_indexes(content, taxonomy)
t2 = time.perf_counter()
tags = tag_articles(content.articles(), Classifier(taxonomy))
t3 = time.perf_counter()
print(json.dumps({{"wall": t3 - t0, "split": {{"load_content": t1 - t0, "index": t2 - t1, "tag": t3 - t2}},
                  "articles": len(content.articles()),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code.format(root=str(ROOT)), *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def summarise(label: str, runs: list[dict]) -> dict:
    wall = statistics.median(r["wall"] for r in runs)
    split = {k: statistics.median(r["split"][k] for r in runs) for k in runs[0]["split"]}
    rss = max(r["rss_mb"] for r in runs)
    worker = max(r.get("worker_rss_mb", 0) for r in runs)
    parts = ", ".join(f"{k} {v:.1f}" for k, v in split.items())
    print(f"{label:<12} median {wall:6.1f} s  runs {[round(r['wall'], 1) for r in runs]}  peak RSS {rss:5.0f} MB"
          + (f" + ticket worker {worker:.0f} MB" if worker else "")
          + f"\n{'':<12} split (medians, s): {parts}", flush=True)
    return {"wall": wall, "split": split, "rss_mb": rss, "worker_rss_mb": worker, "runs": [r["wall"] for r in runs]}


def main(argv=None) -> int:
    import build as build_bench
    import tickets as tickets_bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--languages", nargs="+", default=["en", "es"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bare-runs", type=int, default=3)
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--skip-gaps", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results: dict = {"rows": args.rows, "articles": args.articles, "languages": args.languages}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        build_bench.generate(root, args.articles, args.languages)
        csv_path, _json = tickets_bench.generate(root, args.rows)
        print(f"generated {args.articles} articles x {len(args.languages)} languages and {args.rows:,} tickets "
              f"in {time.perf_counter() - t:.0f} s", flush=True)
        config = str(root / "mkdocs.yml")
        if not args.skip_gaps:
            runs = [child(GAPS_CHILD, config, str(csv_path), str(root / "reports")) for _ in range(args.runs)]
            print(f"{runs[0]['tickets']:,} tickets, {runs[0]['questions']} frequent questions matched, "
                  f"{runs[0]['gaps']} gaps")
            results["gaps"] = summarise("gaps", runs)
        runs = [child(INDEX_CHILD, config) for _ in range(args.runs)]
        results["index_tag"] = summarise("index+tag", runs)
        if not args.skip_bare:
            cfgs = build_bench.prepare_bare(root, args.languages)["bare-staged"]
            bare = [build_bench.timed([[sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(c)] for c in cfgs],
                                      root)["wall"] for _ in range(args.bare_runs)]
            med = statistics.median(bare)
            results["bare_mkdocs"] = {"wall": med, "runs": bare}
            idx = results["index_tag"]
            core = idx["split"]["index"] + idx["split"]["tag"]
            print(f"bare mkdocs  median {med:6.1f} s  runs {[round(b, 1) for b in bare]}\n"
                  f"index+tag / bare mkdocs: {idx['wall'] / med:.2f} (with loading), "
                  f"{core / med:.2f} (indexing and tagging alone)", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
