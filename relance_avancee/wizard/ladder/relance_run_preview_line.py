# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class RelanceRunPreviewLine(models.TransientModel):
    _name = "relance.run.preview.line"
    _description = "Collections run preview: one communication"

    preview_id = fields.Many2one("relance.run.preview", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    level_id = fields.Many2one("relance.level", readonly=True)
    requires_validation = fields.Boolean(
        "Waits for Approval",
        readonly=True,
        help="Its level asks for approval, or it would be the customer's first "
        "communication at a formal-notice or hand-over level.",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    item_count = fields.Integer("Items", readonly=True)
    escalated_count = fields.Integer("Items Moving Up", readonly=True)
    amount_net = fields.Monetary("Amount Claimed", readonly=True)
    channels = fields.Char(readonly=True)
    invoices = fields.Char(readonly=True, help="The invoices the communication lists.")

    @api.model
    def _prepare_vals(self, decision):
        level = self.env["relance.level"].browse(decision.level.id)
        lines = self.env["account.move.line"].browse(line_id for line_id, _level in decision.items)
        return {
            "partner_id": decision.partner_id,
            "level_id": level.id,
            "currency_id": decision.currency_id,
            "item_count": len(decision.items),
            "escalated_count": len(decision.escalated),
            "amount_net": float(decision.amount_net),
            "channels": ", ".join(level._channel_labels()),
            "invoices": ", ".join(lines.move_id.sorted("name").mapped("name")),
            "requires_validation": level.requires_validation or decision.needs_approval,
        }
