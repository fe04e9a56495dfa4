# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a customer's statement of account shows: its open items and aged balance."""

from odoo import api, fields, models
from odoo.tools import format_date

from ...engine import ageing


class RelanceStatementReport(models.AbstractModel):
    _name = "report.relance_avancee.report_relance_statement"
    _description = "Statement of Account"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The statements of the customers ``docids`` with the current company (or the
        one the context names, ``relance_statement_company_id``), as of today or of
        the day the context names (``relance_statement_date``)."""
        customers = self.env["res.partner"].browse(docids)
        # Printed from an aged balance row: that row's company, if the user has it.
        company = self.env.company
        asked = self.env.context.get("relance_statement_company_id")
        if asked in self.env.user.company_ids.ids:
            company = self.env["res.company"].browse(asked)
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
        in the language of ``customer.env``: every item open on that date as it was
        then (``account.move.line._relance_aged_items``, as the aged balance reads
        it), in the company's currency, and their aged balance in the company's
        buckets, the credits not yet matched apart."""
        env = customer.env
        # The company's mentions in the customer's language too.
        company = company.with_env(env)
        items = env["account.move.line"]._relance_aged_items(
            on_date, company.ids, partner_ids=customer.commercial_partner_id.ids
        )
        moves = env["account.move"].browse({item["move_id"] for item in items})
        names = {move.id: move.name for move in moves}
        lines = [
            {
                "name": names[item["move_id"]],
                "date": item["date"],
                "due_date": item["due_date"],
                "residual": item["residual"],
            }
            for item in items
        ]
        buckets = company._relance_ageing_buckets()
        # As on the aged balance: debts by due date, credits not yet matched apart.
        balance = ageing.aged_balance(
            [(item["due_date"], str(item["residual"])) for item in items if item["residual"] > 0],
            on_date,
            buckets,
        )
        credit = sum((item["residual"] for item in items if item["residual"] < 0), 0.0)
        total = float(balance["total"]) + credit
        overdue = total - float(balance["not_due"])
        return {
            "lines": lines,
            "buckets": [
                (key, float(balance[key]), label)
                for (key, _first, _last), label in zip(
                    buckets, company._relance_ageing_labels(), strict=True
                )
            ],
            "credit": credit,
            "total": total,
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
