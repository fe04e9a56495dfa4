# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The first day on a book that is already late: no escalation storm, nor later."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin, RelanceCommon

# The day the module is installed on a book whose debts are all 90 days late.
FIRST_DAY = date(2026, 4, 1)


@tagged("post_install", "-at_install")
class TestRelanceFirstDay(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The company's policy as shipped: new items enter at the first level.
        cls.policy.entry_by_age = False
        cls.customers = cls.business | cls.consumer
        cls.customers |= cls.env["res.partner"].create(
            [
                {"name": "Imprimerie Roux SA", "is_company": True, "email": "roux@example.com"},
                {"name": "Boulangerie Petit", "is_company": True, "email": "petit@example.com"},
            ]
        )
        due = FIRST_DAY - timedelta(days=90)
        cls._post([cls._invoice(customer, 500.0, due.isoformat()) for customer in cls.customers])

    def _run_on(self, day):
        with freeze_time(day):
            return self._run(self.customers)

    def test_a_late_book_gets_first_reminders_only_then_one_level_per_run(self):
        first = self._run_on(FIRST_DAY)
        self.assertEqual(first.partner_id, self.customers)
        self.assertEqual(first.level_id, self.level_friendly)
        self.assertTrue(all(first.mapped("first_contact")))
        self.assertEqual(set(first.mapped("state")), {"queued"})
        # The next days: nothing until the second level's gap (7 days) has passed.
        for offset in range(1, 7):
            self.assertFalse(self._run_on(FIRST_DAY + timedelta(days=offset)))
        climbed = []
        for offset in range(7, 36):
            sent = self._run_on(FIRST_DAY + timedelta(days=offset))
            if sent:
                self.assertEqual(len(sent.level_id), 1, "one level for the whole book")
                climbed.append((offset, sent.level_id, set(sent.mapped("state"))))
                self.assertFalse(any(sent.mapped("first_contact")))
                # The collector approves what waits for them, the day it comes.
                sent.filtered(lambda c: c.state == "to_approve").action_approve()
        # One level per run, each after its gap; the formal notice waits for approval
        # (its level asks for it). Approved but not sent here, it holds its invoices:
        # no hand-over follows a notice that has not left (test_relance_ladder_weeks
        # follows the ladder to its end).
        self.assertEqual(
            climbed,
            [
                (7, self.level_second, {"queued"}),
                (14, self.level_call, {"queued"}),
                (21, self.level_formal_notice, {"to_approve"}),
            ],
        )

    def test_entry_by_age_sends_the_level_the_age_warrants_for_approval(self):
        self.policy.entry_by_age = True
        # Unapproved by their levels too: only the first-contact rule holds them.
        (self.level_formal_notice | self.level_hand_over).requires_validation = False
        first = self._run_on(FIRST_DAY)
        businesses = first.filtered(lambda c: c.partner_id.is_company)
        consumer = first - businesses
        # 90 days late: hand-over for businesses, but none of it goes out by itself.
        self.assertEqual(businesses.level_id, self.level_hand_over)
        self.assertEqual(set(businesses.mapped("state")), {"to_approve"})
        # A consumer's first communication is never a formal notice (nor above it).
        self.assertEqual(consumer.level_id, self.level_call)
        self.assertEqual(consumer.state, "queued")

    def test_catch_up_still_applies_to_items_on_the_ladder(self):
        first = self._run_on(FIRST_DAY)
        self.assertEqual(first.level_id, self.level_friendly)
        # No run for 15 days: daily runs would have sent the second level on day 7
        # and the call on day 14; the catch-up sends the call, not the formal notice.
        caught_up = self._run_on(FIRST_DAY + timedelta(days=15))
        self.assertEqual(caught_up.level_id, self.level_call)

    def test_a_first_letter_refers_to_no_earlier_reminder(self):
        self.policy.entry_by_age = True
        business = self.env["res.partner"].create({"name": "Garage Lefèvre", "is_company": True})
        self._post([self._invoice(business, 300.0, "2026-03-10")])
        with freeze_time("2026-04-01"):
            (communication,) = self._run(business)
        # 22 days late: the second level, as the customer's first communication.
        self.assertEqual(communication.level_id, self.level_second)
        self.assertTrue(communication.first_contact)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("relance_avancee.report_relance_letter", communication.ids)[0]
            .decode()
        )
        self.assertNotIn("previous reminder", html)
        self.assertIn("Unless we are mistaken", html)
        email = self.level_second.mail_template_id._generate_template(
            communication.ids, ("subject", "body_html")
        )[communication.id]
        self.assertNotIn("previous reminder", email["body_html"])
        self.assertNotIn("second reminder", email["subject"])

    def test_a_later_letter_says_there_was_a_reminder(self):
        self._run_on(FIRST_DAY)
        second = self._run_on(FIRST_DAY + timedelta(days=7)).filtered(
            lambda c: c.partner_id == self.business
        )
        self.assertEqual(second.level_id, self.level_second)
        email = self.level_second.mail_template_id._generate_template(
            second.ids, ("subject", "body_html")
        )[second.id]
        self.assertIn("Despite our previous reminder", email["body_html"])
        self.assertIn("second reminder", email["subject"])


@tagged("post_install", "-at_install")
class TestRelanceEntryOptionRefused(RelanceCommon, JsonRpcMixin, HttpCase):
    def _start_a_run(self):
        """A run left halfway (its first batch done, the rest for the next round)."""
        return self.env["relance.run"].create({"company_id": self.env.company.id})

    def test_switching_entry_while_a_run_is_in_progress_is_refused(self):
        self.policy.entry_by_age = False
        run = self._start_a_run()
        self.assertEqual(run.state, "running")
        with self.assertRaisesRegex(UserError, "in progress"):
            self.policy.entry_by_age = True
        self.assertFalse(self.policy.entry_by_age)
        with self.assertRaisesRegex(UserError, "in progress"):
            self.policy.catch_up = False
        run.state = "done"
        self.policy.entry_by_age = True
        self.assertTrue(self.policy.entry_by_age)

    def test_switching_entry_over_the_api_while_a_run_is_in_progress_is_refused(self):
        self.policy.entry_by_age = False
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        manager = self._create_relance_user(
            "relance_manager", "relance_avancee.group_relance_manager"
        )
        self._start_a_run()
        self.env.flush_all()
        _result, error = self._rpc_as(
            manager,
            "relance_manager-pass-2026",
            "relance.policy",
            "write",
            self.policy.ids,
            {"entry_by_age": True},
            lang="fr_FR",
        )
        self.assertIn("en cours", error)
        self.policy.invalidate_recordset()
        self.assertFalse(self.policy.entry_by_age)
