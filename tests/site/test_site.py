"""Integration tests of the published site: real MkDocs + Material builds of small help centers.

Expensive builds are shared per module (``tmp_path_factory``); tests that mutate a site
build their own tiny one.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

import generator.site.staging as staging
import generator.site.workers as site_mod
from tests.conftest import MKDOCS_YML, THEME, Project, article
from generator import i18n
from generator.errors import BuildError, ContentError
from generator.commands import build

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

SHOP = {
    "en/index.md": article("Hi! What do you need?", "Welcome to the **test shop** help center."),
    "en/returns/index.md": article("Returns and refunds", "Send things back.", order=1,
                                   icon="material/keyboard-return"),
    "en/returns/how-to-return.md": article(
        "How do I return an item?",
        """
        Print the label:

        ![Return label](images/label.png)

        See [when you get your refund](refunds.md) or [la versión en español](../../es/returns/como-devolver.md).
        """,
        summary="Return within 30 days.", updated="2026-10-20"),
    "en/returns/refunds.md": article("When will I get my refund?", "Within 3 days.", updated="2026-10-01"),
    "en/returns/images/label.png": PNG,
    "en/shipping/index.md": article("Shipping", "Delivery times.", order=2),
    "en/shipping/carriers.md": article("Which carriers do you use?", "We use several carriers."),
    "es/returns/index.md": article("Devoluciones", "Devuelve lo que no quieras.", order=1),
    "es/returns/como-devolver.md": article("¿Cómo hago una devolución?", "Tienes 30 días.",
                                           id="returns/how-to-return", updated="2026-10-20"),
    "es/returns/solo-en-espanol.md": article("Solo en español", "Nada más."),
    "pl/returns/jak-zwrocic.md": article("Jak zwrócić produkt?", "Masz 30 dni.", id="returns/how-to-return"),
}
SETTINGS = "languages: [en, es, pl]\ndefault_language: en"
LANGS = ["en", "es", "pl"]


def write_project(root: Path, files: dict, settings: str = "", site_url: str | None = None,
                  theme: Path = THEME) -> Project:
    """The ``make_project`` factory, for module-scoped fixtures (any folder, optional ``site_url``)."""
    import textwrap

    project = Project(root)
    root.mkdir(parents=True, exist_ok=True)
    if settings:
        text = MKDOCS_YML.format(theme=theme, settings=textwrap.indent(settings.strip(), "    "))
    else:
        text = MKDOCS_YML.replace("extra:\n  helpcenter:\n{settings}\n", "").format(theme=theme)
    if site_url:
        text = text.replace("site_name: Test Shop Help\n", f"site_name: Test Shop Help\nsite_url: {site_url}\n")
    project.config.write_text(text, encoding="utf-8")
    for relpath, content in files.items():
        project.write(relpath, content)
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def switcher(page: str) -> dict[str, str]:
    """lang -> href of the language switcher links (``.md-select__link``)."""
    links = {}
    for tag in re.findall(r"<a\b[^>]*\bclass=\"md-select__link\"[^>]*>", page):
        links[re.search(r'hreflang="([^"]+)"', tag)[1]] = html.unescape(re.search(r'href="([^"]*)"', tag)[1])
    return links


def hreflangs(page: str) -> dict[str, str]:
    """hreflang -> href of ``<link rel="alternate">`` in the head."""
    found = {}
    for tag in re.findall(r"<link\b[^>]*\brel=\"alternate\"[^>]*>", page):
        lang = re.search(r'hreflang="([^"]+)"', tag)
        if lang:
            found[lang[1]] = html.unescape(re.search(r'href="([^"]*)"', tag)[1])
    return found


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a relative (or root-relative) link on ``page`` points to."""
    url = "/" + page.relative_to(site).as_posix()
    target = urljoin(url, href.split("#")[0])
    path = site / target.lstrip("/")
    return path / "index.html" if target.endswith("/") else path


def block(page: str, css_class: str) -> str:
    """The first element with ``css_class``, up to its (un-nested) closing tag."""
    start = page.index(f'class="{css_class}"')
    tag = page.rfind("<", 0, start)
    name = re.match(r"<(\w+)", page[tag:])[1]
    return page[tag: page.index(f"</{name}>", start) + len(name) + 3]


def nav_links(page: str) -> list[str]:
    """Titles of the primary navigation's links."""
    nav = page[page.index('class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")] if "</nav>" in nav else nav
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", t)).split())
            for t in re.findall(r'<a [^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', nav, re.S)]


# --------------------------------------------------------------------------- shared builds

@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    """en + es + pl, no site_url: the site folder."""
    project = write_project(tmp_path_factory.mktemp("shop"), SHOP, SETTINGS)
    result = build(project.config, project.root / "site", jobs=1)
    assert set(result.languages) == set(LANGS)
    return project.root / "site"


@pytest.fixture(scope="module")
def shop_url(tmp_path_factory) -> Path:
    """The same help center with ``site_url`` set, built with two workers."""
    project = write_project(tmp_path_factory.mktemp("shop-url"), SHOP, SETTINGS,
                            site_url="https://help.example.com/")
    build(project.config, project.root / "site", jobs=1)
    return project.root / "site"


@pytest.fixture(scope="module")
def shop_parallel(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("shop-par"), SHOP, SETTINGS)
    build(project.config, project.root / "site", jobs=2)
    return project.root / "site"


# --------------------------------------------------------------------------- layout

def test_each_language_has_home_sections_and_articles(shop):
    expected = [
        "en/index.html", "en/returns/index.html", "en/returns/how-to-return/index.html",
        "en/returns/refunds/index.html", "en/shipping/index.html", "en/shipping/carriers/index.html",
        "es/index.html", "es/returns/index.html", "es/returns/como-devolver/index.html",
        "es/returns/solo-en-espanol/index.html",
        "pl/index.html", "pl/returns/index.html", "pl/returns/jak-zwrocic/index.html",
    ]
    for rel in expected:
        assert (shop / rel).is_file(), rel
    for code in LANGS:
        assert (shop / code / "404.html").is_file()
    assert (shop / "index.html").is_file()
    assert not (shop / "es" / "shipping" / "index.html").exists()  # no empty sections invented
    # ... though the English-only article has its not-translated-yet page there (test_notices.py)
    assert sorted(p.name for p in (shop / "es" / "shipping").iterdir()) == ["carriers"]

    home = read(shop / "en/index.html")
    assert "test shop" in home and 'href="returns/"' in home and 'href="shipping/"' in home
    section = shop / "en/returns/index.html"
    listed = {resolve(shop, section, h) for h in re.findall(r'<li><a href="([^"]+)">', block(read(section), "hc-list"))}
    assert listed == {shop / "en/returns/how-to-return/index.html", shop / "en/returns/refunds/index.html"}
    page = read(shop / "en/returns/how-to-return/index.html")
    assert "How do I return an item?" in page and "Return within 30 days." in page
    assert 'href="../refunds/"' in page  # in-language Markdown link


def test_home_hero_shows_the_home_title(shop):
    """The hero is the home's title (index.md, else "How can we help?"), not the nav's "Help center"."""
    def hero(code):
        return html.unescape(re.search(r'class="hc-hero__title">([^<]*)<', read(shop / code / "index.html"))[1])

    assert hero("en") == "Hi! What do you need?"  # en/index.md
    assert hero("es") == i18n.strings("es")["search_hero"]  # no es/index.md


def test_material_ui_language(shop):
    assert '<html lang="en"' in read(shop / "en/index.html")
    es = read(shop / "es/returns/como-devolver/index.html")
    assert '<html lang="es"' in es
    assert "Copiar al portapapeles" in es  # Material's own strings, in Spanish
    assert i18n.strings("es")["search_placeholder"] in read(shop / "es/index.html")
    assert '<html lang="pl"' in read(shop / "pl/index.html")


def test_search_config_per_language(shop):
    def config(code):
        return json.loads(read(shop / code / "search/search_index.json"))["config"]

    assert config("en")["lang"] == ["en"]
    assert config("es")["lang"] == ["es"]
    assert config("pl")["lang"] == ["en"]
    assert config("pl")["pipeline"] == ["trimmer"]
    assert "trimmer" not in config("es").get("pipeline", []) or config("es")["pipeline"] != ["trimmer"]
    docs = json.loads(read(shop / "es/search/search_index.json"))["docs"]
    titles = {d["title"] for d in docs}
    assert "¿Cómo hago una devolución?" in titles
    assert not any("return an item" in d["title"] for d in docs)  # only this language's pages


# --------------------------------------------------------------------------- switcher and hreflang

def test_switcher_on_translated_article_keeps_the_article(shop):
    page = read(shop / "en/returns/how-to-return/index.html")
    assert switcher(page) == {
        "en": "../../../en/returns/how-to-return/",
        "es": "../../../es/returns/como-devolver/",
        "pl": "../../../pl/returns/jak-zwrocic/",
    }
    es = read(shop / "es/returns/como-devolver/index.html")
    assert switcher(es)["en"] == "../../../en/returns/how-to-return/"
    assert re.search(r'class="md-select__link"[^>]*aria-current="page"[^>]*>Español<', es)


def test_switcher_without_translation_goes_to_its_not_translated_page(shop):
    page = read(shop / "en/returns/refunds/index.html")
    assert switcher(page) == {"en": "../../../en/returns/refunds/", "es": "../../../es/returns/refunds/",
                              "pl": "../../../pl/returns/refunds/"}
    assert 'name="robots" content="noindex"' in read(shop / "es/returns/refunds/index.html")
    es_only = read(shop / "es/returns/solo-en-espanol/index.html")
    assert switcher(es_only)["en"] == "../../../en/returns/solo-en-espanol/"


def test_switcher_on_home_and_section_pages(shop):
    assert switcher(read(shop / "en/index.html")) == {"en": "../en/", "es": "../es/", "pl": "../pl/"}
    assert switcher(read(shop / "en/returns/index.html")) == {
        "en": "../../en/returns/", "es": "../../es/returns/", "pl": "../../pl/returns/"}
    # es has no shipping section: its home.
    assert switcher(read(shop / "en/shipping/index.html"))["es"] == "../../es/"


def test_switcher_links_resolve_to_built_pages(shop):
    for page in shop.glob("*/**/index.html"):
        for lang, href in switcher(read(page)).items():
            target = resolve(shop, page, href)
            assert target.is_file(), f"{page.relative_to(shop)}: {lang} -> {href}"
            assert target.relative_to(shop).parts[0] == lang


def test_hreflang_alternates_only_for_existing_translations(shop):
    assert hreflangs(read(shop / "en/returns/how-to-return/index.html")) == {
        "en": "/en/returns/how-to-return/", "es": "/es/returns/como-devolver/",
        "pl": "/pl/returns/jak-zwrocic/", "x-default": "/en/returns/how-to-return/"}
    assert hreflangs(read(shop / "es/returns/como-devolver/index.html"))["x-default"] == "/en/returns/how-to-return/"
    assert hreflangs(read(shop / "en/returns/refunds/index.html")) == {
        "en": "/en/returns/refunds/", "x-default": "/en/returns/refunds/"}
    es_only = hreflangs(read(shop / "es/returns/solo-en-espanol/index.html"))
    assert es_only == {"es": "/es/returns/solo-en-espanol/"}
    assert hreflangs(read(shop / "es/index.html")) == {"en": "/en/", "es": "/es/", "pl": "/pl/", "x-default": "/en/"}
    assert hreflangs(read(shop / "en/shipping/index.html")) == {"en": "/en/shipping/", "x-default": "/en/shipping/"}


def test_hreflang_absolute_with_site_url(shop_url):
    assert hreflangs(read(shop_url / "es/returns/como-devolver/index.html")) == {
        "en": "https://help.example.com/en/returns/how-to-return/",
        "es": "https://help.example.com/es/returns/como-devolver/",
        "pl": "https://help.example.com/pl/returns/jak-zwrocic/",
        "x-default": "https://help.example.com/en/returns/how-to-return/"}
    page = read(shop_url / "es/returns/como-devolver/index.html")
    assert '<link rel="canonical" href="https://help.example.com/es/returns/como-devolver/"' in page


# --------------------------------------------------------------------------- 404

def _check_404(site: Path, code: str) -> None:
    page = read(site / code / "404.html")
    t = i18n.strings(code)
    assert f'<html lang="{code}"' in page
    assert html.escape(t["not_found"], quote=False) in page or t["not_found"] in page
    assert t["back_home"] in page
    # Served for any URL below /<lang>/, so every local link must be root-relative to /<lang>/ or absolute.
    for attr, href in re.findall(r'\s(href|src)="([^"]+)"', page):
        if href.startswith(("http://", "https://", "#", "mailto:")):
            if href.startswith("https://help.example.com/"):
                href = href[len("https://help.example.com"):]
            else:
                continue
        assert href.startswith("/"), f"{code}/404.html: relative {attr}={href!r} breaks below /{code}/x/y/"
        assert not href.startswith("//"), f"{code}/404.html: protocol-relative {attr}={href!r}"
        target = resolve(site, site / code / "404.html", href)
        assert target.is_file(), f"{code}/404.html: {attr}={href!r} -> missing {target.relative_to(site)}"
    assert switcher(page) and all(resolve(site, site / code / "404.html", h).is_file()
                                  for h in switcher(page).values())
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert config["base"] == f"/{code}/"
    assert config["search"].startswith(f"/{code}/assets/javascripts/workers/")
    assert (site / config["search"].lstrip("/")).is_file()


@pytest.mark.parametrize("code", ["en", "es"])
def test_404_per_language_without_site_url(shop, code):
    _check_404(shop, code)
    assert "Página no encontrada" in read(shop / "es/404.html")
    assert "Volver al centro de ayuda" in read(shop / "es/404.html")


def test_404_per_language_with_site_url(shop_url):
    for code in ("en", "es"):
        _check_404(shop_url, code)


# --------------------------------------------------------------------------- root files

def test_root_chooser(shop):
    page = read(shop / "index.html")
    assert '<html lang="en">' in page
    for code, name in (("en", "English"), ("es", "Español"), ("pl", "Polski")):
        assert f'<a href="{code}/" hreflang="{code}" lang="{code}">{name}</a>' in page
        assert f'<link rel="alternate" hreflang="{code}" href="{code}/">' in page
    assert '<link rel="alternate" hreflang="x-default" href="en/">' in page
    assert '{"languages": ["en", "es", "pl"], "default": "en"}' in page
    assert "location.replace(" in page and "navigator.languages" in page and "nf_lang" in page
    # The links work without JavaScript: they are in the body, outside any <script> or <noscript>.
    body = page[page.index("<body>"):]
    assert "<script" not in body and 'href="es/"' in body
    assert i18n.strings("en")["choose_language"] in body


def test_root_chooser_with_site_url(shop_url):
    page = read(shop_url / "index.html")
    assert '<link rel="alternate" hreflang="es" href="https://help.example.com/es/">' in page
    assert '<link rel="alternate" hreflang="x-default" href="https://help.example.com/en/">' in page


def test_redirects_exact_text(shop):
    assert read(shop / "_redirects") == (
        "# Generated by `helpcenter build`. Netlify reads this before netlify.toml.\n"
        "# '/' exists (the language chooser), so the language rules are forced (302!).\n"
        "# A visitor's manual choice is the nf_lang cookie, which Netlify's Language condition honours.\n"
        "/  /en/  302!  Language=en\n"
        "/  /es/  302!  Language=es\n"
        "/  /pl/  302!  Language=pl\n"
        "/en/*  /en/404.html  404\n"
        "/es/*  /es/404.html  404\n"
        "/pl/*  /pl/404.html  404\n"
        "/*  /en/404.html  404\n")


def test_sitemaps_with_site_url(shop_url):
    index = read(shop_url / "sitemap.xml")
    assert "<sitemapindex" in index
    for code in LANGS:
        assert f"<loc>https://help.example.com/{code}/sitemap.xml</loc>" in index
        assert (shop_url / code / "sitemap.xml").is_file()
    es = read(shop_url / "es/sitemap.xml")
    assert "<loc>https://help.example.com/es/returns/como-devolver/</loc>" in es
    assert "/en/" not in es
    assert "Sitemap: https://help.example.com/sitemap.xml" in read(shop_url / "robots.txt")


def test_no_root_sitemap_without_site_url(shop):
    assert not (shop / "sitemap.xml").exists()


def test_nothing_but_the_site_is_published(shop):
    names = files_of(shop)
    assert not [n for n in names if n.endswith((".md", ".csv", ".jsonl", ".ndjson", ".yml", ".yaml"))]
    assert not [n for n in names if n.split("/")[0] in ("reports", "tickets")]
    assert not [n for n in names if re.search(r"(^|/)(gaps?|tickets?|report)[^/]*$", n)]
    assert not list(shop.parent.glob(".site.build-*")) and not list(shop.parent.glob(".site.old-*"))


# --------------------------------------------------------------------------- content features

def test_cross_language_links_are_rewritten_to_urls(shop):
    page = read(shop / "en/returns/how-to-return/index.html")
    assert 'href="../../../es/returns/como-devolver/"' in page
    assert "como-devolver.md" not in page
    assert resolve(shop, shop / "en/returns/how-to-return/index.html",
                   "../../../es/returns/como-devolver/").is_file()


def test_images_are_copied(shop):
    assert (shop / "en/returns/images/label.png").read_bytes() == PNG
    page = read(shop / "en/returns/how-to-return/index.html")
    src = re.search(r'<img [^>]*src="([^"]+)"', page)[1]
    assert resolve(shop, shop / "en/returns/how-to-return/index.html", src) == shop / "en/returns/images/label.png"


def test_section_pagination(tmp_path_factory, monkeypatch):
    monkeypatch.setattr(staging, "SECTION_PAGE_SIZE", 2)
    files = {"en/faq/index.md": article("FAQ", "Questions.")}
    for i in range(5):
        files[f"en/faq/q{i}.md"] = article(f"Question {i}", "Answer.")
    project = write_project(tmp_path_factory.mktemp("pages"), files)
    build(project.config, project.root / "site", jobs=1)
    faq = project.root / "site/en/faq"
    first, second, third = (block(read(faq / p), "hc-pager") for p in ("index.html", "page-2/index.html",
                                                                          "page-3/index.html"))
    assert not (faq / "page-4").exists()
    assert 'href="page-2/" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="../" rel="prev"' in second and 'href="../page-3/" rel="next"' in second
    assert 'href="../page-2/" rel="prev"' in third and 'rel="next"' not in third
    assert "Page 2 of 3" in second
    listed = [re.findall(r'<li><a href="([^"]+)">Question', block(read(faq / p), "hc-list"))
              for p in ("index.html", "page-2/index.html", "page-3/index.html")]
    assert [len(x) for x in listed] == [2, 2, 1]
    pages = [faq / "index.html", faq / "page-2/index.html", faq / "page-3/index.html"]
    targets = {resolve(project.root / "site", page, href) for page, hrefs in zip(pages, listed) for href in hrefs}
    assert targets == {faq / f"q{i}/index.html" for i in range(5)}
    for page, text in zip(pages, (first, second, third)):
        for href in re.findall(r'href="([^"]+)" rel="(?:prev|next)"', text):
            assert resolve(project.root / "site", page, href).is_file()


# --------------------------------------------------------------------------- parallel

def test_parallel_build_equals_serial(shop, shop_parallel):
    assert files_of(shop_parallel) == files_of(shop)
    for rel in ("en/returns/how-to-return/index.html", "es/index.html", "pl/404.html", "index.html",
                "es/search/search_index.json"):
        assert read(shop_parallel / rel) == read(shop / rel), rel


# --------------------------------------------------------------------------- scale

def _scaled(root: Path, per_language: int) -> Path:
    files = {}
    for code in ("en", "es"):
        for s in range(6):
            files[f"{code}/topic-{s}/index.md"] = article(f"Topic {s} {code}", "Intro.", order=s)
        for i in range(per_language):
            files[f"{code}/topic-{i % 6}/article-{i:03d}.md"] = article(
                f"Scaled article {i:03d} {code}", f"Body of article {i}. " * 20, id=f"topic-{i % 6}/article-{i:03d}")
    project = write_project(root, files, "languages: [en, es]")
    build(project.config, project.root / "site", jobs=1)
    return project.root / "site"


@pytest.fixture(scope="module")
def scaled(tmp_path_factory) -> dict[int, Path]:
    return {n: _scaled(tmp_path_factory.mktemp(f"scale{n}"), n) for n in (20, 300)}


def test_article_page_size_does_not_grow_with_the_help_center(scaled):
    sizes = {n: (site / "en/topic-0/article-000/index.html").stat().st_size for n, site in scaled.items()}
    assert abs(sizes[300] - sizes[20]) / sizes[20] < 0.15, sizes
    assert len(list((scaled[300] / "en").glob("topic-*/article-*/index.html"))) == 300
    assert len(list((scaled[300] / "es").glob("topic-*/article-*/index.html"))) == 300


def test_article_nav_lists_sections_not_articles(scaled):
    page = read(scaled[300] / "en/topic-0/article-000/index.html")
    links = nav_links(page)
    for s in range(6):
        assert f"Topic {s} en" in links, links
    assert not [t for t in links if t.startswith("Scaled article")], links
    assert len(links) <= 10, links


# --------------------------------------------------------------------------- atomic output

@pytest.fixture
def built(make_project):
    project = make_project({
        "en/returns/index.md": article("Returns", "Back."),
        "en/returns/how-to-return.md": article("How do I return an item?", "Like this."),
    })
    build(project.config, project.root / "site", jobs=1)
    before = snapshot(project.root / "site")
    assert "en/returns/how-to-return/index.html" in before
    return project, before


def _assert_untouched(project: Project, before: dict[str, bytes]) -> None:
    assert snapshot(project.root / "site") == before
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith((".site.build-", ".site.old-"))]
    assert not leftovers


def test_broken_content_leaves_previous_site_untouched(built):
    project, before = built
    project.write("en/returns/broken.md", "---\nsummary: no title here\n---\n\nBody.\n")
    with pytest.raises(ContentError):
        build(project.config, project.root / "site", jobs=1)
    _assert_untouched(project, before)


def test_theme_error_leaves_previous_site_untouched(built):
    project, before = built
    theme = project.root / "broken-theme"
    shutil.copytree(THEME, theme)
    (theme / "main.html").write_text('{% extends "base.html" %}\n{% block content %}{{ no_such_function() }}'
                                     "{% endblock %}\n", encoding="utf-8")
    text = read(project.config).replace(str(THEME), str(theme))
    project.config.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(project.config, project.root / "site", jobs=1)
    assert "no_such_function" in str(info.value)
    _assert_untouched(project, before)


def test_failed_language_build_leaves_previous_site_untouched(built, monkeypatch):
    project, before = built
    project.write("en/returns/new.md", article("A new article", "New."))

    def failing(task):
        return site_mod.BuildOutcome(task.lang, error="simulated MkDocs failure")

    monkeypatch.setattr(site_mod, "build_language", failing)
    with pytest.raises(BuildError, match="simulated MkDocs failure"):
        build(project.config, project.root / "site", jobs=1)
    _assert_untouched(project, before)


def test_successful_rebuild_replaces_the_site(built):
    project, before = built
    project.write("en/returns/new.md", article("A new article", "New."))
    build(project.config, project.root / "site", jobs=1)
    after = snapshot(project.root / "site")
    assert "en/returns/new/index.html" in after and "en/returns/new/index.html" not in before
    _assert_untouched(project, after)


def test_refuses_to_replace_a_folder_with_markdown(make_project):
    project = make_project({"en/returns/how-to-return.md": article()})
    docs = project.root / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("# My notes\n", encoding="utf-8")
    before = snapshot(docs)
    with pytest.raises(BuildError, match="refusing"):
        build(project.config, docs, jobs=1)
    assert snapshot(docs) == before
    assert not [p for p in project.root.iterdir() if p.name.startswith(".docs.build-")]
