"""generator.site.workers: MkDocs' own reasons reach the user when it rejects a build."""

from __future__ import annotations

import pytest

from generator.commands import build
from generator.errors import BuildError
from tests.conftest import article


def test_mkdocs_configuration_errors_name_the_cause(make_project):
    project = make_project({"en/returns/how.md": article()})
    with project.config.open("a", encoding="utf-8") as handle:
        handle.write("markdown_extensions:\n  - no_such_extension_anywhere\n")
    with pytest.raises(BuildError) as caught:
        build(project.config, project.root / "site", jobs=1)
    assert str(caught.value) == (
        "en: error: MkDocs failed: Aborted with a configuration error! (Config value 'markdown_extensions': "
        "Failed to load extension 'no_such_extension_anywhere'. ModuleNotFoundError: No module named "
        "'no_such_extension_anywhere')")
    assert not (project.root / "site").exists()
