"""The demo's collection cases: one in progress at a collection agency, one recovered
with the agency's commission billed, one before the commercial court (an injonction de
payer filed and made, waiting to be served), on customers of the French demo company
that no payment plan holds; and the company's own procedure costs. The case in
progress gets its case file, and the court's case its request, from the demo's main
job (``scripts/run_demo.py``), with the server up: rendering their PDFs while Odoo
installs the module would wait on that same server. Plain Python through an Odoo environment,
as the book's generator: a production database never loads it."""

from datetime import timedelta

from odoo import Command, fields

from .accounts import collections_accounts

# A fictitious SIREN (its Luhn key is right): the case file asks for one.
DEMO_SIREN = "987 654 324"


class DemoCases:
    def __init__(self, env):
        self.env = env
        self.today = fields.Date.context_today(env.user)

    def make(self, company):
        """The two cases of ``company`` (fewer if it has not as many customers with an
        overdue invoice free to hand over)."""
        Case = self.env["relance.collection.case"].with_company(company)
        agency = self._agency()
        self._settings(company)
        self._procedure_costs(company)
        court = self._court()
        cases = Case
        for step, invoices in zip(
            (self._in_progress, self._recovered, self._at_court),
            self._invoices(company),
            strict=False,
        ):
            cases |= step(Case, invoices, court if step == self._at_court else agency)
        return cases

    def _court(self):
        return self.env["res.partner"].create(
            {
                "name": "Greffe du tribunal de commerce",
                "is_company": True,
                "relance_collection_role": "court",
            }
        )

    def _procedure_costs(self, company):
        """The demo company's own figures (a quote from its commissaire de justice, its
        experience): sample values, as a company types them, not the law's."""
        note = "Demo figures"
        self.env["relance.procedure.cost"].create(
            [
                {
                    "company_id": company.id,
                    "procedure": procedure,
                    "date_start": self.today.replace(month=1, day=1),
                    "amount_fixed": fixed,
                    "recovery": recovery,
                    "duration_days": days,
                    "note": note,
                }
                for procedure, fixed, recovery, days in (
                    ("amicable", 0.0, 30.0, 30),
                    ("fr_small_claims", 150.0, 50.0, 45),
                    ("fr_order_commercial", 120.0, 80.0, 90),
                    ("fr_order_judicial", 110.0, 75.0, 120),
                    ("fr_action", 1500.0, 70.0, 365),
                )
            ]
        )

    def _agency(self):
        return self.env["res.partner"].create(
            {
                "name": "Recouvrement Rhône SARL",
                "is_company": True,
                "street": "22 cours Lafayette",
                "zip": "69003",
                "city": "Lyon",
                "country_id": self.env.ref("base.fr").id,
                "email": "dossiers@recouvrement-rhone.example",
                "lang": "fr_FR",
                "relance_collection_role": "agency",
                "relance_collection_mandate": "both",
                "relance_collection_rate": 12.0,
                "relance_collection_fee": 50.0,
            }
        )

    def _settings(self, company):
        accounts = collections_accounts(self.env, company)
        company.write(
            {
                "relance_case_journal_id": self.env["account.journal"]
                .search(
                    [
                        *self.env["account.journal"]._check_company_domain(company),
                        ("type", "=", "bank"),
                    ],
                    limit=1,
                )
                .id,
                "relance_commission_account_id": accounts["commission"].id,
                "relance_bad_debt_account_id": accounts["bad_debt"].id,
                "relance_legal_representative": "Jeanne Martin, présidente",
            }
        )

    def _invoices(self, company):
        """Per French business customer free of plans, cases and disputes, its overdue
        invoices in the company's currency; the most overdue customers first."""
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "=", "not_paid"),
                ("currency_id", "=", company.currency_id.id),
                ("relance_excluded", "=", False),
                ("invoice_date_due", "<", self.today),
                ("commercial_partner_id.is_company", "=", True),
                ("commercial_partner_id.country_id.code", "=", "FR"),
            ],
            order="invoice_date_due, id",
        )
        taken = self.env["relance.payment.plan"].search([]).partner_id
        disputed = self.env["relance.dispute"].search([]).move_id.commercial_partner_id
        by_customer = {}
        for move in moves:
            customer = move.commercial_partner_id
            if customer not in taken and customer not in disputed:
                by_customer.setdefault(customer, move.browse())
                by_customer[customer] |= move
        return list(by_customer.values())

    def _case(self, Case, invoices, agency):
        customer = invoices.commercial_partner_id
        customer.company_registry = DEMO_SIREN
        return Case.create(
            {
                "partner_id": customer.id,
                "move_ids": [Command.set(invoices.ids)],
                "recipient_id": agency.id,
                "mandate": "both",
                "commission_rate": 12.0,
                "fixed_fee": 50.0,
            }
        )

    def _in_progress(self, Case, invoices, agency):
        case = self._case(Case, invoices, agency)
        case.action_mark_sent()
        case.action_start()
        return case

    def _recovered(self, Case, invoices, agency):
        case = self._case(Case, invoices, agency)
        case.action_mark_sent()
        case._register_recovered(
            case.amount_owed, self.today, case.company_id.relance_case_journal_id
        )
        case.action_bill_commission()
        return case

    def _at_court(self, Case, invoices, court):
        """An injonction de payer requested a month ago and made ten days ago: its
        service deadline is an activity of the case's responsible."""
        customer = invoices.commercial_partner_id
        customer.company_registry = DEMO_SIREN
        case = Case.create(
            {
                "partner_id": customer.id,
                "move_ids": [Command.set(invoices.ids)],
                "recipient_id": court.id,
                "procedure": "fr_order_commercial",
            }
        )
        case.action_mark_sent()
        case.write(
            {
                "court_filed_date": self.today - timedelta(days=30),
                "court_order_date": self.today - timedelta(days=10),
                "court_amount_granted": case.amount_total,
            }
        )
        return case
