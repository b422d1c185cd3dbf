"""Help-center settings: a typed, documented schema read from ``mkdocs.yml``.

The settings live under ``extra.helpcenter`` so that ``mkdocs.yml`` stays a valid MkDocs
config (MkDocs ignores what is under ``extra``). Every problem is collected before
raising, so a writer fixes the whole file in one pass. Paths resolve against the config
file's folder. No MkDocs import here: the renderer can be swapped.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import languages
from generator.errors import ConfigError, Problem, display_path
from generator.yamlio import load_config_yaml


@dataclass
class GapSettings:
    """``extra.helpcenter.gaps``: when demand counts and when a question is answered."""

    min_tickets: int = 5
    """A category or question needs at least this many tickets in a language to be a gap."""
    answer_threshold: float = 0.5
    """Match score (0-1) from which an article is taken to answer a question (calibrated on
    hand-labelled questions: benchmarks/match_eval.py)."""
    fail_under: float | None = None
    """``helpcenter gaps`` exits 1 when overall coverage is below this share (0-1)."""
    findability: float | None = 0.8
    """Findability gate (``build`` with tickets, ``check --findability``): the share of answered frequent
    questions (ticket-weighted) whose article the shipped search must rank in the top 3; below it the
    command exits 1. ``null`` turns the gate off in ``build``."""


@dataclass
class Settings:
    """``extra.helpcenter`` in ``mkdocs.yml``. Every key is optional."""

    content_dir: Path = Path("content")
    """Folder with one sub-folder per language (``content/en``, ``content/es``, ...)."""
    languages: list[str] | None = None
    """Pin the published languages and their order. Default: every language folder."""
    default_language: str | None = None
    """The x-default language. Default: ``en`` when present, else the first folder."""
    tickets: list[Path] = field(default_factory=list)
    """Ticket exports read at build time (Zendesk, Freshdesk, Gorgias, Help Scout, CSV, JSONL)."""
    ticket_format: str = "auto"
    """Force an export format instead of detecting it from the content."""
    ticket_map: dict[str, str] = field(default_factory=dict)
    """For generic CSV/JSONL: our field name -> the export's column (like ``--map``)."""
    reports_dir: Path = Path("reports")
    """Where gap reports are written. Never inside the published site."""
    contact_url: dict[str, str] = field(default_factory=dict)
    """"Still need help?" link: one URL, or a URL per language code."""
    feedback: bool = True
    """Show "Was this helpful?" on articles, posting to a Netlify form."""
    popular_articles: int = 6
    """How many important articles the home page lists."""
    gaps: GapSettings = field(default_factory=GapSettings)
    """Gap-report thresholds."""
    search_engine: str = "lunr"
    """Site search: ``lunr`` (Material's own, the whole index fetched on first search) or
    ``pagefind`` (a Pagefind index per language, fetched in small chunks; needs the
    ``pagefind[extended]`` package)."""


@dataclass
class Config:
    """Everything a command needs from ``mkdocs.yml``, with paths made absolute."""

    config_file: Path
    root: Path
    site_name: str
    site_url: str | None
    settings: Settings
    raw: dict = field(repr=False, default_factory=dict)

    @property
    def content_dir(self) -> Path:
        return self.settings.content_dir

    @property
    def reports_dir(self) -> Path:
        return self.settings.reports_dir

    def rel(self, path: Path | str) -> str:
        """``path`` as shown to users: relative to the help center's folder."""
        return display_path(path, self.root)


_SETTING_DOCS = {f.name: f for f in dataclasses.fields(Settings)}


def _check_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def load_config(config_file: Path | str = "mkdocs.yml") -> Config:
    """Read and validate ``config_file``; raise :class:`ConfigError` listing every problem."""
    path = Path(config_file)
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(problems=[Problem(shown, 0, "config file not found; run helpcenter in your "
                                            "help center's folder or pass --config PATH")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(problems=[Problem(shown, 0, f"not UTF-8 ({exc.reason}); save the file as UTF-8")]) from None
    except OSError as exc:
        raise ConfigError(problems=[Problem(shown, 0, f"cannot read the config file: {exc.strerror}")]) from None
    try:
        raw = load_config_yaml(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(problems=[Problem(shown, line, f"invalid YAML: {reason}")]) from None
    if not isinstance(raw, dict):
        raise ConfigError(problems=[Problem(shown, 1, "the config must be a mapping of settings (key: value)")])

    root = path.resolve().parent
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(shown, _line_of(text, "extra", "helpcenter", *key.split(".")),
                                f"Config value 'extra.helpcenter.{key}': {message}"))

    site_name = raw.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip():
        problems.append(Problem(shown, _line_of(text, "site_name"), "Config value 'site_name': required; "
                                "add a line such as `site_name: My Shop Help`"))
        site_name = ""
    extra = raw.get("extra") or {}
    hc = extra.get("helpcenter") if isinstance(extra, dict) else None
    hc = {} if hc is None else hc
    settings = Settings()
    if not isinstance(hc, dict):
        problems.append(Problem(shown, _line_of(text, "helpcenter"),
                                "Config value 'extra.helpcenter': expected a mapping of settings"))
        hc = {}
    for key, value in hc.items():
        if key not in _SETTING_DOCS:
            known = ", ".join(sorted(_SETTING_DOCS))
            bad(key, f"unknown setting; known settings are {known}")
            continue
        if value is None:  # `key:` left empty, or `!ENV NAME` with NAME unset: keep the default
            continue
        if key in ("content_dir", "reports_dir"):
            if not isinstance(value, str) or not value:
                bad(key, "expected a folder path")
            else:
                setattr(settings, key, root / value)
        elif key == "languages":
            if not _check_str_list(value) or not value:
                bad(key, "expected a list of language codes, such as [en, es, fr]")
            else:
                unknown = [v for v in value if not languages.is_known(v)]
                if unknown:
                    bad(key, f"unknown language code {unknown[0]!r}; use codes such as en, es, fr, de, pt or pt-BR")
                settings.languages = list(value)
        elif key == "default_language":
            if not isinstance(value, str) or not languages.is_known(value):
                bad(key, f"unknown language code {value!r}; use codes such as en, es, fr, de, pt or pt-BR")
            else:
                settings.default_language = value
        elif key == "tickets":
            value = [value] if isinstance(value, str) else value
            if not _check_str_list(value):
                bad(key, "expected a path or a list of paths to ticket exports")
            else:
                settings.tickets = [root / v for v in value]
        elif key == "ticket_format":
            if not isinstance(value, str):
                bad(key, "expected a format name such as auto, zendesk-json or csv")
            else:
                settings.ticket_format = value
        elif key == "ticket_map":
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                bad(key, "expected a mapping such as {body: Description, created_at: Date}")
            else:
                settings.ticket_map = dict(value)
        elif key == "contact_url":
            if isinstance(value, str):
                settings.contact_url = {"*": value}
            elif isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                settings.contact_url = {str(k): v for k, v in value.items()}
            else:
                bad(key, "expected a URL, or a mapping of language code to URL")
        elif key == "feedback":
            if not isinstance(value, bool):
                bad(key, "expected true or false")
            else:
                settings.feedback = value
        elif key == "popular_articles":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                bad(key, "expected a whole number, 0 or more")
            else:
                settings.popular_articles = value
        elif key == "search_engine":
            if value not in ("lunr", "pagefind"):
                bad(key, f"unknown search engine {value!r}; use lunr or pagefind")
            else:
                settings.search_engine = value
        elif key == "gaps":
            settings.gaps = _gap_settings(value, bad)
    if settings.languages and settings.default_language and settings.default_language not in settings.languages:
        bad("default_language", f"{settings.default_language!r} is not in extra.helpcenter.languages")
    if not settings.content_dir.is_absolute():
        settings.content_dir = root / settings.content_dir
    if not settings.reports_dir.is_absolute():
        settings.reports_dir = root / settings.reports_dir
    if problems:
        raise ConfigError(problems=problems)
    site_url = raw.get("site_url")
    return Config(path.resolve(), root, site_name, site_url if isinstance(site_url, str) and site_url else None,
                  settings, raw)


def _gap_settings(value: Any, bad) -> GapSettings:
    gaps = GapSettings()
    if not isinstance(value, dict):
        bad("gaps", "expected a mapping such as {min_tickets: 5, fail_under: 0.8}")
        return gaps
    for key, v in value.items():
        if key == "min_tickets" and isinstance(v, int) and not isinstance(v, bool) and v >= 1:
            gaps.min_tickets = v
        elif key in ("answer_threshold", "fail_under", "findability") and isinstance(v, (int, float)) \
                and not isinstance(v, bool) and 0 <= v <= 1:
            setattr(gaps, key, float(v))
        elif key == "findability" and v is None:
            gaps.findability = None
        elif key in ("min_tickets", "answer_threshold", "fail_under") and v is None:
            continue  # left empty: keep the default
        elif key in ("min_tickets", "answer_threshold", "fail_under", "findability"):
            expected = "a whole number, 1 or more" if key == "min_tickets" else "a number between 0 and 1"
            bad(f"gaps.{key}", f"expected {expected}")
        else:
            bad(f"gaps.{key}", "unknown setting; known settings are answer_threshold, fail_under, findability, "
                               "min_tickets")
    return gaps


def _line_of(text: str, *keys: str) -> int:
    """Best-effort line number of ``key:`` in the YAML text (0 when not found).

    With several keys (``"extra", "helpcenter", "gaps", "min_tickets"``), each one is looked for
    below the line of the one before, so ``extra.analytics.feedback`` is not taken for ours.
    """
    lines = text.splitlines()
    number = 0
    for key in keys:
        needle = f"{key}:"
        for index in range(number, len(lines)):
            if lines[index].lstrip().startswith(needle):
                number = index + 1
                break
        else:
            return 0
    return number
