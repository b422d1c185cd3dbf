"""The commands as library functions: config -> content -> checks -> site.

``cli.py`` calls these and prints; tests call them directly. Reading ticket exports,
tagging and gap reports plug in between content and site (see ``build``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import languages as langs
from .config import Config, load_config
from .content import Content, check_content, load_content
from .errors import ContentError, HelpcenterError, Problem, ProblemList

log = logging.getLogger(__name__)

#: Frequent questions kept per (category, language) for matching and gaps.
QUESTIONS_PER_GROUP = 20

#: Problems that describe editorial state, not broken input: reported, never fatal in ``build``.
EDITORIAL = frozenset({"missing-translation", "stale-translation", "orphan-translation", "unlisted-language"})


@dataclass
class CheckReport(ProblemList):
    """The result of ``helpcenter check``."""

    content: Content
    problems: list[Problem] = field(default_factory=list)

    def failed(self, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def summary(self) -> str:
        per_lang = ", ".join(f"{code} {len(lang.articles)}" for code, lang in self.content.languages.items())
        articles = len(self.content.articles())
        return (f"{len(self.errors)} error(s), {len(self.warnings)} warning(s) in {articles} article(s)"
                + (f" ({per_lang})" if per_lang else ""))

    def as_dict(self) -> dict:
        return {
            "articles": len(self.content.articles()),
            "languages": {code: len(lang.articles) for code, lang in self.content.languages.items()},
            "default_language": self.content.default_language,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.problems],
        }


def load_project(config_file: Path | str) -> tuple[Config, Content]:
    """Read ``mkdocs.yml`` and the content it points to (problems collected, not raised)."""
    config = load_config(config_file)
    settings = config.settings
    content = load_content(settings.content_dir, languages=settings.languages,
                           default_language=settings.default_language, project_root=config.root)
    return config, content


def check(config_file: Path | str) -> CheckReport:
    """Validate everything a writer controls: front matter, ids, links, images, translations."""
    config, content = load_project(config_file)
    problems = check_content(content, config.root, _known_categories(config))
    try:
        load_project_synonyms(config, content)
    except ContentError as exc:
        problems += exc.problems
    return CheckReport(content, problems)


def load_project_taxonomy(config: Config):
    """The built-in taxonomy extended by ``content/categories.yml``."""
    from .taxonomy import load_taxonomy

    return load_taxonomy(config.settings.content_dir / "categories.yml")


def _known_categories(config: Config) -> set[str]:
    return set(load_project_taxonomy(config).ids)


def popular_topics(content: Content, taxonomy, report, tags: dict | None = None,
                   limit: int = 6) -> dict[str, list[dict]]:
    """Per language: the categories its customers ask about most, with our names and a link.

    Only counts and our own category names leave this function: never ticket text. The
    link goes to an article of that language tagged with the category (front matter first,
    then the suggestions in ``tags``).
    """
    topics: dict[str, list[dict]] = {}
    for code, language in content.languages.items():
        answering: dict[str, str] = {}
        for article in language.articles:
            tagging = (tags or {}).get((code, article.id))
            for category in (tagging.categories if tagging else article.categories):
                answering.setdefault(category, article.url)
        ranked = sorted((c for c in report.categories if c.by_language.get(code)),
                        key=lambda c: (-c.by_language[code], c.id))
        topics[code] = [{"id": c.id, "name": taxonomy.name(c.id, code), "tickets": c.by_language[code],
                         "url": answering.get(c.id)} for c in ranked[:limit]]
    return topics


@dataclass
class GapAnalysis:
    """Everything ``helpcenter gaps`` computes, with the time each stage took."""

    config: Config
    content: Content
    taxonomy: object
    report: object
    """The ticket ranking (:class:`generator.rank.RankReport`)."""
    stats: object
    matches: list
    tags: dict
    document: dict
    """The ``gaps.json`` document."""
    aliases: dict = field(default_factory=dict)
    """(lang, article id) -> customer terms mined from the tickets it answers (hidden search aliases)."""
    synonym_terms: dict = field(default_factory=dict)
    """(lang, article id) -> the other members of the synonym groups the article mentions."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: read_classify, index, match, tag, gaps."""


def build_indexes(content: Content, taxonomy, extra_aliases: dict | None = None) -> dict:
    """A Whoosh :class:`~generator.index.ArticleIndex` per language (explicit categories indexed by name).

    ``extra_aliases``: (lang, article id) -> hidden phrases (synonyms), indexed like ``search_aliases``.
    """
    from .index import ArticleIndex

    per_lang: dict[str, dict[str, list[str]]] = {}
    for (code, article_id), terms in (extra_aliases or {}).items():
        per_lang.setdefault(code, {})[article_id] = terms
    return {code: ArticleIndex.build(code, language.articles,
                                     category_names={cid: taxonomy.name(cid, code) for cid in taxonomy.ids},
                                     extra_aliases=per_lang.get(code))
            for code, language in content.languages.items()}


def load_project_synonyms(config: Config, content: Content):
    """Built-in synonyms plus ``content/synonyms.yml`` (raises ContentError on bad input)."""
    from .synonyms import load_synonyms

    return load_synonyms(config.settings.content_dir, list(content.languages))


def search_terms(config: Config, content: Content, analysis: GapAnalysis | None = None) -> dict:
    """(lang, article id) -> hidden search terms: synonyms, then aliases mined from tickets."""
    from .synonyms import synonym_aliases

    terms = dict(analysis.synonym_terms) if analysis else synonym_aliases(content,
                                                                          load_project_synonyms(config, content))
    for key, mined in (analysis.aliases if analysis else {}).items():
        terms[key] = list(dict.fromkeys([*terms.get(key, []), *mined]))
    return terms


_PROGRESS = None


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _read_tickets(exports, ticket_format, mapping, categories_file):
    """Read, classify and rank the exports: (report, stats, seconds). Runs in a worker when it can."""
    import time

    from .ticket_report import analyse_tickets

    start = time.perf_counter()
    report, stats = analyse_tickets(exports, format=ticket_format, mapping=mapping, categories_file=categories_file,
                                    questions_per_group=QUESTIONS_PER_GROUP, progress=_PROGRESS)
    return report, stats, time.perf_counter() - start


def analyse_gaps(config: Config, content: Content, exports: list[Path], *, taxonomy=None,
                 progress=None) -> GapAnalysis:
    """Tickets -> ranking -> matches against each language's index -> tags -> gap document."""
    import time

    from .classify import Classifier
    from .gaps import gap_document
    from .aliases import mine_aliases
    from .match import match_questions
    from .synonyms import synonym_aliases
    from .tagging import categories_by_language, tag_articles

    settings = config.settings
    taxonomy = taxonomy or load_project_taxonomy(config)
    synonyms = synonym_aliases(content, load_project_synonyms(config, content))
    timings: dict[str, float] = {}
    read = functools.partial(_read_tickets, exports, settings.ticket_format, settings.ticket_map or None,
                             settings.content_dir / "categories.yml")

    def index() -> dict:
        start = time.perf_counter()
        built = build_indexes(content, taxonomy, synonyms)
        timings["index"] = time.perf_counter() - start
        return built

    global _PROGRESS
    _PROGRESS = progress  # a forked worker inherits it; a closure could not be pickled to it
    try:
        if _can_fork():
            # Reading the exports is the long pole; index the articles on the other core meanwhile.
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
                future = pool.submit(read)
                indexes = index()
                report, stats, timings["read_classify"] = future.result()
        else:
            report, stats, timings["read_classify"] = read()
            indexes = index()
    finally:
        _PROGRESS = None
    start = time.perf_counter()
    explicit = {code: {a.id: a.categories for a in lang.articles} for code, lang in content.languages.items()}
    threshold = settings.gaps.answer_threshold
    questions = report.questions
    matches = match_questions(indexes, questions, threshold, explicit)
    timings["match"] = time.perf_counter() - start
    start = time.perf_counter()
    tags = tag_articles(content.articles(), Classifier(taxonomy), matches)
    # Ties between equally good articles go to the one tagged with the question's category.
    matches = match_questions(indexes, questions, threshold, categories_by_language(tags))
    timings["tag"] = time.perf_counter() - start
    start = time.perf_counter()
    document = gap_document(report, matches, tags, content, taxonomy, min_tickets=settings.gaps.min_tickets,
                            answer_threshold=threshold)
    aliases = mine_aliases(matches, indexes)
    timings["gaps"] = time.perf_counter() - start
    for index in indexes.values():
        index.close()
    return GapAnalysis(config, content, taxonomy, report, stats, matches, tags, document, aliases, synonyms,
                       timings)


def _load_checked(config_file: Path | str):
    """(config, content, taxonomy), raising ContentError on any content error (warnings pass)."""
    config, content = load_project(config_file)
    taxonomy = load_project_taxonomy(config)
    errors = [p for p in check_content(content, config.root, set(taxonomy.ids)) if p.is_error]
    if errors:
        raise ContentError(problems=errors)
    return config, content, taxonomy


def gaps(config_file: Path | str, tickets: list[Path] | None = None, progress=None) -> GapAnalysis:
    """``helpcenter gaps``: the gap analysis of the configured (or given) exports; nothing is written."""
    config, content, taxonomy = _load_checked(config_file)
    exports = list(tickets or config.settings.tickets)
    if not exports:
        raise HelpcenterError(f"{config.rel(config.config_file)}: error: no ticket exports: pass --tickets FILE, "
                              "or list them under extra.helpcenter.tickets")
    return analyse_gaps(config, content, exports, taxonomy=taxonomy, progress=progress)


@dataclass
class TagResult(ProblemList):
    """``helpcenter tag``: every article's categories, and the files written."""

    content: Content
    tags: dict
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def tag(config_file: Path | str, tickets: list[Path] | None = None, write: bool = False) -> TagResult:
    """Suggest categories for each article (from its text and, with ticket exports, the tickets it answers).

    With ``write``, articles without front-matter ``categories`` get the suggestions written
    into their front matter; every other byte of the file stays as it was.
    """
    from .classify import Classifier
    from .frontmatter import FrontMatterEditError, write_categories
    from .tagging import tag_articles

    config, content, taxonomy = _load_checked(config_file)
    exports = list(tickets or config.settings.tickets)
    if exports:
        tags = analyse_gaps(config, content, exports, taxonomy=taxonomy).tags
    else:
        tags = tag_articles(content.articles(), Classifier(taxonomy))
    result = TagResult(content, tags)
    if write:
        for article in content.articles():
            tagging = tags[(article.lang, article.id)]
            if tagging.source != "suggested":
                continue
            try:
                if write_categories(article.path, tagging.categories):
                    result.written.append(article.path)
            except (FrontMatterEditError, ValueError, OSError) as exc:
                result.problems.append(Problem(article.source, 1, f"categories not written: {exc}"))
    return result


def build(config_file: Path | str, site_dir: Path | None = None, *, strict: bool = False,
          jobs: int | None = None, tickets: list[Path] | None = None):
    """Check, then build every language into ``site_dir`` (default ``site/`` beside ``mkdocs.yml``).

    With ticket exports (``tickets``, else ``extra.helpcenter.tickets``), each home page
    also shows the topics that language's customers ask about most.
    """
    from .site import Extras, build_site

    config, content = load_project(config_file)
    taxonomy = load_project_taxonomy(config)
    problems = check_content(content, config.root, set(taxonomy.ids))
    fatal = [p for p in problems if p.is_error or (strict and p.code not in EDITORIAL)]
    if fatal:
        raise ContentError(problems=fatal + [Problem(config.rel(config.content_dir), 0,
                                                     f"build stopped: {len(fatal)} problem(s); the previous site "
                                                     "is untouched")])
    for problem in problems:
        if not problem.is_error and problem.code not in EDITORIAL:
            log.warning("%s", problem)
    editorial = [p for p in problems if p.code in EDITORIAL]
    if editorial:
        log.info("%d translation note(s); run `helpcenter check` to list them", len(editorial))
    extras = Extras(category_names={code: {cid: taxonomy.name(cid, code) for cid in taxonomy.ids}
                                    for code in content.languages})
    exports = list(tickets or config.settings.tickets)
    analysis = None
    if exports:
        from .gaps import summary
        from .ticket_report import summary_line

        analysis = analyse_gaps(config, content, exports, taxonomy=taxonomy)
        log.info("%s", summary_line(analysis.report, analysis.stats))
        log.info("gaps: %s", summary(analysis.document))
        extras.popular_topics = popular_topics(content, taxonomy, analysis.report, analysis.tags)
        extras.article_categories = {key: t.categories for key, t in analysis.tags.items()}
    extras.search_terms = search_terms(config, content, analysis)
    verify = None
    if analysis is not None and config.settings.gaps.findability is not None:
        def verify(built: Path, result) -> None:
            # The gate runs on the new build before it replaces site/: a failure keeps the old site.
            import shutil

            if shutil.which("node") is None:
                log.warning("helpcenter: warning: findability gate skipped: it runs the built search in Node.js "
                            "18+, which is not installed (apt-get install nodejs)")
                return
            gate = check_findability(analysis, built)
            analysis.document["findability"] = gate.to_dict()
            result.findability = gate
            if gate.failed:
                from .reports import write_reports

                write_reports(analysis.document, config.settings.reports_dir)
                raise ContentError(gate.message() + "; the previous site is untouched")
    result = build_site(config, content, site_dir, strict=strict, jobs=jobs, extras=extras, verify=verify)
    if analysis is not None:
        from .reports import write_reports

        result.reports = write_reports(analysis.document, config.settings.reports_dir)
    return result


def findability_check(config_file: Path | str, site_dir: Path | None = None, tickets: list[Path] | None = None):
    """``helpcenter check --findability``: the gate against an already built site."""
    from .site import MARKER

    analysis = gaps(config_file, tickets)
    site = Path(site_dir or analysis.config.root / "site")
    if not (site / MARKER).is_file():
        raise HelpcenterError(f"{analysis.config.rel(site)}: error: no built site here; run `helpcenter build` "
                              "first (or pass --site-dir)")
    gate = check_findability(analysis, site)
    if analysis.config.settings.gaps.findability is None:
        gate.threshold = 0.8
    return gate


def check_findability(analysis: GapAnalysis, site_dir: Path):
    """The findability gate on a built site (see :mod:`generator.findability`)."""
    from .findability import findability

    settings = analysis.config.settings.gaps
    gate = findability(analysis.matches, analysis.content, site_dir, threshold=settings.findability,
                       min_tickets=settings.min_tickets)
    log.info("findability: %.0f%% of %d answered frequent questions find their article in the top %d "
             "(threshold %s)", gate.score * 100, gate.checked, gate.top,
             "off" if settings.findability is None else f"{settings.findability:.0%}")
    return gate


_NEW = re.compile(r"^(?P<lang>[^/]+)/(?P<section>[^/]+)/(?P<slug>[^/]+?)(\.md)?$")


def new_article(config_file: Path | str, target: str, title: str | None = None, article_id: str | None = None,
                today: dt.date | None = None) -> Path:
    """Create ``content/LANG/SECTION/SLUG.md`` with front matter to fill in; never overwrite."""
    from .content import _SLUG

    match = _NEW.match(target)
    if not match:
        raise HelpcenterError(f"helpcenter: error: expected LANG/SECTION/SLUG such as en/returns/exchange-an-item, "
                              f"not {target!r}")
    lang, section, slug = match["lang"], match["section"], match["slug"]
    if not langs.is_known(lang):
        raise HelpcenterError(f"helpcenter: error: unknown language {lang!r}; use a code such as en, es, fr, de, pt "
                              "or pt-BR")
    for name, value in (("section", section), ("slug", slug)):
        if not _SLUG.match(value):
            raise HelpcenterError(f"helpcenter: error: the {name} {value!r} must use letters, digits, - and _ only")
    config = load_config(config_file)
    path = config.settings.content_dir / lang / section / f"{slug}.md"
    if path.exists():
        raise HelpcenterError(f"{config.rel(path)}: error: the file already exists; edit it, or choose another slug")
    title = title or slug.replace("-", " ").replace("_", " ").capitalize()
    lines = ["---", f"title: {_yaml_str(title)}"]
    if article_id:
        lines.append(f"id: {article_id}")
    lines += ["summary: ", "categories: []", f"updated: {(today or dt.date.today()).isoformat()}", "---", "",
              "Write the answer first, in one or two sentences. Then the steps.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    return path


def _yaml_str(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False) if re.search(r"[:#\[\]{}&*!|>'\"%@`]", text) else text
