# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RelancePaymentPlanCancel(models.TransientModel):
    """Cancel a payment plan, saying why: the customer declined it, or you withdraw
    it. Its invoices go back to the ladder."""

    _name = "relance.payment.plan.cancel"
    _description = "Cancel a payment plan"

    plan_id = fields.Many2one("relance.payment.plan", required=True, ondelete="cascade")
    declined = fields.Boolean("The Customer Declined")
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        self.plan_id._cancel(self.reason, declined=self.declined)
        return {"type": "ir.actions.act_window_close"}
