"""Content stays inside content/: symbolic links out of it, and names that differ only in case.

The old code published a linked file from anywhere (``leak.md -> ~/secret.md``), silently loaded
``Returns.md`` beside ``returns.md`` (one file on macOS and Windows), and crashed with
``RuntimeError: Symlink loop`` on a link loop.
"""

from __future__ import annotations

import os

from generator.project.content import check_content, load_content
from tests.conftest import article

OUTSIDE = "it is not read or published. Move or copy what it points to into content/ instead of linking to it"


def load(project):
    return load_content(project.content, project_root=project.root, git_dates=False)


def shown(problems) -> list[str]:
    return [str(p) for p in problems]


def test_linked_article_outside_content_is_an_error_and_not_published(make_project, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(article("Secret", "Top secret."), encoding="utf-8")
    project = make_project({"en/returns/a.md": article()})
    (project.content / "en/returns/leak.md").symlink_to(secret)
    content = load(project)
    assert shown(content.problems) == [
        f"content/en/returns/leak.md: error: symbolic link to {secret}, outside content/; {OUTSIDE}"]
    assert [a.slug for a in content.articles()] == ["a"]


def test_linked_folders_and_images_outside_content_are_errors(make_project, tmp_path):
    (tmp_path / "elsewhere/returns").mkdir(parents=True)
    (tmp_path / "elsewhere/returns/x.md").write_text(article("Outside"), encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    project = make_project({"en/returns/a.md": article()})
    (project.content / "fr").symlink_to(tmp_path / "elsewhere")  # a language folder
    (project.content / "en/shipping").symlink_to(tmp_path / "elsewhere/returns")  # a section folder
    (project.content / "en/returns/logo.png").symlink_to(tmp_path / "logo.png")  # an asset
    content = load(project)
    assert sorted(shown(content.problems)) == [
        f"content/en/returns/logo.png: error: symbolic link to {tmp_path / 'logo.png'}, outside content/; {OUTSIDE}",
        f"content/en/shipping: error: symbolic link to {tmp_path / 'elsewhere/returns'}, outside content/; {OUTSIDE}",
        f"content/fr: error: symbolic link to {tmp_path / 'elsewhere'}, outside content/; {OUTSIDE}",
    ]
    assert list(content.languages) == ["en"]
    assert content.languages["en"].assets == []
    assert [a.source for a in content.articles()] == ["content/en/returns/a.md"]


def test_links_inside_content_are_followed(make_project):
    project = make_project({"en/returns/a.md": article("Return"), "es/returns/b.md": article("Devolver")})
    (project.content / "es/returns/a.md").symlink_to(os.path.relpath(project.content / "en/returns/a.md",
                                                                     project.content / "es/returns"))
    content = load(project)
    assert [p for p in content.problems if p.is_error] == []
    assert sorted(a.source for a in content.articles("es")) == ["content/es/returns/a.md", "content/es/returns/b.md"]


def test_a_content_folder_that_is_itself_a_link_is_fine(make_project, tmp_path):
    real = make_project({"en/returns/a.md": article()}, root=tmp_path / "real")
    (tmp_path / "site").mkdir()
    (tmp_path / "site/content").symlink_to(real.content)
    content = load_content(tmp_path / "site/content", project_root=tmp_path / "site", git_dates=False)
    assert content.problems == [] and len(content.articles()) == 1


def test_symlink_loops_are_problems_not_crashes(make_project):
    project = make_project({"en/returns/a.md": article("A", "See ![loop](img/loop.png).")})
    (project.content / "en/returns/loop.md").symlink_to("loop2.md")
    (project.content / "en/returns/loop2.md").symlink_to("loop.md")
    (project.content / "en/returns/img").mkdir()
    (project.content / "en/returns/img/loop.png").symlink_to("loop.png")
    content = load(project)
    assert shown(check_content(content, project.root)) == [
        "content/en/returns/a.md:5: error: image target 'img/loop.png' does not exist; add the file or fix the "
        "path, relative to this article",
        "content/en/returns/img/loop.png: error: cannot read the file: Too many levels of symbolic links",
        "content/en/returns/loop.md: error: cannot read the file: Too many levels of symbolic links",
        "content/en/returns/loop2.md: error: cannot read the file: Too many levels of symbolic links",
    ]


def test_files_differing_only_in_case_are_an_error_naming_both(make_project):
    project = make_project({"en/returns/Returns.md": article("Big"), "en/returns/returns.md": article("Small")})
    content = load(project)
    assert shown(content.problems) == [
        "content/en/returns/returns.md: error: the name differs only in case from content/en/returns/Returns.md; "
        "the two are one file on macOS and Windows, so rename one or merge them"]
    assert [a.title for a in content.articles()] == ["Big"]


def test_folders_differing_only_in_case_are_an_error_naming_both(make_project):
    project = make_project({"en/Returns/a.md": article("A"), "en/returns/b.md": article("B"),
                            "en/faq/img/Logo.png": b"1", "en/faq/img/logo.PNG": b"2", "en/faq/c.md": article("C")})
    content = load(project)
    assert sorted(shown(content.problems)) == [
        "content/en/faq/img/logo.PNG: error: the name differs only in case from content/en/faq/img/Logo.png; the two "
        "are one file on macOS and Windows, so rename one or merge them",
        "content/en/returns: error: the name differs only in case from content/en/Returns; the two are one folder "
        "on macOS and Windows, so rename one or merge them",
    ]
    assert sorted(a.title for a in content.articles()) == ["A", "C"]


def test_names_differing_only_in_unicode_form_collide_too(make_project):
    composed, decomposed = "caf\u00e9", "cafe\u0301"  # one name on macOS
    project = make_project({f"en/faq/{composed}.png": b"1", f"en/faq/{decomposed}.png": b"2", "en/faq/a.md": article()})
    assert [p.code for p in load(project).problems] == ["case-collision"]
