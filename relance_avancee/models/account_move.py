# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    relance_excluded = fields.Boolean(
        "Excluded from Collections",
        copy=False,
        tracking=True,
        help="No reminder is ever sent for this invoice.",
    )
    relance_dispute_ids = fields.One2many("relance.dispute", "move_id", "Disputes")
    relance_communication_line_ids = fields.One2many(
        "relance.communication.line", "move_id", "Collections History"
    )
