# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Payment plans on real invoices: drawn up, refused, accepted, paid, broken by the
scheduled action, completed, cancelled; and the collections run leaving them alone."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin, RelanceCommon


class RelancePlanCommon(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_penalties(cls.company_data)
        cls.company_data_2 = cls.setup_other_company()
        cls.plan_cron = cls.env.ref("relance_avancee.ir_cron_relance_payment_plans")

    def _wizard(self, moves, **values):
        return self.env["relance.payment.plan.wizard"].create(
            {
                "partner_id": values.pop("partner_id", None) or moves.commercial_partner_id[:1].id,
                "move_ids": [Command.set(moves.ids)],
                **values,
            }
        )

    def _plan(self, moves, **values):
        action = self._wizard(moves, **values).action_create_plan()
        return self.env["relance.payment.plan"].browse(action["res_id"])

    def _sign(self, plan, name="Jean Durand"):
        self.env["relance.payment.plan.accept"].create(
            {
                "plan_id": plan.id,
                "signed_by": name,
                "signed_copy": "JVBERi0xLjQK",  # "%PDF-1.4\n", base64
                "signed_copy_name": "signed.pdf",
            }
        ).action_accept()

    def _schedule(self, plan):
        return [
            (str(line.date), line.amount, line.down_payment)
            for line in plan.instalment_ids.sorted("date")
        ]


@tagged("post_install", "-at_install")
class TestRelancePaymentPlan(RelancePlanCommon):
    @freeze_time("2026-03-01")
    def test_schedule_drawn_up_from_the_invoices(self):
        first, second = self._post(
            [
                self._invoice(self.business, 600.0, "2026-01-10"),
                self._invoice(self.business, 400.0, "2026-01-20"),
            ]
        )
        plan = self._plan(first | second, instalment_count=3, first_date="2026-03-05")
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.partner_id, self.business)
        self.assertEqual(plan.amount_total, 1000.0)
        # 1,000.00 / 3: 333.33 twice, the remainder 333.34 on the last.
        self.assertEqual(
            self._schedule(plan),
            [
                ("2026-03-05", 333.33, False),
                ("2026-04-05", 333.33, False),
                ("2026-05-05", 333.34, False),
            ],
        )
        self.assertEqual(first.relance_plan_id, plan)
        self.assertEqual(first.relance_plan_state, "draft")
        self.assertTrue(plan.name.startswith("PLAN/2026/"))

    @freeze_time("2026-03-01")
    def test_down_payment_weekly_and_custom_dates(self):
        invoice = self._post(self._invoice(self.business, 1000.0, "2026-01-10"))
        plan = self._plan(
            invoice,
            instalment_count=2,
            frequency="weekly",
            first_date="2026-03-02",
            down_payment=100,
        )
        # 100.00 down on 2 March, then 900.00 in two weekly instalments from 9 March.
        self.assertEqual(
            self._schedule(plan),
            [
                ("2026-03-02", 100.0, True),
                ("2026-03-09", 450.0, False),
                ("2026-03-16", 450.0, False),
            ],
        )
        plan._cancel("Redrawn")
        plan = self._plan(
            invoice,
            instalment_count=2,
            frequency="custom",
            first_date="2026-03-10",
            date_ids=[
                Command.create({"date": "2026-06-30"}),
                Command.create({"date": "2026-03-10"}),
            ],
        )
        self.assertEqual(
            self._schedule(plan), [("2026-03-10", 500.0, False), ("2026-06-30", 500.0, False)]
        )

    @freeze_time("2023-07-20")
    def test_penalties_claimed_are_invoiced_on_acceptance(self):
        # 2,400.00 due 20 June 2023, unpaid on 20 July:
        #   21-30 June: 10 days x 2,400.00 x 12.50 % / 365 =  8.219178 (ECB 2.50 + 10)
        #   1-20 July:  20 days x 2,400.00 x 14.00 % / 365 = 18.410959 (ECB 4.00 + 10)
        #   interest 26.630137 -> 26.63, plus the 40.00 indemnity: 66.63.
        invoice = self._post(self._invoice(self.business, 2400.0, "2023-06-20", currency=self.euro))
        plan = self._plan(
            invoice, instalment_count=4, first_date="2023-07-31", include_penalties=True
        )
        self.assertEqual(plan.amount_invoices, 2400.0)
        self.assertEqual(plan.amount_penalties, 66.63)
        self.assertEqual(plan.amount_total, 2466.63)
        # 2,466.63 / 4 = 616.6575: 616.65 three times, 616.68 last.
        self.assertEqual(
            [line.amount for line in plan.instalment_ids.sorted("date")],
            [616.65, 616.65, 616.65, 616.68],
        )
        self.assertEqual(plan.currency_id, self.euro)
        plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        self._sign(plan)
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.acceptance_method, "paper")
        self.assertEqual(plan.accepted_by, "Jean Durand")
        penalty = plan.penalty_move_id
        self.assertEqual(penalty.state, "posted")
        self.assertEqual(penalty.amount_total, 66.63)
        self.assertEqual(plan.move_ids, invoice | penalty)
        # Accepting the plan acknowledges the debt (Code civil, art. 2240).
        self.assertEqual(invoice.relance_debt_acknowledged, fields.Date.to_date("2023-07-20"))
        self.assertEqual(penalty.relance_debt_acknowledged, fields.Date.to_date("2023-07-20"))
        self.assertEqual(plan.amount_paid, 0.0)
        self.assertEqual(plan.amount_left, 2466.63)
        signed = self.env["ir.attachment"].search(
            [("res_model", "=", plan._name), ("res_id", "=", plan.id)]
        )
        self.assertEqual(signed.mapped("name"), ["signed.pdf"])
        # Nothing of the plan's invoice is claimed again while the plan runs.
        self.assertFalse(
            self.env["account.move"]._relance_late_invoices(self.env.company, fields.Date.today())
            & invoice
        )

    @freeze_time("2026-03-01")
    def test_payments_pay_the_instalments_in_date_order(self):
        invoice = self._post(self._invoice(self.business, 900.0, "2026-01-10"))
        plan = self._plan(invoice, instalment_count=3, first_date="2026-03-01")
        self._sign(plan)
        # 400.00: the first instalment (300.00) and 100.00 of the second.
        self._pay(invoice, 400.0, "2026-03-01")
        lines = plan.instalment_ids.sorted("date")
        self.assertEqual(lines.mapped("amount_paid"), [300.0, 100.0, 0.0])
        self.assertEqual(lines.mapped("state"), ["paid", "partial", "due"])
        self.assertEqual(plan.amount_paid, 400.0)
        self.assertEqual(plan.next_date, fields.Date.to_date("2026-04-01"))
        self.assertEqual(plan.next_amount, 200.0)
        with freeze_time("2026-04-03"):
            plan.invalidate_recordset()
            lines.invalidate_recordset()
            self.assertEqual(lines.mapped("state"), ["paid", "late", "due"])
        # One payment covering the rest completes the plan at once.
        self._pay(invoice, 500.0, "2026-03-01")
        self.assertEqual(plan.state, "completed")
        self.assertEqual(plan.date_completed, fields.Date.to_date("2026-03-01"))
        self.assertEqual(lines.mapped("state"), ["paid", "paid", "paid"])

    @freeze_time("2026-03-01")
    def test_the_run_leaves_a_running_plan_alone_until_it_is_cancelled(self):
        planned, other = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.business, 120.0, "2026-01-10"),
            ]
        )
        plan = self._plan(planned, instalment_count=2, first_date="2026-03-10")
        self._sign(plan)
        preview = self.env["relance.run.preview"].create(
            {"partner_ids": [Command.set(self.business.ids)]}
        )
        preview.action_preview()
        self.assertEqual(preview.plan_ids, plan)
        communication = self._run(self.business)
        self.assertEqual(communication.line_ids.move_id, other)
        self.assertFalse(self._receivable(planned).relance_level_id)
        plan._cancel("The customer asked for a single payment instead")
        self.assertEqual(plan.state, "cancelled")
        self.assertFalse(planned.relance_plan_id)
        with freeze_time("2026-03-20"):
            communication = self._run(self.business)
        self.assertIn(planned, communication.line_ids.move_id)

    @freeze_time("2026-03-01")
    def test_refusals_leave_nothing_behind(self):
        Plan = self.env["relance.payment.plan"]
        invoice, other_customer, in_dollars, paid, excluded, disputed = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.consumer, 100.0, "2026-01-10"),
                self._invoice(self.business, 100.0, "2026-01-10", currency=self.euro),
                self._invoice(self.business, 100.0, "2026-01-10"),
                self._invoice(self.business, 100.0, "2026-01-10"),
                self._invoice(self.business, 100.0, "2026-01-10"),
            ]
        )
        self._pay(paid, 100.0, "2026-02-01")
        excluded.relance_excluded = True
        self.env["relance.dispute"].create(
            {"move_id": disputed.id, "reason": "quality", "date_start": "2026-02-20"}
        )
        cases = [
            (invoice | other_customer, {}, "invoice of Camille Martin"),
            (invoice | in_dollars, {}, "one plan per currency"),
            (paid, {}, "it is paid"),
            (excluded, {}, "excluded from collections"),
            (disputed, {}, "is disputed"),
            (invoice, {"instalment_count": 0}, "at least 1"),
            (invoice, {"instalment_count": -3}, "at least 1"),
            (invoice, {"first_date": "2026-02-28"}, "cannot be in the past"),
            (invoice, {"down_payment": 500.0}, "less than the debt"),
        ]
        for moves, values, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(ValidationError, message):
                self._plan(moves, partner_id=self.business.id, **values)
        self.assertFalse(Plan.search([]))
        self._plan(invoice, instalment_count=2)
        with self.assertRaisesRegex(ValidationError, "already in payment plan"):
            self._plan(invoice, instalment_count=4)
        self.assertEqual(Plan.search_count([]), 1)

    @freeze_time("2026-03-01")
    def test_created_over_the_orm_without_the_wizard(self):
        Plan = self.env["relance.payment.plan"]
        invoice = self._post(self._invoice(self.business, 500.0, "2026-01-10"))
        with self.assertRaisesRegex(ValidationError, "add up to .*250.00.*not to the plan's total"):
            Plan.create(
                {
                    "partner_id": self.business.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "instalment_ids": [
                        Command.create({"date": "2026-03-10", "amount": 125.0}),
                        Command.create({"date": "2026-04-10", "amount": 125.0}),
                    ],
                }
            )
        with self.assertRaisesRegex(ValidationError, "at least one invoice"):
            Plan.create({"partner_id": self.business.id})
        self.assertFalse(Plan.search([]))
        plan = Plan.create(
            {
                "partner_id": self.business.id,
                "move_ids": [Command.set(invoice.ids)],
                "instalment_ids": [
                    Command.create({"date": "2026-03-10", "amount": 250.0}),
                    Command.create({"date": "2026-04-10", "amount": 250.0}),
                ],
            }
        )
        self.assertEqual(plan.amount_total, 500.0)
        with self.assertRaisesRegex(ValidationError, "add up to"):
            plan.instalment_ids[0].amount = 200.0
        self.assertEqual(plan.instalment_ids.mapped("amount"), [250.0, 250.0])
        self._sign(plan)
        with self.assertRaisesRegex(ValidationError, "can no longer change"):
            plan.instalment_ids[0].date = "2026-03-20"
        with self.assertRaisesRegex(UserError, "cannot be accepted"):
            self._sign(plan)

    @freeze_time("2026-03-01")
    def test_proposing_after_a_payment_asks_for_a_new_plan(self):
        invoice = self._post(self._invoice(self.business, 500.0, "2026-01-10"))
        plan = self._plan(invoice, instalment_count=2)
        self._pay(invoice, 50.0, "2026-03-01")
        with self.assertRaisesRegex(ValidationError, "no longer .*500.00"):
            plan.action_propose()
        self.assertEqual(plan.state, "draft")

    @freeze_time("2026-03-01")
    def test_another_companys_plans_stay_out_of_sight(self):
        invoice = self._post(self._invoice(self.business, 500.0, "2026-01-10"))
        plan = self._plan(invoice, instalment_count=2)
        other = self.company_data_2["company"]
        self.collections_user.write({"company_ids": [Command.link(other.id)]})
        as_other = self.env(user=self.collections_user, context={"allowed_company_ids": other.ids})
        self.assertFalse(as_other["relance.payment.plan"].search([]))
        self.assertFalse(as_other["relance.payment.plan.instalment"].search([]))
        mine = self.env(
            user=self.collections_user, context={"allowed_company_ids": self.env.company.ids}
        )
        self.assertEqual(mine["relance.payment.plan"].search([]), plan)


@tagged("post_install", "-at_install")
class TestRelancePaymentPlanScheduled(RelancePlanCommon):
    """Through Odoo's cron runner: not frozen, the dates are relative to today."""

    def _days(self, days):
        return fields.Date.today() + timedelta(days=days)

    def _running_plan(self, amount, count, first_day):
        """A plan signed ``-first_day`` days ago whose first instalment was that day,
        on an invoice due 20 days before."""
        signed_on, invoiced_on = self._days(first_day), self._days(first_day - 20)
        with freeze_time(signed_on):
            invoice = self._post(self._invoice(self.business, amount, invoiced_on))
            plan = self._plan(invoice, instalment_count=count, first_date=signed_on)
            self._sign(plan)
        return invoice, plan

    def test_broken_by_the_scheduled_action_and_the_ladder_resumes(self):
        self.env.company.relance_credit_hold_broken_plan = True
        self.policy.plan_grace_days = 5
        # The first instalment, 6 days ago, is unpaid: more than 5 days' grace.
        invoice, plan = self._running_plan(600.0, 3, -6)
        self.assertEqual(self._drive(self.plan_cron), 1)
        self.assertEqual(plan.state, "broken")
        self.assertEqual(plan.date_broken, fields.Date.today())
        self.assertEqual(plan.broken_instalment_id.date, self._days(-6))
        self.assertEqual(plan.resume_level_id, self.level_formal_notice)
        self.assertTrue(
            any("Payment plan broken" in body for body in self.business.message_ids.mapped("body"))
        )
        activity = plan.activity_ids
        self.assertEqual(activity.summary, "Broken payment plan")
        self.assertEqual(activity.user_id, self.env.user)
        self.assertIn(
            "broken_plan",
            self.business.with_company(self.env.company)
            .relance_credit_hold_ids.filtered(lambda hold: hold.state == "active")
            .mapped("cause"),
        )
        # Driven again: nothing more, the plan stays broken with one activity.
        self._drive(self.plan_cron)
        self.assertEqual(len(plan.activity_ids), 1)
        # The next run sends the formal notice (after approval: a first communication).
        communication = self._run(self.business)
        self.assertEqual(communication.level_id, self.level_formal_notice)
        self.assertEqual(communication.line_ids.move_id, invoice)
        self.assertTrue(plan.ladder_resumed)
        # Paid: the hold for the broken plan lifts itself.
        self._pay(invoice, 600.0, fields.Date.today())
        self.assertNotIn(
            "broken_plan",
            self.business.with_company(self.env.company)
            .relance_credit_hold_ids.filtered(lambda hold: hold.state == "active")
            .mapped("cause"),
        )

    def test_within_the_grace_days_nothing_breaks_and_a_reminder_goes_once(self):
        self.policy.write({"plan_grace_days": 5, "plan_reminder_days": 3})
        # First instalment 5 days ago (within the grace), the next in 26 days or so.
        invoice, plan = self._running_plan(600.0, 3, -5)
        self._pay(invoice, 200.0, fields.Date.today())
        self.assertEqual(plan.state, "active")
        second = plan.instalment_ids.sorted("date")[1]
        plan_days = (second.date - fields.Date.today()).days
        self.assertGreater(plan_days, 3)
        self._drive(self.plan_cron)
        self.assertEqual(plan.state, "active")
        self.assertFalse(second.reminder_sent)
        # As many days before the second instalment as the policy says: its reminder,
        # once, however often the check runs.
        self.policy.plan_reminder_days = plan_days
        for _round in range(2):
            plan.date_checked = False
            self._drive(self.plan_cron)
        mails = self.env["mail.mail"].search(
            [("model", "=", second._name), ("res_id", "=", second.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertIn("200.00", mails.body_html)
        self.assertEqual(mails.recipient_ids, self.business)
        self.assertTrue(second.reminder_sent)

    def test_a_credit_note_can_complete_a_plan(self):
        invoice, plan = self._running_plan(300.0, 2, -1)
        credit_note = self._post(
            self._invoice(self.business, 300.0, fields.Date.today(), move_type="out_refund")
        )
        (self._receivable(invoice) | self._receivable(credit_note)).reconcile()
        self.assertEqual(plan.state, "completed")
        self._drive(self.plan_cron)
        self.assertEqual(plan.state, "completed")
        self.assertEqual(plan.amount_left, 0.0)


@tagged("post_install", "-at_install")
class TestRelancePaymentPlanApi(RelancePlanCommon, JsonRpcMixin, HttpCase):
    def test_refused_over_the_external_api_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        today = fields.Date.today()
        invoice = self._post(self._invoice(self.business, 500.0, today - timedelta(days=60)))
        _plan_id, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.payment.plan",
            "create",
            {
                "partner_id": self.business.id,
                "move_ids": [Command.set(invoice.ids)],
                "instalment_ids": [
                    Command.create({"date": str(today + timedelta(days=10)), "amount": 400.0})
                ],
            },
            lang="fr_FR",
        )
        self.assertIn("ne correspond pas au total", error)
        _plan_id, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.payment.plan",
            "create",
            {"move_ids": [Command.set(invoice.ids)]},
            lang="fr_FR",
        )
        self.assertTrue(error)
        self.assertFalse(self.env["relance.payment.plan"].search([]))
