# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a customer's statement of account shows: its open items and aged balance."""

from odoo import api, fields, models
from odoo.tools import format_date

from ..engine import ageing


class RelanceStatementReport(models.AbstractModel):
    _name = "report.relance_avancee.report_relance_statement"
    _description = "Statement of Account"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The statements of the customers ``docids`` with the current company, as of
        today or of the day the report's context names (``relance_statement_date``)."""
        customers = self.env["res.partner"].browse(docids)
        company = self.env.company
        on_date = fields.Date.to_date(
            self.env.context.get("relance_statement_date") or fields.Date.context_today(self)
        )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": customers,
            "statement_values": {
                customer.id: self._statement_values(
                    customer.with_context(lang=customer.lang or self.env.lang), company, on_date
                )
                for customer in customers
            },
        }

    @api.model
    def _statement_values(self, customer, company, on_date):
        """What the statement of ``customer`` with ``company`` shows on ``on_date``,
        in the language of ``customer.env``: every open item in the company's
        currency, and their aged balance (engine.ageing)."""
        env = customer.env
        # The company's mentions in the customer's language too.
        company = company.with_env(env)
        lines = env["account.move.line"].search(
            env["account.move.line"]._relance_open_receivable_domain()
            + [
                ("company_id", "=", company.id),
                ("partner_id", "child_of", customer.commercial_partner_id.id),
            ],
            order="date_maturity, date, id",
        )
        balance = ageing.aged_balance(
            [(line.date_maturity or line.date, str(line.amount_residual)) for line in lines],
            on_date,
        )
        overdue = float(balance["total"] - balance["not_due"])
        return {
            "lines": lines,
            "buckets": [
                (key, float(balance[key]), label)
                for (key, _first, _last), label in zip(
                    ageing.BUCKETS, self._bucket_labels(env), strict=True
                )
            ],
            "total": float(balance["total"]),
            "overdue": overdue,
            "currency": company.currency_id,
            "place_date": env._(
                "%(city)s, %(date)s",
                city=company.city or "",
                date=format_date(env, on_date, date_format="long"),
            ),
            "payment": company._relance_payment_block(customer, overdue, company.currency_id),
            "mentions": company._relance_legal_mentions(),
        }

    @api.model
    def _bucket_labels(self, env):
        """The aged balance's columns (engine.ageing.BUCKETS), in ``env``'s language."""
        return [
            env._("Not due"),
            env._("1-30 days"),
            env._("31-60 days"),
            env._("61-90 days"),
            env._("91-120 days"),
            env._("Over 120 days"),
        ]
