"""engine.casefile: the case file's workbook, JSON and zip, and what the debtor's
identity lacks."""

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

import jsonschema
import openpyxl
import pytest
from conftest import ADDON

from engine import casefile as cf

SCHEMA = json.loads((ADDON / "data" / "relance_case_file.schema.json").read_text())

CREDITOR = cf.Party(
    name="Menuiserie Étienne SAS",
    street="4 quai Saint-Vincent",
    zip="69001",
    city="Lyon",
    country="France",
    country_code="FR",
    registry="732 829 320 00074",
    vat="FR44732829320",
    email="compta@menuiserie-etienne.example.com",
)
DEBTOR = cf.Party(
    name="Garage Durand SARL",
    street="8 rue de la Gare",
    zip="38000",
    city="Grenoble",
    country="France",
    country_code="FR",
    registry="987 654 324",
)


def _case_file(**changes):
    values = {
        "reference": "CASE/2026/0001",
        "currency": "EUR",
        "exported_on": date(2026, 3, 1),
        "creditor": CREDITOR,
        "debtor": DEBTOR,
        "recipient": cf.Party(name="Recouvrement Rhône SARL", city="Lyon"),
        "role": "Collection Agency",
        "mandate": "12 % of what is recovered and 50.00",
        "totals": {
            "principal": Decimal("1050.00"),
            "interest": Decimal("26.79"),
            "indemnity": Decimal("80.00"),
            "costs": Decimal("0"),
            "total": Decimal("1156.79"),
            "recovered": Decimal("0"),
            "owed": Decimal("1050.00"),
        },
        "rows": {
            "statement": [
                {
                    "document": "INV/2026/00001",
                    "type": "Invoice",
                    "date": date(2026, 1, 10),
                    "due_date": date(2026, 1, 10),
                    "days_late": 50,
                    "amount": Decimal("1000.00"),
                    "paid": Decimal("0"),
                    "residual": Decimal("1000.00"),
                },
                {
                    "document": "RINV/2026/00001",
                    "type": "Credit Note",
                    "date": date(2026, 2, 1),
                    "due_date": None,
                    "days_late": None,
                    "amount": Decimal("-150.00"),
                    "paid": Decimal("0"),
                    "residual": Decimal("-150.00"),
                },
            ],
            "penalties": [
                {
                    "document": "INV/2026/00001",
                    "first_day": date(2026, 1, 11),
                    "last_day": date(2026, 3, 1),
                    "days": 50,
                    "base": Decimal("1000.00"),
                    "rate": Decimal("12.15"),
                    "interest": Decimal("16.64"),
                }
            ],
            "pieces": [
                {
                    "number": 1,
                    "title": "Invoice INV/2026/00001",
                    "date": date(2026, 1, 10),
                    "file": "01 - Invoice INV-2026-00001.pdf",
                },
            ],
        },
    }
    values.update(changes)
    return cf.CaseFile(**values)


def _sheet_rows(book, name):
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def test_the_json_is_valid_against_the_shipped_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    document = json.loads(cf.json_bytes(_case_file()))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["statement"][1] == {
        "document": "RINV/2026/00001",
        "type": "Credit Note",
        "date": "2026-02-01",
        "due_date": None,
        "days_late": None,
        "amount": -150.0,
        "paid": 0.0,
        "residual": -150.0,
    }
    assert document["recipient"]["role"] == "Collection Agency"
    assert document["totals"]["total"] == 1156.79
    # Every table is there, empty or not.
    assert document["settlements"] == []


def test_the_schema_refuses_what_it_does_not_know():
    document = json.loads(cf.json_bytes(_case_file()))
    document["statement"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    document = json.loads(cf.json_bytes(_case_file()))
    document["debtor"]["nickname"] = "Durand"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_the_workbook_holds_the_same_rows_as_the_json():
    case_file = _case_file()
    book = openpyxl.load_workbook(io.BytesIO(cf.workbook_bytes(case_file)))
    assert book.sheetnames == ["Summary", *(sheet.title for sheet in cf.SHEETS)]
    document = cf.to_json(case_file)
    for sheet in cf.SHEETS:
        header, *rows = _sheet_rows(book, sheet.title)
        assert header == [column.title for column in sheet.columns]
        as_json = [
            [
                datetime.fromisoformat(value) if column.kind == cf.DATE and value else value
                for column, value in zip(sheet.columns, row.values(), strict=True)
            ]
            for row in document[sheet.key]
        ]
        # openpyxl reads an empty cell as None, a number as a float or an int.
        assert rows == [[None if value == "" else value for value in row] for row in as_json]


def test_the_summary_names_both_parties_and_the_totals():
    book = openpyxl.load_workbook(io.BytesIO(cf.workbook_bytes(_case_file())))
    rows = {row[0]: tuple(row[1:]) for row in _sheet_rows(book, "Summary") if row[0]}
    assert rows["Name"] == ("Menuiserie Étienne SAS", "Garage Durand SARL")
    assert rows["Reference"] == ("CASE/2026/0001", None)
    assert rows["Address"] == (
        "4 quai Saint-Vincent, 69001 Lyon, France",
        "8 rue de la Gare, 38000 Grenoble, France",
    )
    assert rows["Company Number"] == ("732 829 320 00074", "987 654 324")
    assert rows["Total Claimed"][0] == 1156.79
    assert rows["Exported On"][0] == datetime(2026, 3, 1)


def test_titles_come_from_the_caller():
    labels = {"sheet.statement": "Relevé", "column.statement.document": "Pièce"}
    book = openpyxl.load_workbook(io.BytesIO(cf.workbook_bytes(_case_file(), labels)))
    assert "Relevé" in book.sheetnames
    assert book["Relevé"]["A1"].value == "Pièce"


def test_the_zip_holds_the_workbook_the_json_and_the_documents_in_order():
    pieces = [("01 - Invoice INV-2026-00001.pdf", b"%PDF-1"), ("02 - Letter.pdf", b"%PDF-2")]
    archive = zipfile.ZipFile(io.BytesIO(cf.zip_bytes(_case_file(), pieces)))
    assert archive.namelist() == [
        "case-file.xlsx",
        "case-file.json",
        "documents/01 - Invoice INV-2026-00001.pdf",
        "documents/02 - Letter.pdf",
    ]
    assert archive.read("documents/02 - Letter.pdf") == b"%PDF-2"


@pytest.mark.parametrize(
    ("number", "title", "expected"),
    [
        (7, "Invoice INV/2026/00042", "07 - Invoice INV-2026-00042.pdf"),
        (
            12,
            "Lettre recommandée : mise en demeure",
            "12 - Lettre recommandee - mise en demeure.pdf",
        ),
        (3, "///", "03 - document.pdf"),
    ],
)
def test_piece_file_names(number, title, expected):
    assert cf.piece_file_name(number, title) == expected


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, []),
        ({"registry": ""}, ["siren"]),
        ({"registry": "987 654 325"}, ["siren"]),  # the Luhn key is wrong
        ({"registry": "98765432400019"}, []),  # a SIRET
        ({"street": "", "city": ""}, ["address"]),
        ({"country_code": ""}, ["address"]),
        # A person, or a company outside France: no SIREN asked.
        ({"registry": "", "is_company": False}, []),
        ({"registry": "", "country_code": "BE", "country": "Belgium"}, []),
        ({"name": " "}, ["name"]),
    ],
)
def test_what_the_debtor_lacks(changes, missing):
    values = {**DEBTOR.__dict__, **changes}
    assert cf.missing_data(cf.Party(**values)) == missing


def test_a_piece_is_listed_by_its_number_title_date_and_file():
    piece = cf.Piece(
        number=7,
        title="Facture INV/2026/00042",
        date=date(2026, 3, 31),
        file_name=cf.piece_file_name(7, "Facture INV/2026/00042"),
        source=object(),
        content=b"%PDF",
    )
    assert piece.listed() == {
        "number": 7,
        "title": "Facture INV/2026/00042",
        "date": date(2026, 3, 31),
        "file": "07 - Facture INV-2026-00042.pdf",
    }
