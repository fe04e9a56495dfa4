# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RelanceCommunicationReject(models.TransientModel):
    """Reject communications waiting for approval, saying why."""

    _name = "relance.communication.reject"
    _description = "Reject a collections communication"

    communication_ids = fields.Many2many("relance.communication", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.communication_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
