"""One straight pipeline from our model to a built site::

    stage each language's docs (Markdown + page data in front matter)
      -> one MkDocs build per language (in parallel when cores are free)
      -> root language chooser, Netlify _redirects, sitemap index
      -> checks on the finished build (``verify``)
      -> swap the finished folder in place of site/

Everything is written into the tool's working folder first (:mod:`generator.site.output`);
a failed or killed build leaves the previous ``site/`` untouched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from generator.errors import BuildError
from generator.project.config import Config
from generator.project.content import Content
from generator.site.csp import write_headers
from generator.site.extras import BuildResult, Extras
from generator.site.mkdocs_config import theme_dir
from generator.site.output import Workspace, guard_site_dir, swap_in, workspace
from generator.site.root_files import fix_root_relative_404, write_root_files
from generator.site.workers import BuildTask, job_count, run_builds

log = logging.getLogger(__name__)


def build_site(config: Config, content: Content, site_dir: Path | None = None, *, strict: bool = False,
               jobs: int | None = None, extras: Extras | None = None,
               verify: Callable[[Path, BuildResult], None] | None = None) -> BuildResult:
    """Build every language of ``content`` into ``site_dir`` atomically.

    ``verify(built_dir, result)`` runs on the finished build before it replaces ``site_dir``;
    raising there (a failed quality gate) leaves the previous site untouched.
    """
    started = time.perf_counter()
    site_dir = Path(site_dir or config.root / "site").resolve()
    theme = theme_dir(config)
    guard_site_dir(site_dir, config, theme)
    if content.errors:
        raise BuildError(problems=content.errors)
    if not content.languages:
        raise BuildError("nothing to build: no language folders under "
                         f"{config.rel(config.content_dir)}")
    extras = extras or Extras()
    result = BuildResult(site_dir)
    with workspace(config, site_dir) as work:
        out = work.out
        tasks = [_task(config, content, code, work, theme, strict, extras) for code in content.languages]
        _run(tasks, jobs, strict, result)
        if not config.site_url:
            for code in content.languages:
                fix_root_relative_404(out / code, code)
        write_root_files(out, content, config)
        write_headers(out)  # _headers: the CSP with the hashes of the pages' inline scripts
        if verify is not None:
            verify(out, result)
        swap_in(out, site_dir)
    result.seconds = time.perf_counter() - started
    return result


def _task(config: Config, content: Content, code: str, work: Workspace, theme: Path, strict: bool,
          extras: Extras) -> BuildTask:
    """One language's build: staged and run by a worker."""
    return BuildTask(code, config, content, extras, theme, work.stage / code, work.out / code, strict)


def _run(tasks: list[BuildTask], jobs: int | None, strict: bool, result: BuildResult) -> None:
    """Run the MkDocs builds; the first failure (or, with ``strict``, any warning) raises BuildError."""
    for outcome in run_builds(tasks, job_count(jobs, len(tasks))):
        if outcome.error:
            raise BuildError(f"{outcome.lang}: error: {outcome.error}")
        result.languages[outcome.lang] = outcome.pages
        result.warnings += outcome.warnings
        log.info("Built %s: %d pages in %.1f s", outcome.lang, outcome.pages, outcome.seconds)
    if strict and result.warnings:
        raise BuildError("\n".join(result.warnings + [f"{len(result.warnings)} warning(s) "
                                                      "in strict mode; the previous site is untouched"]))
