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
from pathlib import Path

from generator.reports.gaps_csv import render_csv
from generator.reports.gaps_html import render_html
from generator.reports.gaps_json import render_json
from generator.reports.gaps_markdown import render_markdown
from generator.reports.github import github_annotations

__all__ = ["FORMATS", "github_annotations", "render_csv", "render_html", "render_json", "render_markdown",
           "write_atomic", "write_reports"]

FORMATS: dict[str, tuple[str, Callable[[dict], str]]] = {
    "json": ("gaps.json", render_json),
    "markdown": ("gaps.md", render_markdown),
    "html": ("gaps.html", render_html),
    "csv": ("gaps.csv", render_csv),
}


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as they are) to a temporary sibling, then rename it over ``path``."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_reports(doc: dict, reports_dir: Path,
                  formats: Iterable[str] = ("json", "markdown", "html", "csv")) -> list[Path]:
    """Render ``formats`` of ``doc`` into ``reports_dir`` (created if needed); the written paths, in order.

    Every format is rendered before any file is written, so a rendering error leaves the folder untouched.
    """
    names = list(dict.fromkeys(formats))
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r}: choose from {', '.join(FORMATS)}")
    rendered = [(FORMATS[name][0], FORMATS[name][1](doc)) for name in names]
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, text in rendered:
        path = reports_dir / filename
        write_atomic(path, text)
        paths.append(path)
    return paths
