# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from datetime import timedelta

import polib

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_path, html2plaintext

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
        cases = self.env["relance.collection.case"].search(
            [("company_id", "=", company.id), ("recipient_role", "=", "agency")]
        )
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

    def test_the_demo_has_an_injonction_de_payer_waiting_to_be_served(self):
        company = self.env.ref("relance_avancee.demo_company_fr")
        case = self.env["relance.collection.case"].search(
            [("company_id", "=", company.id), ("procedure", "=", "fr_order_commercial")]
        )
        self.assertEqual(case.court_stage, "made")
        self.assertTrue(case.court_name.startswith("Tribunal de commerce de "))
        self.assertEqual(case.activity_ids.date_deadline, case.court_serve_by)
        costs = self.env["relance.procedure.cost"].search([("company_id", "=", company.id)])
        self.assertEqual(len(costs), 5)

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

    def test_the_french_demo_company_keeps_the_pcg(self):
        # Odoo's French accounting is installed before the addon (the README's demo
        # command and the tests' database do so): the French demo company keeps the
        # French chart, and books collections to the PCG's accounts.
        company = self.env.ref("relance_avancee.demo_company_fr").with_company(
            self.env.ref("relance_avancee.demo_company_fr")
        )
        self.assertEqual(company.chart_template, "fr")
        self.assertEqual(company.partner_id.lang, "fr_FR")
        self.assertEqual(
            {
                "interest": company.relance_interest_account_id.code,
                "indemnity": company.relance_indemnity_account_id.code,
                "commission": company.relance_commission_account_id.code,
                "bad_debt": company.relance_bad_debt_account_id.code,
            },
            {
                "interest": "763100",
                "indemnity": "758000",
                "commission": "622800",
                "bad_debt": "654100",
            },
        )

    def test_the_demo_manages_credit(self):
        # In the French demo company: one customer over its credit limit, one within
        # its own, one on a hold a manager set, one covered by a credit insurer.
        company = self.env.ref("relance_avancee.demo_company_fr")
        self.assertTrue(company.account_use_credit_limit)
        exposures = (
            self.env["relance.credit.exposure"]
            .with_company(company)
            .search([("company_id", "=", company.id), ("partner_id.credit_limit", ">", 0)])
        )
        self.assertEqual(sorted(exposures.mapped("over_limit")), [False, True])
        hold = self.env["relance.credit.hold"].search(
            [("company_id", "=", company.id), ("cause", "=", "manual"), ("state", "=", "active")]
        )
        self.assertEqual(len(hold), 1)
        self.assertEqual(hold.set_by_id, self.env.ref("base.user_admin"))
        self.assertTrue(hold.partner_id.with_company(company).relance_credit_hold)
        cover = self.env["relance.insurance.cover"].search([("company_id", "=", company.id)])
        self.assertEqual((len(cover), cover.amount, cover.state), (1, 5000.0, "active"))

    def test_a_french_customer_on_the_portal_and_no_two_customers_of_a_name(self):
        company = self.env.ref("relance_avancee.demo_company_fr")
        client = self.env["res.users"].search([("login", "=", "client")])
        self.assertTrue(client.share)
        self.assertEqual(client.company_id, company)
        plan = self.env["relance.payment.plan"].search([("partner_id", "=", client.partner_id.id)])
        self.assertEqual(plan.state, "active")
        customers = self.env["res.partner"].search([("ref", "=like", "C_____")])
        self.assertEqual(len(set(customers.mapped("name"))), len(customers))

    def test_the_french_company_reads_french(self):
        """What the demo's ten weeks wrote into the French company's records (the
        runs, the sending step, the calls, plans, cases and their chatter, activities,
        attachments and names) holds no sentence of the module's in English, nor
        Odoo's own 'originally assigned to' of an activity done."""
        company = self.env.ref("relance_avancee.demo_company_fr")
        english = self._english_fragments()
        models = (
            "relance.communication",
            "relance.payment.plan",
            "relance.collection.case",
            "relance.promise",
            "relance.dispute",
            "relance.credit.hold",
            "res.partner",
            "account.move",
        )
        texts = []
        messages = self.env["mail.message"].search(
            [("record_company_id", "=", company.id), ("model", "in", models)]
        )
        self.assertTrue(messages)
        # What went to an English-reading customer is in English, as it should.
        messages = messages.filtered(
            lambda message: not any(
                (partner.lang or "").startswith("en") for partner in message.partner_ids
            )
        )
        texts += [(f"message {m.id}", html2plaintext(m.body or "")) for m in messages]
        texts += [(f"subject {m.id}", m.subject or "") for m in messages]
        communications = self.env["relance.communication"].search([("company_id", "=", company.id)])
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "relance.communication"), ("res_id", "in", communications.ids)]
        )
        texts += [
            (f"activity {a.id}", f"{a.summary or ''} {html2plaintext(a.note or '')}")
            for a in activities
        ]
        attachments = self.env["ir.attachment"].search(
            [("company_id", "=", company.id), ("res_model", "in", models)]
        )
        texts += [(f"attachment {a.id}", a.name) for a in attachments]
        for model in ("relance.payment.plan", "relance.collection.case"):
            records = self.env[model].search([("company_id", "=", company.id)])
            texts += [(f"{model} {r.id}", r.display_name) for r in records]
        found = [
            (where, fragment) for where, text in texts for fragment in english if fragment in text
        ]
        self.assertFalse(found[:10], f"{len(found)} English sentences in French records")

    def _english_fragments(self):
        """The module's sentences in English, cut at their placeholders: the pieces of
        three words or more its French translation does not repeat; and Odoo's own."""
        po = polib.pofile(file_path("relance_avancee/i18n/fr.po"))
        fragments = {"originally assigned to", "Call done"}
        for entry in po.translated_entries():
            if entry.msgid == entry.msgstr or "<" in entry.msgid or "{{" in entry.msgid:
                continue
            for piece in re.split(r"%\(\w+\)s|%s|%d|\n|: ", entry.msgid):
                piece = piece.strip(" .,;:()“”\"'")
                if len(piece.split()) >= 3 and piece not in entry.msgstr:
                    fragments.add(piece)
        return fragments
