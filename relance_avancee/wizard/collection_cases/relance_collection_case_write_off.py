# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RelanceCollectionCaseWriteOff(models.TransientModel):
    """Confirm that a collection case is unrecoverable, saying why: what is still owed
    is written off by credit notes carrying the invoices' taxes."""

    _name = "relance.collection.case.write.off"
    _description = "Declare a collection case unrecoverable"

    case_id = fields.Many2one("relance.collection.case", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="case_id.currency_id")
    amount_owed = fields.Monetary(related="case_id.amount_owed", string="To Write Off")
    account_id = fields.Many2one(
        related="case_id.company_id.relance_bad_debt_account_id", string="Bad-Debt Account"
    )
    reason = fields.Text(required=True)

    def action_write_off(self):
        self.ensure_one()
        self.case_id._write_off(self.reason)
        return {"type": "ir.actions.act_window_close"}
