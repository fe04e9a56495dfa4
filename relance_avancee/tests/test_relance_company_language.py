# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the scheduled actions write is read in the company's language by its people,
and in each customer's language by the customers, whatever language the cron user
has."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceCompanyLanguage(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        cls.daily_cron = cls.env.ref("relance_avancee.ir_cron_relance_daily_run")
        cls.send_cron = cls.env.ref("relance_avancee.ir_cron_relance_send")
        # The cron user reads English; the company is French.
        cls.daily_cron.user_id.lang = "en_US"
        cls.env.company.partner_id.lang = "fr_FR"
        cls.env.company.relance_user_id = cls.collections_user
        cls.business.lang = "fr_FR"
        # The company's call script, written in French by its collectors.
        cls.level_call.with_context(
            lang="fr_FR"
        ).call_script = "<p>Présentez-vous et demandez la personne chargée des paiements.</p>"
        cls.consumer.lang = "fr_FR"
        cls.english = cls.env["res.partner"].create(
            {
                "name": "Harbour Supplies Ltd",
                "is_company": True,
                "email": "harbour@example.com",
                "lang": "en_US",
            }
        )
        today = fields.Date.context_today(cls.env["relance.run"].with_user(cls.daily_cron.user_id))
        # 35 days late: the call level (the policy lets an invoice enter at its age).
        cls.call_invoice = cls._post(
            cls._invoice(cls.business, 1200.0, (today - timedelta(days=35)).isoformat())
        )
        # 5 days late: the friendly reminder, by email.
        cls._post(
            [
                cls._invoice(customer, 300.0, (today - timedelta(days=5)).isoformat())
                for customer in (cls.consumer | cls.english)
            ]
        )

    def test_the_daily_run_writes_in_the_companys_language(self):
        self._drive(self.daily_cron)
        self._drive(self.send_cron)
        call = self.env["relance.communication"].search([("partner_id", "=", self.business.id)])
        self.assertEqual(call.level_id, self.level_call)
        # The call activity: French summary and script, for the collections user.
        activity = call.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("Appeler Garage Durand SARL au sujet de", activity.summary)
        self.assertIn("Présentez-vous", activity.note)
        self.assertEqual(activity.user_id, self.collections_user)
        # Scheduled in bulk: no "assigned to you" email per activity.
        to_collector = (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", self.collections_user.partner_id.ids)])
        )
        self.assertFalse(to_collector, "the collector got emails about the run's activities")
        # The note on the customer's and the invoice's chatter.
        for record in (self.business, self.call_invoice):
            notes = record.message_ids.filtered(lambda m: "Recouvrement" in (m.body or ""))
            self.assertTrue(notes, f"no French collections note on {record.display_name}")
            self.assertFalse(
                record.message_ids.filtered(lambda m: "Collections:" in (m.body or ""))
            )
        # The state's tracking, in French.
        tracking = call.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(tracking.mapped("new_value_char"), ["Appel à passer"])
        # A record name in the reader's language: a French date, no ISO date.
        french_name = call.with_context(lang="fr_FR").display_name
        self.assertNotIn(str(call.date), french_name)
        self.assertIn(call.date.strftime("%d/%m/%Y"), french_name)

    def test_the_emails_speak_each_customers_language(self):
        self._drive(self.daily_cron)
        self._drive(self.send_cron)
        emails = self.env["relance.communication"].search(
            [("partner_id", "in", (self.consumer | self.english).ids)]
        )
        self.assertEqual(emails.level_id, self.level_friendly)
        subjects = {c.partner_id: c.mail_message_id.subject for c in emails}
        self.assertIn("payment reminder", subjects[self.english])
        self.assertIn("rappel de paiement", subjects[self.consumer])

    def test_odoos_own_done_line_of_a_call_is_in_the_companys_language(self):
        # Odoo's "Call done (originally assigned to …)" line is written by whoever logs
        # the outcome: a manager reading English logs the collector's call.
        self.env["ir.module.module"]._load_module_terms(["mail"], ["fr_FR"])
        self._drive(self.daily_cron)
        self._drive(self.send_cron)
        call = self.env["relance.communication"].search([("partner_id", "=", self.business.id)])
        self.assertEqual(call.activity_ids.user_id, self.collections_user)
        manager = self._create_relance_user(
            "english_manager", "relance_avancee.group_relance_manager"
        )
        manager.lang = "en_US"
        self.env["relance.call.log"].with_user(manager).create(
            {"communication_id": call.id, "outcome": "refuses"}
        ).action_log()
        done = call.message_ids.filtered(lambda m: "fa-phone" in (m.body or ""))
        self.assertEqual(len(done), 1)
        self.assertNotIn("originally assigned", done.body)
        self.assertNotIn("done", done.body)
        self.assertIn("Appel", done.body)
