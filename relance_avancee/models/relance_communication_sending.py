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
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
    query = SQL(
        "SELECT id FROM %s WHERE id IN %s AND %s %s SKIP LOCKED",
        SQL.identifier(records._table),
        tuple(records.ids),
        condition,
        mode,
    )
    records.env.flush_query(query)
    # A row another transaction changed since this one began cannot be locked: a
    # serialization failure, after which Odoo runs the request or the job again. It
    # is what a race is expected to give, not a bad query to log as an error.
    records.env.cr.execute(query, log_exceptions=False)
    return {row[0] for row in records.env.cr.fetchall()}


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
        """Send these communications, each company's in its language: what the
        sending step writes for the company's people (chatter notes, activities,
        tracking) is read by them, not by the user who runs the scheduled action.
        What the customer reads follows the customer's language (the templates').
        Returns what :meth:`_send_in_company_language` handled."""
        handled = self.browse()
        for company, communications in self.grouped("company_id").items():
            localized = communications.with_context(lang=company._relance_lang())
            handled |= localized._send_in_company_language().with_env(self.env)
        return handled

    def _send_in_company_language(self):
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
        debts = self.line_ids.filtered(lambda line: not line.is_credit)
        debts.filtered(
            lambda line: not line.move_line_id._relance_is_open()
        ).paid_before_sending = True
        empty = self.filtered(
            lambda c: all(line.paid_before_sending for line in c.line_ids if not line.is_credit)
        )
        empty.write(
            {"state": "cancelled", "cancel_reason": self.env._("Nothing left due when sending.")}
        )
        return self - empty

    @api.model
    def _hold_emails(self, mails):
        """Of ``mails``, about to leave the mail queue, those of collections emails
        that must not leave now: paid meanwhile (the communication is cancelled and
        the email withdrawn), or another transaction holds the communication or a
        payment being recorded its lines (they leave a couple of minutes later)."""
        communications = self.sudo().search(
            [("mail_mail_id", "in", mails.ids), ("state", "=", "sending")]
        )
        if not communications:
            return mails.browse()
        ours = communications.mail_mail_id
        locked = communications._lock_for_sending(("sending",))
        still_due, busy = locked._still_due_before_retry()
        later = communications - still_due - (locked - busy)
        if later:
            when = fields.Datetime.now() + timedelta(minutes=BUSY_RETRY_MINUTES)
            later.mail_mail_id.write({"scheduled_date": when})
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger(when)
        return ours - still_due.mail_mail_id
