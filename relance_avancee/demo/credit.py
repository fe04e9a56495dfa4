# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The demo's credit management, in the French demo company: credit limits (one
customer over its limit, one well within it), a credit hold a manager set, and a
credit insurer covering a customer. Plain Python through an Odoo environment, as the
book's generator: a production database never loads it."""

from dateutil.relativedelta import relativedelta

from odoo import fields


class DemoCredit:
    def __init__(self, env):
        self.env = env
        self.today = fields.Date.context_today(env.user)

    def make(self, company):
        """Returns the customers it set up: ``over_limit``, ``within_limit``,
        ``on_hold``, ``covered`` (fewer if the company has fewer customers owing)."""
        env = self.env
        company.write({"account_use_credit_limit": True, "relance_credit_check": "warn"})
        owing = self._customers_by_debt(company)
        if len(owing) < 4:
            return {}
        over, within, held, covered = owing[:4]
        # Limits are company-dependent: the French company's own.
        over_debt, within_debt = self._debt(company, over), self._debt(company, within)
        over.with_company(company).write(
            {
                "use_partner_credit_limit": True,
                "credit_limit": max(100.0, round(over_debt * 0.6, -2)),
            }
        )
        within.with_company(company).write(
            {
                "use_partner_credit_limit": True,
                "credit_limit": max(1000.0, round(within_debt * 3, -3)),
            }
        )
        # A manager's hold, as the administrator sets it in the demo.
        admin = env.ref("base.user_admin")
        env["relance.credit.hold"].with_user(admin).with_company(company).create(
            {
                "partner_id": held.id,
                "company_id": company.id,
                "reason": "Chèque de 1 250,00 € rejeté par la banque : plus de vente à "
                "crédit avant régularisation.",
            }
        )
        insurer = env["res.partner"].create(
            {
                "name": "Assurcrédit Démo SA",
                "is_company": True,
                "city": "Paris",
                "zip": "75008",
                "street": "10 avenue de l'Assurance",
                "country_id": env.ref("base.fr").id,
                "company_id": False,
            }
        )
        policy = env["relance.insurance.policy"].create(
            {
                "insurer_id": insurer.id,
                "policy_number": "ACD-2026-0042",
                "company_id": company.id,
                "date_start": self.today.replace(month=1, day=1),
                "user_id": admin.id,
                # The demo contract's conditions (each policy sets its own): declare an
                # unpaid debt 90 days after its due date, a proceeding within 15 days.
                "days_declare_overdue": 90,
                "days_declare_proceeding": 15,
            }
        )
        env["relance.insurance.cover"].create(
            {
                "policy_id": policy.id,
                "partner_id": covered.id,
                "amount": 5000.0,
                "date_start": self.today - relativedelta(months=6),
                "reference": "AGR-7781",
            }
        )
        customers = over | within | held | covered
        env["relance.credit.exposure"]._refresh(company, customers)
        return {"over_limit": over, "within_limit": within, "on_hold": held, "covered": covered}

    def _customers_by_debt(self, company):
        """The company's business customers with open receivables, largest first, that
        no payment plan or collection case holds."""
        groups = self.env["account.move.line"]._read_group(
            [
                *self.env["account.move.line"]._relance_open_receivable_domain(),
                ("company_id", "=", company.id),
                ("partner_id.is_company", "=", True),
                ("amount_residual", ">", 0),
            ],
            ["partner_id"],
            ["amount_residual:sum"],
            order="amount_residual:sum desc",
        )
        busy = (
            self.env["relance.payment.plan"].search([("company_id", "=", company.id)]).partner_id
            | self.env["relance.collection.case"]
            .search([("company_id", "=", company.id)])
            .partner_id
        )
        return [partner for partner, _amount in groups if partner not in busy]

    def _debt(self, company, partner):
        return sum(
            self.env["account.move.line"]
            .search(
                [
                    *self.env["account.move.line"]._relance_open_receivable_domain(),
                    ("company_id", "=", company.id),
                    ("partner_id", "=", partner.id),
                ]
            )
            .mapped("amount_residual")
        )
