# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Kept per receivable line, not per invoice: instalments climb the ladder apart.
    relance_level_id = fields.Many2one(
        "relance.level", "Collections Level", index="btree_not_null", copy=False, readonly=True
    )
    relance_to_hand_over = fields.Boolean("To Hand Over", copy=False, readonly=True)
    relance_communication_line_ids = fields.One2many(
        "relance.communication.line", "move_line_id", "Collections History"
    )
