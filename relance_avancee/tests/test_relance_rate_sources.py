# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Honest reference rates: the unverified ones shown and asked about, the missing
half-years listed, the ECB's fetched from its Data Portal (a recorded answer, never
the network)."""

from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

import requests
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RelanceCommon

ANSWER = (Path(__file__).parent / "data" / "ecb_mrr_fr_answer.csv").read_text()
RATE_MODULE = "odoo.addons.relance_avancee.models.letters.relance_rate"


class FakeResponse:
    """What ``requests.get`` returns, for a recorded answer."""

    def __init__(self, text, status=200):
        self.text, self.status_code = text, status

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code} Server Error")


@tagged("post_install", "-at_install")
class TestRelanceRateSources(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rate = cls.env["relance.rate"]
        cls._setup_penalties(cls.company_data)

    def _ecb_rows(self):
        return self.Rate.search([("rate_type", "=", "ecb")], order="date_start")

    # Unverified rates

    def test_the_unverified_ecb_rate_is_shown_as_such(self):
        unverified = self.Rate.search([("verified", "=", False)])
        self.assertRecordValues(
            unverified, [{"rate_type": "ecb", "date_start": date(2026, 7, 1), "rate": 2.40}]
        )
        self.assertIn("Not read in any source", unverified.source)
        verified = self.Rate.search([("verified", "=", True)])
        self.assertEqual(len(verified), 36)
        self.assertFalse(verified.filtered(lambda rate: not rate.source_url.startswith("https://")))

    def test_penalty_invoices_over_an_unverified_rate_ask_first(self):
        invoice = self._post(self._invoice(self.business, 1000.0, "2026-06-01", currency=self.euro))
        wizard = self.env["relance.penalty.invoice"].create(
            {"date": "2026-08-31", "partner_ids": [(6, 0, self.business.ids)], "post": True}
        )
        action = wizard.action_create_invoices()
        self.assertEqual(action["res_model"], "relance.unverified.rate.confirm")
        confirm = self.env["relance.unverified.rate.confirm"].browse(action["res_id"])
        self.assertIn("ECB main refinancing rate from 07/01/2026: 2.40%", confirm.message)
        self.assertFalse(invoice.relance_penalty_line_ids, "nothing created before the answer")
        # Told, the user goes on.
        confirm.action_confirm()
        self.assertTrue(invoice.relance_penalty_line_ids)
        self.assertEqual(invoice.relance_penalty_line_ids.move_id.state, "posted")

    def test_penalty_invoices_over_verified_rates_do_not_ask(self):
        invoice = self._post(self._invoice(self.business, 1000.0, "2026-01-05", currency=self.euro))
        wizard = self.env["relance.penalty.invoice"].create(
            {"date": "2026-06-30", "partner_ids": [(6, 0, self.business.ids)]}
        )
        self.assertEqual(wizard.action_create_invoices()["res_model"], "account.move")
        self.assertTrue(invoice.relance_penalty_line_ids)

    def test_printing_a_formal_notice_over_an_unverified_rate_asks_first(self):
        # 45 days late on 16 July 2026: the formal notice, over the second half-year.
        self._post(self._invoice(self.business, 1000.0, "2026-06-01", currency=self.euro))
        with freeze_time("2026-07-16"):
            communication = self._run(self.business)
            self.assertEqual(communication.level_id, self.level_formal_notice)
            communication.action_approve()
            communication._send()
            action = communication.action_print_letter()
            self.assertEqual(action["res_model"], "relance.unverified.rate.confirm")
            self.assertFalse(communication.letter_printed)
            confirm = self.env["relance.unverified.rate.confirm"].browse(action["res_id"])
            # The report (or Odoo's layout configurator first, on a new company).
            action = confirm.action_confirm()
            self.assertNotEqual(action.get("res_model"), "relance.unverified.rate.confirm")
        self.assertTrue(communication.letter_printed)

    def test_the_confirmation_calls_back_nothing_else(self):
        confirm = self.env["relance.unverified.rate.confirm"].create(
            {"message": "x", "res_model": "res.partner", "res_ids": self.business.ids}
        )
        with self.assertRaisesRegex(UserError, "Nothing to confirm"):
            confirm.action_confirm()

    # Missing half-years

    def test_missing_half_years_up_to_today_are_listed(self):
        missing = self.env["relance.rate.missing"].search([])
        listed = {(m.rate_type, m.date_start) for m in missing}
        # Not shipped: the French legal rates and the Belgian rate of 2026-H2.
        for rate_type in ("fr_legal", "fr_legal_consumer", "be_late_payment"):
            self.assertIn((rate_type, date(2026, 7, 1)), listed)
        self.assertNotIn(("ecb", date(2026, 7, 1)), listed)
        self.assertNotIn(("fr_legal", date(2026, 1, 1)), listed)
        # A gap in the middle shows too.
        self.Rate.search(
            [("rate_type", "=", "fr_legal"), ("date_start", "=", "2024-01-01")]
        ).unlink()
        self.env.flush_all()
        missing = self.env["relance.rate.missing"].search([("rate_type", "=", "fr_legal")])
        self.assertIn(date(2024, 1, 1), missing.mapped("date_start"))
        self.assertEqual(
            missing.filtered(lambda m: m.date_start == date(2024, 1, 1)).date_end, date(2024, 6, 30)
        )

    # The ECB Data Portal

    def _forget_ecb_after_2024(self):
        self._ecb_rows().filtered(lambda rate: rate.date_start > date(2024, 12, 31)).unlink()

    @freeze_time("2025-08-15")
    def test_fetch_fills_the_half_years_after_the_last_known_one(self):
        self._forget_ecb_after_2024()
        with patch(f"{RATE_MODULE}.requests.get", return_value=FakeResponse(ANSWER)) as get:
            self.Rate.action_fetch_ecb_rates()
        url = get.call_args.args[0]
        self.assertTrue(url.startswith("https://data-api.ecb.europa.eu/service/data/FM/"))
        self.assertIn("startPeriod=2024-11-30", url)
        fetched = self._ecb_rows().filtered(lambda rate: rate.date_start > date(2024, 12, 31))
        self.assertRecordValues(
            fetched,
            [
                {
                    "date_start": date(2025, 1, 1),
                    "date_end": date(2025, 6, 30),
                    "rate": 3.15,
                    "verified": True,
                    "source_date": date(2024, 12, 31),
                    "source_url": url,
                },
                {
                    "date_start": date(2025, 7, 1),
                    "date_end": date(2025, 12, 31),
                    "rate": 2.15,
                    "verified": True,
                    "source_date": date(2025, 7, 1),
                    "source_url": url,
                },
            ],
        )
        self.assertIn("FM.B.U2.EUR.4F.KR.MRR_FR.LEV", fetched[0].source)
        # Again: up to date, nothing added.
        with patch(f"{RATE_MODULE}.requests.get", return_value=FakeResponse(ANSWER)):
            action = self.Rate.action_fetch_ecb_rates()
        self.assertIn("up to date", action["params"]["message"])
        self.assertEqual(len(self._ecb_rows()), 8)

    @freeze_time("2025-08-15")
    def test_a_network_failure_or_an_odd_answer_changes_nothing(self):
        self._forget_ecb_after_2024()
        before = self._ecb_rows()
        for outcome, message in (
            (requests.ConnectionError("Name or service not known"), "could not be reached"),
            (FakeResponse("Service unavailable", status=503), "could not be reached"),
            (FakeResponse("<html>maintenance</html>"), "answered something unexpected"),
        ):
            with self.subTest(message=message, outcome=outcome):
                kwargs = (
                    {"side_effect": outcome}
                    if isinstance(outcome, Exception)
                    else {"return_value": outcome}
                )
                with patch(f"{RATE_MODULE}.requests.get", **kwargs):
                    with self.assertRaisesRegex(UserError, message):
                        self.Rate.action_fetch_ecb_rates()
                    # The scheduled action logs it and goes on.
                    with self.assertLogs(RATE_MODULE, "WARNING") as logs, mute_logger():
                        self.Rate._cron_fetch_ecb_rates()
                self.assertIn("ECB rates were not fetched", logs.output[0])
                self.assertEqual(self._ecb_rows(), before)

    def test_the_scheduled_fetch_through_odoos_runner(self):
        # Turned on by a manager; the last known half-year is the first of 2026. The
        # runner reads the database's clock, so this runs on today's real date.
        today = fields.Date.context_today(self.Rate)
        self._ecb_rows().filtered(lambda rate: rate.date_start >= date(2026, 7, 1)).unlink()
        last_end = self._ecb_rows()[-1].date_end
        answer = (
            "KEY,TIME_PERIOD,OBS_VALUE\n"
            f"FM.B.U2.EUR.4F.KR.MRR_FR.LEV,{last_end.isoformat()},2.15\n"
            f"FM.B.U2.EUR.4F.KR.MRR_FR.LEV,{today.isoformat()},2.15\n"
        )
        cron = self.env.ref("relance_avancee.ir_cron_relance_fetch_ecb_rates")
        cron.active = True
        with patch(f"{RATE_MODULE}.requests.get", return_value=FakeResponse(answer)):
            self.assertEqual(self._drive(cron), 1)
        added = self._ecb_rows().filtered(lambda rate: rate.date_start > last_end)
        self.assertTrue(added)
        self.assertEqual(added[0].date_start, last_end + timedelta(days=1))
        self.assertEqual(set(added.mapped("rate")), {2.15})
        self.assertTrue(all(added.mapped("verified")))
        self.assertEqual(cron.failure_count, 0)

    def test_the_scheduled_fetch_is_off_by_default(self):
        cron = self.env.ref("relance_avancee.ir_cron_relance_fetch_ecb_rates")
        self.assertFalse(cron.active)
