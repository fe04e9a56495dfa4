# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What collection cases change in a batch, as the read step finds it: the invoices
of an open case are in the recipient's hands, and the ladder leaves them alone."""

from odoo import models

from .relance_collection_case import OPEN_STATES


class RelanceRun(models.Model):
    _inherit = "relance.run"

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
        # The invoices in an open collection case: the recipient acts on them; but a
        # case invoicing its own penalties (``relance_case_penalties``) claims them.
        set_aside = super()._set_aside_moves(move_ids)
        if self.env.context.get("relance_case_penalties"):
            return set_aside
        return set_aside | self._cased_moves(move_ids)
