"""Our model -> MkDocs + Material builds. The only package that imports MkDocs.

Public API::

    result = build_site(config, content, site_dir, extras=Extras(...), verify=None)
    serve(config_file, lang, dev_addr)

Swapping the renderer (Zensical reads the same ``mkdocs.yml``) means replacing this package.
It receives everything pages show through :class:`Extras` (counts and our names, never
ticket text) and never imports :mod:`generator.reports`.
"""

from generator.site.build import build_site
from generator.site.extras import BuildResult, Extras
from generator.site.output import MARKER
from generator.site.serve import serve

__all__ = ["BuildResult", "Extras", "MARKER", "build_site", "serve"]
