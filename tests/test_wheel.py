"""The addon builds as an OCA-style wheel, the way README.rst tells to install it."""

import subprocess
import sys
import zipfile

from conftest import ADDON


def test_wheel_builds_with_the_addon_inside(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ADDON),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith("odoo_addon_relance_avancee-18.0.")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith("METADATA"))
    assert "odoo/addons/relance_avancee/__manifest__.py" in names
    assert "odoo/addons/relance_avancee/engine/ladder.py" in names
    assert "odoo/addons/relance_avancee/i18n/fr.po" in names
    assert "Name: odoo-addon-relance_avancee" in metadata
    assert "Requires-Dist: odoo==18.0.*" in metadata
