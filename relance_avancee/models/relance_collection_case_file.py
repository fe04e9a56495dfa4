# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The case file of a collection case: exported as one zip stored on the case (the
workbook, the JSON, the numbered documents' PDFs; ``engine/casefile.py`` lays them
out), downloaded, or emailed to the recipient. A debtor whose identity is incomplete
is refused unless the user forces the export with a reason, kept in the file."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from ..engine import casefile


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

    file_attachment_id = fields.Many2one(
        "ir.attachment", "Case File", readonly=True, copy=False, help="The last case file exported."
    )
    file_date = fields.Datetime("Case File Exported On", readonly=True, copy=False)
    file_forced_reason = fields.Text(
        "Exported Despite Missing Data",
        readonly=True,
        copy=False,
        help="Why the last case file was exported although the debtor's identity is incomplete.",
    )
    file_missing = fields.Char(
        "Missing Data", compute="_compute_file_missing", help="What the debtor's identity lacks."
    )

    def _compute_file_missing(self):
        for case in self:
            case.file_missing = ", ".join(case._missing_labels(case._missing_data()))

    def _missing_labels(self, codes):
        labels = {
            casefile.MISSING_NAME: self.env._("the debtor's name"),
            casefile.MISSING_ADDRESS: self.env._(
                "the debtor's full address (street, postcode, town, country)"
            ),
            casefile.MISSING_SIREN: self.env._("the SIREN or SIRET of the French company"),
        }
        return [labels[code] for code in codes]

    # Export ------------------------------------------------------------------------

    def action_export_file(self):
        """Export the case file, or say what the debtor's identity lacks and offer to
        export it anyway with a reason."""
        self.ensure_one()
        if self._missing_data():
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Export the Case File"),
                "res_model": "relance.collection.case.export",
                "view_mode": "form",
                "target": "new",
                "context": {"default_case_id": self.id},
            }
        self._export_file()
        return self.action_download_file()

    def _export_file(self, forced_reason=""):
        """Build the case file's zip and store it on the case. Refused when the
        debtor's identity is incomplete, unless ``forced_reason`` says why it goes
        anyway. Returns the attachment."""
        self.ensure_one()
        missing = self._missing_data()
        if missing and not (forced_reason or "").strip():
            raise UserError(
                self.env._(
                    "The case file of %(case)s lacks %(missing)s. Complete the customer, or "
                    "export it anyway and say why.",
                    case=self.name,
                    missing="; ".join(self._missing_labels(missing)),
                )
            )
        pieces = self._case_file_pieces()
        content = casefile.zip_bytes(
            self._case_file(pieces, forced_reason),
            [(piece.file_name, piece.content) for piece in pieces],
            self._case_file_labels(),
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Case file %(case)s.zip", case=self.name.replace("/", "-")),
                "raw": content,
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.write(
            {
                "file_attachment_id": attachment.id,
                "file_date": fields.Datetime.now(),
                "file_forced_reason": forced_reason or False,
            }
        )
        body = self.env._("Case file exported: %(count)s documents.", count=len(pieces))
        if forced_reason:
            body = Markup("%s<br/>%s") % (
                body,
                self.env._(
                    "Exported although it lacks %(missing)s: %(reason)s",
                    missing="; ".join(self._missing_labels(missing)),
                    reason=forced_reason,
                ),
            )
        self.message_post(body=body, attachment_ids=attachment.ids)
        return attachment

    def action_download_file(self):
        self.ensure_one()
        if not self.file_attachment_id:
            raise UserError(self.env._("Export the case file of %(case)s first.", case=self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.file_attachment_id.id}?download=true",
            "target": "self",
        }

    # The documents -----------------------------------------------------------------

    def _case_file_pieces(self):
        """The case file's documents, numbered in the list's order: the invoices, the
        letters sent, the registered letters' receipts, then the case's own
        attachments (``engine.casefile.Piece``, its ``source`` the record)."""
        invoices = self._documents_in_order().filtered(lambda move: move.move_type == "out_invoice")
        letters = self._communications().filtered(
            lambda communication: communication._by_post() and communication.state == "sent"
        )
        receipts = letters.filtered("registered_receipt")
        entries = []
        for invoice, content in zip(invoices, self._invoice_pdfs(invoices), strict=True):
            entries.append(
                (
                    self.env._("Invoice %(number)s", number=invoice.name),
                    invoice.invoice_date,
                    invoice,
                    content,
                    "pdf",
                )
            )
        for letter, content in zip(letters, self._letter_pdfs(letters), strict=True):
            entries.append(
                (
                    self.env._("Letter: %(level)s", level=letter.level_id.name),
                    letter.date,
                    letter,
                    content,
                    "pdf",
                )
            )
        for letter in receipts:
            receipt = self.env["ir.attachment"].search(
                [
                    ("res_model", "=", letter._name),
                    ("res_id", "=", letter.id),
                    ("res_field", "=", "registered_receipt"),
                ],
                limit=1,
            )
            entries.append(
                (
                    self.env._(
                        "Acknowledgement of receipt %(tracking)s",
                        tracking=letter.registered_tracking or "",
                    ),
                    letter.registered_receipt_date,
                    receipt,
                    receipt.raw,
                    self._extension(receipt),
                )
            )
        own = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id), ("res_field", "=", False)],
            order="id",
        )
        for attachment in own.filtered(lambda attachment: attachment.mimetype != "application/zip"):
            # Its name without the extension: the file name gets it back.
            title = (attachment.name or "").rsplit(".", 1)[0]
            entries.append(
                (
                    title,
                    attachment.create_date.date(),
                    attachment,
                    attachment.raw,
                    self._extension(attachment),
                )
            )
        return [
            casefile.Piece(
                number=number,
                title=title,
                date=day,
                file_name=casefile.piece_file_name(number, title, extension),
                source=record,
                content=content,
            )
            for number, (title, day, record, content, extension) in enumerate(entries, start=1)
        ]

    @staticmethod
    def _extension(attachment):
        name = attachment.name or ""
        return name.rsplit(".", 1)[-1].lower() if "." in name else "pdf"

    def _invoice_pdfs(self, invoices):
        """Each invoice's PDF as it was sent (the one Odoo stored when it was sent),
        else rendered now, all the missing ones in one rendering."""
        stored = {
            invoice.id: invoice.invoice_pdf_report_id.raw
            for invoice in invoices
            if invoice.invoice_pdf_report_id
        }
        rendered = self._render_pdfs(
            "account.account_invoices", invoices.filtered(lambda invoice: invoice.id not in stored)
        )
        return [stored.get(invoice.id) or rendered[invoice.id] for invoice in invoices]

    def _letter_pdfs(self, letters):
        rendered = self._render_pdfs("relance_avancee.action_report_relance_letter", letters)
        return [rendered[letter.id] for letter in letters]

    def _render_pdfs(self, report_ref, records):
        """{record id: PDF bytes} of ``records`` under ``report_ref``, one wkhtmltopdf
        call each: a build without the patched Qt (Debian's) fails on a batch of
        documents (see ir_actions_report.py), and one call per document is what any
        build does at the same cost."""
        # Never HTML, even under tests (force_report_rendering): the zip holds PDFs.
        Report = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(report_pdf_no_attachment=True, force_report_rendering=True)
        )
        pdfs = {}
        for record in records:
            streams = Report._render_qweb_pdf_prepare_streams(report_ref, {}, res_ids=record.ids)
            pdfs[record.id] = streams[record.id]["stream"].getvalue()
        return pdfs
