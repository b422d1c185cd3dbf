"""No English on a Spanish page (issue 13 point 2): a seven-language help center, built for real, scanned.

Every page of every non-English language is read as a browser shows it: its text, the attributes a
reader or a screen reader meets (``aria-label``, ``placeholder``, ``title``, ``alt``, ``value``,
``data-*`` texts our scripts show) and the translations Material's scripts use (``__config``). No
English value of ours (:data:`generator.i18n.STRINGS`), of Material's English locale, of our English
month names or of Python-Markdown's admonition titles may appear there, except where the language
says the same thing with the same words ("Info" in German, "1 article" in French).

The writer's own text is in each language, so anything English found is ours.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import i18n
from generator.commands import build
from tests.conftest import article
from tests.site.test_site import write_project

LANGS = ("en", "es", "fr", "de", "pt", "it", "nl")
MATERIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"

#: The writer's text per language: section, article title, body sentence, tip, note, site name.
TEXT = {
    "en": ("Returns", "How do I return an item?", "Send it back within 30 days.", "Keep the receipt.",
           "Labels are free.", "Lumen Help"),
    "es": ("Devoluciones", "¿Cómo devuelvo un artículo?", "Envíalo en un plazo de 30 días.", "Guarda el recibo.",
           "Las etiquetas son gratis.", "Ayuda de Lumen"),
    "fr": ("Retours", "Comment retourner un article ?", "Renvoyez-le sous 30 jours.", "Gardez le reçu.",
           "Les étiquettes sont gratuites.", "Aide Lumen"),
    "de": ("Rücksendungen", "Wie sende ich einen Artikel zurück?", "Senden Sie ihn innerhalb von 30 Tagen zurück.",
           "Bewahren Sie den Beleg auf.", "Etiketten sind kostenlos.", "Lumen Hilfe"),
    "pt": ("Devoluções", "Como devolvo um artigo?", "Devolva-o no prazo de 30 dias.", "Guarde o recibo.",
           "As etiquetas são grátis.", "Ajuda Lumen"),
    "it": ("Resi", "Come restituisco un articolo?", "Rispediscilo entro 30 giorni.", "Conserva la ricevuta.",
           "Le etichette sono gratuite.", "Assistenza Lumen"),
    "nl": ("Retourneren", "Hoe stuur ik een artikel terug?", "Stuur het binnen 30 dagen terug.",
           "Bewaar het bonnetje.", "Etiketten zijn gratis.", "Lumen Hulp"),
}
ENGLISH_MONTHS = "January February March April May June July August September October November December".split()


def _files() -> dict[str, str]:
    files = {}
    for lang, (section, title, body, tip, note, _) in TEXT.items():
        files[f"{lang}/returns/index.md"] = article(section, "", order=1)
        text = f"{body}\n\n!!! tip\n    {tip}\n\n!!! note\n    {note}\n"
        files[f"{lang}/returns/how-to-return.md"] = article(
            title, text, id="returns/how-to-return", summary=body, categories="[returns]",
            updated="2026-10-20" if lang == "en" else "2026-09-01")
    files["en/returns/refund-timing.md"] = article("When will I get my refund?", "Within 3 days.",
                                                   updated="2026-10-01")
    return files


@pytest.fixture(scope="module")
def seven(tmp_path_factory) -> Path:
    """The help center in en, es, fr, de, pt, it and nl, built; every translation stale, one article English-only."""
    root = tmp_path_factory.mktemp("seven")
    names = "\n".join(f"  {lang}: {TEXT[lang][5]}" for lang in LANGS)
    settings = (f"languages: [{', '.join(LANGS)}]\ndefault_language: en\n"
                f"contact_url: https://shop.example/contact\nsite_name:\n{names}")
    project = write_project(root / "project", _files(), settings, site_url="https://help.shop.example/")
    with project.config.open("a", encoding="utf-8") as config:
        config.write("markdown_extensions: [admonition]\n")
    site = root / "site"
    build(project.config, site)
    return site


# --------------------------------------------------------------------------- what a reader meets

class _Reader(HTMLParser):
    """The text and reader-facing attributes of a page, and Material's translations."""

    SKIP = {"script", "style", "svg", "code", "pre"}
    ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "value", "aria-description", "aria-roledescription"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.translations: dict[str, str] = {}
        self._skip: list[str] = []
        self._config = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("id") == "__config":
            self._config = True
        if tag in self.SKIP:
            self._skip.append(tag)
        for name, value in attrs.items():
            if value and (name in self.ATTRIBUTES or (name.startswith("data-hc-") and " " in value)):
                self.found.append(value)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        if tag == "script":
            self._config = False

    def handle_data(self, data):
        if self._config:
            self.translations.update(json.loads(data).get("translations", {}))
        elif not self._skip and data.strip():
            self.found.append(" ".join(data.split()))


def read_page(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def _material(code: str) -> dict[str, str]:
    text = (MATERIAL / f"{code}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*"([^"]+)": "((?:[^"\\]|\\.)*)",?$', text, re.M))


def _pattern(template: str, placeholder: str) -> re.Pattern:
    """``{n} articles`` -> a pattern for ``3 articles`` as a whole phrase."""
    parts = re.split(placeholder, template)
    body = r"\S+".join(re.escape(p) for p in parts)
    return re.compile(rf"(?<![\w]){body}(?![\w])")


def english_for(lang: str) -> dict[str, re.Pattern]:
    """Each English string that must not appear on a page in ``lang``, by where it comes from."""
    ours, theirs = i18n.strings(lang), i18n.strings("en")
    found = {f"ours:{key}": _pattern(value, r"\{\w+\}") for key, value in theirs.items()
             if ours[key] != value}
    material_en, material_lang = _material("en"), _material(lang)
    for key, value in material_en.items():
        if key.startswith("search.config") or key in ("language", "direction") or material_lang.get(key) == value:
            continue
        found[f"material:{key}"] = _pattern(value, "#")
    months = {word.lower() for day in _month_dates(lang) for word in day.split()}
    for month in ENGLISH_MONTHS:
        if month.lower() not in months:
            found[f"month:{month}"] = _pattern(month, "#")
    for kind, title in i18n.ADMONITION_TITLES[lang].items():
        english = kind.capitalize()
        if title != english:
            found[f"admonition:{kind}"] = re.compile(rf"^{english}$")
    return found


def _month_dates(lang: str) -> list[str]:
    """The first of each month as the site writes it in ``lang`` (:func:`generator.i18n.format_date`)."""
    return [i18n.format_date(dt.date(2026, month, 1), lang) for month in range(1, 13)]


# --------------------------------------------------------------------------- the scan

def test_the_fixture_has_every_kind_of_page(seven):
    for lang in LANGS:
        pages = sorted(p.relative_to(seven / lang).as_posix() for p in (seven / lang).rglob("*.html"))
        assert pages == ["404.html", "index.html", "returns/how-to-return/index.html", "returns/index.html",
                         "returns/refund-timing/index.html"], lang


@pytest.mark.parametrize("lang", [code for code in LANGS if code != "en"])
def test_no_english_string_of_ours_on_a_page_in_another_language(seven, lang):
    english = english_for(lang)
    assert english, lang
    leaks = []
    for page in sorted((seven / lang).rglob("*.html")):
        reader = read_page(page)
        assert reader.translations, page  # Material's own strings are on every page
        shown = [("text", text) for text in reader.found]
        shown += [(f"__config {key}", value) for key, value in reader.translations.items()]
        for where, text in shown:
            for source, pattern in english.items():
                if pattern.search(text):
                    leaks.append(f"{page.relative_to(seven).as_posix()}: {source} in {where}: {text!r}")
    assert leaks == []


@pytest.mark.parametrize("lang", [code for code in LANGS if code != "en"])
def test_each_language_shows_its_own_words(seven, lang):
    """The scan above only proves absence; these are the same places, present in the page's language."""
    t = i18n.strings(lang)
    article_page = read_page(seven / lang / "returns/how-to-return/index.html").found
    assert i18n.ADMONITION_TITLES[lang]["tip"] in article_page
    assert i18n.ADMONITION_TITLES[lang]["note"] in article_page
    assert t["helpful"] in article_page
    assert any(t["stale_notice"].split("{date}")[0].strip() in text for text in article_page)
    assert any(i18n.format_date(dt.date(2026, 10, 20), lang) in text for text in article_page)
    missing = read_page(seven / lang / "returns/refund-timing/index.html").found
    assert t["untranslated"] in missing
    not_found = read_page(seven / lang / "404.html").found
    assert t["not_found"] in not_found and t["back_home"] in not_found
    home = read_page(seven / lang / "index.html")
    assert f"{TEXT[lang][5]}" in " ".join(home.found)
    assert home.translations["search.result.placeholder"] == _material(lang)["search.result.placeholder"]


def test_the_scan_finds_english_when_it_is_there(seven, tmp_path):
    """The scanner itself: a page with Material's and our English in it is caught."""
    page = tmp_path / "page.html"
    page.write_text('<html><body><button aria-label="Back to top">x</button><p>Was this article helpful?</p>'
                    '<p class="admonition-title">Tip</p><p>Zuletzt 20 October 2026</p></body></html>',
                    encoding="utf-8")
    english = english_for("de")
    found = {source for text in read_page(page).found for source, pattern in english.items() if pattern.search(text)}
    assert found == {"material:top", "ours:helpful", "admonition:tip", "month:October"}


@pytest.mark.parametrize("lang", [code for code in LANGS if code != "en"])
def test_category_chips_are_in_the_page_language(seven, lang):
    """Our category names are ours too: the article's chip names its category in the page's language."""
    from generator.project.taxonomy import load_taxonomy

    category = load_taxonomy().categories["returns"]
    english = category.names["en"]
    found = read_page(seven / lang / "returns/how-to-return/index.html").found
    assert english not in found
    assert category.names.get(lang) in found
