# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceSuspensions(RelanceCommon):
    @freeze_time("2026-03-01")
    def test_dispute_suspends_the_invoice_until_its_end_date(self):
        disputed, other = self._post(
            [
                self._invoice(self.business, 500.0, "2026-02-01"),
                self._invoice(self.business, 120.0, "2026-02-01"),
            ]
        )
        self.env["relance.dispute"].create(
            {
                "move_id": disputed.id,
                "reason": "quality",
                "date_start": "2026-02-20",
                "date_end": "2026-03-10",
                "note": "Damaged on delivery",
            }
        )
        communication = self._run(self.business)
        self.assertEqual(communication.line_ids.move_id, other)
        self.assertFalse(self._receivable(disputed).relance_level_id)
        with freeze_time("2026-03-11"):
            communication = self._run(self.business)
        # Released: the disputed invoice climbs to the level its age warrants.
        self.assertIn(disputed, communication.line_ids.move_id)
        self.assertEqual(self._receivable(disputed).relance_level_id, self.level_call)

    @freeze_time("2026-03-01")
    def test_dispute_ending_before_it_starts_is_refused(self):
        invoice = self._post([self._invoice(self.business, 500.0, "2026-02-01")])
        # The savepoint rolls back as the request's transaction would.
        with (
            self.assertRaisesRegex(ValidationError, "ends .* before it starts"),
            self.cr.savepoint(),
        ):
            self.env["relance.dispute"].create(
                {
                    "move_id": invoice.id,
                    "date_start": "2026-03-10",
                    "date_end": "2026-03-01",
                }
            )
        self.assertFalse(self.env["relance.dispute"].search([("move_id", "=", invoice.id)]))

    @freeze_time("2026-03-01")
    def test_hold_suspends_the_customer_until_its_date(self):
        self._post([self._invoice(self.business, 500.0, "2026-02-01")])
        self.business.write(
            {
                "relance_hold": True,
                "relance_hold_reason": "Takeover talks",
                "relance_hold_until": "2026-03-05",
            }
        )
        self.assertFalse(self._run(self.business))
        with freeze_time("2026-03-06"):
            self.assertEqual(self._run(self.business).level_id, self.level_call)

    @freeze_time("2026-02-01")
    def test_kept_promise(self):
        invoice = self._post([self._invoice(self.business, 500.0, "2026-01-10")])
        promise = self.env["relance.promise"].create(
            {"partner_id": self.business.id, "amount": 300.0, "date": "2026-02-10"}
        )
        self.assertEqual(promise.owed_when_promised, 500.0)
        self.assertFalse(self._run(self.business), "collections wait for the promised date")
        self._pay(invoice, 300.0, "2026-02-09")
        with freeze_time("2026-02-11"):
            communication = self._run(self.business)
        self.assertEqual(promise.state, "kept")
        # The remaining 200.00 follows the ladder normally (32 days: the call).
        self.assertEqual(communication.level_id, self.level_call)

    @freeze_time("2026-02-10")
    def test_broken_promise_escalates_and_is_recorded(self):
        self._post([self._invoice(self.business, 500.0, "2026-01-05")])
        first = self._run(self.business)
        self.assertEqual(first.level_id, self.level_call)
        promise = self.env["relance.promise"].create(
            {"partner_id": self.business.id, "amount": 500.0, "date": "2026-02-12"}
        )
        with freeze_time("2026-02-13"):
            # 39 days late: by age still the call level, and only 3 days since the
            # call; the broken promise moves the item to the formal notice.
            communication = self._run(self.business)
        self.assertEqual(promise.state, "broken")
        self.assertEqual(communication.level_id, self.level_formal_notice)
        self.assertIn("Broken promise", self.business.message_ids[0].body)
        with freeze_time("2026-02-13"):
            self.assertFalse(self._run(self.business), "it escalates once, not every run")

    @freeze_time("2026-02-10")
    def test_bad_promises_are_refused(self):
        self._post([self._invoice(self.business, 500.0, "2026-01-05")])
        Promise = self.env["relance.promise"]
        with self.assertRaisesRegex(ValidationError, "in the past"), self.cr.savepoint():
            Promise.create({"partner_id": self.business.id, "amount": 100.0, "date": "2026-02-09"})
        with (
            self.assertRaisesRegex(ValidationError, "cannot exceed what is owed"),
            self.cr.savepoint(),
        ):
            Promise.create({"partner_id": self.business.id, "amount": 500.01, "date": "2026-02-20"})
        with self.assertRaisesRegex(ValidationError, "must be positive"), self.cr.savepoint():
            Promise.create({"partner_id": self.business.id, "amount": 0.0, "date": "2026-02-20"})
        self.assertFalse(Promise.search([("partner_id", "=", self.business.id)]))
