# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the request for an injonction de payer holds: what the Code de procédure
civile asks of it (art. 54 and 57: the court, the parties, the object, the date and
signature; art. 1407: the exact amount with the breakdown of its elements, the basis
of the claim and the list of the supporting documents)."""

from datetime import date
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import format_date

from ...engine import penalties as penalty_rules


class RelanceCourtRequestReport(models.AbstractModel):
    _name = "report.relance_avancee.report_relance_court_request"
    _description = "Request for an Injonction de Payer"

    @api.model
    def _get_report_values(self, docids, data=None):
        cases = self.env["relance.collection.case"].browse(docids)
        langs = {case.id: self._request_lang(case) for case in cases}
        return {
            "doc_ids": docids,
            "doc_model": "relance.collection.case",
            "docs": cases,
            "request_langs": langs,
            "request_values": {
                case.id: self._request_values(case.with_context(lang=langs[case.id]))
                for case in cases
            },
        }

    @api.model
    def _request_lang(self, case):
        """Filed with a French court: in French wherever French is installed, else in
        the company's language."""
        installed = dict(self.env["res.lang"].get_installed())
        return "fr_FR" if "fr_FR" in installed else case.company_id._relance_lang()

    @api.model
    def _request_values(self, case):
        env = case.env
        company = case.company_id.with_env(env)
        customer = case.partner_id.commercial_partner_id
        today = fields.Date.context_today(case)
        regime = customer._relance_penalty_regime(company)
        Letters = self.env["report.relance_avancee.report_relance_letter"]
        return {
            "company": company,
            "customer": customer,
            "company_address": self._address(company.partner_id),
            "customer_address": self._address(customer),
            "commercial": case.procedure == "fr_order_commercial",
            "claim": case._court_claim(),
            "documents": self._documents(case),
            "segments": self._segments(case),
            "indemnity_each": (
                float(penalty_rules.RECOVERY_INDEMNITY)
                if regime in (penalty_rules.FR_B2B, penalty_rules.FR_PUBLIC)
                else False
            ),
            "legal_basis": Letters._legal_basis_text_for(env, regime) if regime else False,
            "pieces": case._case_file_pieces(with_content=False),
            "place_date": env._(
                "%(city)s, %(date)s",
                city=company.city or "",
                date=format_date(env, today, date_format="long"),
            ),
            "mentions": company._relance_legal_mentions(),
        }

    @api.model
    def _address(self, partner):
        """``partner``'s address on one line, as a request writes it."""
        town = " ".join(part for part in (partner.zip, partner.city) if part)
        parts = (partner.street, partner.street2, town, partner.country_id.name)
        return ", ".join(part for part in parts if part)

    @api.model
    def _documents(self, case):
        """The case's documents as the request details them: number, date, due date,
        amount, paid, left (credit notes negative)."""
        rows = []
        for move in case._documents_in_order():
            sign = -1 if move.move_type == "out_refund" else 1
            rows.append(
                {
                    "name": move.name,
                    "credit_note": sign < 0,
                    "date": move.invoice_date,
                    "due": move.invoice_date_due,
                    "amount": sign * move.amount_total,
                    "paid": sign * (move.amount_total - move.amount_residual),
                    "left": sign * move.amount_residual,
                }
            )
        return rows

    @api.model
    def _segments(self, case):
        """The interest claimed, segment by segment, as the case stored it."""
        if case.penalty_move_id or not case.include_penalties:
            return []
        return [
            {
                "document": segment["document"],
                "first": date.fromisoformat(segment["first"]),
                "last": date.fromisoformat(segment["last"]),
                "days": segment["days"],
                "base": float(Decimal(segment["base"])),
                "rate": float(Decimal(segment["rate"])),
                "interest": float(Decimal(segment["interest"])),
            }
            for segment in case.penalty_segments or []
        ]
