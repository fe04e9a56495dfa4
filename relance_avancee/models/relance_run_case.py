# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What collection cases change in a batch, as the read step finds it: the invoices
of an open case are in the recipient's hands, and the ladder leaves them alone."""

from odoo import models

from .relance_collection_case import OPEN_STATES


# One file per concern of relance.run, as relance.communication is split: the split
# is the point.
class RelanceRun(models.Model):
    _inherit = "relance.run"  # pylint: disable=consider-merging-classes-inherited

    def _cased_moves(self, move_ids):
        """The invoices among ``move_ids`` in an open collection case (one query)."""
        cases = self.env["relance.collection.case"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", OPEN_STATES),
                ("move_ids", "in", list(move_ids)),
            ],
            ["move_ids"],
        )
        return set(cases.move_ids.ids) & set(move_ids)

    def _set_aside_moves(self, move_ids):
        # The invoices in an open collection case: the recipient acts on them.
        return super()._set_aside_moves(move_ids) | self._cased_moves(move_ids)
