# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A collection case read into the engine's CaseFile (``engine/casefile.py``): the
parties, the totals, and the rows of every table, each read in one query or a few
for the whole case. The documents' PDFs are in ``relance_collection_case_file.py``."""

from datetime import date
from decimal import Decimal

from odoo import fields, models
from odoo.tools import formatLang

from ..engine import casefile

SIX_DECIMALS = Decimal("0.000001")


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

    def _case_file(self, pieces, forced_reason=""):
        """The engine's CaseFile of this case, ``pieces`` its numbered documents
        (``engine.casefile.Piece``, each ``source`` a record)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        piece_of = {(piece.source._name, piece.source.id): piece.number for piece in pieces}
        return casefile.CaseFile(
            reference=self.name,
            currency=self.currency_id.name,
            exported_on=today,
            creditor=self._party(self.company_id.partner_id),
            debtor=self._party(self.partner_id),
            recipient=self._party(self.recipient_id),
            role=self._selection_label("recipient_role"),
            mandate=self._mandate_text(),
            totals=self._case_file_totals(),
            rows={
                "statement": self._statement_rows(today),
                "invoices": self._invoice_rows(piece_of),
                "settlements": self._settlement_rows(),
                "communications": self._communication_rows(piece_of),
                "penalties": self._penalty_rows(),
                "events": self._event_rows(),
                "pieces": [piece.listed() for piece in pieces],
            },
            missing=self._missing_data(),
            forced_reason=forced_reason or "",
        )

    def _missing_data(self):
        return casefile.missing_data(self._party(self.partner_id))

    def _party(self, partner):
        """A partner as the case file names it: its commercial entity's identity."""
        entity = partner.commercial_partner_id
        return casefile.Party(
            name=entity.name or "",
            street=entity.street or "",
            street2=entity.street2 or "",
            zip=entity.zip or "",
            city=entity.city or "",
            country=entity.country_id.name or "",
            country_code=entity.country_id.code or "",
            registry=entity.company_registry or "",
            vat=entity.vat or "",
            email=entity.email or "",
            phone=entity.phone or "",
            is_company=entity.is_company,
        )

    def _selection_label(self, name, record=None):
        record = record or self
        selection = dict(record._fields[name]._description_selection(self.env))
        return selection.get(record[name], "")

    def _mandate_text(self):
        rate = formatLang(self.env, self.commission_rate, digits=2)
        fee = formatLang(self.env, self.fixed_fee, currency_obj=self.currency_id)
        if self.mandate == "fixed":
            return self.env._("A fixed fee of %(fee)s", fee=fee)
        if self.mandate == "percentage":
            return self.env._("%(rate)s %% of what is recovered", rate=rate)
        return self.env._(
            "%(rate)s %% of what is recovered and a fixed fee of %(fee)s", rate=rate, fee=fee
        )

    def _decimal(self, amount):
        return Decimal(str(amount)).quantize(self._unit())

    def _case_file_totals(self):
        return {
            "principal": self._decimal(self.amount_principal),
            "interest": self._decimal(self.amount_interest),
            "indemnity": self._decimal(self.amount_indemnity),
            "costs": self._decimal(self.amount_fees),
            "total": self._decimal(self.amount_total),
            "recovered": self._decimal(self.amount_recovered),
            "owed": self._decimal(self.amount_owed),
        }

    def _documents_in_order(self):
        return self.move_ids.sorted(lambda move: (move.invoice_date or date.min, move.name or ""))

    def _statement_rows(self, today):
        rows = []
        for move in self._documents_in_order():
            sign = -1 if move.move_type == "out_refund" else 1
            due = move.invoice_date_due if move.move_type == "out_invoice" else None
            late = bool(due) and due < today and move.amount_residual > 0
            rows.append(
                {
                    "document": move.name,
                    "type": self._selection_label("move_type", move),
                    "date": move.invoice_date,
                    "due_date": due,
                    "days_late": (today - due).days if late else None,
                    "amount": self._decimal(sign * move.amount_total),
                    "paid": self._decimal(sign * (move.amount_total - move.amount_residual)),
                    "residual": self._decimal(sign * move.amount_residual),
                }
            )
        return rows

    def _invoice_rows(self, piece_of):
        return [
            {
                "number": move.name,
                "date": move.invoice_date,
                "due_date": move.invoice_date_due,
                "untaxed": self._decimal(move.amount_untaxed),
                "tax": self._decimal(move.amount_tax),
                "total": self._decimal(move.amount_total),
                "residual": self._decimal(move.amount_residual),
                "piece": piece_of.get(("account.move", move.id)),
            }
            for move in self._documents_in_order()
            if move.move_type == "out_invoice"
        ]

    def _settlement_rows(self):
        """Every payment, credit note or other entry matched with the case's documents,
        as its partial reconciliation says: when, how much, on which document."""
        receivable = self.move_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        partials = receivable.matched_credit_ids | receivable.matched_debit_ids
        rows = []
        for partial in partials.sorted(lambda partial: (partial.max_date, partial.id)):
            if partial.debit_move_id in receivable:
                ours, other, amount = (
                    partial.debit_move_id,
                    partial.credit_move_id,
                    partial.debit_amount_currency,
                )
            else:
                ours, other, amount = (
                    partial.credit_move_id,
                    partial.debit_move_id,
                    partial.credit_amount_currency,
                )
            rows.append(
                {
                    "date": partial.max_date,
                    "reference": other.move_id.name,
                    "type": self._settlement_type(other.move_id),
                    "document": ours.move_id.name,
                    "amount": self._decimal(amount),
                }
            )
        return rows

    def _settlement_type(self, move):
        if move.origin_payment_id:
            return self.env._("Payment")
        if move.move_type == "out_refund":
            return self.env._("Credit Note")
        if move.move_type == "out_invoice":
            return self.env._("Invoice")
        return self.env._("Journal Entry")

    def _communications(self):
        """The collections communications about the case's documents, oldest first."""
        lines = self.env["relance.communication.line"].search(
            [("move_id", "in", self.move_ids.ids)]
        )
        return lines.communication_id.filtered(
            lambda communication: communication.state != "cancelled"
        ).sorted(lambda communication: (communication.date, communication.id))

    def _communication_rows(self, piece_of):
        rows = []
        for communication in self._communications():
            proof = ""
            if communication.registered_receipt_date:
                proof = self.env._(
                    "Acknowledgement of receipt of %(day)s",
                    day=fields.Date.to_string(communication.registered_receipt_date),
                )
            elif communication.channel_email and communication.email_status:
                proof = self._selection_label("email_status", communication)
            rows.append(
                {
                    "date": communication.date,
                    "level": communication.level_id.name or "",
                    "channel": communication.channel_labels or "",
                    "status": self._selection_label("state", communication),
                    "documents": ", ".join(
                        sorted(set(communication.line_ids.move_id.mapped("name")))
                    ),
                    "amount": self._decimal(communication.amount_net),
                    "tracking": communication.registered_tracking or "",
                    "proof": proof,
                    "piece": piece_of.get(("relance.communication", communication.id)),
                }
            )
        return rows

    def _penalty_rows(self):
        """The penalty computation the case claims, segment by segment, as stored the
        day its debt was last read (a later penalty invoice does not change it)."""
        return [
            {
                "document": segment["document"],
                "first_day": fields.Date.to_date(segment["first"]),
                "last_day": fields.Date.to_date(segment["last"]),
                "days": segment["days"],
                "base": Decimal(segment["base"]),
                # Six decimals (the engine rounds only the total to the cent): a spreadsheet
                # keeps 15 significant digits, and the JSON must say the same.
                "rate": Decimal(segment["rate"]).quantize(SIX_DECIMALS),
                "interest": Decimal(segment["interest"]).quantize(SIX_DECIMALS),
            }
            for segment in self.penalty_segments or []
        ]

    def _event_rows(self):
        """Disputes on the case's documents, the customer's promises to pay and
        payment plans, in date order."""
        rows = []
        disputes = self.env["relance.dispute"].search([("move_id", "in", self.move_ids.ids)])
        for dispute in disputes:
            rows.append(
                {
                    "type": self.env._("Dispute"),
                    "date": dispute.date_start,
                    "until": dispute.date_end,
                    "description": " ".join(
                        filter(
                            None,
                            [
                                dispute.move_id.name,
                                self._selection_label("reason", dispute),
                                dispute.note,
                            ],
                        )
                    ),
                    "amount": None,
                    "status": self.env._("Resolved") if dispute.resolved else "",
                }
            )
        promises = self.env["relance.promise"].search(
            [("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id)]
        )
        for promise in promises:
            rows.append(
                {
                    "type": self.env._("Promise to Pay"),
                    "date": promise.create_date.date(),
                    "until": promise.date,
                    "description": promise.note or "",
                    "amount": self._decimal(promise.amount),
                    "status": self._selection_label("state", promise),
                }
            )
        plans = self.env["relance.payment.plan"].search(
            [("partner_id", "=", self.partner_id.id), ("state", "!=", "draft")]
        )
        for plan in plans:
            rows.append(
                {
                    "type": self.env._("Payment Plan"),
                    "date": plan.date_proposed,
                    "until": max(plan.instalment_ids.mapped("date"), default=None),
                    "description": plan.name,
                    "amount": self._decimal(plan.amount_total),
                    "status": self._selection_label("state", plan),
                }
            )
        return sorted(rows, key=lambda row: (row["date"] or date.min, row["type"]))
