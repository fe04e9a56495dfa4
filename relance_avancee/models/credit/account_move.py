# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Credit control on customer invoices: checked when posted, and the customer's
stored exposure refreshed once posted."""

from odoo import fields, models

from ...engine import credit


class AccountMove(models.Model):
    _inherit = "account.move"

    relance_credit_hold = fields.Boolean(
        related="commercial_partner_id.relance_credit_hold", string="Customer on Credit Hold"
    )
    relance_credit_hold_causes = fields.Char(
        related="commercial_partner_id.relance_credit_hold_causes"
    )

    def _post(self, soft=True):
        checked = self.filtered(
            lambda move: move.state == "draft" and move.move_type in credit.CUSTOMER_INVOICE_TYPES
        )
        # Before posting: a refused invoice leaves every invoice of the batch in draft.
        reviews = {
            company: moves._relance_credit_check()
            for company, moves in checked.grouped("company_id").items()
        }
        posted = super()._post(soft=soft)
        exposure_model = self.env["relance.credit.exposure"]
        for company, (verdicts, exposures, limits) in reviews.items():
            moves = posted.filtered(lambda move, company=company: move.company_id == company)
            moves &= checked
            exposure_model._log_passed(
                company,
                {move: verdict for move, verdict in verdicts.items() if move in moves},
                limits,
            )
            exposure_model._store_added(
                company,
                [(m.commercial_partner_id.id, m.currency_id.id, m.amount_total) for m in moves],
                exposures,
                limits,
                "receivable",
            )
        for company, moves in (
            (posted - checked)._relance_receivable_moves().grouped("company_id").items()
        ):
            exposure_model._refresh(company, moves.commercial_partner_id)
        return posted

    def _relance_credit_check(self):
        """Check these customer invoices of one company before they are posted, in
        the order of their dates; see ``relance.credit.exposure._check_documents``."""
        documents = [
            (move, move.commercial_partner_id.id, move.currency_id.id, move.amount_total)
            for move in self.sorted(lambda move: (move.invoice_date or move.date, move.id))
        ]
        return self.env["relance.credit.exposure"]._check_documents(
            self.company_id, documents, "move_id", {"moves": self.ids}
        )

    def _relance_receivable_moves(self):
        """The moves of a customer that touch a receivable account (credit notes,
        payments, entries): their customer's exposure changes."""
        return self.filtered(
            lambda move: move.commercial_partner_id
            and any(line.account_type == "asset_receivable" for line in move.line_ids)
        )
