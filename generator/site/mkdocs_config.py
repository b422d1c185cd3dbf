"""The MkDocs configuration of one language: theme, search plugin, ``extra`` for our templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import i18n
from generator import languages as langs
from generator.errors import BuildError, Problem
from generator.project.config import Config
from generator.project.content import Content

#: Material's search fields plus ``aliases``: phrases customers type, searchable but never displayed.
#: ``tags`` (our category names and the writer's tags) weigh less than Material's 1e6, which would
#: rank any article of a category above the one whose title matches.
SEARCH_FIELDS = {"title": {"boost": 1e3}, "text": {"boost": 1.0}, "tags": {"boost": 50.0}, "aliases": {"boost": 1e2}}


def theme_dir(config: Config) -> Path:
    theme = config.raw.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    path = config.root / (custom or "themes/helpcenter")
    if not (path / "main.html").is_file():
        raise BuildError(problems=[Problem(config.rel(config.config_file), 0,
                                           f"theme folder {config.rel(path)} has no main.html; set theme.custom_dir "
                                           "to the helpcenter theme (themes/helpcenter)", code="no-theme")])
    return path


def mkdocs_overrides(config: Config, content: Content, code: str, nav: list, theme_dir: Path) -> dict[str, Any]:
    raw = config.raw
    theme = dict(raw.get("theme") or {}) if isinstance(raw.get("theme"), dict) else {"name": raw.get("theme")}
    theme["name"] = theme.get("name") or "material"
    theme["custom_dir"] = str(theme_dir)
    theme["language"] = langs.material_language(code)
    features = [f for f in theme.get("features", []) if f != "navigation.instant"]
    theme["features"] = features

    plugins = raw.get("plugins") or ["search"]
    lunr = langs.lunr_language(code)
    # Material's default pipeline drops the stemmer; we keep it wherever lunr has one.
    search = {"lang": [lunr or "en"], "fields": dict(SEARCH_FIELDS),
              "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}
    if lunr is None:
        search["pipeline"] = ["trimmer"]  # no stemmer or English stop words for a language lunr can't stem
    new_plugins: list = []
    has_search = False
    for plugin in plugins:
        name = plugin if isinstance(plugin, str) else next(iter(plugin), "")
        if name in ("search", "material/search"):
            options = {} if isinstance(plugin, str) else dict(plugin[name] or {})
            options.update(search)
            new_plugins.append({name: options})
            has_search = True
        else:
            new_plugins.append(plugin)
    if not has_search:
        new_plugins.insert(0, {"search": search})

    extra = dict(raw.get("extra") or {})
    settings = config.settings
    contact = settings.contact_url.get(code) or settings.contact_url.get("*")
    extra.pop("helpcenter", None)
    extra["alternate"] = True  # truthy but not iterable: Material shows the switcher, our partial fills it
    extra["hc"] = {
        "lang": code, "default_language": content.default_language, "contact_url": contact,
        "feedback": config.feedback_form, "search_misses": settings.search_misses, "t": i18n.strings(code),
        "languages": [{"lang": c, "name": langs.NATIVE_NAMES.get(c, c)} for c in content.languages],
        "footer": per_language(settings.footer, code),
    }
    site_url = (config.site_url.rstrip("/") + f"/{code}/") if config.site_url else None
    validation = {"nav": {"omitted_files": "ignore", "not_found": "warn"},
                  "links": {"not_found": "warn", "anchors": "info", "unrecognized_links": "info"}}
    return {"theme": theme, "plugins": new_plugins, "extra": extra, "site_url": site_url, "nav": nav,
            "validation": validation, "use_directory_urls": True,
            "site_name": per_language(settings.site_name, code) or config.site_name}


def per_language(values: dict[str, str], code: str) -> str | None:
    """A per-language setting's text for ``code``: its own, its base language's (``pt`` for ``pt-BR``),
    else the one for every language (``*``)."""
    return values.get(code) or values.get(langs.base(code)) or values.get("*")
