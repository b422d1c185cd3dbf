#!/usr/bin/env python3
"""Serve latency: from saving an article to the new page being served by `helpcenter serve`.

    python benchmarks/serve.py --articles 200 --languages 2 --edits 5 --profile

Generates the synthetic help center of benchmarks/build.py (N articles per language), starts
`helpcenter serve --config <dir>/mkdocs.yml --dev-addr 127.0.0.1:<free port>` as a subprocess,
waits until `/` answers, then, once per edit:

  1. asks the server its build version (`/__helpcenter/reload?v=0` answers at once) and opens
     the long-poll `/__helpcenter/reload?v=<that version>` in a thread, as an open page does;
  2. rewrites the `title:` of one English article (a different article and a unique title each
     time) and starts the clock;
  3. polls `GET /en/<article>/` every 20 ms until the page contains the new title ("page"), and
     notes when the long-poll answers with a newer version ("reload": what makes open pages reload);
  4. then, with the server idle, times one bare `mkdocs build` of the staged English language
     (the config build.py's `prepare_bare` writes: exactly what helpcenter hands MkDocs) in a
     fresh process: the floor, measured interleaved with the edits.

The server's own "Preview updated (en) in X s" line gives the rebuild time, so the latency splits
into noticing the change (the watcher polls) and rebuilding. With --profile, one rebuild of the
English language is profiled in-process afterwards (cProfile on generator.site.serve.Preview.rebuild).
Prints Markdown and writes JSON to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import REPO, generate, prepare_bare  # noqa: E402  (build.py puts REPO on sys.path)

TARGET_SECONDS = 2.0
POLL_SECONDS = 0.02
RELOAD_PATH = "/__helpcenter/reload"
UPDATED = re.compile(r"Preview updated \(([^)]*)\) in ([0-9.]+) s")

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost: never a proxy


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with _opener.open(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerLog(threading.Thread):
    """Reads the server's stderr; keeps every line with the time it arrived."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.lines = stream, []
        self.lock = threading.Lock()

    def run(self) -> None:
        for line in self.stream:
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def updates_since(self, t0: float) -> list[tuple[float, str, float]]:
        """(arrival, languages, seconds) of the "Preview updated" lines logged after ``t0``."""
        with self.lock:
            return [(t, m.group(1), float(m.group(2))) for t, line in self.lines if t >= t0
                    for m in [UPDATED.search(line)] if m]

    def tail(self, n: int = 30) -> str:
        with self.lock:
            return "\n".join(line for _, line in self.lines[-n:])


def version(base: str) -> int:
    status, body = get(base + RELOAD_PATH + "?v=0")
    if status != 200:
        raise RuntimeError(f"{RELOAD_PATH} answered {status}")
    return json.loads(body)["version"]


def wait_reload(base: str, seen: int, result: dict, deadline: float) -> None:
    """The long-poll an open page makes: ask until a version newer than ``seen`` comes back."""
    while time.perf_counter() < deadline:
        status, body = get(base + RELOAD_PATH + f"?v={seen}", timeout=60)
        if status == 200 and json.loads(body)["version"] > seen:
            result["at"] = time.perf_counter()
            result["version"] = json.loads(body)["version"]
            return


def set_title(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
    assert count == 1, path
    path.write_text(new, encoding="utf-8")


def time_floor(cfg: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def edit_once(base: str, root: Path, url: str, title: str, timeout: float) -> dict:
    seen = version(base)
    reload: dict = {}
    started = time.perf_counter()
    waiter = threading.Thread(target=wait_reload, args=(base, seen, reload, started + timeout), daemon=True)
    waiter.start()
    time.sleep(0.1)  # the long-poll is open before the save, as on a page that has loaded
    started = time.perf_counter()
    set_title(root / "content" / "en" / f"{url}.md", title)
    page_at = None
    needle = title.encode()
    while time.perf_counter() - started < timeout:
        status, body = get(f"{base}/en/{url}/")
        if status == 200 and needle in body:
            page_at = time.perf_counter()
            break
        time.sleep(POLL_SECONDS)
    waiter.join(max(0.0, started + timeout - time.perf_counter()))
    return {"url": url, "title": title, "started": started,
            "page_s": None if page_at is None else page_at - started,
            "reload_s": reload["at"] - started if "at" in reload else None,
            "version_before": seen, "version_after": reload.get("version")}


def profile_rebuild(config_file: Path, code: str, top: int) -> dict:
    """One in-process rebuild of ``code`` under cProfile (after a full one, as serve does on start)."""
    from generator.commands import _site_extras
    from generator.site.serve import Preview, snapshot

    work = Path(tempfile.mkdtemp(prefix="hc-serve-profile-"))
    try:
        preview = Preview(config_file, lambda project: _site_extras(project, None), work)
        preview.rebuild()
        started = time.perf_counter()
        preview.rebuild([code])
        plain = time.perf_counter() - started
        profiler = cProfile.Profile()
        profiler.enable()
        preview.rebuild([code])
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = stats.total_tt
        phases = {}
        wanted = {"load_project": "generator/project", "stage_language": "generator/site/staging.py",
                  "build": "mkdocs/commands/build.py", "write_root_files": "generator/site/root_files.py",
                  "fix_root_relative_404": "generator/site/root_files.py", "rmtree": "shutil.py",
                  "search_aliases": "generator/site/workers.py", "add_search_aliases": "generator/site/workers.py",
                  "load_config": "mkdocs/config/base.py", "_site_extras": "generator/commands.py"}
        for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
            if name in wanted and wanted[name] in file.replace(os.sep, "/"):
                phases[name] = max(phases.get(name, 0.0), ct)
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(top)
        content_dir = config_file.parent / "content"
        t0 = time.perf_counter()
        for _ in range(5):
            snapshot([content_dir, REPO / "themes" / "helpcenter", config_file])
        watch_scan = (time.perf_counter() - t0) / 5
        return {"rebuild_s": plain, "profiled_s": total, "phases_cumulative_s": phases,
                "watch_scan_s": watch_scan, "top": buf.getvalue()}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args) -> dict:
    languages = ["en", "es", "fr", "de", "pt"][: args.languages]
    root = Path(tempfile.mkdtemp(prefix=f"hc-serve-{args.articles}-"))
    server = None
    try:
        layout = generate(root, args.articles, languages)
        cfgs = prepare_bare(root, languages[:1])
        floor_cfg, floor_out = cfgs["bare-staged"][0], root / "out-bare-staged" / languages[0]
        hc = shutil.which("helpcenter") or str(Path(sys.executable).with_name("helpcenter"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cmd = [hc, "serve", "--config", str(root / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
        started = time.perf_counter()
        server = subprocess.Popen(cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        logs = ServerLog(server.stderr)
        logs.start()
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"helpcenter serve exited ({server.returncode}):\n{logs.tail()}")
            if time.perf_counter() - started > args.timeout * 5:
                raise RuntimeError(f"helpcenter serve did not answer in {args.timeout * 5:.0f} s:\n{logs.tail()}")
            try:
                if get(base + "/", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        startup = time.perf_counter() - started
        print(f"# {args.articles}x{len(languages)} articles in {root}; serving on {base} after {startup:.1f} s",
              file=sys.stderr, flush=True)
        edits, floors = [], []
        en = layout["articles"]["en"]
        for i in range(args.edits):
            time.sleep(args.settle)  # the watcher idle again, the machine's noise averaged in
            url = en[(i * 37 + 11) % len(en)]
            title = f"Serve benchmark edit {i + 1} {uuid.uuid4().hex[:10]}"
            e = edit_once(base, root, url, title, args.timeout)
            time.sleep(0.5)  # let the log line arrive
            updates = logs.updates_since(e["started"])
            e["rebuild_s"] = updates[0][2] if updates else None
            e["rebuilt"] = updates[0][1] if updates else None
            e["load1"] = os.getloadavg()[0]
            if e["page_s"] is None:
                raise RuntimeError(f"edit {i + 1}: the new title never appeared in {args.timeout} s:\n{logs.tail()}")
            floors.append(time_floor(floor_cfg, floor_out))
            edits.append(e)
            print(f"  edit {i + 1}/{args.edits} {url}: page {e['page_s']:.2f} s, reload "
                  f"{e['reload_s'] if e['reload_s'] is None else round(e['reload_s'], 2)} s, server rebuild "
                  f"{e['rebuild_s']} s ({e['rebuilt']}); floor mkdocs build {floors[-1]:.2f} s; load {e['load1']:.1f}",
                  file=sys.stderr, flush=True)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait(10)
        server = None
        profile = profile_rebuild(root / "mkdocs.yml", languages[0], args.top) if args.profile else None
        return {"articles": args.articles, "languages": languages, "startup_s": startup, "edits": edits,
                "floor_runs": floors, "profile": profile}
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(10)
        if args.keep:
            print(f"# kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def report(result: dict) -> str:
    edits, floors = result["edits"], result["floor_runs"]
    pages = [e["page_s"] for e in edits]
    reloads = [e["reload_s"] for e in edits if e["reload_s"] is not None]
    rebuilds = [e["rebuild_s"] for e in edits if e["rebuild_s"] is not None]
    floor = statistics.median(floors)
    fmt = lambda xs: ", ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    lines = [f"{result['articles']} articles x {len(result['languages'])} languages; first build and serve "
             f"{result['startup_s']:.1f} s; {len(edits)} edits of one English article's title.", "",
             "| measure | median s | runs s | / floor | target <= 2 s |", "|---|---|---|---|---|"]

    def row(name, xs, target=True):
        med = statistics.median(xs)
        verdict = ("ok" if med <= TARGET_SECONDS else f"MISS by {med - TARGET_SECONDS:.2f} s "
                   f"(x{med / TARGET_SECONDS:.2f})") if target else ""
        lines.append(f"| {name} | {med:.2f} | {fmt(xs)} | {med / floor:.2f} | {verdict} |")

    row("save -> page served with the new title", pages)
    if reloads:
        row("save -> reload long-poll answers", reloads)
    if rebuilds:
        row("server's own rebuild time (log line)", rebuilds, target=False)
        row("save -> rebuild start (noticing the change)", [e["page_s"] - e["rebuild_s"] for e in edits
                                                             if e["rebuild_s"] is not None], target=False)
    row("floor: bare `mkdocs build` of the staged language", floors, target=False)
    prof = result.get("profile")
    if prof:
        lines += ["", f"In-process rebuild of one language: {prof['rebuild_s']:.2f} s "
                  f"({prof['profiled_s']:.2f} s under cProfile); one watcher scan of content + theme + "
                  f"mkdocs.yml {1000 * prof['watch_scan_s']:.0f} ms. Cumulative s under cProfile:", ""]
        for name, secs in sorted(prof["phases_cumulative_s"].items(), key=lambda kv: -kv[1]):
            lines.append(f"- {name}: {secs:.2f} s ({100 * secs / prof['profiled_s']:.0f} %)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="articles per language")
    parser.add_argument("--languages", type=int, default=2, help="how many of en, es, fr, de, pt")
    parser.add_argument("--edits", type=int, default=5, help="timed edits (median reported)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for one edit")
    parser.add_argument("--settle", type=float, default=1.0, help="idle seconds before each edit")
    parser.add_argument("--profile", action="store_true", help="profile one in-process rebuild afterwards")
    parser.add_argument("--top", type=int, default=30, help="functions of the profile to print")
    parser.add_argument("--keep", action="store_true", help="keep the generated help center")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    result = run(args)
    table = report(result)
    print(table)
    if result.get("profile"):
        print("\n```\n" + result["profile"]["top"].strip() + "\n```")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"serve-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps({
        "command": " ".join([Path(sys.argv[0]).name] + (argv if argv is not None else sys.argv[1:])),
        "date": dt.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(), **result,
        "table": table}, indent=2), encoding="utf-8")
    print(f"\nJSON: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
