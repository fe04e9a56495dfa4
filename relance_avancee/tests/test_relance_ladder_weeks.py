# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The ladder lived over weeks: weekly runs, each on its own frozen day, through
Odoo's cron runner (the daily run, then the sending step), what waits approved as a
manager approves it and the registered letters posted, counting what repeats.

The days are in the past: the runner compares a job's next call with the database's
clock, which no freezing reaches."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .common import RelanceCommon

START_WEEKS_AGO = 10


@tagged("post_install", "-at_install")
class TestRelanceLadderWeeks(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_penalties(cls.company_data)
        cls.daily_cron = cls.env.ref("relance_avancee.ir_cron_relance_daily_run")
        cls.send_cron = cls.env.ref("relance_avancee.ir_cron_relance_send")
        cls.manager = cls._create_relance_user("manager", "relance_avancee.group_relance_manager")
        cls.start = fields.Date.today() - timedelta(weeks=START_WEEKS_AGO)
        cls.agency = cls.env["res.partner"].create(
            {"name": "Recouvrement Rhône SARL", "relance_collection_role": "agency"}
        )

    def _day(self, week, days=0):
        return self.start + timedelta(weeks=week, days=days)

    def _invoice_due(self, partner, amount, due):
        """An invoice due on ``due`` (immediate payment term), posted that day."""
        return self._post(self._invoice(partner, amount, due, payment_term=self.pay_terms_a))

    def _week(self, week, post_letters=True):
        """The week's run on its day: the daily run and the sending step through the
        runner, what waits for approval approved by the manager and sent, the
        registered letters posted that day. Returns the communications of the day."""
        day = self._day(week)
        with freeze_time(f"{day} 12:00:00"):
            self._drive(self.daily_cron, frozen=True)
            mine = self._communications([("date", "=", day)])
            waiting = mine.filtered(lambda c: c.state == "to_approve")
            if waiting:
                waiting.with_user(self.manager).action_approve()
            self._drive(self.send_cron, frozen=True)
            if post_letters:
                mine.filtered(lambda c: c.progress == "letter_to_post").registered_sent_date = day
        return self._communications([("date", "=", day)])

    def _communications(self, domain=()):
        return self.env["relance.communication"].search(
            [("partner_id", "=", self.business.id), *domain], order="date, id"
        )

    def _moved_up(self, invoice, level):
        """The communications that moved ``invoice`` up to ``level``."""
        return (
            self._communications()
            .line_ids.filtered(
                lambda line: line.moved_up
                and line.move_id == invoice
                and line.level_id == level
                and line.communication_id.state != "cancelled"
            )
            .communication_id
        )

    def _assert_each_says_what_moved(self):
        """Every communication is at the highest level among the items it moved up:
        none repeats a level an item already had."""
        for communication in self._communications():
            moved = communication.line_ids.filtered("moved_up").level_id
            self.assertTrue(moved, communication.display_name)
            self.assertEqual(
                communication.level_id,
                moved.sorted("sequence")[-1:],
                communication.display_name,
            )

    def _hand_over_tasks(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "relance.communication"),
                ("res_id", "in", self._communications().ids),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
            ]
        )

    def test_a_customer_on_notice_gets_a_reminder_for_the_new_invoice_only(self):
        # Put on notice at the first run (the invoice 50 days late; a business may get
        # a formal notice first, after a manager's approval).
        old = self._invoice_due(self.business, 2000.0, self._day(0, -50))
        (notice,) = self._week(0)
        self.assertRecordValues(
            notice,
            [{"level_id": self.level_formal_notice.id, "progress": "awaiting_receipt"}],
        )
        # A new invoice, 4 days late at the next run: a friendly reminder for it
        # alone; the invoice on notice listed apart, not moved.
        new = self._invoice_due(self.business, 533.92, self._day(1, -4))
        (reminder,) = self._week(1)
        self.assertEqual(reminder.level_id, self.level_friendly)
        self.assertAlmostEqual(reminder.amount_due, 2533.92, places=2)
        self.assertRecordValues(
            reminder.line_ids.sorted(lambda line: line.move_id != new),
            [
                {"move_id": new.id, "level_id": self.level_friendly.id, "moved_up": True},
                {"move_id": old.id, "level_id": self.level_formal_notice.id, "moved_up": False},
            ],
        )
        # Eight more weekly runs: the notice's deadline runs from the end of the wait
        # for its receipt (none comes back: 15 days, then 8 to pay); then the old
        # invoice is handed over once, the new one climbs each level once, and its
        # own formal notice covers it alone.
        for week in range(2, 10):
            self._week(week)
        for level in self.policy.level_ids:
            self.assertLessEqual(len(self._moved_up(old, level)), 1, level.name)
            self.assertLessEqual(len(self._moved_up(new, level)), 1, level.name)
        self.assertEqual(self._moved_up(old, self.level_formal_notice), notice)
        hand_over = self._moved_up(old, self.level_hand_over)
        self.assertEqual(hand_over.date, self._day(4))
        self.assertEqual(len(self._moved_up(new, self.level_formal_notice)), 1)
        notices = self._communications([("level_id", "=", self.level_formal_notice.id)])
        self.assertEqual(len(notices), 2)
        self.assertEqual(
            notices[1].line_ids.filtered("moved_up").move_id, new, "the second notice's own"
        )
        self.assertEqual(len(self._hand_over_tasks()), 1)
        self._assert_each_says_what_moved()

    def test_the_hand_over_is_one_task_whatever_the_runs(self):
        # Entering at the first level and climbing a level a week; no approval asked
        # past the first contact.
        self.policy.entry_by_age = False
        (self.level_formal_notice | self.level_hand_over).requires_validation = False
        invoices = self.env["account.move"]
        for week in range(10):
            if week < 3:
                # A late invoice each of the first weeks: each reaches the hand-over
                # after its own formal notice's deadline.
                invoices |= self._invoice_due(self.business, 800.0 + week, self._day(week, -70))
            self._week(week)
        handed = self._receivable(invoices).filtered("relance_to_hand_over").move_id
        self.assertEqual(handed, invoices)
        for invoice in invoices:
            self.assertEqual(len(self._moved_up(invoice, self.level_formal_notice)), 1)
            self.assertEqual(len(self._moved_up(invoice, self.level_hand_over)), 1)
        # One task, which names each invoice that joined it.
        tasks = self._hand_over_tasks()
        self.assertEqual(len(tasks), 1)
        for invoice in invoices:
            self.assertIn(invoice.name, str(tasks.note))
        self._assert_each_says_what_moved()

    def test_a_case_closes_the_work_and_the_runs_leave_its_invoices_alone(self):
        invoice = self._invoice_due(self.business, 1500.0, self._day(0, -50))
        with freeze_time(f"{self._day(0)} 12:00:00"):
            self._drive(self.daily_cron, frozen=True)
        (notice,) = self._communications()
        self.assertEqual(notice.state, "to_approve")
        with freeze_time(f"{self._day(0, 2)} 12:00:00"):
            case = self.env["relance.collection.case"].create(
                {
                    "partner_id": self.business.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "recipient_id": self.agency.id,
                    "mandate": "percentage",
                    "commission_rate": 15.0,
                }
            )
        self.assertRecordValues(
            notice,
            [{"state": "cancelled", "cancel_reason": f"Collection case {case.name} opened."}],
        )
        for week in range(1, 8):
            self.assertFalse(self._week(week))
        self.assertFalse(self._hand_over_tasks())
        # Where the collector and the manager look: with the agency, not to collect.
        row = self.env["relance.worklist"].search([("move_id", "=", invoice.id)])
        self.assertRecordValues(
            row, [{"suspension": "case", "case_id": case.id, "next_level_id": False}]
        )
        customer = self.business.with_company(self.env.company)
        self.assertRecordValues(
            customer,
            [{"relance_overdue_in_hand": 1500.0, "relance_overdue_to_collect": 0.0}],
        )
        self.assertFalse(customer.relance_next_level_id)

    def test_a_running_plan_closes_the_call_and_nothing_is_sent_for_its_invoices(self):
        self.level_call.requires_validation = False
        invoice = self._invoice_due(self.business, 900.0, self._day(0, -32))
        (call,) = self._week(0)
        self.assertEqual(call.level_id, self.level_call)
        self.assertEqual(len(call.activity_ids), 1)
        with freeze_time(f"{self._day(0, 1)} 12:00:00"):
            plan = self.env["relance.payment.plan"].browse(
                self.env["relance.payment.plan.wizard"]
                .create(
                    {
                        "partner_id": self.business.id,
                        "move_ids": [Command.set(invoice.ids)],
                        "instalment_count": 3,
                    }
                )
                .action_create_plan()["res_id"]
            )
            self.env["relance.payment.plan.accept"].create(
                {
                    "plan_id": plan.id,
                    "signed_by": "Jean Durand",
                    "signed_copy": "JVBERi0xLjQK",
                    "signed_copy_name": "signed.pdf",
                }
            ).action_accept()
        self.assertEqual(plan.state, "active")
        self.assertFalse(call.activity_ids)
        done = self.env["mail.message"].search(
            [("model", "=", call._name), ("res_id", "=", call.id)], limit=1
        )
        self.assertIn(f"Payment plan {plan.name} started.", done.body)
        for week in range(1, 4):
            self.assertFalse(self._week(week))
        row = self.env["relance.worklist"].search([("move_id", "=", invoice.id)])
        self.assertRecordValues(row, [{"suspension": "plan", "plan_id": plan.id}])
        self.assertEqual(
            self.env["relance.worklist"].search(
                [("plan_id", "!=", False), ("partner_id", "=", self.business.id)]
            ),
            row,
        )

    def test_a_dispute_a_hold_and_a_payment_cancel_what_waits_for_them(self):
        disputed = self._invoice_due(self.business, 700.0, self._day(0, -50))
        with freeze_time(f"{self._day(0)} 12:00:00"):
            self._drive(self.daily_cron, frozen=True)
        (waiting,) = self._communications()
        self.env["relance.dispute"].create({"move_id": disputed.id, "reason": "quality"})
        self.assertRecordValues(
            waiting,
            [{"state": "cancelled", "cancel_reason": f"Invoice {disputed.name} is disputed."}],
        )
        # On hold: the waiting communication of the customer is cancelled.
        other = self.env["res.partner"].create({"name": "Brasserie Maes SA", "is_company": True})
        self._invoice_due(other, 300.0, self._day(0, -50))
        with freeze_time(f"{self._day(1)} 12:00:00"):
            self._drive(self.daily_cron, frozen=True)
        held = self.env["relance.communication"].search([("partner_id", "=", other.id)])
        self.assertEqual(held.state, "to_approve")
        other.write({"relance_hold": True, "relance_hold_reason": "Redressement judiciaire"})
        self.assertEqual(held.cancel_reason, "Collections put on hold: Redressement judiciaire")
        # Paid: the last one's waiting communication is cancelled at the payment.
        third = self.env["res.partner"].create(
            {"name": "Fromagerie Janssens SA", "is_company": True}
        )
        paid = self._invoice_due(third, 250.0, self._day(0, -50))
        with freeze_time(f"{self._day(2)} 12:00:00"):
            self._drive(self.daily_cron, frozen=True)
        waiting = self.env["relance.communication"].search([("partner_id", "=", third.id)])
        self.assertEqual(waiting.state, "to_approve")
        self._pay(paid, 250.0, fields.Date.today())
        self.assertRecordValues(waiting, [{"state": "cancelled", "cancel_reason": "Paid."}])

    def test_the_reasons_are_in_the_companys_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.company.partner_id.lang = "fr_FR"
        invoice = self._invoice_due(self.business, 700.0, self._day(0, -50))
        with freeze_time(f"{self._day(0)} 12:00:00"):
            self._drive(self.daily_cron, frozen=True)
        (waiting,) = self._communications()
        self._pay(invoice, 700.0, fields.Date.today())
        self.assertEqual(waiting.cancel_reason, "Payé.")
