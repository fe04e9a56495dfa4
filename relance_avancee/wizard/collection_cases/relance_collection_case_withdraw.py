# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RelanceCollectionCaseWithdraw(models.TransientModel):
    """Withdraw a collection case from its recipient, saying why. Its invoices go
    back to the ladder."""

    _name = "relance.collection.case.withdraw"
    _description = "Withdraw a collection case"

    case_id = fields.Many2one("relance.collection.case", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_withdraw(self):
        self.ensure_one()
        self.case_id._withdraw(self.reason)
        return {"type": "ir.actions.act_window_close"}
