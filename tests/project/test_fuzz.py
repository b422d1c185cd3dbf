"""Fuzzing with Hypothesis: YAML-ish front matter through the content loader and through ``tag --write``.

The content loader may only report :class:`Problem` s (or raise :class:`HelpcenterError`), never
another exception and never hang; ``set_categories`` either refuses (FrontMatterEditError /
ValueError) or changes nothing but ``categories``. Each example runs under a few-second alarm, so a
hang fails the test instead of stalling it.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import signal

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import HelpcenterError, Problem
from generator.project.content import check_content, load_content, split_front_matter
from generator.project.frontmatter import FrontMatterEditError, set_categories
from generator.yamlio import EditLoader

KEYS = ["title", "id", "summary", "categories", "tags", "updated", "search_aliases", "promoted", "hide", "order",
        "icon", "x", "<<", "1", "null", "__lines__", "? a", "- ", "", "Title", "categories "]
ATOMS = ["", " ", "x", "How do I?", "'q'", "'it''s'", '"d\\n"', '"\\u00e9"', "[", "]", "{", "}", ",", ":", ": ",
         "- ", " #c", "&a ", "*a", "&b [1]", "*b", "!!binary ", "!!set ", "!!omap ", "!!python/object:os.system ",
         "!ENV ", "!!int ", "!!str ", "2026-10-20", "2026-13-45", "2026-01-01 10:00:00 +99:99", "1" * 60, "9" * 120,
         "1:2:3", "0x1F", "0o7", ".inf", "1e400", "~", "yes", "no", "|", ">-", "|+", "\t", "\r", "\ufeff", "é",
         "\u2028", "---", "...", "%YAML 1.1", "? ", "\\", "\x00", "\x07", "<<: ", "{a: 1, a: 2}", "[a, [b, [c]]]",
         "a: b", "returns", "[returns, refunds]", "AA=="]
INDENTS = ["", " ", "  ", "    ", "\t"]

line = st.builds(lambda indent, key, sep, atoms: indent + key + sep + "".join(atoms),
                 st.sampled_from(INDENTS), st.sampled_from(KEYS), st.sampled_from([": ", ":", " ", ""]),
                 st.lists(st.sampled_from(ATOMS), max_size=6))
yamlish = st.lists(line, max_size=12).map("\n".join)
front_matter = st.one_of(yamlish, yamlish, st.text(max_size=120))
#: A whole file: front matter between --- lines (or not), a body, and line endings, BOM or bad bytes.
file_bytes = st.builds(
    lambda fm, fenced, body, eol, bom, tail: (bom + ("---\n" + fm + "\n---\n" if fenced else fm + "\n") + body)
    .replace("\n", eol).encode("utf-8", "surrogatepass") + tail,
    front_matter, st.booleans(), st.sampled_from(["", "\nBody [link](x.md) ![i](i.png)\n", "Body\n---\nmore"]),
    st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["", "\ufeff"]), st.sampled_from([b"", b"\xff"]))

#: A few seconds per test; ``HELPCENTER_FUZZ_EXAMPLES=5000`` fuzzes longer.
BOUNDED = settings(max_examples=int(os.environ.get("HELPCENTER_FUZZ_EXAMPLES", "150")), deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])


class Hang(Exception):
    """An example ran longer than its alarm."""


@contextlib.contextmanager
def alarm(seconds: float):
    def ring(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@BOUNDED
@given(data=file_bytes)
def test_content_loader_reports_problems_and_nothing_else(make_project, data):
    project = make_project({"en/faq/index.md": data, "en/faq/a.md": data})
    with alarm(5):
        try:
            content = load_content(project.content, project_root=project.root, git_dates=False)
            problems = check_content(content, project.root, {"returns", "refunds"})
        except HelpcenterError:
            return
    assert all(isinstance(p, Problem) and p.level in ("error", "warning", "note", "info") for p in problems)
    for problem in problems:
        str(problem)  # every problem prints


CATEGORIES = st.lists(st.sampled_from(["returns", "refunds", "yes", "123", "a b", "x: y", "é", "[x]", "#c"]),
                      max_size=3)


def _parts(data: bytes) -> tuple[dict | None, str]:
    """``(front matter as the edit check reads it, body)`` of a file's bytes."""
    text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    raw, body, _ = split_front_matter(text)
    value = yaml.load(raw, Loader=EditLoader) if raw else None  # noqa: S506 - a SafeLoader
    return (value or {}), body


@BOUNDED
@given(data=file_bytes, categories=CATEGORIES, replace=st.booleans())
def test_set_categories_refuses_or_changes_only_the_categories(data, categories, replace):
    with alarm(5):
        try:
            new = set_categories(data, categories, replace=replace)
        except (FrontMatterEditError, ValueError):
            return
    if new is data:
        return  # nothing to change
    before, body_before = _parts(data)
    after, body_after = _parts(new)
    assert after["categories"] == categories
    assert {k: v for k, v in after.items() if k != "categories"} == {
        k: v for k, v in before.items() if k != "categories"}
    assert body_after == body_before
    bom = b"\xef\xbb\xbf"  # stays first: in a file without front matter the new one comes after it
    old_lines, new_lines = data.removeprefix(bom).splitlines(True), new.removeprefix(bom).splitlines(True)
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag != "equal":
            assert b"categories" in b"".join(new_lines[j1:j2]) or j1 == j2, (old_lines, new_lines)
