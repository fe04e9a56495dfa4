# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Approval with its context and its control: who may decide, what the approver is
shown, and the three decisions (approve, reject with a reason, postpone to a day),
through the model, the wizards and the external API."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin, RelanceCommon

# The letters' example: 1,000.00 EUR due 31 January 2024, a formal notice 45 days later.
TODAY = "2024-03-16"


@tagged("post_install", "-at_install")
class TestRelanceApproval(RelanceCommon, JsonRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_penalties(cls.company_data)
        cls.manager = cls._create_relance_user("manager", "relance_avancee.group_relance_manager")
        cls.level_second.requires_validation = True

    def _waiting(self, days_late):
        """The business's communication waiting for approval, ``days_late`` after the
        due date of one invoice of 1,000.00 EUR."""
        due = fields.Date.to_date(TODAY) - timedelta(days=days_late)
        self._post([self._invoice(self.business, 1000.0, due, currency=self.euro)])
        with freeze_time(TODAY):
            communication = self._run(self.business)
        self.assertEqual(communication.state, "to_approve")
        return communication

    @freeze_time(TODAY)
    def test_a_collector_may_not_approve_a_formal_notice_a_manager_may(self):
        notice = self._waiting(45)
        self.assertEqual(notice.level_id, self.level_formal_notice)
        as_collector = notice.with_user(self.collections_user)
        for action in (as_collector.action_approve, as_collector.action_reject):
            with self.assertRaisesRegex(UserError, "Only a Collections manager decides"):
                action()
        # Nor by writing the state directly.
        with self.assertRaisesRegex(UserError, "Only a Collections manager decides"):
            as_collector.write({"state": "queued"})
        self.assertEqual(notice.state, "to_approve")
        notice.with_user(self.manager).action_approve()
        self.assertEqual(notice.state, "queued")

    @freeze_time(TODAY)
    def test_collectors_approve_reminders_only_where_the_company_says_so(self):
        reminder = self._waiting(20)
        self.assertEqual(reminder.level_id, self.level_second)
        with self.assertRaisesRegex(UserError, "only a Collections manager decides"):
            reminder.with_user(self.collections_user).action_approve()
        self.env.company.relance_collector_approves = True
        reminder.with_user(self.collections_user).action_approve()
        self.assertEqual(reminder.state, "queued")

    @freeze_time(TODAY)
    def test_reject_keeps_the_reason_and_postpone_keeps_it_waiting(self):
        notice = self._waiting(45)
        # What the letter will claim: 45 days at 4.50 + 10 = 14.50 % on 1,000.00 EUR,
        # and the 40 EUR indemnity (the letters' test reads the same in the PDF).
        self.assertRecordValues(
            notice,
            [
                {
                    "letter_interest": 17.88,
                    "letter_indemnity": 40.0,
                    "previous_communication_id": False,
                }
            ],
        )
        as_manager = notice.with_user(self.manager)
        postpone = self.env["relance.communication.postpone"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Postpone to a day after today"):
            postpone.create({"communication_ids": notice.ids, "date": TODAY}).action_postpone()
        self.assertFalse(notice.postponed_until)
        postpone.create(
            {"communication_ids": notice.ids, "date": "2024-03-23", "note": "Le client rappelle."}
        ).action_postpone()
        self.assertRecordValues(
            notice, [{"state": "to_approve", "postponed_until": fields.Date.to_date("2024-03-23")}]
        )
        # Out of the approval queue until then; nothing is sent meanwhile.
        queue = self.env["relance.communication"].search(
            [
                ("state", "=", "to_approve"),
                "|",
                ("postponed_until", "=", False),
                ("postponed_until", "<=", TODAY),
            ]
        )
        self.assertNotIn(notice, queue)
        reject = self.env["relance.communication.reject"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Say why"):
            reject.create({"communication_ids": notice.ids, "reason": "  "}).action_reject()
        self.assertEqual(as_manager.action_reject()["res_model"], "relance.communication.reject")
        reject.create(
            {"communication_ids": notice.ids, "reason": "Accord commercial en cours."}
        ).action_reject()
        self.assertRecordValues(
            notice,
            [
                {
                    "state": "cancelled",
                    "cancel_reason": "Rejected by Manager: Accord commercial en cours.",
                }
            ],
        )
        # Never sent, it put nothing on notice: the invoice is back where it was (no
        # level: the notice was the customer's first communication).
        self.assertFalse(notice.line_ids.move_line_id.relance_level_id)

    @freeze_time(TODAY)
    def test_the_previous_communication_is_shown_with_its_receipt(self):
        self.level_call.requires_validation = False
        self._post([self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro)])
        with freeze_time("2024-03-01"):
            call = self._run(self.business)
        self.assertEqual(call.level_id, self.level_call)
        notice = self._run(self.business)
        self.assertEqual(notice.level_id, self.level_formal_notice)
        self.assertEqual(notice.previous_communication_id, call)
        self.assertEqual(notice.previous_progress, "queued")

    def test_refused_over_the_api_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        notice = self._waiting(45)
        _result, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.communication",
            "action_approve",
            notice.ids,
            lang="fr_FR",
        )
        self.assertIn("Seul un responsable", error or "")
        # Nor by writing its state over the API.
        _result, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.communication",
            "write",
            notice.ids,
            {"state": "queued"},
            lang="fr_FR",
        )
        self.assertIn("Seul un responsable", error or "")
        _result, error = self._rpc_as(
            self.manager,
            "manager-pass-2026",
            "relance.communication.postpone",
            "create",
            {"communication_ids": [notice.id], "date": "2026-01-01"},
            lang="fr_FR",
        )
        self.assertIn("Reportez à un jour après aujourd'hui", error or "")
        self.env.invalidate_all()
        self.assertFalse(self.env["relance.communication.postpone"].search([]))
        self.assertEqual(notice.state, "to_approve")
