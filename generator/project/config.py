"""Help-center settings: a typed, documented schema read from ``mkdocs.yml``.

The settings live under ``extra.helpcenter`` so that ``mkdocs.yml`` stays a valid MkDocs
config (MkDocs ignores what is under ``extra``). Every problem is collected before
raising, so a writer fixes the whole file in one pass. Paths resolve against the config
file's folder. No MkDocs import here: the renderer can be swapped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from generator import languages
from generator.errors import ConfigError, Problem, display_path
from generator.yamlio import CONFIG_FILE, YAMLRefused, load_config_yaml, read_limited

#: The site search engines ``extra.helpcenter.search_engine`` may name (the first is the default).
SEARCH_ENGINES: tuple[str, ...] = ("lunr", "pagefind")
SearchEngine = Literal["lunr", "pagefind"]


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
    feedback: bool | list[Path] = True
    """Show "Was this helpful?" on articles, posting to a Netlify form (``false``: don't). A path or a
    list of paths instead: the form is shown, and these exports of the site's form submissions (Netlify's
    submissions JSON or CSV) are read at build time into the gap report, like ``--feedback``."""
    search_misses: bool = True
    """Post searches that find nothing (the final query, redacted in the page, to the Netlify form
    ``search-miss``; never while Do Not Track or Global Privacy Control is on). ``false``: don't."""
    popular_articles: int = 6
    """How many important articles the home page lists."""
    gaps: GapSettings = field(default_factory=GapSettings)
    """Gap-report thresholds."""
    search_engine: SearchEngine = "lunr"
    """Site search: ``lunr`` (Material's own, the whole index fetched on first search) or
    ``pagefind`` (a Pagefind index per language, fetched in small chunks; needs the
    ``pagefind[extended]`` package)."""
    site_name: dict[str, str] = field(default_factory=dict)
    """The site's name in the header and ``<title>``, per language code (``{en: Help, es: Ayuda}``);
    one text for all. Default: ``site_name``."""
    footer: dict[str, str] = field(default_factory=dict)
    """The footer's text (plain text), per language code or one text for all. Default: ``copyright``."""


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
    def feedback_form(self) -> bool:
        """Whether articles show "Was this helpful?"."""
        return self.settings.feedback is not False

    @property
    def feedback_files(self) -> list[Path]:
        """The site-feedback exports named by ``extra.helpcenter.feedback`` (none when it is a boolean)."""
        return self.settings.feedback if isinstance(self.settings.feedback, list) else []

    @property
    def reports_dir(self) -> Path:
        return self.settings.reports_dir

    def rel(self, path: Path | str) -> str:
        """``path`` as shown to users: relative to the help center's folder."""
        return display_path(path, self.root)


_SETTING_DOCS = {f.name: f for f in dataclasses.fields(Settings)}


def load_config(config_file: Path | str = "mkdocs.yml") -> Config:
    """Read and validate ``config_file``; raise :class:`ConfigError` listing every problem."""
    path = Path(config_file)
    shown = display_path(path)
    text, raw = _read(path, shown)
    root = path.resolve().parent
    problems: list[Problem] = []
    site_name = raw.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip():
        problems.append(Problem(shown, _line_of(text, "site_name"), "Config value 'site_name': required; "
                                "add a line such as `site_name: My Shop Help`"))
        site_name = ""
    settings = _settings(_helpcenter(raw, text, shown, problems), _Check(shown, text, root, problems))
    if problems:
        raise ConfigError(problems=problems)
    site_url = raw.get("site_url")
    return Config(path.resolve(), root, site_name, site_url if isinstance(site_url, str) and site_url else None,
                  settings, raw)


def _read(path: Path, shown: str) -> tuple[str, dict]:
    """``(text, parsed mapping)`` of the config file, or :class:`ConfigError`."""
    def fail(line: int, message: str) -> ConfigError:
        return ConfigError(problems=[Problem(shown, line, message)])

    try:
        text = read_limited(path, CONFIG_FILE)
    except FileNotFoundError:
        raise fail(0, "config file not found; run helpcenter in your help center's folder or pass --config "
                      "PATH") from None
    except UnicodeDecodeError as exc:
        raise fail(0, f"not UTF-8 ({exc.reason}); save the file as UTF-8") from None
    except OSError as exc:
        raise fail(0, f"cannot read the config file: {exc.strerror}") from None
    except YAMLRefused as exc:
        raise ConfigError(problems=exc.problems(shown)) from None
    try:
        raw = load_config_yaml(text) or {}
    except YAMLRefused as exc:
        raise ConfigError(problems=exc.problems(shown)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(mark.line + 1 if mark else 0, f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(raw, dict):
        raise fail(1, "the config must be a mapping of settings (key: value)")
    return text, raw


def _helpcenter(raw: dict, text: str, shown: str, problems: list[Problem]) -> dict:
    """``extra.helpcenter`` as a mapping (empty when absent or not a mapping, with a problem then)."""
    extra = raw.get("extra") or {}
    hc = extra.get("helpcenter") if isinstance(extra, dict) else None
    if hc is None:
        return {}
    if not isinstance(hc, dict):
        problems.append(Problem(shown, _line_of(text, "helpcenter"),
                                "Config value 'extra.helpcenter': expected a mapping of settings"))
        return {}
    return hc


@dataclass
class _Check:
    """What a setting's validator needs: where relative paths start, and where problems go."""

    shown: str
    text: str
    root: Path
    problems: list[Problem]

    def bad(self, key: str, message: str) -> None:
        """A problem with ``extra.helpcenter.<key>`` (dotted below it: ``gaps.min_tickets``)."""
        self.problems.append(Problem(self.shown, _line_of(self.text, "extra", "helpcenter", *key.split(".")),
                                     f"Config value 'extra.helpcenter.{key}': {message}"))


class _Invalid(Exception):
    """A setting's value is unusable; the message says what was expected."""


def _settings(hc: dict, check: _Check) -> Settings:
    """Every ``extra.helpcenter`` key through its validator (:data:`_VALIDATORS`), every problem collected."""
    settings = Settings()
    for key, value in hc.items():
        validate = _VALIDATORS.get(key)
        if validate is None:
            check.bad(key, f"unknown setting; known settings are {', '.join(sorted(_SETTING_DOCS))}")
        elif value is not None:  # `key:` left empty, or `!ENV NAME` with NAME unset: keep the default
            try:
                setattr(settings, key, validate(value, check))
            except _Invalid as exc:
                check.bad(key, str(exc))
    if settings.languages and settings.default_language and settings.default_language not in settings.languages:
        check.bad("default_language", f"{settings.default_language!r} is not in extra.helpcenter.languages")
    for name in ("content_dir", "reports_dir"):
        if not getattr(settings, name).is_absolute():
            setattr(settings, name, check.root / getattr(settings, name))
    return settings


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _folder(value: Any, check: _Check) -> Path:
    if not isinstance(value, str) or not value:
        raise _Invalid("expected a folder path")
    return check.root / value


def _languages(value: Any, check: _Check) -> list[str]:
    if not _is_str_list(value) or not value:
        raise _Invalid("expected a list of language codes, such as [en, es, fr]")
    unknown = [v for v in value if not languages.is_known(v)]
    if unknown:  # reported, and the list still kept: default_language is checked against it
        check.bad("languages", f"unknown language code {unknown[0]!r}; use codes such as en, es, fr, de, pt or pt-BR")
    return list(value)


def _default_language(value: Any, check: _Check) -> str:
    if not isinstance(value, str) or not languages.is_known(value):
        raise _Invalid(f"unknown language code {value!r}; use codes such as en, es, fr, de, pt or pt-BR")
    return value


def _tickets(value: Any, check: _Check) -> list[Path]:
    value = [value] if isinstance(value, str) else value
    if not _is_str_list(value):
        raise _Invalid("expected a path or a list of paths to ticket exports")
    return [check.root / v for v in value]


def _ticket_format(value: Any, check: _Check) -> str:
    if not isinstance(value, str):
        raise _Invalid("expected a format name such as auto, zendesk-json or csv")
    return value


def _ticket_map(value: Any, check: _Check) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _Invalid("expected a mapping such as {body: Description, created_at: Date}")
    return dict(value)


def _contact_url(value: Any, check: _Check) -> dict[str, str]:
    if isinstance(value, str):
        return {"*": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    raise _Invalid("expected a URL, or a mapping of language code to URL")


def _per_language_text(value: Any, check: _Check) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        return {"*": value}
    if isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values()):
        return {str(k): v for k, v in value.items()}
    raise _Invalid("expected a text, or a mapping of language code to text such as {en: Help, es: Ayuda}")


def _feedback(value: Any, check: _Check) -> bool | list[Path]:
    if isinstance(value, bool):
        return value
    value = [value] if isinstance(value, str) else value
    if not _is_str_list(value) or not value:
        raise _Invalid("expected true or false, or a path or a list of paths to form-submission exports")
    return [check.root / v for v in value]


def _search_misses(value: Any, check: _Check) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("expected true or false")
    return value


def _popular_articles(value: Any, check: _Check) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Invalid("expected a whole number, 0 or more")
    return value


def _search_engine(value: Any, check: _Check) -> SearchEngine:
    if not isinstance(value, str) or value not in SEARCH_ENGINES:
        raise _Invalid(f"unknown search engine {value!r}; use {' or '.join(SEARCH_ENGINES)}")
    return value  # type: ignore[return-value]


def _gaps(value: Any, check: _Check) -> GapSettings:
    return _gap_settings(value, check.bad)


#: One validator per ``extra.helpcenter`` key (a :class:`Settings` field): it returns the value to
#: keep, or raises :class:`_Invalid` saying what was expected.
_VALIDATORS: dict[str, Callable[[Any, _Check], Any]] = {
    "content_dir": _folder, "reports_dir": _folder, "languages": _languages,
    "default_language": _default_language, "tickets": _tickets, "ticket_format": _ticket_format,
    "ticket_map": _ticket_map, "contact_url": _contact_url, "feedback": _feedback,
    "search_misses": _search_misses,
    "popular_articles": _popular_articles, "search_engine": _search_engine, "gaps": _gaps,
    "site_name": _per_language_text, "footer": _per_language_text,
}
assert set(_VALIDATORS) == set(_SETTING_DOCS), "every setting has a validator"


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
