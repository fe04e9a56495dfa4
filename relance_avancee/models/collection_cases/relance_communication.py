# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The ladder's hand-over proposes a collection case on the invoices it hands over."""

from odoo import fields, models


class RelanceCommunication(models.Model):
    _inherit = "relance.communication"

    relance_case_ids = fields.One2many(
        "relance.collection.case", "communication_id", "Collection Cases", readonly=True
    )

    def action_relance_collection_case(self):
        """A new collection case on the invoices this hand-over asks for, those still
        owed and in no other open case or plan."""
        self.ensure_one()
        moves = self.line_ids.move_id.filtered(
            lambda move: move.move_type == "out_invoice"
            and not move.currency_id.is_zero(move.amount_residual)
            and not move.relance_held
        )
        return self.env["relance.collection.case"]._open_new(
            self.partner_id.commercial_partner_id, moves, communication=self
        )
