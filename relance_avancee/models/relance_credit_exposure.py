# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import credit

EXPOSURE_COLUMNS = (
    "partner_id",
    "company_id",
    "amount_receivable",
    "amount_draft",
    "amount_orders",
    "amount_total",
    "over_limit",
    "date_refreshed",
)


class RelanceCreditExposure(models.Model):
    """What a customer owes or is about to owe one company, as last refreshed.

    One row per (customer, company), kept apart from res.partner: the figures differ
    per company, the customer list filters on them for thousands of customers (an
    indexed table, not a computation per customer), and refreshing them writes rows
    of this table only, never the partners (their write runs checks and tracking).
    Refreshed when an invoice is posted, when a payment is reconciled and by the
    daily run; the checks on a document compute the exposure live instead.
    How the figures are read is in relance_credit_exposure_read.py.
    """

    _name = "relance.credit.exposure"
    _inherit = "relance.partner.company.row"
    _description = "Customer's credit exposure"
    _check_company_auto = True
    _rec_name = "partner_id"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_receivable = fields.Monetary(
        "Open Receivables",
        readonly=True,
        help="Posted and not yet paid, net of credit notes and payments on account.",
    )
    amount_draft = fields.Monetary("Draft Invoices", readonly=True)
    amount_orders = fields.Monetary(
        "Orders Not Invoiced",
        readonly=True,
        help="Confirmed sales orders, for what is not invoiced yet (with Sales).",
    )
    amount_total = fields.Monetary("Exposure", readonly=True)
    over_limit = fields.Boolean("Over Credit Limit", readonly=True)
    date_refreshed = fields.Datetime("Refreshed On", readonly=True)

    _sql_constraints = [
        (
            "partner_company_unique",
            "UNIQUE(partner_id, company_id)",
            "A customer has one exposure per company.",
        ),
    ]

    def init(self):
        # The customer list's "over limit" filter reads the few rows over their limit
        # in the current company.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS relance_credit_exposure_over_limit "
                "ON %s (company_id, partner_id) WHERE over_limit",
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _refresh(self, company, partners=None):
        """Read again the exposure and the automatic credit holds of ``partners``
        (commercial partners; every customer of ``company`` if None) and store them.

        A few queries whatever the number of customers: the sums per currency, the
        rates, the limits, the facts behind the hold rules, one upsert, the holds.
        """
        self = self.sudo().with_company(company)
        partner_ids = None if partners is None else set(partners.commercial_partner_id.ids)
        if partner_ids is not None and not partner_ids:
            return
        exposures, oldest_due = self._read_exposures(company, partner_ids)
        if partner_ids is None:
            # A customer the registers warn about is held before it owes anything.
            partner_ids = (
                set(exposures)
                | set(self._stored_partner_ids(company))
                | self._register_alert_partner_ids(company, None)
            )
        # Customers who owe nothing any more: their rows go back to zero.
        exposures = {pid: exposures.get(pid, credit.Exposure()) for pid in partner_ids}
        limits = self._credit_limits(company, exposures)
        self._store(company, exposures, limits)
        facts = self._hold_facts(company, partner_ids, exposures, limits, oldest_due)
        self.env["relance.credit.hold"]._sync_automatic(company, partner_ids, facts)

    @api.model
    def _fill(self, company):
        self._refresh(company)

    @api.model
    def _store(self, company, exposures, limits):
        """Upsert the rows of ``exposures`` ({partner id: Exposure})."""
        now = fields.Datetime.now()
        rows = [
            (
                partner_id,
                company.id,
                exposure.receivable,
                exposure.draft,
                exposure.orders,
                exposure.total,
                credit.is_over_limit(exposure.total, limits.get(partner_id, 0)),
                now,
            )
            for partner_id, exposure in exposures.items()
        ]
        self._upsert(EXPOSURE_COLUMNS, rows)

    @api.model
    def _credit_limits(self, company, partner_ids):
        """{partner id: limit in force} in ``company``: Odoo's ``credit_limit``, its
        company default when the customer has none of its own; none at all when the
        company does not use credit limits."""
        if not company.account_use_credit_limit:
            return {}
        partners = self.env["res.partner"].sudo().with_company(company).browse(list(partner_ids))
        return {partner.id: credit.to_decimal(partner.credit_limit) for partner in partners}

    @api.model
    def _store_added(self, company, documents, exposures, limits, bucket):
        """Store the exposure of the customers of ``documents`` ((commercial partner id,
        currency id, amount)), just posted or confirmed, from their exposure read
        before without them (``exposures``) plus their amounts in ``bucket``
        ("receivable", "orders"): no second read."""
        if not documents:
            return
        factors = self._conversion_factors(
            company, {currency for _p, currency, _a in documents}, fields.Date.context_today(self)
        )
        digits = company.currency_id.decimal_places
        after = {}
        for partner_id, currency_id, amount in documents:
            converted = credit.to_company_currency({currency_id: amount}, factors, digits)
            before = after.get(partner_id) or exposures.get(partner_id, credit.Exposure())
            after[partner_id] = before.plus(**{bucket: converted})
        self.sudo()._store(company, after, limits)
