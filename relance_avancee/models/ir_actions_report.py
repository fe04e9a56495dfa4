# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

# The collections letters, printed in batches from the communications list.
RELANCE_LETTER_REPORTS = {
    "relance_avancee.report_relance_letter",
    "relance_avancee.report_relance_statement",
}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Render collections letters one document per wkhtmltopdf call.

        wkhtmltopdf built without the patched Qt (Debian's package) prints a single
        HTML document per call and fails ("unknown error") on a batch; one call per
        letter prints a batch on either build, and Odoo merges the streams.
        """
        report = self._get_report(report_ref)
        if report.report_name not in RELANCE_LETTER_REPORTS or not res_ids or len(res_ids) < 2:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        streams = {}
        for res_id in res_ids:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id])
            )
        return streams
