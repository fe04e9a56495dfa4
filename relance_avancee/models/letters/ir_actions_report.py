# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Render collections letters one document per wkhtmltopdf call.

        wkhtmltopdf built without the patched Qt (Debian's package) prints a single
        HTML document per call and fails ("unknown error") on a batch; one call per
        letter prints a batch on either build, and Odoo merges the streams.
        """
        report = self._get_report(report_ref)
        one_per_call = self._relance_one_document_per_call()
        if report.report_name not in one_per_call or not res_ids or len(res_ids) < 2:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        streams = {}
        for res_id in res_ids:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id])
            )
        return streams

    def _relance_one_document_per_call(self):
        """Hook: the names of the reports on the letters' paper, printed one document
        per wkhtmltopdf call: the collections letter here; the aged balance adds the
        statement of account (``super()``)."""
        return {"relance_avancee.report_relance_letter"}
