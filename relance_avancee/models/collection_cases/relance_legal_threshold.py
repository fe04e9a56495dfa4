# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The figures a text fixes for the steps after the formal notice: a procedure's cap,
the amount under which a prior amicable attempt is required. Dated, each citing the
text it was read in, shared by every company, as the reference rates are."""

from decimal import Decimal
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ...engine import procedures

THRESHOLD_CODES = [
    (procedures.SMALL_CLAIMS_CAP, "France: cap of the simplified small-claims procedure (EUR)"),
    (procedures.PRIOR_ATTEMPT_CAP, "France: prior amicable attempt required up to (EUR)"),
    (procedures.BE_SUMMARY_ORDER_CAP, "Belgium: cap of the summary payment order (EUR)"),
    (
        procedures.BE_UNCONTESTED_EXTRAS_CAP,
        "Belgium: uncontested debts, interest and penalty clause capped at (% of principal)",
    ),
    (procedures.SERVICE_MONTHS, "France: injonction de payer, months to serve the order"),
    (procedures.OPPOSITION_MONTHS, "France: injonction de payer, months to oppose"),
    (
        procedures.ENFORCEMENT_MONTHS,
        "France: injonction de payer, months after service before enforcement",
    ),
]


class RelanceLegalThreshold(models.Model):
    _name = "relance.legal.threshold"
    _inherit = ["relance.checked.mixin"]
    _description = "Legal threshold of a collection procedure"
    _order = "code, date_start desc"
    _rec_name = "code"

    code = fields.Selection(THRESHOLD_CODES, "Threshold", required=True, index=True)
    date_start = fields.Date("From", required=True)
    date_end = fields.Date("Until", help="Empty: in force until a new value is entered.")
    value = fields.Float(required=True, digits=(12, 2), aggregator=None)
    source = fields.Char(
        "Source Document", help="The text the value was read in: its article and what it says."
    )
    source_date = fields.Date("Document Date")
    source_url = fields.Char("Document Address")
    verified = fields.Boolean(
        default=True,
        help="Someone read this value in its text. Unticked: nobody could; the options "
        "that use it say so.",
    )

    @api.constrains("code", "value", "date_start", "date_end")
    def _check_threshold(self):
        for threshold in self:
            if threshold.value < 0:
                raise ValidationError(self.env._("A legal threshold cannot be negative."))
            if threshold.date_end and threshold.date_end < threshold.date_start:
                raise ValidationError(
                    self.env._(
                        "The threshold's period ends (%(end)s) before it starts (%(start)s).",
                        end=format_date(self.env, threshold.date_end),
                        start=format_date(self.env, threshold.date_start),
                    )
                )
        for code in set(self.mapped("code")):
            self._check_no_overlap(code)

    def _check_no_overlap(self, code):
        rows = self.search([("code", "=", code)], order="date_start")
        for previous, row in pairwise(rows):
            if not previous.date_end or previous.date_end >= row.date_start:
                raise ValidationError(
                    self.env._(
                        "Two values of %(threshold)s are in force on %(date)s: end the first "
                        "before the second starts.",
                        threshold=row._code_label(),
                        date=format_date(self.env, row.date_start),
                    )
                )

    def _code_label(self):
        return dict(self._fields["code"]._description_selection(self.env))[self.code]

    @api.model
    def _in_force(self, day):
        """({code: Decimal or None} in force on ``day``, the rows not verified)."""
        rows = self.search(
            [
                ("date_start", "<=", day),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", day),
            ]
        )
        values = dict.fromkeys(procedures.THRESHOLDS + procedures.ORDER_PERIODS)
        for row in rows:
            values[row.code] = Decimal(str(row.value))
        return values, rows.filtered(lambda row: not row.verified)
