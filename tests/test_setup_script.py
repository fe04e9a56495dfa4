"""The setup step's choice of an Odoo source: only Odoo 18.0 is accepted."""

import importlib.util

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def setup_script():
    spec = importlib.util.spec_from_file_location("setup_script", REPO / "scripts" / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _odoo_source(folder, version_info):
    (folder / "odoo").mkdir()
    (folder / "odoo" / "release.py").write_text(
        f"version_info = {version_info}\nversion = '{version_info[0]}.{version_info[1]}'\n"
    )
    return folder


def test_an_odoo_18_source_is_taken(setup_script, tmp_path, monkeypatch):
    source = _odoo_source(tmp_path, (18, 0, 0, "final", 0, ""))
    monkeypatch.setenv("RELANCE_ODOO_SOURCE", str(source))
    assert setup_script.fetch_source() == source.resolve()


@pytest.mark.parametrize(
    ("version_info", "found"),
    [((17, 0, 0, "final", 0, ""), "Odoo 17.0"), ((19, 0, 0, "final", 0, ""), "Odoo 19.0")],
)
def test_another_version_is_refused(setup_script, tmp_path, monkeypatch, version_info, found):
    monkeypatch.setenv("RELANCE_ODOO_SOURCE", str(_odoo_source(tmp_path, version_info)))
    with pytest.raises(SystemExit) as refused:
        setup_script.fetch_source()
    assert f"holds {found}; relance_avancee needs Odoo 18.0" in str(refused.value)


def test_a_folder_without_odoo_is_refused(setup_script, tmp_path, monkeypatch):
    monkeypatch.setenv("RELANCE_ODOO_SOURCE", str(tmp_path))
    with pytest.raises(SystemExit) as refused:
        setup_script.fetch_source()
    assert "holds no Odoo source" in str(refused.value)


def test_the_test_requirements_are_checked_by_version(setup_script):
    # This interpreter runs the tests: what it has installed satisfies the file.
    assert setup_script.missing_test_requirements() == []
