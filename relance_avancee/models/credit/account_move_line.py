# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A payment reconciled (or unreconciled) changes what its customer owes: its stored
exposure is read again, and the credit holds whose cause cleared are lifted."""

from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_plan_with_sync(self, plan_list, all_amls):
        # Every reconciliation goes through here: the payment wizard, the bank
        # reconciliation, ``reconcile()``.
        result = super()._reconcile_plan_with_sync(plan_list, all_amls)
        all_amls._relance_refresh_credit()
        return result

    def remove_move_reconcile(self):
        lines = self | self.matched_debit_ids.debit_move_id | self.matched_credit_ids.credit_move_id
        result = super().remove_move_reconcile()
        lines._relance_refresh_credit()
        return result

    def _relance_refresh_credit(self):
        receivable = self.filtered(
            lambda line: line.account_type == "asset_receivable" and line.partner_id
        )
        exposure_model = self.env["relance.credit.exposure"]
        for company, lines in receivable.grouped("company_id").items():
            exposure_model._refresh(company, lines.partner_id)
