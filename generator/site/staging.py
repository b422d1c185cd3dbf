"""Staging: one language of our content model written as a docs folder MkDocs can build.

Every page's data (cards, crumbs, alternates, chips) goes into its front matter under
``hc``, as plain text that our theme templates escape. The keys MkDocs and Material print
(``title``, ``description``, ``tags`` and the nav titles) are written as inert HTML instead
(:func:`inert`), because their templates and search index print them unescaped. Unchanged
pages are not rewritten, so ``serve`` does not loop.
"""

from __future__ import annotations

import html
import math
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import i18n
from generator import languages as langs
from generator.project.config import Config
from generator.project.content import LINK, Article, Content, Language, Section
from generator.site.extras import Extras

#: Articles listed per section page; longer sections get ``page-2/``, ``page-3/``...
SECTION_PAGE_SIZE = 50


#: libyaml's emitter when available: the pure-Python one was most of our overhead over MkDocs.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def stage_language(content: Content, language: Language, docs: Path, config: Config,
                   extras: Extras | None = None) -> list:
    """Write one language's docs folder for MkDocs; return its (pruned) nav."""
    stage = _Stage(content, language, docs, config, extras or Extras(), i18n.strings(language.code),
                   content.translations())
    docs.mkdir(parents=True, exist_ok=True)
    sections = [s for s in language.sorted_sections() if s.articles]
    _stage_home(stage, sections)
    nav: list = [{inert(stage.t["home"]): "index.md"}]
    for section in sections:
        nav.append({inert(section.title): f"{section.name}/index.md"})
        _stage_section_pages(stage, section)
        _stage_articles(stage, section)
    _stage_untranslated(stage)
    _stage_assets(language, docs)
    return nav


def inert(text: object) -> str:
    """A writer's plain text as HTML that shows the same characters: ``&``, ``<``, ``>``, ``"`` escaped.

    MkDocs and Material treat a page's ``title``, ``description`` and ``tags`` as HTML (MkDocs's
    own titles from a first heading keep their entities) and print them unescaped in the header,
    ``<title>``, the meta description, the nav and the search index (whose titles and tags the
    search UI sets as innerHTML). ``'`` is left alone: every attribute they print into is
    double-quoted, and French apostrophes stay byte-identical.
    """
    return html.escape(str(text), quote=False).replace('"', "&quot;")


@dataclass(frozen=True)
class _Stage:
    """What every page of one language's docs folder is staged from."""

    content: Content
    language: Language
    docs: Path
    config: Config
    extras: Extras
    t: dict[str, str]
    groups: dict
    """Translation groups: article id -> {language: Article}."""

    @property
    def code(self) -> str:
        return self.language.code


def _stage_home(stage: _Stage, sections: list[Section]) -> None:
    """The language's home: section cards, featured articles, popular topics."""
    content, language, code = stage.content, stage.language, stage.code
    cards = [{"title": s.title, "url": s.url, "icon": s.icon, "intro": _first_sentence(s.intro),
              "count": len(s.articles)} for s in sections]
    featured = sorted(language.articles, key=lambda a: (not a.promoted, -(a.updated.toordinal() if a.updated else 0),
                                                        a.title.lower()))
    featured = featured[: stage.config.settings.popular_articles]
    home_meta = {
        "title": inert(language.home_title or stage.t["search_hero"]),
        "template": "hc-home.html",
        "hide": ["navigation", "toc"],
        "hc": {"kind": "home", "lang": code,
               "alternates": _alternates(content, stage.config, code, "", {c: "" for c in content.languages}),
               "sections": cards, "popular": [_card(a) for a in featured],
               "topics": stage.extras.popular_topics.get(code, [])},
    }
    _write_page(stage.docs / "index.md", home_meta, localise_admonitions(language.home_intro, code))


def _stage_section_pages(stage: _Stage, section: Section) -> None:
    """A section's pages: ``index.md``, then ``page-2.md``... of :data:`SECTION_PAGE_SIZE` articles each."""
    content, code, t = stage.content, stage.code, stage.t
    pages = max(1, math.ceil(len(section.articles) / SECTION_PAGE_SIZE))
    for number in range(1, pages + 1):
        chunk = section.articles[(number - 1) * SECTION_PAGE_SIZE: number * SECTION_PAGE_SIZE]
        name = "index.md" if number == 1 else f"page-{number}.md"
        url = section.url if number == 1 else f"{section.name}/page-{number}/"
        alts = _alternates(content, stage.config, code, url,
                           {c: (f"{section.name}/" if section.name in content.languages[c].sections else "")
                            for c in content.languages})
        crumbs = [{"title": t["home"], "href": "../" * _depth(url)}]
        if number > 1:
            crumbs.append({"title": section.title, "href": "../"})
        title = section.title if number == 1 else f"{section.title} ({t['page_of'].format(page=number, pages=pages)})"
        meta = {
            "title": inert(title),
            "template": "hc-section.html",
            "hide": ["toc"],
            "hc": {"kind": "section", "lang": code, "alternates": alts, "icon": section.icon,
                   "section": section.title, "articles": [_card(a, depth=_depth(url)) for a in chunk],
                   "page": number, "pages": pages, "crumbs": crumbs,
                   "prev": None if number == 1 else ("../" if number == 2 else f"../page-{number - 1}/"),
                   "next": None if number == pages else (f"page-{number + 1}/" if number == 1
                                                         else f"../page-{number + 1}/")},
        }
        _write_page(stage.docs / section.name / name, meta,
                    localise_admonitions(section.intro, code) if number == 1 else "")


def _stage_articles(stage: _Stage, section: Section) -> None:
    """Each article of ``section``: MkDocs's keys (inert HTML) plus our page data under ``hc`` (plain text)."""
    content, code, t = stage.content, stage.code, stage.t
    names = stage.extras.category_names.get(code, {})
    content_root = content.root.resolve()
    for article in section.articles:
        group = stage.groups.get(article.id, {})
        alts = _alternates(content, stage.config, code, article.url, _group_targets(content, group), group)
        meta = {k: v for k, v in article.meta.items() if k not in ("updated", "categories", "tags", "id",
                                                                  "search_aliases", "summary", "promoted")}
        meta["title"] = inert(article.title)
        if article.summary:
            meta["description"] = article.summary
        if "description" in meta:  # the summary, or a writer's own description
            meta["description"] = inert(meta["description"])
        categories = stage.extras.article_categories.get((code, article.id), article.categories)
        labels = [names.get(c, c.replace("_", " ").capitalize()) for c in categories]
        # Material's search indexes page tags: our category names plus the writer's free tags.
        tags = list({t.casefold(): t for t in reversed([*labels, *map(str, article.tags)])}.values())[::-1]
        if tags:
            meta["tags"] = [inert(tag) for tag in tags]
        meta["hc"] = {
            "kind": "article", "lang": code, "id": article.id, "alternates": alts,
            "summary": article.summary,
            "updated": article.updated.isoformat() if article.updated else None,
            "updated_text": i18n.format_date(article.updated, code) if article.updated else None,
            "categories": [{"id": c, "name": label} for c, label in zip(categories, labels)],
            "crumbs": [{"title": t["home"], "href": "../../"}, {"title": section.title, "href": "../"}],
            "stale": _stale_notice(content, group, article, alts),
        }
        body = localise_admonitions(_rewrite_cross_language_links(article, content, content_root), code)
        _write_page(stage.docs / article.docs_path, meta, body)


def _stale_notice(content: Content, group: dict[str, Article], article: Article, alts: list[dict]) -> dict | None:
    """What the notice on a stale translation shows: the original's date, language and link (None when
    current). Stale as ``check`` reports it: the default-language original's ``updated`` is later."""
    default = content.default_language
    original = group.get(default)
    if article.lang == default or original is None or not (original.updated and article.updated) \
            or original.updated <= article.updated:
        return None
    href = next(alt["href"] for alt in alts if alt["lang"] == default)
    return {"lang": default, "name": langs.NATIVE_NAMES.get(default, default), "href": href,
            "date": original.updated.isoformat(), "date_text": i18n.format_date(original.updated, article.lang)}


def untranslated_url(content: Content, group: dict[str, Article], code: str) -> str | None:
    """Where language ``code`` shows that the article of ``group`` isn't translated yet: the original's
    ``section/slug/`` (the default language's, else the first language's that has it); None when the
    group exists in ``code``, or when that URL is already a page of ``code``."""
    if code in group or not group:
        return None
    source = group.get(content.default_language) or next(group[c] for c in content.languages if c in group)
    if source.slug == "index" or re.fullmatch(r"page-\d+", source.slug):
        return None
    section = content.languages[code].sections.get(source.section)
    if section is not None and any(a.slug == source.slug for a in section.articles):
        return None
    return source.url


def _group_targets(content: Content, group: dict[str, Article]) -> dict[str, str]:
    """Language -> the group's page in it: the translation, else its not-translated page, else home ("")."""
    return {c: (group[c].url if c in group else untranslated_url(content, group, c) or "") for c in content.languages}


def _stage_untranslated(stage: _Stage) -> None:
    """For each article this language lacks, a page saying so that links to the languages that have it.

    Reached from the language switcher; kept out of the search index (``search.exclude``), the
    sitemap (the theme's ``sitemap.xml``) and search engines (``noindex``, no hreflang).
    """
    content, code, t = stage.content, stage.code, stage.t
    for group_id, group in stage.groups.items():
        url = untranslated_url(content, group, code)
        if url is None:
            continue
        source = group.get(content.default_language) or next(group[c] for c in content.languages if c in group)
        section = content.languages[code].sections.get(source.section)
        alts = _alternates(content, stage.config, code, url, _group_targets(content, group), group)
        crumbs = [{"title": t["home"], "href": "../../"}]
        if section is not None and section.articles:
            crumbs.append({"title": section.title, "href": "../"})
        meta = {
            "title": inert(t["untranslated"]), "search": {"exclude": True}, "hide": ["toc"],
            "hc": {"kind": "untranslated", "lang": code, "id": group_id, "alternates": alts, "crumbs": crumbs,
                   "available": [{"lang": alt["lang"], "name": alt["name"], "href": alt["href"],
                                  "title": group[alt["lang"]].title} for alt in alts if alt["lang"] in group]},
        }
        _write_page(stage.docs / (url.rstrip("/") + ".md"), meta, "")


#: An admonition (``!!! tip``, or ``??? tip``/``???+ tip`` of pymdownx.details) with no title of its own.
_UNTITLED_ADMONITION = re.compile(r"^(?P<lead>[ \t]*(?:!!!|\?\?\?\+?)) ?(?P<kinds>[\w-]+(?: +[\w-]+)*) *$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def localise_admonitions(body: str, code: str) -> str:
    """Give each untitled admonition its type's title in ``code`` (``!!! tip`` -> ``!!! tip "Consejo"``),
    as Python-Markdown would print the type in English. Writers' own titles, ``""`` (no title), custom
    types and fenced code are left alone."""
    if "!!!" not in body and "???" not in body:
        return body
    lines = body.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) \
                    and not line.strip()[len(opened.group(1)):].strip():
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        match = _UNTITLED_ADMONITION.match(line)
        title = match and i18n.admonition_title(match.group("kinds").split()[0], code)
        if title:
            lines[number] = f'{match.group("lead")} {match.group("kinds")} "{title}"'
    return "\n".join(lines)


def _stage_assets(language: Language, docs: Path) -> None:
    """Images and downloads, hard-linked (else copied); an up-to-date target is left alone."""
    for asset in language.assets:
        target = docs / asset.relative_to(language.path)
        if target.exists() and target.stat().st_mtime >= asset.stat().st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(asset, target)
        except OSError:
            shutil.copy2(asset, target)


def _card(article: Article, depth: int = 0) -> dict:
    """Title, summary and link of an article, relative to a page ``depth`` folders deep."""
    return {"title": article.title, "url": "../" * depth + article.url, "summary": article.summary}


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return (match.group(1) if match else text)[:200]


def _depth(url: str) -> int:
    return url.count("/")


def _alternates(content: Content, config: Config, code: str, url: str, targets: dict[str, str],
                translated: set[str] | dict | None = None) -> list[dict]:
    """Switcher and hreflang entries: the same page in each language, else that language's home.

    ``targets`` maps language -> URL inside that language ("" for home). ``href`` is relative
    to the current page; ``abs`` is absolute when ``site_url`` is configured. With ``translated``
    (the languages the page is written in), only those are hreflang alternates (``exists``); the
    others' targets are their not-translated-yet pages.
    """
    up = "../" * (_depth(url) + 1)
    alternates = []
    for other in content.languages:
        target = targets.get(other, "")
        path = f"{other}/{target}"
        alternates.append({
            "lang": other, "name": langs.NATIVE_NAMES.get(other, other), "current": other == code,
            "exists": (other in translated) if translated is not None else (bool(target) or url == ""),
            "href": up + path,
            "abs": (config.site_url.rstrip("/") + "/" + path) if config.site_url else "/" + path,
        })
    return alternates


def _rewrite_cross_language_links(article: Article, content: Content, lang_root: Path) -> str:
    """Links into another language folder become URLs (MkDocs only sees one language)."""
    if "../../" not in article.body:  # a link into another language climbs two folders at least
        return article.body

    def replace(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
            return match.group(0)
        file_part, _, anchor = target.partition("#")
        resolved = (article.path.parent / file_part).resolve()
        try:
            rel = resolved.relative_to(lang_root)
        except ValueError:
            return match.group(0)
        if not rel.parts or rel.parts[0] == article.lang or rel.parts[0] not in content.languages:
            return match.group(0)
        parts = list(rel.parts)
        if parts[-1].endswith(".md"):
            parts[-1] = parts[-1][:-3]
            if parts[-1] == "index":
                parts.pop()
        url = "../" * (_depth(article.url) + 1) + "/".join(parts) + "/"
        if anchor:
            url += "#" + anchor
        return match.group(0).replace(target, url, 1)

    return LINK.sub(replace, article.body)


def _write_page(path: Path, meta: dict, body: str) -> None:
    """Write a staged page; an unchanged page is not rewritten (keeps ``serve`` from looping)."""
    front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False,
                      width=10_000)
    text = f"---\n{front}---\n\n{body}\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
