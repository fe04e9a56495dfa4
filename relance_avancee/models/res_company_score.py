# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The weights of the company's reliability score (engine/score.py documents the
formula): how many of the 100 points each factor can take off."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import score


def weight_field(name):
    return f"relance_score_weight_{name}"


WEIGHT_FIELDS = tuple(weight_field(name) for name in score.FACTORS)


# One file per concern of res.company in this addon: the split is the point.
class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    relance_score_weight_days_late = fields.Integer(
        "Weight: Days Late",
        default=score.DEFAULT_WEIGHTS[score.DAYS_LATE],
        help="Points taken off for the average days late of the items paid in the last "
        "12 months, weighted by their amounts (all of them from 60 days).",
    )
    relance_score_weight_late_share = fields.Integer(
        "Weight: Invoices Paid Late",
        default=score.DEFAULT_WEIGHTS[score.LATE_SHARE],
        help="Points taken off for the share of the invoices paid in the last 12 months "
        "that were paid after their due date (all of them when every one was).",
    )
    relance_score_weight_broken_promises = fields.Integer(
        "Weight: Broken Promises",
        default=score.DEFAULT_WEIGHTS[score.BROKEN_PROMISES],
        help="Points taken off for the promises to pay broken in the last 12 months "
        "(all of them from 3).",
    )
    relance_score_weight_disputes = fields.Integer(
        "Weight: Disputes",
        default=score.DEFAULT_WEIGHTS[score.DISPUTES],
        help="Points taken off for the disputes opened in the last 12 months (all of "
        "them from 3).",
    )
    relance_score_weight_formal_notices = fields.Integer(
        "Weight: Formal Notices",
        default=score.DEFAULT_WEIGHTS[score.FORMAL_NOTICES],
        help="Points taken off for the formal notices sent in the last 12 months (all "
        "of them from 2).",
    )
    relance_score_weight_overdue_share = fields.Integer(
        "Weight: Overdue Now",
        default=score.DEFAULT_WEIGHTS[score.OVERDUE_SHARE],
        help="Points taken off for the amount overdue today against the amount invoiced "
        "in the last 12 months (all of them from half of it).",
    )

    @api.constrains(*WEIGHT_FIELDS)
    def _check_relance_score_weights(self):
        for company in self:
            try:
                score.check_weights(company._relance_score_weights())
            except score.WeightsError as error:
                if error.code == "negative":
                    message = self.env._("The weights of the reliability score cannot be negative.")
                else:
                    message = self.env._(
                        "The weights of the reliability score of %(company)s add up to "
                        "%(total)s: they must add up to 100, the points a customer can lose.",
                        company=company.name,
                        total=error.total,
                    )
                raise ValidationError(message) from error

    def _relance_score_weights(self):
        """{factor: weight} for the engine."""
        self.ensure_one()
        return {name: self[weight_field(name)] for name in score.FACTORS}
