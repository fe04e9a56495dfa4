# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An invoice's payment plans: the one that holds it now (collections leave it alone
while that plan runs) and the day its debt was acknowledged by accepting one."""

from odoo import api, fields, models

from .relance_payment_plan import OPEN_STATES, PLAN_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    relance_plan_ids = fields.Many2many(
        "relance.payment.plan",
        "relance_payment_plan_move_rel",
        "move_id",
        "plan_id",
        "Payment Plans",
        readonly=True,
        copy=False,
    )
    relance_plan_id = fields.Many2one(
        "relance.payment.plan",
        "Payment Plan",
        compute="_compute_relance_plan_id",
        help="The payment plan drawn up, proposed or running for this invoice.",
    )
    relance_plan_state = fields.Selection(
        PLAN_STATES, "Plan Status", compute="_compute_relance_plan_id"
    )
    relance_debt_acknowledged = fields.Date(
        "Debt Acknowledged On",
        readonly=True,
        copy=False,
        help="The day the customer acknowledged this debt by accepting a payment plan "
        "(Code civil, art. 2240: an acknowledgement interrupts the limitation period).",
    )

    @api.depends("relance_plan_ids.state")
    def _compute_relance_plan_id(self):
        for move in self:
            plan = move.relance_plan_ids.filtered(lambda plan: plan.state in OPEN_STATES)[:1]
            move.relance_plan_id = plan
            move.relance_plan_state = plan.state

    def _relance_paid(self):
        # A running plan whose last open instalment is now paid completes.
        result = super()._relance_paid()
        self.env["relance.payment.plan"]._complete_paid(self)
        return result

    def action_relance_payment_plan(self):
        """Open the payment plan wizard on this invoice's customer and this invoice."""
        return self.env["relance.payment.plan.wizard"]._open_for(
            self.commercial_partner_id[:1], self
        )

    def _relance_holding_models(self):
        return [*super()._relance_holding_models(), "relance.payment.plan"]
