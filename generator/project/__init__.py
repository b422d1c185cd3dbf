"""The help center a writer controls: ``mkdocs.yml``, the content folder and its data files.

:func:`load_project` is the one place that locates and reads them::

    project = load_project("mkdocs.yml")
    project.config, project.content      # read at once (content problems collected, not raised)
    project.taxonomy                     # built-in categories + content/categories.yml
    project.synonyms                     # built-in groups + content/synonyms.yml
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from generator.project.config import Config, load_config
from generator.project.content import Content, load_content
from generator.project.synonyms import Synonyms, load_synonyms
from generator.project.taxonomy import Taxonomy, load_taxonomy

__all__ = ["Project", "load_project", "CATEGORIES_FILE", "SYNONYMS_FILE"]

#: The writer's taxonomy extensions, in the content folder.
CATEGORIES_FILE = "categories.yml"
#: The writer's synonym groups, in the content folder.
SYNONYMS_FILE = "synonyms.yml"


@dataclass
class Project:
    """A loaded help center. The data files are read on first use, then kept."""

    config: Config
    content: Content

    @property
    def categories_file(self) -> Path:
        """``content/categories.yml`` (it may not exist)."""
        return self.config.content_dir / CATEGORIES_FILE

    @property
    def synonyms_file(self) -> Path:
        """``content/synonyms.yml`` (it may not exist)."""
        return self.config.content_dir / SYNONYMS_FILE

    @functools.cached_property
    def taxonomy(self) -> Taxonomy:
        """The built-in taxonomy extended by ``categories.yml`` (raises ConfigError on bad input)."""
        return load_taxonomy(self.categories_file)

    @functools.cached_property
    def synonyms(self) -> Synonyms:
        """Built-in synonyms plus ``synonyms.yml`` (raises ContentError on bad input)."""
        return load_synonyms(self.config.content_dir, list(self.content.languages))


def load_project(config_file: Path | str) -> Project:
    """Read ``mkdocs.yml`` and the content it points to (content problems collected, not raised)."""
    config = load_config(config_file)
    settings = config.settings
    content = load_content(settings.content_dir, languages=settings.languages,
                           default_language=settings.default_language, project_root=config.root)
    return Project(config, content)
