# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a procedure costs the company: the figures no text fixes (a court-office fee, a
commissaire de justice's or a lawyer's fees, the share it expects to recover), typed
by the company itself, dated. None is assumed: a procedure without one is weighed
without a cost."""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...engine import procedures

PROCEDURES = [
    (procedures.AMICABLE, "Keep Trying Amicably"),
    (procedures.FR_MEDIATION, "Conciliation or Mediation"),
    (procedures.FR_SMALL_CLAIMS, "Small-Claims Procedure (Commissaire de Justice)"),
    (procedures.FR_ORDER_COMMERCIAL, "Injonction de Payer, Commercial Court"),
    (procedures.FR_ORDER_JUDICIAL, "Injonction de Payer, Judicial Court"),
    (procedures.FR_ACTION, "Court Action"),
    (procedures.BE_UNCONTESTED, "Belgium: Uncontested Debt Between Businesses"),
    (procedures.BE_SUMMARY_ORDER, "Belgium: Summary Payment Order"),
]


class RelanceProcedureCost(models.Model):
    _name = "relance.procedure.cost"
    _inherit = ["relance.checked.mixin"]
    _description = "Cost of a collection procedure"
    _order = "procedure, date_start desc"
    _check_company_auto = True
    _sql_constraints = [
        (
            "procedure_date_unique",
            "UNIQUE(company_id, procedure, date_start)",
            "A procedure has one cost per company and date: change the existing one.",
        )
    ]

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    procedure = fields.Selection(PROCEDURES, required=True)
    date_start = fields.Date(
        "From",
        required=True,
        default=fields.Date.context_today,
        help="The day these figures apply from.",
    )
    amount_fixed = fields.Monetary(
        "Fixed Costs",
        help="What the company pays out for the procedure whatever it recovers: a court-office "
        "fee, service by a commissaire de justice, a lawyer's fee.",
    )
    commission = fields.Float(
        "Commission (%)",
        digits=(5, 2),
        help="A share of what is recovered, paid to whoever recovers it (a lawyer's success fee).",
    )
    recovery = fields.Float(
        "Expected Recovery (%)",
        digits=(5, 2),
        help="The share of the claim the company expects this procedure to bring back, from its "
        "own experience. Zero: no figure, the expected net is not shown.",
    )
    duration_days = fields.Integer(
        "Usual Duration (Days)", help="How long the procedure usually takes. Zero: not known."
    )
    note = fields.Char(help="What the figures cover, where they were read (a quote, a price list).")

    @api.constrains("amount_fixed", "commission", "recovery", "duration_days")
    def _check_figures(self):
        for cost in self:
            if cost.amount_fixed < 0 or cost.duration_days < 0:
                raise ValidationError(
                    self.env._("The costs and the duration of a procedure cannot be negative.")
                )
            for share in (cost.commission, cost.recovery):
                if not 0 <= share <= 100:
                    raise ValidationError(
                        self.env._(
                            "A commission or an expected recovery is a percentage between 0 "
                            "and 100."
                        )
                    )

    @api.model
    def _in_force(self, company, day, to_currency):
        """{procedure: engine Cost} of ``company`` on ``day``, the fixed costs in
        ``to_currency``."""
        rows = self.search(
            [("company_id", "=", company.id), ("date_start", "<=", day)], order="date_start desc"
        )
        costs = {}
        for row in rows:
            if row.procedure in costs:
                continue
            fixed = row.currency_id._convert(row.amount_fixed, to_currency, company, day)
            costs[row.procedure] = procedures.Cost(
                fixed=Decimal(str(fixed)),
                commission=Decimal(str(row.commission)),
                recovery=Decimal(str(row.recovery)) if row.recovery else None,
                days=row.duration_days or None,
            )
        return costs
