# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import logging
from datetime import timedelta
from decimal import Decimal

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ...engine import ecb, penalties
from ...tools.formatting import format_percent

_logger = logging.getLogger(__name__)

RATE_TYPES = [
    ("ecb", "ECB main refinancing rate"),
    ("fr_legal", "French legal interest rate (other creditors)"),
    ("fr_legal_consumer", "French legal interest rate (creditors who are private persons)"),
    ("be_late_payment", "Belgian late-payment rate (commercial transactions)"),
]


class RelanceRate(models.Model):
    """Reference rates in force over a period, shared by every company.

    Shipped as data for 2022 onwards, each row citing the document its value was read
    in; a row nobody could read from a source is shipped *unverified*, and a
    computation that uses one says so before anything is posted. Kept up to date by
    the Collections manager when a rate is published (the ECB's can be fetched).
    """

    _name = "relance.rate"
    _inherit = ["relance.checked.mixin"]
    _description = "Reference interest rate"
    _order = "rate_type, date_start desc"
    _rec_name = "rate_type"

    rate_type = fields.Selection(RATE_TYPES, "Rate", required=True, index=True)
    date_start = fields.Date("From", required=True)
    date_end = fields.Date("Until", help="Empty: in force until a new rate is entered.")
    # A rate is not summed in a grouped list.
    rate = fields.Float("Rate (%)", required=True, digits=(6, 3), aggregator=None)
    source = fields.Char(
        "Source Document", help="The document the rate was read in: its title and what it says."
    )
    source_date = fields.Date("Document Date")
    source_url = fields.Char("Document Address")
    verified = fields.Boolean(
        default=True,
        help="Someone read this rate in its source document. Unticked: nobody could; "
        "penalty invoices and formal notices that use it warn before going on.",
    )

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
            [("rate_type", "=", rate_type)], ["date_start", "date_end", "rate", "verified"]
        )
        return penalties.RateTable(
            rate_type,
            [
                penalties.RatePeriod(
                    start=rate.date_start,
                    end=rate.date_end or None,
                    rate=Decimal(str(rate.rate)),
                    verified=rate.verified,
                )
                for rate in rates
            ],
        )

    @api.model
    def _unverified_message(self, rates):
        """What a user is told before going on with a computation that used
        unverified rates (``rates``: the engine's Rates it read); False if none."""
        used = rates.unverified_used()
        if not used:
            return False
        return self.env._(
            "These reference rates were used but nobody could read them in a source "
            "document: %(rates)s. Check each one (Invoicing > Collections > Reference "
            "Rates) before relying on the amounts.",
            rates="; ".join(
                self.env._(
                    "%(rate)s from %(start)s: %(value)s",
                    rate=self._rate_label(name),
                    start=format_date(self.env, period.start),
                    value=format_percent(self.env, period.rate),
                )
                for name, period in used
            ),
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

    # ------------------------------------------------------------------
    # The ECB rate from the ECB Data Portal
    # ------------------------------------------------------------------
    @api.model
    def _cron_fetch_ecb_rates(self):
        """Scheduled action (off by default): fill the ECB half-years that started
        since the last one known. A failure is logged and changes nothing."""
        try:
            message = self._fetch_ecb_rates()
        except UserError as error:
            _logger.warning("Collections: the ECB rates were not fetched: %s", error)
        else:
            _logger.info("Collections: %s", message)

    def action_fetch_ecb_rates(self):
        """Button of the Reference Rates list: the same, now, and say what it did."""
        message = self._fetch_ecb_rates()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _read_ecb_half_years(self, url, last_known_end):
        """The half-years after ``last_known_end`` with their rate, read from the Data
        Portal's answer at ``url`` (engine.ecb); a UserError when it cannot be reached
        or answers unexpectedly."""
        try:
            response = requests.get(url, timeout=30)
            response.raise_for_status()
            return ecb.half_years_to_fill(
                last_known_end, fields.Date.context_today(self), ecb.parse_csv(response.text)
            )
        except requests.RequestException as error:
            raise UserError(
                self.env._(
                    "The ECB Data Portal could not be reached (%(error)s). No rate was "
                    "changed; try again later.",
                    error=error,
                )
            ) from error
        except ecb.EcbAnswerError as error:
            raise UserError(
                self.env._(
                    "The ECB Data Portal answered something unexpected (%(error)s). No "
                    "rate was changed.",
                    error=error,
                )
            ) from error

    def _fetch_ecb_rates(self):
        """Read the series from the Data Portal and create the half-years missing
        after the last known one. Returns what was done; raises a UserError (nothing
        written) when the Data Portal cannot be reached or answers unexpectedly."""
        last = self.search([("rate_type", "=", "ecb")], order="date_start desc", limit=1)
        if not last:
            raise UserError(
                self.env._("Enter at least one ECB rate first: it says where to start.")
            )
        if not last.date_end:
            return self.env._("The last ECB rate has no end date: nothing to add after it.")
        # From a little before: the half-year's first day may have no observation.
        url = ecb.series_url(last.date_end - timedelta(days=31))
        rows = self._read_ecb_half_years(url, last.date_end)
        if not rows:
            return self.env._("The ECB rates are up to date.")
        self.create(
            [
                {
                    "rate_type": "ecb",
                    "date_start": row.start,
                    "date_end": row.end,
                    "rate": float(row.rate),
                    "source": self.env._(
                        "ECB Data Portal, series %(series)s: %(rate)s on %(day)s",
                        series=ecb.SERIES,
                        rate=format_percent(self.env, row.rate),
                        day=format_date(self.env, row.observed_on),
                    ),
                    "source_date": row.observed_on,
                    "source_url": url,
                }
                for row in rows
            ]
        )
        return self.env._(
            "%(count)s ECB half-year rate(s) added, up to %(end)s.",
            count=len(rows),
            end=format_date(self.env, rows[-1].end),
        )
