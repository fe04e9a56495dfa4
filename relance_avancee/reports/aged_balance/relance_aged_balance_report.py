# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the aged balance's PDF shows: the parameters, then a table per company."""

from odoo import api, models


class RelanceAgedBalanceReport(models.AbstractModel):
    _name = "report.relance_avancee.report_relance_aged_balance"
    _description = "Aged Balance (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["relance.aged.balance"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "relance.aged.balance",
            "docs": reports,
            "report_values": {
                report.id: {"parameters": report._parameters(), "sections": report._sections()}
                for report in reports
            },
        }
