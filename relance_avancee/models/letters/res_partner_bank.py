# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import models


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def write(self, vals):
        result = super().write(vals)
        if {"acc_number", "partner_id"} & set(vals):
            # The company's own check runs when the company is written, not its account.
            companies = (
                self.env["res.company"].sudo().search([("relance_bank_account_id", "in", self.ids)])
            )
            companies._check_relance_bank_account()
        return result
