"""The one small exception tree, and the diagnostics it carries.

The library raises; only the CLI turns an error into text on stderr and an exit code.
Every user-facing problem is a :class:`Problem`, printed as ``path:line: error: message``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: How bad a :class:`Problem` is: an ``error`` fails the command, a ``warning`` only with ``--strict``,
#: a ``note`` (editorial state: a missing or stale translation) and ``info`` never, in ``check`` and ``build`` alike.
Level = Literal["error", "warning", "note", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about an input file: where it is, how bad it is, and what to do."""

    path: str
    """The file, relative to the project root where possible."""
    line: int
    """1-based line (or CSV row) number; 0 when the problem is about the whole file."""
    message: str
    """What is wrong and how to fix it."""
    level: Level = "error"
    """``error``, ``warning``, ``note`` or ``info`` (see :data:`Level`)."""
    code: str = ""
    """A stable short name for the kind of problem (``missing-title``), for JSON output."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "level": self.level, "code": self.code,
                "message": self.message}


class ProblemList:
    """Mixin for results that carry ``problems``: split them into errors and warnings."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def notes(self) -> list[Problem]:
        """Editorial state (missing, stale translations): listed, never fatal, ``--strict`` or not."""
        return [p for p in self.problems if p.level == "note"]


def display_path(path: Path | str, root: Path | None = None) -> str:
    """``path`` relative to ``root`` (or the working directory) when it lies below it.

    The folders are resolved, the last name is not: a symbolic link is shown where it is, not where
    it points (and a link loop doesn't raise).
    """
    p = Path(path)
    real = Path(os.path.realpath(p.parent)) / p.name if p.name not in ("", ".", "..") else Path(os.path.realpath(p))
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return real.relative_to(os.path.realpath(base)).as_posix()
        except ValueError:
            continue
    return p.as_posix()


class HelpcenterError(Exception):
    """Base of every error the library raises on purpose. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str = "", problems: list[Problem] | None = None):
        self.problems: list[Problem] = list(problems or [])
        if not message and self.problems:
            message = "\n".join(str(p) for p in self.problems)
        super().__init__(message)

    def __reduce__(self):
        # Keep ``problems`` when the error crosses a process boundary (tickets are read in a worker).
        return (self.__class__, (str(self), self.problems))


class ConfigError(HelpcenterError):
    """``mkdocs.yml`` (or ``content/categories.yml``) is missing or invalid."""


class ContentError(HelpcenterError):
    """One or more articles failed validation. ``problems`` lists every one."""


class TicketError(HelpcenterError):
    """A ticket export could not be read or understood."""


class BuildError(HelpcenterError):
    """The site build failed; the previous ``site/`` is left untouched."""


class UsageError(HelpcenterError):
    """A command-line argument or option is unusable (``new en/returns``, ``serve --lang xx``). Exit code 2,
    like every usage error: the CLI reports it as click reports its own."""

    exit_code = 2
