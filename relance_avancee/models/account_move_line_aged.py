# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What customers owed on a given date, as it was then: the one as-of reading behind
the aged balance and the statement of account.

An instalment (a receivable line) counts if its entry is posted and dated on or before
the date; what was matched with it counts only if the match's date
(``account.partial.reconcile.max_date``, the later of the two lines' dates) is on or
before the date too. So a payment made after the date leaves the invoice open on
that date, and a credit note matched after it is still unallocated credit then.
"""

from odoo import api, models
from odoo.tools import SQL

# A day count no invoice reaches, for the open ends of the buckets in SQL.
_FOREVER = 1_000_000


# One file per concern of account.move.line in this addon: the split is the point.
class AccountMoveLine(models.Model):
    _inherit = "account.move.line"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _relance_aged_items_sql(self, on_date, company_ids, partner_ids=None):
        """The query of the receivable instalments open on ``on_date`` of the companies
        ``company_ids`` (and customers ``partner_ids``, commercial entities, if given):
        their line, move, company, customer (commercial entity), currency, date, due
        date (the entry's date when it has none) and what was left of them on that date,
        in the company's currency (``residual``) and in their own (``residual_currency``).
        """
        partner_filter = (
            SQL("AND partner.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        return SQL(
            """
            SELECT *
              FROM (
                SELECT line.id,
                       line.move_id,
                       line.company_id,
                       partner.commercial_partner_id AS partner_id,
                       line.currency_id,
                       line.date,
                       COALESCE(line.date_maturity, line.date) AS due_date,
                       line.balance - COALESCE(matched_debit.amount, 0)
                           + COALESCE(matched_credit.amount, 0) AS residual,
                       line.amount_currency - COALESCE(matched_debit.amount_currency, 0)
                           + COALESCE(matched_credit.amount_currency, 0) AS residual_currency
                  FROM account_move_line line
                  JOIN account_account account ON account.id = line.account_id
             LEFT JOIN res_partner partner ON partner.id = line.partner_id
             LEFT JOIN LATERAL (
                        SELECT SUM(part.amount) AS amount,
                               SUM(part.debit_amount_currency) AS amount_currency
                          FROM account_partial_reconcile part
                         WHERE part.debit_move_id = line.id AND part.max_date <= %(on_date)s
                       ) matched_debit ON TRUE
             LEFT JOIN LATERAL (
                        SELECT SUM(part.amount) AS amount,
                               SUM(part.credit_amount_currency) AS amount_currency
                          FROM account_partial_reconcile part
                         WHERE part.credit_move_id = line.id AND part.max_date <= %(on_date)s
                       ) matched_credit ON TRUE
                 WHERE line.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND line.company_id = ANY(%(company_ids)s)
                   AND line.date <= %(on_date)s
                   %(partner_filter)s
              ) item
             WHERE item.residual != 0 OR item.residual_currency != 0
            """,
            on_date=on_date,
            company_ids=list(company_ids),
            partner_filter=partner_filter,
        )

    @api.model
    def _relance_flush_for_ageing(self):
        """What the queries read, written to the database first."""
        for model in (
            "account.move.line",
            "account.partial.reconcile",
            "account.account",
            "res.partner",
        ):
            self.env[model].flush_model()

    @api.model
    def _relance_aged_items(self, on_date, company_ids, partner_ids=None):
        """The instalments of ``_relance_aged_items_sql`` as dicts, oldest due first."""
        query = self._relance_aged_items_sql(on_date, company_ids, partner_ids)
        self._relance_flush_for_ageing()
        self.env.cr.execute(SQL("%s ORDER BY due_date, date, id", query))
        return self.env.cr.dictfetchall()

    @api.model
    def _relance_aged_totals(self, on_date, buckets_by_company, partner_ids=None):
        """The aged balance on ``on_date``, summed in one query: rows (company id,
        customer id, currency id, bucket position, sum in the company's currency, sum
        in the currency), one per bucket with an amount. ``buckets_by_company`` maps
        a company id to its buckets (engine.ageing); debts fall in the bucket of their
        due date (position 0: not due), credits not yet matched in position -1."""
        ranges = [
            SQL(
                "(%s, %s, %s, %s)",
                company_id,
                position,
                -_FOREVER if first is None else first,
                _FOREVER if last is None else last,
            )
            for company_id, buckets in buckets_by_company.items()
            for position, (_key, first, last) in enumerate(buckets)
        ]
        items = self._relance_aged_items_sql(on_date, list(buckets_by_company), partner_ids)
        self._relance_flush_for_ageing()
        self.env.cr.execute(
            SQL(
                """
                WITH item AS (%(items)s),
                     bucket(company_id, position, first_day, last_day) AS (VALUES %(ranges)s)
                SELECT item.company_id, item.partner_id, item.currency_id,
                       CASE WHEN item.residual < 0
                              OR (item.residual = 0 AND item.residual_currency < 0)
                            THEN -1 ELSE bucket.position END AS position,
                       SUM(item.residual), SUM(item.residual_currency)
                  FROM item
                  JOIN bucket ON bucket.company_id = item.company_id
                   AND %(on_date)s::date - item.due_date
                       BETWEEN bucket.first_day AND bucket.last_day
              GROUP BY 1, 2, 3, 4
                """,
                items=items,
                ranges=SQL(", ").join(ranges),
                on_date=on_date,
            )
        )
        return self.env.cr.fetchall()
