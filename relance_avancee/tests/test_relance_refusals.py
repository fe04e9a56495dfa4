# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every refusal, over the paths that skip the forms: the external API (``create``
without the field, ``write`` of another field) and CSV import (``load``).

Each bad input is refused with its own message, and nothing of it is written.
"""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin, RelanceCommon

VALID_IBAN = "FR7630006000011234567890189"


@tagged("post_install", "-at_install")
class TestRelanceRefusals(RelanceCommon, JsonRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._create_relance_user(
            "relance_manager", "relance_avancee.group_relance_manager"
        )
        cls.manager.groups_id += (
            cls.env.ref("base.group_system")
            + cls.env.ref("base.group_partner_manager")
            + cls.env.ref("account.group_account_manager")
        )
        cls.company_data_2 = cls.setup_other_company()
        # An accountant of both companies: what another company owns is readable, and
        # refused by the collections settings themselves.
        cls.manager.company_ids += cls.company_data_2["company"]
        cls.template = cls.level_friendly.mail_template_id
        cls.other_policy = cls.env["relance.policy"].create(
            {"name": "Grands comptes", "company_id": cls.env.company.id}
        )

    def _rpc(self, model, method, *args, **kwargs):
        """Call ``model.method`` over JSON-RPC as the manager."""
        return self._rpc_as(
            self.manager, "relance_manager-pass-2026", model, method, *args, **kwargs
        )

    def assertRefused(self, model, method, args, message, count_domain=None, **kwargs):
        """``method`` on ``model`` over JSON-RPC is refused with ``message``, and the
        number of records matching ``count_domain`` did not change."""
        count_domain = count_domain or []
        before = self.env[model].with_context(active_test=False).search_count(count_domain)
        result, error = self._rpc(model, method, *args, **kwargs)
        self.assertFalse(result, "refused, so nothing returned")
        self.assertIn(message, error or "")
        self.env.invalidate_all()
        after = self.env[model].with_context(active_test=False).search_count(count_domain)
        self.assertEqual(after, before, "nothing written")
        return error

    def _level(self, **values):
        return {
            "name": "Troisième lettre",
            "policy_id": self.other_policy.id,
            "delay": 90,
            "sequence": 90,
            **values,
        }

    # Levels

    def test_a_level_created_without_any_channel_is_refused(self):
        self.assertRefused(
            "relance.level",
            "create",
            [self._level()],
            "does nothing: tick at least one action",
            [("name", "=", "Troisième lettre")],
        )

    def test_the_refusal_is_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        error = self.assertRefused(
            "relance.level",
            "create",
            [self._level()],
            "ne fait rien",
            [("name", "=", "Troisième lettre")],
            lang="fr_FR",
        )
        self.assertIn("Troisième lettre", error)

    def test_a_level_imported_without_any_channel_is_refused(self):
        before = self.env["relance.level"].search_count([])
        result, error = self._rpc(
            "relance.level",
            "load",
            ["name", "policy_id/.id", "delay", "sequence"],
            [["Troisième lettre", str(self.other_policy.id), "90", "90"]],
        )
        self.assertFalse(error)
        self.assertEqual(result["ids"], False)
        self.assertIn("does nothing", result["messages"][0]["message"])
        self.assertEqual(self.env["relance.level"].search_count([]), before)

    def test_a_level_imported_with_a_channel_is_accepted(self):
        result, error = self._rpc(
            "relance.level",
            "load",
            ["name", "policy_id/.id", "delay", "sequence", "channel_letter"],
            [["Troisième lettre", str(self.other_policy.id), "90", "90", "1"]],
        )
        self.assertFalse(error)
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        self.assertTrue(self.env["relance.level"].browse(result["ids"]).channel_letter)

    def test_an_email_level_keeps_its_template(self):
        self.assertRefused(
            "relance.level",
            "create",
            [self._level(channel_email=True)],
            "sends an email but has no email template",
            [("name", "=", "Troisième lettre")],
        )
        # Written away, or deleted from under the level.
        self.assertRefused(
            "relance.level",
            "write",
            [self.level_friendly.ids, {"mail_template_id": False}],
            "sends an email but has no email template",
            [("mail_template_id", "=", self.template.id)],
        )
        self.assertRefused(
            "mail.template",
            "unlink",
            [self.template.ids],
            "another model requires the record being deleted",
            [("id", "=", self.template.id)],
        )

    def test_an_email_template_of_another_model_is_refused(self):
        partner_template = self.env["mail.template"].create(
            {"name": "Newsletter", "model_id": self.env.ref("base.model_res_partner").id}
        )
        self.assertRefused(
            "relance.level",
            "write",
            [self.level_friendly.ids, {"mail_template_id": partner_template.id}],
            "is made for Contact, not for collections communications",
            [("mail_template_id", "=", partner_template.id)],
        )

    def test_a_deadline_of_no_day_is_refused(self):
        self.assertRefused(
            "relance.level",
            "create",
            [self._level(channel_letter=True, payment_deadline_days=0)],
            "gives 0 days to pay",
            [("name", "=", "Troisième lettre")],
        )

    def test_delays_must_increase_with_the_sequence(self):
        self.assertRefused(
            "relance.level",
            "write",
            [self.level_second.ids, {"delay": self.level_friendly.delay}],
            "delays must increase with the sequence",
            [("delay", "=", self.level_friendly.delay)],
        )

    # Policies

    def test_a_default_policy_keeps_a_level(self):
        levels = self.policy.level_ids
        self.assertRefused(
            "relance.level",
            "unlink",
            [levels.ids],
            "has no level",
            [("policy_id", "=", self.policy.id)],
        )
        self.assertRefused(
            "relance.level",
            "write",
            [levels.ids, {"policy_id": self.other_policy.id}],
            "has no level",
            [("policy_id", "=", self.policy.id)],
        )
        self.assertRefused(
            "relance.policy",
            "create",
            [{"name": "Vide", "is_default": True, "company_id": self.env.company.id}],
            "has no level",
            [("name", "=", "Vide")],
        )

    def test_one_default_policy_per_company(self):
        self.assertRefused(
            "relance.policy",
            "create",
            [
                {
                    "name": "Autre défaut",
                    "is_default": True,
                    "level_ids": [
                        Command.create(self._level(policy_id=False, channel_letter=True))
                    ],
                }
            ],
            "already has a default collections policy",
            [("name", "=", "Autre défaut")],
        )

    def test_a_policy_sends_an_email_at_least_once(self):
        self.assertRefused(
            "relance.policy",
            "write",
            [self.other_policy.ids, {"email_max_attempts": 0}],
            "A collections email is sent at least once.",
            [("email_max_attempts", "=", 0)],
        )

    # Reference rates

    def test_bad_reference_rates_are_refused(self):
        rate = {"rate_type": "ecb", "date_start": "2031-01-01", "rate": 2.0}
        self.assertRefused(
            "relance.rate",
            "create",
            [{**rate, "rate": -0.5}],
            "cannot be negative",
            [("date_start", "=", "2031-01-01")],
        )
        self.assertRefused(
            "relance.rate",
            "create",
            [{**rate, "date_end": "2030-12-31"}],
            "ends (2030-12-31) before it starts",
            [("date_start", "=", "2031-01-01")],
        )
        # Two open-ended periods (no end given at all) overlap.
        self.assertRefused(
            "relance.rate",
            "create",
            [[rate, {**rate, "date_start": "2031-07-01"}]],
            "overlap",
            [("date_start", ">=", "2031-01-01")],
        )
        result, error = self._rpc(
            "relance.rate",
            "load",
            ["rate_type", "date_start", "rate"],
            [["ecb", "2031-01-01", "-1"]],
        )
        self.assertFalse(error)
        self.assertFalse(result["ids"])
        self.assertIn("cannot be negative", result["messages"][0]["message"])
        self.assertFalse(self.env["relance.rate"].search([("date_start", "=", "2031-01-01")]))

    # Disputes and promises

    def test_a_dispute_ending_before_its_default_start_is_refused(self):
        invoice = self._post([self._invoice(self.business, 100.0, "2026-01-10")])
        self.assertRefused(
            "relance.dispute",
            "create",
            [{"move_id": invoice.id, "date_end": "2020-01-01"}],
            "ends (2020-01-01) before it starts",
            [("move_id", "=", invoice.id)],
        )

    def test_a_promise_cannot_exceed_what_its_customer_owes(self):
        self._post([self._invoice(self.business, 300.0, "2026-01-10")])
        promise = self.env["relance.promise"].create(
            {"partner_id": self.business.id, "amount": 200.0, "date": date(2099, 1, 1)}
        )
        self.assertRefused(
            "relance.promise",
            "create",
            [{"partner_id": self.business.id, "amount": 500.0, "date": "2099-01-01"}],
            "promises 500.0 but owes only 300.0",
            [("partner_id", "=", self.business.id)],
        )
        # Moved to a customer who owes nothing: checked against what they owe.
        self.assertRefused(
            "relance.promise",
            "write",
            [promise.ids, {"partner_id": self.consumer.id}],
            "promises 200.0 but owes only 0.0",
            [("partner_id", "=", self.consumer.id)],
        )
        self.assertRefused(
            "relance.promise",
            "create",
            [{"partner_id": self.business.id, "amount": 50.0}],
            "Promised For",
            [("partner_id", "=", self.business.id)],
        )

    # The company's collections settings

    def test_the_collections_bank_account_is_the_companys_and_valid(self):
        company = self.env.company
        theirs = self.env["res.partner.bank"].create(
            {"acc_number": VALID_IBAN, "partner_id": self.business.id}
        )
        self.assertRefused(
            "res.company",
            "write",
            [company.ids, {"relance_bank_account_id": theirs.id}],
            "belongs to Garage Durand SARL",
            [("relance_bank_account_id", "!=", False)],
        )
        ours = self.env["res.partner.bank"].create(
            {"acc_number": "BE71 0961 2345 6769", "partner_id": company.partner_id.id}
        )
        company.relance_bank_account_id = ours
        # Its number written afterwards on the account itself.
        self.assertRefused(
            "res.partner.bank",
            "write",
            [ours.ids, {"acc_number": "BE71 0961 2345 6760"}],
            "is not a valid IBAN",
            [("acc_number", "=", "BE71 0961 2345 6760")],
        )

    def test_the_penalty_journal_and_accounts_are_the_companys(self):
        company = self.env.company
        purchase = self.company_data["default_journal_purchase"]
        self.assertRefused(
            "res.company",
            "write",
            [company.ids, {"relance_penalty_journal_id": purchase.id}],
            "must be one of its sales journals",
            [("relance_penalty_journal_id", "=", purchase.id)],
        )
        other_sale = self.company_data_2["default_journal_sale"]
        self.assertRefused(
            "res.company",
            "write",
            [company.ids, {"relance_penalty_journal_id": other_sale.id}],
            "must be one of its sales journals",
            [("relance_penalty_journal_id", "=", other_sale.id)],
        )
        receivable = self.company_data["default_account_receivable"]
        self.assertRefused(
            "res.company",
            "write",
            [company.ids, {"relance_interest_account_id": receivable.id}],
            "credit an income account of the company",
            [("relance_interest_account_id", "=", receivable.id)],
        )
        other_income = self.company_data_2["default_account_revenue"]
        self.assertRefused(
            "res.company",
            "write",
            [company.ids, {"relance_indemnity_account_id": other_income.id}],
            "credit an income account of the company",
            [("relance_indemnity_account_id", "=", other_income.id)],
        )

    def test_the_collections_responsible_is_an_internal_user_of_the_company(self):
        portal = self.env["res.users"].create(
            {
                "name": "Client portail",
                "login": "portal_client",
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        self.assertRefused(
            "res.company",
            "write",
            [self.env.company.ids, {"relance_user_id": portal.id}],
            "must be an internal user of the company",
            [("relance_user_id", "=", portal.id)],
        )

    def test_penalty_days_per_year(self):
        self.assertRefused(
            "res.company",
            "write",
            [self.env.company.ids, {"relance_penalty_year_days": 300}],
            "360, 365 or 366 days a year",
            [("relance_penalty_year_days", "=", 300)],
        )

    def test_a_customers_policy_is_one_of_the_company_it_is_set_for(self):
        policy_2 = self.env["relance.policy"]._get_company_default(self.company_data_2["company"])
        self.assertRefused(
            "res.partner",
            "write",
            [self.business.ids, {"relance_policy_id": policy_2.id}],
            "Incompatible companies on records",
            [("id", "=", self.business.id), ("relance_policy_id", "=", policy_2.id)],
            context={"allowed_company_ids": [self.env.company.id]},
        )


@tagged("post_install", "-at_install")
class TestRelanceLevelForm(RelanceCommon):
    def test_the_level_form_shows_what_the_readme_documents(self):
        # The level's fields docs/configuration.rst names.
        arch = self.env["relance.level"].get_view(
            self.env.ref("relance_avancee.relance_level_view_form").id, "form"
        )["arch"]
        for name in (
            "delay",
            "gap",
            "formal_notice",
            "requires_validation",
            "payment_deadline_days",
            "letter_text",
            "call_script",
            "mail_template_id",
            "attach_invoices",
        ):
            self.assertIn(f'name="{name}"', arch, name)
