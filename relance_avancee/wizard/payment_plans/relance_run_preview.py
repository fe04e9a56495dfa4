# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The run's preview shows the running payment plans whose invoices it leaves alone."""

from odoo import fields, models


class RelanceRunPreview(models.TransientModel):
    _inherit = "relance.run.preview"

    plan_ids = fields.Many2many(
        "relance.payment.plan",
        string="In a Payment Plan",
        readonly=True,
        help="The running payment plans whose invoices the run leaves alone.",
    )

    def action_preview(self):
        action = super().action_preview()
        self.plan_ids = self.env["relance.payment.plan"].search(
            self._previewed_domain() + [("state", "=", "active")]
        )
        return action
