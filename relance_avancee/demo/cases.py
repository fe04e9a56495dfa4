"""The demo's collection cases: one in progress at a collection agency, one recovered
with the agency's commission billed, on customers of the French demo company that no
payment plan holds. The case in progress gets its case file from the demo's main job
(``scripts/run_demo.py``), with the server up: rendering its PDFs while Odoo installs
the module would wait on that same server. Plain Python through an Odoo environment,
as the book's generator: a production database never loads it."""

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
        cases = Case
        for step, invoices in zip(
            (self._in_progress, self._recovered), self._invoices(company), strict=False
        ):
            cases |= step(Case, invoices, agency)
        return cases

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
