"""The aged balance's workbook, read back as an accountant's spreadsheet reads it."""

import io
from datetime import date
from decimal import Decimal

import openpyxl

from engine import aged_workbook as aw

PARAMETERS = [("Date", date(2026, 3, 31)), ("Companies", "Alpha SAS"), ("Printed by", "Anne")]
TITLES = ("Not due", "1-30 days", "31+ days")


def _book():
    sheets = [
        aw.AgedSheet(
            name="Alpha SAS",
            currency="EUR",
            bucket_titles=TITLES,
            rows=[
                aw.AgedRow(
                    "Client A",
                    "FR123",
                    "EUR",
                    (Decimal("1200.00"), Decimal("0"), Decimal("600.00")),
                    Decimal("-250.00"),
                    Decimal("1550.00"),
                ),
                aw.AgedRow(
                    "Client B",
                    "",
                    "USD",
                    (Decimal("0"), Decimal("400.00"), Decimal("0")),
                    Decimal("0"),
                    Decimal("500.00"),
                ),
            ],
        ),
        aw.AgedSheet(name="Beta: [SRL]", currency="EUR", bucket_titles=TITLES, rows=[]),
    ]
    detail = [
        aw.DetailRow(
            "Alpha SAS",
            "Client A",
            "INV/2026/0001",
            date(2026, 1, 10),
            date(2026, 2, 9),
            50,
            "31+ days",
            "EUR",
            Decimal("600.00"),
            Decimal("600.00"),
            "EUR",
        ),
    ]
    data = aw.workbook_bytes(PARAMETERS, sheets, detail, {"detail": "Détail"})
    return openpyxl.load_workbook(io.BytesIO(data)), openpyxl.load_workbook(
        io.BytesIO(data), data_only=True
    )


def test_a_sheet_per_company_then_the_detail():
    formulas, values = _book()
    # Excel refuses []: in sheet names.
    assert values.sheetnames == ["Alpha SAS", "Beta   SRL", "Détail"]


def test_parameters_on_top_and_a_frozen_header():
    formulas, values = _book()
    sheet = values["Alpha SAS"]
    assert sheet["A1"].value == "Aged Balance"
    assert (sheet["A3"].value, sheet["B3"].value.date()) == ("Date", date(2026, 3, 31))
    assert (sheet["A5"].value, sheet["B5"].value) == ("Printed by", "Anne")
    header = [cell.value for cell in sheet[7]]
    assert header == [
        "Customer",
        "Reference",
        "Currency",
        "Not due (EUR)",
        "1-30 days (EUR)",
        "31+ days (EUR)",
        "Unallocated Credit (EUR)",
        "Total (EUR)",
        "Total in Currency",
    ]
    assert sheet.freeze_panes == "B8"
    assert sheet["D8"].number_format == "#,##0.00;-#,##0.00"
    assert values["Détail"]["D8"].number_format == "dd/mm/yyyy"


def test_totals_are_formulas_with_their_values():
    formulas, values = _book()
    sheet, computed = formulas["Alpha SAS"], values["Alpha SAS"]
    assert sheet["H8"].value == "=SUM(D8:G8)"
    assert computed["H8"].value == 1550.0
    assert sheet["A10"].value == "Totals"
    assert sheet["D10"].value == "=SUM(D8:D9)"
    assert [computed.cell(10, col).value for col in range(4, 9)] == [
        1200.0,
        400.0,
        600.0,
        -250.0,
        1950.0,
    ]
    # Totals in the invoices' currencies are not added up across currencies.
    assert computed["I10"].value is None
    assert computed["I9"].value == 500.0
    # An empty company still has its totals row, at zero.
    assert values["Beta   SRL"]["D8"].value == 0


def test_detail_one_row_per_instalment():
    formulas, values = _book()
    sheet = values["Détail"]
    assert [cell.value for cell in sheet[7]][:4] == ["Company", "Customer", "Document", "Date"]
    row = [cell.value for cell in sheet[8]]
    assert row[2] == "INV/2026/0001"
    assert row[4].date() == date(2026, 2, 9)
    assert row[5:] == [50, "31+ days", "EUR", 600.0, 600.0, "EUR"]
