# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import fields, models, tools
from odoo.tools import SQL

from .relance_rate import RATE_TYPES


class RelanceRateMissing(models.Model):
    """The half-years up to today that a rate type has no rate for, from its first
    known one: what the Collections manager still has to enter (or fetch)."""

    _name = "relance.rate.missing"
    _description = "Missing reference rate"
    _auto = False
    _order = "rate_type, date_start"
    _rec_name = "rate_type"

    rate_type = fields.Selection(RATE_TYPES, "Rate", readonly=True)
    date_start = fields.Date("From", readonly=True)
    date_end = fields.Date("Until", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Each half-year start from the type's first rate to today, less those a
        # rate covers (its first day, which the penalty rules read).
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                SELECT row_number() OVER (ORDER BY first.rate_type, half.start) AS id,
                       first.rate_type,
                       half.start::date AS date_start,
                       (half.start + interval '6 months' - interval '1 day')::date AS date_end
                  FROM (SELECT rate_type, min(date_start) AS date_start
                          FROM relance_rate GROUP BY rate_type) AS first
                 CROSS JOIN LATERAL generate_series(
                       date_trunc('year', first.date_start),
                       current_date, interval '6 months') AS half(start)
                 WHERE half.start >= first.date_start
                   AND NOT EXISTS (
                       SELECT 1 FROM relance_rate AS rate
                        WHERE rate.rate_type = first.rate_type
                          AND rate.date_start <= half.start
                          AND (rate.date_end IS NULL OR rate.date_end >= half.start))
            )
            """,
                SQL.identifier(self._table),
            )
        )
