# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The worklist shows the running payment plan an item's invoice is in: the run leaves
it alone, its instalments are what is asked."""

from odoo import fields, models
from odoo.tools import SQL


class RelanceWorklist(models.Model):
    _inherit = "relance.worklist"

    plan_id = fields.Many2one(
        "relance.payment.plan",
        "Payment Plan",
        readonly=True,
        help="The active payment plan the invoice is in: its instalments are what is asked.",
    )
    suspension = fields.Selection(
        selection_add=[("plan", "In a Payment Plan"), ("disputed",)],
    )

    def _worklist_holder_columns(self, today):
        # The active plan, as the run's _set_aside_moves.
        return {
            **super()._worklist_holder_columns(today),
            "plan_id": SQL(
                """(
                    SELECT MIN(plan.id)
                      FROM relance_payment_plan_move_rel plan_move
                      JOIN relance_payment_plan plan ON plan.id = plan_move.plan_id
                     WHERE plan_move.move_id = line.move_id AND plan.state = 'active'
                )"""
            ),
        }

    def _worklist_suspensions(self):
        return [(SQL("rows.plan_id IS NOT NULL"), "plan"), *super()._worklist_suspensions()]
