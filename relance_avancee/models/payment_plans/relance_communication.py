# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A payment plan drawn up from a communication, on the invoices it asks for."""

from odoo import models


class RelanceCommunication(models.Model):
    _inherit = "relance.communication"

    def action_relance_payment_plan(self):
        """Draw up a payment plan on the invoices this communication asks for, those
        still owed and in no other plan."""
        self.ensure_one()
        moves = self.line_ids.move_id.filtered(
            lambda move: move.move_type == "out_invoice"
            and not move.currency_id.is_zero(move.amount_residual)
            and not move.relance_plan_id
        )
        return self.env["relance.payment.plan.wizard"]._open_for(
            self.partner_id.commercial_partner_id, moves
        )
