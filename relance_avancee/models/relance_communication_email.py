# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Email transport: render a batch's emails, post them, and keep one email each.

A communication has at most one ``mail.mail`` (``mail_mail_id``) that can ever leave:
the mail server being down or refusing it, the delivery follow-up puts *that* email
back in the queue, *Send Now* on a failed communication does the same, and so does
Odoo's own *Resend* on the chatter's failed notification. No retry makes a second copy.
"""

import logging

from markupsafe import Markup

from odoo import Command, models

_logger = logging.getLogger(__name__)

# What the sending step renders of an email template.
EMAIL_FIELDS = ("subject", "body_html", "email_from", "reply_to", "partner_to")


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

    def _render_emails(self):
        """Render the emails of the batch, template by template, in one pass each.

        Returns {communication id: rendered values}. A template that fails to render
        for the batch is left out: each of its communications then renders on its own
        (_render_email), so the error is recorded on the one that causes it.
        """
        rendered = {}
        for template, communications in self.grouped(lambda c: c.level_id.mail_template_id).items():
            if not template:
                continue
            try:
                with self.env.cr.savepoint():
                    rendered.update(template._generate_template(communications.ids, EMAIL_FIELDS))
            except Exception as error:
                # Any rendering error: the records are rendered again one by one.
                _logger.info(
                    "Batch rendering of %s failed, rendering one by one: %s", template.name, error
                )
        return rendered

    def _render_email(self):
        """Render this communication's email alone; rendering errors are raised."""
        self.ensure_one()
        return self.level_id.mail_template_id._generate_template(self.ids, EMAIL_FIELDS)

    def _post_emails(self, emails):
        """Post each communication's email on its chatter and queue it for sending.

        ``emails``: {communication id: rendered values}. What ``message_post`` does
        for one record (the chatter message, the outgoing email, the delivery
        notification that _check_email_delivery follows), done for the whole batch in
        three bulk creates: posted one by one, each email would also look its author
        up by address, subscribe followers and compute recipients, which made posting
        most of the sending step's time (``scripts/bench_send.py`` measures it
        against Odoo's composer). The body is the template's, without the
        notification layout, as Odoo's mass mailing sends it.

        It relies on these internals of Odoo 18's ``mail`` module, to check on an
        upgrade: ``mail.thread._mail_get_alias_domains``, ``_mail_get_companies``,
        ``_notify_get_reply_to`` and ``_notify_by_email_get_headers`` (what
        ``message_post`` fills in from the record); the fields of ``mail.message``
        (``record_alias_domain_id``, ``record_company_id``), of ``mail.mail``
        (``mail_message_id``, ``references``, ``headers``, ``recipient_ids``,
        ``is_notification``, ``auto_delete``) and of ``mail.notification``
        (``notification_type``, ``notification_status``, ``mail_mail_id``), which
        the mail queue and the chatter's delivery icons read.
        """
        if not self:
            return
        messages = self._create_email_messages(emails)
        mails = self._create_outgoing_mails(emails, messages)
        self._create_email_notifications(messages, mails)
        for communication, message, mail in zip(self, messages, mails, strict=True):
            communication.write(
                {"mail_message_id": message.id, "mail_mail_id": mail.id, "email_status": "pending"}
            )

    def _create_email_messages(self, emails):
        """The chatter messages of the batch's emails, as ``message_post`` makes them."""
        comment = self.env.ref("mail.mt_comment")
        alias_domains = self.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = self._mail_get_companies(default=self.env.company)
        # The responsible as author: Odoo tells the author when an email fails.
        responsibles = self._responsibles()
        reply_tos = self._notify_get_reply_to(default=self.env.user.partner_id.email_formatted)
        vals_list = []
        for communication in self:
            email = emails[communication.id]
            author = responsibles[communication].partner_id
            vals_list.append(
                {
                    "model": self._name,
                    "res_id": communication.id,
                    "record_name": communication.display_name,
                    "body": Markup(email["body_html"]),
                    "subject": email["subject"],
                    "email_from": email.get("email_from") or author.email_formatted,
                    "reply_to": email.get("reply_to") or reply_tos[communication.id],
                    "record_alias_domain_id": alias_domains[communication.id].id,
                    "record_company_id": companies[communication.id].id,
                    "author_id": author.id,
                    "message_type": "comment",
                    "subtype_id": comment.id,
                    "partner_ids": [Command.set(communication._email_recipients(email))],
                    "attachment_ids": [Command.set(communication._email_attachments().ids)],
                }
            )
        return self.env["mail.message"].sudo().create(vals_list)

    def _create_outgoing_mails(self, emails, messages):
        """The ``mail.mail`` of each message, kept once sent: it is the proof of what
        left, and the one email a retry may send again."""
        vals_list = []
        for communication, message in zip(self, messages, strict=True):
            # Return-Path for bounces, the record's identity, and the references a
            # reply is routed back to the chatter with.
            headers = {}
            if message.record_alias_domain_id.bounce_email:
                headers["Return-Path"] = message.record_alias_domain_id.bounce_email
            vals_list.append(
                {
                    "body_html": emails[communication.id]["body_html"],
                    "recipient_ids": [
                        Command.set(communication._email_recipients(emails[communication.id]))
                    ],
                    "is_notification": True,
                    "auto_delete": False,
                    "mail_message_id": message.id,
                    "references": message.message_id,
                    "headers": repr(communication._notify_by_email_get_headers(headers=headers)),
                }
            )
        return self.env["mail.mail"].sudo().create(vals_list)

    def _create_email_notifications(self, messages, mails):
        """One email notification per recipient, *ready*: what the mail queue updates
        and the delivery follow-up reads."""
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": message.author_id.id,
                    "mail_message_id": message.id,
                    "mail_mail_id": mail.id,
                    "res_partner_id": partner.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "is_read": True,
                }
                for message, mail in zip(messages, mails, strict=True)
                for partner in message.partner_ids
            ]
        )

    def _email_recipients(self, email):
        """The partner ids the rendered ``email`` goes to: the template's, else the
        customer."""
        self.ensure_one()
        return email.get("partner_ids") or self.partner_id.ids

    def _email_attachments(self):
        """What the email attaches: the invoices' PDFs, when the level says so."""
        self.ensure_one()
        if not self.level_id.attach_invoices:
            return self.env["ir.attachment"]
        return self._invoice_attachments()

    def _invoice_attachments(self):
        """The PDF of each invoice still due, as attachments of this communication.

        The invoice's own PDF when it was sent before, otherwise a pro-forma render.
        """
        self.ensure_one()
        invoices = self.line_ids.filtered(
            lambda line: not line.is_credit and not line.paid_before_sending
        ).move_id
        vals_list = []
        for invoice in invoices:
            document = invoice._get_invoice_legal_documents("pdf", allow_fallback=True)
            if document:
                vals_list.append(
                    {
                        "name": document["filename"],
                        "raw": document["content"],
                        "mimetype": "application/pdf",
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
        return self.env["ir.attachment"].create(vals_list)
