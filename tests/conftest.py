"""Shared factories: tiny help centers written as real files under tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "themes" / "helpcenter"

MKDOCS_YML = """\
site_name: Test Shop Help
theme:
  name: material
  custom_dir: {theme}
  font: false
extra:
  helpcenter:
{settings}
"""


def article(title: str = "How do I return an item?", body: str = "Some helpful text.", **meta) -> str:
    """The text of an article file with ``title`` and the given front matter."""
    lines = ["---", f"title: {title}"]
    for key, value in meta.items():
        lines.append(f"{key}: {value}")
    lines += ["---", "", textwrap.dedent(body).strip(), ""]
    return "\n".join(lines)


class Project:
    """A help center on disk: ``mkdocs.yml`` plus ``content/``."""

    def __init__(self, root: Path):
        self.root = root
        self.config = root / "mkdocs.yml"
        self.content = root / "content"

    def write(self, relpath: str, text: str | bytes) -> Path:
        """Write ``content/<relpath>``; bytes are written as they are."""
        path = self.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def make_project(tmp_path):
    """``make_project(files={"en/returns/how.md": article()}, settings="languages: [en]")`` -> Project."""

    def make(files: dict[str, str | bytes] | None = None, settings: str = "", root: Path | None = None) -> Project:
        project = Project(root or tmp_path / "helpcenter")
        project.root.mkdir(parents=True, exist_ok=True)
        body = textwrap.indent(textwrap.dedent(settings).strip(), "    ") if settings else "    {}"
        if not settings:
            text = MKDOCS_YML.replace("extra:\n  helpcenter:\n{settings}\n", "").format(theme=THEME)
        else:
            text = MKDOCS_YML.format(theme=THEME, settings=body)
        project.config.write_text(text, encoding="utf-8")
        for relpath, content in (files or {}).items():
            project.write(relpath, content)
        return project

    return make


@pytest.fixture
def bilingual(make_project):
    """en + es with one translated article, one English-only article and a section index each."""
    return make_project({
        "en/returns/index.md": article("Returns and refunds", "Send things back.", order=1,
                                       icon="material/keyboard-return"),
        "en/returns/how-to-return.md": article("How do I return an item?", "Use the [refund page](refunds.md).",
                                               summary="Return within 30 days.", categories="[returns]",
                                               updated="2026-10-20"),
        "en/returns/refunds.md": article("When will I get my refund?", "Within 3 days.", updated="2026-10-01"),
        "es/returns/index.md": article("Devoluciones", "Devuelve lo que no quieras.", order=1),
        "es/returns/como-devolver.md": article("¿Cómo hago una devolución?", "Tienes 30 días.",
                                               id="returns/how-to-return", updated="2026-10-20"),
    })
