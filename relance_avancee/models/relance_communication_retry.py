# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An email that did not leave: put back in the queue (the same email, never a copy),
sent again by hand (*Send Now*, Odoo's *Resend*), rendered again when what it claims
changed, or withdrawn when nothing is claimed any more."""

import logging

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

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

    def _requeue_emails(self, when, reasons=None):
        """Put these communications' emails back in the mail queue, each to leave at
        ``when[communication]``, for the recipients it did not reach (the others have
        it); their notifications are ready again (no failure shown meanwhile).
        ``reasons``: {communication: why the last attempt failed}, kept on the email.
        """
        reasons = reasons or {}
        notifications = self._email_notifications_by_communication()
        unreached = self.env["mail.notification"].sudo()
        for communication in self:
            waiting = notifications[communication].filtered(
                lambda n: n.notification_status != "sent"
            )
            unreached |= waiting
            communication.mail_mail_id.sudo().write(
                {
                    "state": "outgoing",
                    "scheduled_date": when[communication],
                    "failure_reason": reasons.get(communication, False),
                    # Cleared: Odoo leaves none when it is interrupted while sending.
                    "failure_type": False,
                    "recipient_ids": [Command.set(waiting.res_partner_id.ids)],
                }
            )
        unreached.write(
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
        queued = still_due.filtered("mail_mail_id")
        queued._requeue_emails(dict.fromkeys(queued, now))
        for communication in still_due - queued:
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
        return self._email_notifications_by_communication()[self]

    def _email_notifications_by_communication(self):
        """{communication: the delivery notifications of its email}, in one search."""
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "in", self.mail_message_id.ids),
                    ("notification_type", "=", "email"),
                ]
            )
        )
        by_message = notifications.grouped("mail_message_id")
        return {
            communication: by_message.get(communication.mail_message_id, notifications.browse())
            for communication in self
        }

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

    def _still_due_before_retry(self):
        """Before these emails go back to the queue, read again what they claim.

        Returns (the communications still due, those left for later because a
        payment being recorded locks their lines). Those paid meanwhile are cancelled
        and their email withdrawn; those partly paid get their email rendered again,
        so that it claims only what is still due.
        """
        free = self._lock_claimed_lines()
        paid_before = {line.id for line in free.line_ids if line.paid_before_sending}
        still_due = free._drop_paid_items()
        for communication in free - still_due:
            communication._withdraw_unsent_email()
        changed = still_due.filtered(
            lambda c: any(
                line.paid_before_sending and line.id not in paid_before for line in c.line_ids
            )
        )
        for communication in changed:
            communication._render_email_again()
        return still_due, self - free
