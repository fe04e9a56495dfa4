# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools.formatting import format_rates
from .relance_unverified_rate_confirm import UnverifiedRates


class RelancePenaltyInvoice(models.TransientModel):
    """Invoice the late-payment penalties accrued up to a date, one invoice per
    customer and currency."""

    _name = "relance.penalty.invoice"
    _inherit = ["relance.customer.wizard.mixin"]
    _description = "Invoice late-payment penalties"

    date = fields.Date(
        "Penalties Up To",
        required=True,
        default=fields.Date.context_today,
        help="Interest is claimed up to this day included; it is also the invoices' date.",
    )
    post = fields.Boolean(
        "Post the Invoices", help="Unticked, the penalty invoices are left in draft for review."
    )

    def action_create_invoices(self):
        self.ensure_one()
        try:
            invoices = self._create_penalty_invoices()
        except UnverifiedRates as unverified:
            return self.env["relance.unverified.rate.confirm"]._ask(self, str(unverified))
        if not invoices:
            raise UserError(
                self.env._(
                    "No late-payment penalty is left to claim up to %(date)s.",
                    date=format_date(self.env, self.date),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Penalty Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", invoices.ids)],
        }

    def _create_penalty_invoices(self):
        """Create (and post if asked) the penalty invoices; return them."""
        company = self.company_id
        interest_account = company.relance_interest_account_id
        indemnity_account = company.relance_indemnity_account_id
        if not interest_account or not indemnity_account:
            raise UserError(
                self.env._(
                    "Set the late-payment interest and recovery indemnity accounts of "
                    "%(company)s first (Settings > Companies > Collections).",
                    company=company.name,
                )
            )
        domain = [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            # Not its last due date: an instalment may be late before the invoice.
            (
                "line_ids",
                "any",
                [("account_type", "=", "asset_receivable"), ("date_maturity", "<", self.date)],
            ),
            # What collections leave alone, penalties leave alone too.
            ("relance_excluded", "=", False),
        ]
        if self.partner_ids:
            domain.append(
                ("commercial_partner_id", "in", self.partner_ids.commercial_partner_id.ids)
            )
        late = self.env["account.move"].search(domain, order="invoice_date_due, id")
        disputes = self.env["relance.dispute"].search(
            self.env["relance.dispute"]._active_domain(self.date) + [("move_id", "in", late.ids)]
        )
        late -= disputes.move_id
        lines_by_customer = {}
        rates = self.env["relance.rate"]._engine_rates()
        penalties_by_source = late._relance_penalties(self.date, rates)
        unverified = self.env["relance.rate"]._unverified_message(rates)
        if unverified and not self.env.context.get("relance_unverified_rates_confirmed"):
            # Asked before anything is created.
            raise UnverifiedRates(unverified)
        for source, penalty in penalties_by_source.items():
            key = (source.commercial_partner_id, source.currency_id)
            lines_by_customer.setdefault(key, []).extend(
                self._penalty_line_vals(source, penalty, interest_account, indemnity_account)
            )
        journal = company.relance_penalty_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "sale")],
            limit=1,
        )
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "partner_id": partner.id,
                    "currency_id": currency.id,
                    "invoice_date": self.date,
                    "invoice_origin": self.env._("Late-payment penalties"),
                    "invoice_line_ids": [Command.create(vals) for vals in line_vals],
                }
                for (partner, currency), line_vals in lines_by_customer.items()
                if line_vals
            ]
        )
        if self.post and invoices:
            invoices.action_post()
        return invoices

    def _penalty_line_vals(self, source, penalty, interest_account, indemnity_account):
        """The lines claiming ``source``'s penalty: interest, then the indemnity.

        Neither carries VAT: both are damages, not the price of a service (France:
        BOI-TVA-BASE-10-10-10; the indemnity, Code de commerce D441-5).
        """
        vals = []
        if penalty.interest:
            first = min(segment.first for segment in penalty.segments)
            last = max(segment.last for segment in penalty.segments)
            vals.append(
                {
                    "name": self.env._(
                        "Late-payment interest on %(invoice)s from %(first)s to %(last)s "
                        "(%(rates)s a year)",
                        invoice=source.name,
                        first=format_date(self.env, first),
                        last=format_date(self.env, last),
                        rates=format_rates(self.env, penalty.rates),
                    ),
                    "account_id": interest_account.id,
                    "quantity": 1,
                    "price_unit": float(penalty.interest),
                    "tax_ids": [Command.clear()],
                    "relance_penalty_source_id": source.id,
                    "relance_penalty_kind": "interest",
                    "relance_penalty_until": self.date,
                }
            )
        if penalty.indemnity:
            vals.append(
                {
                    "name": self.env._(
                        "Fixed recovery indemnity on %(invoice)s", invoice=source.name
                    ),
                    "account_id": indemnity_account.id,
                    "quantity": 1,
                    "price_unit": source._relance_indemnity(penalty, self.date),
                    "tax_ids": [Command.clear()],
                    "relance_penalty_source_id": source.id,
                    "relance_penalty_kind": "indemnity",
                }
            )
        return vals
