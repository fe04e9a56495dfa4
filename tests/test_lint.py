"""Lint: ruff (style, imports, common bugs) and pylint-odoo (Odoo and OCA conventions)."""

import subprocess
import sys

from conftest import ADDONS, REPO


def _run(*command):
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_check():
    result = _run(sys.executable, "-m", "ruff", "check", "--output-format=concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = _run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_pylint_odoo():
    addons = [str(addon) for addon in ADDONS]
    result = _run(
        sys.executable,
        "-m",
        "pylint",
        "--rcfile",
        str(REPO / ".pylintrc"),
        # Why: .pylintrc, above [MESSAGES CONTROL].
        "--disable=consider-merging-classes-inherited",
        *addons,
    )
    assert result.returncode == 0, result.stdout + result.stderr
