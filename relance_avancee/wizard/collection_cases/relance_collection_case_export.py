# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class RelanceCollectionCaseExport(models.TransientModel):
    """Export a case file whose debtor's identity is incomplete: what it lacks, and
    why it goes anyway (kept with the file)."""

    _name = "relance.collection.case.export"
    _description = "Export a collection case file despite missing data"

    case_id = fields.Many2one("relance.collection.case", required=True, ondelete="cascade")
    missing = fields.Char(compute="_compute_missing")
    reason = fields.Text(required=True)

    @api.depends("case_id")
    def _compute_missing(self):
        for wizard in self:
            wizard.missing = wizard.case_id.file_missing

    def action_export(self):
        self.ensure_one()
        self.case_id._export_file(self.reason)
        return self.case_id.action_download_file()
