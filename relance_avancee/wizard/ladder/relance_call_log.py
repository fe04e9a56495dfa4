# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ...models.ladder.relance_communication import CALL_OUTCOMES, PAYMENT_METHODS


class RelanceCallLog(models.TransientModel):
    """What the customer said on the phone, in one dialog: the details each outcome
    needs, then one model method that records it and does what it means."""

    _name = "relance.call.log"
    _description = "Log a collections call"

    communication_id = fields.Many2one("relance.communication", required=True)
    company_id = fields.Many2one(related="communication_id.company_id")
    partner_id = fields.Many2one(related="communication_id.partner_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    call_phone = fields.Char(related="communication_id.call_phone")
    call_mobile = fields.Char(related="communication_id.call_mobile")
    call_script = fields.Html(related="communication_id.call_script")
    outcome = fields.Selection(CALL_OUTCOMES, required=True)
    note = fields.Text()
    promise_amount = fields.Monetary("Amount Promised", currency_field="currency_id")
    promise_date = fields.Date("Promised For")
    dispute_move_ids = fields.Many2many(
        "account.move",
        string="Disputed Invoices",
        domain="[('commercial_partner_id', '=', partner_id), ('company_id', '=', company_id), "
        "('move_type', 'in', ('out_invoice', 'out_receipt')), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    dispute_reason = fields.Selection(
        lambda self: self.env["relance.dispute"]._fields["reason"].selection,
        default="other",
    )
    paid_date = fields.Date("Paid On")
    paid_method = fields.Selection(PAYMENT_METHODS, "Paid By")

    @api.onchange("outcome")
    def _onchange_outcome(self):
        if self.outcome == "promise" and not self.promise_amount:
            self.promise_amount = self.communication_id.amount_net

    def action_log(self):
        self.ensure_one()
        self.communication_id._log_call(
            self.outcome,
            self.note,
            promise_amount=self.promise_amount,
            promise_date=self.promise_date,
            dispute_moves=self.dispute_move_ids,
            dispute_reason=self.dispute_reason,
            paid_date=self.paid_date,
            paid_method=self.paid_method,
        )
        return {"type": "ir.actions.act_window_close"}
