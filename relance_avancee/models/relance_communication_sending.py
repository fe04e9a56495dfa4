# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The sending step: carry out what the daily run decided, once per communication.

Who may send what, and when:
- a sender (the scheduled action or *Send Now*) takes the shared collections lock of
  the companies it sends for (``relance.run.lock``): never while a run of the same
  company writes, which would change the items under it;
- then it locks the communications it sends (``FOR UPDATE``), skipping those another
  sender holds, so no communication is carried out twice;
- then it locks the receivable lines they claim (``FOR SHARE``): a payment being
  reconciled meanwhile either waits for this sender or makes it leave the
  communication for later, so a customer who just paid is not reminded.
"""

import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero

from .relance_run_lock import CONCURRENCY_ERRORS

_logger = logging.getLogger(__name__)

# Minutes after which the sending step comes back to what it could not lock.
BUSY_RETRY_MINUTES = 2


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
def _lock_rows(records, condition, mode):
    """Lock the rows of ``records`` that meet ``condition``, in ``mode`` (``FOR
    UPDATE``, ``FOR SHARE``), skipping those another transaction holds; return the
    ids locked."""
    rows = records.env.execute_query(
        SQL(
            "SELECT id FROM %s WHERE id IN %s AND %s %s SKIP LOCKED",
            SQL.identifier(records._table),
            tuple(records.ids),
            condition,
            mode,
        )
    )
    return {row[0] for row in rows}


class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_send_queued(self, batch_size=200):
        """Scheduled action: send one batch of queued communications, follow the emails
        the mail queue handled, and report progress to Odoo's runner."""
        sent = self.browse()
        remaining = 0
        try:
            with self.env.cr.savepoint():
                sent, remaining, busy = self._send_next_batch(batch_size)
        except CONCURRENCY_ERRORS as error:
            # Another transaction changed what this one read: start again shortly,
            # in a new transaction. Nothing of this batch was written.
            _logger.info("Collections sending postponed: %s", error)
            busy = True
        try:
            with self.env.cr.savepoint():
                if self._check_email_delivery(batch_size):
                    # A payment is locking what some emails claim: back shortly.
                    busy = True
        except CONCURRENCY_ERRORS as error:
            # Someone changed one of these emails meanwhile (Odoo's Resend): what was
            # sent above stays; the follow-up is done again shortly.
            _logger.info("Collections delivery follow-up postponed: %s", error)
            busy = True
        if busy:
            self.env["relance.run.lock"]._retry_later(
                "relance_avancee.ir_cron_relance_send", BUSY_RETRY_MINUTES
            )
        self.env["ir.cron"]._notify_progress(done=len(sent), remaining=remaining)

    @api.model
    def _send_next_batch(self, batch_size):
        """Send the next ``batch_size`` queued communications of the companies no run
        holds. Returns (communications carried out, queued left, whether some work
        was left for later because it was busy)."""
        domain = [("state", "=", "queued")]
        companies = {company.id for [company] in self._read_group(domain, ["company_id"])}
        free = self.env["relance.run.lock"]._acquire_shared(companies)
        domain.append(("company_id", "in", list(free)))
        candidates = self.search(domain, limit=batch_size, order="id")
        locked = candidates._lock_for_sending(("queued",))
        sent = locked._send()
        remaining = self.search_count(domain)
        return sent, remaining, free != companies or locked != candidates or sent != locked

    def action_send_now(self):
        """Button: send these queued or failed communications now.

        Refused as a whole, with what happened to them, when some were already handled
        (by the scheduled action or another user) or are being sent right now.
        """
        handled = self.filtered(lambda c: c.state not in ("queued", "failed"))
        if handled:
            raise UserError(self._already_handled_message(handled))
        busy = set(self.company_id.ids) - self.env["relance.run.lock"]._acquire_shared(
            self.company_id.ids
        )
        locked = self._lock_for_sending(("queued", "failed"))
        if busy or locked != self:
            raise UserError(
                self.env._(
                    "Some of these communications are being run or sent by someone else "
                    "right now: nothing was sent. Try again in a minute."
                )
            )
        # Carried out already, only the email failed: that same email goes again.
        requeued = self.filtered(lambda c: c.state == "failed" and c.email_status == "failed")
        busy = requeued._requeue_email_by_hand()
        sent = (self - requeued)._send()
        if busy or sent != self - requeued:
            raise UserError(self._payment_in_progress_message())
        return True

    def _payment_in_progress_message(self):
        return self.env._(
            "A payment is being recorded on some of these invoices right now: "
            "nothing was sent. Try again in a minute."
        )

    def _already_handled_message(self, handled):
        """What a user is told when asking to send what was already handled."""
        states = dict(self._fields["state"]._description_selection(self.env))
        details = ", ".join(
            self.env._(
                "%(communication)s: %(state)s",
                communication=communication.display_name,
                state=states[communication.state],
            )
            for communication in handled
        )
        return self.env._(
            "Nothing was sent: these communications were already handled (%(details)s). "
            "Only queued or failed communications can be sent.",
            details=details,
        )

    def _lock_for_sending(self, states):
        """Lock the rows a sender handles, skipping rows another sender holds.

        Returns the communications locked and still in one of ``states``. Raises a
        serialization failure when another sender changed one of them after this
        transaction's view was taken.
        """
        if not self:
            return self
        self.flush_recordset()
        locked = _lock_rows(self, SQL("state IN %s", tuple(states)), SQL("FOR UPDATE"))
        return self.filtered(lambda c: c.id in locked)

    def _lock_claimed_lines(self):
        """Lock the receivable lines these communications claim; return the
        communications whose lines are all locked.

        ``FOR SHARE``: a reconciliation updates these lines, so it waits for this
        transaction, and one that committed after this transaction's view was taken
        raises a serialization failure here instead of going unseen. A line locked by
        a reconciliation in progress leaves its communication for the next round.
        """
        move_lines = self.line_ids.move_line_id
        if not move_lines:
            return self
        move_lines.flush_recordset()
        locked = _lock_rows(move_lines, SQL("TRUE"), SQL("FOR SHARE"))
        return self.filtered(lambda c: all(id_ in locked for id_ in c.line_ids.move_line_id.ids))

    def _send(self):
        """Re-read what is still due, then carry out each communication's actions.

        Returns the communications handled (carried out, cancelled or failed); those
        whose lines a payment is locking are left queued for the next round.
        Emails are queued for Odoo's mail queue, not sent during the batch: a slow or
        unreachable mail server must not hold the batch (and the queue retries).
        """
        self = self.with_context(mail_notify_force_send=False)
        handled = self._lock_claimed_lines()
        still_due = handled._drop_paid_items()
        emails = still_due.filtered("channel_email")._render_emails()
        posted = self.browse()
        batch = still_due.filtered(lambda c: c.id in emails)
        try:
            with self.env.cr.savepoint():
                batch._post_emails(emails)
        except CONCURRENCY_ERRORS:
            raise
        except Exception as error:
            # Posted one by one below instead, each failure kept on its communication.
            _logger.info("Posting the batch's emails failed, one by one instead: %s", error)
        else:
            posted = batch
        for communication in still_due:
            try:
                with self.env.cr.savepoint():
                    communication._carry_out(email_posted=communication in posted)
            except CONCURRENCY_ERRORS:
                # Not the communication's fault: the whole batch starts again later.
                raise
            except Exception as error:
                if communication in posted:
                    # Sent again later with everything else: its email must not
                    # leave now (the mail queue only sends what is committed).
                    communication._withdraw_email()
                communication._record_failure(error)
        return handled

    def _record_failure(self, error):
        """Keep why sending failed on the communication, which stays to be sent again.

        Any failure (rendering, access, a missing template) is recorded, the batch
        goes on, and the responsible gets an activity: a failed communication waits
        for a person.
        """
        self.ensure_one()
        _logger.info("Collections communication %s failed: %s", self.id, error)
        self.write(
            {
                "state": "failed",
                "failure_reason": str(error),
                "send_attempts": self.send_attempts + 1,
            }
        )
        self._schedule_failure_activity()

    def _drop_paid_items(self):
        """Mark items paid since the run; cancel communications with nothing left due.

        Returns the communications that still have something due.
        """
        lines = self.line_ids.filtered(lambda line: not line.is_credit)
        for line in lines:
            move_line = line.move_line_id
            if move_line.reconciled or float_is_zero(
                move_line.amount_residual_currency,
                precision_rounding=move_line.currency_id.rounding,
            ):
                line.paid_before_sending = True
        empty = self.filtered(
            lambda c: all(line.paid_before_sending for line in c.line_ids if not line.is_credit)
        )
        empty.write(
            {"state": "cancelled", "cancel_reason": self.env._("Nothing left due when sending.")}
        )
        return self - empty

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
