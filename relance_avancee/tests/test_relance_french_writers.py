# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every note the module writes for a French company's people is in French, whoever
acts: here a manager who reads English opens, sends, exports and withdraws a
collection case, and accepts and cancels a payment plan."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from .test_relance_collection_case import RelanceCaseCommon

# What the English texts of these notes start with: none may reach the company.
ENGLISH = (
    "Collection case ",
    "Case file",
    "Payment plan ",
    "The customer declined",
    " claimed",
    " withdrawn",
)


@tagged("post_install", "-at_install")
class TestRelanceFrenchWriters(RelanceCaseCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["relance_avancee", "mail"], ["fr_FR"])
        cls.env.company.partner_id.lang = "fr_FR"
        cls.english_manager = cls._create_relance_user(
            "english_manager", "relance_avancee.group_relance_manager"
        )
        cls.english_manager.lang = "en_US"

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the report styles from this test server (the case file).
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _bodies(self, record):
        return [str(message.body) for message in record.message_ids if message.body]

    def _assert_french(self, record, *expected):
        bodies = self._bodies(record)
        for body in bodies:
            for english in ENGLISH:
                self.assertNotIn(english, body, f"English on {record.display_name}: {body}")
        for text in expected:
            self.assertTrue(
                any(text in body for body in bodies), f"{text!r} not on {record.display_name}"
            )

    def test_a_case_handled_by_an_english_reader_is_noted_in_french(self):
        invoice = self._post(self._invoice(self.business, 1500.0, "2026-01-10"))
        Case = self.env["relance.collection.case"].with_user(self.english_manager)
        case = Case.create(
            {
                "partner_id": self.business.id,
                "move_ids": [Command.set(invoice.ids)],
                "recipient_id": self.agency.id,
                "mandate": "percentage",
                "commission_rate": 15.0,
            }
        )
        case.action_mark_sent()
        attachment = case._export_file(forced_reason="Dossier urgent")
        case._withdraw("Le client a payé directement")
        self.assertEqual(attachment.name, f"Dossier {case.name.replace('/', '-')}.zip")
        self._assert_french(
            case,
            "ouvert pour",
            "transmis à",
            "Dossier exporté",
            "retiré : Le client a payé directement",
        )
        self._assert_french(self.business, "ouvert pour", "transmis à")

    def test_a_plan_handled_by_an_english_reader_is_noted_in_french(self):
        invoice = self._post(self._invoice(self.business, 600.0, "2026-01-10"))
        manager_env = self.env(user=self.english_manager)
        wizard = manager_env["relance.payment.plan.wizard"].create(
            {
                "partner_id": self.business.id,
                "move_ids": [Command.set(invoice.ids)],
                "instalment_count": 3,
            }
        )
        plan = manager_env["relance.payment.plan"].browse(wizard.action_create_plan()["res_id"])
        manager_env["relance.payment.plan.accept"].create(
            {
                "plan_id": plan.id,
                "signed_by": "Jean Durand",
                "signed_copy": "JVBERi0xLjQK",
                "signed_copy_name": "signed.pdf",
            }
        ).action_accept()
        plan._cancel("Le client change de banque")
        self._assert_french(plan, "Échéancier accepté par Jean Durand", "Échéancier annulé")
        self._assert_french(self.business, "Échéancier accepté par Jean Durand")
