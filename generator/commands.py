"""The commands as library functions: project -> checks -> tickets -> analysis -> site and reports.

``cli.py`` calls these and prints; tests call them directly. Each function reads as its
command does::

    check(config)   load the project, check the content and the data files
    gaps(config)    read the exports -> rank -> index -> match -> tag -> gap document
    build(config)   check -> (gaps) -> stage and build every language -> gates -> swap -> reports
    tag, tickets, new, findability_check

Errors are raised (:mod:`generator.errors`, plus the two gate errors below); the CLI maps
them to exit codes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import ContentError, HelpcenterError, Problem, ProblemList
from generator.processes import die_with_parent
from generator.project import Project, load_project
from generator.project.config import Config
from generator.project.content import Content, check_content

if TYPE_CHECKING:
    from generator.analysis.findability import Findability
    from generator.analysis.match import Match
    from generator.analysis.rank import RankReport
    from generator.analysis.tagging import Tagging
    from generator.reports import StagedReports
    from generator.project.taxonomy import Taxonomy
    from generator.site import BuildResult
    from generator.tickets import ReadStats
    from generator.tickets.feedback import FeedbackStats

log = logging.getLogger(__name__)

#: Frequent questions kept per (category, language) for matching and gaps.
QUESTIONS_PER_GROUP = 20


Progress = Callable[[int, "int | None", "int | None"], None]
"""Called with the tickets read so far, the bytes read and the bytes in all (None: unknown), every 5,000 tickets."""


class CoverageError(HelpcenterError):
    """The gap report's coverage is below ``--fail-under`` (or ``gaps.fail_under``)."""


class FindabilityError(ContentError):
    """The findability gate failed: answered questions don't find their article in the new build's search."""


# --------------------------------------------------------------------------- check

@dataclass
class CheckReport(ProblemList):
    """The result of ``helpcenter check``."""

    content: Content
    problems: list[Problem] = field(default_factory=list)

    def failed(self, strict: bool) -> bool:
        """Errors fail; warnings only with ``strict``; notes never (the rule ``build`` follows too)."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def summary(self) -> str:
        per_lang = ", ".join(f"{code} {len(lang.articles)}" for code, lang in self.content.languages.items())
        articles = len(self.content.articles())
        return (f"{len(self.errors)} error(s), {len(self.warnings)} warning(s), {len(self.notes)} note(s) in "
                f"{articles} article(s)" + (f" ({per_lang})" if per_lang else ""))

    def as_dict(self) -> dict:
        return {
            "articles": len(self.content.articles()),
            "languages": {code: len(lang.articles) for code, lang in self.content.languages.items()},
            "default_language": self.content.default_language,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "notes": len(self.notes),
            "problems": [p.as_dict() for p in self.problems],
        }


def check(config_file: Path | str) -> CheckReport:
    """Validate everything a writer controls: front matter, ids, links, images, translations, data files."""
    project = load_project(config_file)
    problems = check_content(project.content, project.config.root, set(project.taxonomy.ids))
    try:
        _ = project.synonyms  # reads and validates synonyms.yml
    except ContentError as exc:
        problems += exc.problems
    return CheckReport(project.content, problems)


def load_checked(config_file: Path | str) -> Project:
    """The project, raising ContentError on any content error (warnings pass)."""
    project = load_project(config_file)
    errors = [p for p in check_content(project.content, project.config.root, set(project.taxonomy.ids))
              if p.is_error]
    if errors:
        raise ContentError(problems=errors)
    return project


# --------------------------------------------------------------------------- tickets

def analyse_tickets(paths: Iterable[Path | str], format: str = "auto", mapping: dict[str, str] | None = None,
                    categories_file: Path | None = None, questions_per_group: int = 10,
                    progress: Progress | None = None, cache_dir: Path | None = None) -> tuple[RankReport, ReadStats]:
    """``helpcenter tickets``: read, redact, classify and rank every ticket of ``paths``.

    Text work runs once per distinct text (:mod:`generator.analysis.pipeline`). ``progress(n, bytes_read,
    bytes_total)`` is called every 5,000 tickets. The result renders with :mod:`generator.reports.tickets`
    (text and the stable JSON document). With ``cache_dir``, an unchanged analysis (the same export bytes
    and settings) is served from :mod:`generator.analysis.cache`, its warnings logged again.
    """
    if cache_dir is not None:
        from generator.analysis.cache import AnalysisCache, WarningLog, replay

        paths = list(paths)
        categories = Path(categories_file).read_bytes().decode("utf-8", "replace") \
            if categories_file is not None and Path(categories_file).is_file() else None
        cache = AnalysisCache(cache_dir)
        key = cache.key(paths, {"format": format, "mapping": dict(mapping or {}), "categories": categories,
                                "questions_per_group": questions_per_group})
        hit = cache.load(key)
        if hit is not None:
            report, stats, warnings = hit
            replay(warnings)
            log.info("tickets: unchanged exports and settings, so the analysis came from the cache "
                     "(--no-cache reads them again)")
            return report, stats
        with WarningLog() as warned:
            report, stats = analyse_tickets(paths, format, mapping, categories_file, questions_per_group, progress)
        cache.store(key, report, stats, warned.records)
        return report, stats
    from generator.analysis.classify import Classifier
    from generator.analysis.pipeline import analyse
    from generator.project.taxonomy import load_taxonomy
    from generator.tickets import ReadStats

    taxonomy = load_taxonomy(categories_file)
    stats = ReadStats()
    report = analyse(paths, taxonomy, Classifier(taxonomy), stats, format=format, mapping=mapping,
                     questions_per_group=questions_per_group, progress=progress)
    return report, stats


# --------------------------------------------------------------------------- gaps

@dataclass
class GapAnalysis:
    """Everything ``helpcenter gaps`` computes, with the time each stage took."""

    project: Project
    report: RankReport
    """The ticket ranking."""
    stats: ReadStats
    matches: list[Match]
    tags: dict[tuple[str, str], Tagging]
    document: dict
    """The ``gaps.json`` document (:class:`generator.analysis.gaps.GapDocument`)."""
    aliases: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(lang, article id) -> customer terms mined from the tickets it answers (hidden search aliases)."""
    synonym_terms: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(lang, article id) -> the other members of the synonym groups the article mentions."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: read_classify, index, match, tag, gaps (and feedback, with feedback exports)."""
    feedback: FeedbackStats | None = None
    """What the site-feedback exports held (None without any)."""

    @property
    def config(self) -> Config:
        return self.project.config

    @property
    def content(self) -> Content:
        return self.project.content

    @property
    def taxonomy(self) -> Taxonomy:
        return self.project.taxonomy


def build_indexes(content: Content, taxonomy: Taxonomy, extra_aliases: dict | None = None) -> dict:
    """A Whoosh :class:`~generator.analysis.index.ArticleIndex` per language (explicit categories by name).

    ``extra_aliases``: (lang, article id) -> hidden phrases (synonyms), indexed like ``search_aliases``.
    """
    from generator.analysis.index import ArticleIndex

    per_lang: dict[str, dict[str, list[str]]] = {}
    for (code, article_id), terms in (extra_aliases or {}).items():
        per_lang.setdefault(code, {})[article_id] = terms
    return {code: ArticleIndex.build(code, language.articles,
                                     category_names={cid: taxonomy.name(cid, code) for cid in taxonomy.ids},
                                     extra_aliases=per_lang.get(code))
            for code, language in content.languages.items()}


def search_terms(project: Project, analysis: GapAnalysis | None = None) -> dict:
    """(lang, article id) -> hidden search terms: synonyms, then aliases mined from tickets."""
    from generator.project.synonyms import synonym_aliases

    terms = dict(analysis.synonym_terms) if analysis else synonym_aliases(project.content, project.synonyms)
    for key, mined in (analysis.aliases if analysis else {}).items():
        terms[key] = list(dict.fromkeys([*terms.get(key, []), *mined]))
    return terms


#: The ticket worker's progress callback, set by its initializer (only ever inside that process).
_worker_progress: Progress | None = None


def _init_ticket_worker(progress: Progress | None, parent: int) -> None:
    global _worker_progress
    die_with_parent(parent)
    _worker_progress = progress


def _read_tickets(exports, ticket_format, mapping, categories_file, cache_dir, progress: Progress | None = None):
    """Read, classify and rank the exports: (report, stats, seconds). Runs in a worker when it can."""
    start = time.perf_counter()
    report, stats = analyse_tickets(exports, format=ticket_format, mapping=mapping, categories_file=categories_file,
                                    questions_per_group=QUESTIONS_PER_GROUP, progress=progress or _worker_progress,
                                    cache_dir=cache_dir)
    return report, stats, time.perf_counter() - start


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _read_and_index(project: Project, exports: list[Path], synonyms: dict, progress: Progress | None,
                    timings: dict[str, float], cache: bool = True):
    """(report, stats, indexes): the exports are read in a worker while this process indexes the articles."""
    from generator.analysis.cache import cache_folder

    settings = project.config.settings
    read = functools.partial(_read_tickets, exports, settings.ticket_format, settings.ticket_map or None,
                             project.categories_file, cache_folder(project.config.root) if cache else None)

    def index() -> dict:
        start = time.perf_counter()
        built = build_indexes(project.content, project.taxonomy, synonyms)
        timings["index"] = time.perf_counter() - start
        return built

    if not _can_fork():
        report, stats, timings["read_classify"] = read(progress)
        return report, stats, index()
    # Reading the exports is the long pole; index the articles on the other core meanwhile. The
    # progress callback reaches the forked worker through its initializer (a closure can't be pickled).
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=_init_ticket_worker,
                             initargs=(progress, os.getpid())) as pool:
        future = pool.submit(read)
        indexes = index()
        report, stats, timings["read_classify"] = future.result()
    return report, stats, indexes


@contextlib.contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """``with _timed(timings, "match"): ...`` records the stage's seconds."""
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


def analyse_gaps(project: Project, exports: list[Path], *, progress: Progress | None = None,
                 cache: bool = True, feedback: list[Path] | None = None) -> GapAnalysis:
    """Tickets -> ranking -> matches against each language's index -> tags -> gap document.

    ``cache``: serve an unchanged ticket analysis from ``.helpcenter/cache/`` (:mod:`generator.analysis.cache`).
    ``feedback``: the site's form-submission exports, whose search misses and votes become gap rows
    (:mod:`generator.analysis.feedback`).
    """
    from generator.analysis.aliases import mine_aliases
    from generator.analysis.classify import Classifier
    from generator.analysis.gaps import gap_document
    from generator.analysis.match import match_questions
    from generator.analysis.tagging import categories_by_language, tag_articles
    from generator.project.synonyms import synonym_aliases

    settings = project.config.settings
    content, taxonomy = project.content, project.taxonomy
    synonyms = synonym_aliases(content, project.synonyms)
    timings: dict[str, float] = {}
    report, stats, indexes = _read_and_index(project, exports, synonyms, progress, timings, cache)
    threshold = settings.gaps.answer_threshold
    with _timed(timings, "match"):
        explicit = {code: {a.id: a.categories for a in lang.articles} for code, lang in content.languages.items()}
        matches = match_questions(indexes, report.questions, threshold, explicit)
    with _timed(timings, "tag"):
        tags = tag_articles(content.articles(), Classifier(taxonomy), matches)
        # Ties between equally good articles go to the one tagged with the question's category.
        matches = match_questions(indexes, report.questions, threshold, categories_by_language(tags))
    with _timed(timings, "gaps"):
        document = gap_document(report, matches, tags, content, taxonomy, min_tickets=settings.gaps.min_tickets,
                                answer_threshold=threshold)
        document["settings"]["site_url"] = project.config.site_url
        aliases = mine_aliases(matches, indexes)
    feedback_stats = None
    if feedback:
        with _timed(timings, "feedback"):
            feedback_stats = _add_feedback(project, document, feedback, indexes, tags)
    for index in indexes.values():
        index.close()
    return GapAnalysis(project, report, stats, matches, tags, document, aliases, synonyms, timings, feedback_stats)


def _add_feedback(project: Project, document: dict, files: list[Path], indexes: dict, tags: dict) -> FeedbackStats:
    """Read the feedback exports and rank their search_miss and unhelpful_article rows into ``document``."""
    from generator.analysis.classify import Classifier
    from generator.analysis.feedback import analyse_feedback
    from generator.analysis.gaps import add_feedback
    from generator.tickets.feedback import FeedbackStats, read_feedback

    settings = project.config.settings.gaps
    stats = FeedbackStats()
    articles = {(a.lang, a.id): a for a in project.content.articles()}
    rows, summary = analyse_feedback(read_feedback(files, stats), stats, project.taxonomy,
                                     Classifier(project.taxonomy), indexes, articles,
                                     {key: t.categories for key, t in tags.items()},
                                     threshold=settings.answer_threshold, min_searches=settings.min_tickets,
                                     min_votes=settings.min_tickets)
    add_feedback(document, rows, summary)
    return stats


def _exports(project: Project, tickets: list[Path] | None) -> list[Path]:
    return list(tickets or project.config.settings.tickets)


def _feedback_exports(project: Project, feedback: list[Path] | None) -> list[Path]:
    """The given site-feedback exports, else those of ``extra.helpcenter.feedback``."""
    return list(feedback or project.config.feedback_files)


def gaps(config_file: Path | str, tickets: list[Path] | None = None,
         progress: Progress | None = None, cache: bool = True, feedback: list[Path] | None = None) -> GapAnalysis:
    """``helpcenter gaps``: the gap analysis of the configured (or given) exports; nothing is written."""
    project = load_checked(config_file)
    exports = _exports(project, tickets)
    if not exports:
        config = project.config
        raise HelpcenterError(f"{config.rel(config.config_file)}: error: no ticket exports: pass --tickets FILE, "
                              "or list them under extra.helpcenter.tickets")
    return analyse_gaps(project, exports, progress=progress, cache=cache,
                        feedback=_feedback_exports(project, feedback))


def coverage_gate(document: dict, threshold: float | None, source: str) -> None:
    """Raise :class:`CoverageError` when the report's overall coverage is below ``threshold``."""
    if threshold is None:
        return
    if not document["tickets"]["classified"]:
        log.warning("no classified tickets, so coverage is not checked")
        return
    coverage = document["coverage"]["overall"]
    if coverage < threshold:
        raise CoverageError(f"coverage {coverage:.2%} is below {threshold:g} ({source}); "
                            "write the top gaps' articles, or lower the threshold")


# --------------------------------------------------------------------------- tag

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
    from generator.analysis.classify import Classifier
    from generator.analysis.tagging import tag_articles

    project = load_checked(config_file)
    exports = _exports(project, tickets)
    if exports:
        tags = analyse_gaps(project, exports).tags
    else:
        tags = tag_articles(project.content.articles(), Classifier(project.taxonomy))
    result = TagResult(project.content, tags)
    if write:
        _write_suggested(result)
    return result


def _write_suggested(result: TagResult) -> None:
    from generator.project.frontmatter import FrontMatterEditError, write_categories

    for article in result.content.articles():
        tagging = result.tags[(article.lang, article.id)]
        if tagging.source != "suggested":
            continue
        try:
            if write_categories(article.path, tagging.categories):
                result.written.append(article.path)
        except (FrontMatterEditError, ValueError, OSError) as exc:
            result.problems.append(Problem(article.source, 1, f"categories not written: {exc}"))


# --------------------------------------------------------------------------- build

def popular_topics(content: Content, taxonomy: Taxonomy, report: RankReport, tags: dict | None = None,
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


def _checked_for_build(project: Project, strict: bool) -> None:
    """Raise on content errors (and, with ``strict``, warnings), as ``check`` fails; log the rest."""
    config = project.config
    report = CheckReport(project.content, check_content(project.content, config.root, set(project.taxonomy.ids)))
    if report.failed(strict):
        fatal = report.errors + (report.warnings if strict else [])
        raise ContentError(problems=fatal + [Problem(config.rel(config.content_dir), 0,
                                                     f"build stopped: {len(fatal)} problem(s); the previous site "
                                                     "is untouched")])
    for problem in report.warnings:
        log.warning("%s", problem)
    if report.notes:
        log.info("%d note(s) (missing or stale translations); run `helpcenter check` to list them",
                 len(report.notes))


def _site_extras(project: Project, analysis: GapAnalysis | None):
    """What the pages show from other stages: our category names, popular topics, tags, hidden search terms."""
    from generator.site import Extras

    content, taxonomy = project.content, project.taxonomy
    extras = Extras(category_names={code: {cid: taxonomy.name(cid, code) for cid in taxonomy.ids}
                                    for code in content.languages})
    if analysis is not None:
        extras.popular_topics = popular_topics(content, taxonomy, analysis.report, analysis.tags)
        extras.article_categories = {key: t.categories for key, t in analysis.tags.items()}
    extras.search_terms = search_terms(project, analysis)
    return extras


@dataclass
class _BeforeSwap:
    """What must succeed on the finished build before it replaces ``site/``: the findability gate,
    then the gap reports, rendered and written aside (put in place once the site is)."""

    analysis: GapAnalysis
    staged: StagedReports | None = None

    def __call__(self, built: Path, result: BuildResult) -> None:
        from generator.reports import stage_reports

        settings = self.analysis.config.settings
        if settings.gaps.findability is not None:
            self.gate(built, result)
        self.staged = stage_reports(self.analysis.document, settings.reports_dir)

    def gate(self, built: Path, result: BuildResult) -> None:
        if shutil.which("node") is None:
            log.warning("findability gate skipped: it runs the built search in Node.js 18+, which is not "
                        "installed (apt-get install nodejs)")
            return
        gate = check_findability(self.analysis, built)
        self.analysis.document["findability"] = gate.to_dict()
        result.findability = gate
        if gate.failed:
            from generator.reports import write_reports

            write_reports(self.analysis.document, self.analysis.config.settings.reports_dir)
            raise FindabilityError(gate.message() + "; the previous site is untouched")


def build(config_file: Path | str, site_dir: Path | None = None, *, strict: bool = False,
          jobs: int | None = None, tickets: list[Path] | None = None, cache: bool = True,
          feedback: list[Path] | None = None) -> BuildResult:
    """Check, then build every language into ``site_dir`` (default ``site/`` beside ``mkdocs.yml``).

    With ticket exports (``tickets``, else ``extra.helpcenter.tickets``), each home page
    also shows the topics that language's customers ask about most, and the gap reports
    are written (with the site's searches and votes from ``feedback``, else
    ``extra.helpcenter.feedback``); everything that can fail is done before the new site
    replaces the old one.
    """
    from generator.site import build_site

    started = time.perf_counter()
    project = load_project(config_file)
    _checked_for_build(project, strict)
    exports = _exports(project, tickets)
    analysis = None
    if exports:
        from generator.analysis.gaps import summary
        from generator.reports.tickets import summary_line

        analysis = analyse_gaps(project, exports, cache=cache, feedback=_feedback_exports(project, feedback))
        log.info("%s", summary_line(analysis.report, analysis.stats))
        log.info("gaps: %s", summary(analysis.document))
    before_swap = _BeforeSwap(analysis) if analysis is not None else None
    try:
        result = build_site(project.config, project.content, site_dir, strict=strict, jobs=jobs,
                            extras=_site_extras(project, analysis), verify=before_swap)
    except BaseException:
        if before_swap is not None and before_swap.staged is not None:
            before_swap.staged.discard()
        raise
    if before_swap is not None and before_swap.staged is not None:
        result.reports = before_swap.staged.commit()
    result.seconds = time.perf_counter() - started  # everything: checks, tickets, build, gates, reports
    return result


def serve(config_file: Path | str, lang: str | None = None, dev_addr: str = "127.0.0.1:8000",
          open_browser: bool = False) -> None:
    """``helpcenter serve``: preview every language (or ``lang``) as built, rebuilt when files change."""
    from generator.site import serve as serve_site

    serve_site(config_file, lambda project: _site_extras(project, None), dev_addr, lang=lang,
               open_browser=open_browser)


# --------------------------------------------------------------------------- findability

def findability_check(config_file: Path | str, site_dir: Path | None = None,
                      tickets: list[Path] | None = None) -> Findability:
    """``helpcenter check --findability``: the gate against an already built site."""
    from generator.site import MARKER

    analysis = gaps(config_file, tickets)
    site = Path(site_dir or analysis.config.root / "site")
    if not (site / MARKER).is_file():
        raise HelpcenterError(f"{analysis.config.rel(site)}: error: no built site here; run `helpcenter build` "
                              "first (or pass --site-dir)")
    gate = check_findability(analysis, site)
    if analysis.config.settings.gaps.findability is None:
        gate.threshold = 0.8
    return gate


def check_findability(analysis: GapAnalysis, site_dir: Path) -> Findability:
    """The findability gate on a built site: its own search (:mod:`generator.site.lunr`) answers."""
    from generator.analysis.findability import findability
    from generator.site.lunr import LunrSearch

    def search(lang: str, queries: list[str]) -> list[list[str]]:
        with LunrSearch(Path(site_dir) / lang) as shipped:
            return shipped.search_many(queries, limit=10)

    settings = analysis.config.settings.gaps
    gate = findability(analysis.matches, analysis.content, search, threshold=settings.findability,
                       min_tickets=settings.min_tickets)
    log.info("findability: %.0f%% of %d answered frequent questions find their article in the top %d "
             "(threshold %s)", gate.score * 100, gate.checked, gate.top,
             "off" if settings.findability is None else f"{settings.findability:.0%}")
    return gate


# --------------------------------------------------------------------------- new

def new_article(config_file: Path | str, target: str, title: str | None = None, article_id: str | None = None,
                today: dt.date | None = None) -> Path:
    """Create ``content/LANG/SECTION/SLUG.md`` with front matter to fill in; never overwrite (see
    :mod:`generator.project.scaffold`: what it writes reads back as written, or nothing is written)."""
    from generator.project.scaffold import create_article

    return create_article(config_file, target, title=title, article_id=article_id, today=today)


# --------------------------------------------------------------------------- schema

def schema_write(config_file: Path | str):
    """``helpcenter schema --write``: the YAML schemas wired for the editor beside ``mkdocs.yml``
    (see :func:`generator.project.schema.write_editor_settings`)."""
    from generator.project.config import load_config
    from generator.project.schema import write_editor_settings

    config = load_config(config_file)
    return write_editor_settings(config.root, config.content_dir)
