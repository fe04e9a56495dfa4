# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date
from decimal import Decimal

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.relance_avancee.engine import penalties


@tagged("post_install", "-at_install")
class TestRelanceRate(TransactionCase):
    def test_shipped_rates_feed_the_penalty_engine(self):
        # The example, with the rates shipped as data: 1,000.00 due 31 Jan 2024,
        # paid 1 Mar 2024, 30 days at 4.50 + 10 = 14.50 % -> 11.92, plus 40.00
        rates = self.env["relance.rate"]._engine_rates()
        penalty = penalties.compute(
            penalties.FR_B2B, Decimal("1000.00"), date(2024, 1, 31), date(2024, 3, 1), rates
        )
        self.assertEqual(
            (penalty.interest, penalty.indemnity), (Decimal("11.92"), Decimal("40.00"))
        )
        self.assertEqual(rates.fr_legal.rate_on(date(2026, 3, 1)), Decimal("2.62"))
        self.assertEqual(rates.ecb.rate_on(date(2025, 7, 1)), Decimal("2.15"))

    def test_every_half_year_from_2022_is_covered(self):
        for rate_type in ("ecb", "fr_legal", "fr_legal_consumer", "be_late_payment"):
            table = self.env["relance.rate"]._rate_table(rate_type)
            for year in range(2022, 2027):
                for month in (1, 7):
                    if (year, month) == (2026, 7) and rate_type != "ecb":
                        # Not found in an official source when this module was released:
                        # the manager enters it (French), or the engine derives it
                        # (Belgian, from the ECB rate).
                        with self.assertRaises(penalties.MissingRate):
                            table.rate_on(date(year, month, 1))
                        continue
                    table.rate_on(date(year, month, 1))

    def test_a_period_without_rate_is_an_error(self):
        table = self.env["relance.rate"]._rate_table("ecb")
        with self.assertRaises(penalties.MissingRate):
            table.rate_on(date(2021, 12, 31))

    def test_negative_rate_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.cr.savepoint():
            self.env["relance.rate"].create(
                {
                    "rate_type": "ecb",
                    "date_start": "2030-01-01",
                    "date_end": "2030-06-30",
                    "rate": -0.5,
                }
            )

    def test_overlapping_periods_refused(self):
        with self.assertRaisesRegex(ValidationError, "overlap"), self.cr.savepoint():
            self.env["relance.rate"].create(
                {
                    "rate_type": "fr_legal",
                    "date_start": "2026-06-01",
                    "date_end": "2026-12-31",
                    "rate": 3.0,
                }
            )

    def test_period_ending_before_it_starts_refused(self):
        with self.assertRaisesRegex(ValidationError, "before it starts"), self.cr.savepoint():
            self.env["relance.rate"].create(
                {
                    "rate_type": "ecb",
                    "date_start": "2030-07-01",
                    "date_end": "2030-01-01",
                    "rate": 1.0,
                }
            )
