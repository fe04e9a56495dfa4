#!/usr/bin/env python3
"""Regenerate each addon's ``i18n/<addon>.pot`` and merge it into its ``fr.po``.

Installs the addon (without demo data) into a throw-away database on the Odoo 18 that
``python3`` imports, exports its terms, then merges them into the French catalogue:
new terms arrive untranslated (the pytest suite fails until they are translated),
terms gone from the code are dropped.

Usage: python3 scripts/export_pot.py
"""

import subprocess
import sys
import uuid
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env


def main():
    odoo_env.require_odoo()
    database = f"relance_pot_{uuid.uuid4().hex[:8]}"
    try:
        # The addon alone first, as a company without Sales has it; then each bridge
        # (which installs the app it bridges to) in the same database.
        odoo_env.install(database, "--without-demo", "all")
        export(database, odoo_env.MODULE)
        for bridge in odoo_env.BRIDGES:
            odoo_env.run_odoo(database, "-i", bridge, "--without-demo", "all")
            export(database, bridge)
    finally:
        odoo_env.drop_database(database)


def export(database, module):
    """Export ``module``'s terms into its .pot and merge them into its fr.po."""
    i18n = odoo_env.REPO / module / "i18n"
    i18n.mkdir(exist_ok=True)
    pot_path = i18n / f"{module}.pot"
    subprocess.run(odoo_env.export_pot_command(database, pot_path, module), check=True)
    po_path = i18n / "fr.po"
    po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    po.metadata.update(
        {
            "Project-Id-Version": "Odoo Server 18.0",
            "Language": "fr",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "",
            "Plural-Forms": "nplurals=2; plural=(n > 1);",
        }
    )
    po.merge(polib.pofile(str(pot_path)))
    # Entries left behind by merge() are obsolete: drop them rather than keep `#~` noise.
    for entry in [entry for entry in po if entry.obsolete]:
        po.remove(entry)
    po.save(str(po_path))
    print(f"wrote {pot_path} and merged it into {po_path}")


if __name__ == "__main__":
    main()
