# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


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

    def _insert_items(self, communications_decisions, lines, company_id):
        """Insert the items of freshly created communications in one statement.

        ``communications_decisions``: (communication id, engine decision) pairs;
        ``lines``: the batch's open lines ({line id: OpenLine}) of ``company_id``.
        A run records thousands of items: through the ORM each costs a create with
        its related fields; here the whole batch is one INSERT of plain values
        (nothing is computed on these rows).
        """
        rows = []
        for communication_id, decision in communications_decisions:
            items = [(line_id, level_id, False) for line_id, level_id in decision.items]
            items += [(line_id, None, True) for line_id in decision.credits]
            for line_id, level_id, is_credit in items:
                line = lines[line_id]
                rows.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NOW() AT TIME ZONE 'UTC',"
                        " NOW() AT TIME ZONE 'UTC')",
                        communication_id,
                        line_id,
                        line.move_id,
                        company_id,
                        level_id,
                        line.date_maturity,
                        line.residual,
                        is_credit,
                        self.env.uid,
                        self.env.uid,
                    )
                )
        if not rows:
            return
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "INSERT INTO relance_communication_line (communication_id, move_line_id,"
                " move_id, company_id, level_id, date_maturity, amount_residual, is_credit,"
                " create_uid, write_uid, create_date, write_date) VALUES %s",
                SQL(", ").join(rows),
            )
        )
        self.invalidate_model()
        self.env["relance.communication"].invalidate_model(["line_ids"])
        self.env["account.move.line"].invalidate_model(["relance_communication_line_ids"])
        self.env["account.move"].invalidate_model(["relance_communication_line_ids"])
