# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, formatLang

from ...engine import credit

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

    # ------------------------------------------------------------------
    # How a customer's exposure and the facts behind the hold rules are read: one query
    # for the receivables and draft invoices, one per bridge (the Sales orders), one for the
    # rates, one for the levels reached.
    # ------------------------------------------------------------------
    @api.model
    def _read_exposures(self, company, partner_ids=None, exclude_move_ids=(), exclude_order_ids=()):
        """({commercial partner id: Exposure}, {partner id: oldest overdue due date})
        of ``company``'s customers (``partner_ids``, or all), leaving out the draft
        invoices ``exclude_move_ids`` and the orders ``exclude_order_ids`` (the
        documents being checked).

        Amounts in another currency are converted at today's rate: what the customer
        owes now, not what it was worth when invoiced.
        """
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        rows = self._read_move_sums(company, partner_ids, exclude_move_ids)
        rows += self._read_order_sums(company, partner_ids, exclude_order_ids)
        today = fields.Date.context_today(self)
        factors = self._conversion_factors(company, {row[2] for row in rows}, today)
        amounts = defaultdict(lambda: defaultdict(dict))
        oldest_due = {}
        for partner_id, bucket, currency_id, amount, due in rows:
            amounts[partner_id][bucket][currency_id] = amount
            if due:
                oldest_due[partner_id] = due
        digits = company.currency_id.decimal_places
        exposures = {
            partner_id: credit.Exposure(
                **{
                    bucket: credit.to_company_currency(by_currency, factors, digits)
                    for bucket, by_currency in buckets.items()
                }
            )
            for partner_id, buckets in amounts.items()
        }
        return exposures, oldest_due

    @api.model
    def _partner_clause(self, column, partner_ids):
        if partner_ids is None:
            return SQL()
        return SQL("AND %s IN %s", column, tuple(partner_ids) or (0,))

    @api.model
    def _read_move_sums(self, company, partner_ids, exclude_move_ids):
        """Rows (partner id, bucket, currency id, amount, oldest overdue due date) of
        the open receivables and the draft customer invoices."""
        partners = self._partner_clause(SQL("p.commercial_partner_id"), partner_ids)
        excluded = SQL("AND m.id NOT IN %s", tuple(exclude_move_ids)) if exclude_move_ids else SQL()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, 'receivable', aml.currency_id,
                       SUM(aml.amount_residual_currency),
                       MIN(aml.date_maturity) FILTER (
                           WHERE aml.amount_residual > 0 AND aml.date_maturity < %(today)s)
                  FROM account_move_line aml
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND NOT aml.reconciled
                   AND aml.amount_residual != 0
                   %(partners)s
                 GROUP BY 1, 3
                 UNION ALL
                SELECT p.commercial_partner_id, 'draft', m.currency_id, SUM(m.amount_total), NULL
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.partner_id
                 WHERE m.company_id = %(company)s
                   AND m.state = 'draft'
                   AND m.move_type IN %(types)s
                   %(partners)s
                   %(excluded)s
                 GROUP BY 1, 3
                """,
                today=fields.Date.context_today(self),
                company=company.id,
                types=credit.CUSTOMER_INVOICE_TYPES,
                partners=partners,
                excluded=excluded,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _read_order_sums(self, company, partner_ids, exclude_order_ids):
        """Hook: rows (partner id, "orders", currency id, amount, None) of what is
        ordered and not invoiced yet. Nothing without Sales: relance_avancee_sale
        reads the confirmed orders."""
        return []

    @api.model
    def _conversion_factors(self, company, currency_ids, date):
        """{currency id: company-currency units per unit} at ``date``'s rates."""
        company_currency = company.currency_id
        factors = {company_currency.id: credit.to_decimal(1)}
        foreign = set(currency_ids) - {company_currency.id}
        if foreign:
            currencies = self.env["res.currency"].browse(foreign | {company_currency.id})
            rates = currencies._get_rates(company, date)
            for currency_id in foreign:
                factors[currency_id] = credit.to_decimal(
                    rates[company_currency.id]
                ) / credit.to_decimal(rates[currency_id])
        return factors

    @api.model
    def _hold_facts(self, company, partner_ids, exposures, limits, oldest_due):
        """{partner id: HoldFacts} of the customers ``partner_ids``."""
        today = fields.Date.context_today(self)
        levels = self._reached_hold_levels(company, partner_ids)
        broken = self._broken_plan_partner_ids(company, partner_ids)
        warned = self._register_alert_partner_ids(company, partner_ids)
        empty = credit.Exposure()
        return {
            partner_id: credit.HoldFacts(
                level_reached=levels.get(partner_id, ""),
                oldest_days_late=(today - oldest_due[partner_id]).days
                if partner_id in oldest_due
                else 0,
                over_limit=credit.is_over_limit(
                    exposures.get(partner_id, empty).total, limits.get(partner_id, 0)
                ),
                broken_plan=partner_id in broken,
                register_alert=partner_id in warned,
            )
            for partner_id in partner_ids
        }

    @api.model
    def _reached_hold_levels(self, company, partner_ids):
        """{partner id: name of the level} of the customers with an open item at or
        past the level their policy holds credit at (``credit_hold_level_id``)."""
        policies = self.env["relance.policy"].search(
            [("company_id", "=", company.id), ("credit_hold_level_id", "!=", False)]
        )
        if not policies:
            return {}
        self.env["relance.line.state"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, MIN(hold.id)
                  FROM relance_line_state state
                  JOIN account_move_line aml ON aml.id = state.move_line_id
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN relance_level level ON level.id = state.level_id
                  JOIN relance_policy policy ON policy.id = level.policy_id
                  JOIN relance_level hold ON hold.id = policy.credit_hold_level_id
                 WHERE policy.id IN %(policies)s
                   AND NOT aml.reconciled
                   AND aml.amount_residual > 0
                   AND level.sequence >= hold.sequence
                   %(partners)s
                 GROUP BY 1
                """,
                policies=tuple(policies.ids),
                partners=self._partner_clause(SQL("p.commercial_partner_id"), partner_ids),
            )
        )
        rows = self.env.cr.fetchall()
        levels = self.env["relance.level"].with_context(lang=company._relance_lang())
        names = {level.id: level.name for level in levels.browse({row[1] for row in rows})}
        return {partner_id: names[level_id] for partner_id, level_id in rows}

    @api.model
    def _register_alert_partner_ids(self, company, partner_ids):
        """The customers of ``partner_ids`` whose last check of the public registers
        warned (the registers say the same to every company), for the hold rule
        ``relance_credit_hold_register``; no query when the company does not use it."""
        if not company.relance_credit_hold_register:
            return set()
        self.env["res.partner"].flush_model(["relance_register_alert"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE relance_register_alert
                   AND (company_id IS NULL OR company_id = %s) %s
                """,
                company.id,
                self._partner_clause(SQL("id"), partner_ids),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _broken_plan_partner_ids(self, company, partner_ids):
        """The customers of ``partner_ids`` (all when None) with a broken payment plan
        whose invoices are not all paid yet, for the hold rule
        ``relance_credit_hold_broken_plan``: the hold lifts itself once they are."""
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "broken"),
            ("move_ids.amount_residual", ">", 0),
        ]
        if partner_ids is not None:
            domain.append(("partner_id", "in", list(partner_ids)))
        plans = self.env["relance.payment.plan"].sudo().search_fetch(domain, ["partner_id"])
        return set(plans.partner_id.ids)

    # ------------------------------------------------------------------
    # The check a customer invoice goes through when posted, and a quotation when
    # confirmed (relance_avancee_sale): its customer's exposure read live without it, its
    # limit, its credit holds and the authorisations that let it through.
    # ------------------------------------------------------------------
    @api.model
    def _check_documents(self, company, documents, authorisation_field, exclude):
        """Judge ``documents`` of ``company`` in order: a list of (record, commercial
        partner id, currency id, amount in that currency).

        ``exclude``: {"moves": ids, "orders": ids} left out of the exposure (the
        documents themselves, in case they are drafts). Raises ``UserError`` when one is
        refused (nothing is posted or confirmed then); returns (verdicts {record:
        Verdict}, exposures before, limits) so that the caller stores the figures.
        """
        self = self.sudo().with_company(company)
        partner_ids = {partner_id for _record, partner_id, _currency, _amount in documents}
        exposures, _oldest = self._read_exposures(
            company, partner_ids, exclude.get("moves", ()), exclude.get("orders", ())
        )
        limits = self._credit_limits(company, partner_ids)
        mode = company.relance_credit_check
        if mode == credit.OFF:
            return {}, exposures, limits
        holds = self.env["relance.credit.hold"]._active_causes(company, partner_ids)
        factors = self._conversion_factors(
            company,
            {currency for _r, _p, currency, _a in documents},
            fields.Date.context_today(self),
        )
        digits = company.currency_id.decimal_places
        amounts = {
            record: credit.to_company_currency({currency: amount}, factors, digits)
            for record, _partner, currency, amount in documents
        }
        authorised = self._authorisations_if_needed(
            company, documents, exposures, limits, holds, amounts, authorisation_field
        )
        verdicts = {}
        for partner_id in partner_ids:
            own = [
                (record, amounts[record]) for record, pid, _c, _a in documents if pid == partner_id
            ]
            verdicts.update(
                credit.check_sequence(
                    mode,
                    exposures.get(partner_id, credit.Exposure()).total,
                    own,
                    limits.get(partner_id, credit.ZERO),
                    holds.get(partner_id, ()),
                    authorised.get(partner_id, ()),
                )
            )
        refused = [record for record, verdict in verdicts.items() if verdict.refused]
        if refused:
            raise UserError(self._refusal_message(company, refused, verdicts, limits))
        return verdicts, exposures, limits

    @api.model
    def _authorisations_if_needed(
        self, company, documents, exposures, limits, holds, amounts, authorisation_field
    ):
        """The valid authorisations of the customers who need one: a query saved on
        the everyday posting of a customer within its limit."""
        needing = {
            partner_id
            for record, partner_id, _currency, _amount in documents
            if holds.get(partner_id)
            or credit.is_over_limit(
                exposures.get(partner_id, credit.Exposure()).total + amounts[record],
                limits.get(partner_id, credit.ZERO),
            )
        }
        if not needing:
            return {}
        records = [record for record, partner_id, _c, _a in documents if partner_id in needing]
        authorised = self.env["relance.credit.authorisation"]._authorised(
            company, needing, authorisation_field, [record.id for record in records]
        )
        # Back from ids to records, as check_sequence compares its keys.
        by_id = {record.id: record for record in records}
        return {
            partner_id: found if found is True else {by_id[doc_id] for doc_id in found}
            for partner_id, found in authorised.items()
        }

    @api.model
    def _refusal_message(self, company, refused, verdicts, limits):
        lines = [
            self.env._(
                "Credit check of %(company)s: these documents are refused until the "
                "customer is back within its limit and off credit hold, or a Collections "
                "manager authorises them (customer's Collections tab, Authorise).",
                company=company.name,
            )
        ]
        lines += [self._explain(record, verdicts[record], company, limits) for record in refused]
        return "\n".join(lines)

    @api.model
    def _explain(self, record, verdict, company, limits):
        """One sentence on what ``record`` met: the limit, the holds."""
        partner = record.partner_id.commercial_partner_id
        reasons = []
        if verdict.over_limit and not self._amounts_shown_to(record):
            reasons.append(self.env._("over the credit limit"))
        elif verdict.over_limit:
            reasons.append(
                self.env._(
                    "exposure %(exposure)s with it, over the credit limit of %(limit)s",
                    exposure=formatLang(
                        self.env, float(verdict.exposure_after), currency_obj=company.currency_id
                    ),
                    limit=formatLang(
                        self.env,
                        float(limits.get(partner.id, 0)),
                        currency_obj=company.currency_id,
                    ),
                )
            )
        labels = dict(
            self.env["relance.credit.hold"]._fields["cause"]._description_selection(self.env)
        )
        reasons += [
            self.env._("on credit hold: %(cause)s", cause=labels[cause])
            for cause in verdict.hold_causes
        ]
        return self.env._(
            "- %(document)s (%(customer)s): %(reasons)s",
            document=record.display_name,
            customer=partner.display_name,
            reasons="; ".join(reasons),
        )

    @api.model
    def _log_passed(self, company, verdicts, limits):
        """A note on each document that went through over the limit or on hold, in
        the company's language."""
        env = self.with_context(lang=company._relance_lang()).env
        for record, verdict in verdicts.items():
            if verdict.outcome == credit.PASS_WARNED:
                head = env._("Credit check: passed with a warning.")
            elif verdict.outcome == credit.PASS_AUTHORISED:
                head = env._("Credit check: passed on a Collections manager's authorisation.")
            else:
                continue
            detail = self.with_env(env)._explain(record, verdict, company, limits)
            record._message_log(body=f"{head} {detail}")

    @api.model
    def _amounts_shown_to(self, record):
        """Hook: whether what is said about ``record`` (its refusal, its chatter note)
        may show the exposure and the limit: to accounting users on an invoice; never
        on a document salespeople read (a quotation's chatter)."""
        return record._name == "account.move" and any(
            self.env.user.has_group(group)
            for group in ("account.group_account_invoice", "account.group_account_readonly")
        )
