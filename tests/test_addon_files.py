"""Static checks of the addon's files: what Odoo would only find out at install time."""

import ast
import csv
import re

import polib
import pytest
from conftest import ADDON
from lxml import etree

# Words that stay the same in French; each needs a reason.
FRENCH_IDENTICAL_ALLOWED = {
    "Date",  # the same word in French
    "Total",  # the same word in French
    "Note",  # the same word in French
    "Notes",  # the same word in French
    "Type",  # the same word in French
    "Message",  # the same word in French
    "Description",  # the same word in French
    "Module",  # the same word in French (ir.module.module, inherited)
    "Communication",  # the same word in French
    "Communications",  # the same word in French
    "Actions",  # the same word in French
    "Action",  # the same word in French
    "Code de la commande publique",  # a French code's own name
    "Email",  # used as is in French business writing
    "Contact",  # the same word in French
    "ID",  # technical identifier, the same in French
    "Messages",  # the same word in French
    "Mode",  # the same word in French
    "Source",  # the same word in French
    "%(level)s – %(customer)s (%(date)s)",  # placeholders only
}


def _manifest():
    return ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))


def _xml_files():
    return sorted(ADDON.rglob("*.xml"))


@pytest.mark.parametrize("path", _xml_files(), ids=lambda p: str(p.relative_to(ADDON)))
def test_xml_parses(path):
    etree.parse(str(path))


def test_manifest_files_exist():
    manifest = _manifest()
    listed = manifest.get("data", []) + manifest.get("demo", [])
    missing = [name for name in listed if not (ADDON / name).is_file()]
    assert not missing


def test_every_data_file_is_listed():
    manifest = _manifest()
    listed = set(manifest.get("data", []) + manifest.get("demo", []))
    on_disk = {
        str(path.relative_to(ADDON))
        for folder in ("data", "views", "reports", "security", "wizard", "demo")
        for path in (ADDON / folder).glob("*")
        if path.suffix in (".xml", ".csv")
    }
    assert on_disk <= listed, on_disk - listed


def _defined_models():
    """(name, kind) of every model the addon defines with ``_name``."""
    models = []
    for path in ADDON.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            kind = next((ast.unparse(base) for base in node.bases), "")
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(getattr(t, "id", "") == "_name" for t in statement.targets)
                    and isinstance(statement.value, ast.Constant)
                ):
                    models.append((statement.value.value, kind))
    return models


def _access_rows():
    access_file = ADDON / "security" / "ir.model.access.csv"
    if not access_file.exists():
        return []
    with access_file.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_model_has_access_rows():
    covered = {row["model_id:id"] for row in _access_rows()}
    stored = [name for name, kind in _defined_models() if kind != "models.AbstractModel"]
    missing = [name for name in stored if "model_" + name.replace(".", "_") not in covered]
    assert not missing, f"models without access rows: {missing}"


def test_access_ids_are_descriptive():
    generic = [row["id"] for row in _access_rows() if re.match(r"^ir_model_access_\d+$", row["id"])]
    assert not generic


def test_french_translation_is_complete():
    po = polib.pofile(str(ADDON / "i18n" / "fr.po"))
    pot = polib.pofile(str(ADDON / "i18n" / "relance_avancee.pot"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    identical = [
        entry.msgid
        for entry in po.translated_entries()
        if entry.msgstr == entry.msgid and entry.msgid not in FRENCH_IDENTICAL_ALLOWED
    ]
    missing = sorted({entry.msgid for entry in pot} - {entry.msgid for entry in po})
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not identical, f"msgstr equal to msgid: {identical}"
    assert not missing, f"in the .pot but not in fr.po: {missing}"
