"""Atomic output: the finished build replaces ``site/`` only if that folder is ours to replace."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.errors import BuildError
from generator.project.config import Config

#: File that marks a folder as helpcenter output, so we never replace anything else.
#: File that marks a folder as helpcenter output, so we never replace anything else.
MARKER = ".helpcenter-site"


def guard_site_dir(site_dir: Path, config: Config) -> None:
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


def swap_in(new: Path, site_dir: Path) -> None:
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
