# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a reconciliation settles at once, rather than a day later: the collections
work that waited only for what is now paid is closed, and each capability settles
what it completes through the ``account.move._relance_paid`` hook (a payment plan
paid off, a collection case recovered)."""

from odoo import models


# One file per concern of account.move.line in this addon: the split is the point.
class AccountMoveLine(models.Model):
    _inherit = "account.move.line"  # pylint: disable=consider-merging-classes-inherited

    def _reconcile_plan_with_sync(self, plan_list, all_amls):
        result = super()._reconcile_plan_with_sync(plan_list, all_amls)
        receivable = all_amls.filtered(lambda line: line.account_type == "asset_receivable")
        if receivable:
            receivable.move_id._relance_paid()
            # Whoever matches a payment may have no collections rights: the work it
            # settles is closed all the same.
            Communication = self.env["relance.communication"].sudo()
            for company, lines in receivable.grouped("company_id").items():
                Communication._withdraw_settled(
                    lines.partner_id, company, lambda env: env._("Paid.")
                )
        return result
