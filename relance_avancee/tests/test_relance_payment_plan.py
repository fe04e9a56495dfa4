# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Payment plans on real invoices: drawn up, refused, accepted, paid, broken by the
scheduled action, completed, cancelled; and the collections run leaving them alone."""

import json
import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..engine import payment_qr
from .common import SCREENSHOT_DIR, JsonRpcMixin, RelanceCommon, TourScreenshotMixin
from .test_relance_letters import pdf_text, qr_codes


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

    def _mine(self):
        """The test's plans: the database may hold the demo's."""
        return [("partner_id", "in", (self.business | self.consumer).ids)]

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
        self.assertFalse(Plan.search(self._mine()))
        self._plan(invoice, instalment_count=2)
        with self.assertRaisesRegex(ValidationError, "already in payment plan"):
            self._plan(invoice, instalment_count=4)
        self.assertEqual(Plan.search_count(self._mine()), 1)

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
        self.assertFalse(Plan.search(self._mine()))
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

    def _today(self):
        """Today as the scheduled action counts it: in its user's time zone (an hour
        before midnight in UTC, it may already be tomorrow in Brussels)."""
        return fields.Date.context_today(
            self.env["relance.payment.plan"].with_user(self.plan_cron.user_id)
        )

    def _days(self, days):
        return self._today() + timedelta(days=days)

    def test_the_plan_is_its_customers_collectors(self):
        # Drawn up by whoever, followed by the customer's collector.
        self.business.with_company(self.env.company).relance_collector_id = self.collections_user
        invoice = self._post(self._invoice(self.business, 300.0, self._days(-40)))
        plan = self._plan(invoice, instalment_count=2, first_date=self._days(3))
        self.assertEqual(plan.user_id, self.collections_user)

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
        self.assertEqual(plan.date_broken, self._today())
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
        plan_days = (second.date - self._today()).days
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
        self.assertFalse(self.env["relance.payment.plan"].search(self._mine()))


@tagged("post_install", "-at_install")
class TestRelancePaymentPlanLetter(RelancePlanCommon, HttpCase):
    """The agreement letter rendered to a real PDF, read back with pdftotext and
    zbarimg."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_letter_company()

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the report styles from this test server.
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _render(self, plan):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("relance_avancee.report_relance_payment_plan", plan.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf did not produce a PDF")
        return pdf

    def _agreement(self):
        """900.00 EUR due 10 January 2026 spread on 1 March 2026 over three monthly
        instalments of 300.00 from 5 March, then proposed."""
        with freeze_time("2026-03-01"):
            invoice = self._post(
                self._invoice(self.business, 900.0, "2026-01-10", currency=self.euro)
            )
            plan = self._plan(invoice, instalment_count=3, first_date="2026-03-05")
            plan.action_propose()
        return invoice, plan

    def test_the_agreement_reads_back_and_its_qr_pays_the_next_instalment(self):
        invoice, plan = self._agreement()
        pdf = self._render(plan)
        # Kept with the tours' screenshots, for a person to look at.
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        (SCREENSHOT_DIR / "payment_plan_agreement.pdf").write_bytes(pdf)
        text = " ".join(pdf_text(pdf).split())
        self.assertIn(f"Payment plan agreement {plan.name}", text)
        self.assertIn(invoice.name, text)
        self.assertIn("Total spread by this plan 900.00 €", text)
        for number, day in enumerate(("03/05/2026", "04/05/2026", "05/05/2026"), 1):
            self.assertIn(f"{number} {day} 300.00 €", text)
        self.assertRegex(text, r"Next instalment: 300\.00 € ?on 03/05/2026")
        self.assertIn("more than 5 days after its date", text)
        self.assertIn("(Code civil, art. 2240)", text)
        self.assertIn("preceded by “Read and approved”", text)
        # EPC069-12: the next instalment's amount (300.00; none paid) and the plan's
        # own RF reference (ISO 11649 on its name, letters and digits).
        reference = payment_qr.rf_reference(plan.name.replace("/", ""))
        self.assertEqual(
            qr_codes(pdf),
            [
                "BCD\n002\n1\nSCT\n\nMenuiserie Étienne SAS\nFR7630006000011234567890189\n"
                f"EUR300.00\n\n{reference}".encode()
            ],
        )
        self.assertIn(reference, text)

    def test_the_agreement_signed_online_is_kept_with_its_signature(self):
        invoice, plan = self._agreement()
        plan.with_context(force_report_rendering=True)._accept_online(
            "Jean Durand", TestRelancePaymentPlanPortal._signature_png(), "203.0.113.9"
        )
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.accepted_ip, "203.0.113.9")
        (signed,) = plan.message_ids.attachment_ids
        self.assertEqual(signed.name, f"{plan.name} signed.pdf")
        text = " ".join(pdf_text(signed.raw).split())
        self.assertIn("Signed by Jean Durand on", text)
        self.assertNotIn("preceded by", text)
        self.assertIn(invoice.name, text)

    def test_the_proposal_email_carries_the_agreement(self):
        _invoice, plan = self._agreement()
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_model=plan._name,
                default_res_ids=plan.ids,
                default_template_id=self.env.ref(
                    "relance_avancee.mail_template_relance_payment_plan"
                ).id,
                default_composition_mode="comment",
                force_report_rendering=True,
            )
            .create({})
        )
        composer._action_send_mail()
        message = plan.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertEqual(message.partner_ids, self.business)
        self.assertIn("300.00", message.body)
        (attachment,) = message.attachment_ids
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertIn(plan.name, " ".join(pdf_text(attachment.raw).split()))

    def test_french_agreement(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        self.business.lang = "fr_FR"
        _invoice, plan = self._agreement()
        text = " ".join(pdf_text(self._render(plan)).split())
        self.assertIn(f"Échéancier de paiement {plan.name}", text)
        self.assertRegex(text, r"900,00\s?€")
        self.assertIn("05/03/2026", text)
        self.assertIn("Lu et approuvé", text)


@tagged("post_install", "-at_install")
class TestRelancePaymentPlanPortal(RelancePlanCommon, TourScreenshotMixin, HttpCase):
    """The customer's side, on Odoo's portal: the plan opened from the email's link,
    signed in Chromium; what another customer, a wrong token or a late signature
    gets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_letter_company()
        cls.portal_user = cls._create_portal_user("durand", cls.business)
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Boulangerie Petit", "is_company": True, "email": "petit@example.com"}
        )
        cls.other_user = cls._create_portal_user("petit", cls.other_customer)

    @classmethod
    def _create_portal_user(cls, login, customer):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": customer.name,
                    "login": login,
                    "password": login + "-pass-2026",
                    "partner_id": customer.id,
                    "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
                }
            )
        )

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the report styles from this test server.
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _proposed(self):
        today = fields.Date.today()
        invoice = self._post(
            self._invoice(self.business, 900.0, today - timedelta(days=40), currency=self.euro)
        )
        plan = self._plan(invoice, instalment_count=3, first_date=today + timedelta(days=3))
        plan.action_propose()
        return invoice, plan

    def _accept_json(self, plan, token, name="Jean Durand", signature=None):
        signature = signature or self._signature_png()
        response = self.url_open(
            f"/my/payment_plans/{plan.id}/accept?access_token={token}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"name": name, "signature": signature},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    @staticmethod
    def _signature_png():
        # A 1x1 PNG, as the signature component sends it: base64, no data: prefix.
        return (
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
            "WjR9awAAAABJRU5ErkJggg=="
        )

    def test_the_customer_signs_online_in_a_browser(self):
        invoice, plan = self._proposed()
        self.assertIn("/my/payment_plans/", plan.get_portal_url())
        screenshot = self._start_tour_with_screenshot(
            plan.get_portal_url(),
            "relance_avancee_payment_plan_portal_tour",
            "payment_plan_portal",
            login="durand",
        )
        self.assertTrue(screenshot.exists())
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.acceptance_method, "portal")
        self.assertEqual(plan.accepted_by, "Garage Durand SARL")
        self.assertTrue(plan.signature)
        self.assertEqual(plan.accepted_ip, "127.0.0.1")
        # The portal acts as the superuser: its day is the superuser's time zone's.
        superuser = self.env.ref("base.user_root")
        self.assertEqual(
            invoice.relance_debt_acknowledged,
            fields.Date.context_today(self.env["res.users"].with_user(superuser)),
        )
        # The agreement as signed is kept (its PDF is read back in
        # TestRelancePaymentPlanLetter: under tests, Odoo renders reports to HTML
        # unless the context forces a PDF, which a portal request cannot).
        signed = plan.message_ids.attachment_ids
        self.assertEqual(signed.mapped("name"), [f"{plan.name} signed.pdf"])

    def test_the_page_is_the_creditors_in_the_customers_language_with_how_to_pay(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        self.business.lang = "fr_FR"
        _invoice, plan = self._proposed()
        # The link carries the customer's language, whatever the browser says.
        url = plan.get_portal_url()
        self.assertIn("lang=fr_FR", url)
        page = self.url_open(url, headers={"Accept-Language": "en-US"}).text
        self.assertIn("Échéancier", page)
        self.assertNotIn("Payment plan", page)
        # Under the creditor's name, not the database's first company's.
        copyright_name = re.search(
            r'o_footer_copyright_name.*?itemprop="name"[^>]*>([^<]*)<', page, re.DOTALL
        )
        self.assertEqual(copyright_name.group(1), self.env.company.name)
        # Signed, the plan says how to pay: the creditor's IBAN and the QR code.
        self.assertTrue(self._accept_json(plan, plan.access_token)["force_refresh"])
        page = self.url_open(plan.get_portal_url()).text
        self.assertIn("FR76 3000 6000 0112 3456 7890 189", page)
        how_to_pay = page[page.index("o_relance_portal_how_to_pay") :]
        self.assertIn('src="data:image/png;base64,', how_to_pay)
        self.assertIn("Comment payer", page)

    def test_the_link_alone_is_enough_and_a_wrong_token_is_refused(self):
        _invoice, plan = self._proposed()
        page = self.url_open(plan.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(plan.name, page.text)
        wrong = self.url_open(f"/my/payment_plans/{plan.id}?access_token=not-the-token")
        self.assertNotIn(plan.name, wrong.text)
        result = self._accept_json(plan, "not-the-token")
        self.assertIn("link is not valid", result["error"])
        self.assertEqual(plan.state, "proposed")
        result = self._accept_json(plan, plan.access_token, name=" ")
        self.assertIn("Type your name", result["error"])
        result = self._accept_json(plan, plan.access_token)
        self.assertTrue(result["force_refresh"])
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.accepted_by, "Jean Durand")
        result = self._accept_json(plan, plan.access_token)
        self.assertIn("already accepted", result["error"])

    def test_another_customer_cannot_open_it(self):
        _invoice, plan = self._proposed()
        self.authenticate("petit", "petit-pass-2026")
        page = self.url_open(f"/my/payment_plans/{plan.id}")
        self.assertNotIn(plan.name, page.text)
        listing = self.url_open("/my/payment_plans")
        self.assertNotIn(plan.name, listing.text)
        self.assertFalse(self.env["relance.payment.plan"].with_user(self.other_user).search([]))
        self.authenticate("durand", "durand-pass-2026")
        listing = self.url_open("/my/payment_plans")
        self.assertIn(plan.name, listing.text)
        self.assertEqual(
            self.env["relance.payment.plan"].with_user(self.portal_user).search([]), plan
        )

    def test_cancelled_or_expired_proposals_cannot_be_signed(self):
        _invoice, plan = self._proposed()
        token = plan.access_token
        plan._cancel("Replaced by a shorter plan")
        self.assertIn("was cancelled", self._accept_json(plan, token)["error"])
        _invoice, late = self._proposed()
        late.validity_date = fields.Date.today() - timedelta(days=1)
        self.assertIn("expired on", self._accept_json(late, late.access_token)["error"])
        self.assertEqual(late.state, "proposed")

    def test_declined_with_a_reason(self):
        _invoice, plan = self._proposed()
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/payment_plans/{plan.id}/decline?access_token={plan.access_token}",
            data={
                "decline_message": "We cannot pay before March",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(plan.state, "cancelled")
        self.assertTrue(plan.declined)
        self.assertEqual(plan.cancel_reason, "We cannot pay before March")
