"""MkDocs hook used only by ``helpcenter serve``: re-stage the previewed language before each build."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.helpcenter")


def on_config(config):
    from .pipeline import load_project
    from .site import SERVE_ENV, stage_language

    params = json.loads(os.environ[SERVE_ENV])
    hc_config, content = load_project(params["config"])
    for problem in content.errors:
        log.warning("%s", problem)
    language = content.languages.get(params["lang"])
    if language is None:
        return config
    config["nav"] = stage_language(content, language, Path(params["docs"]), hc_config)
    return config
