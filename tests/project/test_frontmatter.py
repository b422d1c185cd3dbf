"""generator.frontmatter: ``categories`` set in place, every other byte of the file kept.

Each case writes a real file, edits it with ``write_categories`` and compares the bytes on disk
with the original bytes plus (or minus) exactly the edited text, spelled out by hand.
"""

from __future__ import annotations

import os
import stat

import pytest

from generator.project.content import load_content
from generator.project.frontmatter import FrontMatterEditError, set_categories, write_categories
from tests.conftest import article

RR = ["returns", "refunds"]


def edit(tmp_path, data: bytes, categories=RR, replace=False, name="article.md") -> bytes:
    """Write ``data`` to a file, set its categories, and return the file's new bytes."""
    path = tmp_path / name
    path.write_bytes(data)
    changed = write_categories(path, categories, replace=replace)
    new = path.read_bytes()
    assert changed == (new != data)
    return new


# --------------------------------------------------------------------------- inserting the key

def test_inserts_one_line_before_the_closing_line(tmp_path):
    head = b"---\ntitle: How do I return an item?\nsummary: Within 30 days.\n"
    tail = b"---\n\nStart with the answer.\n"
    assert edit(tmp_path, head + tail) == head + b"categories: [returns, refunds]\n" + tail


def test_comments_in_front_matter_stay_where_they_are(tmp_path):
    head = (b"---\n"
            b"# note: reviewed by Ana\n"
            b"title: How do I return an item?   # keep it short\n"
            b"\n"
            b"tags: [labels]  # note\n"
            b"# trailing note\n")
    tail = b"---\nBody.\n"
    assert edit(tmp_path, head + tail) == head + b"categories: [returns, refunds]\n" + tail


@pytest.mark.parametrize("title", [
    b"title: 'It''s \"quoted\": yes'\n",
    b'title: "a: b"\n',
    b'title: "tab\\there \\u00e9"\n',
    b"title: plain # not part of the title\n",
])
def test_odd_quoting_is_left_as_written(tmp_path, title):
    tail = b"---\n\nText.\n"
    assert edit(tmp_path, b"---\n" + title + tail) == b"---\n" + title + b"categories: [returns, refunds]\n" + tail


@pytest.mark.parametrize("scalar", [
    b"summary: >\n  folded\n  text\n",
    b"summary: |\n  literal\n    indented\n  text\n",
    b"summary: |+\n  kept\n\n",
    b"summary: >-\n  stripped\n  text\n\n\n",
])
def test_block_scalars_keep_their_text(tmp_path, scalar):
    head = b"---\ntitle: Returns\n" + scalar
    tail = b"---\nBody.\n"
    new = edit(tmp_path, head + tail)
    assert new == head + b"categories: [returns, refunds]\n" + tail


def test_crlf_file_gets_crlf_and_nothing_else_changes(tmp_path):
    head = b"---\r\ntitle: Returns\r\nsummary: >\r\n  folded\r\n  text\r\n"
    tail = b"---\r\n\r\nLine one.\r\nLine two.\r\n"
    new = edit(tmp_path, head + tail)
    assert new == head + b"categories: [returns, refunds]\r\n" + tail
    assert new.count(b"\n") == new.count(b"\r\n")


def test_crlf_file_without_front_matter_gets_crlf_front_matter(tmp_path):
    body = b"Just text.\r\nMore.\r\n"
    assert edit(tmp_path, body) == b"---\r\ncategories: [returns, refunds]\r\n---\r\n" + body


def test_old_mac_line_endings_are_kept(tmp_path):
    head = b"---\rtitle: Returns\r"
    tail = b"---\rBody.\r"
    assert edit(tmp_path, head + tail) == head + b"categories: [returns, refunds]\r" + tail


def test_byte_order_mark_stays_first(tmp_path):
    head = b"\xef\xbb\xbf---\ntitle: Devoluciones\n"
    tail = b"---\nTexto.\n"
    assert edit(tmp_path, head + tail) == head + b"categories: [returns, refunds]\n" + tail


def test_byte_order_mark_and_crlf(tmp_path):
    head = b"\xef\xbb\xbf---\r\ntitle: Devoluciones\r\n"
    tail = b"---\r\n"
    assert edit(tmp_path, head + tail) == head + b"categories: [returns, refunds]\r\n" + tail


def test_no_newline_after_the_closing_line(tmp_path):
    head = b"---\ntitle: Returns\n"
    assert edit(tmp_path, head + b"---") == head + b"categories: [returns, refunds]\n---"
    assert edit(tmp_path, head + b"---\nBody without newline") == (
        head + b"categories: [returns, refunds]\n---\nBody without newline")


def test_closing_line_with_dots_or_trailing_spaces(tmp_path):
    head = b"---\ntitle: Returns\n"
    assert edit(tmp_path, head + b"...\nBody\n") == head + b"categories: [returns, refunds]\n...\nBody\n"
    assert edit(tmp_path, head + b"---  \nBody\n") == head + b"categories: [returns, refunds]\n---  \nBody\n"


def test_body_with_dash_lines_is_not_touched(tmp_path):
    head = b"---\ntitle: Returns\n"
    tail = b"---\n\nIntro\n\n---\n\ncategories: [fake]\n---\ntitle: not front matter\n---\n"
    assert edit(tmp_path, head + tail) == head + b"categories: [returns, refunds]\n" + tail


def test_unicode_title_and_ids(tmp_path):
    head = "---\ntitle: ¿Cómo devuelvo un artículo? 🎁 — «retour» 返品\n".encode()
    tail = "---\n\nÉtape 1.\n".encode()
    new = edit(tmp_path, head + tail, ["retours_é", "返品"])
    assert new == head + "categories: [retours_é, 返品]\n".encode() + tail


def test_empty_front_matter(tmp_path):
    assert edit(tmp_path, b"---\n---\nBody\n") == b"---\ncategories: [returns, refunds]\n---\nBody\n"
    assert edit(tmp_path, b"---\n# only a comment\n---\n") == (
        b"---\n# only a comment\ncategories: [returns, refunds]\n---\n")


def test_a_nested_categories_key_is_not_the_article_s(tmp_path):
    head = b"---\ntitle: T\nextra:\n  categories: []\n"
    assert edit(tmp_path, head + b"---\n") == head + b"categories: [returns, refunds]\n---\n"


def test_indented_keys_get_an_indented_line(tmp_path):
    head = b"---\n  title: Returns\n  tags: [a]\n"
    assert edit(tmp_path, head + b"---\n") == head + b"  categories: [returns, refunds]\n---\n"


def test_no_front_matter_prepends_one(tmp_path):
    assert edit(tmp_path, b"# Returns\n\nText.\n") == b"---\ncategories: [returns, refunds]\n---\n# Returns\n\nText.\n"
    assert edit(tmp_path, b"\xef\xbb\xbfText") == b"\xef\xbb\xbf---\ncategories: [returns, refunds]\n---\nText"
    assert edit(tmp_path, b"") == b"---\ncategories: [returns, refunds]\n---\n"


def test_ids_are_quoted_only_where_yaml_needs_it(tmp_path):
    ids = ["returns", "yes", "123", "null", "a: b", "gift_wrap", "x, y", "#tag", "it's"]
    head = b"---\ntitle: T\n"
    new = edit(tmp_path, head + b"---\n", ids)
    assert new == head + b"categories: [returns, 'yes', '123', 'null', 'a: b', gift_wrap, 'x, y', '#tag', it's]\n---\n"


# --------------------------------------------------------------------------- an existing key

@pytest.mark.parametrize("before, after", [
    (b"categories: []\n", b"categories: [returns, refunds]\n"),
    (b"categories: []  # fill me\n", b"categories: [returns, refunds]  # fill me\n"),
    (b"categories: [ ]\n", b"categories: [returns, refunds]\n"),
    (b"categories: ~\n", b"categories: [returns, refunds]\n"),
    (b"categories: null # later\n", b"categories: [returns, refunds] # later\n"),
    (b"categories: ''\n", b"categories: [returns, refunds]\n"),
    (b"categories:\n", b"categories: [returns, refunds]\n"),
    (b"categories:   # todo\n", b"categories: [returns, refunds]   # todo\n"),
    (b"categories: [\n]\n", b"categories: [returns, refunds]\n"),
    (b"categories:\n  - ''\n", b"categories: [returns, refunds]\n"),
])
def test_empty_categories_value_is_replaced(tmp_path, before, after):
    head = b"---\ntitle: Returns\n"
    tail = b"tags: [labels]\n---\nBody\n"
    assert edit(tmp_path, head + before + tail) == head + after + tail


def test_empty_categories_key_as_last_line_and_crlf(tmp_path):
    head = b"---\r\ntitle: Returns\r\n"
    assert edit(tmp_path, head + b"categories:  # x\r\n---\r\n") == (
        head + b"categories: [returns, refunds]  # x\r\n---\r\n")


def test_existing_categories_are_untouched(tmp_path):
    for data in (b"---\ntitle: T\ncategories: [shipping]\n---\n",
                 b"---\ntitle: T\ncategories:\n  - shipping\n---\n",
                 b"---\ntitle: T\ncategories: shipping\n---\n"):
        assert edit(tmp_path, data) == data
        assert set_categories(data, RR) is data


def test_same_categories_is_no_change_even_with_replace(tmp_path):
    data = b"---\ntitle: T\ncategories:\n- returns   # odd\n- refunds\n---\n"
    assert edit(tmp_path, data, replace=True) == data


def test_second_run_changes_nothing(tmp_path):
    once = edit(tmp_path, b"---\ntitle: T\n---\n")
    assert set_categories(once, RR) is once
    assert set_categories(once, RR, replace=True) is once


def test_replace_swaps_a_flow_list(tmp_path):
    head = b"---\ntitle: T\n"
    tail = b"tags: [a]\n---\n"
    assert edit(tmp_path, head + b"categories: [shipping, 'yes']  # by hand\n" + tail, replace=True) == (
        head + b"categories: [returns, refunds]  # by hand\n" + tail)


def test_replace_swaps_a_block_list_for_a_flow_list(tmp_path):
    head = b"---\ntitle: T\n"
    tail = b"# after the list\ntags: [a]\n---\nBody\n"
    data = head + b"categories:   # picked by hand\n  - shipping\n  # between\n  - returns  # this one\n" + tail
    assert edit(tmp_path, data, replace=True) == head + b"categories: [returns, refunds]   # picked by hand\n" + tail


def test_replace_block_list_keeps_a_comment_above_the_items(tmp_path):
    head = b"---\r\ntitle: T\r\ncategories:\r\n  # chosen in 2025\r\n"
    data = head + b"- shipping\r\n- returns\r\n---\r\n"
    assert edit(tmp_path, data, replace=True) == (
        b"---\r\ntitle: T\r\ncategories: [returns, refunds]\r\n  # chosen in 2025\r\n---\r\n")


def test_replace_a_multi_line_flow_list(tmp_path):
    head = b"---\ntitle: T\n"
    data = head + b"categories: [shipping,\n  returns] # x\nz: 1\n---\n"
    assert edit(tmp_path, data, replace=True) == head + b"categories: [returns, refunds] # x\nz: 1\n---\n"


def test_replace_with_no_ids_writes_an_empty_list(tmp_path):
    data = b"---\ntitle: T\ncategories: [shipping]\n---\n"
    assert edit(tmp_path, data, [], replace=True) == b"---\ntitle: T\ncategories: []\n---\n"
    assert set_categories(b"---\ntitle: T\n---\n", []) == b"---\ntitle: T\ncategories: []\n---\n"
    for empty in (b"---\ntitle: T\ncategories:\n---\n", b"---\ntitle: T\ncategories: []\n---\n"):
        assert set_categories(empty, [], replace=True) is empty  # already names no category


# --------------------------------------------------------------------------- what helpcenter check reads

def test_the_edited_article_loads_with_its_categories(make_project):
    project = make_project({"en/returns/how-to-return.md": article(
        "'It''s \"quoted\": yes'", "Body\n\n---\n\nMore.", summary="'a: b'", tags="[labels]")})
    path = project.content / "en/returns/how-to-return.md"
    before = path.read_bytes()
    assert write_categories(path, RR)
    content = load_content(project.content, project_root=project.root, git_dates=False)
    assert content.problems == []
    [a] = content.articles()
    assert (a.title, a.summary, a.categories, a.tags) == ('It\'s "quoted": yes', "a: b", RR, ["labels"])
    assert a.body == "\nBody\n\n---\n\nMore.\n"
    assert path.read_bytes() == before.replace(b"\n---\n\nBody", b"\ncategories: [returns, refunds]\n---\n\nBody")


# --------------------------------------------------------------------------- refusals

@pytest.mark.parametrize("data, line, message", [
    (b"---\ntitle: T\nBody\n", 1, "front matter is not closed; add a line with --- after the last setting"),
    (b"---", 1, "front matter is not closed; add a line with --- after the last setting"),
    (b"---\ntitle: [oops\n---\n", 3, "invalid YAML in front matter: did not find expected ',' or ']'; fix it "
     "(helpcenter check shows where) before adding categories"),
    (b"---\n- a\n- b\n---\n", 2, "front matter must be a mapping of `key: value` lines, not a list; fix it before "
     "adding categories"),
    (b"---\n{title: T}\n---\n", 2, "front matter is written as one {...} mapping; write one `key: value` per "
     "line, or add `categories: [returns, refunds]` by hand"),
    (b"---\ntitle: T\ncategories: []\ntags: []\ncategories: ~\n---\n", 5,
     "front matter has 'categories' twice (lines 3 and 5); keep one and run again"),
    (b"---\ntitle: T\xe9\n---\n", 2, "not valid UTF-8 (byte 0xe9); re-save the file as UTF-8"),
    (b"---\ntitle: T\ncategories: &none []\ntags: *none\n---\n", 3,
     "YAML anchor &none in front matter; anchors and aliases have no use here, write the value out in full before "
     "adding categories"),
    (b"---\ntitle: T\ntags: " + b"[" * 51 + b"]" * 51 + b"\n---\n", 3,
     "YAML nested more than 50 levels deep; flatten it before adding categories"),
])
def test_unsafe_edits_raise_and_leave_the_file_alone(tmp_path, data, line, message):
    path = tmp_path / "article.md"
    path.write_bytes(data)
    with pytest.raises(FrontMatterEditError) as caught:
        write_categories(path, RR)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.line, str(caught.value)) == (line, message)
    assert path.read_bytes() == data
    assert os.listdir(tmp_path) == ["article.md"]


def test_front_matter_with_aliases_is_refused_as_check_refuses_it(tmp_path):
    """An alias "bomb" would take minutes and gigabytes to compare before and after the edit."""
    bomb = "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    data = f"---\ntitle: T\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n{bomb}---\n".encode()
    for replace in (False, True):
        with pytest.raises(FrontMatterEditError) as caught:
            set_categories(data, RR, replace=replace)
        assert (caught.value.line, str(caught.value)) == (
            3, "YAML anchor &a in front matter; anchors and aliases have no use here, write the value out in full "
            "before adding categories")


def test_bad_ids_are_refused():
    with pytest.raises(TypeError):
        set_categories(b"---\ntitle: T\n---\n", "returns")
    with pytest.raises(ValueError, match="'two\\\\nlines' is not a category id"):
        set_categories(b"---\ntitle: T\n---\n", ["two\nlines"])
    with pytest.raises(ValueError, match="'' is not a category id"):
        set_categories(b"---\ntitle: T\n---\n", [""])


# --------------------------------------------------------------------------- the atomic write

def test_write_keeps_the_mode_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "article.md"
    path.write_bytes(b"---\ntitle: T\n---\n")
    path.chmod(0o640)
    inode = path.stat().st_ino
    assert write_categories(path, RR) is True
    assert path.read_bytes() == b"---\ntitle: T\ncategories: [returns, refunds]\n---\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # replaced, not rewritten in place
    assert os.listdir(tmp_path) == ["article.md"]


def test_unchanged_file_is_not_written(tmp_path):
    path = tmp_path / "article.md"
    path.write_bytes(b"---\ntitle: T\ncategories: [shipping]\n---\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    inode = path.stat().st_ino
    assert write_categories(path, RR) is False
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (inode, 1_000_000_000)
    assert os.listdir(tmp_path) == ["article.md"]


def test_write_through_a_symlink_rewrites_its_target(tmp_path):
    target = tmp_path / "real.md"
    target.write_bytes(b"---\ntitle: T\n---\n")
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    assert write_categories(link, RR)
    assert link.is_symlink()
    assert target.read_bytes() == b"---\ntitle: T\ncategories: [returns, refunds]\n---\n"
    assert sorted(os.listdir(tmp_path)) == ["link.md", "real.md"]


def test_failed_write_leaves_the_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "article.md"
    path.write_bytes(b"---\ntitle: T\n---\n")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)  # the one step that can't be made to fail for root
    with pytest.raises(PermissionError):
        write_categories(path, RR)
    assert path.read_bytes() == b"---\ntitle: T\n---\n"
    assert os.listdir(tmp_path) == ["article.md"]
