# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's reliability score with the current company, as the daily run last
computed it (relance.partner.score), searchable and sortable on the customer list."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, formatLang

from ..engine import score
from .relance_partner_score import SCORE_BANDS

SCORE_OPERATORS = ("=", "!=", "<", "<=", ">", ">=")


# One file per concern of res.partner in this addon: the split is the point.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    relance_score = fields.Integer(
        "Reliability Score",
        compute="_compute_relance_score",
        search="_search_relance_score",
        compute_sudo=True,
        help="From 0 to 100 (pays on time), from the last 12 months with this company: "
        "days late, invoices paid late, broken promises, disputes, formal notices, "
        "overdue now. Empty: no history to judge by. Computed by the daily run.",
    )
    relance_score_band = fields.Selection(
        SCORE_BANDS,
        "Reliability",
        compute="_compute_relance_score",
        search="_search_relance_score_band",
        compute_sudo=True,
        help="Reliable from 80, to watch from 50, unreliable below; no history: no score.",
    )
    relance_score_factors = fields.Text(
        "Score Factors", compute="_compute_relance_score", compute_sudo=True
    )
    relance_score_date = fields.Date(
        "Score Computed On", compute="_compute_relance_score", compute_sudo=True
    )

    @api.depends_context("company", "lang")
    def _compute_relance_score(self):
        rows = self.env["relance.partner.score"].search_fetch(
            [
                ("company_id", "=", self.env.company.id),
                ("partner_id", "in", self.commercial_partner_id.ids),
            ],
            ["partner_id", "score", "has_score", "date", *self._relance_score_factor_fields()],
        )
        by_partner = {row.partner_id.id: row for row in rows}
        for partner in self:
            row = by_partner.get(partner.commercial_partner_id.id)
            has_score = bool(row and row.has_score)
            partner.relance_score = row.score if has_score else 0
            partner.relance_score_band = score.band(row.score if has_score else None)
            partner.relance_score_date = row.date if row else False
            partner.relance_score_factors = self._relance_explain_score(row) if has_score else ""

    @api.model
    def _relance_score_factor_fields(self):
        return [f"{kind}_{name}" for name in score.FACTORS for kind in ("value", "points")]

    @api.model
    def _relance_explain_score(self, row):
        """One line per factor that took points off: what it found, how many points."""
        lines = [
            self.env._(
                "%(fact)s: -%(points)s",
                fact=self._relance_score_fact(name, row[f"value_{name}"]),
                points=formatLang(self.env, row[f"points_{name}"], digits=1),
            )
            for name in score.FACTORS
            if row[f"points_{name}"]
        ]
        return "\n".join(lines) or self.env._("Nothing took points off.")

    @api.model
    def _relance_score_fact(self, name, value):
        """What a factor found, in words."""
        if name == score.DAYS_LATE:
            days = formatLang(self.env, value, digits=1)
            return self.env._("%(days)s days late on average", days=days)
        if name == score.LATE_SHARE:
            return self.env._("%(share)s %% of invoices paid late", share=round(value * 100))
        if name == score.BROKEN_PROMISES:
            return self.env._("%(count)s broken promise(s)", count=int(value))
        if name == score.DISPUTES:
            return self.env._("%(count)s dispute(s)", count=int(value))
        if name == score.FORMAL_NOTICES:
            return self.env._("%(count)s formal notice(s)", count=int(value))
        return self.env._(
            "%(share)s %% of the year's invoicing overdue now", share=round(value * 100)
        )

    def _search_relance_score(self, operator, value):
        # value False: the customers with no score ("is not set" in a custom filter).
        if operator not in SCORE_OPERATORS or (value is not False and not isinstance(value, int)):
            raise ValidationError(
                self.env._("Search on the reliability score with a number from 0 to 100.")
            )
        rows = self.env["relance.partner.score"].sudo()
        company = ("company_id", "=", self.env.company.id)
        if value is False:
            scored = rows._search([company, ("has_score", "=", True)])
            none = operator == "="
            return [
                (
                    "commercial_partner_id",
                    "not in" if none else "in",
                    scored.subselect("partner_id"),
                )
            ]
        found = rows._search([company, ("has_score", "=", True), ("score", operator, value)])
        return [("commercial_partner_id", "in", found.subselect("partner_id"))]

    def _search_relance_score_band(self, operator, value):
        bands = dict(SCORE_BANDS)
        values = value if isinstance(value, list | tuple) else [value]
        if operator not in ("=", "in") or not values or any(v not in bands for v in values):
            raise ValidationError(
                self.env._("Search on reliability with one of: %(bands)s.", bands=", ".join(bands))
            )
        domains = []
        for band in values:
            if band == score.NO_SCORE:
                domains.append(self._search_relance_score("=", False))
            else:
                low, high = score.band_range(band)
                rows = (
                    self.env["relance.partner.score"]
                    .sudo()
                    ._search(
                        [
                            ("company_id", "=", self.env.company.id),
                            ("has_score", "=", True),
                            ("score", ">=", low),
                            ("score", "<=", high),
                        ]
                    )
                )
                domains.append([("commercial_partner_id", "in", rows.subselect("partner_id"))])
        return ["|"] * (len(domains) - 1) + [term for domain in domains for term in domain]

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        # The customer list sorts by the stored score of the current company: a join
        # on the score table, customers with no score last whichever the direction.
        if field_name != "relance_score":
            return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
        score_alias = query.make_alias(alias, "relance_score")
        query.add_join(
            "LEFT JOIN",
            score_alias,
            "relance_partner_score",
            SQL(
                "%s = %s AND %s = %s",
                SQL.identifier(score_alias, "partner_id"),
                self._field_to_sql(alias, "commercial_partner_id", query),
                SQL.identifier(score_alias, "company_id"),
                self.env.company.id,
            ),
        )
        return SQL("%s %s NULLS LAST", SQL.identifier(score_alias, "score"), direction)
