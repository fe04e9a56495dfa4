# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How a customer's exposure and the facts behind the hold rules are read: one query
for the receivables and draft invoices, one per bridge (the Sales orders), one for the
rates, one for the levels reached."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import credit


# One file per concern of relance.credit.exposure: the split is the point.
class RelanceCreditExposure(models.Model):
    _inherit = "relance.credit.exposure"  # pylint: disable=consider-merging-classes-inherited

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
