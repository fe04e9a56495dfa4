# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.relance_avancee.demo.generator import DemoGenerator


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The generator builds the varied book the demo command and benchmarks rely on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        generator = DemoGenerator(cls.env)
        cls.created = generator.generate(customers=12, invoices=60, seed=7)
        cls.companies = generator.get_demo_companies()
        cls.invoices = cls.created["invoices"]

    def test_counts(self):
        self.assertEqual(len(self.created["customers"]), 12)
        self.assertEqual(len(self.invoices), 60)
        self.assertEqual(
            len(self.invoices.filtered(lambda move: move.company_id.country_code == "BE")), 6
        )

    def test_credit_notes_and_payments_on_account(self):
        refunds = self.created["credit_notes"]
        self.assertTrue(refunds)
        self.assertEqual(set(refunds.mapped("move_type")), {"out_refund"})
        self.assertEqual(set(refunds.mapped("state")), {"posted"})
        on_account = self.created["payments"].move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        self.assertTrue(on_account, "some payments stay unmatched, as received on account")

    def test_two_companies_in_euro(self):
        self.assertEqual(self.companies.mapped("country_id.code"), ["FR", "BE"])
        self.assertEqual(set(self.companies.mapped("currency_id.name")), {"EUR"})
        self.assertEqual(set(self.invoices.company_id.ids), set(self.companies.ids))

    def test_every_invoice_is_posted(self):
        self.assertEqual(set(self.invoices.mapped("state")), {"posted"})

    def test_varied_payment_states(self):
        states = set(self.invoices.mapped("payment_state"))
        self.assertTrue({"not_paid", "partial"} <= states, states)
        # Paid through a bank journal's outstanding account: "in payment" until the
        # bank statement is reconciled.
        self.assertTrue(states & {"paid", "in_payment"}, states)

    def test_instalments(self):
        by_invoice = {
            invoice: invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
            for invoice in self.invoices
        }
        self.assertTrue(any(len(lines) >= 2 for lines in by_invoice.values()))

    def test_customers_mixed(self):
        partners = self.invoices.partner_id
        self.assertEqual(set(partners.mapped("is_company")), {True, False})
        self.assertEqual(set(partners.mapped("lang")), {"fr_FR", "en_US"})

    def test_invoices_of_every_age(self):
        ages = [
            (self.invoices[0].create_date.date() - inv.invoice_date).days for inv in self.invoices
        ]
        self.assertLess(min(ages), 30)
        self.assertGreater(max(ages), 120)

    def test_the_generator_is_not_a_model(self):
        self.assertNotIn("relance.demo.data", self.env)
        self.assertFalse(self.env["ir.model"].search([("model", "=", "relance.demo.data")]))

    def test_installed_with_demo_data_the_demo_book_is_there(self):
        # The post_init_hook ran the generator when the addon was installed with demo
        # data (as the test command installs it).
        module = self.env["ir.module.module"].search([("name", "=", "relance_avancee")])
        self.assertTrue(module.demo, "the addon's tests run on a database with demo data")
        company = self.env.ref("relance_avancee.demo_company_fr")
        invoices = self.env["account.move"].search_count(
            [("company_id", "=", company.id), ("move_type", "=", "out_invoice")]
        )
        # 300 demo invoices, nine in ten in the French company (and the 54 of this
        # class's own generation).
        self.assertGreaterEqual(invoices, 270)
        # The administrator and the demo collector open where the book is.
        belgian = self.env.ref("relance_avancee.demo_company_be")
        for xmlid in ("base.user_admin", "base.user_demo"):
            user = self.env.ref(xmlid)
            self.assertEqual(user.company_id, company, xmlid)
            self.assertIn(belgian, user.company_ids, xmlid)
        self.assertTrue(
            self.env.ref("base.user_demo").has_group("relance_avancee.group_relance_user")
        )
        # Its customers have their exposure and reliability score stored: the list's
        # filters and sorts work before the first daily run.
        for model in ("relance.credit.exposure", "relance.partner.score"):
            self.assertTrue(self.env[model].search_count([("company_id", "=", company.id)]), model)
        scores = self.env["relance.partner.score"].search([("company_id", "=", company.id)])
        self.assertGreater(len(set(scores.filtered("has_score").mapped("band"))), 1)

    def test_the_demo_has_a_history(self):
        # Weekly runs over the last ten weeks, in the French demo company: every
        # customer's first communication is a reminder of the first level, none
        # starts with a formal notice; calls carry their outcome; registered letters
        # their tracking number and, but for the last week's, their receipt.
        company = self.env.ref("relance_avancee.demo_company_fr")
        today = fields.Date.context_today(self.env.user)
        runs = self.env["relance.run"].search(
            [("company_id", "=", company.id), ("mode", "=", "scheduled"), ("date", "<", today)]
        )
        self.assertEqual(
            sorted(runs.mapped("date")), [today - timedelta(days=7 * w) for w in range(10, 0, -1)]
        )
        communications = runs.communication_ids
        first_level = (
            self.env["relance.policy"]
            ._get_company_default(company)
            .level_ids.sorted("sequence")[:1]
        )
        firsts = {}
        for communication in communications.sorted(lambda c: (c.date, c.id)):
            firsts.setdefault(communication.partner_id, communication)
        self.assertEqual({c.level_id for c in firsts.values()}, {first_level})
        self.assertTrue(communications.filtered("formal_notice"))
        # Carried out: nothing left waiting (a customer who paid meanwhile is cancelled).
        self.assertIn("sent", communications.mapped("state"))
        self.assertLessEqual(set(communications.mapped("state")), {"sent", "cancelled", "failed"})
        calls = communications.filtered("channel_call")
        self.assertTrue(calls and all(calls.mapped("call_outcome")))
        registered = communications.filtered("channel_registered_letter")
        self.assertTrue(registered and all(registered.mapped("registered_tracking")))
        last_week = registered.filtered(lambda c: c.date == today - timedelta(days=7))
        self.assertFalse(last_week.filtered("registered_receipt_date"))
        self.assertTrue((registered - last_week).filtered("registered_receipt_date"))
        promises = self.env["relance.promise"].search([("company_id", "=", company.id)])
        self.assertEqual(sorted(promises.mapped("state")), ["broken", "kept"])
        dispute = self.env["relance.dispute"].search([("company_id", "=", company.id)])
        self.assertEqual(len(dispute), 1)
        self.assertGreater(dispute.date_end, today)

    def test_the_demo_has_a_case_in_progress_and_one_recovered(self):
        # At a collection agency, in the French demo company: one in progress (the demo's
        # main job exports its case file), one recovered with the agency's commission
        # billed.
        company = self.env.ref("relance_avancee.demo_company_fr")
        cases = self.env["relance.collection.case"].search([("company_id", "=", company.id)])
        self.assertEqual(sorted(cases.mapped("state")), ["in_progress", "recovered"])
        in_progress = cases.filtered(lambda case: case.state == "in_progress")
        # Its debtor's identity is complete: the case file goes without forcing.
        self.assertFalse(in_progress.file_missing)
        recovered = cases.filtered(lambda case: case.state == "recovered")
        self.assertEqual(recovered.amount_owed, 0.0)
        # 12 % of what was recovered, plus the 50.00 fee, on the agency's draft bill.
        self.assertAlmostEqual(
            recovered.bill_ids.amount_untaxed,
            round(recovered.amount_recovered * 0.12 + 50.0, 2),
            places=2,
        )

    def test_the_demo_has_payment_plans_in_every_state(self):
        # One proposed, one running with its first instalment paid, one completed and
        # one broken (its first instalment 40 days late), in the French demo company.
        company = self.env.ref("relance_avancee.demo_company_fr")
        plans = self.env["relance.payment.plan"].search([("company_id", "=", company.id)])
        self.assertEqual(
            sorted(plans.mapped("state")), ["active", "broken", "completed", "proposed"]
        )
        running = plans.filtered(lambda plan: plan.state == "active")
        self.assertEqual(
            running.instalment_ids.sorted("date").mapped("state"), ["paid", "due", "due"]
        )
        broken = plans.filtered(lambda plan: plan.state == "broken")
        self.assertEqual(broken.broken_instalment_id, broken.instalment_ids.sorted("date")[0])
        self.assertTrue(broken.resume_level_id.formal_notice)
        proposed = plans.filtered(lambda plan: plan.state == "proposed")
        self.assertTrue(proposed.access_token and proposed.validity_date)
