# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The money of a collection case: its penalties invoiced, what the recipient
recovered registered as payments, the recipient's commission billed. Writing off
what could not be recovered is in ``relance_collection_case_write_off.py``."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, formatLang

from .relance_collection_case import AT_RECIPIENT_STATES


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

    penalty_move_id = fields.Many2one(
        "account.move",
        "Penalty Invoice",
        readonly=True,
        copy=False,
        help="The invoice of the penalties the case claims, part of the case once issued.",
    )
    amount_penalty_invoiced = fields.Monetary("Penalties Invoiced", readonly=True, copy=False)
    payment_ids = fields.One2many(
        "account.payment", "relance_case_id", "Recovered Payments", readonly=True
    )
    bill_ids = fields.One2many(
        "account.move", "relance_commission_case_id", "Commission Bills", readonly=True
    )
    amount_billed = fields.Monetary(
        "Commission Billed",
        compute="_compute_amount_billed",
        help="The recipient's commission already on a vendor bill (untaxed, bills not "
        "cancelled).",
    )

    @api.depends("bill_ids.amount_untaxed", "bill_ids.state")
    def _compute_amount_billed(self):
        for case in self:
            bills = case.bill_ids.filtered(lambda bill: bill.state != "cancel")
            case.amount_billed = sum(bills.mapped("amount_untaxed"))

    # Penalties -------------------------------------------------------------------

    def action_invoice_penalties(self):
        """Invoice the penalties the case claims (as they were counted the day it was
        sent) and add the invoice to the case, so that what the recipient recovers of
        them is booked."""
        self.ensure_one()
        self._check_state(AT_RECIPIENT_STATES, self.env._("asked to invoice its penalties"))
        penalties = self.amount_interest + self.amount_indemnity
        if self.penalty_move_id or self.currency_id.is_zero(penalties):
            raise UserError(
                self.env._(
                    "Collection case %(case)s has no penalty left to invoice.", case=self.name
                )
            )
        invoice = (
            self.env["account.move"]
            .with_context(relance_case_penalties=True, relance_unverified_rates_confirmed=True)
            .sudo()
            ._relance_create_penalty_invoices(
                self.company_id,
                self.penalty_date,
                customers=self.partner_id,
                post=True,
                moves=self._invoices(),
            )
        )
        if self.currency_id.compare_amounts(sum(invoice.mapped("amount_total")), penalties):
            raise UserError(
                self.env._(
                    "The penalties of %(case)s changed since it was sent (another penalty "
                    "invoice claims some of them): there is nothing this case can invoice.",
                    case=self.name,
                )
            )
        self.with_context(relance_case_internal=True).write(
            {
                "move_ids": [Command.link(move.id) for move in invoice],
                "penalty_move_id": invoice[:1].id,
                "amount_penalty_invoiced": penalties,
            }
        )
        self._log(
            self.env._(
                "Penalties of collection case %(case)s invoiced: %(invoice)s, %(amount)s.",
                case=self.name,
                invoice=invoice[:1].name,
                amount=format_amount(self.env, penalties, self.currency_id),
            )
        )
        return True

    # Recovered amounts -------------------------------------------------------------

    def _register_recovered(self, amount, date, journal, memo=None):
        """The recipient recovered ``amount`` on ``date`` and paid it into ``journal``:
        a posted customer payment matched with the case's documents, the oldest due
        first. Refused beyond what is still owed on them. Returns the payment."""
        self.ensure_one()
        self._check_state(AT_RECIPIENT_STATES, self.env._("credited with a recovered amount"))
        self._check_recovered(amount, date, journal)
        receivable = self.move_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_id.id,
                "amount": amount,
                "currency_id": self.currency_id.id,
                "date": date,
                "journal_id": journal.id,
                "company_id": self.company_id.id,
                "memo": memo
                or self.env._(
                    "%(case)s, recovered by %(recipient)s",
                    case=self.name,
                    recipient=self.recipient_id.name,
                ),
                "relance_case_id": self.id,
                # The account the case's documents are open on, whatever the customer's
                # default is today.
                "destination_account_id": receivable[:1].account_id.id,
            }
        )
        payment.action_post()
        self._log(
            self.env._(
                "%(amount)s recovered by %(recipient)s on %(date)s (collection case %(case)s).",
                amount=format_amount(self.env, amount, self.currency_id),
                recipient=self.recipient_id.name,
                date=format_date(self.env, date),
                case=self.name,
            )
        )
        # Matched last: the match may close the case as recovered.
        account = receivable[:1].account_id
        paid_in = payment.move_id.line_ids.filtered(lambda line: line.account_id == account)
        (paid_in | receivable.filtered(lambda line: line.account_id == account)).reconcile()
        return payment

    def _check_recovered(self, amount, date, journal):
        if self.currency_id.compare_amounts(amount, 0) <= 0:
            raise UserError(self.env._("A recovered amount must be above zero."))
        owed = self._net_residual()
        if self.currency_id.compare_amounts(amount, owed) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than the %(owed)s still owed on collection case "
                    "%(case)s. If the recipient recovered the penalties too, invoice them "
                    "first (Invoice the Penalties).",
                    amount=format_amount(self.env, amount, self.currency_id),
                    owed=format_amount(self.env, owed, self.currency_id),
                    case=self.name,
                )
            )
        if date > fields.Date.context_today(self):
            raise UserError(self.env._("A recovered amount cannot be dated in the future."))
        if journal.type not in ("bank", "cash") or journal.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "%(journal)s is not a bank or cash journal of %(company)s.",
                    journal=journal.display_name,
                    company=self.company_id.name,
                )
            )

    def action_open_recover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register a Recovered Amount"),
            "res_model": "relance.collection.case.recover",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    # The recipient's commission ------------------------------------------------------

    def action_bill_commission(self):
        """A draft vendor bill of the recipient for the commission not billed yet, on
        the company's commission account, opened for the accountant to check and post."""
        self.ensure_one()
        if self.state == "draft":
            raise UserError(
                self.env._(
                    "Collection case %(case)s was not sent: it earns no commission yet.",
                    case=self.name,
                )
            )
        to_bill = self.currency_id.round(self.amount_commission - self.amount_billed)
        if self.currency_id.compare_amounts(to_bill, 0) <= 0:
            raise UserError(
                self.env._(
                    "The commission of collection case %(case)s (%(commission)s) is billed "
                    "already.",
                    case=self.name,
                    commission=format_amount(self.env, self.amount_commission, self.currency_id),
                )
            )
        bill = self.env["account.move"].create(self._prepare_commission_bill_vals(to_bill))
        self._log(
            self.env._(
                "Commission of %(amount)s for %(recipient)s put on bill %(bill)s.",
                amount=format_amount(self.env, to_bill, self.currency_id),
                recipient=self.recipient_id.name,
                bill=bill.display_name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": bill.id,
            "view_mode": "form",
        }

    def _prepare_commission_bill_vals(self, amount):
        """Hook: the values of the vendor bill of ``amount`` of commission (override to
        add a product or an analytic distribution)."""
        account = self._commission_account()
        return {
            "move_type": "in_invoice",
            "company_id": self.company_id.id,
            "partner_id": self.recipient_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.name,
            "relance_commission_case_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self._commission_label(),
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.set(account.tax_ids.ids)],
                    }
                )
            ],
        }

    def _commission_account(self):
        account = self.company_id.relance_commission_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Set the commission account of %(company)s first (Settings > Companies > "
                    "Collections > Collection Cases).",
                    company=self.company_id.name,
                )
            )
        return account

    def _commission_label(self):
        recovered = format_amount(self.env, self.amount_recovered, self.currency_id)
        if self.mandate == "fixed":
            return self.env._("Collection case %(case)s: fixed fee", case=self.name)
        if self.mandate == "percentage":
            return self.env._(
                "Collection case %(case)s: %(rate)s %% of %(recovered)s recovered",
                case=self.name,
                rate=formatLang(self.env, self.commission_rate, digits=2),
                recovered=recovered,
            )
        return self.env._(
            "Collection case %(case)s: %(rate)s %% of %(recovered)s recovered and fixed fee",
            case=self.name,
            rate=formatLang(self.env, self.commission_rate, digits=2),
            recovered=recovered,
        )
