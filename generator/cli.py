"""The ``helpcenter`` command line: a thin click layer over the library.

Each command imports its implementation lazily, so ``helpcenter --help`` stays fast.
Library code raises :class:`~generator.errors.HelpcenterError`; this module is the only
place that prints, sets up logging and chooses exit codes (0 ok, 1 content/input error,
2 usage error).
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click

from .errors import HelpcenterError

log = logging.getLogger("generator")


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
        try:
            return func(*args, **kwargs)
        except HelpcenterError as exc:
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("helpcenter: interrupted", err=True)
            sys.exit(130)
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
