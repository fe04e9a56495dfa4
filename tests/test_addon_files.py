"""Static checks of the addon's files: what Odoo would only find out at install time."""

import ast
import csv
import re

import polib
import pytest
from conftest import ADDONS
from lxml import etree

# Words that stay the same in French; each needs a reason.
FRENCH_IDENTICAL_ALLOWED = {
    "Date",  # the same word in French
    "Configuration",  # the same word in French (Odoo's own menus say it)
    "Total",  # the same word in French
    "<strong>Total</strong>",  # the same word in French
    "<strong>Principal</strong>",  # the same word in French (a debt's principal)
    "Signature",  # the same word in French
    "(Code civil, art. 2240)",  # a French law's reference, the same in French
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
    "Cause",  # the same word in French
    "Score",  # the same word in French
    "Sources",  # the same word in French
    "BODACC",  # Bulletin officiel des annonces civiles et commerciales
    "SIREN",  # the French company number's own name
    "Commission",  # the same word in French
    "Commission (%)",  # the same word in French
    "Documents",  # the same word in French
    "Principal",  # the same word in French (the principal of a debt)
    "Base",  # the same word in French (the base of the interest)
    "Taxes",  # the same word in French
    "SIRENE (API Recherche d'entreprises)",  # proper names, already French
    "%(level)s – %(customer)s (%(date)s)",  # placeholders only
}


each_addon = pytest.mark.parametrize("addon", ADDONS, ids=lambda addon: addon.name)


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def _xml_files():
    return sorted(path for addon in ADDONS for path in addon.rglob("*.xml"))


@pytest.mark.parametrize("path", _xml_files(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_xml_parses(path):
    etree.parse(str(path))


@each_addon
def test_manifest_files_exist(addon):
    manifest = _manifest(addon)
    listed = manifest.get("data", []) + manifest.get("demo", [])
    missing = [name for name in listed if not (addon / name).is_file()]
    assert not missing


@each_addon
def test_every_data_file_is_listed(addon):
    manifest = _manifest(addon)
    listed = set(manifest.get("data", []) + manifest.get("demo", []))
    on_disk = {
        str(path.relative_to(addon))
        for folder in ("data", "views", "reports", "security", "wizard", "demo")
        # The capabilities' sub-folders too.
        for path in (addon / folder).rglob("*")
        if path.suffix in (".xml", ".csv")
    }
    assert on_disk <= listed, on_disk - listed


def _defined_models(addon):
    """(name, kind) of every model the addon defines with ``_name``."""
    models = []
    for path in addon.rglob("*.py"):
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


def _access_rows(addon):
    access_file = addon / "security" / "ir.model.access.csv"
    if not access_file.exists():
        return []
    with access_file.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@each_addon
def test_every_model_has_access_rows(addon):
    covered = {row["model_id:id"] for row in _access_rows(addon)}
    stored = [name for name, kind in _defined_models(addon) if kind != "models.AbstractModel"]
    missing = [name for name in stored if "model_" + name.replace(".", "_") not in covered]
    assert not missing, f"models without access rows: {missing}"


@each_addon
def test_access_ids_are_descriptive(addon):
    generic = [
        row["id"] for row in _access_rows(addon) if re.match(r"^ir_model_access_\d+$", row["id"])
    ]
    assert not generic


@each_addon
def test_french_translation_is_complete(addon):
    po = polib.pofile(str(addon / "i18n" / "fr.po"))
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
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


@pytest.mark.parametrize(
    "readme", [ADDONS[0].parent / "README.rst", *(addon / "README.rst" for addon in ADDONS)]
)
def test_readme_is_valid_restructuredtext(readme):
    # A malformed table or title is shown as raw text, or not at all, on PyPI and
    # GitHub: a reader loses that part of the guide.
    import docutils.core

    docutils.core.publish_string(
        readme.read_text(),
        writer_name="null",
        settings_overrides={"report_level": 2, "halt_level": 2, "warning_stream": False},
    )


def _capability_folders():
    return sorted(
        folder
        for addon in ADDONS
        for layer in ("models", "wizard", "reports")
        if (addon / layer).is_dir()
        for folder in (addon / layer).iterdir()
        if folder.is_dir() and (folder / "__init__.py").exists()
    )


def _models_of(path):
    """The models a Python file defines (``_name``) or extends (``_inherit``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ClassDef):
            continue
        values = {
            target.id: statement.value
            for statement in node.body
            if isinstance(statement, ast.Assign)
            for target in statement.targets
            if isinstance(target, ast.Name) and target.id in ("_name", "_inherit")
        }
        name = values.get("_name")
        if isinstance(name, ast.Constant):
            found.add(name.value)
        elif isinstance(values.get("_inherit"), ast.Constant):
            found.add(values["_inherit"].value)
    return found


@pytest.mark.parametrize(
    "folder", _capability_folders(), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_one_file_per_model_in_a_capability(folder):
    # STYLE.md rule 22: all of a capability's code on a model in one file of its folder.
    files_of = {}
    for path in sorted(folder.glob("*.py")):
        for model in _models_of(path):
            files_of.setdefault(model, []).append(path.name)
    split = {model: files for model, files in files_of.items() if len(files) > 1}
    assert not split, f"models split over several files of {folder.name}/: {split}"
