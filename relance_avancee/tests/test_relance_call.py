# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The call: to make until its outcome is logged, then each outcome creates what it
says (a promise, a dispute, a payment to find with the ladder held, the next attempt),
refused whole when its details are wrong, through the dialog and the external API."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin, RelanceCommon

TODAY = date(2026, 2, 5)


@tagged("post_install", "-at_install")
class TestRelanceCall(RelanceCommon, JsonRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.business.write({"phone": "+33 4 78 00 00 00", "mobile": "+33 6 12 34 56 78"})
        cls.other = cls.env["res.partner"].create({"name": "Brasserie Maes SA", "is_company": True})

    def _call(self):
        """The business's call, 31 days after the due date of 800.00, carried out."""
        self.invoice = self._post([self._invoice(self.business, 800.0, TODAY - timedelta(days=31))])
        with freeze_time(TODAY):
            call = self._run(self.business)
            self.assertEqual(call.level_id, self.level_call)
            call._send()
        return call

    def _log(self, call, outcome, user=None, **values):
        wizard = (
            self.env["relance.call.log"]
            .with_user(user or self.collections_user)
            .create({"communication_id": call.id, "outcome": outcome, **values})
        )
        return wizard.action_log()

    def test_a_call_is_to_make_until_its_outcome_is_logged(self):
        call = self._call()
        self.assertRecordValues(
            call,
            [
                {
                    "state": "call",
                    "progress": "call_to_do",
                    "sent_date": False,
                    "send_attempts": 0,
                    "call_phone": "+33 4 78 00 00 00",
                    "call_mobile": "+33 6 12 34 56 78",
                }
            ],
        )
        activity = call.activity_ids
        self.assertIn('href="tel:+33612345678"', str(activity.note))
        self.assertIn("record the outcome", str(activity.note))
        self.assertEqual(call.action_log_call()["res_model"], "relance.call.log")

    @freeze_time(TODAY)
    def test_a_promise_is_recorded_and_the_call_done(self):
        call = self._call()
        self._log(call, "promise", promise_amount=500.0, promise_date="2026-02-13", note="Vendredi")
        promise = self.env["relance.promise"].search([("partner_id", "=", self.business.id)])
        self.assertRecordValues(
            promise, [{"amount": 500.0, "date": date(2026, 2, 13), "state": "open"}]
        )
        self.assertRecordValues(
            call,
            [{"state": "sent", "progress": "done", "call_outcome": "promise", "call_attempts": 1}],
        )
        self.assertTrue(call.sent_date)
        self.assertFalse(call.activity_ids)
        self.assertIn("Promise to pay", self.business.message_ids[0].body)
        self.assertIn("promised for", self.business.message_ids[0].body)
        # Logged once: a second outcome is refused.
        with self.assertRaisesRegex(UserError, "no call waiting for its outcome"):
            self._log(call, "refuses")

    @freeze_time(TODAY)
    def test_a_promise_above_what_is_due_or_in_the_past_is_refused_whole(self):
        call = self._call()
        with self.assertRaisesRegex(ValidationError, "cannot exceed what is owed"):
            self._log(call, "promise", promise_amount=900.0, promise_date="2026-02-13")
        with self.assertRaisesRegex(ValidationError, "cannot be dated in the past"):
            self._log(call, "promise", promise_amount=100.0, promise_date="2026-02-01")
        self.assertFalse(
            self.env["relance.promise"].search([("partner_id", "=", self.business.id)])
        )
        self.assertRecordValues(call, [{"state": "call", "call_outcome": False}])

    @freeze_time(TODAY)
    def test_a_dispute_is_opened_on_the_customers_invoices_only(self):
        call = self._call()
        foreign = self._post([self._invoice(self.other, 100.0, TODAY - timedelta(days=31))])
        with self.assertRaisesRegex(UserError, "not an invoice of Garage Durand SARL"):
            self._log(
                call,
                "dispute",
                dispute_move_ids=[fields.Command.set(foreign.ids)],
                dispute_reason="price",
            )
        self.assertFalse(self.env["relance.dispute"].search([("move_id", "in", foreign.ids)]))
        self._log(
            call,
            "dispute",
            dispute_move_ids=[fields.Command.set(self.invoice.ids)],
            dispute_reason="quality",
            note="Pièce défectueuse",
        )
        dispute = self.env["relance.dispute"].search([("move_id", "=", self.invoice.id)])
        self.assertRecordValues(dispute, [{"reason": "quality", "note": "Pièce défectueuse"}])
        self.assertEqual(call.call_outcome, "dispute")

    @freeze_time(TODAY)
    def test_already_paid_holds_the_ladder_and_asks_to_find_the_payment(self):
        self.env.company.relance_paid_hold_days = 5
        call = self._call()
        with self.assertRaisesRegex(UserError, "when and how"):
            self._log(call, "already_paid", paid_date="2026-02-02")
        self._log(call, "already_paid", paid_date="2026-02-02", paid_method="transfer")
        customer = self.business.with_company(self.env.company)
        self.assertRecordValues(
            customer, [{"relance_hold": True, "relance_hold_until": date(2026, 2, 10)}]
        )
        self.assertRecordValues(
            call,
            [
                {
                    "state": "sent",
                    "call_outcome": "already_paid",
                    "call_paid_date": date(2026, 2, 2),
                    "call_paid_method": "transfer",
                }
            ],
        )
        (task,) = call.activity_ids
        self.assertEqual(task.summary, "Find the payment of Garage Durand SARL")
        self.assertEqual(task.user_id, self.env.user)
        # Held: the run sends nothing until the hold ends.
        with freeze_time("2026-02-09"):
            self.assertFalse(self._run(self.business))

    @freeze_time(TODAY)
    def test_no_answer_plans_the_next_attempt(self):
        self.env.company.relance_call_retry_days = 2
        call = self._call()
        self._log(call, "no_answer")
        self.assertRecordValues(
            call, [{"state": "call", "call_outcome": False, "call_attempts": 1, "sent_date": False}]
        )
        self.assertEqual(call.activity_ids.date_deadline, date(2026, 2, 7))
        self.assertIn("no answer", self.business.message_ids[0].body)
        self._log(call, "refuses", note="Refuse de payer avant la fin du mois")
        self.assertRecordValues(call, [{"state": "sent", "call_attempts": 2}])

    def test_the_outcome_is_written_in_the_companys_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.company.partner_id.lang = "fr_FR"
        call = self._call()
        self._log(call, "no_answer")
        self.assertIn("pas de réponse", self.business.message_ids[0].body)

    def test_refused_over_the_api(self):
        call = self._call()
        wizard = self.env["relance.call.log"].create(
            {
                "communication_id": call.id,
                "outcome": "promise",
                "promise_amount": 5000.0,
                "promise_date": fields.Date.to_string(fields.Date.today() + timedelta(days=3)),
            }
        )
        _result, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.call.log",
            "action_log",
            wizard.ids,
        )
        self.assertIn("cannot exceed what is owed", error or "")
        self.env.invalidate_all()
        self.assertFalse(
            self.env["relance.promise"].search([("partner_id", "=", self.business.id)])
        )
        self.assertEqual(call.state, "call")
        # A dispute on another customer's invoice: refused, no dispute.
        foreign = self._post([self._invoice(self.other, 100.0, fields.Date.today())])
        wizard = self.env["relance.call.log"].create(
            {
                "communication_id": call.id,
                "outcome": "dispute",
                "dispute_move_ids": [fields.Command.set(foreign.ids)],
            }
        )
        _result, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.call.log",
            "action_log",
            wizard.ids,
        )
        self.assertIn("not an invoice of Garage Durand SARL", error or "")
        self.env.invalidate_all()
        self.assertFalse(self.env["relance.dispute"].search([("move_id", "=", foreign.id)]))
        # Without the outcome: refused by the database, nothing created.
        _result, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.call.log",
            "create",
            {"communication_id": call.id},
        )
        self.assertTrue(error)
