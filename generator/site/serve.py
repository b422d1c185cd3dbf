"""``helpcenter serve``: the whole help center as it will be published, rebuilt on change.

Every language is built (as ``helpcenter build`` does, without the swap into ``site/``) into
``.helpcenter/serve/site`` and served over HTTP like Netlify serves it: ``/`` is the language
chooser, ``/<lang>/...`` each language, and a missing page gets that language's ``404.html``
with status 404. A watcher polls the content, the theme and ``mkdocs.yml``; a change rebuilds
the language whose files changed (every language when files appear or disappear, or when a
shared file changes), and pages reload themselves through a long-poll on :data:`RELOAD_PATH`.
A failed rebuild keeps the previous pages and prints the problem.
"""

from __future__ import annotations

import http.server
import json
import logging
import shutil
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import HelpcenterError, UsageError
from generator.project import Project, load_project
from generator.site.extras import Extras
from generator.site.mkdocs_config import theme_dir
from generator.site.output import WORK_DIR
from generator.site.root_files import fix_root_relative_404, write_root_files
from generator.site.workers import BuildTask, build_language

log = logging.getLogger(__name__)

#: Pages ask here whether a newer build exists (``?v=<their version>``); the answer waits for one.
RELOAD_PATH = "/__helpcenter/reload"
#: Seconds between two looks at the files.
POLL_SECONDS = 0.3
#: Longest wait of one reload request before it answers "nothing new".
LONG_POLL_SECONDS = 20
RELOAD_SCRIPT = """<script>(function (v) {
  function poll() {
    fetch("%s?v=" + v, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (d) {
      if (d.version > v) location.reload(); else poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})(%d);</script>"""


@dataclass
class Preview:
    """The served build and its version; :meth:`rebuild` replaces one language at a time."""

    config_file: Path
    extras_for: Callable[[Project], Extras]
    root: Path
    """``.helpcenter/serve``: ``stage/<lang>`` for MkDocs' input, ``site/`` for what is served."""
    only: str | None = None
    version: int = 0
    languages: list[str] = field(default_factory=list)
    default_language: str = "en"
    changed: threading.Condition = field(default_factory=threading.Condition)

    @property
    def site(self) -> Path:
        return self.root / "site"

    def rebuild(self, codes: Iterable[str] | None = None) -> None:
        """Build ``codes`` (default: every language served) and the root files; then bump the version."""
        started = time.perf_counter()
        project = load_project(self.config_file)
        config, content = project.config, project.content
        for problem in content.errors:
            log.warning("%s", problem)
        served = [c for c in content.languages if self.only in (None, c)]
        if not served:
            raise HelpcenterError(f"no language {self.only!r} to serve; choose one of {', '.join(content.languages)}")
        extras, theme = self.extras_for(project), theme_dir(config)
        for code in [c for c in (codes or served) if c in served]:
            self._build_language(project, code, extras, theme)
        self.site.mkdir(parents=True, exist_ok=True)
        write_root_files(self.site, content, config)
        with self.changed:
            self.languages, self.default_language = served, content.default_language
            self.version += 1
            self.changed.notify_all()
        log.info("Preview updated (%s) in %.1f s", ", ".join(codes or served), time.perf_counter() - started)

    def _build_language(self, project: Project, code: str, extras: Extras, theme: Path) -> None:
        config, content = project.config, project.content
        fresh = self.root / f"new-{code}"
        shutil.rmtree(fresh, ignore_errors=True)
        outcome = build_language(BuildTask(code, config, content, extras, theme, self.root / "stage" / code, fresh,
                                           published=False))
        for warning in outcome.warnings:
            log.warning("%s", warning)
        if outcome.error:
            shutil.rmtree(fresh, ignore_errors=True)
            raise HelpcenterError(f"{code}: error: {outcome.error}")
        fix_root_relative_404(fresh, code)
        target, old = self.site / code, self.root / f"old-{code}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)

    def wait_for_change(self, seen: int, timeout: float = LONG_POLL_SECONDS) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version > seen, timeout=timeout)
            return self.version


# --------------------------------------------------------------------------- watching

def snapshot(paths: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """Every file under ``paths`` with its (mtime, size)."""
    files: dict[Path, tuple[int, int]] = {}
    for base in paths:
        candidates = [base] if base.is_file() else (p for p in base.rglob("*") if p.is_file())
        for path in candidates:
            try:
                stat = path.stat()
            except OSError:
                continue
            files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


def languages_to_rebuild(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]],
                         content_dir: Path, languages: list[str]) -> list[str] | None:
    """The languages a change touches: [] when nothing changed, None for every language.

    Files added or removed change other languages' switchers and lists, and a file outside the
    language folders (mkdocs.yml, the theme, categories.yml, synonyms.yml) changes every language.
    """
    if before.keys() != after.keys():
        return None
    touched: set[str] = set()
    for path in (p for p in after if before[p] != after[p]):
        try:
            first = path.relative_to(content_dir).parts[0]
        except (ValueError, IndexError):
            return None
        if first not in languages:
            return None
        touched.add(first)
    return sorted(touched)


def watch(preview: Preview, paths: list[Path], content_dir: Path, stop: threading.Event) -> None:
    """Rebuild what changed until ``stop`` is set; failures are printed and the old pages stay."""
    before = snapshot(paths)
    while not stop.wait(POLL_SECONDS):
        after = snapshot(paths)
        codes = languages_to_rebuild(before, after, content_dir, preview.languages)
        if codes == []:
            continue
        time.sleep(0.05)  # let an editor finish writing
        before = snapshot(paths)
        try:
            preview.rebuild(codes)
        except HelpcenterError as exc:
            log.error("%s", exc)
            log.error("the preview shows the last good build; fix the problem and save again")


# --------------------------------------------------------------------------- serving

def make_handler(preview: Preview) -> type[http.server.BaseHTTPRequestHandler]:
    """A request handler serving ``preview.site`` the way Netlify serves the published site."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def log_message(self, format: str, *args) -> None:
            log.debug("serve: " + format, *args)

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path == RELOAD_PATH:
                return self.reload(url.query)
            page, status = self.resolve(urllib.parse.unquote(url.path))
            if page is None:
                return self.send_error(404)
            self.send_file(page, status)

        def reload(self, query: str) -> None:
            seen = int(urllib.parse.parse_qs(query).get("v", ["0"])[0] or 0)
            body = json.dumps({"version": preview.wait_for_change(seen)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def resolve(self, path: str) -> tuple[Path | None, int]:
            """The file for a URL path and its status: the page, else its language's 404."""
            site = preview.site.resolve()
            target = (site / path.lstrip("/")).resolve()
            if target.is_relative_to(site):
                if target.is_dir():
                    target = target / "index.html"
                if target.is_file():
                    return target, 200
            first = path.strip("/").split("/")[0]
            lang = first if first in preview.languages else preview.default_language
            missing = site / lang / "404.html"
            return (missing if missing.is_file() else None), 404

        def send_file(self, path: Path, status: int) -> None:
            data = path.read_bytes()
            ctype = self.guess_type(str(path))
            if path.suffix == ".html":
                script = (RELOAD_SCRIPT % (RELOAD_PATH, preview.version)).encode()
                data = data.replace(b"</body>", script + b"</body>", 1) if b"</body>" in data else data + script
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def parse_address(dev_addr: str) -> tuple[str, int]:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"--dev-addr {dev_addr!r} is not HOST:PORT, such as 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def serve(config_file: Path | str, extras_for: Callable[[Project], Extras], dev_addr: str = "127.0.0.1:8000",
          lang: str | None = None, open_browser: bool = False) -> None:
    """Build every language (or ``lang``), serve it on ``dev_addr`` and rebuild on change until interrupted."""
    host, port = parse_address(dev_addr)
    project = load_project(config_file)
    config = project.config
    if lang is not None and lang not in project.content.languages:
        raise UsageError(f"--lang: no language {lang!r} to serve; choose one of "
                         f"{', '.join(project.content.languages)}")
    preview = Preview(config.config_file, extras_for, config.root / WORK_DIR / "serve", only=lang)
    shutil.rmtree(preview.root, ignore_errors=True)
    preview.rebuild()
    try:
        server = http.server.ThreadingHTTPServer((host, port), make_handler(preview))
    except OSError as exc:
        raise HelpcenterError(f"cannot serve on {dev_addr}: {exc.strerror}; choose another --dev-addr") from None
    server.daemon_threads = True
    address = f"http://{host}:{server.server_address[1]}/"
    log.info("Serving %s on %s (Ctrl-C to stop)", ", ".join(preview.languages), address)
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    stop = threading.Event()
    watched = [config.content_dir, theme_dir(config), config.config_file]
    watcher = threading.Thread(target=watch, args=(preview, watched, config.content_dir, stop), daemon=True)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
        shutil.rmtree(preview.root, ignore_errors=True)
