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

from odoo import Command, fields, models
from odoo.exceptions import UserError

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

        ``emails``: {communication id: rendered values}. What message_post does for
        one record (the chatter message, the outgoing email, the delivery
        notification that _check_email_delivery follows), done for the whole batch in
        three bulk creates: posted one by one, each email would also look its author
        up by address, subscribe followers and compute recipients, which made posting
        most of the sending step's time. The body is the template's, without the
        notification layout, as Odoo's mass mailing sends it.
        """
        if not self:
            return
        comment = self.env.ref("mail.mt_comment")
        # What message_post fills in from the record, computed for the batch.
        alias_domains = self.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = self._mail_get_companies(default=self.env.company)
        # The responsible as author: Odoo tells the author when an email fails.
        responsibles = self._responsibles()
        reply_tos = self._notify_get_reply_to(default=self.env.user.partner_id.email_formatted)
        message_vals, mail_vals = [], []
        for communication in self:
            email = emails[communication.id]
            author = responsibles[communication].partner_id
            attachments = (
                communication._invoice_attachments()
                if communication.level_id.attach_invoices
                else self.env["ir.attachment"]
            )
            recipients = email.get("partner_ids") or communication.partner_id.ids
            message_vals.append(
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
                    "partner_ids": [Command.set(recipients)],
                    "attachment_ids": [Command.set(attachments.ids)],
                }
            )
            mail_vals.append(
                {
                    "body_html": email["body_html"],
                    "recipient_ids": [Command.set(recipients)],
                    "is_notification": True,
                    # Kept once sent: it is the proof of what left, and the one email
                    # a retry may send again.
                    "auto_delete": False,
                }
            )
        messages = self.env["mail.message"].sudo().create(message_vals)
        for communication, vals, message in zip(self, mail_vals, messages, strict=True):
            # Return-Path for bounces, the record's identity, and the references a
            # reply is routed back to the chatter with.
            headers = {}
            if message.record_alias_domain_id.bounce_email:
                headers["Return-Path"] = message.record_alias_domain_id.bounce_email
            vals.update(
                mail_message_id=message.id,
                references=message.message_id,
                headers=repr(communication._notify_by_email_get_headers(headers=headers)),
            )
        mails = self.env["mail.mail"].sudo().create(mail_vals)
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
        for communication, message, mail in zip(self, messages, mails, strict=True):
            communication.write(
                {
                    "mail_message_id": message.id,
                    "mail_mail_id": mail.id,
                    "email_status": "pending",
                }
            )

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

    def _withdraw_email(self):
        """Delete the email the batch queued for this communication, not yet sent."""
        self.ensure_one()
        message = self.mail_message_id.sudo()
        self.mail_mail_id.sudo().unlink()
        self.write({"mail_message_id": False, "mail_mail_id": False, "email_status": False})
        message.unlink()

    def _withdraw_unsent_email(self):
        """Nothing is claimed any more: the email does not go again. Withdrawn if it
        reached no one; otherwise it stays in the chatter as the proof of what left,
        and goes to no one else."""
        self.ensure_one()
        notifications = self._email_notifications()
        if "sent" not in notifications.mapped("notification_status"):
            self._withdraw_email()
            return
        self.mail_mail_id.sudo().write({"state": "cancel"})
        notifications.filtered(lambda n: n.notification_status != "sent").write(
            {"notification_status": "canceled"}
        )

    def _render_email_again(self):
        """Render this communication's email again (what it claims changed), into the
        same email: it stays the one email of the communication."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                email = self._render_email()[self.id]
        except Exception as error:
            # The template broke since: the email goes as first rendered rather
            # than not at all (its items paid since are marked on the communication).
            _logger.info("Collections email %s not rendered again: %s", self.id, error)
            return
        self.mail_mail_id.sudo().write({"body_html": email["body_html"]})
        self.mail_message_id.sudo().write(
            {"body": Markup(email["body_html"]), "subject": email["subject"]}
        )

    def _requeue_email(self, when, reason=False):
        """Put this communication's one email back in the mail queue, to leave at
        ``when``, for the recipients it did not reach (the others have it); their
        notifications are ready again (no failure shown meanwhile)."""
        self.ensure_one()
        notifications = self._email_notifications().filtered(
            lambda n: n.notification_status != "sent"
        )
        self.mail_mail_id.sudo().write(
            {
                "state": "outgoing",
                "scheduled_date": when,
                "failure_reason": reason,
                # Cleared: Odoo leaves none when it is interrupted while sending.
                "failure_type": False,
                "recipient_ids": [Command.set(notifications.res_partner_id.ids)],
            }
        )
        notifications.write(
            {"notification_status": "ready", "failure_type": False, "failure_reason": False}
        )

    def _requeue_email_by_hand(self):
        """*Send Now* on communications whose email failed: the same email again, with
        a fresh allowance of refusals; a new one only where it was deleted (an invalid
        address or a person: it could not leave).

        What they claim is read again first (see _still_due_before_retry). Returns the
        communications left alone because a payment being recorded locks their lines.
        """
        still_due, busy = self._still_due_before_retry()
        now = fields.Datetime.now()
        for communication in still_due:
            if communication.mail_mail_id:
                communication._requeue_email(now)
            else:
                communication._post_emails(communication._render_email())
        still_due.write(
            {
                "state": "sending",
                "email_status": "pending",
                "email_attempts": 0,
                "email_deferrals": 0,
                "email_next_attempt": False,
                "failure_reason": False,
            }
        )
        if still_due:
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger(now)
        return busy

    def _email_notifications(self):
        """The delivery notifications of this communication's email, one per
        recipient."""
        self.ensure_one()
        return (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "=", self.mail_message_id.id),
                    ("notification_type", "=", "email"),
                ]
            )
        )

    def _notify_thread_by_email(self, message, recipients_data, msg_vals=False, **kwargs):
        """Odoo's *Resend* on this communication's failed email sends that same email
        again, never a copy: the customer would otherwise get one per attempt."""
        if kwargs.get("resend_existing") and message == self.mail_message_id:
            # Only an email that failed and was not put back meanwhile: a sent or
            # queued one would leave twice.
            failed = self.filtered(
                lambda c: c.state in ("sending", "failed")
                and c.mail_mail_id.sudo().state == "exception"
            )
            if failed._requeue_email_by_hand():
                raise UserError(failed._payment_in_progress_message())
            return True
        return super()._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )
