"""Staging and running MkDocs: one build per language, in worker processes when cores are free."""

from __future__ import annotations

import concurrent.futures
import json
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.processes import die_with_parent
from generator.project.config import Config
from generator.project.content import Content, Language
from generator.site.extras import Extras
from generator.site.mkdocs_config import mkdocs_overrides
from generator.site.search_index import write_search_shards
from generator.site.staging import stage_language

log = logging.getLogger(__name__)


@dataclass
class BuildTask:
    """One language to build: staged and built in a worker (or inline), from our model."""

    lang: str
    config: Config
    content: Content
    extras: Extras
    theme: Path
    docs_dir: Path
    """Where the language is staged for MkDocs."""
    site_dir: Path
    """Where MkDocs writes the language."""
    strict: bool = False
    published: bool = True
    """False for the preview: no ``site_url``, so links stay local."""

    def stage(self) -> dict:
        """Write the docs folder; the MkDocs configuration for it."""
        language = self.content.languages[self.lang]
        nav = stage_language(self.content, language, self.docs_dir, self.config, self.extras)
        overrides = mkdocs_overrides(self.config, self.content, self.lang, nav, self.theme)
        if not self.published:
            overrides["site_url"] = None
        return overrides


@dataclass
class BuildOutcome:
    lang: str
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_language(task: BuildTask) -> BuildOutcome:
    """Stage one language and run its MkDocs build (in a worker process or inline)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    outcome = BuildOutcome(task.lang)
    collector = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        overrides = task.stage()
        cfg = load_config(config_file=str(task.config.config_file), docs_dir=str(task.docs_dir),
                          site_dir=str(task.site_dir), **overrides)
        build(cfg)
        aliases = search_aliases(task.content.languages[task.lang], task.extras)
        if aliases:
            add_search_aliases(task.site_dir / "search" / "search_index.json", aliases)
        if task.config.settings.search_engine == "pagefind":
            from generator.site.pagefind import index_language
            index_language(task.site_dir)
        write_search_shards(task.site_dir, task.lang)
        outcome.pages = sum(1 for _ in task.site_dir.rglob("index.html"))
    except MkDocsException as exc:
        # MkDocs logs what went wrong, then raises a summary ("Aborted with 2 configuration errors!").
        logged = [" ".join(m.split()) for m in collector.messages if m and m not in str(exc)]
        outcome.error = f"MkDocs failed: {exc}" + (f" ({'; '.join(logged)})" if logged else "")
    except Exception as exc:  # a theme template or plugin raised: a failed build, not a traceback
        outcome.error = f"MkDocs failed: {type(exc).__name__}: {exc}"
    finally:
        mkdocs_log.removeHandler(collector)
    outcome.warnings = [f"{task.lang}: warning: {m}" for m in collector.messages]
    outcome.seconds = time.perf_counter() - started
    return outcome


def search_aliases(language: Language, extras: Extras) -> dict[str, str]:
    """Page URL -> the article's ``search_aliases`` and mined terms, as one string."""
    aliases = {}
    for article in language.articles:
        terms = list(article.search_aliases) + extras.search_terms.get((language.code, article.id), [])
        if terms:
            aliases[article.url] = " ".join(dict.fromkeys(terms))
    return aliases


def add_search_aliases(index_file: Path, aliases: dict[str, str]) -> None:
    """Put hidden phrases in the ``aliases`` field of each page's top entry (Material never shows it)."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        terms = aliases.get(doc.get("location"))
        if terms:
            doc["aliases"] = terms
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def job_count(requested: int | None, languages: int) -> int:
    if requested:
        return max(1, min(requested, languages))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, languages))


def run_builds(tasks: list[BuildTask], jobs: int):
    """Each task's outcome, in order: inline for one job, else in forked workers that die with this process."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield build_language(task)
        return

    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                                initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        yield from pool.map(build_language, tasks)
