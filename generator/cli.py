"""The ``helpcenter`` command line: a thin click layer over the library.

Each command imports its implementation lazily, so ``helpcenter --help`` stays fast.
Library code raises :class:`~generator.errors.HelpcenterError`; this module is the only
place that prints, sets up logging and chooses exit codes (0 ok, 1 content/input error,
2 usage error).
"""

from __future__ import annotations

import functools
import logging
import re
import signal
import sys
import threading
from pathlib import Path

import click

from generator.errors import HelpcenterError, UsageError

log = logging.getLogger("generator")

#: Lines that already say where and what (``path:line: error: ...``) are printed as they are.
_LOCATED = re.compile(r"^\S.*?: (?:error|warning|note|info): ")


#: Exit code per error type (the most specific match wins): 1 for content, input and gate
#: failures; 2 for usage errors, which click reports itself (the library's :class:`UsageError` too).
EXIT_CODES: dict[type[BaseException], int] = {HelpcenterError: 1}


def exit_code(exc: BaseException) -> int:
    return next((EXIT_CODES[cls] for cls in type(exc).__mro__ if cls in EXIT_CODES), 1)


def error_text(exc: HelpcenterError) -> str:
    """The library's message as printed: every line that names no file gets ``helpcenter: error:``."""
    lines = str(exc).splitlines() or [type(exc).__name__]
    return "\n".join(line if _LOCATED.match(line) else f"helpcenter: error: {line}" for line in lines)


class _StderrFormatter(logging.Formatter):
    """Warnings that already carry ``path:line: level:`` are printed as they are."""

    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if record.levelno >= logging.WARNING and ": warning: " not in msg and ": error: " not in msg:
            return f"helpcenter: {record.levelname.lower()}: {msg}"
        return msg


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_StderrFormatter())
    root = logging.getLogger("generator")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # MkDocs is chatty at INFO; keep its warnings, drop its progress lines unless -vv.
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)


def tickets_option(help: str = "Ticket export (repeatable). Default: extra.helpcenter.tickets."):
    """``--tickets FILE`` (repeatable), shared by build, check, gaps and tag."""
    return click.option("--tickets", "tickets", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
                        help=help)


def feedback_option(func):
    """``--feedback FILE`` (repeatable), shared by build and gaps."""
    return click.option("--feedback", "feedback", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
                        help="The site's form-submission export (Netlify's submissions JSON or Forms CSV; "
                             "repeatable): its searches that found nothing and its votes become gap rows. "
                             "Default: extra.helpcenter.feedback.")(func)


def no_cache_option(func):
    """``--no-cache``: analyse the ticket exports again instead of serving an unchanged analysis from
    ``.helpcenter/cache/``."""
    return click.option("--no-cache", is_flag=True, help="Read the ticket exports again, even when unchanged "
                        "(the analysis is cached in .helpcenter/cache/ by content and settings).")(func)


def status(message: str) -> None:
    """A progress or summary line on stderr; ``-q`` silences it (warnings and errors still print)."""
    if log.isEnabledFor(logging.INFO):
        click.echo(message, err=True)


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so a build removes its unfinished output."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def common_options(func):
    """``--config``, ``-v`` and ``-q``, shared by every command."""

    @click.option(
        "--config", "config_file", default="mkdocs.yml", show_default=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The help center's mkdocs.yml; relative paths resolve against its folder.",
    )
    @click.option("-v", "--verbose", count=True, help="More output (-vv for debug and tracebacks).")
    @click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
    @functools.wraps(func)
    def wrapper(*args, verbose: int, quiet: bool, **kwargs):
        _setup_logging(verbose, quiet)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            return func(*args, **kwargs)
        except UsageError as exc:  # an argument the library found unusable: reported as click reports its own
            raise click.UsageError(str(exc), click.get_current_context()) from None
        except HelpcenterError as exc:
            click.echo(error_text(exc), err=True)
            sys.exit(exit_code(exc))
        except KeyboardInterrupt:
            click.echo("helpcenter: interrupted", err=True)
            sys.exit(130)
        except Terminated:
            click.echo("helpcenter: terminated", err=True)
            sys.exit(143)
        except Exception as exc:  # a bug in helpcenter, not in the user's input
            if verbose > 1:
                raise
            click.echo(
                f"helpcenter: internal error: {type(exc).__name__}: {exc}\n"
                "Run again with -vv for the traceback, and please report it.",
                err=True,
            )
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="helpcenter")
def main() -> None:
    """Build a multilingual help center from Markdown, and learn from your tickets."""


@main.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder. Default: site/ beside mkdocs.yml.")
@tickets_option("Ticket export to learn from (repeatable). Default: extra.helpcenter.tickets.")
@click.option("--strict", is_flag=True, help="Fail on warnings too, as `check --strict` does (notes never fail).")
@click.option("--jobs", type=click.IntRange(min=1), help="Languages built at once. Default: one per free core.")
@feedback_option
@no_cache_option
@common_options
def build(config_file: Path, site_dir: Path | None, tickets: tuple[Path, ...], strict: bool, jobs: int | None,
          feedback: tuple[Path, ...], no_cache: bool):
    """Build every language into SITE_DIR/<lang>/, atomically."""
    from generator.commands import build as run_build

    result = run_build(config_file, site_dir, strict=strict, jobs=jobs, tickets=list(tickets), cache=not no_cache,
                       feedback=list(feedback))
    pages = ", ".join(f"{code} {count}" for code, count in result.languages.items())
    status(f"Built {len(result.languages)} language(s) ({pages} pages) into "
           f"{_shown(result.site_dir)}/ in {result.seconds:.1f} s")
    if result.reports:
        status(f"Gap reports: {', '.join(_shown(p) for p in result.reports)}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (notes never fail).")
@click.option("--findability", is_flag=True,
              help="Also run every answered frequent question through the built site's search (needs ticket "
                   "exports and a built site); exit 1 below extra.helpcenter.gaps.findability.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --findability: the built site to search. Default: site/ beside mkdocs.yml.")
@tickets_option("With --findability: ticket export (repeatable). Default: extra.helpcenter.tickets.")
@common_options
def check(config_file: Path, fmt: str, strict: bool, findability: bool, site_dir: Path | None,
          tickets: tuple[Path, ...]):
    """Validate content: front matter, ids, links, images, translations (and, optionally, findability)."""
    import json

    from generator.commands import check as run_check

    report = run_check(config_file)
    gate = None
    if findability and not report.errors:
        from generator.commands import findability_check

        gate = findability_check(config_file, site_dir, list(tickets))
    if fmt == "json":
        data = report.as_dict()
        if gate is not None:
            data["findability"] = gate.to_dict()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        status(report.summary())
        if gate is not None:
            for miss in gate.failing:
                where = f"rank {miss['rank']}" if miss["rank"] else "not found"
                click.echo(f"{miss['article']['path']}: warning: [{miss['lang']}] {miss['tickets']} tickets ask "
                           f"{miss['question']!r}: {where} in search")
            status(f"findability: {gate.score:.0%} of answered frequent questions (by tickets) find their "
                       f"article in the top {gate.top}; {len(gate.failing)} don't")
    if report.failed(strict):
        sys.exit(1)
    if gate is not None and gate.failed:
        click.echo(f"helpcenter: error: {gate.message()}")
        sys.exit(1)


@main.command()
@click.argument("target", metavar="LANG/SECTION/SLUG")
@click.option("--title", help="The article's title. Default: from the slug.")
@click.option("--id", "article_id", help="Translation key, to link it to an article in another language.")
@common_options
def new(config_file: Path, target: str, title: str | None, article_id: str | None):
    """Scaffold an article; never overwrites."""
    from generator.commands import new_article

    path = new_article(config_file, target, title=title, article_id=article_id)
    click.echo(f"Created {_shown(path)}")


@main.command()
@click.option("--print", "name", metavar="NAME",
              help="Print one JSON Schema: frontmatter, section, categories or synonyms.")
@click.option("--write", is_flag=True, help="Copy the YAML schemas into .vscode/helpcenter/ and add them to "
                                             ".vscode/settings.json (yaml.schemas), keeping every setting there.")
@common_options
def schema(config_file: Path, name: str | None, write: bool):
    """JSON Schemas of front matter, categories.yml and synonyms.yml, for editors."""
    if (name is None) == (not write):
        raise UsageError("give --print NAME or --write")
    if name is not None:
        from generator.project.schema import schema_text

        click.echo(schema_text(name), nl=False)
        return
    from generator.commands import schema_write

    setup = schema_write(config_file)
    if setup.written:
        status(f"Wrote {', '.join(_shown(p) for p in setup.written)}")
    else:
        status(f"Editor settings already in place: {_shown(setup.settings)}")
    for target, modeline in setup.modelines.items():
        status(f"Without the settings, start {target} with: {modeline}")
    status("Front matter in Markdown is not YAML to the editor: `helpcenter check` checks it.")


@main.command()
@click.option("--lang", help="Only this language. Default: every language, with the root chooser.")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@common_options
def serve(config_file: Path, lang: str | None, dev_addr: str, open_browser: bool):
    """Live preview: every language as it will be published, rebuilt and reloaded when files change."""
    from generator.commands import serve as run_serve

    run_serve(config_file, lang, dev_addr, open_browser)


def _shown(path: Path) -> str:
    from generator.errors import display_path

    return display_path(path)


def _ticket_format_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from generator.tickets.formats import format_names

    if value is not None and value.strip().lower() not in format_names():
        raise click.BadParameter(f"unknown format {value!r}; use one of {', '.join(format_names())}")
    return value


def _map_option(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    from generator.tickets import parse_mapping

    try:
        return parse_mapping(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command("tickets")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output: a readable table, or the JSON document (tickets, categories, questions).")
@click.option("--ticket-format", default=None, callback=_ticket_format_option,
              help="Force the export format (zendesk-csv, gorgias-json, csv, jsonl, ...); detected by default.")
@click.option("--map", "mapping", multiple=True, callback=_map_option, metavar="FIELD=COLUMN",
              help="Column (or JSON key) holding one of our fields: id, subject, body, created_at, language, "
                   "tags, category, channel. Repeatable.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1),
              help="Frequent questions kept per category and language.")
@no_cache_option
@common_options
def tickets(files: tuple[Path, ...], output_format: str, ticket_format: str | None, mapping: dict[str, str],
            top: int, no_cache: bool, config_file: Path) -> None:
    """Count tickets in exports: by language and category (top first), with trends and frequent questions."""
    import json

    from generator.commands import analyse_tickets
    from generator.project import CATEGORIES_FILE
    from generator.project.config import load_config
    from generator.reports.tickets import render_text, report_dict, summary_line

    categories_file = cache_dir = None
    fmt, column_map = "auto", {}
    if config_file.is_file():
        from generator.analysis.cache import cache_folder

        config = load_config(config_file)
        categories_file = config.content_dir / CATEGORIES_FILE
        cache_dir = None if no_cache else cache_folder(config.root)
        fmt, column_map = config.settings.ticket_format, dict(config.settings.ticket_map)
    fmt = ticket_format or fmt
    column_map.update(mapping)
    progress = _progress()
    report, stats = analyse_tickets(files, format=fmt, mapping=column_map, categories_file=categories_file,
                                    questions_per_group=top, progress=progress, cache_dir=cache_dir)
    if progress:
        click.echo("\r", err=True, nl=False)
    if output_format == "json":
        click.echo(json.dumps(report_dict(report, stats), ensure_ascii=False, indent=2))
    else:
        for line in render_text(report, stats):
            click.echo(line)
    status(summary_line(report, stats))


def _progress():
    """On a terminal (and without ``-q``), a progress bar of the bytes read with percentage and rate
    (a running ticket count when the size is unknown: stdin, a pipe); else None."""
    import time

    if not sys.stderr.isatty() or not log.isEnabledFor(logging.INFO):
        return None
    start = time.monotonic()
    bars: list = []

    def progress(n: int, done: int | None = None, total: int | None = None) -> None:
        if done is None or not total:
            click.echo(f"\r{n:,} tickets…", err=True, nl=False)
            return
        if not bars:
            bars.append(click.progressbar(length=total, label="Reading tickets", file=sys.stderr, width=30,
                                          show_eta=True, item_show_func=lambda item: item))
        bar = bars[0]
        rate = done / max(time.monotonic() - start, 1e-3) / 1e6
        bar.update(done - bar.pos, f"{n:,} tickets, {rate:.1f} MB/s")
    return progress


@main.command()
@tickets_option()
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "html", "csv"]),
              help="With --output: the format to write. Default: from the file's extension, else json.")
@click.option("--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write one report to this file ('-' for stdout). Default: all four formats into the "
                   "report folder.")
@click.option("--fail-under", type=click.FloatRange(0, 1),
              help="Exit 1 when overall coverage is below this share (0-1). Default: extra.helpcenter.gaps."
                   "fail_under.")
@feedback_option
@no_cache_option
@common_options
def gaps(config_file: Path, tickets: tuple[Path, ...], fmt: str | None, output: Path | None,
         fail_under: float | None, feedback: tuple[Path, ...], no_cache: bool):
    """Gap report: frequent questions, per language, that no article answers."""
    import os

    from generator.errors import display_path
    from generator.analysis.gaps import summary
    from generator.commands import coverage_gate
    from generator.commands import gaps as run_gaps
    from generator.reports import FORMATS, github_annotations, write_reports

    progress = _progress()
    analysis = run_gaps(config_file, list(tickets), progress=progress, cache=not no_cache, feedback=list(feedback))
    if progress:
        click.echo("\r", err=True, nl=False)
    doc = analysis.document
    config = analysis.config
    if output is not None:
        fmt = fmt or {".md": "markdown", ".html": "html", ".htm": "html", ".csv": "csv"}.get(output.suffix.lower(),
                                                                                              "json")
        filename, render = FORMATS[fmt]
        text = render(doc)
        if str(output) == "-":
            click.echo(text, nl=False)
        else:
            from generator.reports import write_atomic

            output.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(output, text)
            status(f"Wrote {display_path(output)}")
    else:
        paths = write_reports(doc, config.settings.reports_dir)
        status(f"Wrote {', '.join(display_path(p) for p in paths)}")
    status(f"helpcenter: {summary(doc)}")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in github_annotations(doc):
            click.echo(line)
    threshold = config.settings.gaps.fail_under if fail_under is None else fail_under
    coverage_gate(doc, threshold, "--fail-under" if fail_under is not None else "extra.helpcenter.gaps.fail_under")


@main.command()
@click.option("--write", is_flag=True, help="Add the suggested categories to articles that have none "
                                             "(every other byte of the file stays as it is).")
@tickets_option("Ticket export whose questions help the suggestions (repeatable). Default: "
                "extra.helpcenter.tickets.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@common_options
def tag(config_file: Path, write: bool, tickets: tuple[Path, ...], fmt: str):
    """Suggest taxonomy categories for each article; --write adds them to the front matter."""
    import json

    from generator.errors import display_path
    from generator.commands import tag as run_tag

    result = run_tag(config_file, list(tickets), write=write)
    rows = []
    for article in result.content.articles():
        tagging = result.tags[(article.lang, article.id)]
        rows.append({"path": article.source, "lang": article.lang, "id": article.id, "source": tagging.source,
                     "categories": tagging.categories,
                     "suggestions": [{"category": s.category, "score": s.score} for s in tagging.suggestions]})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            scored = ", ".join(f"{s['category']} {s['score']:.2f}" for s in row["suggestions"]) or "no suggestion"
            if row["source"] == "front_matter":
                line = f"{', '.join(row['categories'])} (front matter; suggested: {scored})"
            else:
                line = f"{scored}" + (" (suggested)" if row["source"] == "suggested" else "")
            click.echo(f"{row['path']}: {line}")
    for problem in result.problems:
        click.echo(str(problem), err=True)
    suggested = sum(1 for r in rows if r["source"] == "suggested")
    if write:
        status(f"Wrote categories into {len(result.written)} file(s)"
               + (f": {', '.join(display_path(p) for p in result.written)}" if result.written else ""))
    else:
        status(f"{len(rows)} article(s): {len(rows) - suggested} with front-matter categories or none found, "
               f"{suggested} with suggestions; run `helpcenter tag --write` to add them")
    if result.problems:
        sys.exit(1)
