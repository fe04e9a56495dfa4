# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools.sql import create_index

# The matches by date: every as-of reading asks first whether anything was matched
# after its date, and reads those matches. Without it, PostgreSQL reads every match
# ever made (thousands a month on a busy book) to answer.
MAX_DATE_INDEX = "account_partial_reconcile_relance_max_date_idx"


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def init(self):
        result = super().init()
        # Dropped by the module's uninstall hook.
        create_index(self.env.cr, MAX_DATE_INDEX, self._table, ["max_date", "company_id"])
        return result
