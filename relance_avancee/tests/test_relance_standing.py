# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Where a customer stands: the figures at the top of its Collections tab."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RelanceCommon

TODAY = date(2026, 3, 20)


@tagged("post_install", "-at_install")
class TestRelanceStanding(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late, cls.not_due = cls._post(
            [
                cls._invoice(cls.business, 1000.0, (TODAY - timedelta(days=40)).isoformat()),
                cls._invoice(
                    cls.business,
                    200.0,
                    (TODAY - timedelta(days=5)).isoformat(),
                    payment_term=cls.env.ref("account.account_payment_term_30days"),
                ),
            ]
        )
        cls._post(
            cls._invoice(
                cls.business,
                100.0,
                (TODAY - timedelta(days=10)).isoformat(),
                move_type="out_refund",
            )
        )

    @freeze_time(TODAY)
    def test_the_standing_of_a_customer_on_the_ladder(self):
        communication = self._run(self.business)
        # 40 days late: the call level; the credit note is netted.
        self.assertEqual(communication.level_id, self.level_call)
        promise = self.env["relance.promise"].create(
            {"partner_id": self.business.id, "amount": 300.0, "date": TODAY + timedelta(days=3)}
        )
        self.env["relance.dispute"].create(
            {"move_id": self.not_due.id, "reason": "quality", "date_start": TODAY}
        )
        standing = self.business.with_company(self.env.company)
        self.assertRecordValues(
            standing,
            [
                {
                    "relance_total_due": 1100.0,  # 1,000 + 200 - 100
                    "relance_overdue": 900.0,  # the 200 are due in 25 days
                    "relance_oldest_days_late": 40,
                    "relance_level_reached_id": self.level_call.id,
                    "relance_last_communication_id": communication.id,
                    # The formal notice at 45 days (in 5 days), its 7-day gap since
                    # today's call later still.
                    "relance_next_level_id": self.level_formal_notice.id,
                    "relance_next_action_date": TODAY + timedelta(days=7),
                    "relance_open_promise_id": promise.id,
                    "relance_open_dispute_count": 1,
                    "relance_effective_policy_id": self.policy.id,
                }
            ],
        )

    @freeze_time(TODAY)
    def test_a_customer_with_nothing_due(self):
        self.assertRecordValues(
            self.consumer.with_company(self.env.company),
            [
                {
                    "relance_total_due": 0.0,
                    "relance_overdue": 0.0,
                    "relance_oldest_days_late": 0,
                    "relance_level_reached_id": False,
                    "relance_last_communication_id": False,
                    "relance_next_level_id": False,
                    "relance_open_promise_id": False,
                    "relance_open_dispute_count": 0,
                    "relance_effective_policy_id": self.policy.id,
                }
            ],
        )

    def test_the_smart_button_opens_the_customers_receivables(self):
        action = self.business.action_relance_open_receivables()
        lines = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(lines.move_id.commercial_partner_id, self.business)

    @freeze_time(TODAY)
    def test_the_collections_tabs_buttons(self):
        # Send Statement: Odoo's composer, the statement attached by the template,
        # from the company the user works in.
        action = self.business.action_relance_send_statement()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
        self.assertEqual(
            composer.template_id, self.env.ref("relance_avancee.mail_template_relance_statement")
        )
        self.assertIn(self.env.company.name, composer.subject)
        composer._action_send_mail()
        message = self.business.message_ids[:1]
        self.assertEqual(message.subject, composer.subject)
        # Odoo's tests render reports as HTML: the attachment is there, named.
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn(self.business.name, message.attachment_ids.name)
        # Print Statement: the statement report.
        report = self.business.action_relance_print_statement()
        self.assertEqual(report["report_name"], "relance_avancee.report_relance_statement")
        # Record a Promise: the form, for what is overdue.
        promise_action = self.business.action_relance_record_promise()
        promise = (
            self.env["relance.promise"]
            .with_context(**promise_action["context"])
            .create({"date": TODAY + timedelta(days=5)})
        )
        self.assertRecordValues(
            promise, [{"partner_id": self.business.id, "amount": 900.0, "state": "open"}]
        )

    @freeze_time(TODAY)
    def test_open_items_and_disputed_amount(self):
        standing = self.business.with_company(self.env.company)
        # Oldest due first: the late invoice, the credit note, the invoice not due.
        self.assertEqual(len(standing.relance_open_line_ids), 3)
        self.assertEqual(standing.relance_open_line_ids[0].move_id, self.late)
        self.assertEqual(sum(standing.relance_open_line_ids.mapped("amount_residual")), 1100.0)
        dispute = self.env["relance.dispute"].create(
            {"move_id": self.late.id, "reason": "quality", "date_start": TODAY}
        )
        self.assertEqual(dispute.amount_disputed, 1000.0)
        self._pay(self.late, 250.0, TODAY)
        self.assertEqual(dispute.amount_disputed, 750.0)
