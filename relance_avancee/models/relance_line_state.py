# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


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
        """Record the new level of each line ({line id: level id}), in bulk."""
        existing = self.search_fetch(
            [("move_line_id", "in", list(levels_by_line))], ["move_line_id"]
        )
        known = {state.move_line_id.id: state for state in existing}
        by_level = {}
        for line_id, level_id in levels_by_line.items():
            if line_id in known:
                by_level.setdefault(level_id, self.browse())
                by_level[level_id] |= known[line_id]
        for level_id, states in by_level.items():
            states.level_id = level_id
        return self.create(
            [
                {"move_line_id": line_id, "level_id": level_id}
                for line_id, level_id in levels_by_line.items()
                if line_id not in known
            ]
        )
