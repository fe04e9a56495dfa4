# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Delivery follow-up: what became of each email the mail queue handled.

Odoo's mail queue reports each recipient's fate on a ``mail.notification``; the
engine's ``email_verdict`` weighs them all (a level's template may write to more than
the customer). A communication with an email stays *Sending* until it is known:
- delivered (the mail server accepted it): *Sent*;
- the mail server could not be reached (connection refused or timed out, TLS or login
  refused): an outage, not the email's fault. The same email goes back to the queue
  later, each time a little later (15 minutes, doubling, at most 4 hours), and no
  attempt is counted, so nothing is lost however long the outage lasts. The
  responsible is told once per outage;
- refused by the mail server (it answered, and said no): one of the policy's *Email
  Attempts* is used, and the same email goes back to the queue later, to the
  recipients it did not reach only; when they are used up, the communication is
  *Failed* and its responsible gets an activity;
- the connection broke while it was being sent, or it was deleted from the queue:
  *Failed* at once, for a person to decide (it may have left: sending it again by
  itself could send it twice);
- bounced (a delivery-status notification came back through the mail gateway, even
  after it was accepted): not retried, the communication falls back to a letter.
Before an email goes back to the queue, what it claims is read again: paid meanwhile,
the communication is cancelled and its email withdrawn.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models

from ..engine import delivery
from ..engine.delivery import RecipientOutcome

_logger = logging.getLogger(__name__)


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

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

    def _message_receive_bounce(self, email, partner):
        """The mail gateway received a bounce of this communication's email, for one
        of its recipients."""
        result = super()._message_receive_bounce(email, partner)
        for communication in self:
            recipients = communication.sudo().mail_message_id.partner_ids
            if communication.email_status != "bounced" and (not partner or recipients & partner):
                communication._fall_back_to_letter()
        return result
