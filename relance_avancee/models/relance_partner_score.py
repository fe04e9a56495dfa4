# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import score

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
