# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Declaring a collection case unrecoverable: what its invoices still owe is written
off by credit notes on the company's bad-debt account, each carrying its invoice's
taxes in proportion, so that the VAT paid on what was never received can be
recovered (CGI art. 272, 1; see ``engine/recovery.py``)."""

from decimal import Decimal

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from ..engine import recovery
from .relance_collection_case import AT_RECIPIENT_STATES

# The states from which a case may be declared unrecoverable: not while its recipient
# still works on it.
WRITE_OFF_STATES = ("draft", "partly_recovered", "withdrawn")


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

    write_off_move_ids = fields.One2many(
        "account.move", "relance_write_off_case_id", "Write-Off Credit Notes", readonly=True
    )
    amount_written_off = fields.Monetary(readonly=True, copy=False)
    unrecoverable_reason = fields.Text("Why Unrecoverable", readonly=True, copy=False)

    def action_open_write_off(self):
        self.ensure_one()
        self._check_write_off()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Declare Unrecoverable"),
            "res_model": "relance.collection.case.write.off",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _check_write_off(self):
        self.ensure_one()
        if self.state in AT_RECIPIENT_STATES:
            raise UserError(
                self.env._(
                    "Collection case %(case)s is still with %(recipient)s: withdraw it (or let "
                    "the recipient close it) before declaring it unrecoverable.",
                    case=self.name,
                    recipient=self.recipient_id.name,
                )
            )
        self._check_state(WRITE_OFF_STATES, self.env._("declared unrecoverable"))
        if not self.company_id.relance_bad_debt_account_id:
            raise UserError(
                self.env._(
                    "Set the bad-debt account of %(company)s first (Settings > Companies > "
                    "Collections > Collection Cases).",
                    company=self.company_id.name,
                )
            )
        if self.currency_id.compare_amounts(self._net_residual(), 0) <= 0:
            raise UserError(
                self.env._(
                    "Nothing is owed any more on collection case %(case)s: there is nothing "
                    "to write off.",
                    case=self.name,
                )
            )

    def _write_off(self, reason):
        """Write off what the case's invoices still owe, after its credit notes: one
        posted credit note per invoice, matched with it. The case is unrecoverable."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("relance_avancee.group_relance_manager"):
            raise AccessError(
                self.env._("Only a Collections manager can declare a case unrecoverable.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the case is unrecoverable."))
        self._check_write_off()
        self._match_credit_notes()
        invoices = self.move_ids.filtered(
            lambda move: move.move_type == "out_invoice"
            and not move.currency_id.is_zero(move.amount_residual)
        )
        credit_notes = self.env["account.move"].create(
            [self._prepare_write_off_vals(invoice) for invoice in invoices]
        )
        for credit_note, invoice in zip(credit_notes, invoices, strict=True):
            credit_note._relance_settle_rounding(invoice.amount_residual)
        credit_notes.action_post()
        for credit_note, invoice in zip(credit_notes, invoices, strict=True):
            (credit_note | invoice).line_ids.filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            ).reconcile()
        written_off = sum(credit_notes.mapped("amount_total"))
        self.write(
            {
                "state": "unrecoverable",
                "date_closed": fields.Date.context_today(self),
                "amount_written_off": written_off,
                "unrecoverable_reason": reason,
            }
        )
        self._log(
            self.env._(
                "Collection case %(case)s declared unrecoverable: %(amount)s written off "
                "(%(credit_notes)s). %(reason)s",
                case=self.name,
                amount=format_amount(self.env, written_off, self.currency_id),
                credit_notes=", ".join(credit_notes.mapped("name")),
                reason=reason,
            )
        )
        return credit_notes

    def _match_credit_notes(self):
        """The case's credit notes settle its invoices first: only what is left after
        them is written off."""
        receivable = self.move_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        if receivable.filtered(lambda line: line.balance < 0) and receivable.filtered(
            lambda line: line.balance > 0
        ):
            receivable.reconcile()

    def _prepare_write_off_vals(self, invoice):
        """Hook: the values of the credit note writing off what ``invoice`` still owes:
        a line per group of its lines sharing the same taxes, on the bad-debt account,
        in proportion of what is unpaid (engine.recovery.write_off_amounts)."""
        unit = Decimal(str(invoice.currency_id.rounding))
        groups = {}
        for line in invoice.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            key = tuple(sorted(line.tax_ids.ids))
            included = any(tax.price_include for tax in line.tax_ids)
            priced = line.price_total if included else line.price_subtotal
            groups[key] = groups.get(key, 0.0) + priced
        try:
            amounts = recovery.write_off_amounts(
                Decimal(str(invoice.amount_residual)).quantize(unit),
                Decimal(str(invoice.amount_total)).quantize(unit),
                [
                    recovery.TaxGroup(key, Decimal(str(amount)).quantize(unit))
                    for key, amount in groups.items()
                ],
                unit,
            )
        except recovery.RecoveryError as error:
            raise UserError(
                self.env._(
                    "%(invoice)s cannot be written off: its total is not positive.",
                    invoice=invoice.name,
                )
            ) from error
        account = self.company_id.relance_bad_debt_account_id
        # The credit note names the invoice it corrects (CGI art. 272, 1 asks for the
        # invoice's correction); it is no cancellation, so no reversed_entry_id, which
        # would show the invoice as reversed.
        label = self.env._(
            "Bad debt: %(invoice)s (collection case %(case)s)", invoice=invoice.name, case=self.name
        )
        return {
            "move_type": "out_refund",
            "company_id": self.company_id.id,
            "journal_id": invoice.journal_id.id,
            "partner_id": invoice.partner_id.id,
            "currency_id": invoice.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": label,
            "relance_write_off_case_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": float(amount),
                        "tax_ids": [Command.set(list(key))],
                    }
                )
                for key, amount in amounts.items()
                if amount
            ],
        }
