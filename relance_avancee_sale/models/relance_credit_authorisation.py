# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class RelanceCreditAuthorisation(models.Model):
    _inherit = "relance.credit.authorisation"

    sale_order_id = fields.Many2one(
        "sale.order",
        "Quotation",
        check_company=True,
        domain="[('state', 'in', ('draft', 'sent')), ('partner_id', 'child_of', partner_id)]",
    )

    @api.model
    def _document_fields(self):
        return [*super()._document_fields(), "sale_order_id"]
