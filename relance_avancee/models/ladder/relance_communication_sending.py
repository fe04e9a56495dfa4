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
  communication for later, so a customer who just paid is not reminded."""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...engine import delivery
from ...engine.delivery import RecipientOutcome
from .relance_run_lock import CONCURRENCY_ERRORS

_logger = logging.getLogger(__name__)

# Minutes after which the sending step comes back to what it could not lock.
BUSY_RETRY_MINUTES = 2


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


# What the sending step renders of an email template.
EMAIL_FIELDS = ("subject", "body_html", "email_from", "reply_to", "partner_to")


class RelanceCommunicationSending(models.AbstractModel):
    _name = "relance.communication.sending"
    _description = "Communication: its sending and delivery"

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

    # ------------------------------------------------------------------
    # Email transport: render a batch's emails, post them, and keep one email each.
    #
    # A communication has at most one ``mail.mail`` (``mail_mail_id``) that can ever leave:
    # the mail server being down or refusing it, the delivery follow-up puts *that* email
    # back in the queue, *Send Now* on a failed communication does the same, and so does
    # Odoo's own *Resend* on the chatter's failed notification. No retry makes a second copy.
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # An email that did not leave: put back in the queue (the same email, never a copy),
    # sent again by hand (*Send Now*, Odoo's *Resend*), rendered again when what it claims
    # changed, or withdrawn when nothing is claimed any more.
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Delivery follow-up: what became of each email the mail queue handled.
    #
    # Odoo's mail queue reports each recipient's fate on a ``mail.notification``; the
    # engine's ``email_verdict`` weighs them all (a level's template may write to more than
    # the customer). A communication with an email stays *Sending* until it is known:
    # - delivered (the mail server accepted it): *Sent*;
    # - the mail server could not be reached (connection refused or timed out, TLS or login
    # refused): an outage, not the email's fault. The same email goes back to the queue
    # later, each time a little later (15 minutes, doubling, at most 4 hours), and no
    # attempt is counted, so nothing is lost however long the outage lasts. The
    # responsible is told once per outage;
    # - refused by the mail server (it answered, and said no): one of the policy's *Email
    # Attempts* is used, and the same email goes back to the queue later, to the
    # recipients it did not reach only; when they are used up, the communication is
    # *Failed* and its responsible gets an activity;
    # - the connection broke while it was being sent, or it was deleted from the queue:
    # *Failed* at once, for a person to decide (it may have left: sending it again by
    # itself could send it twice);
    # - bounced (a delivery-status notification came back through the mail gateway, even
    # after it was accepted): not retried, the communication falls back to a letter.
    # Before an email goes back to the queue, what it claims is read again: paid meanwhile,
    # the communication is cancelled and its email withdrawn.
    # ------------------------------------------------------------------
    @api.model
    def _check_email_delivery(self, batch_size=1000):
        """Follow the emails the mail queue handled since the last call.

        Returns the communications left for the next call: their email must go back
        to the queue, but a payment being recorded is locking what they claim.
        """
        verdicts = self._email_verdicts(batch_size)
        by_verdict = {}
        for communication, (verdict, _reason) in verdicts.items():
            by_verdict[verdict] = by_verdict.get(verdict, self.browse()) | communication
        delivered = by_verdict.get(delivery.SENT, self.browse())
        delivered.write(
            {"state": "sent", "email_status": "sent", "sent_date": fields.Datetime.now()}
        )
        for communication in delivered:
            # Set only when a recipient without a valid address was left out.
            communication.failure_reason = verdicts[communication][1]
        for communication in by_verdict.get(delivery.BOUNCED, []):
            communication._fall_back_to_letter()
        for verdict in (delivery.HOPELESS, delivery.INTERRUPTED, delivery.MISSING):
            for communication in by_verdict.get(verdict, []):
                communication._give_up_email(verdicts[communication][1])
        retry = by_verdict.get(delivery.OUTAGE, self.browse()) | by_verdict.get(
            delivery.REFUSED, self.browse()
        )
        still_due, busy = retry._still_due_before_retry()
        outage = still_due & by_verdict.get(delivery.OUTAGE, self.browse())
        outage._defer_emails({c: verdicts[c][1] for c in outage}, refused=False)
        refused = still_due - outage
        refused._defer_emails({c: verdicts[c][1] for c in refused}, refused=True)
        if outage:
            outage._report_outage()
        return busy

    @api.model
    def _email_verdicts(self, limit):
        """{communication: (verdict, reason)} of the emails still *Sending* that the
        mail queue is done with (or that vanished from it), in one read each of the
        communications, their notifications and their emails."""
        finished = ("sent", "bounce", "exception", "canceled")
        waiting = self.sudo().search(
            [
                ("state", "=", "sending"),
                "|",
                ("mail_mail_id", "=", False),
                ("mail_message_id.notification_ids.notification_status", "in", finished),
            ],
            order="id",
            limit=limit,
        )
        waiting = waiting.with_env(self.env)
        notifications = waiting._email_notifications_by_communication()
        waiting.sudo().mail_mail_id.fetch(["state", "failure_type", "failure_reason"])
        verdicts = {}
        for communication in waiting:
            mine = notifications[communication]
            verdict = communication._email_verdict(mine)
            if verdict != delivery.WAITING:
                verdicts[communication] = (verdict, communication._verdict_reason(verdict, mine))
        return verdicts

    def _email_verdict(self, notifications):
        """engine.delivery's verdict on this communication's email, from its
        recipients' ``notifications``."""
        self.ensure_one()
        mail = self.sudo().mail_mail_id
        # Odoo marks an email in exception before sending it: broken off in the
        # middle, it stays so, with no failure type of its own.
        interrupted = (
            mail.state == "exception"
            and not mail.failure_type
            and "unknown" in notifications.mapped("failure_type")
        )
        return delivery.email_verdict(
            [RecipientOutcome(n.notification_status, n.failure_type) for n in notifications],
            email_exists=bool(mail),
            interrupted=interrupted,
        )

    def _verdict_reason(self, verdict, notifications):
        """What the communication says about its email, given the ``verdict``."""
        self.ensure_one()
        failed = notifications.filtered(lambda n: n.notification_status == "exception")
        if verdict == delivery.INTERRUPTED:
            return self.env._(
                "The connection to the mail server broke while this email was being "
                "sent: it may have left. Check with the customer or the mail server's "
                "log before sending it again."
            )
        if verdict == delivery.MISSING:
            return self.env._(
                "The email was deleted from the mail queue before it left. Send Now "
                "prepares a new one."
            )
        if verdict == delivery.SENT:
            if not failed:
                return False
            return self.env._(
                "Not sent to %(recipients)s: no valid email address.",
                recipients=", ".join(failed.res_partner_id.mapped("display_name")),
            )
        # A connection failure leaves its reason on the email only.
        reasons = failed.mapped("failure_reason") + [self.sudo().mail_mail_id.failure_reason]
        return next((r for r in reasons if r), None) or failed[:1].failure_type or ""

    def _defer_emails(self, reasons, refused):
        """Put these emails back in the queue for later; ``refused``: the mail server
        answered no, which uses one of the policy's attempts. ``reasons``:
        {communication: why it was not sent}."""
        now = fields.Datetime.now()
        when_by_communication = {}
        for communication in self:
            reason = reasons[communication]
            attempts = communication.email_attempts + (1 if refused else 0)
            if refused and attempts >= communication.policy_id.email_max_attempts:
                communication.email_attempts = attempts
                communication._give_up_email(
                    self.env._(
                        "The mail server refused the email %(count)s times: %(reason)s",
                        count=attempts,
                        reason=reason,
                    )
                )
                continue
            deferrals = communication.email_deferrals + 1
            when = now + timedelta(minutes=delivery.retry_delay(deferrals))
            when_by_communication[communication] = when
            communication.write(
                {
                    "email_status": "deferred",
                    "email_attempts": attempts,
                    "email_deferrals": deferrals,
                    "email_next_attempt": when,
                    "failure_reason": self.env._(
                        "Not sent yet (%(reason)s). Next attempt at %(when)s.",
                        reason=reason,
                        when=fields.Datetime.context_timestamp(self, when).strftime("%H:%M"),
                    ),
                }
            )
        deferred = self.browse(communication.id for communication in when_by_communication)
        deferred._requeue_emails(when_by_communication, reasons)
        # Odoo's queue runs hourly; the retries are due earlier or later than that.
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        for when in sorted(set(when_by_communication.values())):
            queue._trigger(when)

    def _give_up_email(self, reason):
        """The email will not leave by itself: *Failed*, and a person is told. *Send
        Now* sends that same email again."""
        self.ensure_one()
        self.write(
            {
                "state": "failed",
                "email_status": "failed",
                "email_next_attempt": False,
                "failure_reason": reason,
            }
        )
        self._schedule_failure_activity()

    def _report_outage(self):
        """Log the outage, and tell each company's responsible once per outage (the
        first time its emails are put back)."""
        first = self.filtered(lambda c: c.email_deferrals == 1)
        _logger.warning(
            "Collections: the mail server could not be reached for %s email(s) (%s); "
            "they will be tried again later.",
            len(self),
            self[:1].sudo().mail_mail_id.failure_reason or "",
        )
        for company, communications in first.grouped("company_id").items():
            responsible = company._relance_responsible()
            body = self.with_context(lang=responsible.lang).env._(
                "The mail server could not be reached: %(count)s collections email(s) "
                "of %(company)s wait and are tried again automatically. Check the "
                "outgoing mail server if this lasts.",
                count=len(communications),
                company=company.name,
            )
            self.env["mail.thread"].sudo().message_notify(
                model=self._name,
                res_id=communications[0].id,
                partner_ids=responsible.partner_id.ids,
                body=body,
                subject=self.env._("Collections emails waiting for the mail server"),
            )

    def _fall_back_to_letter(self):
        self.ensure_one()
        self.write(
            {
                "state": "sent",
                "email_status": "bounced",
                "letter_fallback": True,
                "letter_printed": False,
                "email_next_attempt": False,
            }
        )
        self.partner_id.message_post(
            body=self.env._(
                "Collections email bounced: %(level)s will be sent as a letter.",
                level=self.level_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
