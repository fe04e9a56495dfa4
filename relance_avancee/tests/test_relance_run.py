# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceRun(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.split_term = cls.env["account.payment.term"].create(
            {
                "name": "Half now, half in 30 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 50.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 50.0, "nb_days": 30}),
                ],
            }
        )

    def test_the_whole_ladder_over_time(self):
        invoice = self._post([self._invoice(self.business, 1000.0, "2026-01-01")])
        expected = [
            ("2026-01-03", False),
            ("2026-01-04", self.level_friendly),
            ("2026-01-16", self.level_second),
            ("2026-01-31", self.level_call),
            ("2026-02-15", self.level_formal_notice),
            ("2026-03-02", self.level_hand_over),
        ]
        for day, level in expected:
            with freeze_time(day):
                communications = self._run(self.business)
                self.assertEqual(communications.level_id, level or self.env["relance.level"], day)
                if level == self.level_formal_notice:
                    # Approved and sent, posted that day, received three days later:
                    # its 8 days to pay run from the receipt, then the hand-over.
                    communications.action_approve()
                    communications.action_send_now()
                    communications.write(
                        {
                            "registered_sent_date": "2026-02-15",
                            "registered_receipt_date": "2026-02-18",
                        }
                    )
        self.assertEqual(self._receivable(invoice).relance_level_id, self.level_hand_over)
        history = self.business.relance_communication_ids.sorted("date")
        self.assertEqual(len(history), 5)
        channels = [
            "channel_email",
            "channel_letter",
            "channel_registered_letter",
            "channel_call",
            "channel_hand_over",
        ]
        expected_history = [
            (self.level_friendly, "queued", {"channel_email"}),
            (self.level_second, "queued", {"channel_email", "channel_letter"}),
            (self.level_call, "queued", {"channel_call"}),
            (self.level_formal_notice, "sent", {"channel_registered_letter"}),
            (self.level_hand_over, "to_approve", {"channel_hand_over"}),
        ]
        self.assertRecordValues(
            history,
            [
                {
                    "level_id": level.id,
                    "state": state,
                    "amount_net": 1000.0,
                    **{name: name in actions for name in channels},
                }
                for level, state, actions in expected_history
            ],
        )

    @freeze_time("2026-02-20")
    def test_second_run_the_same_day_creates_nothing(self):
        self._post(
            [
                self._invoice(self.business, 100.0, "2026-02-10"),
                self._invoice(self.business, 200.0, "2026-01-20"),
                self._invoice(self.consumer, 300.0, "2026-02-01"),
            ]
        )
        partners = self.business | self.consumer
        first = self._run(partners)
        self.assertEqual(len(first), 2)
        self.assertEqual(len(first.line_ids), 3)
        self.assertFalse(self._run(partners))
        self.assertEqual(
            self.env["relance.communication"].search_count([("partner_id", "in", partners.ids)]), 2
        )

    @freeze_time("2026-02-01")
    def test_instalments_sit_at_their_own_level(self):
        invoice = self._post(
            [self._invoice(self.business, 1000.0, "2026-01-01", payment_term=self.split_term)]
        )
        communication = self._run(self.business)
        first, second = self._receivable(invoice).sorted("date_maturity")
        self.assertEqual(first.relance_level_id, self.level_call)
        self.assertFalse(second.relance_level_id, "due 31 January: one day late, no level yet")
        self.assertRecordValues(
            communication.line_ids,
            [
                {
                    "move_line_id": first.id,
                    "level_id": self.level_call.id,
                    "amount_residual": 500.0,
                },
            ],
        )
        with freeze_time("2026-02-04"):
            communication = self._run(self.business)
        # What moved decides: the second instalment's own friendly reminder (its level
        # asks for no gap), the first listed apart at the call it already had.
        self.assertEqual(communication.level_id, self.level_friendly)
        self.assertEqual(second.relance_level_id, self.level_friendly)
        self.assertRecordValues(
            communication.line_ids.sorted("date_maturity"),
            [
                {"move_line_id": first.id, "level_id": self.level_call.id, "moved_up": False},
                {"move_line_id": second.id, "level_id": self.level_friendly.id, "moved_up": True},
            ],
        )
        with freeze_time("2026-02-08"):
            self.assertFalse(self._run(self.business), "nothing moved")
        self.assertEqual(communication.amount_due, 1000.0)

    @freeze_time("2026-03-01")
    def test_credit_notes_and_partial_payments_are_netted(self):
        invoice = self._post([self._invoice(self.business, 1000.0, "2026-02-01")])
        self._pay(invoice, 300.0, "2026-02-10")
        refund = self._post(
            [self._invoice(self.business, 100.0, "2026-02-15", move_type="out_refund")]
        )
        communication = self._run(self.business)
        self.assertRecordValues(
            communication,
            [
                {
                    "amount_due": 700.0,
                    "amount_credit": -100.0,
                    "amount_net": 600.0,
                }
            ],
        )
        self.assertRecordValues(
            communication.line_ids.sorted("is_credit"),
            [
                {"move_id": invoice.id, "amount_residual": 700.0, "is_credit": False},
                {"move_id": refund.id, "amount_residual": -100.0, "is_credit": True},
            ],
        )

    @freeze_time("2026-03-01")
    def test_credits_covering_the_debt_send_nothing(self):
        self._post([self._invoice(self.business, 100.0, "2026-02-01")])
        self._post([self._invoice(self.business, 100.0, "2026-02-15", move_type="out_refund")])
        self.assertFalse(self._run(self.business))

    @freeze_time("2026-03-01")
    def test_consumer_first_communication_is_not_a_formal_notice(self):
        self._post([self._invoice(self.consumer, 400.0, "2026-01-10")])
        communication = self._run(self.consumer)
        self.assertEqual(communication.level_id.name, self.level_call.name)
        with freeze_time("2026-03-08"):
            communication = self._run(self.consumer)
        # Once a first letter went out, the formal notice may follow.
        self.assertEqual(communication.level_id.name, self.level_formal_notice.name)

    @freeze_time("2026-03-01")
    def test_tolerance(self):
        self.policy.tolerance_amount = 20.0
        self._post([self._invoice(self.business, 19.99, "2026-02-01")])
        self.assertFalse(self._run(self.business))

    @freeze_time("2026-03-01")
    def test_excluded_invoice_is_never_claimed(self):
        invoices = self._post(
            [
                self._invoice(self.business, 100.0, "2026-02-01"),
                self._invoice(self.business, 250.0, "2026-02-01"),
            ]
        )
        invoices[0].relance_excluded = True
        communication = self._run(self.business)
        self.assertEqual(communication.line_ids.move_id, invoices[1])

    @freeze_time("2026-03-01")
    def test_one_step_per_run_without_catch_up(self):
        self.policy.catch_up = False
        # A new invoice enters at the first level (the shipped default).
        self.policy.entry_by_age = False
        self._post([self._invoice(self.business, 100.0, "2026-01-01")])
        self.assertEqual(self._run(self.business).level_id, self.level_friendly)

    @freeze_time("2026-02-01")
    def test_customer_policy_overrides_the_default(self):
        gentle = self.policy.copy({"name": "Public bodies", "is_default": False})
        gentle.level_ids.filtered(lambda level: level.sequence > 10).unlink()
        self.business.with_company(self.env.company).relance_policy_id = gentle
        self._post([self._invoice(self.business, 100.0, "2026-01-01")])
        self.assertEqual(self._run(self.business).level_id, gentle.level_ids)

    @freeze_time("2026-02-01")
    def test_one_communication_per_currency(self):
        euro = self.euro
        self._post(
            [
                self._invoice(self.business, 100.0, "2026-01-01"),
                self._invoice(self.business, 80.0, "2026-01-20", currency=euro),
            ]
        )
        communications = self._run(self.business)
        self.assertEqual(len(communications), 2)
        self.assertEqual(
            set(communications.currency_id.ids), {self.env.company.currency_id.id, euro.id}
        )

    def test_concurrent_run_is_refused(self):
        # A company committed before the test: another connection sees its lock row.
        company = self.env.ref("base.main_company")
        with self.registry.cursor() as other_cr:
            # Another connection (a second worker) runs that company's collections.
            other_cr.execute(
                "SELECT id FROM relance_run_lock WHERE company_id = %s FOR NO KEY UPDATE",
                (company.id,),
            )
            with self.assertRaisesRegex(UserError, "being run or sent"):
                self.env["relance.run"].sudo()._run_now(company=company)

    @freeze_time("2026-02-20")
    def test_preview_lists_the_invoices_keeps_its_title_and_says_when_nothing_is_due(self):
        # Only the first-contact rule holds the formal notice, not its level.
        self.level_formal_notice.requires_validation = False
        first, second = self._post(
            [
                self._invoice(self.business, 100.0, "2026-01-01"),
                self._invoice(self.business, 250.0, "2026-01-02"),
            ]
        )
        preview = (
            self.env["relance.run.preview"]
            .with_user(self.collections_user)
            .create({"partner_ids": [Command.set(self.business.ids)]})
        )
        action = preview.action_preview()
        self.assertEqual(action["name"], "Run Collections")
        # 50 days late (the policy lets it enter at its age): a formal notice as the
        # customer's first communication waits for approval.
        self.assertRecordValues(
            preview.line_ids,
            [
                {
                    "level_id": self.level_formal_notice.id,
                    "invoices": f"{first.name}, {second.name}",
                    "requires_validation": True,
                }
            ],
        )
        self.assertEqual(preview.to_approve_count, 1)
        nothing = (
            self.env["relance.run.preview"]
            .with_user(self.collections_user)
            .create({"partner_ids": [Command.set(self.consumer.ids)]})
        )
        nothing.action_preview()
        self.assertTrue(nothing.previewed)
        self.assertFalse(nothing.line_ids)

    @freeze_time("2026-02-20")
    def test_preview_writes_nothing_and_matches_the_run(self):
        invoices = self._post(
            [
                self._invoice(self.business, 100.0, "2026-02-10"),
                self._invoice(self.consumer, 300.0, "2026-01-01"),
            ]
        )
        partners = self.business | self.consumer
        preview = (
            self.env["relance.run.preview"]
            .with_user(self.collections_user)
            .create({"partner_ids": [Command.set(partners.ids)]})
        )
        communications = self.env["relance.communication"]
        counts = (communications.search_count([]), self.env["relance.run"].search_count([]))
        preview.action_preview()
        self.assertRecordValues(
            preview.line_ids.sorted(lambda line: line.amount_net),
            [
                {
                    "partner_id": self.business.id,
                    "level_id": self.level_friendly.id,
                    "amount_net": 100.0,
                    "item_count": 1,
                    "escalated_count": 1,
                },
                {
                    "partner_id": self.consumer.id,
                    "level_id": self.level_call.id,
                    "amount_net": 300.0,
                    "item_count": 1,
                    "escalated_count": 1,
                },
            ],
        )
        self.assertFalse(self._receivable(invoices).relance_level_id)
        self.assertEqual(
            (communications.search_count([]), self.env["relance.run"].search_count([])), counts
        )
        action = preview.action_run()
        run = self.env["relance.run"].browse(action["res_id"])
        self.assertEqual(
            sorted((c.partner_id.id, c.level_id.id) for c in run.communication_ids),
            sorted((line.partner_id.id, line.level_id.id) for line in preview.line_ids),
        )

    @freeze_time("2026-02-20")
    def test_scheduled_run_goes_through_every_company_batch_after_batch(self):
        company_2 = self.setup_other_company(name="Second company")["company"]
        self._post([self._invoice(self.business, 100.0, "2026-02-01")])
        self._post(
            [self._invoice(self.business, 70.0, "2026-02-01", company=company_2)], company=company_2
        )
        # As the scheduled action runs: OdooBot, superuser, every company.
        Run = self.env["relance.run"].sudo()
        companies = Run.env["res.company"].search([])
        for _call in range(50):
            Run._cron_daily_run()
            runs = Run.search([("date", "=", "2026-02-20"), ("mode", "=", "scheduled")])
            if len(runs.filtered(lambda run: run.state == "done")) == len(companies):
                break
        self.assertEqual(set(runs.company_id.ids), set(companies.ids))
        self.assertEqual(set(runs.mapped("state")), {"done"})
        self.assertEqual(
            set(self.business.relance_communication_ids.company_id.ids),
            {self.env.company.id, company_2.id},
        )
        Run._cron_daily_run()
        self.assertEqual(len(self.business.relance_communication_ids), 2, "once a day")

    @freeze_time("2026-02-20")
    def test_batches_cover_every_customer_whatever_their_names(self):
        # Created first, so a lower id, but last by name: a cursor on ids must not
        # skip it when batches are ordered.
        zeta = self.env["res.partner"].create({"name": "Zeta Transports", "is_company": True})
        alpha = self.env["res.partner"].create({"name": "Alpha Bureau", "is_company": True})
        self._post(
            [self._invoice(zeta, 100.0, "2026-02-01"), self._invoice(alpha, 200.0, "2026-02-01")]
        )
        run = self.env["relance.run"].create(
            {
                "company_id": self.env.company.id,
                "partner_ids": [Command.set((zeta | alpha).ids)],
            }
        )
        self.assertEqual(run._count_remaining_customers(), 2)
        self.assertEqual(run._process_batch(limit=1), 1)
        self.assertEqual(run._process_batch(limit=1), 1)
        self.assertEqual(run._process_batch(limit=1), 0)
        self.assertEqual(run.communication_ids.partner_id, zeta | alpha)
