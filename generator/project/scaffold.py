"""``helpcenter new``: a new article's file, written only when ``helpcenter check`` would accept it.

The target ``LANG/SECTION/SLUG`` and the ``--title`` and ``--id`` options are validated like front
matter: the language must be known, the section and slug are slugs, the id matches the id pattern,
and the title is one line of text. Values are written with :func:`yaml.safe_dump`, so they are
quoted or escaped where YAML needs it (a title ``null`` stays the text ``null``; an id can't add a
key). The rendered text is then read back exactly as ``helpcenter check`` reads a file, and nothing
is written unless it comes out as meant, with no problem at all.

The body is a placeholder paragraph in the article's language (:data:`PLACEHOLDERS`: en, es, fr,
de, pt, it, nl; a regional code uses its base language's, others English), ended by
:data:`~generator.project.content.PLACEHOLDER_MARK`, an HTML comment: ``helpcenter check`` warns
while the mark is there, and ``helpcenter build --strict`` fails.

The file is never written over, nor through a symbolic link, nor beside a name that differs from
it only in case (the two would be one file on macOS and Windows).

A bad target, title or id is a :class:`~generator.errors.UsageError` (exit 2).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from pathlib import Path

import yaml

from generator import languages as langs
from generator.errors import HelpcenterError, Problem, UsageError
from generator.project.config import load_config
from generator.project.content import PLACEHOLDER_MARK, SLUG, check_article_text, is_article_id

__all__ = ["PLACEHOLDERS", "TARGET", "check_id", "check_title", "create_article", "parse_target", "placeholder",
           "render_article"]

#: ``LANG/SECTION/SLUG`` with an optional ``.md``.
TARGET = re.compile(r"^(?P<lang>[^/]+)/(?P<section>[^/]+)/(?P<slug>[^/]+?)(\.md)?$")
#: The body of a new article, per base language: what to write, in the order to write it.
PLACEHOLDERS: dict[str, str] = {
    "en": "Write the answer first, in one or two sentences. Then the steps.",
    "es": "Escribe primero la respuesta, en una o dos frases. Después, los pasos.",
    "fr": "Écrivez d'abord la réponse, en une ou deux phrases. Puis les étapes.",
    "de": "Schreiben Sie zuerst die Antwort, in einem oder zwei Sätzen. Dann die Schritte.",
    "pt": "Escreva primeiro a resposta, em uma ou duas frases. Depois, os passos.",
    "it": "Scrivi prima la risposta, in una o due frasi. Poi i passaggi.",
    "nl": "Schrijf eerst het antwoord, in een of twee zinnen. Daarna de stappen.",
}
#: Unicode categories a one-line title can't hold: controls (tab, line feed...), surrogates, and
#: the line and paragraph separators.
_NOT_IN_A_TITLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def create_article(config_file: Path | str, target: str, title: str | None = None, article_id: str | None = None,
                   today: dt.date | None = None) -> Path:
    """Create ``content/LANG/SECTION/SLUG.md`` with front matter to fill in; never overwrite.

    Raises :class:`HelpcenterError` on a bad target, title or id (before reading the config), when
    the file exists, and when the text would not read back as written.
    """
    lang, section, slug = parse_target(target)
    title = check_title(title or slug.replace("-", " ").replace("_", " ").capitalize())
    if article_id is not None:
        check_id(article_id)
    config = load_config(config_file)
    path = config.settings.content_dir / lang / section / f"{slug}.md"
    shown = config.rel(path)
    _check_place(config.settings.content_dir, path, config.rel)
    text = render_article(title, article_id, today or dt.date.today(), lang)
    _check_reads_back(text, shown, title, article_id, today or dt.date.today())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:  # created since we looked
        raise _exists(shown) from None
    return path


def parse_target(target: str) -> tuple[str, str, str]:
    """``(lang, section, slug)`` of ``LANG/SECTION/SLUG[.md]``; :class:`UsageError` when it is not one."""
    match = TARGET.match(target)
    if not match:
        raise UsageError(f"expected LANG/SECTION/SLUG such as en/returns/exchange-an-item, not {target!r}")
    lang, section, slug = match["lang"], match["section"], match["slug"]
    if not langs.is_known(lang):
        raise UsageError(f"unknown language {lang!r}; use a code such as en, es, fr, de, pt or pt-BR")
    for name, value in (("section", section), ("slug", slug)):
        if not SLUG.match(value):
            raise UsageError(f"the {name} {value!r} must use letters, digits, - and _ only")
    return lang, section, slug


def check_id(article_id: str) -> str:
    """``--id`` as given, or :class:`UsageError` when it is not an article id."""
    if not is_article_id(article_id):
        raise UsageError(f"--id {article_id!r} is not an article id; use letters, digits, -, _, . and / "
                         "such as returns/how-to-return (no spaces, line breaks or '..')")
    return article_id


def placeholder(lang: str) -> str:
    """The placeholder paragraph for ``lang`` (its base language's; English when we have none), marked."""
    text = PLACEHOLDERS.get(lang) or PLACEHOLDERS.get(langs.base(lang)) or PLACEHOLDERS["en"]
    return f"{text} {PLACEHOLDER_MARK}"


def render_article(title: str, article_id: str | None, updated: dt.date, lang: str = "en") -> str:
    """The text of a new article: front matter (values quoted where YAML needs it) and a body to replace."""
    lines = ["---", _yaml_line("title", title)]
    if article_id is not None:
        lines.append(_yaml_line("id", article_id))
    lines += ["summary: ", "categories: []", f"updated: {updated.isoformat()}", "---", "", placeholder(lang), ""]
    return "\n".join(lines)


def _yaml_line(key: str, value: str) -> str:
    """``key: value`` on one line, the value quoted and escaped as YAML needs (``'null'``, ``'a: b'``)."""
    line = yaml.safe_dump({key: value}, allow_unicode=True, width=math.inf, sort_keys=False).rstrip("\n")
    if "\n" in line:  # pragma: no cover - check_title keeps line breaks out
        raise HelpcenterError(f"--{key} {value!r} can't be written on one line")
    return line


def check_title(title: str) -> str:
    """``--title`` stripped, or :class:`UsageError` when it is empty or not one line of text."""
    title = title.strip()
    if not title:
        raise UsageError("--title is empty; give the article a title such as 'How do I return an item?'")
    if any(unicodedata.category(char) in _NOT_IN_A_TITLE for char in title):
        raise UsageError(f"--title {title!r} is not one line of text; leave out line breaks, tabs and other "
                         "control characters")
    return title


def _check_place(content_dir: Path, path: Path, rel) -> None:
    """Refuse to write over a file, through a link out of the content folder, or beside a name that
    differs from the new one only in case."""
    if path.exists() or path.is_symlink():
        raise _exists(rel(path))
    inside = os.path.realpath(content_dir)
    folder = path.parent
    while not folder.exists() and folder != content_dir and content_dir in folder.parents:
        folder = folder.parent
    real = os.path.realpath(folder)
    if real != inside and not real.startswith(inside.rstrip(os.sep) + os.sep):
        raise HelpcenterError(problems=[Problem(rel(folder), 0, f"leads out of {rel(content_dir)}/ (to {real}); "
                                                "new articles are written inside it only")])
    for parent, name in [(p.parent, p.name) for p in (path, *path.parents) if content_dir in p.parents]:
        other = _same_but_case(parent, name)
        if other is not None:
            what = "folder" if other.is_dir() else "file"
            raise HelpcenterError(problems=[Problem(rel(parent / name), 0, f"the name differs only in case from "
                                                    f"{rel(other)}; the two are one {what} on macOS and Windows, "
                                                    "so use the existing name")])


def _same_but_case(folder: Path, name: str) -> Path | None:
    """An entry of ``folder`` whose name differs from ``name`` only in case (None if none, or no folder)."""
    folded = unicodedata.normalize("NFC", name).casefold()
    try:
        entries = os.listdir(folder)
    except OSError:
        return None
    for entry in sorted(entries):
        if entry != name and unicodedata.normalize("NFC", entry).casefold() == folded:
            return folder / entry
    return None


def _check_reads_back(text: str, shown: str, title: str, article_id: str | None, updated: dt.date) -> None:
    """Read ``text`` as ``helpcenter check`` does; refuse unless it gives exactly these values, no problem."""
    values, problems = check_article_text(text, shown)
    meant = {"title": title, "categories": [], "updated": updated} | ({"id": article_id} if article_id else {})
    if problems or values != meant:
        found = "; ".join(p.message for p in problems) or f"it reads as {values!r}"
        raise HelpcenterError(problems=[Problem(shown, 0, f"the new article would not read back as written ({found}); "
                                                "nothing was written: choose a simpler --title or --id")])


def _exists(shown: str) -> HelpcenterError:
    return HelpcenterError(problems=[Problem(shown, 0, "the file already exists; edit it, or choose another slug")])
