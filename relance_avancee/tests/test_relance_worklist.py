# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The worklist (Receivables to collect): its rows, their order, the totals, what the
run plans next, the markers, and what a row's buttons record."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RelanceCommon

TODAY = date(2026, 3, 20)


def days(count):
    return TODAY + timedelta(days=count)


@tagged("post_install", "-at_install")
class TestRelanceWorklist(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The shipped behaviour: a new item enters at the first level.
        cls.policy.entry_by_age = False
        thirds = cls.env["account.payment.term"].create(
            {
                "name": "Thirds at 0, 30 and 60 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 30}),
                    Command.create({"value": "percent", "value_amount": 40.0, "nb_days": 60}),
                ],
            }
        )
        cls.other = cls.env["res.partner"].create({"name": "Menuiserie Petit", "is_company": True})
        # The business: one invoice 40 days late, one in three instalments invoiced
        # 70 days ago (due 70, 40 and 10 days ago). The consumer: 2 days late.
        # The other customer: nothing overdue, one invoice paid.
        cls.late, cls.split = cls._post(
            [
                cls._invoice(cls.business, 1000.0, days(-40)),
                cls._invoice(cls.business, 3000.0, days(-70), payment_term=thirds),
            ]
        )
        cls.young = cls._post([cls._invoice(cls.consumer, 200.0, days(-2))])
        cls.not_due, cls.paid = cls._post(
            [
                cls._invoice(
                    cls.other,
                    500.0,
                    days(-5),
                    payment_term=cls.env.ref("account.account_payment_term_30days"),
                ),
                cls._invoice(cls.other, 300.0, days(-50)),
            ]
        )

    def _rows(self, domain=()):
        # The rows are a query's: read afresh, as each request of the web client does.
        self.env["relance.worklist"].invalidate_model()
        return self.env["relance.worklist"].search(
            [("partner_id", "in", (self.business | self.consumer | self.other).ids), *domain]
        )

    @freeze_time(TODAY)
    def test_rows_order_and_figures_before_any_run(self):
        self._pay(self.paid, 300.0, TODAY)
        rows = self._rows()
        split_first, split_second, split_third = self._receivable(self.split).sorted(
            "date_maturity"
        )
        # Nothing planned yet, everything to do: the most overdue first; the paid and
        # the not yet due invoices are not listed.
        self.assertEqual(
            rows.move_line_id,
            split_first
            + self._receivable(self.late)
            + split_second
            + split_third
            + self._receivable(self.young),
        )
        self.assertRecordValues(
            rows,
            [
                {"days_late": 70, "amount_residual": 900.0, "instalment": "1/3"},
                {"days_late": 40, "amount_residual": 1000.0, "instalment": False},
                {"days_late": 40, "amount_residual": 900.0, "instalment": "2/3"},
                {"days_late": 10, "amount_residual": 1200.0, "instalment": "3/3"},
                {"days_late": 2, "amount_residual": 200.0, "instalment": False},
            ],
        )
        self.assertEqual(rows[0].display_name, f"{self.split.name} (1/3)")
        # Nothing planned yet: the first run plans.
        self.assertFalse(rows.level_id | rows.next_level_id)

    @freeze_time(TODAY)
    def test_the_run_records_the_level_and_plans_the_next_action(self):
        communications = self._run(self.business | self.consumer)
        # Never contacted: whatever their age, the business's items enter at the
        # first level; the consumer's, 2 days late, is not old enough for it.
        self.assertEqual(communications.level_id, self.level_friendly)
        self.assertEqual(communications.partner_id, self.business)
        rows = self._rows()
        business_rows = rows.filtered(lambda row: row.partner_id == self.business)
        self.assertRecordValues(
            business_rows,
            [
                {
                    "level_id": self.level_friendly.id,
                    "level_step": 1,
                    "last_communication_id": communications.id,
                    "last_communication_date": TODAY,
                    # The second reminder once its 7-day gap since today has passed;
                    # the youngest instalment is 15 days late by then too.
                    "next_level_id": self.level_second.id,
                    "next_action_date": days(7),
                }
            ]
            * 4,
        )
        self.assertIn("Email", business_rows[0].last_communication_channels)
        consumer_row = rows.filtered(lambda row: row.partner_id == self.consumer)
        self.assertRecordValues(
            consumer_row,
            [
                {
                    "level_id": False,
                    "last_communication_id": False,
                    # 3 days late tomorrow: the first reminder.
                    "next_level_id": self.level_friendly.id,
                    "next_action_date": days(1),
                }
            ],
        )
        # A second run the same day sends nothing and plans the same.
        self.assertFalse(self._run(self.business | self.consumer))
        # The soonest action first.
        self.assertEqual(
            self._rows([("partner_id", "!=", self.other.id)]).mapped("next_action_date"),
            [days(1)] + [days(7)] * 4,
        )

        # The next day's filter: only the consumer's action is due tomorrow.
        with freeze_time(days(1)):
            due = self._rows([("next_action_date", "<=", days(1))])
            self.assertEqual(due.partner_id, self.consumer)
            self.assertEqual(due.days_late, 3)

    @freeze_time(TODAY)
    def test_group_totals_and_highest_level(self):
        self._run(self.business | self.consumer)
        with freeze_time(days(7)):
            self._run(self.business)
        groups = self.env["relance.worklist"]._read_group(
            [("partner_id", "in", (self.business | self.consumer).ids)],
            ["partner_id"],
            ["amount_residual:sum", "level_step:max", "days_late:max"],
        )
        self.assertEqual(
            {partner: figures for partner, *figures in groups},
            {self.consumer: [200.0, 0, 2], self.business: [4000.0, 2, 70]},
        )

    @freeze_time(TODAY)
    def test_a_groups_currency_is_known_when_its_rows_share_one(self):
        # What the list puts beside a group's total: the currency of all its rows,
        # nothing when they mix currencies.
        self._post([self._invoice(self.consumer, 50.0, days(-30), currency=self.euro)])
        groups = self.env["relance.worklist"]._read_group(
            [("partner_id", "in", (self.business | self.consumer).ids)],
            ["partner_id"],
            ["company_currency_id_in_group:single", "currency_id_in_group:single"],
        )
        company_currency = self.env.company.currency_id
        self.assertNotEqual(company_currency, self.euro)
        self.assertEqual(
            {partner: figures for partner, *figures in groups},
            {
                self.business: [company_currency.id, company_currency.id],
                self.consumer: [company_currency.id, False],
            },
        )

    @freeze_time(TODAY)
    def test_markers_and_their_filters(self):
        self._run(self.business | self.consumer)
        self.env["relance.dispute"].create(
            {"move_id": self.late.id, "reason": "quality", "date_start": TODAY}
        )
        self.env["relance.promise"].create(
            {"partner_id": self.consumer.id, "amount": 100.0, "date": days(5)}
        )
        self.business.with_company(self.env.company).write(
            {
                "relance_hold": True,
                "relance_hold_reason": "Receivership",
                "relance_hold_until": days(3),
            }
        )
        self.assertEqual(self._rows([("disputed", "=", True)]).move_id, self.late)
        self.assertEqual(self._rows([("promised", "=", True)]).partner_id, self.consumer)
        self.assertEqual(self._rows([("on_hold", "=", True)]).partner_id, self.business)
        # An ended hold is no hold.
        with freeze_time(days(4)):
            self.assertFalse(self._rows([("on_hold", "=", True)]))

        # The next run plans nothing under the dispute, and each suspended customer's
        # next action only after the suspension.
        self._run(self.business | self.consumer)
        late_row = self._rows([("move_id", "=", self.late.id)])
        self.assertFalse(late_row.next_level_id)
        consumer_row = self._rows([("partner_id", "=", self.consumer.id)])
        self.assertEqual(consumer_row.next_action_date, days(6), "the day after the promise")
        # The hold cancelled the business's reminder, still in the queue: nothing was
        # sent, so no gap holds the next one back. The day after the hold, the two
        # older instalments take the second level; the youngest, its 15 days reached
        # a day later, waits for that level's 7-day gap.
        reminder = self.env["relance.communication"].search([("partner_id", "=", self.business.id)])
        self.assertRecordValues(
            reminder,
            [{"state": "cancelled", "cancel_reason": "Collections put on hold: Receivership"}],
        )
        split_rows = self._rows([("move_id", "=", self.split.id)]).sorted("date_maturity")
        self.assertEqual(split_rows.mapped("next_action_date"), [days(4), days(4), days(11)])
        self.assertEqual(split_rows.next_level_id, self.level_second)

    @freeze_time(TODAY)
    def test_the_soonest_action_first_what_waits_last(self):
        self._run(self.business | self.consumer)
        self.env["relance.dispute"].create(
            {"move_id": self.late.id, "reason": "quality", "date_start": TODAY}
        )
        rows = self._rows()
        split_first, split_second, split_third = self._receivable(self.split).sorted(
            "date_maturity"
        )
        # The consumer's first reminder is tomorrow, the business's second in 7 days
        # (the longest overdue first among them); the other customer's invoice, never
        # run, has its first reminder to send, on no date yet; the disputed invoice
        # waits on no action of the collector's: last, though it is 40 days late.
        self.assertEqual(
            rows.move_line_id,
            self._receivable(self.young)
            + split_first
            + split_second
            + split_third
            + self._receivable(self.paid)
            + self._receivable(self.late),
        )
        self.assertEqual(rows.mapped("to_do"), [True] * 5 + [False])
        self.assertEqual(rows[-1].suspension, "disputed")

    @freeze_time(TODAY)
    def test_a_first_formal_notice_waits_for_approval_as_the_next_action(self):
        self.policy.entry_by_age = True
        communication = self._run(self.business)
        self.assertEqual(communication.level_id, self.level_hand_over)
        self.assertEqual(communication.state, "to_approve")
        row = self._rows([("move_id", "=", self.late.id)])
        self.assertRecordValues(
            row,
            [
                {
                    # 40 days late: the call level; the customer's first communication
                    # is a hand-over (another invoice is 70 days late), which waits
                    # for approval: that is the next action, today's.
                    "level_id": self.level_call.id,
                    "last_communication_id": False,
                    "next_level_id": self.level_hand_over.id,
                    "next_action_date": TODAY,
                }
            ],
        )

    @freeze_time(TODAY)
    def test_row_buttons(self):
        row = self._rows([("move_id", "=", self.late.id)])
        action = row.action_open_customer()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.business.id))
        promise_action = row.action_record_promise()
        promise = (
            self.env["relance.promise"]
            .with_context(**promise_action["context"])
            .create({"date": days(10)})
        )
        self.assertRecordValues(
            promise,
            [
                {
                    "partner_id": self.business.id,
                    "company_id": self.env.company.id,
                    "amount": 1000.0,
                    "state": "open",
                }
            ],
        )
        dispute_action = row.action_record_dispute()
        dispute = (
            self.env["relance.dispute"]
            .with_context(**dispute_action["context"])
            .create({"reason": "price"})
        )
        self.assertEqual(dispute.move_id, self.late)
        self.assertTrue(self._rows([("move_id", "=", self.late.id)]).disputed)
        run_action = row.action_run_now()
        run = self.env["relance.run"].browse(run_action["res_id"])
        self.assertEqual(run.partner_ids, self.business)
        self.assertEqual(run.state, "done")

    @freeze_time(TODAY)
    def test_rows_of_a_company_one_does_not_work_in_are_refused(self):
        company_2 = self.setup_other_company()["company"]
        self.env.user.company_ids += company_2
        invoice_2 = self._post(
            [self._invoice(self.business, 400.0, days(-20), company=company_2)],
            company=company_2,
        )
        # Allowed in both companies, working in the first one only.
        worklist = self.env["relance.worklist"].with_context(
            allowed_company_ids=self.env.company.ids
        )
        row = worklist.sudo().search([("move_id", "=", invoice_2.id)]).with_env(worklist.env)
        self.assertTrue(row)
        self.assertFalse(worklist.search([("move_id", "=", invoice_2.id)]))
        for method in ("action_record_promise", "action_record_dispute", "action_run_now"):
            with (
                self.subTest(method=method),
                self.assertRaisesRegex(UserError, "not among the companies you are working in"),
            ):
                getattr(row, method)()
        self.assertFalse(
            self.env["relance.promise"].search([("partner_id", "=", self.business.id)])
        )
        self.assertFalse(self.env["relance.dispute"].search([("move_id", "=", invoice_2.id)]))
        self.assertFalse(self.env["relance.run"].search([("company_id", "=", company_2.id)]))

    def test_the_refusal_is_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        company_2 = self.setup_other_company()["company"]
        invoice_2 = self._post(
            [self._invoice(self.business, 400.0, days(-20), company=company_2)],
            company=company_2,
        )
        row = (
            self.env["relance.worklist"]
            .sudo()
            .search([("move_id", "=", invoice_2.id)])
            .with_context(lang="fr_FR", allowed_company_ids=self.env.company.ids)
        )
        with self.assertRaisesRegex(UserError, "ne fait pas partie des sociétés"):
            row.sudo(False).action_record_promise()

    @freeze_time(TODAY)
    def test_a_level_waiting_for_validation_is_the_next_action(self):
        self.level_second.requires_validation = True
        self._run(self.business)
        with freeze_time(days(7)):
            communication = self._run(self.business)
            self.assertEqual(communication.level_id, self.level_second)
            self.assertEqual(communication.state, "to_approve")
            rows = self._rows([("partner_id", "=", self.business.id)])
            # Nothing is planned past it: the customer was not contacted yet.
            self.assertEqual(set(rows.mapped("next_level_id")), {self.level_second})
            self.assertEqual(set(rows.mapped("next_action_date")), {days(7)})

    @freeze_time(TODAY)
    def test_a_level_before_the_due_date_still_reminds(self):
        # A courtesy reminder 3 days before the due date: the run reads invoices not
        # yet due for it.
        self.level_friendly.delay = -3
        soon = self._post(
            [
                self._invoice(
                    self.other,
                    500.0,
                    days(-28),
                    payment_term=self.env.ref("account.account_payment_term_30days"),
                )
            ]
        )
        self.assertEqual(self._receivable(soon).date_maturity, days(2))
        communication = self._run(self.other)
        self.assertEqual(communication.level_id, self.level_friendly)
        self.assertIn(self._receivable(soon), communication.line_ids.move_line_id)
