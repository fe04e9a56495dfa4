# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The scheduled actions driven the way a server's cron thread drives them: Odoo's
runner (``ir.cron._acquire_one_job`` then ``_process_job``), with its rules: ten
calls per round, ``done == 0`` read as "finished", a failure postponing the job to its
next day. Dates are relative to today: the runner compares ``nextcall`` with the
database's clock, which no freezing reaches."""

from datetime import timedelta

from odoo import fields
from odoo.sql_db import db_connect
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceScheduler(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daily_cron = cls.env.ref("relance_avancee.ir_cron_relance_daily_run")
        cls.send_cron = cls.env.ref("relance_avancee.ir_cron_relance_send")
        # The day in the cron user's time zone, as the scheduled action reads it
        # (context_today takes the time zone of the record's user, not of a user
        # record): around midnight UTC, Paris is already a day ahead.
        cls.today = fields.Date.context_today(
            cls.env["relance.run"].with_user(cls.daily_cron.user_id)
        )
        # One customer a batch: more batches than the runner's ten calls a round.
        cls.env["ir.config_parameter"].sudo().set_param("relance_avancee.run_batch_customers", "1")

    def _customers_with_debts(self, count, company, days=20):
        """``count`` customers of ``company``, each owing an invoice due ``days`` ago
        (20: the second reminder, an email and a letter; 35: the phone call)."""
        partners = self.env["res.partner"].create(
            [{"name": f"Client {company.name} {n:02d}", "is_company": True} for n in range(count)]
        )
        self._post(
            [
                self._invoice(
                    partner, 100.0 + n, self.today - timedelta(days=days), company=company
                )
                for n, partner in enumerate(partners)
            ],
            company=company,
        )
        return partners

    def _scheduled_runs(self):
        # Every company's, as the scheduled action sees them (OdooBot).
        return (
            self.env["relance.run"]
            .sudo()
            .search([("date", "=", self.today), ("mode", "=", "scheduled")])
        )

    def test_the_runner_collects_every_company_whatever_comes_first(self):
        # In id order: this company (12 customers), one with nothing to collect, one
        # with 3 customers, one with nothing again.
        empty_first = self.setup_other_company(name="Nothing to collect")["company"]
        second = self.setup_other_company(name="Second company")["company"]
        empty_last = self.setup_other_company(name="Nothing either")["company"]
        customers = self._customers_with_debts(12, self.env.company)
        customers_2 = self._customers_with_debts(3, second)
        rounds = self._drive(self.daily_cron)
        self.assertGreater(rounds, 1, "more than ten batches: Odoo queued the job again")
        runs = self._scheduled_runs()
        companies = self.env["res.company"].sudo().search([])
        self.assertEqual(runs.company_id, companies, "one run per company")
        self.assertEqual(set(runs.mapped("state")), {"done"})
        for company in (empty_first, empty_last):
            self.assertFalse(
                runs.filtered(lambda run, c=company: run.company_id == c).communication_ids
            )
        Communication = self.env["relance.communication"].sudo()
        self.assertEqual(
            Communication.search([("company_id", "=", self.env.company.id)]).partner_id, customers
        )
        self.assertEqual(
            Communication.search([("company_id", "=", second.id)]).partner_id, customers_2
        )
        self.assertRecordValues(self.daily_cron, [{"failure_count": 0, "active": True}])
        self.assertGreater(self.daily_cron.nextcall, fields.Datetime.now())
        # The same day again: nothing more.
        count = Communication.search_count([])
        self._drive(self.daily_cron)
        self.assertEqual(Communication.search_count([]), count)
        self.assertEqual(self._scheduled_runs(), runs)

    def test_a_busy_company_is_tried_again_later_not_failed(self):
        # A company committed before the test, so that another connection sees its
        # lock row; that connection runs its collections (a user's Run Now).
        busy = self.env.ref("base.main_company")
        customers = self._customers_with_debts(2, self.env.company)
        with db_connect(self.env.cr.dbname).cursor() as other_cr:
            other_cr.execute(
                "SELECT id FROM relance_run_lock WHERE company_id = %s FOR NO KEY UPDATE",
                (busy.id,),
            )
            self._drive(self.daily_cron)
            other_cr.rollback()
        self.assertRecordValues(self.daily_cron, [{"failure_count": 0}])
        runs = self._scheduled_runs()
        self.assertNotIn(busy, runs.company_id)
        self.assertEqual(
            runs.filtered(
                lambda run: run.company_id == self.env.company
            ).communication_ids.partner_id,
            customers,
            "the companies after the busy one were collected",
        )
        trigger = self.env["ir.cron.trigger"].search([("cron_id", "=", self.daily_cron.id)])
        self.assertEqual(len(trigger), 1)
        self.assertAlmostEqual(
            trigger.call_at,
            fields.Datetime.now() + timedelta(minutes=5),
            delta=timedelta(minutes=1),
        )
        # Five minutes later the lock is free: the busy company is collected too.
        trigger.call_at = fields.Datetime.now() - timedelta(seconds=1)
        self._drive(self.daily_cron)
        self.assertIn(
            busy, self._scheduled_runs().filtered(lambda run: run.state == "done").company_id
        )

    def test_the_runner_sends_every_queued_communication(self):
        customers = self._customers_with_debts(3, self.env.company)
        self.env["relance.run"]._run_now(partners=customers)
        self._drive(self.send_cron)
        communications = self.env["relance.communication"].search(
            [("partner_id", "in", customers.ids)]
        )
        self.assertEqual(len(communications), 3)
        self.assertEqual(set(communications.mapped("state")), {"sending"})
        self.assertEqual(len(communications.mail_mail_id), 3)
        self.assertRecordValues(self.send_cron, [{"failure_count": 0}])

    def test_send_now_on_what_was_sent_says_what_happened(self):
        customers = self._customers_with_debts(1, self.env.company)
        communication = self._run(customers)
        communication._send()
        with self.assertRaisesRegex(Exception, r"already handled \(.*Sending\)"):
            communication.with_user(self.collections_user).action_send_now()
        self.assertEqual(len(communication.mail_mail_id), 1)

    def test_scheduled_communications_go_to_a_person(self):
        # Run and sent by OdooBot, the scheduled actions' user: the email's author
        # (who gets its failure notices) and the call's assignee are the company's
        # collections responsible.
        self.env.company.relance_user_id = self.collections_user
        reminded = self._customers_with_debts(1, self.env.company)
        called = self._customers_with_debts(1, self.env.company, days=35)
        self._drive(self.daily_cron)
        self._drive(self.send_cron)
        Communication = self.env["relance.communication"]
        email = Communication.search([("partner_id", "in", reminded.ids)])
        call = Communication.search([("partner_id", "in", called.ids)])
        self.assertEqual(email.mail_message_id.author_id, self.collections_user.partner_id)
        self.assertRecordValues(call, [{"state": "call", "level_id": self.level_call.id}])
        self.assertEqual(call.activity_ids.user_id, self.collections_user)
