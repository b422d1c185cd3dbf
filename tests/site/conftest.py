"""Builds shared by the site tests: the repository's example help center, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.commands import build

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example (``mkdocs.yml``: en, es, fr) built once; tests read and serve it, never change it."""
    site = tmp_path_factory.mktemp("example") / "site"
    build(REPO / "mkdocs.yml", site)
    return site
