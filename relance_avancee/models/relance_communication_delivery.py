# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Delivery follow-up: what became of each email the mail queue handled.

Odoo's mail queue reports each email's fate on its ``mail.notification`` (status,
failure type). A communication with an email stays *Sending* until it is known:
- delivered (the mail server accepted it): *Sent*;
- the mail server could not be reached (failure type ``mail_smtp``: connection
  refused or timed out, TLS or login refused): an outage, not the email's fault. The
  same email goes back to the queue later, each time a little later (15 minutes, then
  twice as long each time, at most 4 hours), and no attempt is counted, so nothing is
  lost however long the outage lasts. The responsible is told once per outage.
- refused by the mail server (it answered, and said no): one of the policy's *Email
  Attempts* is used, and the same email goes back to the queue later; when they are
  used up, the communication is *Failed* and its responsible gets an activity;
- bounced (a delivery-status notification came back through the mail gateway, even
  after it was accepted): not retried, the communication falls back to a letter.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

RETRY_FIRST_MINUTES = 15
RETRY_MAX_MINUTES = 240
# Failures where the mail server never answered about this email: an outage.
OUTAGE_FAILURES = ("mail_smtp",)
# Failures no retry can mend: Odoo deleted the email (no valid address to send to).
HOPELESS_FAILURES = ("mail_email_invalid", "mail_email_missing")


def retry_delay(deferrals):
    """Minutes before the next try of an email put back ``deferrals`` times."""
    return min(RETRY_FIRST_MINUTES * 2 ** max(deferrals - 1, 0), RETRY_MAX_MINUTES)


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _check_email_delivery(self, batch_size=1000):
        """Follow the emails the mail queue handled since the last call."""
        outcomes = self._email_outcomes(batch_size)
        delivered = self.browse(c.id for c, n in outcomes if n.notification_status == "sent")
        delivered.write(
            {
                "state": "sent",
                "email_status": "sent",
                "sent_date": fields.Datetime.now(),
                "failure_reason": False,
            }
        )
        outage = self.browse()
        for communication, notification in outcomes:
            status, failure = notification.notification_status, notification.failure_type
            # A connection failure leaves its reason on the email only.
            reason = (
                notification.failure_reason
                or communication.mail_mail_id.failure_reason
                or notification.failure_type
            )
            if status == "bounce":
                communication._fall_back_to_letter()
            elif status != "exception":
                continue
            elif failure in OUTAGE_FAILURES:
                communication._defer_email(reason, refused=False)
                outage |= communication
            elif failure in HOPELESS_FAILURES or not communication.mail_mail_id:
                communication._give_up_email(reason)
            else:
                communication._defer_email(reason, refused=True)
        if outage:
            outage._report_outage()
        return outcomes

    @api.model
    def _email_outcomes(self, limit):
        """[(communication, customer's notification)] of the emails still *Sending*
        whose fate the mail queue reported."""
        Notification = self.env["mail.notification"].sudo()
        waiting = self.search([("state", "=", "sending")], order="id")
        notifications = Notification.search_fetch(
            [
                ("mail_message_id", "in", waiting.mail_message_id.ids),
                ("notification_type", "=", "email"),
                ("notification_status", "in", ("sent", "bounce", "exception")),
            ],
            [
                "mail_message_id",
                "res_partner_id",
                "notification_status",
                "failure_type",
                "failure_reason",
            ],
        )
        by_key = {(n.mail_message_id.id, n.res_partner_id.id): n for n in notifications}
        outcomes = []
        for communication in waiting:
            notification = by_key.get(
                (communication.mail_message_id.id, communication.partner_id.id)
            )
            if notification:
                outcomes.append((communication, notification))
        return outcomes[:limit]

    def _defer_email(self, reason, refused):
        """Put the email back in the queue for later; ``refused``: the mail server
        answered no, which uses one of the policy's attempts."""
        self.ensure_one()
        attempts = self.email_attempts + (1 if refused else 0)
        if refused and attempts >= self.policy_id.email_max_attempts:
            self.email_attempts = attempts
            self._give_up_email(
                self.env._(
                    "The mail server refused the email %(count)s times: %(reason)s",
                    count=attempts,
                    reason=reason,
                )
            )
            return
        deferrals = self.email_deferrals + 1
        when = fields.Datetime.now() + timedelta(minutes=retry_delay(deferrals))
        self._requeue_email(when, reason)
        self.write(
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
            self[:1].mail_mail_id.failure_reason or "",
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
        """The mail gateway received a bounce of this communication's email."""
        result = super()._message_receive_bounce(email, partner)
        for communication in self:
            if communication.email_status != "bounced" and (
                not partner or communication.partner_id in partner
            ):
                communication._fall_back_to_letter()
        return result
