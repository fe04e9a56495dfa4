# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import TourScreenshotMixin


@tagged("post_install", "-at_install")
class TestCollectionsTour(TourScreenshotMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collections_user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Colette Collector",
                    "login": "colette",
                    # Whoever posts in a chatter needs an address (a case logs its steps).
                    "email": "colette@example.com",
                    "password": "colette-pass-2026",
                    "groups_id": [
                        Command.set(cls.env.ref("relance_avancee.group_relance_user").ids)
                    ],
                }
            )
        )

    def _french_collector(self):
        """Colette works in French, in Paris, and may invoice."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        self.collections_user.write(
            {
                "lang": "fr_FR",
                "tz": "Europe/Paris",
                "groups_id": [Command.link(self.env.ref("account.group_account_invoice").id)],
            }
        )

    def _post_late(self, documents):
        """Post (customer, move type, amount, days late) documents, due at once, aged
        from the collector's day (Paris): the one the screens count the days late from."""
        today = fields.Date.context_today(self.env["relance.run"].with_user(self.collections_user))
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": today - timedelta(days=age),
                    "invoice_payment_term_id": self.env.ref(
                        "account.account_payment_term_immediate"
                    ).id,
                    "invoice_line_ids": [
                        Command.create({"name": "Pose", "price_unit": amount, "tax_ids": []})
                    ],
                }
                for partner, move_type, amount, age in documents
            ]
        )
        moves.action_post()
        return moves

    def test_collections_user_opens_receivables(self):
        self.start_tour("/odoo", "relance_avancee_collections_menu", login="colette")

    def test_configure_preview_approve_send_and_find_in_history(self):
        manager = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Maxime Manager",
                    "login": "maxime",
                    "password": "maxime-pass-2026",
                    "email": "maxime@example.com",
                    "groups_id": [Command.set(self.env.ref("account.group_account_manager").ids)],
                }
            )
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer SARL", "is_company": True}
        )
        today = fields.Date.context_today(manager)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": today - timedelta(days=50),
                "invoice_payment_term_id": self.env.ref(
                    "account.account_payment_term_immediate"
                ).id,
                "invoice_line_ids": [
                    Command.create({"name": "Audit", "price_unit": 900.0, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        # The tour approves a formal notice as the customer's first communication:
        # the policy lets an invoice enter at the level its age warrants.
        self.env["relance.policy"]._get_company_default(self.env.company).entry_by_age = True
        self.start_tour("/odoo", "relance_avancee_ladder_tour", login="maxime")
        policy = self.env["relance.policy"]._get_company_default(self.env.company)
        self.assertEqual(policy.level_ids.sorted("sequence")[0].gap, 2)
        communication = self.env["relance.communication"].search([("partner_id", "=", customer.id)])
        self.assertRecordValues(communication, [{"state": "sent", "amount_net": 900.0}])
        self.assertTrue(communication.formal_notice)

    def test_customer_standing_in_french(self):
        self._french_collector()
        customer = self.env["res.partner"].create(
            {"name": "Menuiserie Dupont SARL", "is_company": True, "email": "dupont@example.com"}
        )
        self._post_late(
            [(customer, "out_invoice", 1000.0, 40), (customer, "out_refund", 100.0, 10)]
        )
        policy = self.env["relance.policy"]._get_company_default(self.env.company)
        self.assertFalse(policy.entry_by_age)
        self.env["relance.run"].with_context(tz="Europe/Paris")._run_now(partners=customer)
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/res.partner/{customer.id}",
            "relance_avancee_standing_tour",
            "customer_standing",
            login="colette",
        )
        self.assertTrue(screenshot.exists())

    def test_worklist_in_french(self):
        self._french_collector()
        dupont, martin = self.env["res.partner"].create(
            [
                {"name": "Menuiserie Dupont SARL", "is_company": True, "email": "d@example.com"},
                {"name": "Boulangerie Martin", "is_company": True, "email": "m@example.com"},
            ]
        )
        self._post_late(
            [
                (dupont, "out_invoice", 1000.0, 70),
                (dupont, "out_invoice", 500.0, 10),
                (martin, "out_invoice", 300.0, 20),
            ]
        )
        self.env["relance.run"].with_context(tz="Europe/Paris")._run_now(partners=dupont | martin)
        # Only these customers' rows: the database may hold the demo's.
        action = self.env.ref("relance_avancee.action_relance_receivable_lines")
        action.domain = [("partner_id", "in", (dupont | martin).ids)]
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/action-{action.id}",
            "relance_avancee_worklist_tour",
            "worklist",
            login="colette",
        )
        self.assertTrue(screenshot.exists())
        promise = self.env["relance.promise"].search([("partner_id", "=", dupont.id)])
        self.assertRecordValues(
            promise,
            [{"amount": 1000.0, "date": fields.Date.to_date("2099-12-31"), "state": "open"}],
        )

    def test_morning_view_in_french(self):
        self._french_collector()
        dupont, leroy = self.env["res.partner"].create(
            [
                {"name": "Menuiserie Dupont SARL", "is_company": True, "email": "d@example.com"},
                {"name": "Bâtiment Leroy", "is_company": True, "email": "l@example.com"},
            ]
        )
        dupont.relance_collector_id = self.collections_user
        # 35 days late: a call (entering by age); 70 days: a hand-over, waiting for
        # approval as a first communication.
        self.env["relance.policy"]._get_company_default(self.env.company).entry_by_age = True
        self._post_late([(dupont, "out_invoice", 640.0, 35), (leroy, "out_invoice", 900.0, 70)])
        run = (
            self.env["relance.run"]
            .with_context(tz="Europe/Paris")
            ._run_now(partners=dupont | leroy)
        )
        run.communication_ids.filtered(lambda c: c.state == "queued")._send()
        # Only these customers' work: the database may hold the demo's.
        self.env["relance.communication"].search(
            [("partner_id", "not in", (dupont | leroy).ids), ("state", "=", "to_approve")]
        ).action_cancel()
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/action-{self.env.ref('relance_avancee.action_relance_dashboard').id}",
            "relance_avancee_dashboard_tour",
            "morning_view",
            login="colette",
        )
        self.assertTrue(screenshot.exists())

    def test_collector_logs_a_call_in_french(self):
        self._french_collector()
        dupont = self.env["res.partner"].create(
            {
                "name": "Menuiserie Dupont SARL",
                "is_company": True,
                "email": "d@example.com",
                "mobile": "+33 6 12 34 56 78",
            }
        )
        dupont.relance_collector_id = self.collections_user
        # 35 days late: the call, entering by age.
        self.env["relance.policy"]._get_company_default(self.env.company).entry_by_age = True
        self._post_late([(dupont, "out_invoice", 640.0, 35)])
        run = self.env["relance.run"].with_context(tz="Europe/Paris")._run_now(partners=dupont)
        call = run.communication_ids
        call._send()
        self.assertEqual(call.state, "call")
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/relance.communication/{call.id}",
            "relance_avancee_call_tour",
            "call_logged",
            login="colette",
        )
        self.assertTrue(screenshot.exists())
        self.assertRecordValues(call, [{"state": "sent", "call_outcome": "promise"}])
        promise = self.env["relance.promise"].search([("partner_id", "=", dupont.id)])
        self.assertRecordValues(
            promise,
            [{"amount": 640.0, "date": fields.Date.to_date("2099-12-31"), "state": "open"}],
        )

    def test_manager_decides_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        self.env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": "Maxime Manager",
                "login": "maxime",
                "password": "maxime-pass-2026",
                "email": "maxime@example.com",
                "lang": "fr_FR",
                "tz": "Europe/Paris",
                "groups_id": [Command.set(self.env.ref("account.group_account_manager").ids)],
            }
        )
        dupont = self.env["res.partner"].create(
            {"name": "Menuiserie Dupont SARL", "is_company": True, "email": "d@example.com"}
        )
        self.env["relance.policy"]._get_company_default(self.env.company).entry_by_age = True
        self._post_late([(dupont, "out_invoice", 640.0, 46)])
        today = fields.Date.context_today(self.env["relance.run"].with_user(self.collections_user))
        Run = self.env["relance.run"].with_context(tz="Europe/Paris")
        # A call a week ago, then today the formal notice, which waits for a manager.
        with freeze_time(today - timedelta(days=7)):
            Run._run_now(partners=dupont).communication_ids._send()
        notice = Run._run_now(partners=dupont).communication_ids
        self.assertRecordValues(notice, [{"state": "to_approve", "formal_notice": True}])
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/relance.communication/{notice.id}",
            "relance_avancee_approval_tour",
            "approval_postponed",
            login="maxime",
        )
        self.assertTrue(screenshot.exists())
        self.assertEqual(notice.state, "to_approve")
        self.assertTrue(notice.postponed_until)

    def test_credit_screens_in_french(self):
        self._french_collector()
        company = self.env.company
        company.write(
            {
                "account_use_credit_limit": True,
                "relance_credit_hold_overdue_days": 30,
                "relance_credit_hold_over_limit": True,
            }
        )
        dupont, martin = self.env["res.partner"].create(
            [
                {"name": "Menuiserie Dupont SARL", "is_company": True, "credit_limit": 1000.0},
                {"name": "Boulangerie Martin", "is_company": True, "credit_limit": 5000.0},
            ]
        )
        self._post_late([(dupont, "out_invoice", 1500.0, 40), (martin, "out_invoice", 300.0, 5)])
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": dupont.id,
                "invoice_line_ids": [
                    Command.create({"name": "Pose", "price_unit": 300.0, "tax_ids": []})
                ],
            }
        )
        self.env["relance.credit.exposure"]._refresh(company)
        self.assertRecordValues(
            (dupont | martin).with_company(company),
            [
                {"relance_exposure_total": 1800.0, "relance_over_limit": True},
                {"relance_exposure_total": 300.0, "relance_over_limit": False},
            ],
        )
        self.assertEqual(set(dupont.relance_credit_hold_ids.mapped("cause")), {"overdue", "limit"})
        # Its insurer covers 1,000 of its 1,800.
        self._insure(dupont, 1000.0)
        # Only these customers: the database may hold the demo's.
        action = self.env.ref("account.res_partner_action_customer")
        action.domain = [("id", "in", (dupont | martin).ids)]
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/action-{action.id}",
            "relance_avancee_credit_tour",
            "customer_credit",
            login="colette",
        )
        self.assertTrue(screenshot.exists())

    def _insure(self, partner, amount):
        today = fields.Date.context_today(self.env["relance.run"].with_user(self.collections_user))
        policy = self.env["relance.insurance.policy"].create(
            {
                "insurer_id": self.env["res.partner"].create({"name": "Assurcrédit SA"}).id,
                "policy_number": "PC-2026-0042",
                "date_start": today - timedelta(days=365),
                "days_declare_overdue": 30,
                "days_declare_proceeding": 30,
                "user_id": self.collections_user.id,
            }
        )
        self.env["relance.insurance.cover"].create(
            {
                "policy_id": policy.id,
                "partner_id": partner.id,
                "amount": amount,
                "date_start": today - timedelta(days=180),
            }
        )
        return policy

    def test_insurance_declarations_in_french(self):
        self._french_collector()
        dupont = self.env["res.partner"].create(
            {"name": "Menuiserie Dupont SARL", "is_company": True}
        )
        late = self._post_late([(dupont, "out_invoice", 1500.0, 40)])
        self._insure(dupont, 5000.0)
        self.env["relance.insurance.declaration"]._cron_credit_insurance()
        # Dupont's only: the demo's insured customer may have its own.
        declaration = self.env["relance.insurance.declaration"].search(
            [("partner_id", "=", dupont.id)]
        )
        self.assertRecordValues(declaration, [{"move_id": late.id, "activity_planned": True}])
        action = self.env.ref("relance_avancee.action_relance_insurance_declaration")
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/action-{action.id}",
            "relance_avancee_insurance_tour",
            "insurance_declarations",
            login="colette",
        )
        self.assertTrue(screenshot.exists())
        self.assertRecordValues(declaration, [{"state": "declared"}])
        self.assertFalse(declaration.activity_ids)

    def test_collection_case_opened_and_sent_in_french(self):
        self._french_collector()
        # A French company: the late-payment penalties of French law are claimed.
        self.env.company.country_id = self.env.ref("base.fr")
        customer = self.env["res.partner"].create(
            {"name": "Menuiserie Dupont SARL", "is_company": True}
        )
        self.env["res.partner"].create(
            {
                "name": "Recouvrement Rhône SARL",
                "is_company": True,
                "relance_collection_role": "agency",
                "relance_collection_mandate": "both",
                "relance_collection_rate": 12.0,
                "relance_collection_fee": 50.0,
            }
        )
        invoice = self._post_late([(customer, "out_invoice", 1500.0, 70)])
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/res.partner/{customer.id}",
            "relance_avancee_collection_case_tour",
            "collection_case",
            login="colette",
        )
        self.assertTrue(screenshot.exists())
        case = invoice.relance_case_ids
        self.assertRecordValues(
            case,
            [
                {
                    "state": "sent",
                    "mandate": "both",
                    "commission_rate": 12.0,
                    "fixed_fee": 50.0,
                    "amount_principal": 1500.0,
                }
            ],
        )
        self.assertGreater(case.amount_interest, 0.0)

    def test_aged_balance_on_screen_in_french(self):
        self._french_collector()
        customer = self.env["res.partner"].create(
            {"name": "Menuiserie Dupont SARL", "is_company": True}
        )
        # 1,500.00 70 days late (61-90 days) and 800.00 due today (not due).
        self._post_late(
            [(customer, "out_invoice", 1500.0, 70), (customer, "out_invoice", 800.0, 0)]
        )
        screenshot = self._start_tour_with_screenshot(
            "/odoo",
            "relance_avancee_aged_balance_tour",
            "aged_balance",
            login="colette",
        )
        self.assertTrue(screenshot.exists())
        report = self.env["relance.aged.balance"].search([], order="id desc", limit=1)
        self.assertEqual(report.create_uid, self.collections_user)
        (line,) = report.line_ids.filtered(lambda line: line.partner_id == customer)
        self.assertRecordValues(line, [{"amount_0": 800.0, "amount_3": 1500.0, "total": 2300.0}])

    def test_the_worklists_total_is_the_whole_lists(self):
        # The demo's French company: more overdue instalments than a page holds.
        admin = self.env.ref("base.user_admin")
        french = self.env.ref("relance_avancee.demo_company_fr")
        rows = self.env["relance.worklist"].with_user(admin).with_company(french)
        self.assertGreater(rows.search_count([("company_id", "=", french.id)]), 80)
        action = self.env.ref("relance_avancee.action_relance_receivable_lines")
        self.start_tour(
            f"/odoo/action-{action.id}", "relance_avancee_whole_list_tour", login="admin"
        )

    def _next_step_customer(self):
        """A French trader in Grenoble owing 6,000.00 since 70 days, the company's cost
        of an injonction de payer, an agency: what weighing the next step reads. A
        French company: its notes and activities are in French."""
        self.env.company.country_id = self.env.ref("base.fr")
        self.env.company.partner_id.lang = "fr_FR"
        customer = self.env["res.partner"].create(
            {
                "name": "Menuiserie Dupont SARL",
                "is_company": True,
                "city": "Grenoble",
                "country_id": self.env.ref("base.fr").id,
                "relance_penalty_regime": "none",
            }
        )
        self.env["res.partner"].create(
            {
                "name": "Recouvrement Rhône SARL",
                "is_company": True,
                "relance_collection_role": "agency",
                "relance_collection_mandate": "percentage",
                "relance_collection_rate": 12.0,
            }
        )
        self.env["relance.procedure.cost"].create(
            {"procedure": "fr_order_commercial", "date_start": "2026-01-01", "amount_fixed": 45.0}
        )
        invoice = self._post_late([(customer, "out_invoice", 6000.0, 70)])
        return customer, invoice

    @freeze_time("2026-09-10 10:00")
    def test_collector_weighs_the_next_step_in_french(self):
        self._french_collector()
        customer, _invoice = self._next_step_customer()
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/res.partner/{customer.id}",
            "relance_avancee_next_step_tour",
            "next_step",
            login="colette",
        )
        self.assertTrue(screenshot.exists())

    @freeze_time("2026-09-17 10:00")
    def test_manager_records_the_order_in_french(self):
        self._french_collector()
        manager = self.collections_user
        manager.groups_id = [Command.link(self.env.ref("relance_avancee.group_relance_manager").id)]
        customer, invoice = self._next_step_customer()
        court = self.env["res.partner"].create(
            {"name": "Greffe du tribunal de commerce", "relance_collection_role": "court"}
        )
        case = self.env["relance.collection.case"].create(
            {
                "partner_id": customer.id,
                "move_ids": [Command.set(invoice.ids)],
                "recipient_id": court.id,
                "procedure": "fr_order_commercial",
                "user_id": manager.id,
                "court_filed_date": "2026-09-10",
            }
        )
        screenshot = self._start_tour_with_screenshot(
            f"/odoo/relance.collection.case/{case.id}",
            "relance_avancee_court_tour",
            "court_order",
            login="colette",
        )
        self.assertTrue(screenshot.exists())
        self.assertRecordValues(case, [{"court_serve_by": fields.Date.to_date("2026-12-14")}])
