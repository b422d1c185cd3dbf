"""generator.site.output: a build replaces only what it made, survives being killed, and runs one at a time.

Real builds of factory projects under tmp_path; the kill tests start ``helpcenter build`` as a
real process and send it SIGKILL or SIGTERM while MkDocs runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import generator
from generator.commands import build
from generator.errors import BuildError
from generator.reports import ReportError
from generator.site.output import MARKER, WORK_DIR, recover, swap_in
from tests.conftest import article

ARTICLES = {"en/returns/how.md": article(), "es/devoluciones/como.md": article("¿Cómo devuelvo un artículo?")}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def shop(make_project):
    return make_project(ARTICLES)


def refused(project, site_dir: Path) -> str:
    with pytest.raises(BuildError) as caught:
        build(project.config, site_dir, jobs=1)
    return str(caught.value)


# --------------------------------------------------------------------------- what may be replaced

def test_a_folder_of_photos_is_never_replaced(shop):
    photos = shop.root / "photos"
    photos.mkdir()
    (photos / "IMG_0001.jpg").write_bytes(b"\xff\xd8 a photo")
    before = snapshot(photos)
    message = refused(shop, photos)
    assert message.endswith("photos: error: refusing to replace this folder: it was not made by helpcenter build "
                            f"(it has no {MARKER} file) and is not empty; choose another --site-dir, or move its "
                            "files away")
    assert snapshot(photos) == before


def test_the_git_repository_is_never_replaced(shop):
    git = shop.root / ".git"
    git.mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert refused(shop, git).endswith("error: refusing to build into this folder: it is or holds the git "
                                       "repository; choose another --site-dir, such as site/")
    assert (git / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"


def test_another_repository_is_never_replaced(shop, tmp_path):
    other = tmp_path / "other-repo"
    (other / ".git").mkdir(parents=True)
    assert refused(shop, other).endswith("error: refusing to build into this folder: it is a git repository; "
                                         "choose another --site-dir, such as site/")
    assert (other / ".git").is_dir()


def test_the_package_is_never_replaced(shop):
    package = Path(generator.__file__).resolve().parent
    before = sorted(p.name for p in package.iterdir())
    assert refused(shop, package).endswith("error: refusing to build into this folder: it is or holds "
                                           "helpcenter's own code; choose another --site-dir, such as site/")
    assert sorted(p.name for p in package.iterdir()) == before


def test_a_parent_of_the_project_is_never_replaced(shop):
    assert refused(shop, shop.root.parent).endswith(
        "error: refusing to build into this folder: it is or holds your help center (mkdocs.yml); choose another "
        "--site-dir, such as site/")


def test_a_folder_inside_the_themes_is_refused(shop):
    themes = shop.root / "themes" / "out"
    assert "it lies inside the themes" in refused(shop, themes)
    assert not themes.exists()


def test_an_empty_folder_and_an_earlier_build_are_replaced(shop):
    empty = shop.root / "public"
    empty.mkdir()
    build(shop.config, empty, jobs=1)
    assert (empty / MARKER).is_file() and (empty / "en" / "index.html").is_file()
    (empty / "en" / "stale.html").write_text("from the earlier build", encoding="utf-8")
    build(shop.config, empty, jobs=1)
    assert not (empty / "en" / "stale.html").exists()


# --------------------------------------------------------------------------- crash safety

def test_the_working_folder_ignores_itself_and_is_emptied_after_a_build(shop):
    build(shop.config, shop.root / "site", jobs=1)
    work = shop.root / WORK_DIR
    assert (work / ".gitignore").read_text(encoding="utf-8").endswith("\n*\n")
    assert list((work / "work").iterdir()) == []
    assert sorted(p.name for p in shop.root.iterdir()) == [WORK_DIR, "content", "mkdocs.yml", "site"]


def test_a_build_removes_what_a_killed_build_left(shop):
    build(shop.config, shop.root / "site", jobs=1)
    leftover = shop.root / WORK_DIR / "work" / "build-killed"
    (leftover / "site" / "en").mkdir(parents=True)
    (leftover / "site" / "en" / "index.html").write_bytes(b"x" * 100_000)
    new = shop.root / ".site.helpcenter-new"
    new.mkdir()
    (new / MARKER).write_text("unfinished\n", encoding="utf-8")
    build(shop.config, shop.root / "site", jobs=1)
    assert not leftover.exists() and not new.exists()


def test_a_parked_site_is_restored_when_the_swap_was_interrupted(shop):
    site = shop.root / "site"
    build(shop.config, site, jobs=1)
    before = snapshot(site)
    site.rename(shop.root / ".site.helpcenter-previous")  # killed between the two renames
    recover(site)
    assert snapshot(site) == before
    assert not (shop.root / ".site.helpcenter-previous").exists()


def test_a_parked_site_is_removed_when_the_swap_had_finished(shop):
    site = shop.root / "site"
    build(shop.config, site, jobs=1)
    parked = shop.root / ".site.helpcenter-previous"
    parked.mkdir()
    (parked / MARKER).write_text("old\n", encoding="utf-8")
    build(shop.config, site, jobs=1)
    assert not parked.exists() and (site / "en" / "index.html").is_file()


def test_a_folder_that_merely_looks_parked_is_left_alone(shop):
    lookalike = shop.root / ".site.helpcenter-previous"
    lookalike.mkdir()
    (lookalike / "mine.txt").write_text("not helpcenter's", encoding="utf-8")
    build(shop.config, shop.root / "site", jobs=1)
    assert (lookalike / "mine.txt").read_text(encoding="utf-8") == "not helpcenter's"


def two_sites(folder: Path) -> tuple[Path, Path]:
    """An earlier build (``site``, page "old") and a finished new one (``new``, page "new")."""
    site, new = folder / "site", folder / "new"
    for path, text in ((site, "old"), (new, "new")):
        path.mkdir()
        (path / MARKER).write_text("\n", encoding="utf-8")
        (path / "index.html").write_text(text, encoding="utf-8")
    return site, new


def test_swap_keeps_one_complete_site_at_every_step(tmp_path):
    site, new = two_sites(tmp_path)
    swap_in(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_unwritable_report_folder_fails_the_build_before_the_swap(gap_project):
    project = gap_project()
    build(project.config, project.root / "site", jobs=1)
    before = snapshot(project.root / "site")
    reports = project.root / "reports"
    reports.write_text("a file where the report folder should be\n", encoding="utf-8")
    project.write("en/returns/late.md", article("A late article", "New."))
    with pytest.raises(ReportError) as caught:
        build(project.config, project.root / "site", jobs=1, tickets=[project.tickets])
    assert str(caught.value).endswith("reports: error: cannot write the gap reports here (File exists); make the "
                                      "folder writable, or set extra.helpcenter.reports_dir")
    assert snapshot(project.root / "site") == before


# --------------------------------------------------------------------------- real processes

def _big_shop(make_project, count: int = 150):
    files = {f"en/s{i % 5}/a{i}.md": article(f"Article number {i}", "Words. " * 200) for i in range(count)}
    files.update({f"es/s{i % 5}/a{i}.md": article(f"Artículo número {i}", "Palabras. " * 200) for i in range(count)})
    return make_project(files)


def _start_build(project, *args: str) -> subprocess.Popen:
    code = "from generator.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, "build", "--config", str(project.config), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        found.update(int(c) for c in children)
    return found


def _wait_for_workers(proc: subprocess.Popen, count: int, timeout: float = 60) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.05)
    raise AssertionError(f"the build did not start {count} workers: {proc.communicate()}")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_the_previous_site_and_no_workers(make_project, sig):
    project = _big_shop(make_project)
    site = project.root / "site"
    build(project.config, site, jobs=1)
    before = snapshot(site)
    project.write("en/s0/new.md", article("A new one", "New."))
    proc = _start_build(project, "--jobs", "2")
    workers = _wait_for_workers(proc, 2)
    time.sleep(0.5)
    proc.send_signal(sig)
    proc.communicate(timeout=120)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert [w for w in workers if _alive(w)] == []
    assert snapshot(site) == before
    leftovers = list((project.root / WORK_DIR / "work").iterdir())
    if sig == signal.SIGTERM:  # unwound: nothing left behind
        assert proc.returncode == 143 and leftovers == []
    build(project.config, site, jobs=1)  # the next build cleans up after a SIGKILL
    assert list((project.root / WORK_DIR / "work").iterdir()) == []
    assert "en/s0/new/index.html" in snapshot(site)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="flock")
def test_two_builds_at_once_take_turns(make_project):
    project = _big_shop(make_project, count=40)
    first = _start_build(project, "--jobs", "1")
    time.sleep(0.3)
    second = _start_build(project, "--jobs", "1")
    outputs = {}
    threads = [threading.Thread(target=lambda p=p: outputs.__setitem__(p.pid, p.communicate(timeout=180)))
               for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (first.returncode, second.returncode) == (0, 0), outputs
    assert (project.root / "site" / MARKER).is_file()
    assert list((project.root / WORK_DIR / "work").iterdir()) == []
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site.")]


def test_workers_get_the_parent_death_signal():
    """The initializer asks the kernel for SIGKILL when the parent dies (prctl PR_GET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    import ctypes

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        from generator.processes import die_with_parent

        die_with_parent(os.getppid())
        libc = ctypes.CDLL("libc.so.6")
        value = ctypes.c_int()
        libc.prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
        os.write(write, str(value.value).encode())
        os._exit(0)
    os.close(write)
    got = os.read(read, 16)
    os.waitpid(pid, 0)
    assert int(got) == signal.SIGKILL


def test_swap_without_an_atomic_exchange_parks_the_old_site(tmp_path, monkeypatch):
    """Where the system has no renameat2 (macOS, some file systems), the old site is parked, then removed."""
    import generator.site.output as output

    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    site, new = two_sites(tmp_path)
    swap_in(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
