# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class RelanceLineState(models.Model):
    """Where a receivable line stands on the ladder.

    Kept apart from account.move.line on purpose: writing a field of a journal item
    runs the invoice synchronisation of the accounting module (hundreds of queries per
    batch), while the daily run only needs to move a level. One row per line.
    """

    _name = "relance.line.state"
    _description = "Collections state of a receivable line"
    _rec_name = "move_line_id"

    move_line_id = fields.Many2one(
        "account.move.line",
        "Journal Item",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="move_line_id.company_id", store=True, index=True)
    level_id = fields.Many2one("relance.level", index="btree_not_null", readonly=True)
    to_hand_over = fields.Boolean(readonly=True)

    _sql_constraints = [
        (
            "move_line_unique",
            "UNIQUE(move_line_id)",
            "A receivable line has one collections state.",
        ),
    ]

    def _set_levels(self, levels_by_line):
        """Record each line's new level, {line id: (level id, company id)}, at once.

        An upsert on the unique line: the run moves thousands of lines a day, one
        INSERT ... ON CONFLICT replaces a search, a write per level and a create.
        """
        if not levels_by_line:
            return
        self.flush_model()
        rows = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC')",
                line_id,
                company_id,
                level_id,
                self.env.uid,
                self.env.uid,
            )
            for line_id, (level_id, company_id) in levels_by_line.items()
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO relance_line_state (move_line_id, company_id, level_id, create_uid,"
                " write_uid, create_date, write_date) VALUES %s"
                " ON CONFLICT (move_line_id) DO UPDATE"
                " SET level_id = EXCLUDED.level_id, write_uid = EXCLUDED.write_uid,"
                " write_date = EXCLUDED.write_date",
                rows,
            )
        )
        self.invalidate_model()
        self.env["account.move.line"].invalidate_model(
            ["relance_state_ids", "relance_level_id", "relance_to_hand_over"]
        )
