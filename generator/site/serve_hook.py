"""MkDocs hook used only by ``helpcenter serve``: re-stage the previewed language before each build.

MkDocs loads this file by its path, not as part of the package, so every import here is absolute.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.helpcenter")


def on_config(config):
    from generator.project import load_project
    from generator.site.serve import SERVE_KEY
    from generator.site.staging import stage_language

    params = config["extra"][SERVE_KEY]
    project = load_project(params["config"])
    for problem in project.content.errors:
        log.warning("%s", problem)
    language = project.content.languages.get(params["lang"])
    if language is None:
        return config
    config["nav"] = stage_language(project.content, language, Path(params["docs"]), project.config)
    return config
