# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The worklist shows the open collection case an item's invoice is in: the run leaves
it alone, the recipient acts on it."""

from odoo import fields, models
from odoo.tools import SQL

from .relance_collection_case import OPEN_STATES


class RelanceWorklist(models.Model):
    _inherit = "relance.worklist"

    case_id = fields.Many2one(
        "relance.collection.case",
        "Collection Case",
        readonly=True,
        help="The open collection case the invoice is in: the agency, the commissaire de "
        "justice or the lawyer acts on it.",
    )
    suspension = fields.Selection(
        selection_add=[
            ("case", "With a Collection Agency / Commissaire de Justice"),
            ("plan",),
        ],
    )

    def _worklist_holder_columns(self, today):
        # The open case, as the run's _set_aside_moves.
        return {
            **super()._worklist_holder_columns(today),
            "case_id": SQL(
                """(
                    SELECT MIN(collection_case.id)
                      FROM relance_collection_case_move_rel case_move
                      JOIN relance_collection_case collection_case
                        ON collection_case.id = case_move.case_id
                     WHERE case_move.move_id = line.move_id
                       AND collection_case.state IN %s
                )""",
                OPEN_STATES,
            ),
        }

    def _worklist_suspensions(self):
        # An open case comes first: the recipient, not the ladder, acts on it.
        return [(SQL("rows.case_id IS NOT NULL"), "case"), *super()._worklist_suspensions()]
