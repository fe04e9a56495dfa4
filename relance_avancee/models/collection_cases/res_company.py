# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A company's settings for collection cases: where recovered amounts are paid in,
and the accounts of the recipients' commission and of the debts written off."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    relance_case_journal_id = fields.Many2one(
        "account.journal",
        "Journal of Recovered Amounts",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', id)]",
        help="The bank or cash journal where the amounts recipients recover are paid in, "
        "proposed when one is registered on a collection case.",
    )
    relance_commission_account_id = fields.Many2one(
        "account.account",
        "Commission Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Expense account of the recipients' commission bills (France: a 622 account, "
        "fees and commissions). Its default taxes go on the bill.",
    )
    relance_creditor_kind = fields.Selection(
        [("trader", "Trader or Commercial Company"), ("non_trader", "Other Business")],
        "Before the Courts, the Company Is",
        default="trader",
        required=True,
        help="A trader's claims against another trader go to the commercial court; another "
        "business (a liberal profession, an association) may choose the commercial or the "
        "judicial court against a trader.",
    )
    relance_legal_representative = fields.Char(
        "Represented By",
        help="Who represents the company in court papers, with their title (e.g. Jeanne "
        "Martin, présidente). Empty: its legal representative, unnamed.",
    )
    relance_bad_debt_account_id = fields.Many2one(
        "account.account",
        "Bad-Debt Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Expense account of the debts written off when a collection case is declared "
        "unrecoverable (France: 654, losses on irrecoverable debts).",
    )

    @api.constrains(
        "relance_case_journal_id", "relance_commission_account_id", "relance_bad_debt_account_id"
    )
    def _check_relance_case_settings(self):
        for company in self:
            journal = company.relance_case_journal_id
            if journal and (journal.type not in ("bank", "cash") or journal.company_id != company):
                raise ValidationError(
                    self.env._(
                        "Recovered amounts of %(company)s are paid into one of its bank or cash "
                        "journals: %(journal)s is not one.",
                        company=company.name,
                        journal=journal.display_name,
                    )
                )
            accounts = company.relance_commission_account_id | company.relance_bad_debt_account_id
            for account in accounts:
                if company not in account.company_ids or account.account_type not in (
                    "expense",
                    "expense_direct_cost",
                ):
                    raise ValidationError(
                        self.env._(
                            "Commissions and bad debts of %(company)s go to an expense account "
                            "of the company: %(account)s is not one.",
                            company=company.name,
                            account=account.display_name,
                        )
                    )
