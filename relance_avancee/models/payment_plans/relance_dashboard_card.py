# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import models


class RelanceDashboardCard(models.Model):
    _inherit = "relance.dashboard.card"

    def _standing_figures(self, today):
        """After what is promised this week: what the active plans' instalments of
        this month bring, paid or not."""
        figures = super()._standing_figures(today)
        first = today.replace(day=1)
        instalments = self.env["relance.payment.plan.instalment"].search(
            self._my_customers_domain(
                [
                    ("plan_id.state", "=", "active"),
                    ("company_id", "in", self.env.companies.ids),
                    ("date", ">=", first),
                    ("date", "<", first + relativedelta(months=1)),
                ],
                field="plan_id.partner_id",
            )
        )
        planned = defaultdict(float)
        for instalment in instalments:
            planned[instalment.currency_id] += instalment.amount
        figures.insert(2, (self.env._("Instalments due this month"), dict(planned)))
        return figures
