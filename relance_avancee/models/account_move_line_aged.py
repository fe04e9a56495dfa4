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


# One file per concern of account.move.line in this addon: the split is the point.
class AccountMoveLine(models.Model):
    _inherit = "account.move.line"  # pylint: disable=consider-merging-classes-inherited

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
