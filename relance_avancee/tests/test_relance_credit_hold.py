# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_relance_credit_check import RelanceCreditCommon


@tagged("post_install", "-at_install")
class TestRelanceCreditHolds(RelanceCreditCommon):
    def _holds(self, partner, state="active"):
        return self.env["relance.credit.hold"].search(
            [("partner_id", "=", partner.id), ("state", "=", state)]
        )

    @freeze_time("2026-03-01")
    def test_level_rule_holds_at_the_level_and_lifts_on_payment(self):
        self.policy.credit_hold_level_id = self.level_call
        invoice = self._post([self._invoice(self.business, 500, "2026-01-01")])
        with freeze_time("2026-01-20"):  # 19 days late: the second letter, no hold yet
            self._run(self.business)
        self.assertFalse(self._holds(self.business))
        with freeze_time("2026-02-05"):  # 35 days late: the call
            self._run(self.business)
            hold = self._holds(self.business)
            self.assertRecordValues(
                hold, [{"cause": "level", "date_start": fields.Date.to_date("2026-02-05")}]
            )
            self.assertIn(self.level_call.name, hold.detail)
            self.assertTrue(self.business.relance_credit_hold)
        self._pay(invoice, 500, "2026-02-21")
        self.assertFalse(self._holds(self.business))
        self.assertRecordValues(
            self._holds(self.business, "lifted"), [{"cause": "level", "lifted_by_id": False}]
        )
        notes = self.business.message_ids.mapped("body")
        self.assertTrue(any("Credit hold set" in body for body in notes))
        self.assertTrue(any("Credit hold lifted" in body for body in notes))

    @freeze_time("2026-03-01")
    def test_overdue_rule_holds_after_n_days_and_lifts_when_paid(self):
        self.company.relance_credit_hold_overdue_days = 30
        invoice = self._post([self._invoice(self.business, 500, "2026-01-15")])
        # Due 2026-01-15 (immediate terms): 45 days late on 2026-03-01.
        self.env["relance.credit.exposure"]._refresh(self.company)
        hold = self._holds(self.business)
        self.assertRecordValues(hold, [{"cause": "overdue"}])
        self.assertIn("45 days overdue", hold.detail)
        self._pay(invoice, 500, "2026-03-01")
        self.assertFalse(self._holds(self.business))

    @freeze_time("2026-03-01")
    def test_overdue_rule_waits_for_the_day_after_n_days(self):
        self.company.relance_credit_hold_overdue_days = 30
        self._post([self._invoice(self.business, 500, "2026-01-30")])  # 30 days late
        self.env["relance.credit.exposure"]._refresh(self.company)
        self.assertFalse(self._holds(self.business))

    @freeze_time("2026-03-01")
    def test_limit_rule_holds_over_the_limit_and_lifts_within(self):
        self.company.relance_credit_hold_over_limit = True
        invoice = self._post([self._invoice(self.business, 1500, "2026-02-20")])
        self.env["relance.credit.exposure"]._refresh(self.company)
        self.assertRecordValues(self._holds(self.business), [{"cause": "limit"}])
        self._pay(invoice, 600, "2026-03-01")
        self.assertFalse(self._holds(self.business))

    def test_daily_run_sets_and_lifts_through_the_cron_runner(self):
        # Not frozen: Odoo's runner compares the job's next call with the database's
        # clock.
        today = fields.Date.context_today(self.env["res.partner"])
        self.company.relance_credit_hold_overdue_days = 10
        invoice = self._post([self._invoice(self.business, 500, today - timedelta(days=40))])
        self._drive(self.env.ref("relance_avancee.ir_cron_relance_daily_run"))
        self.assertRecordValues(self._holds(self.business), [{"cause": "overdue"}])
        # A credit note reconciled by hand clears the debt, and the hold with it.
        refund = self._post([self._invoice(self.business, 500, today, move_type="out_refund")])
        (self._receivable(invoice) | self._receivable(refund)).reconcile()
        self.assertFalse(self._holds(self.business))

    @freeze_time("2026-03-01")
    def test_a_hold_set_twice_is_one_hold(self):
        self.company.relance_credit_hold_overdue_days = 10
        self._post([self._invoice(self.business, 500, "2026-02-01")])
        self.env["relance.credit.exposure"]._refresh(self.company)
        self.env["relance.credit.exposure"]._refresh(self.company)
        self.assertEqual(len(self._holds(self.business)), 1)

    @freeze_time("2026-03-01")
    def test_manual_hold_blocks_until_lifted(self):
        self.company.relance_credit_check = "block"
        hold = self.env["relance.credit.hold"].create(
            {"partner_id": self.business.id, "reason": "Cheque bounced"}
        )
        self.assertEqual(hold.set_by_id, self.env.user)
        invoice = self._draft(self.business, 10)
        with self.assertRaisesRegex(UserError, "on credit hold: Manual hold"):
            invoice.action_post()
        hold.action_lift()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertRecordValues(hold, [{"state": "lifted", "lifted_by_id": self.env.user.id}])

    @freeze_time("2026-03-01")
    def test_an_automatic_hold_cannot_be_lifted_by_hand(self):
        self.company.relance_credit_hold_overdue_days = 10
        self._post([self._invoice(self.business, 500, "2026-02-01")])
        self.env["relance.credit.exposure"]._refresh(self.company)
        with self.assertRaisesRegex(UserError, "lifts itself"):
            self._holds(self.business).action_lift()

    @freeze_time("2026-03-01")
    def test_a_hold_on_a_contact_is_on_its_company(self):
        contact = self.env["res.partner"].create({"name": "Paul", "parent_id": self.business.id})
        hold = self.env["relance.credit.hold"].create({"partner_id": contact.id, "reason": "x"})
        self.assertEqual(hold.partner_id, self.business)
        self.assertTrue(contact.relance_credit_hold)


@tagged("post_install", "-at_install")
class TestRelanceCreditAuthorisations(RelanceCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.relance_credit_check = "block"

    def _authorise(self, **vals):
        return self.env["relance.credit.authorisation"].create(
            {"partner_id": self.business.id, "reason": "Big order agreed", **vals}
        )

    @freeze_time("2026-03-10")
    def test_document_authorisation_lets_that_invoice_only_through(self):
        invoice = self._draft(self.business, 1500)
        other = self._draft(self.business, 1500)
        self._authorise(scope="document", move_id=invoice.id, date_expiry="2026-03-31")
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        note = invoice.message_ids.filtered(lambda m: "Credit check" in (m.body or ""))
        self.assertIn("authorisation", note.body)
        with self.assertRaises(UserError):
            other.action_post()

    @freeze_time("2026-03-10")
    def test_period_authorisation_expires(self):
        self._authorise(scope="period", date_expiry="2026-03-15")
        first = self._draft(self.business, 1500)
        first.action_post()
        self.assertEqual(first.state, "posted")
        with freeze_time("2026-03-16"):
            late = self._draft(self.business, 10)
            with self.assertRaises(UserError):
                late.action_post()
            self.assertEqual(self.business.relance_credit_authorisation_ids.state, "expired")

    @freeze_time("2026-03-10")
    def test_revoked_authorisation_no_longer_holds(self):
        authorisation = self._authorise(scope="period", date_expiry="2026-03-31")
        authorisation.action_revoke()
        self.assertEqual(authorisation.state, "revoked")
        with self.assertRaises(UserError):
            self._draft(self.business, 1500).action_post()
        notes = self.business.message_ids.mapped("body")
        self.assertTrue(any("revoked" in body for body in notes))
        self.assertTrue(any("Big order agreed" in body for body in notes))

    @freeze_time("2026-03-10")
    def test_bad_authorisations_are_refused(self):
        invoice = self._draft(self.business, 1500)
        cases = [
            (
                {"scope": "period", "date_expiry": "2026-03-31", "reason": "  "},
                "reason is required",
            ),
            ({"scope": "period", "date_expiry": "2026-03-09"}, "cannot expire in the past"),
            ({"scope": "period"}, "needs an expiry date"),
            ({"scope": "document", "date_expiry": "2026-03-31"}, "names that document"),
            (
                {"scope": "period", "date_expiry": "2026-03-31", "move_id": invoice.id},
                "names no document",
            ),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                self._authorise(**vals)
        without_reason = {
            "partner_id": self.business.id,
            "scope": "period",
            "date_expiry": "2026-03-31",
        }
        with self.assertRaisesRegex(ValidationError, "reason is required"):
            self.env["relance.credit.authorisation"].create(without_reason)
        self.assertFalse(self.env["relance.credit.authorisation"].search([]))

    @freeze_time("2026-03-10")
    def test_another_customers_invoice_cannot_be_authorised(self):
        invoice = self._draft(self.consumer, 100)
        with self.assertRaisesRegex(ValidationError, "is not a document of"):
            self._authorise(scope="document", move_id=invoice.id, date_expiry="2026-03-31")

    @freeze_time("2026-03-10")
    def test_only_a_collections_manager_authorises(self):
        with self.assertRaises(AccessError):
            self.env["relance.credit.authorisation"].with_user(self.collections_user).create(
                {
                    "partner_id": self.business.id,
                    "scope": "period",
                    "date_expiry": "2026-03-31",
                    "reason": "x",
                }
            )


@tagged("post_install", "-at_install")
class TestRelanceCreditRefusals(RelanceCreditCommon):
    def test_negative_limit_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.business.credit_limit = -1
        self.env.invalidate_all()
        self.assertEqual(self.business.credit_limit, 1000)

    def test_block_mode_needs_credit_limits(self):
        company_2 = self.setup_other_company()["company"]
        with self.assertRaisesRegex(ValidationError, "uses no credit limit"):
            company_2.relance_credit_check = "block"
        company_2.write({"account_use_credit_limit": True, "relance_credit_check": "block"})
        with self.assertRaisesRegex(ValidationError, "uses no credit limit"):
            company_2.account_use_credit_limit = False

    def test_hold_rule_on_a_level_of_another_policy_is_refused(self):
        other = self.policy.copy({"name": "Other ladder", "is_default": False})
        with self.assertRaisesRegex(ValidationError, "level of another policy"):
            other.credit_hold_level_id = self.level_formal_notice
        self.env.invalidate_all()
        self.assertFalse(other.credit_hold_level_id)

    def test_negative_days_overdue_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.relance_credit_hold_overdue_days = -3

    def test_manual_hold_without_reason_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "reason is required"):
            self.env["relance.credit.hold"].create({"partner_id": self.business.id})
        with self.assertRaisesRegex(UserError, "set by their rules"):
            self.env["relance.credit.hold"].create(
                {"partner_id": self.business.id, "cause": "limit"}
            )


@tagged("post_install", "-at_install")
class TestRelanceCreditVisibility(RelanceCreditCommon):
    @freeze_time("2026-03-10")
    def test_an_employee_sees_the_hold_and_light_not_the_amounts(self):
        self.env["relance.credit.hold"].create({"partner_id": self.business.id, "reason": "x"})
        self._post([self._invoice(self.business, 900, "2026-03-01")])
        partner = self.business.with_user(self.salesperson)
        partner.invalidate_recordset()
        self.assertRecordValues(
            partner, [{"relance_credit_hold": True, "relance_credit_light": "amber"}]
        )
        with self.assertRaises(AccessError):
            partner.read(["relance_exposure_total"])
        with self.assertRaises(AccessError):
            self.env["relance.credit.exposure"].with_user(self.salesperson).search([])
        held = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .search([("relance_credit_hold", "=", True)])
        )
        self.assertEqual(held, self.business)
