# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class RelanceRun(models.Model):
    _inherit = "relance.run"

    def _close(self):
        """The customers' credit exposure and holds follow the levels the run reached,
        and their reliability scores the day's history."""
        result = super()._close()
        partners = self.partner_ids if self.partner_ids else None
        self.env["relance.credit.exposure"]._refresh(self.company_id, partners)
        self.env["relance.partner.score"]._recompute(self.company_id, partners)
        return result
