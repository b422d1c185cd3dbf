"""The prebuilt, sharded search index (generator/site/search_index.py + generator/data/search_shards.js).

A real build of 80 articles: the index is split into shards and page files the worker fetches on
demand; how it is split never changes what a query finds; the page never fetches the whole index.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, THEME, Project, article
from generator.commands import build
from generator.site.lunr import LunrSearch
from generator.site.search_index import write_search_shards

TOPICS = ["parcel", "refund", "invoice", "password", "voucher", "courier", "exchange", "warranty"]
QUERIES = ["parcel", "refund status", "invoice 12", "password reset", "wher is my parcle", "voucher code",
           "courier delay", "exchange a size", "warranty", "refu"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = Project(tmp_path_factory.mktemp("scale") / "helpcenter")
    project.root.mkdir(parents=True)
    project.config.write_text(MKDOCS_YML.format(theme=THEME, settings="    languages: [en]"), encoding="utf-8")
    for i in range(80):
        topic, other = TOPICS[i % 8], TOPICS[(i * 3 + 1) % 8]
        project.write(f"en/{topic}/note-{i}.md", article(
            f"{topic.title()} question {i}",
            f"## About the {topic}\n\nEverything on {topic} number {i}, and a word on the {other}.\n\n"
            f"## More\n\nSee also {other} and {topic} help {i * 7}."))
    out = project.root / "site"
    build(project.config, out)
    # 80 short articles are a small site (the whole index is smaller than a sharded first query):
    # these tests split it on purpose; test_a_small_site_ships_the_whole_index covers the other way.
    stats = write_search_shards(out / "en", "en", whole="never")
    assert not stats.whole and stats.whole_gzip <= stats.sharded_least_gzip
    return out


def _results(site_lang: Path) -> list:
    with LunrSearch(site_lang) as search:
        return [[(h.location, round(h.score, 6)) for h in hits] for hits in search.hits_many(QUERIES)]


def test_the_split_never_changes_the_results(site):
    hc = site / "en" / "search" / "hc"
    meta = json.loads((hc / "meta.json").read_text())
    assert meta["docs"] == len(json.loads((site / "en/search/search_index.json").read_text())["docs"])
    assert len(list((hc / "p").glob("*.json"))) == len(meta["pages"])
    before = _results(site / "en")
    assert all(before[:4]) and before[4]
    stats = write_search_shards(site / "en", "en", shard_bytes=600, whole="never")
    try:
        assert stats.shards > len(meta["shards"]) and stats.shards >= 8
        assert _results(site / "en") == before
    finally:
        write_search_shards(site / "en", "en", whole="never")


def test_a_small_site_ships_the_whole_index(site):
    before = _results(site / "en")
    stats = write_search_shards(site / "en", "en")
    try:
        hc = site / "en" / "search" / "hc"
        assert stats.whole and sorted(p.name for p in hc.iterdir()) == ["setup.json"]
        setup = json.loads((hc / "setup.json").read_text())
        assert setup["config"]["hc"] == {"note": "Showing results for"} and len(setup["docs"]) == stats.docs
        assert _results(site / "en") == before
    finally:
        write_search_shards(site / "en", "en", whole="never")


def test_the_page_fetches_pieces_not_the_index(site):
    from playwright.sync_api import sync_playwright

    handler = partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
            page.goto(f"http://127.0.0.1:{server.server_port}/en/")
            page.evaluate("() => { const t = document.getElementById('__search'); if (!t.checked) t.click(); }")
            page.locator("[data-md-component=search-query]").focus()
            page.keyboard.type("refund")
            page.locator(".md-search-result__item").first.wait_for()
            first = page.locator(".md-search-result__item a").first.get_attribute("href")
            browser.close()
    finally:
        server.shutdown()
    assert "/refund/" in first
    paths = [u.split(f":{server.server_port}", 1)[1] for u, _ in fetched]
    assert "/en/search/search_index.json" not in paths
    assert "/en/search/hc/setup.json" in paths and "/en/search/hc/meta.json" in paths
    assert sum(1 for p in paths if p.startswith("/en/search/hc/p/")) <= 20
    # At 80 short articles the pieces are still ~2/3 of the whole index (20 page files); the
    # saving grows with the site (benchmarks/README.md: 150 KB against 2.3 MB at 3,000).
    search_bytes = sum(size for u, size in fetched if "/search/hc/" in u)
    assert search_bytes < (site / "en/search/search_index.json").stat().st_size
