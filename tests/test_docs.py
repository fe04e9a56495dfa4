"""The documentation a newcomer reads: a short README with the two commands on its
first screen, guides in ``docs/`` that it links to, and no file named that is not in
the tree."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.rst"))
# Paths a guide names that are made when the addon runs, not kept in the repository.
MADE_AT_RUN_TIME = {"demo-output/", ".test-logs/", ".test-logs/processes/", "documents/"}


def _tree_names():
    return {
        path.name
        for path in ROOT.rglob("*")
        if not {".git", ".test-logs", "node_modules"} & set(path.parts)
    }


def _named_paths(text):
    """The file and folder paths a page names as literals (``models/x.py``)."""
    for token in re.findall(r"``([^`\s]+)``", text):
        if "<" in token or token.startswith(("_", ".", "odoo/")):
            # A placeholder (<version>), a name's suffix (_check.py), an extension or
            # a path inside Odoo's own installation.
            if token not in MADE_AT_RUN_TIME:
                continue
        if re.search(r"\.(py|xml|csv|rst|md|js|scss|po|pot)$", token) or token.endswith("/"):
            yield token


@pytest.mark.parametrize("page", [ROOT / "README.rst", *PAGES], ids=lambda path: path.name)
def test_page_names_only_files_that_exist(page):
    names = _tree_names()
    missing = []
    for token in _named_paths(page.read_text()):
        if token in MADE_AT_RUN_TIME:
            continue
        path = token.rstrip("/")
        if "/" in path:
            found = (ROOT / path).exists() or any(
                (folder / path).exists() for folder in ROOT.iterdir() if folder.is_dir()
            )
        else:
            found = path in names
        if not found:
            missing.append(token)
    assert not missing, f"{page.name} names files that are not in the tree: {missing}"


def test_readme_is_short_with_the_two_commands_first():
    lines = (ROOT / "README.rst").read_text().splitlines()
    assert len(lines) <= 250, f"README.rst has {len(lines)} lines: move the detail to docs/"
    first_screen = "\n".join(lines[:45])
    assert "python3 scripts/run_demo.py" in first_screen
    assert "python3 scripts/run_tests.py" in first_screen


def test_every_guide_is_linked_from_the_readme():
    readme = (ROOT / "README.rst").read_text()
    unlinked = [page.name for page in PAGES if f"<docs/{page.name}>" not in readme]
    assert not unlinked, f"guides the README does not link to: {unlinked}"


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_guide_is_valid_restructuredtext(page):
    import docutils.core

    docutils.core.publish_string(
        page.read_text(),
        writer_name="null",
        settings_overrides={"report_level": 2, "halt_level": 2, "warning_stream": False},
    )
