# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL

from ...engine import score

# Each factor's value and the points it took off, as columns of the row.
FACTOR_COLUMNS = tuple(
    column for name in score.FACTORS for column in (f"value_{name}", f"points_{name}")
)

SCORE_COLUMNS = ("partner_id", "company_id", "score", "has_score", *FACTOR_COLUMNS, "date")

SCORE_BANDS = [
    (score.NO_SCORE, "No history"),
    (score.GOOD, "Reliable"),
    (score.FAIR, "Watch"),
    (score.POOR, "Unreliable"),
]


class RelancePartnerScore(models.Model):
    """A customer's reliability score with one company, as the daily run last
    computed it, with what each factor took off (engine/score.py: the formula).

    One row per (customer, company), as the credit exposure is: the score differs per
    company, the customer list filters and sorts on it for thousands of customers, and
    the daily run rewrites the rows of this table only, never the partners. How the
    history is read is in relance_partner_score_read.py.
    """

    _name = "relance.partner.score"
    _inherit = "relance.partner.company.row"
    _description = "Customer's reliability score"
    _check_company_auto = True
    _rec_name = "partner_id"
    _order = "score, partner_id"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    score = fields.Integer(readonly=True, aggregator="avg", help="100: pays on time; 0: the worst.")
    has_score = fields.Boolean(
        readonly=True, help="Unticked: nothing in the last 12 months to judge the customer by."
    )
    band = fields.Selection(SCORE_BANDS, compute="_compute_band")
    value_days_late = fields.Float("Average Days Late", readonly=True, digits=(16, 1))
    points_days_late = fields.Float("Points: Days Late", readonly=True, digits=(16, 1))
    value_late_share = fields.Float("Share Paid Late", readonly=True, digits=(16, 4))
    points_late_share = fields.Float("Points: Paid Late", readonly=True, digits=(16, 1))
    value_broken_promises = fields.Float("Broken Promises", readonly=True, digits=(16, 0))
    points_broken_promises = fields.Float("Points: Broken Promises", readonly=True, digits=(16, 1))
    value_disputes = fields.Float("Disputes", readonly=True, digits=(16, 0))
    points_disputes = fields.Float("Points: Disputes", readonly=True, digits=(16, 1))
    value_formal_notices = fields.Float("Formal Notices", readonly=True, digits=(16, 0))
    points_formal_notices = fields.Float("Points: Formal Notices", readonly=True, digits=(16, 1))
    value_overdue_share = fields.Float("Share Overdue Now", readonly=True, digits=(16, 4))
    points_overdue_share = fields.Float("Points: Overdue Now", readonly=True, digits=(16, 1))
    date = fields.Date("Computed On", readonly=True)
    # What the customer owes now, beside the score: a poor payer owing nothing is
    # not the first call to make.
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_total_due = fields.Monetary(
        "Total Due",
        compute="_compute_amounts_owed",
        help="Everything the customer owes the company now, net of credits.",
    )
    amount_overdue = fields.Monetary(
        "Overdue",
        compute="_compute_amounts_owed",
        help="What is past its due date now, net of credits.",
    )

    _sql_constraints = [
        (
            "partner_company_unique",
            "UNIQUE(partner_id, company_id)",
            "A customer has one reliability score per company.",
        ),
    ]

    def init(self):
        # The customer list sorts and filters on the score within the current company.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS relance_partner_score_company_score "
                "ON %s (company_id, score)",
                SQL.identifier(self._table),
            )
        )

    @api.depends("score", "has_score")
    def _compute_band(self):
        for row in self:
            row.band = score.band(row.score if row.has_score else None)

    def _compute_amounts_owed(self):
        # Two grouped queries per company, whatever the number of rows: the open
        # receivables as the customer's standing reads them (res.partner), all and
        # past their due date.
        today = fields.Date.context_today(self)
        lines = self.env["account.move.line"]
        for company, rows in self.grouped("company_id").items():
            domain = lines._relance_open_receivable_domain() + [
                ("company_id", "=", company.id),
                ("partner_id", "in", rows.partner_id.ids),
            ]
            owed, overdue = (
                {
                    partner.id: amount
                    for partner, amount in lines._read_group(
                        domain + extra, ["partner_id"], ["amount_residual:sum"]
                    )
                }
                for extra in ([], [("date_maturity", "<", today)])
            )
            for row in rows:
                row.amount_total_due = owed.get(row.partner_id.id, 0.0)
                row.amount_overdue = overdue.get(row.partner_id.id, 0.0)

    @api.model
    def _recompute(self, company, partners=None):
        """Score again ``partners`` (commercial partners; every customer of ``company``
        if None) from their last 12 months and store the rows. A few queries whatever
        the number of customers: one per part of the history, one upsert."""
        self = self.sudo().with_company(company)
        partner_ids = None if partners is None else set(partners.commercial_partner_id.ids)
        if partner_ids is not None and not partner_ids:
            return
        today = fields.Date.context_today(self)
        histories = self._read_histories(company, partner_ids, today)
        if partner_ids is None:
            partner_ids = set(histories) | set(self._stored_partner_ids(company))
        weights = company._relance_score_weights()
        results = {
            pid: score.score(histories.get(pid, score.History()), weights) for pid in partner_ids
        }
        self._store(company, results, today)

    @api.model
    def _fill(self, company):
        self._recompute(company)

    @api.model
    def _store(self, company, results, today):
        rows = []
        for partner_id, result in results.items():
            factors = []
            for name in score.FACTORS:
                value, points = result.deductions.get(name, (0, 0))
                factors += [float(value), float(points)]
            has_score = result.value is not None
            rows.append((partner_id, company.id, result.value, has_score, *factors, today))
        self._upsert(SCORE_COLUMNS, rows)

    # ------------------------------------------------------------------
    # How the reliability score reads each customer's last 12 months: one query per part
    # of the history, for every customer at once.
    # ------------------------------------------------------------------
    @api.model
    def _read_histories(self, company, partner_ids, today):
        """{commercial partner id: engine History} of ``company``'s customers
        (``partner_ids``, or all if None) over the 12 months up to ``today``."""
        start = today - timedelta(days=score.WINDOW_DAYS)
        histories = defaultdict(score.History)
        for partner_id, invoice_id, amount, days_late in self._read_paid_items(
            company, partner_ids, start, today
        ):
            histories[partner_id].paid.append(
                score.PaidItem(invoice_id, Decimal(str(amount)), days_late)
            )
        for partner_id, invoiced, overdue in self._read_invoiced_and_overdue(
            company, partner_ids, start, today
        ):
            histories[partner_id].invoiced = Decimal(str(invoiced))
            histories[partner_id].overdue = Decimal(str(overdue))
        for partner_id, promises, disputes, notices in self._read_incidents(
            company, partner_ids, start, today
        ):
            history = histories[partner_id]
            history.broken_promises, history.disputes, history.formal_notices = (
                promises,
                disputes,
                notices,
            )
        return dict(histories)

    def _partners(self, column, partner_ids):
        if partner_ids is None:
            return SQL()
        return SQL("AND %s IN %s", column, tuple(partner_ids) or (0,))

    @api.model
    def _read_paid_items(self, company, partner_ids, start, today):
        """(partner, invoice, amount, days late) of each customer invoice's receivable
        item settled in the window: its days late run from its due date to the last
        reconciliation that settled it (a payment or a credit note)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, aml.move_id, aml.balance,
                       MAX(partial.max_date) - aml.date_maturity
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN account_partial_reconcile partial ON partial.debit_move_id = aml.id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND m.move_type = 'out_invoice'
                   AND account.account_type = 'asset_receivable'
                   AND aml.reconciled
                   %(partners)s
                 GROUP BY p.commercial_partner_id, aml.id
                HAVING MAX(partial.max_date) > %(start)s AND MAX(partial.max_date) <= %(today)s
                """,
                company=company.id,
                partners=self._partners(SQL("p.commercial_partner_id"), partner_ids),
                start=start,
                today=today,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _read_invoiced_and_overdue(self, company, partner_ids, start, today):
        """(partner, invoiced in the window, overdue today), in the company's currency:
        the invoices dated in the window, net of their credit notes; the receivable
        items past due and not paid, whatever their age."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id,
                       COALESCE(SUM(aml.balance) FILTER (
                           WHERE m.move_type IN ('out_invoice', 'out_refund')
                             AND m.invoice_date > %(start)s
                             AND m.invoice_date <= %(today)s), 0),
                       COALESCE(SUM(aml.amount_residual) FILTER (
                           WHERE aml.date_maturity < %(today)s
                             AND aml.amount_residual > 0), 0)
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND (NOT aml.reconciled OR m.invoice_date > %(start)s)
                   %(partners)s
                 GROUP BY p.commercial_partner_id
                """,
                company=company.id,
                partners=self._partners(SQL("p.commercial_partner_id"), partner_ids),
                start=start,
                today=today,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _read_incidents(self, company, partner_ids, start, today):
        """(partner, promises broken, disputes opened, formal notices sent) in the
        window."""
        window = {"start": start, "today": today, "company": company.id}
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, SUM(promises)::int, SUM(disputes)::int, SUM(notices)::int
                  FROM (
                    SELECT partner_id, 1 AS promises, 0 AS disputes, 0 AS notices
                      FROM relance_promise
                     WHERE company_id = %(company)s AND state = 'broken'
                       AND date > %(start)s AND date <= %(today)s %(promise_partners)s
                    UNION ALL
                    SELECT partner_id, 0, 1, 0
                      FROM relance_dispute
                     WHERE company_id = %(company)s
                       AND date_start > %(start)s AND date_start <= %(today)s
                       %(dispute_partners)s
                    UNION ALL
                    SELECT c.partner_id, 0, 0, 1
                      FROM relance_communication c
                      JOIN relance_level level ON level.id = c.level_id
                     WHERE c.company_id = %(company)s AND c.state = 'sent'
                       AND level.formal_notice
                       AND c.date > %(start)s AND c.date <= %(today)s %(notice_partners)s
                  ) incidents
                 GROUP BY partner_id
                """,
                **window,
                promise_partners=self._partners(SQL("partner_id"), partner_ids),
                dispute_partners=self._partners(SQL("partner_id"), partner_ids),
                notice_partners=self._partners(SQL("c.partner_id"), partner_ids),
            )
        )
        return self.env.cr.fetchall()
