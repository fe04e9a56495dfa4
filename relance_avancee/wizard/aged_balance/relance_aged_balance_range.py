# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The aged balance's graph: a customer's balance with one company, one row per
range (not due, then each late range), so that the bars stack the ranges."""

from odoo import api, fields, models

from .relance_aged_balance_line import BUCKET_COUNT


class RelanceAgedBalanceRange(models.TransientModel):
    _name = "relance.aged.balance.range"
    _description = "Aged Balance by Range"
    _order = "partner_id, company_id, range"
    _rec_name = "partner_id"

    report_id = fields.Many2one("relance.aged.balance", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    # The ranges' titles are the report's (fields_get); these are only their defaults.
    range = fields.Selection(
        [
            (str(position), "Not Due" if position == 0 else f"Late Range {position}")
            for position in range(BUCKET_COUNT)
        ],
        readonly=True,
    )
    amount = fields.Monetary(currency_field="company_currency_id", aggregator="sum")

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The ranges titled as the report's companies name them."""
        result = super().fields_get(allfields, attributes)
        report = self.env["relance.aged.balance"]._relance_report_of_context()
        if report and "selection" in result.get("range", {}):
            result["range"]["selection"] = [
                (str(position), label) for position, label in enumerate(report._labels())
            ]
        return result
