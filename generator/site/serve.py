"""``helpcenter serve``: MkDocs' live preview of one staged language."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.errors import HelpcenterError
from generator.project import load_project
from generator.site.mkdocs_config import mkdocs_overrides, theme_dir
from generator.site.staging import stage_language

#: The ``extra`` key that hands the preview's settings to the hook (:mod:`generator.site.serve_hook`).
SERVE_KEY = "hc_serve"


def serve(config_file: Path | str, lang: str | None, dev_addr: str, open_browser: bool = False) -> None:
    """``mkdocs serve`` of one staged language; a hook re-stages it whenever content changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    project = load_project(config_file)
    config, content = project.config, project.content
    code = lang or content.default_language
    if code not in content.languages:
        raise HelpcenterError(f"no language {code!r} to serve; choose one of "
                              f"{', '.join(content.languages)}")
    docs = Path(tempfile.mkdtemp(prefix="helpcenter-serve-"))
    nav = stage_language(content, content.languages[code], docs, config)
    overrides = mkdocs_overrides(config, content, code, nav, theme_dir(config))
    overrides["site_url"] = None
    overrides["extra"][SERVE_KEY] = {"config": str(config.config_file), "lang": code, "docs": str(docs)}
    # MkDocs loads a hook by its file path, so the hook imports the package absolutely.
    overrides["hooks"] = [str(Path(__file__).with_name("serve_hook.py"))]
    try:
        mkdocs_serve(config_file=str(config.config_file), livereload=True, dev_addr=dev_addr,
                     open_in_browser=open_browser, watch=[str(config.content_dir)], docs_dir=str(docs),
                     **overrides)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
