# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's payment plans, on its Collections tab."""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_payment_plan_ids = fields.One2many(
        "relance.payment.plan", "partner_id", "Payment Plans", readonly=True
    )

    def action_relance_payment_plan(self):
        """Draw up a payment plan on this customer's open invoices."""
        self.ensure_one()
        customer = self.commercial_partner_id
        moves = (
            self.env["account.move"]
            .search(
                [
                    ("commercial_partner_id", "=", customer.id),
                    ("company_id", "=", self.env.company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("amount_residual", ">", 0),
                    ("relance_excluded", "=", False),
                ],
                order="invoice_date_due, id",
            )
            .filtered(lambda move: not move.relance_plan_id)
        )
        # One currency per plan: the company's first, else the oldest invoice's.
        currency = self.env.company.currency_id
        if moves and currency not in moves.currency_id:
            currency = moves[0].currency_id
        return self.env["relance.payment.plan.wizard"]._open_for(
            customer, moves.filtered(lambda move: move.currency_id == currency)
        )
