# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_interest_to_date = fields.Monetary(
        "Late-Payment Interest to Date",
        currency_field="relance_currency_id",
        compute="_compute_relance_penalties_to_date",
        help="The late-payment interest the customer's overdue invoices have accrued up "
        "to today and no penalty invoice has claimed yet, under the customer's regime, in "
        "the company's currency.",
    )
    relance_indemnity_to_date = fields.Monetary(
        "Recovery Indemnities to Date",
        currency_field="relance_currency_id",
        compute="_compute_relance_penalties_to_date",
        help="The fixed recovery indemnities the customer's overdue invoices bear today "
        "and no penalty invoice has claimed yet (businesses only).",
    )
    relance_penalty_warning = fields.Char(
        "Penalties Not Computed",
        compute="_compute_relance_penalties_to_date",
        help="Why the penalties to date could not be computed (a reference rate missing).",
    )

    def _compute_relance_penalties_to_date(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        for partner in self:
            partner.relance_interest_to_date = 0.0
            partner.relance_indemnity_to_date = 0.0
            partner.relance_penalty_warning = False
            customer = partner.commercial_partner_id
            if not customer.id:
                continue
            overdue = customer.relance_open_line_ids.filtered(
                lambda line: line.amount_residual > 0 and (line.date_maturity or line.date) < today
            ).move_id
            by_currency = defaultdict(lambda: self.env["account.move"])
            for move in overdue:
                by_currency[move.currency_id] |= move
            try:
                for currency, moves in by_currency.items():
                    interest, indemnity = moves._relance_accrued_penalties(today)
                    partner.relance_interest_to_date += currency._convert(
                        interest, company.currency_id, company, today
                    )
                    partner.relance_indemnity_to_date += currency._convert(
                        indemnity, company.currency_id, company, today
                    )
            except UserError as error:
                partner.relance_interest_to_date = 0.0
                partner.relance_indemnity_to_date = 0.0
                partner.relance_penalty_warning = error.args[0]
