"""Pagefind as the search engine of one built language (``extra.helpcenter.search_engine: pagefind``).

Runs after MkDocs built ``site/<lang>/`` (and after the hidden search aliases went into its
``search/search_index.json``):

1. each page gets the hidden terms lunr indexes but the page does not show (the ``tags`` and
   ``aliases`` of its entry in ``search_index.json``: writers' tags, category names, search
   aliases, synonyms, ticket-mined terms) as ``<div hidden data-pagefind-weight="5">`` at the
   end of its article, with their word count as the page's ``hc_hidden`` Pagefind meta, so the
   browser can keep them out of the excerpt it shows;
2. every page is marked ``<meta name="hc-search-engine" content="pagefind">``, which tells
   ``assets/javascripts/helpcenter.js`` to answer Material's search from Pagefind;
3. ``python -m pagefind`` indexes the article content (Material's
   ``article.md-content__inner`` minus our chrome) into ``site/<lang>/pagefind/``;
4. Pagefind's own UI files are removed (Material's UI shows the results);
   ``pagefind/material-index.json`` holds ``search_index.json``'s config with no documents: the
   page fetches it instead of the full lunr index (which stays on disk for the findability gate).
"""

from __future__ import annotations

import html
import json
import logging
import subprocess
import sys
from pathlib import Path

from generator.errors import BuildError
from generator.processes import child_preexec

log = logging.getLogger(__name__)

HIDDEN_WEIGHT = 5
ROOT = '<article class="md-content__inner md-typeset">'
MARKER = '<meta name="hc-search-engine" content="pagefind">'
STUB = "material-index.json"
UI_FILES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
#: The article (title, summary, category chips, body) minus breadcrumbs, dates, feedback,
#: contact box, heading permalinks and the article lists of home and section pages.
ARGS = ["--root-selector", "article.md-content__inner", "--glob", "**/index.html",
        *[arg for selector in (".hc-crumbs", ".hc-meta", ".hc-feedback", ".hc-contact", ".headerlink",
                               ".hc-list", ".hc-cards", ".hc-block", ".hc-pager")
          for arg in ("--exclude-selectors", selector)]]


def hidden_terms(index_file: Path) -> dict[str, list[str]]:
    """Page location -> the hidden terms of its top entry in Material's ``search_index.json``."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    terms = {}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if "#" in location:
            continue
        extra = [str(t) for t in doc.get("tags") or []] + ([str(doc["aliases"])] if doc.get("aliases") else [])
        if extra:
            terms[location] = extra
    return terms


def hidden_block(terms: list[str], weight: int = HIDDEN_WEIGHT) -> str:
    text = " ".join(" ".join(terms).split())
    return (f'<div hidden aria-hidden="true" data-pagefind-weight="{weight}" '
            f'data-pagefind-meta="hc_hidden:{len(text.split())}">{html.escape(text)}</div>')


def prepare_pages(site_lang: Path) -> int:
    """Mark every page for Pagefind mode and add the hidden terms; returns the pages with terms."""
    terms = hidden_terms(site_lang / "search" / "search_index.json")
    changed = 0
    for page in site_lang.rglob("*.html"):
        if page.relative_to(site_lang).parts[0] == "pagefind":
            continue
        text = page.read_text(encoding="utf-8")
        new = text.replace("</head>", MARKER + "</head>", 1) if MARKER not in text else text
        location = page.parent.relative_to(site_lang).as_posix() + "/" if page.name == "index.html" else None
        extra = terms.get("" if location == "./" else location) if location else None
        start = new.find(ROOT)
        if extra and start >= 0:
            end = new.find("</article>", start)
            if end >= 0:
                new = new[:end] + hidden_block(extra) + new[end:]
                changed += 1
        if new != text:
            page.write_text(new, encoding="utf-8")
    return changed


def write_stub(site_lang: Path) -> None:
    """Material's search index without documents, fetched instead of the full one."""
    index = json.loads((site_lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    stub = {"config": index.get("config", {}), "docs": []}
    (site_lang / "pagefind" / STUB).write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")


def index_language(site_lang: Path) -> int:
    """Turn one built language folder into a Pagefind-searched one; returns the pages indexed."""
    try:
        import pagefind  # noqa: F401 - only to tell a missing package from a failed run
    except ImportError:
        raise BuildError("search_engine is pagefind but the pagefind package is not installed; "
                         "run `pip install 'pagefind[extended]>=1.5'` or set search_engine: lunr") from None
    with_terms = prepare_pages(site_lang)
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_lang), "--silent", *ARGS],
                          capture_output=True, text=True, preexec_fn=child_preexec)
    if done.returncode != 0:
        raise BuildError(f"pagefind failed on {site_lang}: {(done.stderr or done.stdout).strip()}")
    for unused in (site_lang / "pagefind").glob("pagefind-*"):  # Pagefind's own UIs: Material's UI is used
        if unused.name.startswith(UI_FILES):
            unused.unlink()
    write_stub(site_lang)
    pages = len(list((site_lang / "pagefind" / "fragment").glob("*")))
    log.info("Pagefind indexed %s: %d pages (%d with hidden terms)", site_lang.name, pages, with_terms)
    return pages
