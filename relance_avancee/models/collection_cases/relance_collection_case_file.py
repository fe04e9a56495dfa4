# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The case file of a collection case: exported as one zip stored on the case (the
workbook, the JSON, the numbered documents' PDFs; ``engine/casefile.py`` lays them
out), downloaded, or emailed to the recipient. A debtor whose identity is incomplete
is refused unless the user forces the export with a reason, kept in the file."""

from datetime import date
from decimal import Decimal

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ...engine import casefile

SIX_DECIMALS = Decimal("0.000001")


class RelanceCollectionCaseFile(models.AbstractModel):
    _name = "relance.collection.case.file"
    _description = "Collection case: its case file"

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
        # Named and noted for the company's people, in its language.
        env = self._relance_company_env()
        attachment = self.env["ir.attachment"].create(
            {
                "name": env._("Case file %(case)s.zip", case=self.name.replace("/", "-")),
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
        body = env._("Case file exported: %(count)s documents.", count=len(pieces))
        if forced_reason:
            body = Markup("%s<br/>%s") % (
                body,
                env._(
                    "Exported although it lacks %(missing)s: %(reason)s",
                    missing="; ".join(self.with_env(env)._missing_labels(missing)),
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

    def _case_file_pieces(self, with_content=True):
        """The case file's documents, numbered in the list's order: the invoices, the
        letters sent, the registered letters' receipts, then the case's own
        attachments (``engine.casefile.Piece``, its ``source`` the record). Without
        ``with_content``, the list alone: nothing is rendered."""
        invoices = self._documents_in_order().filtered(lambda move: move.move_type == "out_invoice")
        letters = self._communications().filtered(
            lambda communication: communication._by_post() and communication.state == "sent"
        )
        receipts = letters.filtered("registered_receipt")
        entries = []
        invoice_pdfs = self._invoice_pdfs(invoices) if with_content else [b""] * len(invoices)
        letter_pdfs = self._letter_pdfs(letters) if with_content else [b""] * len(letters)
        for invoice, content in zip(invoices, invoice_pdfs, strict=True):
            entries.append(
                (
                    self.env._("Invoice %(number)s", number=invoice.name),
                    invoice.invoice_date,
                    invoice,
                    content,
                    "pdf",
                )
            )
        for letter, content in zip(letters, letter_pdfs, strict=True):
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
                    receipt.raw if with_content else b"",
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
                    attachment.raw if with_content else b"",
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

    # ------------------------------------------------------------------
    # A collection case read into the engine's CaseFile (``engine/casefile.py``): the
    # parties, the totals, and the rows of every table, each read in one query or a few
    # for the whole case. The documents' PDFs are in the first section.
    # ------------------------------------------------------------------
    def _case_file(self, pieces, forced_reason=""):
        """The engine's CaseFile of this case, ``pieces`` its numbered documents
        (``engine.casefile.Piece``, each ``source`` a record)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        piece_of = {(piece.source._name, piece.source.id): piece.number for piece in pieces}
        return casefile.CaseFile(
            reference=self.name,
            currency=self.currency_id.name,
            exported_on=today,
            creditor=self._party(self.company_id.partner_id),
            debtor=self._party(self.partner_id),
            recipient=self._party(self.recipient_id),
            role=self._selection_label("recipient_role"),
            mandate=self._mandate_text(),
            totals=self._case_file_totals(),
            rows={
                "statement": self._statement_rows(today),
                "invoices": self._invoice_rows(piece_of),
                "settlements": self._settlement_rows(),
                "communications": self._communication_rows(piece_of),
                "penalties": self._penalty_rows(),
                "events": self._event_rows(),
                "pieces": [piece.listed() for piece in pieces],
            },
            missing=self._missing_data(),
            forced_reason=forced_reason or "",
        )

    def _missing_data(self):
        return casefile.missing_data(self._party(self.partner_id))

    def _party(self, partner):
        """A partner as the case file names it: its commercial entity's identity."""
        entity = partner.commercial_partner_id
        return casefile.Party(
            name=entity.name or "",
            street=entity.street or "",
            street2=entity.street2 or "",
            zip=entity.zip or "",
            city=entity.city or "",
            country=entity.country_id.name or "",
            country_code=entity.country_id.code or "",
            registry=entity.company_registry or "",
            vat=entity.vat or "",
            email=entity.email or "",
            phone=entity.phone or "",
            is_company=entity.is_company,
        )

    def _selection_label(self, name, record=None):
        record = record or self
        selection = dict(record._fields[name]._description_selection(self.env))
        return selection.get(record[name], "")

    def _mandate_text(self):
        rate = formatLang(self.env, self.commission_rate, digits=2)
        fee = formatLang(self.env, self.fixed_fee, currency_obj=self.currency_id)
        if self.mandate == "fixed":
            return self.env._("A fixed fee of %(fee)s", fee=fee)
        if self.mandate == "percentage":
            return self.env._("%(rate)s %% of what is recovered", rate=rate)
        return self.env._(
            "%(rate)s %% of what is recovered and a fixed fee of %(fee)s", rate=rate, fee=fee
        )

    def _decimal(self, amount):
        return Decimal(str(amount)).quantize(self._unit())

    def _case_file_totals(self):
        return {
            "principal": self._decimal(self.amount_principal),
            "interest": self._decimal(self.amount_interest),
            "indemnity": self._decimal(self.amount_indemnity),
            "costs": self._decimal(self.amount_fees),
            "total": self._decimal(self.amount_total),
            "recovered": self._decimal(self.amount_recovered),
            "owed": self._decimal(self.amount_owed),
        }

    def _documents_in_order(self):
        return self.move_ids.sorted(lambda move: (move.invoice_date or date.min, move.name or ""))

    def _statement_rows(self, today):
        rows = []
        for move in self._documents_in_order():
            sign = -1 if move.move_type == "out_refund" else 1
            due = move.invoice_date_due if move.move_type == "out_invoice" else None
            late = bool(due) and due < today and move.amount_residual > 0
            rows.append(
                {
                    "document": move.name,
                    "type": self._selection_label("move_type", move),
                    "date": move.invoice_date,
                    "due_date": due,
                    "days_late": (today - due).days if late else None,
                    "amount": self._decimal(sign * move.amount_total),
                    "paid": self._decimal(sign * (move.amount_total - move.amount_residual)),
                    "residual": self._decimal(sign * move.amount_residual),
                }
            )
        return rows

    def _invoice_rows(self, piece_of):
        return [
            {
                "number": move.name,
                "date": move.invoice_date,
                "due_date": move.invoice_date_due,
                "untaxed": self._decimal(move.amount_untaxed),
                "tax": self._decimal(move.amount_tax),
                "total": self._decimal(move.amount_total),
                "residual": self._decimal(move.amount_residual),
                "piece": piece_of.get(("account.move", move.id)),
            }
            for move in self._documents_in_order()
            if move.move_type == "out_invoice"
        ]

    def _settlement_rows(self):
        """Every payment, credit note or other entry matched with the case's documents,
        as its partial reconciliation says: when, how much, on which document."""
        receivable = self.move_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        partials = receivable.matched_credit_ids | receivable.matched_debit_ids
        rows = []
        for partial in partials.sorted(lambda partial: (partial.max_date, partial.id)):
            if partial.debit_move_id in receivable:
                ours, other, amount = (
                    partial.debit_move_id,
                    partial.credit_move_id,
                    partial.debit_amount_currency,
                )
            else:
                ours, other, amount = (
                    partial.credit_move_id,
                    partial.debit_move_id,
                    partial.credit_amount_currency,
                )
            rows.append(
                {
                    "date": partial.max_date,
                    "reference": other.move_id.name,
                    "type": self._settlement_type(other.move_id),
                    "document": ours.move_id.name,
                    "amount": self._decimal(amount),
                }
            )
        return rows

    def _settlement_type(self, move):
        if move.origin_payment_id:
            return self.env._("Payment")
        if move.move_type == "out_refund":
            return self.env._("Credit Note")
        if move.move_type == "out_invoice":
            return self.env._("Invoice")
        return self.env._("Journal Entry")

    def _communications(self):
        """The collections communications about the case's documents, oldest first."""
        lines = self.env["relance.communication.line"].search(
            [("move_id", "in", self.move_ids.ids)]
        )
        return lines.communication_id.filtered(
            lambda communication: communication.state != "cancelled"
        ).sorted(lambda communication: (communication.date, communication.id))

    def _communication_rows(self, piece_of):
        rows = []
        for communication in self._communications():
            proof = ""
            if communication.registered_receipt_date:
                proof = self.env._(
                    "Acknowledgement of receipt of %(day)s",
                    day=fields.Date.to_string(communication.registered_receipt_date),
                )
            elif communication.channel_email and communication.email_status:
                proof = self._selection_label("email_status", communication)
            rows.append(
                {
                    "date": communication.date,
                    "level": communication.level_id.name or "",
                    "channel": communication.channel_labels or "",
                    "status": self._selection_label("state", communication),
                    "documents": ", ".join(
                        sorted(set(communication.line_ids.move_id.mapped("name")))
                    ),
                    "amount": self._decimal(communication.amount_net),
                    "tracking": communication.registered_tracking or "",
                    "proof": proof,
                    "piece": piece_of.get(("relance.communication", communication.id)),
                }
            )
        return rows

    def _penalty_rows(self):
        """The penalty computation the case claims, segment by segment, as stored the
        day its debt was last read (a later penalty invoice does not change it)."""
        return [
            {
                "document": segment["document"],
                "first_day": fields.Date.to_date(segment["first"]),
                "last_day": fields.Date.to_date(segment["last"]),
                "days": segment["days"],
                "base": Decimal(segment["base"]),
                # Six decimals (the engine rounds only the total to the cent): a spreadsheet
                # keeps 15 significant digits, and the JSON must say the same.
                "rate": Decimal(segment["rate"]).quantize(SIX_DECIMALS),
                "interest": Decimal(segment["interest"]).quantize(SIX_DECIMALS),
            }
            for segment in self.penalty_segments or []
        ]

    def _event_rows(self):
        """Disputes on the case's documents, the customer's promises to pay and what
        else held its invoices (payment plans), in date order."""
        rows = []
        disputes = self.env["relance.dispute"].search([("move_id", "in", self.move_ids.ids)])
        for dispute in disputes:
            rows.append(
                {
                    "type": self.env._("Dispute"),
                    "date": dispute.date_start,
                    "until": dispute.date_end,
                    "description": " ".join(
                        filter(
                            None,
                            [
                                dispute.move_id.name,
                                self._selection_label("reason", dispute),
                                dispute.note,
                            ],
                        )
                    ),
                    "amount": None,
                    "status": self.env._("Resolved") if dispute.resolved else "",
                }
            )
        promises = self.env["relance.promise"].search(
            [("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id)]
        )
        for promise in promises:
            rows.append(
                {
                    "type": self.env._("Promise to Pay"),
                    "date": promise.create_date.date(),
                    "until": promise.date,
                    "description": promise.note or "",
                    "amount": self._decimal(promise.amount),
                    "status": self._selection_label("state", promise),
                }
            )
        # The other holders of the customer's invoices (its payment plans), through
        # the registry of holders.
        for model in self.env["account.move"]._relance_holding_models():
            if model != self._name:
                for row in self.env[model]._relance_history_rows(self.partner_id):
                    rows.append({**row, "amount": self._decimal(row["amount"])})
        return sorted(rows, key=lambda row: (row["date"] or date.min, row["type"]))

    # ------------------------------------------------------------------
    # The titles of the case file's workbook, in the language of whoever exports it
    # (the engine's defaults are English): each written out, so that the translation
    # export finds it.
    # ------------------------------------------------------------------
    def _case_file_labels(self):
        """{engine.casefile label key: title} in the user's language. Hook: override
        to retitle a sheet or a column."""
        return {
            "summary": self.env._("Summary"),
            "case": self.env._("Case"),
            "reference": self.env._("Reference"),
            "currency": self.env._("Currency"),
            "exported_on": self.env._("Exported On"),
            "recipient": self.env._("Recipient"),
            "role": self.env._("Role"),
            "mandate": self.env._("Mandate"),
            "creditor": self.env._("Creditor"),
            "debtor": self.env._("Debtor"),
            "totals": self.env._("Amounts"),
            "missing": self.env._("Missing Data"),
            "forced_reason": self.env._("Exported Anyway Because"),
            "party.name": self.env._("Name"),
            "party.address": self.env._("Address"),
            "party.registry": self.env._("Company Number"),
            "party.vat": self.env._("VAT Number"),
            "party.email": self.env._("Email"),
            "party.phone": self.env._("Phone"),
            "total.principal": self.env._("Principal"),
            "total.interest": self.env._("Late-Payment Interest"),
            "total.indemnity": self.env._("Recovery Indemnities"),
            "total.costs": self.env._("Other Recovery Costs"),
            "total.total": self.env._("Total Claimed"),
            "total.recovered": self.env._("Recovered"),
            "total.owed": self.env._("Still Owed"),
            "sheet.statement": self.env._("Statement"),
            "sheet.invoices": self.env._("Invoices"),
            "sheet.settlements": self.env._("Payments and Credit Notes"),
            "sheet.communications": self.env._("Reminders and Letters"),
            "sheet.penalties": self.env._("Penalties"),
            "sheet.events": self.env._("Disputes, Promises, Plans"),
            "sheet.pieces": self.env._("List of Documents"),
            "column.statement.document": self.env._("Document"),
            "column.statement.type": self.env._("Type"),
            "column.statement.date": self.env._("Date"),
            "column.statement.due_date": self.env._("Due Date"),
            "column.statement.days_late": self.env._("Days Late"),
            "column.statement.amount": self.env._("Amount"),
            "column.statement.paid": self.env._("Paid"),
            "column.statement.residual": self.env._("Still Owed"),
            "column.invoices.number": self.env._("Invoice"),
            "column.invoices.date": self.env._("Date"),
            "column.invoices.due_date": self.env._("Due Date"),
            "column.invoices.untaxed": self.env._("Untaxed"),
            "column.invoices.tax": self.env._("Taxes"),
            "column.invoices.total": self.env._("Total"),
            "column.invoices.residual": self.env._("Still Owed"),
            "column.invoices.piece": self.env._("Document No."),
            "column.settlements.date": self.env._("Date"),
            "column.settlements.reference": self.env._("Reference"),
            "column.settlements.type": self.env._("Type"),
            "column.settlements.document": self.env._("Applied To"),
            "column.settlements.amount": self.env._("Amount"),
            "column.communications.date": self.env._("Date"),
            "column.communications.level": self.env._("Level"),
            "column.communications.channel": self.env._("Channel"),
            "column.communications.status": self.env._("Status"),
            "column.communications.documents": self.env._("Invoices"),
            "column.communications.amount": self.env._("Amount Claimed"),
            "column.communications.tracking": self.env._("Tracking Number"),
            "column.communications.proof": self.env._("Proof"),
            "column.communications.piece": self.env._("Document No."),
            "column.penalties.document": self.env._("Invoice"),
            "column.penalties.first_day": self.env._("From"),
            "column.penalties.last_day": self.env._("To"),
            "column.penalties.days": self.env._("Days"),
            "column.penalties.base": self.env._("Base"),
            "column.penalties.rate": self.env._("Yearly Rate (%)"),
            "column.penalties.interest": self.env._("Interest"),
            "column.events.type": self.env._("Type"),
            "column.events.date": self.env._("Date"),
            "column.events.until": self.env._("Until"),
            "column.events.description": self.env._("Description"),
            "column.events.amount": self.env._("Amount"),
            "column.events.status": self.env._("Status"),
            "column.pieces.number": self.env._("No."),
            "column.pieces.title": self.env._("Document"),
            "column.pieces.date": self.env._("Date"),
            "column.pieces.file": self.env._("File"),
        }
