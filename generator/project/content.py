"""``content/`` -> :class:`Content`: languages, sections and validated articles.

Layout (SPEC section 1)::

    content/<lang>/index.md                  optional home intro
    content/<lang>/<section>/index.md        optional section title, order, icon, intro
    content/<lang>/<section>/<slug>.md       one article

Loading never stops at the first problem: every file is read, every problem is
collected as a :class:`~generator.errors.Problem` (``path:line: error: message``), and
the caller decides whether to raise. Folders whose name starts with ``_`` or ``.`` are
not languages (the example keeps its ticket export in ``content/_tickets``).

Content stays inside ``content/``: a symbolic link whose target lies outside it is an error and
is neither read nor published, and two names in one folder that differ only in case
(``Returns.md``, ``returns.md``) are an error naming both, since they are one file on macOS and
Windows.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import languages as langs
from generator.errors import Problem, ProblemList, display_path
from generator.text import fold
from generator.yamlio import PyLineLoader, YAMLRefused, parse_front_matter, yaml_kind

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- schema

@dataclass(frozen=True)
class FrontMatterKey:
    """One documented front-matter key: its name, what it holds, and whether it is required."""

    name: str
    kind: str
    doc: str
    required: bool = False


#: The article front-matter schema. ``kind`` is one of ``str``, ``id``, ``str-list``, ``bool``, ``date``, ``int``.
ARTICLE_SCHEMA: tuple[FrontMatterKey, ...] = (
    FrontMatterKey("title", "str", "The article's title, shown as its heading and in search.", required=True),
    FrontMatterKey("id", "id", "Translation key; the same id in two languages links two translations. "
                   "Default: <section>/<slug>."),
    FrontMatterKey("summary", "str", "One sentence for cards, the meta description and search."),
    FrontMatterKey("categories", "str-list", "Taxonomy ids of the ticket categories this article answers."),
    FrontMatterKey("tags", "str-list", "Free tags."),
    FrontMatterKey("updated", "date", "Last meaningful update (YYYY-MM-DD). Default: last git commit, else mtime."),
    FrontMatterKey("search_aliases", "str-list", "Extra phrases a customer might type; searchable, never shown."),
    FrontMatterKey("promoted", "bool", "Pin the article to its language's home page; within its section it "
                   "comes before the articles that are not (unless `order` places them)."),
    FrontMatterKey("order", "int", "Position within its section (lower first; articles with an order come "
                   "before those without). Default: promoted articles first, then by title."),
)

#: Section ``index.md`` keys.
SECTION_SCHEMA: tuple[FrontMatterKey, ...] = (
    FrontMatterKey("title", "str", "The section's name. Default: the folder name, capitalised."),
    FrontMatterKey("order", "int", "Position among sections (lower first). Default: by title."),
    FrontMatterKey("icon", "str", "A Material icon such as material/truck-delivery for the home card."),
)

#: Keys MkDocs or Material understand; passed through without a warning.
PASSTHROUGH_KEYS = frozenset({"hide", "template", "icon", "status", "description", "search", "subtitle",
                              "comments"})

#: The mark ``helpcenter new`` ends its placeholder paragraph with (an HTML comment, so it is never
#: shown): ``check`` warns while it is there, and ``build --strict`` fails.
PLACEHOLDER_MARK = "<!-- helpcenter:placeholder -->"

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
#: An article id: letters, digits, ``-``, ``_``, ``.`` and ``/`` (and never ``..``; see :func:`is_article_id`).
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]*$")
LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).*?\1")


# --------------------------------------------------------------------------- model

@dataclass
class Article:
    """One Markdown article in one language."""

    lang: str
    section: str
    slug: str
    path: Path
    """Absolute path of the source file."""
    source: str
    """The path as shown to users (relative to the help center)."""
    id: str
    title: str
    body: str
    """Markdown after the front matter, with ``\\n`` line endings."""
    body_line: int
    """1-based line number of the body's first line in the file."""
    summary: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    search_aliases: list[str] = field(default_factory=list)
    promoted: bool = False
    order: int | None = None
    """Front-matter ``order``: the position within the section (see :func:`article_order`)."""
    updated: dt.date | None = None
    updated_from: str = ""
    """Where ``updated`` came from: ``front matter``, ``git`` or ``mtime``."""
    meta: dict[str, Any] = field(default_factory=dict)
    """The whole front matter, as written."""

    @property
    def url(self) -> str:
        """The page's URL inside its language, with directory URLs: ``returns/how-to-return/``."""
        return f"{self.section}/{self.slug}/"

    @property
    def docs_path(self) -> str:
        """The file's path inside its language folder: ``returns/how-to-return.md``."""
        return f"{self.section}/{self.slug}.md"


@dataclass
class Section:
    """A section folder in one language."""

    lang: str
    name: str
    title: str
    order: int | None = None
    icon: str | None = None
    intro: str = ""
    articles: list[Article] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.name}/"


@dataclass
class Language:
    """One language folder: its home text, sections and articles."""

    code: str
    path: Path
    home_title: str = ""
    home_intro: str = ""
    sections: dict[str, Section] = field(default_factory=dict)
    assets: list[Path] = field(default_factory=list)
    """Non-Markdown files (images, downloads), absolute paths."""

    @property
    def name(self) -> str:
        return langs.NATIVE_NAMES.get(self.code, self.code)

    @property
    def articles(self) -> list[Article]:
        return [a for s in self.sections.values() for a in s.articles]

    def sorted_sections(self) -> list[Section]:
        return sorted(self.sections.values(), key=lambda s: (s.order is None, s.order or 0, s.title.lower()))


@dataclass
class Content(ProblemList):
    """Everything under ``content/``: languages in publishing order, and the problems found."""

    root: Path
    languages: dict[str, Language]
    default_language: str
    problems: list[Problem] = field(default_factory=list)

    def articles(self, lang: str | None = None) -> list[Article]:
        if lang is not None:
            return self.languages[lang].articles
        return [a for language in self.languages.values() for a in language.articles]

    def translations(self) -> dict[str, dict[str, Article]]:
        """Translation groups: article id -> {lang: article}."""
        groups: dict[str, dict[str, Article]] = {}
        for article in self.articles():
            groups.setdefault(article.id, {})[article.lang] = article
        return groups


# --------------------------------------------------------------------------- loading

def load_content(content_dir: Path, *, languages: list[str] | None = None, default_language: str | None = None,
                 project_root: Path | None = None, git_dates: bool = True) -> Content:
    """Read every language folder under ``content_dir``; collect problems instead of raising."""
    root = project_root or content_dir.parent
    problems: list[Problem] = []
    shown = display_path(content_dir, root)
    if not content_dir.is_dir():
        problems.append(Problem(shown, 0, "content folder not found; create it with one folder per language "
                                "(content/en, content/es, ...) or set extra.helpcenter.content_dir",
                                code="no-content"))
        return Content(content_dir, {}, default_language or "en", problems)

    inside = os.path.realpath(content_dir)
    found = _language_folders(content_dir, inside, root, problems)
    if languages:
        order = list(languages)
        for code in order:
            if code not in found:
                problems.append(Problem(shown, 0, f"language {code!r} is listed in extra.helpcenter.languages but "
                                        f"there is no folder {shown}/{code}; create it or remove it from the list",
                                        code="missing-language"))
        for code in found:
            if code not in order:
                problems.append(Problem(display_path(found[code], root), 0,
                                        f"language folder {code!r} is not in extra.helpcenter.languages, so it is "
                                        "not published; add it to the list to publish it",
                                        level="note", code="unlisted-language"))
        order = [c for c in order if c in found]
    else:
        order = sorted(found)
    if default_language is None:
        default_language = "en" if "en" in order else (order[0] if order else "en")
    elif default_language in order and not languages:  # a pinned order stays as written
        order.remove(default_language)
        order.insert(0, default_language)
    elif default_language not in found and not (languages and default_language in languages):
        problems.append(Problem(shown, 0, f"the default language {default_language!r} (extra.helpcenter."
                                f"default_language) has no folder {shown}/{default_language}; create it or change "
                                "the setting", code="missing-language"))
    if not order and not problems:
        problems.append(Problem(shown, 0, "no language folders; create one such as content/en with a section "
                                "folder and an article", code="no-languages"))

    dates = _git_dates(content_dir) if git_dates else {}
    result: dict[str, Language] = {}
    for code in order:
        result[code] = _load_language(code, found[code], _Place(inside, root), dates, problems)
    return Content(content_dir, result, default_language, problems)


def _language_folders(content_dir: Path, inside: str, root: Path, problems: list[Problem]) -> dict[str, Path]:
    """Language code -> folder, for every folder of ``content_dir`` named by a known code."""
    found: dict[str, Path] = {}
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith((".", "_")) or not entry.is_dir() or _leaves(entry, inside, root, problems):
            continue
        if not langs.is_known(entry.name):
            hint = (f"; did you mean {suggest_language_code(entry.name)!r}?" if suggest_language_code(entry.name) else ".")
            problems.append(Problem(display_path(entry, root), 0,
                                    f"unknown language folder {entry.name!r}{hint} Name language folders by code "
                                    "(en, es, fr, de, pt, pt-BR), or start the name with _ to keep other files here",
                                    code="unknown-language"))
            continue
        found[entry.name] = entry
    return found


@dataclass(frozen=True)
class _Place:
    """Where content lives: ``inside`` is the resolved content folder, ``root`` the help center's folder."""

    inside: str
    root: Path


def _leaves(path: Path, inside: str, root: Path, problems: list[Problem]) -> bool:
    """True (and a problem) when ``path`` is a symbolic link whose target lies outside ``inside``."""
    if not path.is_symlink():
        return False
    target = os.path.realpath(path)
    if target == inside or target.startswith(inside.rstrip(os.sep) + os.sep):
        return False
    content = display_path(inside, root)
    problems.append(Problem(display_path(path, root), 0, f"symbolic link to {display_path(target, root)}, outside "
                            f"{content}/; it is not read or published. Move or copy what it points to into "
                            f"{content}/ instead of linking to it", code="symlink-outside"))
    return True


def _walk(folder: Path, place: _Place, problems: list[Problem]) -> Iterator[tuple[Path, int]]:
    """``(file, depth below folder)`` in sorted order, hidden names, links out of content and
    names that differ only in case from an earlier one left out (with a problem)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        kept = _admitted(here, dirnames + filenames, place, problems)
        dirnames[:] = sorted(d for d in dirnames if d in kept)
        depth = len(here.relative_to(folder).parts)
        for filename in sorted(f for f in filenames if f in kept):
            yield here / filename, depth


def _admitted(here: Path, names: list[str], place: _Place, problems: list[Problem]) -> set[str]:
    kept: set[str] = set()
    first: dict[str, str] = {}
    for name in sorted(names):
        if name.startswith(".") or _leaves(here / name, place.inside, place.root, problems):
            continue
        folded = unicodedata.normalize("NFC", name).casefold()
        if folded in first:
            what = "folder" if (here / name).is_dir() else "file"
            problems.append(Problem(display_path(here / name, place.root), 0, "the name differs only in case from "
                                    f"{display_path(here / first[folded], place.root)}; the two are one {what} on "
                                    "macOS and Windows, so rename one or merge them", code="case-collision"))
            continue
        first[folded] = name
        kept.add(name)
    return kept


def suggest_language_code(name: str) -> str | None:
    lowered = name.lower().replace("_", "-")
    for code in langs.NATIVE_NAMES:
        if code.lower() == lowered:
            return code
    for code, native in langs.NATIVE_NAMES.items():
        if native.lower() == lowered:
            return code
    return None


def _load_language(code: str, folder: Path, place: _Place, dates: dict[str, dt.date],
                   problems: list[Problem]) -> Language:
    language = Language(code, folder)
    ids: dict[str, Article] = {}
    for path, depth in _walk(folder, place, problems):
        shown = display_path(path, place.root)
        if not path.name.endswith(".md"):
            if _readable(path, shown, problems):
                language.assets.append(path)
        elif depth == 0:
            _load_home(language, path, shown, place.root, problems)
        elif depth > 1:
            problems.append(Problem(shown, 0, "articles sit directly in a section folder "
                                    f"({display_path(folder, place.root)}/<section>/<slug>.md); sub-folders are "
                                    "for images only", code="nested-article"))
        else:
            _load_section_file(language, path, shown, dates, ids, problems)
    for section in language.sections.values():
        section.articles.sort(key=article_order)
    return language


def article_order(article: Article) -> tuple:
    """How articles are listed within a section (the nav's and the section pages' order).

    Articles with a front-matter ``order`` come first, lower first; then promoted articles; then
    the rest; within each, by title as a reader of the language sorts it: accents and case folded
    (``Échange`` beside ``exchange``), a leading ``¿``, ``¡`` or quote ignored, numbers by value
    (``Step 2`` before ``Step 10``); ties by slug.
    """
    return (article.order is None, article.order or 0, not article.promoted, title_key(article.title), article.slug)


_LEADING_PUNCTUATION = re.compile(r"^[\W_]+")
_NUMBER = re.compile(r"(\d+)", re.ASCII)


def title_key(title: str) -> tuple:
    """A title's sort key: folded (:func:`generator.text.fold`), leading punctuation dropped, numbers by value."""
    folded = fold(_LEADING_PUNCTUATION.sub("", title) or title)
    # A number compares by its length without leading zeros, then its digits: no int() of 5,000 digits.
    return tuple((0, len(part.lstrip("0")), part.lstrip("0")) if part.isdecimal() else (1, 0, part)
                 for part in _NUMBER.split(folded) if part)


def _readable(path: Path, shown: str, problems: list[Problem]) -> bool:
    """True for a file that can be published as it is; a dangling link or a link loop is a problem."""
    try:
        os.stat(path)
    except OSError as exc:
        problems.append(Problem(shown, 0, f"cannot read the file: {exc.strerror}", code="unreadable"))
        return False
    return True


def _load_home(language: Language, path: Path, shown: str, root: Path, problems: list[Problem]) -> None:
    if path.name != "index.md":
        problems.append(Problem(shown, 0, "articles belong in a section folder; move it to "
                                f"{display_path(language.path, root)}/<section>/{path.name}",
                                code="article-outside-section"))
        return
    page = _read_page(path, shown, problems)
    if page:
        meta, body, _ = page
        language.home_title = str(meta.get("title") or "")
        language.home_intro = body.strip()


def _load_section_file(language: Language, path: Path, shown: str, dates: dict[str, dt.date],
                       ids: dict[str, Article], problems: list[Problem]) -> None:
    section_name = path.parent.name
    if not SLUG.match(section_name):
        problems.append(Problem(shown, 0, f"section folder name {section_name!r} {_slug_fault(section_name)}; "
                                f"rename the folder to {_slugify(section_name)!r}", code="bad-slug"))
        return
    section = language.sections.get(section_name)
    if section is None:
        section = language.sections[section_name] = Section(language.code, section_name, _title_of(section_name))
    if path.name == "index.md":
        _load_section_index(section, path, shown, problems)
        return
    article = _load_article(language.code, section_name, path, shown, dates, problems)
    if article is None:
        return
    if article.id in ids:
        problems.append(Problem(shown, _key_line(path, "id") or 1,
                                f"duplicate id {article.id!r}: {ids[article.id].source} has it too; give each "
                                "article in a language its own id (translations share ids across languages)",
                                code="duplicate-id"))
        return
    ids[article.id] = article
    section.articles.append(article)


def _load_section_index(section: Section, path: Path, shown: str, problems: list[Problem]) -> None:
    page = _read_page(path, shown, problems, require_front_matter=False)
    if not page:
        return
    meta, body, _ = page
    values = _validate(meta, shown, problems, SECTION_SCHEMA, warn_unknown=False)
    section.title = values.get("title", section.title)
    section.order = values.get("order", section.order)
    section.icon = values.get("icon", section.icon)
    section.intro = body.strip()


def _load_article(lang: str, section: str, path: Path, shown: str, dates: dict[str, dt.date],
                  problems: list[Problem]) -> Article | None:
    slug = path.name[:-3]
    if not SLUG.match(slug):
        problems.append(Problem(shown, 0, f"file name {path.name!r} {_slug_fault(slug)}; rename it to "
                                f"{_slugify(slug)}.md (letters, digits, - and _)", code="bad-slug"))
        return None
    page = _read_page(path, shown, problems)
    if page is None:
        return None
    meta, body, body_line = page
    before = len(problems)
    values = _validate(meta, shown, problems)
    if len(problems) > before and any(p.is_error for p in problems[before:]):
        return None
    article = Article(
        lang=lang, section=section, slug=slug, path=path, source=shown,
        id=values.get("id") or f"{section}/{slug}", title=values["title"], body=body, body_line=body_line,
        summary=values.get("summary", ""), categories=values.get("categories", []), tags=values.get("tags", []),
        search_aliases=values.get("search_aliases", []), promoted=values.get("promoted", False),
        order=values.get("order"),
        meta={k: v for k, v in meta.items() if k != "__lines__"},
    )
    if "updated" in values:
        article.updated, article.updated_from = values["updated"], "front matter"
    elif os.path.realpath(path) in dates:
        article.updated, article.updated_from = dates[os.path.realpath(path)], "git"
    else:
        article.updated = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).date()
        article.updated_from = "mtime"
    return article


def _validate(meta: dict, shown: str, problems: list[Problem], schema: tuple[FrontMatterKey, ...] = ARTICLE_SCHEMA,
              warn_unknown: bool = True) -> dict[str, Any]:
    """The values of ``schema``'s keys in ``meta``, each checked by its kind; a problem for each bad one."""
    values: dict[str, Any] = {}
    for key in schema:
        if key.name not in meta or meta[key.name] is None:
            if key.required:
                problems.append(Problem(shown, 1, f"missing required front matter key {key.name!r}; add a line "
                                        "such as `title: How do I return an item?`", code="missing-title"))
            continue
        try:
            values[key.name] = _KINDS[key.kind](key.name, meta[key.name])
        except _BadValue as bad:
            problems.append(Problem(shown, _line_in(meta, key.name), f"front matter {key.name!r} {bad.message}",
                                    code=bad.code))
    names = {k.name for k in schema}
    for key in meta if warn_unknown else ():
        if key not in names and key not in PASSTHROUGH_KEYS and key != "__lines__":
            known = ", ".join(k.name for k in schema)
            problems.append(Problem(shown, _line_in(meta, key), f"unknown front matter key {key!r} is ignored "
                                    f"(known keys: {known})", level="warning", code="unknown-key"))
    return values


class _BadValue(Exception):
    def __init__(self, message: str, code: str = "bad-type"):
        super().__init__(message)
        self.message, self.code = message, code


def _text_value(name: str, value: Any) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise _BadValue("must be non-empty text")
    return str(value).strip()


def _id_value(name: str, value: Any) -> str:
    if not is_article_id(value):
        raise _BadValue("must be text such as 'returns/how-to-return' (letters, digits, -, _, . and /)", "bad-id")
    return value


def _text_list_value(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        example = "returns, refunds" if name == "categories" else "one, two"
        raise _BadValue(f"must be a list of text, such as [{example}]")
    return [str(v).strip() for v in value if str(v).strip()]


def _bool_value(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _BadValue("must be true or false")
    return value


def _int_value(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _BadValue("must be a whole number such as 10")
    return value


def _date_value(name: str, value: Any) -> dt.date:
    parsed = _as_date(value)
    if parsed is None:
        raise _BadValue(f"must be a date such as 2026-10-20, not {value!r}", "bad-date")
    return parsed


_KINDS: dict[str, Callable[[str, Any], Any]] = {
    "str": _text_value, "id": _id_value, "str-list": _text_list_value, "bool": _bool_value, "int": _int_value,
    "date": _date_value,
}


def is_article_id(value: Any) -> bool:
    """True for a valid front-matter ``id``: text such as ``returns/how-to-return``, without ``..``."""
    return isinstance(value, str) and bool(ID.match(value)) and ".." not in value


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _line_in(meta: dict, key: str) -> int:
    return meta.get("__lines__", {}).get(key, 1) if isinstance(meta, dict) else 1


def _key_line(path: Path, key: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if line.startswith(f"{key}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 0


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """Read a UTF-8 text file; a BOM is dropped with a warning, CRLF becomes LF, bad bytes are an error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 0, f"cannot read the file: {exc.strerror}", code="unreadable"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problems.append(Problem(shown, 1, "the file starts with a byte-order mark (BOM); it was ignored, but "
                                "saving as UTF-8 without BOM avoids surprises in other tools",
                                level="warning", code="bom"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(shown, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); "
                                "re-save the file as UTF-8", code="encoding"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """``(yaml_text or None, body, body_line)``; ``yaml_text`` is None when the closing ``---`` is missing."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return "", text, 1
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None, text, 1


def _read_page(path: Path, shown: str, problems: list[Problem],
               require_front_matter: bool = True) -> tuple[dict, str, int] | None:
    text = read_text(path, shown, problems)
    return None if text is None else _parse_page(text, shown, problems, require_front_matter)


def _parse_page(text: str, shown: str, problems: list[Problem],
                require_front_matter: bool = True) -> tuple[dict, str, int] | None:
    """``(front matter, body, body_line)`` of a page's text (``\n`` line endings), or None with a problem."""
    if not text.strip():
        problems.append(Problem(shown, 0, "the file is empty; add front matter with a title and some text, or "
                                "delete the file", code="empty-file"))
        return None
    raw, body, body_line = split_front_matter(text)
    if raw is None:
        problems.append(Problem(shown, 1, "front matter is not closed; add a line with --- after the last "
                                "setting", code="unclosed-front-matter"))
        return None
    if raw == "" and not text.startswith("---"):
        if require_front_matter:
            problems.append(Problem(shown, 1, "no front matter; start the file with a --- line, a line such as "
                                    "`title: How do I return an item?`, and another --- line",
                                    code="missing-front-matter"))
            return None
        return {}, body, body_line
    meta = _front_matter(raw, shown, problems)
    if meta is None:
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, f"front matter must be a mapping of `key: value` lines, not a "
                                f"{yaml_kind(meta)}", code="front-matter-not-mapping"))
        return None
    return meta, body, body_line


def _front_matter(raw: str, shown: str, problems: list[Problem]) -> Any:
    """The parsed front matter (``{}`` when empty), or None with a problem."""
    try:
        meta = parse_front_matter(raw)
    except YAMLRefused as refused:
        problems.extend(refused.problems(shown))
        return None
    except yaml.YAMLError as c_exc:
        exc = c_exc
        try:  # libyaml words errors differently; the pure-Python parser gives stable messages
            parse_front_matter(raw, PyLineLoader)
        except YAMLRefused as refused:
            problems.extend(refused.problems(shown))
            return None
        except yaml.YAMLError as py_exc:
            exc = py_exc
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(shown, line, f"invalid YAML in front matter: {reason}; check the quoting and "
                                "indentation of this line", code="bad-yaml"))
        return None
    return {} if meta is None else meta


def check_article_text(text: str, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    """An article's text read as ``helpcenter check`` reads a file: the front-matter values it
    takes (``title``, ``id``...; empty when unreadable) and every problem (``helpcenter new``
    checks what it writes with it)."""
    problems: list[Problem] = []
    page = _parse_page(text.replace("\r\n", "\n").replace("\r", "\n"), shown, problems)
    return (_validate(page[0], shown, problems) if page else {}), problems


def _slug_fault(name: str) -> str:
    if ".." in name:
        return "contains '..'"
    if " " in name:
        return "contains spaces"
    return "has characters other than letters, digits, - and _"


def _slugify(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-").lower()
    return slug or "article"


def _title_of(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").strip().capitalize()


def _git_dates(content_dir: Path) -> dict[str, dt.date]:
    """Last commit date of every file under ``content_dir`` (by resolved path), from one ``git log`` call."""
    try:
        top = subprocess.run(["git", "-C", str(content_dir), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=30)
        if top.returncode != 0:
            return {}
        out = subprocess.run(["git", "-C", str(content_dir), "-c", "core.quotepath=off", "log",
                              "--format=%x00%ct", "--name-only", "--no-renames", "--", "."],
                             capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    toplevel = Path(top.stdout.strip())
    dates: dict[str, dt.date] = {}
    stamp: dt.date | None = None
    for line in out.stdout.splitlines():
        if line.startswith("\x00"):
            stamp = dt.datetime.fromtimestamp(int(line[1:]), dt.timezone.utc).date()
        elif line and stamp is not None:
            dates.setdefault(os.path.realpath(toplevel / line), stamp)
    return dates


# --------------------------------------------------------------------------- checks

def check_links(content: Content, project_root: Path) -> list[Problem]:
    """Broken relative links and missing images, with the line they are on."""
    problems: list[Problem] = []
    for article in content.articles():
        in_fence = False
        for offset, line in enumerate(article.body.split("\n")):
            if _FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            for match in LINK.finditer(_CODE_SPAN.sub("", line)):
                is_image, target = match.group(1) == "!", match.group(2)
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
                    continue
                file_part = target.split("#", 1)[0].split("?", 1)[0]
                if not file_part:
                    continue
                resolved = Path(os.path.realpath(article.path.parent / file_part))  # a link loop doesn't raise
                if file_part.endswith("/") and not resolved.is_dir():  # section pages exist without index.md
                    resolved = resolved / "index.md"
                if resolved.exists():
                    continue
                what = "image" if is_image else "link"
                hint = ("; link to the .md file, relative to this one" if not is_image
                        else "; add the file or fix the path, relative to this article")
                problems.append(Problem(article.source, article.body_line + offset,
                                        f"{what} target {file_part!r} does not exist{hint}",
                                        code="missing-image" if is_image else "broken-link"))
    return problems


def check_translations(content: Content) -> list[Problem]:
    """Missing translations of default-language articles, orphans, and stale translations."""
    problems: list[Problem] = []
    default = content.default_language
    others = [code for code in content.languages if code != default]
    for group_id, group in sorted(content.translations().items()):
        original = group.get(default)
        if original is None:
            for article in group.values():
                problems.append(Problem(article.source, _key_line(article.path, "id") or 1,
                                        f"no {default} original with id {group_id!r}; translations are linked by "
                                        "id, so check the id or add the original", level="note",
                                        code="orphan-translation"))
            continue
        for code in others:
            article = group.get(code)
            if article is None:
                problems.append(Problem(original.source, 0, f"missing {code} translation (id {group_id!r})",
                                        level="note", code="missing-translation"))
            elif original.updated and article.updated and original.updated > article.updated:
                problems.append(Problem(article.source, _key_line(article.path, "updated") or 1,
                                        f"stale translation: the {default} original was updated "
                                        f"{original.updated.isoformat()}, this one {article.updated.isoformat()}; "
                                        "update the translation and its `updated` date", level="note",
                                        code="stale-translation"))
    return problems


def check_categories(content: Content, known: set[str] | frozenset[str]) -> list[Problem]:
    """Front-matter ``categories`` that are not taxonomy ids."""
    problems: list[Problem] = []
    for article in content.articles():
        for category in article.categories:
            if category not in known:
                problems.append(Problem(article.source, _key_line(article.path, "categories") or 1,
                                        f"unknown category {category!r}; use a taxonomy id "
                                        f"({', '.join(sorted(known))}) or add it to content/categories.yml",
                                        code="unknown-category"))
    return problems


def check_placeholders(content: Content) -> list[Problem]:
    """Articles that still hold ``helpcenter new``'s placeholder paragraph (:data:`PLACEHOLDER_MARK`)."""
    problems: list[Problem] = []
    for article in content.articles():
        for offset, line in enumerate(article.body.split("\n")):
            if PLACEHOLDER_MARK in line:
                problems.append(Problem(article.source, article.body_line + offset,
                                        "placeholder text from `helpcenter new`; write the article in its place "
                                        f"(the line ends with {PLACEHOLDER_MARK})", level="warning",
                                        code="placeholder"))
                break
    return problems


def check_content(content: Content, project_root: Path, known_categories: set[str] | None = None) -> list[Problem]:
    """All problems: loading, links, translations, placeholders and (when given) category ids, in file order."""
    problems = (list(content.problems) + check_links(content, project_root) + check_translations(content)
                + check_placeholders(content))
    if known_categories is not None:
        problems += check_categories(content, known_categories)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.level, p.message))
