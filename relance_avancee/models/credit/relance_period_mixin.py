# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A record that runs over a period (``date_start``, and ``date_end`` or for ever):
finding the others whose period shares a day with it, for insurance policies and
covers, which may not overlap their like."""

from odoo import models

from ...engine import insurance


class RelancePeriodMixin(models.AbstractModel):
    _name = "relance.period.mixin"
    _description = "Record running over a period"

    def _overlapping(self, domain):
        """The other records matching ``domain`` whose period shares a day with this
        one's (``engine.insurance.periods_overlap``)."""
        self.ensure_one()
        return self.search([("id", "!=", self.id), *domain]).filtered(
            lambda other: insurance.periods_overlap(
                self.date_start, self.date_end or None, other.date_start, other.date_end or None
            )
        )
