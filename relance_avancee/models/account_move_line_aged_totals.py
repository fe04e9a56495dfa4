# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The aged balance's sums: the as-of reading (``account_move_line_aged.py``) summed
per company, customer, currency and bucket, in one query."""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL


# One file per concern of account.move.line in this addon: the split is the point.
class AccountMoveLine(models.Model):
    _inherit = "account.move.line"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _relance_aged_totals(self, on_date, buckets_by_company, partner_ids=None):
        """The aged balance on ``on_date``, summed in one query: one dict per company,
        customer and currency with ``amount_<position>`` and
        ``amount_currency_<position>`` per bucket (position 0: not due), ``credit``
        and ``credit_currency`` (credits not yet matched), ``total``,
        ``total_currency`` and ``overdue`` (the late buckets). ``buckets_by_company``
        maps a company id to its buckets (engine.ageing); debts fall in the bucket of
        their due date."""
        # A bucket's last day late, as the earliest due date it takes: comparing
        # dates costs PostgreSQL less than computing each item's days late.
        by_company = SQL(" ").join(
            SQL(
                "WHEN %s THEN CASE %s ELSE %s END",
                company_id,
                SQL(" ").join(
                    SQL(
                        "WHEN item.due_date >= %s THEN %s",
                        on_date - timedelta(days=last),
                        position,
                    )
                    for position, (_key, _first, last) in enumerate(buckets)
                    if last is not None
                ),
                len(buckets) - 1,
            )
            for company_id, buckets in buckets_by_company.items()
        )
        count = max(len(buckets) for buckets in buckets_by_company.values())
        columns = [("credit", "credit_currency", -1)] + [
            (f"amount_{position}", f"amount_currency_{position}", position)
            for position in range(count)
        ]
        # In the company's currency, the amounts in the currency are the same: taken
        # from the amounts in the first step below.
        companies = self.env["res.company"].browse(list(buckets_by_company))
        home = SQL(", ").join(
            SQL("(%s, %s)", company.id, company.currency_id.id) for company in companies
        )
        sums = SQL(", ").join(
            SQL(
                """COALESCE(SUM(item.residual) FILTER (WHERE item.position = %(position)s), 0)
                       AS %(name)s,
                   COALESCE(SUM(item.residual_currency)
                            FILTER (WHERE item.position = %(position)s), 0)
                       AS %(name_currency)s""",
                position=position,
                name=SQL.identifier(name),
                name_currency=SQL.identifier(name_currency),
            )
            for name, name_currency, position in columns
        )
        items = self._relance_aged_items_sql(on_date, list(buckets_by_company), partner_ids)
        # Two steps: the items summed exactly (numeric) per partner of the line and
        # bucket; then these few sums per customer (commercial entity), which finds
        # a line's customer once per partner and bucket rather than once per item.
        # The second step adds the buckets in floats (cheaper: sixteen sums a
        # customer) and the totals exactly.
        self.env.cr.execute(
            SQL(
                """
                SELECT item.company_id, partner.commercial_partner_id AS partner_id,
                       item.currency_id, %(sums)s,
                       SUM(item.exact)::float8 AS total,
                       SUM(item.exact_currency)::float8 AS total_currency,
                       COALESCE(SUM(item.exact) FILTER (WHERE item.position > 0), 0)::float8
                           AS overdue,
                       MIN(item.partner_id) != MAX(item.partner_id) AS several
                  FROM (
                    SELECT item.company_id, item.partner_id, item.currency_id,
                           CASE WHEN item.residual < 0
                                  OR (item.residual = 0 AND item.residual_currency < 0)
                                THEN -1
                                ELSE CASE item.company_id %(by_company)s END
                           END AS position,
                           SUM(item.residual) AS exact,
                           SUM(item.residual)::float8 AS residual,
                           CASE WHEN (item.company_id, item.currency_id) IN (%(home)s)
                                THEN SUM(item.residual)
                                ELSE SUM(item.residual_currency)
                           END AS exact_currency,
                           CASE WHEN (item.company_id, item.currency_id) IN (%(home)s)
                                THEN SUM(item.residual)
                                ELSE SUM(item.residual_currency)
                           END::float8 AS residual_currency
                      FROM (%(items)s) item
                  GROUP BY 1, 2, 3, 4
                  ) item
             LEFT JOIN res_partner partner ON partner.id = item.partner_id
              GROUP BY 1, 2, 3
                """,
                items=items,
                sums=sums,
                home=home,
                by_company=by_company,
            )
        )
        # Not cr.dictfetchall(), which reads the cursor's description again for each
        # row: on thousands of rows, that costs more than the query.
        names = [column.name for column in self.env.cr.description]
        rows = [dict(zip(names, values, strict=True)) for values in self.env.cr.fetchall()]
        # A customer whose items name several of its partners (a payment by one of
        # its contacts) may have a bucket added in floats: rounded back to the
        # currencies' decimals, its figures are the exact sums again.
        several = [row for row in rows if row.pop("several")]
        currencies = companies.currency_id | self.env["res.currency"].browse(
            {row["currency_id"] for row in several}
        )
        places = {currency.id: currency.decimal_places for currency in currencies}
        home_currency = {company.id: company.currency_id.id for company in companies}
        for row in several:
            for name, name_currency, _position in columns:
                row[name] = round(row[name], places[home_currency[row["company_id"]]])
                row[name_currency] = round(row[name_currency], places[row["currency_id"]])
        return rows
