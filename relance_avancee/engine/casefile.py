"""The case file of a collection case: what a collection agency, a commissaire de
justice or a lawyer needs to act, in one zip.

Plain Python, no Odoo: the models read the case into a ``CaseFile`` (plain values:
strings, dates, Decimals) and the PDFs into bytes; these functions lay them out.

The zip holds
- ``case-file.xlsx``: a summary sheet (the case, the creditor and the debtor, the
  totals), then one sheet per table of ``SHEETS`` (the statement, the invoices, the
  payments and credit notes, every communication, the penalty computation segment by
  segment, disputes, promises and payment plans, and the numbered list of documents,
  the *bordereau de pièces*);
- ``case-file.json``: the same data for the recipient's software, valid against the
  JSON Schema shipped as ``data/relance_case_file.schema.json``;
- ``documents/``: each document's PDF, named with its number in the list.

The workbook and the JSON are written from the same rows, so they never disagree.
Sheet and column titles come from the caller (translated), with English defaults.
"""

import io
import json
import re
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter

from . import registers

SCHEMA_VERSION = 1
WORKBOOK_NAME = "case-file.xlsx"
JSON_NAME = "case-file.json"
DOCUMENTS_FOLDER = "documents"

# Column kinds: how a value is written in the workbook and in the JSON.
TEXT, DATE, AMOUNT, INTEGER, RATE = "text", "date", "amount", "integer", "rate"


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    title: str


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple


SHEETS = (
    Sheet(
        "statement",
        "Statement",
        (
            Column("document", TEXT, "Document"),
            Column("type", TEXT, "Type"),
            Column("date", DATE, "Date"),
            Column("due_date", DATE, "Due Date"),
            Column("days_late", INTEGER, "Days Late"),
            Column("amount", AMOUNT, "Amount"),
            Column("paid", AMOUNT, "Paid"),
            Column("residual", AMOUNT, "Still Owed"),
        ),
    ),
    Sheet(
        "invoices",
        "Invoices",
        (
            Column("number", TEXT, "Invoice"),
            Column("date", DATE, "Date"),
            Column("due_date", DATE, "Due Date"),
            Column("untaxed", AMOUNT, "Untaxed"),
            Column("tax", AMOUNT, "Taxes"),
            Column("total", AMOUNT, "Total"),
            Column("residual", AMOUNT, "Still Owed"),
            Column("piece", INTEGER, "Document No."),
        ),
    ),
    Sheet(
        "settlements",
        "Payments and Credit Notes",
        (
            Column("date", DATE, "Date"),
            Column("reference", TEXT, "Reference"),
            Column("type", TEXT, "Type"),
            Column("document", TEXT, "Applied To"),
            Column("amount", AMOUNT, "Amount"),
        ),
    ),
    Sheet(
        "communications",
        "Reminders and Letters",
        (
            Column("date", DATE, "Date"),
            Column("level", TEXT, "Level"),
            Column("channel", TEXT, "Channel"),
            Column("status", TEXT, "Status"),
            Column("documents", TEXT, "Invoices"),
            Column("amount", AMOUNT, "Amount Claimed"),
            Column("tracking", TEXT, "Tracking Number"),
            Column("proof", TEXT, "Proof"),
            Column("piece", INTEGER, "Document No."),
        ),
    ),
    Sheet(
        "penalties",
        "Penalties",
        (
            Column("document", TEXT, "Invoice"),
            Column("first_day", DATE, "From"),
            Column("last_day", DATE, "To"),
            Column("days", INTEGER, "Days"),
            Column("base", AMOUNT, "Base"),
            Column("rate", RATE, "Yearly Rate (%)"),
            Column("interest", AMOUNT, "Interest"),
        ),
    ),
    Sheet(
        "events",
        "Disputes, Promises, Plans",
        (
            Column("type", TEXT, "Type"),
            Column("date", DATE, "Date"),
            Column("until", DATE, "Until"),
            Column("description", TEXT, "Description"),
            Column("amount", AMOUNT, "Amount"),
            Column("status", TEXT, "Status"),
        ),
    ),
    Sheet(
        "pieces",
        "List of Documents",
        (
            Column("number", INTEGER, "No."),
            Column("title", TEXT, "Document"),
            Column("date", DATE, "Date"),
            Column("file", TEXT, "File"),
        ),
    ),
)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}

# The summary sheet: its rows, in order, with their default titles.
PARTY_FIELDS = (
    ("name", "Name"),
    ("address", "Address"),
    ("registry", "Company Number"),
    ("vat", "VAT Number"),
    ("email", "Email"),
    ("phone", "Phone"),
)
TOTALS = (
    ("principal", "Principal"),
    ("interest", "Late-Payment Interest"),
    ("indemnity", "Recovery Indemnities"),
    ("costs", "Other Recovery Costs"),
    ("total", "Total Claimed"),
    ("recovered", "Recovered"),
    ("owed", "Still Owed"),
)
DEFAULT_LABELS = {
    "summary": "Summary",
    "case": "Case",
    "reference": "Reference",
    "currency": "Currency",
    "exported_on": "Exported On",
    "recipient": "Recipient",
    "role": "Role",
    "mandate": "Mandate",
    "creditor": "Creditor",
    "debtor": "Debtor",
    "totals": "Amounts",
    "missing": "Missing Data",
    "forced_reason": "Exported Anyway Because",
    **{f"party.{key}": title for key, title in PARTY_FIELDS},
    **{f"total.{key}": title for key, title in TOTALS},
    **{f"sheet.{sheet.key}": sheet.title for sheet in SHEETS},
    **{
        f"column.{sheet.key}.{column.key}": column.title
        for sheet in SHEETS
        for column in sheet.columns
    },
}


@dataclass(frozen=True)
class Party:
    """A company or a person as the case file names it."""

    name: str
    street: str = ""
    street2: str = ""
    zip: str = ""
    city: str = ""
    country: str = ""
    country_code: str = ""
    registry: str = ""
    vat: str = ""
    email: str = ""
    phone: str = ""
    is_company: bool = True

    @property
    def address(self):
        town = " ".join(part for part in (self.zip, self.city) if part)
        lines = (self.street, self.street2, town, self.country)
        return ", ".join(line for line in lines if line)


@dataclass(frozen=True)
class Piece:
    """A numbered document of the case file: its ``number`` in the list, its
    ``title`` and ``date``, its ``file_name`` in the zip (:func:`piece_file_name`), the
    ``source`` it comes from (the caller's record: an invoice, a letter, an
    attachment) and its ``content`` (the file's bytes)."""

    number: int
    title: str
    date: date | None
    file_name: str
    source: object = None
    content: bytes = b""

    def listed(self):
        """The piece as the case file lists it (its ``pieces`` rows)."""
        return {
            "number": self.number,
            "title": self.title,
            "date": self.date,
            "file": self.file_name,
        }


@dataclass
class CaseFile:
    """What the case file holds. ``totals``: {key of TOTALS: Decimal}; ``rows``: {key
    of SHEETS: [row {column key: value}]}."""

    reference: str
    currency: str
    exported_on: date
    creditor: Party
    debtor: Party
    recipient: Party
    role: str
    mandate: str
    totals: dict
    rows: dict = field(default_factory=dict)
    missing: list = field(default_factory=list)
    forced_reason: str = ""


# What the debtor's identity lacks -------------------------------------------------

MISSING_NAME, MISSING_ADDRESS, MISSING_SIREN = "name", "address", "siren"


def missing_data(debtor):
    """What a recipient could not act without, as codes: ``name``, ``address``
    (street, postcode, town, country), ``siren`` (a French company's SIREN or SIRET,
    valid under python-stdnum's checks)."""
    missing = []
    if not debtor.name.strip():
        missing.append(MISSING_NAME)
    if not all((debtor.street, debtor.zip, debtor.city, debtor.country_code)):
        missing.append(MISSING_ADDRESS)
    if debtor.is_company and debtor.country_code == "FR":
        try:
            siren = registers.siren_of(debtor.registry)
        except registers.InvalidSiren:
            siren = None
        if not siren:
            missing.append(MISSING_SIREN)
    return missing


# The JSON ---------------------------------------------------------------------------


def _json_value(value, kind):
    if value is None or value == "":
        return None if kind != TEXT else ""
    if kind == DATE:
        return value.isoformat()
    if kind in (AMOUNT, RATE):
        return float(value)
    if kind == INTEGER:
        return int(value)
    return str(value)


def _party_json(party):
    values = asdict(party)
    values["address"] = party.address
    return values


def to_json(case_file):
    """The case file as a JSON-ready dict (see data/relance_case_file.schema.json)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "reference": case_file.reference,
        "currency": case_file.currency,
        "exported_on": case_file.exported_on.isoformat(),
        "creditor": _party_json(case_file.creditor),
        "debtor": _party_json(case_file.debtor),
        "recipient": {**_party_json(case_file.recipient), "role": case_file.role},
        "mandate": case_file.mandate,
        "totals": {key: float(case_file.totals.get(key, 0)) for key, _title in TOTALS},
        "missing": list(case_file.missing),
        "forced_reason": case_file.forced_reason or "",
        **{
            sheet.key: [
                {
                    column.key: _json_value(row.get(column.key), column.kind)
                    for column in sheet.columns
                }
                for row in case_file.rows.get(sheet.key, [])
            ]
            for sheet in SHEETS
        },
    }


def json_bytes(case_file):
    return json.dumps(to_json(case_file), ensure_ascii=False, indent=2).encode()


# The workbook -----------------------------------------------------------------------


def _label(labels, key):
    return labels.get(key) or DEFAULT_LABELS[key]


def sheet_name(title, used):
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"
    base, count = name, 2
    while name.lower() in used:
        suffix = f" {count}"
        name, count = base[: 31 - len(suffix)] + suffix, count + 1
    used.add(name.lower())
    return name


def _formats(book):
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1}),
        "label": book.add_format({"bold": True}),
        DATE: book.add_format({"num_format": "yyyy-mm-dd"}),
        AMOUNT: book.add_format({"num_format": "#,##0.00"}),
        RATE: book.add_format({"num_format": "0.00"}),
        INTEGER: book.add_format({"num_format": "0"}),
        TEXT: None,
    }


def _write(sheet, row, col, value, kind, formats):
    if value is None or value == "":
        sheet.write_blank(row, col, None)
    elif kind == DATE:
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), formats[DATE])
    elif kind in (AMOUNT, RATE, INTEGER):
        sheet.write_number(row, col, float(value), formats[kind])
    else:
        sheet.write_string(row, col, str(value))


def _write_summary(book, case_file, labels, formats, used):
    sheet = book.add_worksheet(sheet_name(_label(labels, "summary"), used))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 2, 45)
    row = 0
    sheet.write_string(row, 0, f"{_label(labels, 'case')} {case_file.reference}", formats["title"])
    row += 2
    for key, value, kind in (
        ("reference", case_file.reference, TEXT),
        ("exported_on", case_file.exported_on, DATE),
        ("currency", case_file.currency, TEXT),
        ("recipient", case_file.recipient.name, TEXT),
        ("role", case_file.role, TEXT),
        ("mandate", case_file.mandate, TEXT),
    ):
        sheet.write_string(row, 0, _label(labels, key), formats["label"])
        _write(sheet, row, 1, value, kind, formats)
        row += 1
    row += 1
    sheet.write_string(row, 1, _label(labels, "creditor"), formats["header"])
    sheet.write_string(row, 2, _label(labels, "debtor"), formats["header"])
    row += 1
    for key, _title in PARTY_FIELDS:
        sheet.write_string(row, 0, _label(labels, f"party.{key}"), formats["label"])
        sheet.write_string(row, 1, str(getattr(case_file.creditor, key) or ""))
        sheet.write_string(row, 2, str(getattr(case_file.debtor, key) or ""))
        row += 1
    row += 1
    sheet.write_string(row, 0, _label(labels, "totals"), formats["header"])
    row += 1
    for key, _title in TOTALS:
        sheet.write_string(row, 0, _label(labels, f"total.{key}"), formats["label"])
        _write(sheet, row, 1, case_file.totals.get(key, Decimal(0)), AMOUNT, formats)
        row += 1
    if case_file.missing or case_file.forced_reason:
        row += 1
        sheet.write_string(row, 0, _label(labels, "missing"), formats["label"])
        sheet.write_string(row, 1, ", ".join(case_file.missing))
        sheet.write_string(row + 1, 0, _label(labels, "forced_reason"), formats["label"])
        sheet.write_string(row + 1, 1, case_file.forced_reason or "")


def _write_table(book, sheet_def, rows, labels, formats, used):
    sheet = book.add_worksheet(sheet_name(_label(labels, f"sheet.{sheet_def.key}"), used))
    for col, column in enumerate(sheet_def.columns):
        title = _label(labels, f"column.{sheet_def.key}.{column.key}")
        sheet.write_string(0, col, title, formats["header"])
        sheet.set_column(col, col, 40 if column.kind == TEXT else 14)
    for row_index, row in enumerate(rows, start=1):
        for col, column in enumerate(sheet_def.columns):
            _write(sheet, row_index, col, row.get(column.key), column.kind, formats)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(sheet_def.columns) - 1)


def workbook_bytes(case_file, labels=None):
    """The case file's workbook (xlsx) as bytes."""
    labels = labels or {}
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    formats, used = _formats(book), set()
    _write_summary(book, case_file, labels, formats, used)
    for sheet_def in SHEETS:
        _write_table(book, sheet_def, case_file.rows.get(sheet_def.key, []), labels, formats, used)
    book.close()
    return output.getvalue()


# The zip ----------------------------------------------------------------------------


def piece_file_name(number, title, extension="pdf"):
    """``07 - Invoice INV-2026-00042.pdf``: the document's number in the list, then
    its title with what a file system refuses replaced."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_title = re.sub(r"\s*:\s*", " - ", ascii_title)
    safe = re.sub(r"[^A-Za-z0-9 ._()-]+", "-", ascii_title).strip(" .-") or "document"
    return f"{number:02d} - {safe[:80]}.{extension}"


def zip_bytes(case_file, pieces, labels=None):
    """The case file's zip: the workbook, the JSON and ``pieces`` [(file name, bytes)],
    in the list's order, under ``documents/``."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(WORKBOOK_NAME, workbook_bytes(case_file, labels))
        archive.writestr(JSON_NAME, json_bytes(case_file))
        for name, content in pieces:
            archive.writestr(f"{DOCUMENTS_FOLDER}/{name}", content)
    return output.getvalue()
