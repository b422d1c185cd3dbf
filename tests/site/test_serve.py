"""``helpcenter serve`` as a writer uses it: a real process on a free port, real HTTP, real edits."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.site.serve import languages_to_rebuild, parse_address
from generator.errors import HelpcenterError
from tests.conftest import article

FILES = {
    "en/returns/how.md": article("How do I return an item?", "Send it back within 30 days.",
                                 id="returns/how"),
    "es/devoluciones/como.md": article("¿Cómo devuelvo un artículo?", "Devuélvelo en 30 días.",
                                       id="returns/how"),
    "fr/retours/comment.md": article("Comment retourner un article ?", "Renvoyez-le sous 30 jours.",
                                     id="returns/how"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def preview(make_project):
    """A running ``helpcenter serve`` of a three-language project: (project, base URL, process)."""
    project = make_project(FILES)
    port = free_port()
    code = "from generator.cli import main; main()"
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--config", str(project.config), "--dev-addr",
                             f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"

    def up():
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.communicate()}")
        try:
            return get(base + "/", timeout=1)[0] == 200
        except OSError:
            return False

    wait_until(up, 90, "the preview to start")
    yield project, base, proc
    proc.terminate()
    proc.communicate(timeout=30)


def test_serve_shows_every_language_the_chooser_and_each_404(preview):
    project, base, _ = preview
    status, root = get(base + "/")
    assert status == 200 and 'hreflang="es"' in root and 'hreflang="fr"' in root
    for path, text in (("/en/returns/how/", "How do I return an item?"),
                       ("/es/devoluciones/como/", "¿Cómo devuelvo un artículo?"),
                       ("/fr/retours/comment/", "Comment retourner un article ?")):
        status, page = get(base + path)
        assert status == 200 and text in page
    status, missing = get(base + "/fr/nope/")
    assert status == 404 and '<html lang="fr"' in missing
    status, assets = get(base + "/es/assets/stylesheets/helpcenter.css")
    assert status == 200


def test_an_edit_is_rebuilt_and_announced(preview):
    project, base, _ = preview
    status, page = get(base + "/en/returns/how/")
    version = json.loads(get(base + "/__helpcenter/reload?v=0")[1])["version"]
    project.write("en/returns/how.md", article("How do I send an item back?", "Send it back within 30 days.",
                                               id="returns/how"))
    started = time.monotonic()
    wait_until(lambda: "How do I send an item back?" in get(base + "/en/returns/how/")[1], 30, "the edit")
    seconds = time.monotonic() - started
    assert json.loads(get(base + f"/__helpcenter/reload?v={version}")[1])["version"] > version
    assert seconds < 30
    # The other languages were not rebuilt for an English edit, and still serve.
    assert get(base + "/es/devoluciones/como/")[0] == 200


def test_a_broken_edit_keeps_the_last_good_pages(preview):
    project, base, proc = preview
    project.write("en/returns/index.md", "---\ntitle: [unclosed\n---\n")
    project.write("en/returns/how.md", article("Still here", "Text.", id="returns/how"))
    wait_until(lambda: "Still here" in get(base + "/en/returns/how/")[1], 30, "the good article")
    assert proc.poll() is None


def test_the_page_reloads_itself_in_the_browser(preview):
    from tests.site.test_browser import CHROMIUM, CHROMIUM_ARGS

    playwright = pytest.importorskip("playwright.sync_api")
    project, base, _ = preview
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "/en/returns/how/")
        assert "How do I return an item?" in page.title()
        project.write("en/returns/how.md", article("Returned by the browser", "Text.", id="returns/how"))
        page.wait_for_function("document.title.indexOf('Returned by the browser') >= 0", timeout=30_000)
        browser.close()


def test_languages_to_rebuild(tmp_path):
    content = tmp_path / "content"
    a, b, shared = content / "en" / "a.md", content / "es" / "b.md", content / "synonyms.yml"
    before = {a: (1, 1), b: (1, 1), shared: (1, 1)}
    assert languages_to_rebuild(before, dict(before), content, ["en", "es"]) == []
    assert languages_to_rebuild(before, {**before, a: (2, 1)}, content, ["en", "es"]) == ["en"]
    assert languages_to_rebuild(before, {**before, shared: (2, 1)}, content, ["en", "es"]) is None
    assert languages_to_rebuild(before, {a: (1, 1), b: (1, 1)}, content, ["en", "es"]) is None
    assert languages_to_rebuild(before, {**before, tmp_path / "mkdocs.yml": (1, 1)}, content, ["en"]) is None


def test_bad_dev_addr():
    with pytest.raises(HelpcenterError, match=r"^--dev-addr 'localhost' is not HOST:PORT, such as 127.0.0.1:8000$"):
        parse_address("localhost")
    assert parse_address("[::1]:8001") == ("::1", 8001)


def test_serve_leaves_no_working_files(preview):
    project, base, proc = preview
    proc.terminate()
    proc.communicate(timeout=30)
    assert not (Path(project.root) / ".helpcenter" / "serve").exists()
