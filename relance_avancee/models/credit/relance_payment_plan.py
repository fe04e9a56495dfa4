# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A broken payment plan puts its customer on credit hold where the company's rule says
so (``relance_credit_hold_broken_plan``): its exposure is read again at once."""

from odoo import models


class RelancePaymentPlan(models.Model):
    _inherit = "relance.payment.plan"

    def _break(self, status, today):
        result = super()._break(status, today)
        self.env["relance.credit.exposure"]._refresh(self.company_id, self.partner_id)
        return result
