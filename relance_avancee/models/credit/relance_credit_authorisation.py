# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class RelanceCreditAuthorisation(models.Model):
    """A Collections manager's permission to let a customer's sales through despite a
    credit hold or the credit limit: one document, or every document until the
    expiry. Kept after it expires or is revoked, as the customer's history."""

    _name = "relance.credit.authorisation"
    _description = "Credit authorisation"
    _inherit = ["relance.customer.mixin"]
    _order = "date_expiry desc, id desc"
    _check_company_auto = True

    scope = fields.Selection(
        [("document", "One document"), ("period", "Every document until the expiry")],
        required=True,
        default="document",
    )
    move_id = fields.Many2one(
        "account.move",
        "Invoice",
        check_company=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_receipt')), ('state', '=', 'draft'),"
        " ('commercial_partner_id', '=', partner_id)]",
    )
    date_expiry = fields.Date("Valid Until", required=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", "Authorised By", readonly=True, default=lambda self: self.env.user
    )
    revoked = fields.Boolean(readonly=True)
    state = fields.Selection(
        [("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")],
        compute="_compute_state",
    )

    @api.depends("revoked", "date_expiry")
    @api.depends_context("tz")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for authorisation in self:
            if authorisation.revoked:
                authorisation.state = "revoked"
            elif authorisation.date_expiry and authorisation.date_expiry < today:
                authorisation.state = "expired"
            else:
                authorisation.state = "valid"

    @api.depends("partner_id", "scope", "date_expiry")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for authorisation in self:
            authorisation.display_name = self.env._(
                "Credit authorisation for %(customer)s until %(date)s",
                customer=authorisation.partner_id.display_name,
                date=format_date(self.env, authorisation.date_expiry),
            )

    @api.constrains(lambda self: ["scope", "partner_id", *self._document_fields()])
    def _check_documents(self):
        for authorisation in self:
            documents = authorisation._documents()
            if authorisation.scope == "document" and len(documents) != 1:
                raise ValidationError(
                    self.env._(
                        "An authorisation for one document names that document (one "
                        "invoice or one quotation); to authorise every document for a "
                        "while, choose the period."
                    )
                )
            if authorisation.scope == "period" and documents:
                raise ValidationError(
                    self.env._("An authorisation for a period names no document.")
                )
            for document in documents:
                if document.partner_id.commercial_partner_id != authorisation.partner_id:
                    raise ValidationError(
                        self.env._(
                            "%(document)s is not a document of %(customer)s.",
                            document=document.display_name,
                            customer=authorisation.partner_id.display_name,
                        )
                    )

    @api.constrains("reason", "date_expiry")
    def _check_reason_and_expiry(self):
        today = fields.Date.context_today(self)
        for authorisation in self:
            authorisation._check_filled(authorisation.reason, authorisation.date_expiry, today)

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            # Checked before the insert: the database would refuse an empty field
            # with a technical message.
            self._check_filled(vals.get("reason"), vals.get("date_expiry"), today)
            vals["user_id"] = self.env.uid
        authorisations = super().create(vals_list)
        authorisations._log_on_customers("granted")
        return authorisations

    def action_revoke(self):
        valid = self.filtered(lambda authorisation: authorisation.state == "valid")
        valid.revoked = True
        valid._log_on_customers("revoked")

    @api.model
    def _check_filled(self, reason, date_expiry, today):
        if not (reason or "").strip():
            raise ValidationError(
                self.env._("Say why you authorise this customer's sales: the reason is required.")
            )
        if not date_expiry:
            raise ValidationError(
                self.env._("An authorisation needs an expiry date: until when does it hold?")
            )
        if fields.Date.to_date(date_expiry) < today:
            raise ValidationError(
                self.env._(
                    "An authorisation cannot expire in the past (%(date)s): choose today or "
                    "a later day.",
                    date=format_date(self.env, date_expiry),
                )
            )

    @api.model
    def _document_fields(self):
        """Hook: the fields naming the one document an authorisation is for. Sales
        adds the quotation (relance_avancee_sale)."""
        return ["move_id"]

    def _documents(self):
        self.ensure_one()
        documents = []
        for name in self._document_fields():
            documents.extend(self[name])
        return documents

    def _log_on_customers(self, event):
        for company, authorisations in self.grouped("company_id").items():
            lines = {}
            for authorisation in authorisations.with_context(lang=company._relance_lang()):
                lines.setdefault(authorisation.partner_id.id, []).append(
                    authorisation._describe(event)
                )
            bodies = {
                partner_id: Markup("<br/>").join(found) for partner_id, found in lines.items()
            }
            self.env["res.partner"].browse(bodies)._message_log_batch(bodies=bodies)

    def _describe(self, event):
        self.ensure_one()
        documents = ", ".join(document.display_name for document in self._documents())
        what = documents or self.env._("every document")
        if event == "granted":
            return self.env._(
                "Sales authorised despite the credit hold or limit by %(user)s, for "
                "%(what)s, until %(date)s: %(reason)s",
                user=self.user_id.name,
                what=what,
                date=format_date(self.env, self.date_expiry),
                reason=self.reason,
            )
        return self.env._(
            "Credit authorisation revoked by %(user)s (%(what)s, until %(date)s)",
            user=self.env.user.name,
            what=what,
            date=format_date(self.env, self.date_expiry),
        )

    @api.model
    def _authorised(self, company, partner_ids, field_name, document_ids):
        """{partner id: True (a period) or {document ids}} of the valid
        authorisations of ``company`` for ``partner_ids`` and the documents
        ``document_ids`` of ``field_name``."""
        today = fields.Date.context_today(self)
        authorisations = self.sudo().search_fetch(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", list(partner_ids)),
                ("revoked", "=", False),
                ("date_expiry", ">=", today),
                "|",
                ("scope", "=", "period"),
                (field_name, "in", list(document_ids)),
            ],
            ["partner_id", "scope", field_name],
        )
        found = {}
        for authorisation in authorisations:
            partner_id = authorisation.partner_id.id
            if authorisation.scope == "period":
                found[partner_id] = True
            elif found.get(partner_id) is not True:
                found.setdefault(partner_id, set()).add(authorisation[field_name].id)
        return found
