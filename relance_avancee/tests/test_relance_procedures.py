# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The next step after the formal notice, weighed on real invoices: the procedures open
to a customer's debt or to a case, their costs from the company's figures, what is left
out (disputed, held), who sees what, and the settings' refusals."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin
from .test_relance_collection_case import RelanceCaseCommon


class RelanceProcedureCommon(RelanceCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france = cls.env.ref("base.fr")
        cls.business.write({"country_id": cls.france.id, "relance_penalty_regime": "none"})
        cls.consumer.write({"country_id": cls.france.id, "relance_penalty_regime": "none"})
        Cost = cls.env["relance.procedure.cost"]
        Cost.create(
            [
                {
                    "procedure": "fr_order_commercial",
                    "date_start": "2026-01-01",
                    "amount_fixed": 45.0,
                    "recovery": 90.0,
                    "duration_days": 60,
                    "note": "Court-office fee and service, our commissaire de justice's quote",
                },
                {
                    "procedure": "fr_small_claims",
                    "date_start": "2026-01-01",
                    "amount_fixed": 150.0,
                },
            ]
        )

    def _weigh(self, partner=None, case=None):
        """The weighed next step, as its button opens it: {procedure or agency: line}."""
        if case:
            action = case.action_weigh_procedures()
        else:
            action = (partner or self.business).action_relance_weigh_procedures()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        return wizard, {line.agency_id or line.procedure: line for line in wizard.line_ids}

    def _euro_invoices(self, partner, *amounts, date="2026-01-10"):
        return self._post(
            [self._invoice(partner, amount, date, currency=self.euro) for amount in amounts]
        )


@tagged("post_install", "-at_install")
class TestRelanceProcedures(RelanceProcedureCommon):
    @freeze_time("2026-03-02")
    def test_a_traders_debt_weighed_with_the_companys_figures(self):
        self._euro_invoices(self.business, 3000.0, 1999.99)
        wizard, lines = self._weigh()
        self.assertRecordValues(
            wizard,
            [
                {
                    "amount_principal": 4999.99,
                    "amount_interest": 0.0,
                    "amount_indemnity": 0.0,
                    "amount_claim": 4999.99,
                    "debtor_kind": "trader",
                    "debtor_country_id": self.france.id,
                    "date_oldest_due": self.env["account.move"]
                    .search([("partner_id", "=", self.business.id)], limit=1)
                    .invoice_date_due,
                    "currency_id": self.euro.id,
                }
            ],
        )
        # The commercial court's order: 45.00 fixed. In full: 4,999.99 - 45.00 =
        # 4,954.99. Expected: 4,999.99 x 90 % = 4,499.991, less 45.00 = 4,454.99.
        self.assertRecordValues(
            lines["fr_order_commercial"],
            [
                {
                    "status": "open",
                    "amount_claim": 4999.99,
                    "amount_cost": 45.0,
                    "amount_net": 4954.99,
                    "amount_expected": 4454.99,
                    "has_expected": True,
                    "duration_days": 60,
                    "sources": "CPC 1405, CPC 1406, C. com. L721-3",
                }
            ],
        )
        self.assertIn("25-70.013", lines["fr_order_commercial"].reasons)
        self.assertEqual(lines["fr_order_judicial"].status, "closed")
        self.assertIn("Code de commerce, L721-3", lines["fr_order_judicial"].reasons)
        # The agency under its usual mandate, 12 % and 50.00: 50.00 + 599.9988 =
        # 649.9988, 650.00; net 4,349.9912, 4,349.99.
        self.assertRecordValues(
            lines[self.agency],
            [
                {
                    "status": "open",
                    "name": self.agency.name,
                    "amount_cost": 650.0,
                    "amount_net": 4349.99,
                }
            ],
        )
        # No figure for an action: no cost shown, and the line says where to enter it.
        self.assertFalse(lines["fr_action"].has_cost)
        self.assertIn("Procedure Costs", lines["fr_action"].reasons)
        self.assertNotIn("be_summary_order", lines)
        self.assertIn("Not read in their text yet", wizard.warning)

    @freeze_time("2026-03-02")
    def test_the_small_claims_cap_to_the_cent(self):
        for amount, status in ((4999.99, "condition"), (5000.0, "condition"), (5000.01, "closed")):
            with self.subTest(amount=amount):
                invoice = self._euro_invoices(self.consumer, amount)
                _wizard, lines = self._weigh(self.consumer)
                self.assertEqual(lines["fr_small_claims"].status, status)
                # Against a consumer, the judicial court; an action up to 5,000.00
                # needs a prior attempt first.
                self.assertEqual(lines["fr_order_judicial"].status, "open")
                self.assertEqual(lines["fr_order_commercial"].status, "closed")
                action = "condition" if amount <= 5000 else "open"
                self.assertEqual(lines["fr_action"].status, action)
                invoice.button_draft()
                invoice.button_cancel()

    @freeze_time("2026-03-02")
    def test_a_disputed_invoice_and_one_in_a_case_are_left_out(self):
        kept, disputed, handed_over = self._euro_invoices(self.business, 800.0, 300.0, 200.0)
        self.env["relance.dispute"].create(
            {"move_id": disputed.id, "reason": "quality", "date_start": "2026-02-20"}
        )
        self._case(handed_over)
        wizard, lines = self._weigh()
        self.assertRecordValues(
            wizard, [{"amount_principal": 800.0, "amount_disputed": 300.0, "amount_claim": 800.0}]
        )
        self.assertIn("300.00", lines["fr_order_commercial"].reasons)
        self.assertNotIn("under dispute", lines["amicable"].reasons or "")

    @freeze_time("2026-03-02")
    def test_a_customer_in_collective_proceedings_is_offered_nothing(self):
        self._euro_invoices(self.business, 800.0)
        check = (
            self.env["relance.register.check"]
            .sudo()
            .create({"partner_id": self.business.id, "siren": "732829320", "in_proceedings": True})
        )
        self.business.relance_register_check_id = check
        wizard, lines = self._weigh()
        self.assertTrue(wizard.in_proceedings)
        self.assertEqual({line.status for line in lines.values()}, {"closed"})
        self.assertIn("L622-21", lines["fr_order_commercial"].reasons)

    @freeze_time("2026-03-02")
    def test_a_case_is_weighed_on_what_it_claims(self):
        self.business.relance_penalty_regime = False
        invoices = self._euro_invoices(self.business, 1200.0, 600.0)
        case = self._case(invoices, amount_fees=35.0)
        self.assertTrue(case.amount_interest)
        wizard, lines = self._weigh(case=case)
        self.assertRecordValues(
            wizard,
            [
                {
                    "case_id": case.id,
                    "amount_principal": 1800.0,
                    "amount_interest": case.amount_interest,
                    "amount_indemnity": 80.0,
                    "amount_costs": 35.0,
                    "amount_claim": case.amount_total,
                }
            ],
        )
        # From a case, the agency's line does not open another case.
        self.assertEqual(lines["fr_small_claims"].amount_claim, case.amount_total)
        self.assertEqual(lines["fr_small_claims"].amount_cost, 150.0)

    @freeze_time("2026-03-02")
    def test_a_belgian_customer_sees_belgian_procedures(self):
        belgium = self.env.ref("base.be")
        shop = self.env["res.partner"].create(
            {
                "name": "Bakkerij Peeters",
                "is_company": False,
                "country_id": belgium.id,
                "relance_penalty_regime": "none",
            }
        )
        for amount, status in ((1860.0, "condition"), (1860.01, "closed")):
            with self.subTest(amount=amount):
                invoice = self._euro_invoices(shop, amount)
                _wizard, lines = self._weigh(shop)
                self.assertEqual(lines["be_summary_order"].status, status)
                # A consumer: not the procedure between businesses.
                self.assertEqual(lines["be_uncontested"].status, "closed")
                self.assertNotIn("fr_order_commercial", lines)
                invoice.button_draft()
                invoice.button_cancel()

    @freeze_time("2026-03-02")
    def test_an_agency_is_handed_the_case_from_its_line(self):
        invoice = self._euro_invoices(self.business, 800.0)
        _wizard, lines = self._weigh()
        action = lines[self.agency].action_hand_over()
        self.assertEqual(action["res_model"], "relance.collection.case")
        self.assertEqual(action["context"]["default_recipient_id"], self.agency.id)
        self.assertEqual(action["context"]["default_move_ids"], invoice.ids)

    @freeze_time("2026-03-02")
    def test_another_companys_costs_stay_out_of_sight(self):
        other = self.company_data_2["company"]
        self.env["relance.procedure.cost"].create(
            {"company_id": other.id, "procedure": "fr_action", "amount_fixed": 900.0}
        )
        self._euro_invoices(self.business, 800.0)
        _wizard, lines = self._weigh()
        self.assertFalse(lines["fr_action"].has_cost)
        costs = self.env["relance.procedure.cost"].with_user(self.collections_user).search([])
        self.assertNotIn(other, costs.company_id)

    @freeze_time("2026-03-02")
    def test_a_collector_weighs_a_customer(self):
        self._euro_invoices(self.business, 800.0)
        partner = self.business.with_user(self.collections_user)
        action = partner.action_relance_weigh_procedures()
        wizard = (
            self.env[action["res_model"]].with_user(self.collections_user).browse(action["res_id"])
        )
        self.assertEqual(wizard.amount_principal, 800.0)

    def test_the_customers_court_is_proposed_from_what_it_is(self):
        self.assertEqual(self.business.relance_debtor_kind, "trader")
        self.assertEqual(self.consumer.relance_debtor_kind, "consumer")
        self.business.relance_debtor_kind = "non_trader"
        self.business.name = "Garage Durand"
        self.assertEqual(self.business.relance_debtor_kind, "non_trader")

    def test_the_thresholds_shipped_cite_their_text(self):
        thresholds = self.env["relance.legal.threshold"].search([])
        self.assertEqual(
            set(thresholds.mapped("code")),
            {
                "fr_small_claims_cap",
                "fr_prior_attempt_cap",
                "be_summary_order_cap",
                "be_uncontested_extras_cap",
                "fr_order_service_months",
                "fr_order_opposition_months",
                "fr_order_enforcement_months",
            },
        )
        for threshold in thresholds:
            self.assertTrue(threshold.source and threshold.source_url, threshold.code)
        values, unverified = thresholds._in_force(date(2026, 9, 1))
        self.assertEqual(str(values["fr_small_claims_cap"]), "5000.0")
        self.assertEqual(values["fr_order_service_months"], 3)
        self.assertEqual(thresholds._in_force(date(2026, 8, 31))[0]["fr_order_service_months"], 6)
        # Only what was read in the text itself (a copy of Legifrance) is verified.
        self.assertEqual(
            set((thresholds - unverified).mapped("code")),
            {"fr_order_service_months", "fr_order_enforcement_months"},
        )


@tagged("post_install", "-at_install")
class TestRelanceProcedureRefusals(JsonRpcMixin, RelanceProcedureCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._create_relance_user("manager", "relance_avancee.group_relance_manager")

    def test_a_cost_figure_out_of_range_is_refused(self):
        Cost = self.env["relance.procedure.cost"]
        cases = [
            ({"amount_fixed": -1.0}, "cannot be negative"),
            ({"duration_days": -3}, "cannot be negative"),
            ({"commission": 120.0}, "between 0 and 100"),
            ({"recovery": -5.0}, "between 0 and 100"),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                Cost.create({"procedure": "fr_action", "date_start": "2026-02-01", **values})
        self.assertFalse(Cost.search([("date_start", "=", "2026-02-01")]))

    def test_a_cost_over_the_api_is_refused_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        vals = {"procedure": "fr_action", "date_start": "2026-02-01", "amount_fixed": -10.0}
        _result, error = self._rpc_as(
            self.manager,
            "manager-pass-2026",
            "relance.procedure.cost",
            "create",
            vals,
            lang="fr_FR",
        )
        self.assertIn("ne peuvent pas être négatifs", error)
        _result, error = self._rpc_as(
            self.manager,
            "manager-pass-2026",
            "relance.procedure.cost",
            "create",
            {"amount_fixed": 10.0},
            lang="fr_FR",
        )
        self.assertTrue(error)
        self.assertFalse(
            self.env["relance.procedure.cost"].search([("date_start", "=", "2026-02-01")])
        )

    def test_a_collector_cannot_change_the_costs(self):
        _result, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.procedure.cost",
            "create",
            {"procedure": "fr_action", "amount_fixed": 10.0},
        )
        self.assertIn("not allowed", error)

    def test_a_threshold_out_of_range_is_refused(self):
        Threshold = self.env["relance.legal.threshold"]
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            Threshold.create(
                {"code": "fr_small_claims_cap", "date_start": "2030-01-01", "value": -1}
            )
        with self.assertRaisesRegex(ValidationError, "Two values of .* are in force on"):
            Threshold.create(
                {"code": "fr_small_claims_cap", "date_start": "2030-01-01", "value": 6000}
            )
        with self.assertRaisesRegex(ValidationError, "ends .* before it starts"):
            Threshold.create(
                {
                    "code": "be_summary_order_cap",
                    "date_start": "2010-01-01",
                    "date_end": "2009-01-01",
                    "value": 1860,
                }
            )
