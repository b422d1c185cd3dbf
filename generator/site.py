"""Our model -> MkDocs + Material builds. The only module that imports MkDocs.

One straight pipeline::

    stage each language's docs (Markdown + page data in front matter)
      -> one MkDocs build per language (in parallel when cores are free)
      -> root language chooser, Netlify _redirects, sitemap index
      -> swap the finished folder in place of site/

Everything is written into a temporary sibling of ``site/`` first; a failed build leaves
the previous ``site/`` untouched. Swapping the renderer (Zensical reads the same
``mkdocs.yml``) means replacing this module only.
"""

from __future__ import annotations

import concurrent.futures
import html
import json
import logging
import math
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import i18n
from . import languages as langs
from .config import Config
from .content import Article, Content, Language, _LINK
from .errors import BuildError, Problem

log = logging.getLogger(__name__)

#: Articles listed per section page; longer sections get ``page-2/``, ``page-3/``...
SECTION_PAGE_SIZE = 50
#: Material's search fields plus ``aliases``: phrases customers type, searchable but never displayed.
#: ``tags`` (our category names and the writer's tags) weigh less than Material's 1e6, which would
#: rank any article of a category above the one whose title matches.
SEARCH_FIELDS = {"title": {"boost": 1e3}, "text": {"boost": 1.0}, "tags": {"boost": 50.0}, "aliases": {"boost": 1e2}}
#: libyaml's emitter when available: the pure-Python one was most of our overhead over MkDocs.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
#: File that marks a folder as helpcenter output, so we never replace anything else.
MARKER = ".helpcenter-site"


@dataclass
class BuildResult:
    """What a build produced, for the CLI summary and for tests."""

    site_dir: Path
    languages: dict[str, int] = field(default_factory=dict)
    """language -> pages built."""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    """Gap reports written (when ticket exports were read)."""
    findability: object | None = None
    """The findability gate's result (:class:`generator.findability.Findability`), when it ran."""


@dataclass
class Extras:
    """Data from other stages that pages may show (never ticket text: counts and our names only)."""

    popular_topics: dict[str, list[dict]] = field(default_factory=dict)
    """lang -> [{"id", "name", "tickets", "url"}] ordered by that language's ticket volume."""
    category_names: dict[str, dict[str, str]] = field(default_factory=dict)
    """lang -> category id -> display name."""
    search_terms: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(lang, article id) -> hidden extra search terms."""
    article_categories: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(lang, article id) -> categories from tagging (front matter, else suggested)."""


# --------------------------------------------------------------------------- public API

def build_site(config: Config, content: Content, site_dir: Path | None = None, *, strict: bool = False,
               jobs: int | None = None, extras: Extras | None = None,
               verify: Callable[[Path, BuildResult], None] | None = None) -> BuildResult:
    """Build every language of ``content`` into ``site_dir`` atomically.

    ``verify(built_dir, result)`` runs on the finished build before it replaces ``site_dir``;
    raising there (a failed quality gate) leaves the previous site untouched.
    """
    started = time.perf_counter()
    site_dir = Path(site_dir or config.root / "site").resolve()
    _guard_site_dir(site_dir, config)
    if content.errors:
        raise BuildError(problems=content.errors)
    if not content.languages:
        raise BuildError("helpcenter: error: nothing to build: no language folders under "
                         f"{config.rel(config.content_dir)}")
    extras = extras or Extras()
    theme_dir = _theme_dir(config)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    stage = Path(tempfile.mkdtemp(prefix="helpcenter-stage-"))
    result = BuildResult(site_dir)
    try:
        tasks = []
        for code, language in content.languages.items():
            docs = stage / code
            nav = stage_language(content, language, docs, config, extras)
            tasks.append(_Task(code, str(config.config_file), str(docs), str(out / code),
                               _overrides(config, content, code, nav, theme_dir), strict,
                               search_aliases(language, extras), config.settings.search_engine))
        for outcome in _run(tasks, _jobs(jobs, len(tasks))):
            if outcome.error:
                raise BuildError(f"{outcome.lang}: error: {outcome.error}")
            result.languages[outcome.lang] = outcome.pages
            result.warnings += outcome.warnings
            log.info("Built %s: %d pages in %.1f s", outcome.lang, outcome.pages, outcome.seconds)
        if strict and result.warnings:
            raise BuildError("\n".join(result.warnings + [f"helpcenter: error: {len(result.warnings)} warning(s) "
                                                          "in strict mode; the previous site is untouched"]))
        if not config.site_url:
            for code in content.languages:
                _fix_root_relative_404(out / code, code)
        write_root_files(out, content, config)
        (out / MARKER).write_text("This folder is generated by `helpcenter build` and replaced on every build.\n",
                                  encoding="utf-8")
        if verify is not None:
            verify(out, result)
        _swap(out, site_dir)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------- staging

def stage_language(content: Content, language: Language, docs: Path, config: Config,
                   extras: Extras | None = None) -> list:
    """Write one language's docs folder for MkDocs; return its (pruned) nav."""
    extras = extras or Extras()
    code = language.code
    t = i18n.strings(code)
    docs.mkdir(parents=True, exist_ok=True)
    groups = content.translations()
    sections = [s for s in language.sorted_sections() if s.articles]
    names = extras.category_names.get(code, {})
    home_alts = _alternates(content, config, code, "", {c: "" for c in content.languages})
    content_root = content.root.resolve()

    # Home
    cards = [{"title": s.title, "url": s.url, "icon": s.icon, "intro": _first_sentence(s.intro),
              "count": len(s.articles)} for s in sections]
    featured = sorted(language.articles, key=lambda a: (not a.promoted, -(a.updated.toordinal() if a.updated else 0),
                                                        a.title.lower()))
    featured = featured[: config.settings.popular_articles]
    home_meta = {
        "title": language.home_title or t["search_hero"],
        "template": "hc-home.html",
        "hide": ["navigation", "toc"],
        "hc": {"kind": "home", "lang": code, "alternates": home_alts, "sections": cards,
               "popular": [_card(a) for a in featured],
               "topics": extras.popular_topics.get(code, [])},
    }
    _write_page(docs / "index.md", home_meta, language.home_intro)

    nav: list = [{t["home"]: "index.md"}]
    for section in sections:
        nav.append({section.title: f"{section.name}/index.md"})
        pages = max(1, math.ceil(len(section.articles) / SECTION_PAGE_SIZE))
        for number in range(1, pages + 1):
            chunk = section.articles[(number - 1) * SECTION_PAGE_SIZE: number * SECTION_PAGE_SIZE]
            name = "index.md" if number == 1 else f"page-{number}.md"
            url = section.url if number == 1 else f"{section.name}/page-{number}/"
            alts = _alternates(content, config, code, url,
                               {c: (f"{section.name}/" if section.name in content.languages[c].sections else "")
                                for c in content.languages})
            crumbs = [{"title": t["home"], "href": "../" * _depth(url)}]
            if number > 1:
                crumbs.append({"title": section.title, "href": "../"})
            meta = {
                "title": section.title if number == 1 else f"{section.title} ({t['page_of'].format(page=number, pages=pages)})",
                "template": "hc-section.html",
                "hide": ["toc"],
                "hc": {"kind": "section", "lang": code, "alternates": alts, "icon": section.icon,
                       "section": section.title, "articles": [_card(a, depth=_depth(url)) for a in chunk],
                       "page": number, "pages": pages, "crumbs": crumbs,
                       "prev": None if number == 1 else ("../" if number == 2 else f"../page-{number - 1}/"),
                       "next": None if number == pages else (f"page-{number + 1}/" if number == 1
                                                             else f"../page-{number + 1}/")},
            }
            _write_page(docs / section.name / name, meta, section.intro if number == 1 else "")

        for article in section.articles:
            group = groups.get(article.id, {})
            alts = _alternates(content, config, code, article.url,
                               {c: (group[c].url if c in group else "") for c in content.languages})
            meta = {k: v for k, v in article.meta.items() if k not in ("updated", "categories", "tags", "id",
                                                                      "search_aliases", "summary", "promoted")}
            meta["title"] = article.title
            if article.summary:
                meta["description"] = article.summary
            categories = extras.article_categories.get((code, article.id), article.categories)
            labels = [names.get(c, c.replace("_", " ").capitalize()) for c in categories]
            # Material's search indexes page tags: our category names plus the writer's free tags.
            tags = list({t.casefold(): t for t in reversed([*labels, *map(str, article.tags)])}.values())[::-1]
            if tags:
                meta["tags"] = tags
            meta["hc"] = {
                "kind": "article", "lang": code, "id": article.id, "alternates": alts,
                "summary": article.summary,
                "updated": article.updated.isoformat() if article.updated else None,
                "updated_text": i18n.format_date(article.updated, code) if article.updated else None,
                "categories": [{"id": c, "name": label} for c, label in zip(categories, labels)],
                "crumbs": [{"title": t["home"], "href": "../../"}, {"title": section.title, "href": "../"}],
            }
            body = _rewrite_cross_language_links(article, content, content_root)
            _write_page(docs / article.docs_path, meta, body)
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
    return nav


def _card(article: Article, depth: int = 0) -> dict:
    """Title, summary and link of an article, relative to a page ``depth`` folders deep."""
    return {"title": article.title, "url": "../" * depth + article.url, "summary": article.summary}


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return (match.group(1) if match else text)[:200]


def _depth(url: str) -> int:
    return url.count("/")


def _alternates(content: Content, config: Config, code: str, url: str, targets: dict[str, str]) -> list[dict]:
    """Switcher and hreflang entries: the same page in each language, else that language's home.

    ``targets`` maps language -> URL inside that language ("" for home). ``href`` is relative
    to the current page; ``abs`` is absolute when ``site_url`` is configured.
    """
    up = "../" * (_depth(url) + 1)
    alternates = []
    for other in content.languages:
        target = targets.get(other, "")
        path = f"{other}/{target}"
        alternates.append({
            "lang": other, "name": langs.NATIVE_NAMES.get(other, other), "current": other == code,
            "exists": bool(target) or url == "", "href": up + path,
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

    return _LINK.sub(replace, article.body)


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


# --------------------------------------------------------------------------- MkDocs config per language

def _theme_dir(config: Config) -> Path:
    theme = config.raw.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    path = config.root / (custom or "themes/helpcenter")
    if not (path / "main.html").is_file():
        raise BuildError(problems=[Problem(config.rel(config.config_file), 0,
                                           f"theme folder {config.rel(path)} has no main.html; set theme.custom_dir "
                                           "to the helpcenter theme (themes/helpcenter)", code="no-theme")])
    return path


def _overrides(config: Config, content: Content, code: str, nav: list, theme_dir: Path) -> dict[str, Any]:
    raw = config.raw
    theme = dict(raw.get("theme") or {}) if isinstance(raw.get("theme"), dict) else {"name": raw.get("theme")}
    theme["name"] = theme.get("name") or "material"
    theme["custom_dir"] = str(theme_dir)
    theme["language"] = langs.material_language(code)
    features = [f for f in theme.get("features", []) if f != "navigation.instant"]
    theme["features"] = features

    plugins = raw.get("plugins") or ["search"]
    lunr = langs.lunr_language(code)
    # Material's default pipeline drops the stemmer; we keep it wherever lunr has one.
    search = {"lang": [lunr or "en"], "fields": dict(SEARCH_FIELDS),
              "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}
    if lunr is None:
        search["pipeline"] = ["trimmer"]  # no stemmer or English stop words for a language lunr can't stem
    new_plugins: list = []
    has_search = False
    for plugin in plugins:
        name = plugin if isinstance(plugin, str) else next(iter(plugin), "")
        if name in ("search", "material/search"):
            options = {} if isinstance(plugin, str) else dict(plugin[name] or {})
            options.update(search)
            new_plugins.append({name: options})
            has_search = True
        else:
            new_plugins.append(plugin)
    if not has_search:
        new_plugins.insert(0, {"search": search})

    extra = dict(raw.get("extra") or {})
    settings = config.settings
    contact = settings.contact_url.get(code) or settings.contact_url.get("*")
    extra.pop("helpcenter", None)
    extra["alternate"] = True  # truthy but not iterable: Material shows the switcher, our partial fills it
    extra["hc"] = {
        "lang": code, "default_language": content.default_language, "contact_url": contact,
        "feedback": settings.feedback, "t": i18n.strings(code),
        "languages": [{"lang": c, "name": langs.NATIVE_NAMES.get(c, c)} for c in content.languages],
    }
    site_url = (config.site_url.rstrip("/") + f"/{code}/") if config.site_url else None
    validation = {"nav": {"omitted_files": "ignore", "not_found": "warn"},
                  "links": {"not_found": "warn", "anchors": "info", "unrecognized_links": "info"}}
    return {"theme": theme, "plugins": new_plugins, "extra": extra, "site_url": site_url, "nav": nav,
            "validation": validation, "use_directory_urls": True}


# --------------------------------------------------------------------------- running MkDocs

@dataclass
class _Task:
    lang: str
    config_file: str
    docs_dir: str
    site_dir: str
    overrides: dict
    strict: bool
    aliases: dict[str, str] = field(default_factory=dict)
    """Page URL -> hidden search phrases, added to the page's entry in the search index."""
    search_engine: str = "lunr"
    """``pagefind``: index the built language with Pagefind (:mod:`generator.pagefind`)."""


@dataclass
class _Outcome:
    lang: str
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build_language(task: _Task) -> _Outcome:
    """Run one MkDocs build (in a worker process or inline)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    outcome = _Outcome(task.lang)
    collector = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        cfg = load_config(config_file=task.config_file, docs_dir=task.docs_dir, site_dir=task.site_dir,
                          **task.overrides)
        build(cfg)
        if task.aliases:
            add_search_aliases(Path(task.site_dir) / "search" / "search_index.json", task.aliases)
        if task.search_engine == "pagefind":
            from .pagefind import index_language
            index_language(Path(task.site_dir))
        outcome.pages = sum(1 for _ in Path(task.site_dir).rglob("index.html"))
    except MkDocsException as exc:
        outcome.error = f"MkDocs failed: {exc}"
    except SystemExit as exc:  # mkdocs' config loader exits on invalid configs
        outcome.error = f"MkDocs rejected the configuration (exit {exc.code}): " + "; ".join(collector.messages)
    except Exception as exc:  # a theme template or plugin raised: a failed build, not a traceback
        outcome.error = f"MkDocs failed: {type(exc).__name__}: {exc}"
    finally:
        mkdocs_log.removeHandler(collector)
    outcome.warnings = [f"{task.lang}: warning: {m}" for m in collector.messages]
    outcome.seconds = time.perf_counter() - started
    return outcome


def search_aliases(language: Language, extras: Extras) -> dict[str, str]:
    """Page URL -> the article's ``search_aliases`` and mined terms, as one string."""
    aliases = {}
    for article in language.articles:
        terms = list(article.search_aliases) + extras.search_terms.get((language.code, article.id), [])
        if terms:
            aliases[article.url] = " ".join(dict.fromkeys(terms))
    return aliases


def add_search_aliases(index_file: Path, aliases: dict[str, str]) -> None:
    """Put hidden phrases in the ``aliases`` field of each page's top entry (Material never shows it)."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        terms = aliases.get(doc.get("location"))
        if terms:
            doc["aliases"] = terms
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _jobs(requested: int | None, languages: int) -> int:
    if requested:
        return max(1, min(requested, languages))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, languages))


def _run(tasks: list[_Task], jobs: int):
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield _build_language(task)
        return
    import multiprocessing

    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs,
                                                mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_build_language, tasks)


# --------------------------------------------------------------------------- root files

def write_root_files(out: Path, content: Content, config: Config) -> None:
    """The root language chooser, Netlify ``_redirects`` and, with ``site_url``, a sitemap index."""
    codes = list(content.languages)
    default = content.default_language
    t = i18n.strings(default)
    links = "\n".join(
        f'      <li><a href="{c}/" hreflang="{c}" lang="{c}">{html.escape(langs.NATIVE_NAMES.get(c, c))}</a></li>'
        for c in codes)
    alternates = "\n".join(f'  <link rel="alternate" hreflang="{c}" href="{_root_href(config, c)}">' for c in codes)
    alternates += f'\n  <link rel="alternate" hreflang="x-default" href="{_root_href(config, default)}">'
    data = json.dumps({"languages": codes, "default": default})
    page = f"""<!doctype html>
<html lang="{default}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>{html.escape(config.site_name)}</title>
{alternates}
  <script>
  (function () {{
    var c = {data};
    var m = document.cookie.match(/(?:^|; )nf_lang=([^;]+)/);
    var wanted = (m ? [decodeURIComponent(m[1])] : []).concat(navigator.languages || [navigator.language || ""]);
    function pick(tag) {{
      if (!tag) return null;
      for (var i = 0; i < c.languages.length; i++)
        if (c.languages[i].toLowerCase() === tag.toLowerCase()) return c.languages[i];
      var base = tag.split("-")[0].toLowerCase();
      for (var j = 0; j < c.languages.length; j++)
        if (c.languages[j].split("-")[0].toLowerCase() === base) return c.languages[j];
      return null;
    }}
    for (var k = 0; k < wanted.length; k++) {{
      var hit = pick(wanted[k]);
      if (hit) {{ location.replace(hit + "/"); return; }}
    }}
    location.replace(c.default + "/");
  }})();
  </script>
  <style>
    body {{ font: 1.1rem/1.5 system-ui, sans-serif; max-width: 30rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }}
    a {{ color: #0b57d0; }} li {{ margin: .4rem 0; }}
  </style>
</head>
<body>
  <main>
    <h1>{html.escape(config.site_name)}</h1>
    <p>{html.escape(t["choose_language"])}:</p>
    <ul>
{links}
    </ul>
  </main>
</body>
</html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")
    (out / "_redirects").write_text(netlify_redirects(codes, default), encoding="utf-8")
    if config.site_url:
        base = config.site_url.rstrip("/")
        entries = "\n".join(f"  <sitemap><loc>{html.escape(base)}/{c}/sitemap.xml</loc></sitemap>" for c in codes)
        (out / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                         '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                                         f"{entries}\n</sitemapindex>\n", encoding="utf-8")
        (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n", encoding="utf-8")


def _root_href(config: Config, code: str) -> str:
    return f"{config.site_url.rstrip('/')}/{code}/" if config.site_url else f"{code}/"


def netlify_redirects(codes: list[str], default: str) -> str:
    """Edge rules: ``/`` by Accept-Language (Netlify honours the ``nf_lang`` cookie the switcher sets), 404s."""
    lines = ["# Generated by `helpcenter build`. Netlify reads this before netlify.toml.",
             "# '/' exists (the language chooser), so the language rules are forced (302!).",
             "# A visitor's manual choice is the nf_lang cookie, which Netlify's Language condition honours."]
    for code in codes:
        lines.append(f"/  /{code}/  302!  Language={code}")
    for code in codes:
        lines.append(f"/{code}/*  /{code}/404.html  404")
    lines.append(f"/*  /{default}/404.html  404")
    return "\n".join(lines) + "\n"


def _fix_root_relative_404(lang_dir: Path, code: str) -> None:
    """Without ``site_url`` MkDocs roots 404.html at ``/``; our 404 lives in ``/<lang>/``."""
    page = lang_dir / "404.html"
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'(\s(?:href|src)=")/(?!/)', rf'\1/{code}/', text)
    text = text.replace('"base": "/"', f'"base": "/{code}/"')
    text = text.replace('"search": "/assets/', f'"search": "/{code}/assets/')  # Material's search worker
    page.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- atomic output

def _guard_site_dir(site_dir: Path, config: Config) -> None:
    """Refuse to replace a folder that holds anything but a previous build."""
    protected = [config.root.resolve(), config.content_dir.resolve(), config.config_file.parent.resolve()]
    for path in protected:
        if site_dir == path or path.is_relative_to(site_dir) or site_dir.is_relative_to(config.content_dir.resolve()):
            raise BuildError(f"{config.rel(site_dir)}: error: refusing to build into this folder: it holds your "
                             "content or config; choose another --site-dir")
    if site_dir.is_dir() and not (site_dir / MARKER).exists():
        if any(site_dir.rglob("*.md")) or any(p.name in ("mkdocs.yml", "pyproject.toml") for p in site_dir.iterdir()):
            raise BuildError(f"{config.rel(site_dir)}: error: refusing to replace this folder: it was not made by "
                             "helpcenter and holds source files; choose another --site-dir or move it away")


def _swap(new: Path, site_dir: Path) -> None:
    """Put ``new`` where ``site_dir`` is, keeping the old one until the rename succeeded."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        old.rmdir()
        site_dir.rename(old)
    try:
        new.rename(site_dir)
    except OSError:
        if old is not None:
            old.rename(site_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------- live preview

SERVE_ENV = "HELPCENTER_SERVE"


def serve(config_file: Path | str, lang: str | None, dev_addr: str, open_browser: bool = False) -> None:
    """``mkdocs serve`` of one staged language; a hook re-stages it whenever content changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .errors import HelpcenterError
    from .pipeline import load_project

    config, content = load_project(config_file)
    code = lang or content.default_language
    if code not in content.languages:
        raise HelpcenterError(f"helpcenter: error: no language {code!r} to serve; choose one of "
                              f"{', '.join(content.languages)}")
    docs = Path(tempfile.mkdtemp(prefix="helpcenter-serve-"))
    os.environ[SERVE_ENV] = json.dumps({"config": str(config.config_file), "lang": code, "docs": str(docs)})
    nav = stage_language(content, content.languages[code], docs, config)
    overrides = _overrides(config, content, code, nav, _theme_dir(config))
    overrides["site_url"] = None
    overrides["hooks"] = [str(Path(__file__).with_name("_serve_hook.py"))]
    try:
        mkdocs_serve(config_file=str(config.config_file), livereload=True, dev_addr=dev_addr,
                     open_in_browser=open_browser, watch=[str(config.content_dir)], docs_dir=str(docs),
                     **overrides)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
