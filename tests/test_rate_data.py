"""The reference rates shipped as data, read from the XML file as Odoo loads it."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from conftest import ADDON

from engine import penalties as p

RATE_DATA = ADDON / "data" / "relance_rate_data.xml"


def shipped_rows():
    """{record id: {field: value}}, ``verified`` as the boolean Odoo loads."""
    rows = {}
    for record in ET.parse(RATE_DATA).getroot().iter("record"):
        values = {field.get("name"): field.text for field in record.iter("field")}
        evals = {field.get("name"): field.get("eval") for field in record.iter("field")}
        values["verified"] = evals.get("verified") != "False"
        rows[record.get("id")] = values
    return rows


def shipped_tables():
    periods = {}
    for values in shipped_rows().values():
        periods.setdefault(values["rate_type"], []).append(
            p.RatePeriod(
                start=date.fromisoformat(values["date_start"]),
                end=date.fromisoformat(values["date_end"]),
                rate=Decimal(values["rate"]),
                verified=values["verified"],
            )
        )
    # RateTable refuses overlapping periods and negative rates.
    return {name: p.RateTable(name, rows) for name, rows in periods.items()}


def half_year_starts(first_year, last_year):
    return [date(year, month, 1) for year in range(first_year, last_year + 1) for month in (1, 7)]


def test_every_table_covers_2022_to_mid_2026():
    tables = shipped_tables()
    assert set(tables) == {"ecb", "fr_legal", "fr_legal_consumer", "be_late_payment"}
    for table in tables.values():
        for start in half_year_starts(2022, 2025) + [date(2026, 1, 1)]:
            table.rate_on(start)
            table.rate_on(date(start.year, start.month + 5, 30))


def test_every_row_cites_where_it_was_read_or_says_it_was_not():
    for xmlid, values in shipped_rows().items():
        assert values.get("source"), f"{xmlid} cites nothing"
        if values["verified"]:
            # A document a reader can open, and the words read in it.
            assert (values.get("source_url") or "").startswith("https://"), xmlid
            rate = values["rate"].rstrip("0").rstrip(".")
            written = {
                rate,
                rate.replace(".", ","),
                values["rate"],
                values["rate"].replace(".", ","),
            }
            assert any(form in values["source"] for form in written), f"{xmlid}: {rate} not quoted"
        else:
            assert "Not read in any source" in values["source"], xmlid


def test_the_ecb_rate_of_the_second_half_of_2026_ships_unverified():
    # No source read gave it; the letters and penalty invoices that use it ask first.
    row = shipped_rows()["relance_rate_ecb_2026_h2"]
    assert row["verified"] is False
    assert [name for name, values in shipped_rows().items() if not values["verified"]] == [
        "relance_rate_ecb_2026_h2"
    ]


@pytest.mark.parametrize("start", half_year_starts(2022, 2025) + [date(2026, 1, 1)])
def test_published_belgian_rates_follow_the_law_formula(start):
    # Law of 2 August 2002, art. 5: ECB rate of the half-year's first day + 8 points,
    # rounded up to half a point: e.g. 2024-H2 4.25 + 8 = 12.25 -> 12.50.
    tables = shipped_tables()
    derived = p.round_up_half_point(tables["ecb"].rate_on(start) + 8)
    assert tables["be_late_payment"].rate_on(start) == derived


def test_belgian_rate_derived_when_not_published():
    tables = shipped_tables()
    rates = p.Rates(ecb=tables["ecb"], be_late_payment=tables["be_late_payment"])
    # 2026-H2 is not published in the data: 2.40 + 8 = 10.40 -> 10.50.
    assert p.be_statutory_rate(rates, date(2026, 9, 1)) == Decimal("10.50")
    assert p.be_statutory_rate(rates, date(2023, 9, 1)) == Decimal("12.00")


def test_french_legal_rate_of_the_second_half_of_2026_is_missing_not_zero():
    # Not shipped (not found in an official source when released): an error, never 0.
    with pytest.raises(p.MissingRate):
        shipped_tables()["fr_legal"].rate_on(date(2026, 7, 1))
