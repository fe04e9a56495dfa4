# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The statement of account, on the letters' paper, printed one customer per
wkhtmltopdf call as the letters are."""

from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _relance_one_document_per_call(self):
        return super()._relance_one_document_per_call() | {
            "relance_avancee.report_relance_statement"
        }
