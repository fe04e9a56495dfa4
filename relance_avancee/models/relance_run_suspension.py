# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What holds a batch's customers back, as the read step finds it: disputes on their
invoices, holds and open promises, the promises due or broken, and when each
suspension ends (for the next steps the write step plans)."""

from odoo import models


# One file per concern of relance.run, as relance.communication is split: the split
# is the point.
class RelanceRun(models.Model):
    _inherit = "relance.run"  # pylint: disable=consider-merging-classes-inherited

    def _disputed_moves(self, move_ids):
        """The invoices among ``move_ids`` under a running dispute (one query)."""
        disputes = self.env["relance.dispute"].search_fetch(
            self.env["relance.dispute"]._active_domain(self.date)
            + [("move_id", "in", list(move_ids))],
            ["move_id"],
        )
        return set(disputes.move_id.ids)

    def _suspended_customers(self, partners):
        """Hook: customers whose collections are suspended on the run's date."""
        on_hold = self._held_customers(partners)
        promised = (
            self.env["relance.promise"]
            .search_fetch(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "in", partners.ids),
                    ("state", "=", "open"),
                    ("date", ">=", self.date),
                ],
                ["partner_id"],
            )
            .partner_id
        )
        return on_hold | promised

    def _held_customers(self, partners):
        """The ``partners`` (in the run's company) on hold on the run's date."""
        return partners.filtered(
            lambda p: p.relance_hold
            and (not p.relance_hold_until or p.relance_hold_until >= self.date)
        )

    def _resume_dates(self, suspended):
        """{partner id: the last day of its suspension} for the ``suspended``
        customers: the end of the hold, the latest open promise's date; None when the
        hold has no end."""
        promised = dict(
            self.env["relance.promise"]._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "in", suspended.ids),
                    ("state", "=", "open"),
                    ("date", ">=", self.date),
                ],
                ["partner_id"],
                ["date:max"],
            )
        )
        resume = {}
        for partner in suspended:
            ends = [promised[partner]] if partner in promised else []
            if partner.relance_hold and (
                not partner.relance_hold_until or partner.relance_hold_until >= self.date
            ):
                if not partner.relance_hold_until:
                    resume[partner.id] = None
                    continue
                ends.append(partner.relance_hold_until)
            resume[partner.id] = max(ends) if ends else None
        return resume

    def _promise_breakers(self, partners):
        """(the promises due, the broken ones) of ``partners``, read only.

        Due: open promises whose date has passed, kept or broken by what the customer
        paid since. Broken: those of them not paid, and the promises already broken
        that have not escalated their customer yet. The write step settles them
        (``relance.promise._settle``).
        """
        Promise = self.env["relance.promise"]
        already_broken = Promise.search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "in", partners.ids),
                ("state", "=", "broken"),
                ("escalated", "=", False),
            ],
            ["partner_id"],
        )
        due = Promise._due_promises(self.company_id, self.date, partners)
        return due, already_broken | due._broken()
