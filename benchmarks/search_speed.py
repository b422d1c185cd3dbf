"""Search bytes and time to first result of the shipped search (Material's lunr), in headless Chromium.

    python benchmarks/search_speed.py                          # example (ours, stock) + 3000-article site
    python benchmarks/search_speed.py --runs 5 --no-synthetic  # example only
    python benchmarks/search_speed.py --synthetic-dir DIR      # keep/reuse the 3000-article build in DIR

Sites:

- ``example/ours``: ``generator.commands.build`` of the repository's ``mkdocs.yml`` (what
  ``helpcenter build`` ships), en query set ``benchmarks/queries/en.yml``;
- ``example/stock``: plain Material builds of the same content (``search_eval.build_stock``);
- ``synthetic-3000``: ``benchmarks/build.py``'s ``generate(root, 3000, ["en", "es"])`` then
  ``generator.commands.build`` (3000 articles per language; built once, reused from
  ``--synthetic-dir`` when its marker matches), with :data:`SYNTHETIC_QUERIES`.

Each site is served on 127.0.0.1 by :class:`GzipHandler`, which gzips text responses
(level 6, like a CDN's on-the-fly compression; Netlify also serves Brotli to HTTPS clients,
which would be ~15-20% smaller still) and logs every response's raw and transferred size.
Chromium (Debian's, through Playwright) opens ``/<lang>/`` in a fresh context (empty cache)
per run, then:

- **time to index ready**: ``performance.now()`` (navigation start = 0) when Material's
  search worker posts READY (index fetched, lunr index built in the worker), seen by an
  init script that wraps ``window.Worker``;
- **search bytes**: every response for ``search/search_index.json``,
  ``assets/javascripts/workers/*`` and ``assets/javascripts/lunr/*`` (worker requests
  included: the server logs them) fetched from navigation until the first result is shown,
  raw and as transferred (gzip); the whole page's bytes are reported beside them.
  Playwright's own per-request ``sizes()`` are recorded as a cross-check;
- **time to first result**: for each query, the box is cleared, the query minus its last
  character is typed and left to settle (every query sent to the worker answered, no DOM
  change for 100 ms), then the last character is typed. Latency = first DOM insertion of a
  ``.md-search-result__item`` (a MutationObserver on ``.md-search-result__list``) minus the
  last key's ``keyup`` timestamp (Material searches on keyup); ``keydown`` and the next
  animation frame after insertion are recorded too. Queries whose full text finds nothing
  have no latency. Median per run, then the median of the run medians (and min/max).

Targets (issue 5): <= 300 KB search bytes before the first result at 3000 articles;
<= 50 ms to first result after a keystroke on the example site. Results go to
``benchmarks/out/search-speed-<stamp>.{json,txt}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
OUT = REPO / "benchmarks" / "out"
SYNTHETIC_N = 3000
SYNTHETIC_LANGS = ["en", "es"]
SYNTHETIC_SEED = 20260101  # benchmarks/build.py's default
TARGET_BYTES = 300 * 1024
TARGET_MS = 50.0
GZIP_LEVEL = 6
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml",
                "application/manifest+json")
BLANK = "/__bench__/blank.html"


def synthetic_queries(n: int = 20, seed: int = 5) -> list[str]:
    """Shopper-like queries over the synthetic corpus' vocabulary (one or two words, fixed seed)."""
    from build import WORDS

    rng = random.Random(seed)
    words = WORDS["en"][:46]  # the nouns, not the business/customer filler at the end
    return [" ".join(rng.sample(words, k=1 + i % 2)) for i in range(n)]


SEARCH_PATHS = ("search/search_index.json", "search/hc/", "assets/javascripts/workers/", "assets/javascripts/lunr/")


def is_search(path: str) -> bool:
    return any(part in path for part in SEARCH_PATHS)


# --------------------------------------------------------------------------- server

class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it, every response logged with its sizes."""

    log: list[dict]
    cache: dict
    lock: threading.Lock

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        if path == BLANK:
            return self._send(b"<!doctype html><html><head><meta charset=utf-8><title>bench</title></head>"
                              b"<body></body></html>", "text/html; charset=utf-8", path)
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        self._send(file.read_bytes(), self.guess_type(str(file)), path, file)

    def _send(self, raw: bytes, ctype: str, path: str, file: Path | None = None) -> None:
        body, encoding = raw, None
        if "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE):
            key = (str(file or path), len(raw), file.stat().st_mtime_ns if file else 0)
            with self.lock:
                body = self.cache.get(key)
            if body is None:
                body = gzip.compress(raw, GZIP_LEVEL, mtime=0)
                with self.lock:
                    self.cache[key] = body
            encoding = "gzip"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        with self.lock:
            self.log.append({"path": path, "raw": len(raw), "sent": len(body), "encoding": encoding,
                             "t": time.perf_counter()})


@contextmanager
def serve(root: Path):
    """Serve ``root`` on 127.0.0.1; yields the server (``.base`` URL, ``.log`` of responses)."""
    handler = type("Handler", (GzipHandler,), {"log": [], "cache": {}, "lock": threading.Lock()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.log = handler.log
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@contextmanager
def chromium():
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"no chromium at {CHROMIUM}: apt-get install -y chromium (or set HELPCENTER_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


def byte_summary(entries: list[dict]) -> dict:
    search = [e for e in entries if is_search(e["path"])]
    return {
        "search_raw": sum(e["raw"] for e in search), "search_gzip": sum(e["sent"] for e in search),
        "page_raw": sum(e["raw"] for e in entries), "page_gzip": sum(e["sent"] for e in entries),
        "search_files": {e["path"]: {"raw": e["raw"], "gzip": e["sent"]} for e in search},
    }


# --------------------------------------------------------------------------- in-page probes

INIT_SCRIPT = r"""
(() => {
  const B = window.__bench = {ready: null, sent: 0, recv: 0, lastRecv: 0, lastMutation: 0,
                              armed: false, down: null, up: null, posted: null, recvAfter: null, first: null,
                              frame: null};
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (e) => {
        const now = performance.now();
        if (e.data && e.data.type === 1 && B.ready === null) B.ready = now;
        if (e.data && e.data.type === 3) {
          B.recv++; B.lastRecv = now;
          if (B.armed && B.up !== null && B.recvAfter === null) B.recvAfter = now;
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) {
        B.sent++;
        if (B.armed && B.up !== null && B.posted === null) B.posted = performance.now();
      }
      return super.postMessage(message, ...rest);
    }
  };
  window.addEventListener("keydown", (e) => { if (B.armed && B.down === null) B.down = e.timeStamp; }, true);
  window.addEventListener("keyup", (e) => { if (B.armed && B.up === null) B.up = e.timeStamp; }, true);
  B.arm = () => { Object.assign(B, {armed: true, down: null, up: null, posted: null, recvAfter: null, first: null,
                                    frame: null}); };
  function observe() {
    const list = document.querySelector(".md-search-result__list");
    if (!list) { setTimeout(observe, 20); return; }
    new MutationObserver(() => {
      const now = performance.now();
      B.lastMutation = now;
      if (B.armed && B.up !== null && B.first === null && list.querySelector(".md-search-result__item")) {
        B.first = now;
        requestAnimationFrame(() => { B.frame = performance.now(); });
      }
    }).observe(list, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", observe); else observe();
})();
"""

SETTLED = ("() => window.__bench.sent === window.__bench.recv && "
           "performance.now() - Math.max(window.__bench.lastRecv, window.__bench.lastMutation) > 100")


def open_search(page) -> None:
    """Focus Material's search box (the header's search toggle works on every page)."""
    box = page.locator("[data-md-component=search-query]")
    page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); }")
    box.focus()
    page.wait_for_function("() => document.activeElement && "
                           "document.activeElement.matches('[data-md-component=search-query]')")


def clear_box(page) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function(SETTLED)


def lunr_run(browser, server, lang: str, queries: list[str], timeout_ms: float = 180_000) -> dict:
    """One cold page load plus every query typed: index-ready time, bytes, per-query latencies."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(timeout_ms)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    seen = []  # Playwright's view of the same responses (cross-check of the server log)
    page.on("requestfinished", lambda r: seen.append((r.url, r.sizes()["responseBodySize"])))
    try:
        del server.log[:]
        page.goto(f"{server.base}/{lang}/", wait_until="load")
        page.wait_for_function("() => window.__bench.ready !== null")
        ready_ms = page.evaluate("() => window.__bench.ready")
        at_ready = byte_summary(list(server.log))
        open_search(page)
        latencies, first_bytes = [], None
        for query in queries:
            clear_box(page)
            if len(query) > 1:
                page.keyboard.type(query[:-1])
                page.wait_for_function(SETTLED)
            page.evaluate("() => window.__bench.arm()")
            page.keyboard.type(query[-1])
            page.wait_for_function("() => window.__bench.first !== null || (window.__bench.up !== null && "
                                   "window.__bench.sent === window.__bench.recv && window.__bench.recvAfter "
                                   "!== null && performance.now() - window.__bench.recvAfter > 300)")
            page.wait_for_function("() => window.__bench.first === null || window.__bench.frame !== null")
            b = page.evaluate("() => ({down: window.__bench.down, up: window.__bench.up, posted: "
                              "window.__bench.posted, recv: window.__bench.recvAfter, first: window.__bench.first, "
                              "frame: window.__bench.frame})")
            if b["first"] is not None and first_bytes is None:
                first_bytes = byte_summary(list(server.log))
            latencies.append({
                "query": query,
                "ms": None if b["first"] is None else b["first"] - b["up"],
                "ms_from_keydown": None if b["first"] is None else b["first"] - b["down"],
                "ms_query_posted": None if b["posted"] is None else b["posted"] - b["up"],
                "ms_worker_answer": None if b["recv"] is None else b["recv"] - b["up"],
                "ms_next_frame": None if b["frame"] is None else b["frame"] - b["up"],
            })
        playwright_search = sum(size for url, size in seen if is_search(urlsplit(url).path))
    finally:
        context.close()
    measured = [x["ms"] for x in latencies if x["ms"] is not None]
    return {"index_ready_ms": ready_ms, "bytes_at_index_ready": at_ready, "bytes_before_first_result": first_bytes,
            "playwright_search_gzip": playwright_search,
            "median_ms": statistics.median(measured) if measured else None,
            "median_ms_next_frame": _median([x["ms_next_frame"] for x in latencies]),
            "median_ms_query_posted": _median([x["ms_query_posted"] for x in latencies]),
            "median_ms_worker_answer": _median([x["ms_worker_answer"] for x in latencies]),
            "with_results": len(measured), "queries": latencies}


COLD_DELAY_MS = 1500


def cold_run(browser, server, lang: str, query: str, timeout_ms: float = 180_000) -> dict:
    """A fresh page; ``query`` typed COLD_DELAY_MS after load: bytes and first keyup -> first result."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(timeout_ms)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    try:
        del server.log[:]
        page.goto(f"{server.base}/{lang}/", wait_until="load")
        page.wait_for_timeout(COLD_DELAY_MS)
        open_search(page)
        page.evaluate("() => window.__bench.arm()")
        page.keyboard.type(query)
        page.wait_for_function("() => window.__bench.first !== null")
        b = page.evaluate("() => ({up: window.__bench.up, recv: window.__bench.recvAfter, first: window.__bench.first})")
        return {"query": query, "ms": b["first"] - b["up"],
                "ms_worker_answer": None if b["recv"] is None else b["recv"] - b["up"],
                "bytes": byte_summary(list(server.log))}
    finally:
        context.close()


def cold_summary(runs: list[dict]) -> dict:
    return {"cold_ms_median": statistics.median(r["ms"] for r in runs), "cold_ms": [round(r["ms"], 1) for r in runs],
            "cold_worker_answer_ms_median": _median([r.get("ms_worker_answer") for r in runs]),
            "cold_search_gzip_median": statistics.median(r["bytes"]["search_gzip"] for r in runs),
            "cold_search_raw_median": statistics.median(r["bytes"]["search_raw"] for r in runs)}


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(runs: list[dict]) -> dict:
    medians = [r["median_ms"] for r in runs if r["median_ms"] is not None]
    ready = [r["index_ready_ms"] for r in runs]
    first = runs[0]["bytes_before_first_result"] or runs[0]["bytes_at_index_ready"]
    return {
        "runs": len(runs),
        "first_result_ms_median": statistics.median(medians) if medians else None,
        "first_result_ms_min_max": [min(medians), max(medians)] if medians else None,
        "first_result_ms_pooled_p90": _pct([q["ms"] for r in runs for q in r["queries"]], 0.9),
        "next_frame_ms_median": _median([r["median_ms_next_frame"] for r in runs]),
        "query_posted_ms_median": _median([r["median_ms_query_posted"] for r in runs]),
        "worker_answer_ms_median": _median([r["median_ms_worker_answer"] for r in runs]),
        "index_ready_ms_median": statistics.median(ready), "index_ready_ms_min_max": [min(ready), max(ready)],
        "search_bytes_raw": first["search_raw"], "search_bytes_gzip": first["search_gzip"],
        "page_bytes_raw": first["page_raw"], "page_bytes_gzip": first["page_gzip"],
        "search_files": first["search_files"],
        "playwright_search_gzip": runs[0]["playwright_search_gzip"],
        "queries_with_results": runs[0]["with_results"], "queries": len(runs[0]["queries"]),
    }


def _pct(values, q):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# --------------------------------------------------------------------------- sites

def build_example(out: Path, stock: bool = True) -> dict[str, Path]:
    from generator.commands import build
    from search_eval import build_stock

    sites = {"ours": out / "ours"}
    build(REPO / "mkdocs.yml", sites["ours"])
    if stock:
        sites["stock"] = build_stock(out / "stock", ["en"])
    return sites


def synthetic_site(directory: Path | None, n: int = SYNTHETIC_N, languages: list[str] = SYNTHETIC_LANGS) -> Path:
    """The built N-articles-per-language site; reused when ``directory`` already holds this one."""
    from build import generate
    from generator.commands import build

    directory = Path(directory or Path(tempfile.gettempdir()) / f"helpcenter-search-synthetic-{n}")
    marker = directory / "marker.json"
    wanted = {"n": n, "languages": languages, "seed": SYNTHETIC_SEED}
    if marker.is_file() and json.loads(marker.read_text()) == wanted and (directory / "site" / MARKER_FILE).is_file():
        return directory / "site"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    generate(directory / "project", n, languages, seed=SYNTHETIC_SEED)
    build(directory / "project" / "mkdocs.yml", directory / "site")
    marker.write_text(json.dumps(wanted))
    return directory / "site"


MARKER_FILE = ".helpcenter-site"


def index_sizes(site_lang: Path) -> dict:
    index = site_lang / "search" / "search_index.json"
    raw = index.read_bytes()
    docs = json.loads(raw)["docs"]
    articles = sum(1 for d in docs if d["location"].count("/") == 2 and "#" not in d["location"])
    return {"search_index_raw": len(raw), "search_index_gzip": len(gzip.compress(raw, GZIP_LEVEL, mtime=0)),
            "entries": len(docs), "pages": len({d["location"].split("#")[0] for d in docs}),
            "articles": articles}


# --------------------------------------------------------------------------- report

def kb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1024:.1f} KB"


def ms(n: float | None) -> str:
    return "-" if n is None else f"{n:.1f} ms"


def table(results: dict) -> str:
    lines = ["| site | articles | search bytes raw | search bytes gzip | page total gzip | index ready | "
             "first result (median of run medians) | min-max | p90 | worker answer | next frame | "
             "typed 1.5 s after load: search bytes gzip | keystroke -> first result |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in results["sites"].items():
        s = r["summary"]
        lines.append(f"| {name} | {r['index']['articles']} | {kb(s['search_bytes_raw'])} | "
                     f"{kb(s['search_bytes_gzip'])} "
                     f"| {kb(s['page_bytes_gzip'])} | {ms(s['index_ready_ms_median'])} | "
                     f"{ms(s['first_result_ms_median'])} | "
                     f"{' - '.join(f'{v:.1f}' for v in s['first_result_ms_min_max'] or [])} | "
                     f"{ms(s['first_result_ms_pooled_p90'])} | {ms(s['worker_answer_ms_median'])} | "
                     f"{ms(s['next_frame_ms_median'])} | {kb(s.get('cold_search_gzip_median'))} | "
                     f"{ms(s.get('cold_ms_median'))} |")
    return "\n".join(lines)


def targets(results: dict) -> str:
    lines = []
    syn = results["sites"].get("synthetic-3000/ours")
    if syn:
        b = syn["summary"]["search_bytes_gzip"]
        lines.append(f"- search bytes before the first result at {SYNTHETIC_N} articles: {kb(b)} gzip "
                     f"({kb(syn['summary']['search_bytes_raw'])} raw); target <= {kb(TARGET_BYTES)}: "
                     f"{'met' if b <= TARGET_BYTES else 'MISSED'}")
    ex = results["sites"].get("example/ours")
    if ex:
        m = ex["summary"]["first_result_ms_median"]
        lines.append(f"- first result after a keystroke on the example: {ms(m)} median; target <= {TARGET_MS:.0f} ms: "
                     f"{'met' if m is not None and m <= TARGET_MS else 'MISSED'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="cold page loads per site (default 3)")
    parser.add_argument("--no-synthetic", action="store_true", help=f"skip the {SYNTHETIC_N}-article site")
    parser.add_argument("--no-stock", action="store_true", help="skip stock Material on the example")
    parser.add_argument("--synthetic-dir", type=Path, help="where the synthetic site is built and reused "
                        f"(default $TMPDIR/helpcenter-search-synthetic-{SYNTHETIC_N})")
    parser.add_argument("--synthetic-queries", type=int, default=20)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--prebuilt", nargs="+", default=[], metavar="NAME=SITE",
                        help="also measure these built sites (en), e.g. synthetic-200=/tmp/hcsyn/n200/site")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    queries = yaml.safe_load((REPO / "benchmarks" / "queries" / "en.yml").read_text(encoding="utf-8"))["queries"]
    en_queries = [str(q["query"]) for q in queries]
    from search_eval import git_state

    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "git": git_state(),
               "machine": platform.platform(),
               "cpus": os.cpu_count(), "runs": args.runs, "gzip_level": GZIP_LEVEL, "sites": {}}
    plan = []  # (name, site root, lang, queries)
    with tempfile.TemporaryDirectory(prefix="search-speed-") as tmp:
        example = build_example(Path(tmp), stock=not args.no_stock)
        for variant, root in example.items():
            plan.append((f"example/{variant}", root, "en", en_queries))
        if not args.no_synthetic:
            t = time.perf_counter()
            root = synthetic_site(args.synthetic_dir)
            results["synthetic_build_s"] = round(time.perf_counter() - t, 1)
            plan.append((f"synthetic-{SYNTHETIC_N}/ours", root, "en", synthetic_queries(args.synthetic_queries)))
        for spec in args.prebuilt:
            name, _, site = spec.partition("=")
            plan.append((name, Path(site), "en", synthetic_queries(args.synthetic_queries)))
        with chromium() as browser:
            for name, root, lang, qs in plan:
                runs = []
                with serve(root) as server:
                    for i in range(args.runs):
                        runs.append(lunr_run(browser, server, lang, qs))
                        print(f"{name} run {i + 1}: index ready {ms(runs[-1]['index_ready_ms'])}, "
                              f"first result median {ms(runs[-1]['median_ms'])}", file=sys.stderr, flush=True)
                    colds = [cold_run(browser, server, lang, qs[i % len(qs)]) for i in range(args.runs)]
                print(f"{name} cold: {cold_summary(colds)}", file=sys.stderr, flush=True)
                results["sites"][name] = {"lang": lang, "index": index_sizes(root / lang),
                                          "summary": {**summarize(runs), **cold_summary(colds)}, "runs": runs,
                                          "cold": colds}
    results["seconds"] = round(time.perf_counter() - started, 1)
    text = "\n".join([
        "Shipped search (Material lunr) in headless Chromium, served gzip (level 6); "
        f"{args.runs} cold runs per site.", "", table(results), "", "Targets (issue 5):", targets(results), "",
        "search bytes: search_index.json + worker(s) + lunr language files fetched before the first result; "
        "index ready: navigation start -> worker READY; first result: last keyup -> first .md-search-result__item "
        "in the DOM (worker answer: -> result message; next frame: -> next animation frame).",
    ])
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (args.out / f"search-speed-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / f"search-speed-{stamp}.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nwrote {args.out / f'search-speed-{stamp}.json'} and .txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
