# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A payment registered for an amount a collection case's recipient recovered."""

from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    relance_case_id = fields.Many2one(
        "relance.collection.case",
        "Collection Case",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The collection case whose recipient recovered this amount.",
    )
