"""What a build produced, and what other stages give the pages to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.analysis.findability import Findability


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
    findability: Findability | None = None
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
