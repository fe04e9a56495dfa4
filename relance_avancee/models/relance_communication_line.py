# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class RelanceCommunicationLine(models.Model):
    _name = "relance.communication.line"
    _description = "Item of a collections communication"
    _order = "communication_id, date_maturity, id"

    communication_id = fields.Many2one(
        "relance.communication", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="communication_id.company_id", store=True, index=True)
    move_line_id = fields.Many2one(
        "account.move.line", "Journal Item", required=True, index=True, ondelete="restrict"
    )
    move_id = fields.Many2one(
        related="move_line_id.move_id", store=True, index=True, string="Document"
    )
    level_id = fields.Many2one("relance.level", readonly=True)
    date_maturity = fields.Date("Due Date", readonly=True)
    currency_id = fields.Many2one(related="communication_id.currency_id")
    amount_residual = fields.Monetary("Amount Due", readonly=True)
    is_credit = fields.Boolean("Credit", readonly=True)
    paid_before_sending = fields.Boolean(readonly=True)

    _sql_constraints = [
        (
            "line_once",
            "UNIQUE(communication_id, move_line_id)",
            "A journal item is listed once per communication.",
        ),
    ]
