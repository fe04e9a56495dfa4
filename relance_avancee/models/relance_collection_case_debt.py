# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a collection case claims, read from the books: the invoices' principal net of
the credit notes, and the penalties accrued to the day with their segments."""

from odoo import fields, models


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

    def _store_debt(self):
        """What a draft case claims, read from the books today: the invoices' residual
        less the credit notes', and the penalties accrued to today when it claims
        them (the existing engine, as a penalty invoice would claim them). Computed,
        never typed, so that the case claims what is really owed."""
        today = fields.Date.context_today(self)
        Rate = self.env["relance.rate"]
        for case in self.filtered(lambda case: case.state == "draft"):
            interest = indemnity = 0.0
            warning, segments = False, []
            if case.include_penalties:
                rates = Rate._engine_rates()
                invoices = case._invoices()
                penalties = invoices._relance_penalties(today, rates)
                interest, indemnity = invoices._relance_penalty_totals(penalties, today)
                warning = Rate._unverified_message(rates)
                segments = case._penalty_segments(penalties)
            case.write(
                {
                    "amount_principal": case._net_residual(),
                    "amount_interest": interest,
                    "amount_indemnity": indemnity,
                    "penalty_date": today if case.include_penalties else False,
                    "penalty_warning": warning,
                    "penalty_segments": segments,
                }
            )

    @staticmethod
    def _penalty_segments(penalties):
        """The segments of ``penalties`` {invoice: engine Penalty}, as stored for the
        case file: plain JSON values."""
        return [
            {
                "document": move.name,
                "first": segment.first.isoformat(),
                "last": segment.last.isoformat(),
                "days": segment.days,
                "base": str(segment.base),
                "rate": str(segment.rate),
                "interest": str(segment.interest),
            }
            for move, penalty in penalties.items()
            for segment in penalty.segments
        ]

    def _net_residual(self):
        """What the case's invoices owe today less what its credit notes still
        credit, in the case's currency."""
        self.ensure_one()
        return self.currency_id.round(
            sum(
                -move.amount_residual if move.move_type == "out_refund" else move.amount_residual
                for move in self.move_ids
            )
        )
