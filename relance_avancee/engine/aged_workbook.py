"""The aged balance as a workbook (xlsx), in plain Python.

One sheet per company: the report's parameters at the top (date, companies, filters,
who printed it and when), then one row per customer and currency with the amounts in
the company's currency by bucket, the unallocated credit and the total, the total in
the invoices' currency, and a totals row. Totals are formulas (with their value
cached, so a reader that does not compute, or a test, reads them too); the header is
frozen. A last sheet lists every open instalment, the detail behind the rows.

The models read the figures (``relance.aged.balance``); titles come translated from
them, with English defaults.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from .casefile import sheet_name

DEFAULT_LABELS = {
    "title": "Aged Balance",
    "customer": "Customer",
    "reference": "Reference",
    "currency": "Currency",
    "credit": "Unallocated Credit",
    "total": "Total",
    "total_currency": "Total in Currency",
    "totals": "Totals",
    "detail": "Detail",
    "company": "Company",
    "document": "Document",
    "date": "Date",
    "due_date": "Due Date",
    "days_late": "Days Late",
    "bucket": "Bucket",
    "residual_currency": "Open Amount in Currency",
    "residual": "Open Amount",
    "company_currency": "Company Currency",
}


@dataclass(frozen=True)
class AgedRow:
    """A customer's balance in one currency with one company, in the company's
    currency: ``amounts`` by bucket (debts), ``credit`` (unallocated, negative) and
    ``total_currency`` in ``currency``."""

    customer: str
    reference: str
    currency: str
    amounts: tuple
    credit: Decimal
    total_currency: Decimal


@dataclass(frozen=True)
class AgedSheet:
    """A company's sheet: its ``name``, its ``currency`` (code), its bucket titles and
    its rows."""

    name: str
    currency: str
    bucket_titles: tuple
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class DetailRow:
    company: str
    customer: str
    document: str
    date: date
    due_date: date
    days_late: int
    bucket: str
    currency: str
    residual_currency: Decimal
    residual: Decimal
    company_currency: str


DETAIL_COLUMNS = (
    ("company", "text"),
    ("customer", "text"),
    ("document", "text"),
    ("date", "date"),
    ("due_date", "date"),
    ("days_late", "integer"),
    ("bucket", "text"),
    ("currency", "text"),
    ("residual_currency", "amount"),
    ("residual", "amount"),
    ("company_currency", "text"),
)


def _formats(book):
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "label": book.add_format({"bold": True}),
        "header": book.add_format(
            {"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True}
        ),
        "date": book.add_format({"num_format": "dd/mm/yyyy", "align": "left"}),
        "amount": book.add_format({"num_format": "#,##0.00;-#,##0.00"}),
        "total": book.add_format({"num_format": "#,##0.00;-#,##0.00", "bold": True, "top": 1}),
        "total_label": book.add_format({"bold": True, "top": 1}),
        "integer": book.add_format({"num_format": "0"}),
        "text": None,
    }


def _write_value(sheet, row, col, value, kind, formats):
    if value is None or value == "":
        sheet.write_blank(row, col, None)
    elif kind == "date":
        moment = (
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        )
        sheet.write_datetime(row, col, moment, formats["date"])
    elif kind in ("amount", "integer"):
        sheet.write_number(row, col, float(value), formats[kind])
    else:
        sheet.write_string(row, col, str(value))


def _write_parameters(sheet, parameters, labels, formats):
    """The title and the ``parameters`` [(label, value)] from the first row; returns
    the first row free after them."""
    sheet.write_string(0, 0, labels["title"], formats["title"])
    row = 2
    for label, value in parameters:
        sheet.write_string(row, 0, label, formats["label"])
        kind = "date" if isinstance(value, date) else "text"
        _write_value(sheet, row, 1, value, kind, formats)
        row += 1
    return row + 1


def _write_company(book, aged_sheet, parameters, labels, formats, used):
    sheet = book.add_worksheet(sheet_name(aged_sheet.name, used))
    header = _write_parameters(sheet, parameters, labels, formats)
    titles = [
        labels["customer"],
        labels["reference"],
        labels["currency"],
        *(f"{title} ({aged_sheet.currency})" for title in aged_sheet.bucket_titles),
        f"{labels['credit']} ({aged_sheet.currency})",
        f"{labels['total']} ({aged_sheet.currency})",
        labels["total_currency"],
    ]
    for col, title in enumerate(titles):
        sheet.write_string(header, col, title, formats["header"])
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 9)
    sheet.set_column(3, len(titles) - 1, 15)
    first_amount = 3
    credit_col = first_amount + len(aged_sheet.bucket_titles)
    total_col = credit_col + 1
    for index, row in enumerate(aged_sheet.rows, start=header + 1):
        sheet.write_string(index, 0, row.customer)
        sheet.write_string(index, 1, row.reference or "")
        sheet.write_string(index, 2, row.currency)
        for offset, amount in enumerate((*row.amounts, row.credit)):
            sheet.write_number(index, first_amount + offset, float(amount), formats["amount"])
        total = sum(row.amounts, Decimal(0)) + row.credit
        span = f"{xl_rowcol_to_cell(index, first_amount)}:{xl_rowcol_to_cell(index, credit_col)}"
        sheet.write_formula(index, total_col, f"=SUM({span})", formats["amount"], float(total))
        sheet.write_number(index, total_col + 1, float(row.total_currency), formats["amount"])
    totals_row = header + 1 + len(aged_sheet.rows)
    sheet.write_string(totals_row, 0, labels["totals"], formats["total_label"])
    for col in (1, 2):
        sheet.write_blank(totals_row, col, None, formats["total_label"])
    for col in range(first_amount, total_col + 1):
        if col == total_col:
            value = sum(
                (sum(row.amounts, Decimal(0)) + row.credit for row in aged_sheet.rows), Decimal(0)
            )
        elif col == credit_col:
            value = sum((row.credit for row in aged_sheet.rows), Decimal(0))
        else:
            value = sum((row.amounts[col - first_amount] for row in aged_sheet.rows), Decimal(0))
        if aged_sheet.rows:
            span = f"{xl_rowcol_to_cell(header + 1, col)}:{xl_rowcol_to_cell(totals_row - 1, col)}"
            sheet.write_formula(totals_row, col, f"=SUM({span})", formats["total"], float(value))
        else:
            sheet.write_number(totals_row, col, 0, formats["total"])
    # The total in currency mixes currencies: no sum.
    sheet.write_blank(totals_row, total_col + 1, None, formats["total_label"])
    sheet.freeze_panes(header + 1, 1)
    if aged_sheet.rows:
        sheet.autofilter(header, 0, totals_row - 1, len(titles) - 1)
    sheet.set_landscape()
    sheet.repeat_rows(header)
    sheet.fit_to_pages(1, 0)


def _write_detail(book, parameters, detail, labels, formats, used):
    sheet = book.add_worksheet(sheet_name(labels["detail"], used))
    header = _write_parameters(sheet, parameters, labels, formats)
    for col, (key, _kind) in enumerate(DETAIL_COLUMNS):
        sheet.write_string(header, col, labels[key], formats["header"])
        sheet.set_column(col, col, 30 if key in ("company", "customer") else 14)
    for index, row in enumerate(detail, start=header + 1):
        for col, (key, kind) in enumerate(DETAIL_COLUMNS):
            _write_value(sheet, index, col, getattr(row, key), kind, formats)
    sheet.freeze_panes(header + 1, 0)
    if detail:
        sheet.autofilter(header, 0, header + len(detail), len(DETAIL_COLUMNS) - 1)


def workbook_bytes(parameters, sheets, detail, labels=None):
    """The aged balance's workbook as bytes: ``parameters`` [(label, value)] on top of
    every sheet, one sheet per ``AgedSheet``, then the ``DetailRow`` sheet."""
    labels = {**DEFAULT_LABELS, **(labels or {})}
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    formats, used = _formats(book), set()
    for aged_sheet in sheets:
        _write_company(book, aged_sheet, parameters, labels, formats, used)
    _write_detail(book, parameters, detail, labels, formats, used)
    book.close()
    return output.getvalue()
