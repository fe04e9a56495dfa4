# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A record about one customer of one company: the two fields, and their rules, that
holds, authorisations, insurance covers, payment plans and collection cases share."""

from odoo import fields, models


class RelanceCustomerMixin(models.AbstractModel):
    _name = "relance.customer.mixin"
    _description = "Record about a customer of a company"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # The commercial entity: a contact's records are its company's.
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
