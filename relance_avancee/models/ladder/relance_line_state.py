# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import fields, models
from odoo.tools import SQL

from ...tools import bulk_sql


class RelanceLineState(models.Model):
    """Where a receivable line stands on the ladder.

    Kept apart from account.move.line on purpose: writing a field of a journal item
    runs the invoice synchronisation of the accounting module (hundreds of queries per
    batch), while the daily run only needs to move a level. One row per line.
    """

    _name = "relance.line.state"
    _check_company_auto = True
    _description = "Collections state of a receivable line"
    _rec_name = "move_line_id"
    # The daily run upserts thousands of rows: who and when is the history's job.
    _log_access = False

    # Indexed by the unique constraint below.
    move_line_id = fields.Many2one(
        "account.move.line", "Journal Item", required=True, ondelete="cascade", readonly=True
    )
    # Not stored: the record rule reaches it through the journal item, and the run
    # saves a foreign-key check on each of the thousands of rows it upserts a day.
    company_id = fields.Many2one(related="move_line_id.company_id")
    level_id = fields.Many2one(
        "relance.level", index="btree_not_null", readonly=True, check_company=True
    )
    to_hand_over = fields.Boolean(readonly=True)
    # What the ladder plans next for the line, written by each run (the worklist
    # filters and sorts on them): the level it is to reach, and when.
    next_level_id = fields.Many2one("relance.level", readonly=True, check_company=True)
    next_action_date = fields.Date("Next Action On", readonly=True, index="btree_not_null")

    _sql_constraints = [
        (
            "move_line_unique",
            "UNIQUE(move_line_id)",
            "A receivable line has one collections state.",
        ),
    ]

    def _set_states(self, rows, company=None):
        """Record the lines' states at once: ``rows`` of (line id, level id, next level
        id, next action date), ids or None; ``company``: the company of every line,
        when the caller read them from it (``bulk_sql.insert_rows``).

        An upsert on the unique line: the run refreshes thousands of lines a day, one
        INSERT ... ON CONFLICT replaces a search, a write per value and a create.
        """
        if not rows:
            return
        self.flush_model()
        bulk_sql.insert_rows(
            self,
            ("move_line_id", "level_id", "next_level_id", "next_action_date"),
            rows,
            conflict=SQL(
                "ON CONFLICT (move_line_id) DO UPDATE SET level_id = EXCLUDED.level_id, "
                "next_level_id = EXCLUDED.next_level_id, "
                "next_action_date = EXCLUDED.next_action_date"
            ),
            company=company,
        )
        self.invalidate_model()
        self.env["account.move.line"].invalidate_model(
            ["relance_state_ids", "relance_level_id", "relance_to_hand_over"]
        )
