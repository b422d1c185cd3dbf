"""Builds shared by the site tests: the repository's example help center, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.commands import build

REPO = Path(__file__).resolve().parents[2]


def example_copy(dest: Path) -> Path:
    """A copy of the repository's example project (``mkdocs.yml``, ``content/``, ``themes/``) in ``dest``.

    Returns the copy's ``mkdocs.yml``. Tests build the copy, so its gap reports and the ``.helpcenter/``
    working folder go beside the copy, never into the repository's ``reports/`` (every example article
    sets ``updated:``, so no date comes from git).
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "themes"):
        shutil.copytree(REPO / folder, dest / folder, ignore=shutil.ignore_patterns(".*"))
    return dest / "mkdocs.yml"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example (``mkdocs.yml``: en, es, fr) built once; tests read and serve it, never change it."""
    root = tmp_path_factory.mktemp("example")
    site = root / "site"
    build(example_copy(root / "project"), site)
    return site
