# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What each channel of a communication does once the sender carries it out: the
email posted, the call and the hand-over scheduled for the responsible, the history
logged on the customer and the invoices."""

from markupsafe import Markup, escape

from odoo import fields, models


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

    def _carry_out(self, email_posted=False):
        """Do what the level says (its email unless ``email_posted`` with the batch).

        A communication with an email is *Sending* until the mail server accepts it
        (see the delivery follow-up); the others are *Sent* once carried out.
        """
        self.ensure_one()
        if self.channel_email and not email_posted:
            self._post_emails(self._render_email())
        if self.channel_call:
            self._schedule_call()
        if self.channel_hand_over:
            self._schedule_hand_over()
        self._log_on_documents()
        self.write(
            {
                "state": "sending" if self.channel_email else "sent",
                "sent_date": fields.Datetime.now(),
                "send_attempts": self.send_attempts + 1,
                "failure_reason": False,
            }
        )

    def _schedule_call(self):
        # No assignment email per activity: a run schedules hundreds at once, and the
        # responsible finds them in their activities.
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._(
                "Call %(customer)s about %(amount)s overdue",
                customer=self.partner_id.name,
                amount=self._format_amount(self.amount_net),
            ),
            note=self.level_id.call_script,
            user_id=self._responsible().id,
        )

    def _schedule_hand_over(self):
        self.line_ids.move_line_id.relance_state_ids.to_hand_over = True
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Hand %(customer)s over to collection", customer=self.partner_id.name
            ),
            user_id=self._responsible().id,
        )

    def _schedule_failure_activity(self):
        """Tell the responsible that this communication needs them (once)."""
        self.ensure_one()
        summary = self.env._("Collections communication not sent")
        if self.activity_ids.filtered(lambda activity: activity.summary == summary):
            return
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_warning",
            summary=summary,
            note=escape(self.failure_reason or ""),
            user_id=self._responsible().id,
        )

    def _responsible(self):
        """The person who acts on this communication: see :meth:`_responsibles`."""
        self.ensure_one()
        return self._responsibles()[self]

    def _responsibles(self):
        """{communication: the person who acts on it}: its responsible, unless that is
        OdooBot (a scheduled run), then its company's collections responsible, looked
        up once per company."""
        by_company, responsibles = {}, {}
        for communication in self:
            user = communication.user_id
            if user and user.active and not user._is_superuser():
                responsibles[communication] = user
                continue
            company = communication.company_id
            if company not in by_company:
                by_company[company] = company._relance_responsible()
            responsibles[communication] = by_company[company]
        return responsibles

    def _log_on_documents(self):
        """Post the communication on the customer's and the invoices' chatter."""
        body = self.env._(
            "Collections: %(level)s (%(channels)s), %(amount)s claimed.",
            level=self.level_id.name,
            channels=", ".join(self.level_id._channel_labels()),
            amount=self._format_amount(self.amount_net),
        )
        # Logged as is (no message_post to escape it): plain text becomes safe HTML.
        body = escape(body)
        if self.channel_note and self.level_id.note:
            body = Markup("{}<br/>{}").format(body, self.level_id.note)
        # Posting on a customer requires write access to it, which a collector may not
        # have; the note records a fact of the run, so it is posted as superuser with
        # the collector as its author.
        author = self.env.user.partner_id.id
        invoices = self.line_ids.move_line_id.move_id
        for records in (self.partner_id, invoices):
            records.sudo()._message_log_batch(
                {record.id: body for record in records}, author_id=author
            )
