# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What customers owed on a given date, as it was then: the one as-of reading behind
the aged balance and the statement of account, and the aged balance's sums.

An instalment (a receivable line) counts if its entry is posted and dated on or before
the date; what was matched with it counts only if the match's date
(``account.partial.reconcile.max_date``, the later of the two lines' dates) is on or
before the date too. So a payment made after the date leaves the invoice open on
that date, and a credit note matched after it is still unallocated credit then.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

# The open receivable items, with what the aged balance reads of them: PostgreSQL
# reads today's balance from this index alone (an index-only scan), without visiting
# the lines themselves. Its predicate is the one the reading states, word for word:
# PostgreSQL uses a partial index only when it can prove the query's conditions
# imply it. It holds only the items open now (posted, not reconciled, something
# left), so it stays small however long the books are.
OPEN_ITEMS_INDEX = "account_move_line_relance_open_items_idx"


def open_items(table):
    """The condition of an open item on the lines named ``table``: the index's
    predicate, and the reading's."""
    return SQL(
        """%(line)s.parent_state = 'posted' AND %(line)s.reconciled IS NOT TRUE
           AND (%(line)s.amount_residual != 0 OR %(line)s.amount_residual_currency != 0)""",
        line=SQL.identifier(table),
    )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def init(self):
        result = super().init()
        # Not odoo.tools.create_index: it has no INCLUDE clause. Dropped by the
        # module's uninstall hook.
        if not index_exists(self.env.cr, OPEN_ITEMS_INDEX):
            self.env.cr.execute(
                SQL(
                    """CREATE INDEX %s ON account_move_line (account_id)
                       INCLUDE (company_id, partner_id, currency_id, date, date_maturity,
                                amount_residual, amount_residual_currency)
                       WHERE %s""",
                    SQL.identifier(OPEN_ITEMS_INDEX),
                    open_items("account_move_line"),
                )
            )
        return result

    @api.model
    def _relance_aged_items_sql(self, on_date, company_ids, partner_ids=None):
        """The query of the receivable instalments open on ``on_date`` of the companies
        ``company_ids`` (and customers ``partner_ids``, commercial entities, if given):
        their line, move, company, partner (the line's own: a contact of the customer
        at times), currency, date, due date (the entry's date when it has none) and
        what was left of them on that date, in the company's currency (``residual``)
        and in their own (``residual_currency``).
        """
        partner_filter = (
            SQL(
                "AND line.partner_id IN (SELECT id FROM res_partner"
                " WHERE commercial_partner_id = ANY(%s))",
                list(partner_ids),
            )
            if partner_ids is not None
            else SQL()
        )
        # The companies' receivable accounts by id, so that PostgreSQL reads their
        # lines through an index rather than every line of the books.
        receivable = (
            self.env["account.account"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("account_type", "=", "asset_receivable"),
                    ("company_ids", "in", list(company_ids)),
                ],
                order="id",
            )
        )
        # What both readings below select and where they look: the companies' posted
        # receivable lines dated on or before the date.
        columns = SQL(
            """line.id, line.move_id, line.company_id, line.partner_id, line.currency_id,
               line.date, COALESCE(line.date_maturity, line.date) AS due_date"""
        )
        lines = SQL(
            """account_move_line line
               WHERE line.parent_state = 'posted'
                 AND line.account_id = ANY(%(accounts)s)
                 AND line.company_id = ANY(%(company_ids)s)
                 AND line.date <= %(on_date)s
                 %(partner_filter)s""",
            accounts=receivable.ids,
            company_ids=list(company_ids),
            on_date=on_date,
            partner_filter=partner_filter,
        )
        if not self._relance_matched_after(on_date, company_ids):
            # Nothing was matched after the date (the date is today, or nothing
            # happened since): what was left then is what is left now, and only the
            # lines open now were open then, read from the open items' index.
            return SQL(
                """
                SELECT %(columns)s,
                       line.amount_residual AS residual,
                       line.amount_residual_currency AS residual_currency
                  FROM %(lines)s
                   AND %(open_items)s
                """,
                columns=columns,
                lines=lines,
                open_items=open_items("line"),
            )
        # What is left of a line on the date is what is left today plus what was
        # matched with it after the date (Odoo keeps amount_residual = balance less
        # every match). Only the lines still open today and those matched after the
        # date can have been open on it: the others are skipped without reading their
        # matches.
        return SQL(
            """
            WITH later AS (
                SELECT part.debit_move_id AS line_id, part.amount,
                       part.debit_amount_currency AS amount_currency
                  FROM account_partial_reconcile part
                 WHERE part.max_date > %(on_date)s AND part.company_id = ANY(%(company_ids)s)
             UNION ALL
                SELECT part.credit_move_id, -part.amount, -part.credit_amount_currency
                  FROM account_partial_reconcile part
                 WHERE part.max_date > %(on_date)s AND part.company_id = ANY(%(company_ids)s)
            ), candidate AS (
                SELECT %(columns)s, line.amount_residual, line.amount_residual_currency
                  FROM %(lines)s
                   AND (NOT line.reconciled OR line.id IN (SELECT line_id FROM later))
            ), matched_later AS (
                SELECT later.line_id, SUM(later.amount) AS amount,
                       SUM(later.amount_currency) AS amount_currency
                  FROM later
                  JOIN candidate ON candidate.id = later.line_id
              GROUP BY later.line_id
            )
            SELECT *
              FROM (
                SELECT candidate.id, candidate.move_id, candidate.company_id,
                       candidate.partner_id, candidate.currency_id, candidate.date,
                       candidate.due_date,
                       candidate.amount_residual + COALESCE(matched_later.amount, 0)
                           AS residual,
                       candidate.amount_residual_currency
                           + COALESCE(matched_later.amount_currency, 0) AS residual_currency
                  FROM candidate
             LEFT JOIN matched_later ON matched_later.line_id = candidate.id
              ) item
             WHERE item.residual != 0 OR item.residual_currency != 0
            """,
            on_date=on_date,
            company_ids=list(company_ids),
            columns=columns,
            lines=lines,
        )

    @api.model
    def _relance_matched_after(self, on_date, company_ids):
        """Whether anything of the companies was matched after ``on_date``. Asked by
        every reading first, so it writes what is pending to the database first: the
        lines' residuals are computed from their matches."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT 1 FROM account_partial_reconcile
                 WHERE max_date > %s AND company_id = ANY(%s)
                 LIMIT 1
                """,
                on_date,
                list(company_ids),
            )
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _relance_aged_items(self, on_date, company_ids, partner_ids=None):
        """The instalments of ``_relance_aged_items_sql`` as dicts, oldest due first,
        each with its customer (``partner_id``: the commercial entity)."""
        query = self._relance_aged_items_sql(on_date, company_ids, partner_ids)
        self.env.cr.execute(
            SQL(
                """
                SELECT item.id, item.move_id, item.company_id,
                       partner.commercial_partner_id AS partner_id, item.currency_id,
                       item.date, item.due_date, item.residual, item.residual_currency
                  FROM (%s) item
             LEFT JOIN res_partner partner ON partner.id = item.partner_id
              ORDER BY item.due_date, item.date, item.id
                """,
                query,
            )
        )
        return self.env.cr.dictfetchall()

    # ------------------------------------------------------------------
    # The aged balance's sums: the as-of reading summed per company, customer,
    # currency and bucket, in one query.
    # ------------------------------------------------------------------
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
