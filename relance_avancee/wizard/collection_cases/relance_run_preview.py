# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The run's preview shows the open collection cases whose invoices it leaves alone."""

from odoo import fields, models

from ...models.collection_cases.relance_collection_case import OPEN_STATES


class RelanceRunPreview(models.TransientModel):
    _inherit = "relance.run.preview"

    case_ids = fields.Many2many(
        "relance.collection.case",
        string="In a Collection Case",
        readonly=True,
        help="The open collection cases whose invoices the run leaves alone.",
    )

    def action_preview(self):
        action = super().action_preview()
        self.case_ids = self.env["relance.collection.case"].search(
            self._previewed_domain() + [("state", "in", OPEN_STATES)]
        )
        return action
