# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import penalties

RATE_TYPES = [
    ("ecb", "ECB main refinancing rate"),
    ("fr_legal", "French legal interest rate (other creditors)"),
    ("fr_legal_consumer", "French legal interest rate (creditors who are private persons)"),
    ("be_late_payment", "Belgian late-payment rate (commercial transactions)"),
]


class RelanceRate(models.Model):
    """Reference rates in force over a period, shared by every company.

    Shipped as data for 2022 onwards (each row names its source) and kept up to date
    by the Collections manager when the ECB or the French Treasury publishes a rate.
    """

    _name = "relance.rate"
    _inherit = ["relance.checked.mixin"]
    _description = "Reference interest rate"
    _order = "rate_type, date_start desc"
    _rec_name = "rate_type"

    rate_type = fields.Selection(RATE_TYPES, "Rate", required=True, index=True)
    date_start = fields.Date("From", required=True)
    date_end = fields.Date("Until", help="Empty: in force until a new rate is entered.")
    rate = fields.Float("Rate (%)", required=True, digits=(6, 3))
    source = fields.Char(help="Where the rate was published.")

    @api.constrains("rate", "rate_type", "date_start", "date_end")
    def _check_rate(self):
        for rate in self:
            if rate.rate < 0:
                raise ValidationError(
                    self.env._(
                        "A reference rate cannot be negative (%(rate)s %% from %(start)s).",
                        rate=rate.rate,
                        start=rate.date_start,
                    )
                )
            if rate.date_end and rate.date_end < rate.date_start:
                raise ValidationError(
                    self.env._(
                        "The rate period ends (%(end)s) before it starts (%(start)s).",
                        end=rate.date_end,
                        start=rate.date_start,
                    )
                )
        # Then the periods of each type, all together: no overlap.
        for rate_type in set(self.mapped("rate_type")):
            try:
                self._rate_table(rate_type)
            except penalties.RateError as error:
                raise ValidationError(
                    self.env._(
                        "Two periods of the %(rate)s overlap: end the earlier one before the "
                        "later one starts.",
                        rate=self._rate_label(rate_type),
                    )
                ) from error

    @api.model
    def _rate_table(self, rate_type):
        """The rates of a type as the penalty engine reads them."""
        rates = self.search_fetch(
            [("rate_type", "=", rate_type)], ["date_start", "date_end", "rate"]
        )
        return penalties.RateTable(
            rate_type,
            [
                penalties.RatePeriod(
                    start=rate.date_start, end=rate.date_end or None, rate=Decimal(str(rate.rate))
                )
                for rate in rates
            ],
        )

    @api.model
    def _rate_label(self, rate_type):
        """The name of a rate type, in the user's language."""
        return dict(self._fields["rate_type"]._description_selection(self.env)).get(
            rate_type, rate_type
        )

    @api.model
    def _engine_rates(self):
        return penalties.Rates(
            ecb=self._rate_table("ecb"),
            fr_legal=self._rate_table("fr_legal"),
            be_late_payment=self._rate_table("be_late_payment"),
        )
