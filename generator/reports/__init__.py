"""Gap report writers: the gaps document -> JSON, Markdown, HTML, CSV and GitHub annotations (pure).

Public API::

    text = render_json(doc)               # gaps.json, the machine contract (SPEC section 5)
    text = render_markdown(doc, top=10)   # gaps.md, for a pull-request comment
    text = render_html(doc)               # gaps.html, a standalone page with inline SVG charts
    text = render_csv(doc)                # gaps.csv, one row per gap, safe to open in a spreadsheet
    lines = github_annotations(doc, top=5)   # "::warning title=Help-center gap::..." workflow commands
    paths = write_reports(doc, Path("reports"), formats=("json", "markdown", "html", "csv"))
    FORMATS["html"]                       # ("gaps.html", render_html), for the CLI's --format

``doc`` is the plain dict that :mod:`generator.gaps` computes. Every string in it may be hostile:
customer phrasings (``examples``, ``question``) are redacted but not escaped, and titles, names and even
language codes come from people. Each renderer escapes for its own format:

* Markdown: one line per cell, cut at :data:`CELL_LIMIT` characters, ``& < >`` as HTML entities, the
  Markdown punctuation backslash-escaped, and ``@`` followed by a zero-width space so that a customer's
  ``@name`` never mentions a GitHub user.
* HTML: everything through :func:`html.escape`; the page has no scripts and no external assets, and its
  Content-Security-Policy forbids both in case anything slipped through.
* CSV: a cell that starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP's
  CSV-injection advice); data rows are fully quoted so that a ``;`` inside a cell cannot start a new cell
  in spreadsheets that split on semicolons.
* Annotations: workflow-command escaping (``%`` ``\\r`` ``\\n``; and ``:`` ``,`` in properties)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import HelpcenterError, display_path

from generator.reports.gaps_csv import render_csv
from generator.reports.gaps_html import render_html
from generator.reports.gaps_json import render_json
from generator.reports.gaps_markdown import render_markdown
from generator.reports.github import github_annotations

__all__ = ["FORMATS", "github_annotations", "render_csv", "render_html", "render_json", "render_markdown",
           "stage_reports", "write_atomic", "write_reports", "ReportError", "StagedReports"]

FORMATS: dict[str, tuple[str, Callable[[dict], str]]] = {
    "json": ("gaps.json", render_json),
    "markdown": ("gaps.md", render_markdown),
    "html": ("gaps.html", render_html),
    "csv": ("gaps.csv", render_csv),
}


def _write_new(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as they are) to a new file; a partial file is removed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as they are) to a temporary sibling, then rename it over ``path``."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    _write_new(tmp, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class ReportError(HelpcenterError):
    """The reports can't be written where they are configured to go."""


@dataclass
class StagedReports:
    """Reports rendered and written to temporary files beside their targets, not yet in place."""

    files: list[tuple[Path, Path]] = field(default_factory=list)
    """(temporary file, final path), in format order."""

    def commit(self) -> list[Path]:
        """Rename every report into place (a rename in one folder); the final paths."""
        for tmp, final in self.files:
            os.replace(tmp, final)
        return [final for _, final in self.files]

    def discard(self) -> None:
        for tmp, _ in self.files:
            tmp.unlink(missing_ok=True)


def stage_reports(doc: dict, reports_dir: Path,
                  formats: Iterable[str] = ("json", "markdown", "html", "csv")) -> StagedReports:
    """Render ``formats`` of ``doc`` and write them beside their targets in ``reports_dir`` (created if needed).

    Everything that can fail (rendering, creating the folder, writing) happens here, so a
    caller can check it before changing anything else and :meth:`StagedReports.commit` after.
    """
    names = list(dict.fromkeys(formats))
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r}: choose from {', '.join(FORMATS)}")
    rendered = [(FORMATS[name][0], FORMATS[name][1](doc)) for name in names]
    reports_dir = Path(reports_dir)
    staged = StagedReports()
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        for filename, text in rendered:
            path = reports_dir / filename
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            _write_new(tmp, text)
            staged.files.append((tmp, path))
    except OSError as exc:
        staged.discard()
        raise ReportError(f"{display_path(reports_dir)}: error: cannot write the gap reports here "
                          f"({exc.strerror or exc}); make the folder writable, or set "
                          "extra.helpcenter.reports_dir") from None
    return staged


def write_reports(doc: dict, reports_dir: Path,
                  formats: Iterable[str] = ("json", "markdown", "html", "csv")) -> list[Path]:
    """Render ``formats`` of ``doc`` into ``reports_dir`` (created if needed); the written paths, in order.

    Every format is rendered and written aside before any report is replaced.
    """
    return stage_reports(doc, reports_dir, formats).commit()
