# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The penalty invoices: the late-payment penalties of invoices (see
``account_move_penalty.py``) invoiced to their customers, never claimed twice.

The wizard (``wizard/relance_penalty_invoice.py``) only collects the user's choices
and calls :meth:`AccountMove._relance_create_penalty_invoices`.
"""

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools.exceptions import UnverifiedRates
from ..tools.formatting import format_rates


# One file per concern of account.move in this addon: the split is the point.
class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _relance_create_penalty_invoices(
        self, company, on_date, customers=None, post=False, moves=None
    ):
        """Invoice the penalties accrued up to ``on_date`` and not yet claimed: one
        invoice per customer and currency, dated ``on_date``, posted if ``post``.

        ``customers``: only theirs (all the company's customers when empty);
        ``moves``: only the penalties of these invoices (a payment plan's). Raises
        UnverifiedRates, before anything is created, when the penalties use a rate
        nobody read in a source, unless the context says the user confirmed
        (``relance_unverified_rates_confirmed``). Returns the invoices.
        """
        accounts = self._relance_penalty_accounts(company)
        late = self._relance_late_invoices(company, on_date, customers)
        if moves is not None:
            late &= moves
        rates = self.env["relance.rate"]._engine_rates()
        penalties_by_source = late._relance_penalties(on_date, rates)
        unverified = self.env["relance.rate"]._unverified_message(rates)
        if unverified and not self.env.context.get("relance_unverified_rates_confirmed"):
            raise UnverifiedRates(unverified)
        lines_by_customer = {}
        for source, penalty in penalties_by_source.items():
            line_vals = source._relance_penalty_line_vals(penalty, on_date, *accounts)
            key = (source.commercial_partner_id, source.currency_id)
            lines_by_customer.setdefault(key, []).extend(line_vals)
        journal = self._relance_penalty_journal(company)
        invoices = self.create(
            [
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "partner_id": partner.id,
                    "currency_id": currency.id,
                    "invoice_date": on_date,
                    "invoice_origin": self.env._("Late-payment penalties"),
                    "invoice_line_ids": [Command.create(vals) for vals in line_vals],
                }
                for (partner, currency), line_vals in lines_by_customer.items()
                if line_vals
            ]
        )
        if post and invoices:
            invoices.action_post()
        return invoices

    @api.model
    def _relance_penalty_accounts(self, company):
        """(interest account, indemnity account) of ``company``; both must be set."""
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
        return interest_account, indemnity_account

    @api.model
    def _relance_penalty_journal(self, company):
        """The journal of ``company``'s penalty invoices: its setting, else its first
        sales journal."""
        return company.relance_penalty_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "sale")],
            limit=1,
        )

    @api.model
    def _relance_late_invoices(self, company, on_date, customers=None):
        """The posted customer invoices of ``company`` with an instalment due before
        ``on_date``, paid or not, neither excluded from collections, nor disputed, nor
        in a running payment plan (whose terms say what it claims), nor in an open
        collection case."""
        domain = [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            # Not its last due date: an instalment may be late before the invoice.
            (
                "line_ids",
                "any",
                [("account_type", "=", "asset_receivable"), ("date_maturity", "<", on_date)],
            ),
            # What collections leave alone, penalties leave alone too.
            *self._relance_collectable_domain(),
        ]
        if customers:
            domain.append(("commercial_partner_id", "in", customers.commercial_partner_id.ids))
        late = self.search(domain, order="invoice_date_due, id")
        disputes = self.env["relance.dispute"].search(
            self.env["relance.dispute"]._active_domain(on_date) + [("move_id", "in", late.ids)]
        )
        planned = self.env["relance.payment.plan"].search(
            [("state", "=", "active"), ("move_ids", "in", late.ids)]
        )
        # A case claims its own penalties, through its recipient (and invoices them with
        # ``relance_case_penalties`` in the context).
        cased = self.env["relance.collection.case"]
        if not self.env.context.get("relance_case_penalties"):
            cased = cased.search(
                [("state", "in", ("draft", "sent", "in_progress")), ("move_ids", "in", late.ids)]
            )
        return late - disputes.move_id - planned.move_ids - cased.move_ids

    def _relance_penalty_line_vals(self, penalty, on_date, interest_account, indemnity_account):
        """Hook: the invoice lines claiming this invoice's ``penalty`` up to
        ``on_date``: interest, then the indemnity. Override to add values (an
        analytic distribution, a product); keep ``relance_penalty_source_id``,
        ``relance_penalty_kind`` and ``relance_penalty_until``, from which a later
        penalty invoice knows what is already claimed.

        Neither line carries VAT: both are damages, not the price of a service
        (France: BOI-TVA-BASE-10-10-10; the indemnity, Code de commerce D441-5).
        """
        self.ensure_one()
        vals = []
        if penalty.interest:
            vals.append(self._relance_interest_line_vals(penalty, on_date, interest_account))
        if penalty.indemnity:
            vals.append(self._relance_indemnity_line_vals(penalty, on_date, indemnity_account))
        return vals

    def _relance_interest_line_vals(self, penalty, on_date, account):
        first = min(segment.first for segment in penalty.segments)
        last = max(segment.last for segment in penalty.segments)
        return {
            "name": self.env._(
                "Late-payment interest on %(invoice)s from %(first)s to %(last)s "
                "(%(rates)s a year)",
                invoice=self.name,
                first=format_date(self.env, first),
                last=format_date(self.env, last),
                rates=format_rates(self.env, penalty.rates),
            ),
            "account_id": account.id,
            "quantity": 1,
            "price_unit": float(penalty.interest),
            "tax_ids": [Command.clear()],
            "relance_penalty_source_id": self.id,
            "relance_penalty_kind": "interest",
            "relance_penalty_until": on_date,
        }

    def _relance_indemnity_line_vals(self, penalty, on_date, account):
        return {
            "name": self.env._("Fixed recovery indemnity on %(invoice)s", invoice=self.name),
            "account_id": account.id,
            "quantity": 1,
            "price_unit": self._relance_indemnity(penalty, on_date),
            "tax_ids": [Command.clear()],
            "relance_penalty_source_id": self.id,
            "relance_penalty_kind": "indemnity",
        }

    @api.model
    def _relance_collectable_domain(self):
        """Invoices collections may claim: not excluded from collections (one
        definition with ``account.move.line._relance_collectable_domain``)."""
        return [("relance_excluded", "=", False)]
