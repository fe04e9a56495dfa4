# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Collection cases on partners: a recipient's role and usual mandate, a customer's
cases and the documents a new case starts from."""

from odoo import fields, models

from .relance_collection_case import MANDATES

COLLECTION_ROLES = [
    ("agency", "Collection Agency"),
    ("bailiff", "Commissaire de Justice"),
    ("lawyer", "Lawyer"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_collection_role = fields.Selection(
        COLLECTION_ROLES,
        "Collection Role",
        help="Set on a collection agency, a commissaire de justice (formerly huissier de "
        "justice) or a lawyer: collection cases can then be handed over to it.",
    )
    relance_collection_mandate = fields.Selection(
        MANDATES, "Usual Mandate", help="How this recipient is usually paid for a case."
    )
    relance_collection_rate = fields.Float(
        "Usual Commission (%)", digits=(5, 2), help="Its usual share of what it recovers."
    )
    relance_collection_fee = fields.Float(
        "Usual Fixed Fee", digits="Account", help="Its usual fee per case, in the case's currency."
    )
    relance_collection_case_ids = fields.One2many(
        "relance.collection.case", "partner_id", "Collection Cases", readonly=True
    )

    def action_relance_collection_case(self):
        """A new collection case on this customer's overdue invoices and its credit
        notes not yet matched, in one currency, those no case or plan holds."""
        self.ensure_one()
        customer = self.commercial_partner_id
        today = fields.Date.context_today(self)
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("relance_excluded", "=", False),
                "|",
                "&",
                ("move_type", "=", "out_invoice"),
                ("invoice_date_due", "<", today),
                ("move_type", "=", "out_refund"),
            ],
            order="invoice_date_due, id",
        )
        moves = moves.filtered(lambda move: not move.relance_held)
        # One currency per case: the company's first, else the oldest invoice's.
        currency = self.env.company.currency_id
        if moves and currency not in moves.currency_id:
            currency = moves[0].currency_id
        return self.env["relance.collection.case"]._open_new(
            customer, moves.filtered(lambda move: move.currency_id == currency)
        )
