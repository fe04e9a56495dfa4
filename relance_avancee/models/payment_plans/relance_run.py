# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What payment plans change in a batch, as the read step finds it: the invoices of
an active plan are left alone, those of a broken plan resume the ladder at the level
their policy sets."""

from odoo import models


class RelanceRun(models.Model):
    _inherit = "relance.run"

    def _planned_moves(self, move_ids):
        """The invoices among ``move_ids`` in an active payment plan (one query)."""
        plans = self.env["relance.payment.plan"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "active"),
                ("move_ids", "in", list(move_ids)),
            ],
            ["move_ids"],
        )
        return set(plans.move_ids.ids) & set(move_ids)

    def _plans_resuming(self, partner_ids):
        """(the broken plans of ``partner_ids`` whose ladder has not resumed yet,
        {invoice id: level id it resumes at})."""
        plans = self.env["relance.payment.plan"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "in", list(partner_ids)),
                ("state", "=", "broken"),
                ("ladder_resumed", "=", False),
            ],
            ["move_ids", "resume_level_id", "partner_id"],
        )
        return plans, {
            move_id: plan.resume_level_id.id
            for plan in plans.filtered("resume_level_id")
            for move_id in plan.move_ids.ids
        }

    def _resuming_moves(self, partner_ids):
        # A broken plan's invoices resume the ladder at the level its policy sets.
        resuming, levels = super()._resuming_moves(partner_ids)
        plans, plan_levels = self._plans_resuming(partner_ids)
        return (*resuming, plans), {**levels, **plan_levels}

    def _set_aside_moves(self, move_ids):
        # The invoices in an active payment plan: its instalments are what is asked.
        return super()._set_aside_moves(move_ids) | self._planned_moves(move_ids)
