# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What happens to a reminder email after the sending step, through Odoo's real mail
queue (``mail.mail.process_email_queue``) with only the SMTP connection replaced: the
mail server accepts it, cannot be reached, refuses it, or it bounces."""

import smtplib
from contextlib import nullcontext
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import RelanceCommon

START = datetime(2026, 2, 20, 9, 0)
DELIVERY_LOGGER = "odoo.addons.relance_avancee.models.ladder.relance_communication_sending"


class EmailDeliveryCase(RelanceCommon, MockSmtplibCase):
    """One reminder email queued by the sending step, and rounds of the mail queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.relance_user_id = cls.collections_user

    def setUp(self):
        super().setUp()
        with freeze_time(START):
            self.invoices = self._post(
                [
                    self._invoice(self.business, 100.0, "2026-02-01"),
                    self._invoice(self.business, 250.0, "2026-02-01"),
                ]
            )
            self.communication = self._run(self.business)
            self.env["relance.communication"]._cron_send_queued()
        self.assertRecordValues(
            self.communication, [{"state": "sending", "email_status": "pending"}]
        )

    def _round(self, when, server="up", to="garage@example.com"):
        """One round at ``when``: Odoo's mail queue, then the delivery follow-up.

        ``server``: "up" accepts, "down" refuses the connection, "refuses" answers
        550 to ``to``, "drops" breaks the connection in the middle of the email.
        Returns what reached the mail server for ``to`` (the responsible's own
        notifications may go by email too).
        """
        with (
            freeze_time(when),
            self.mock_smtplib_connection(),
            mute_logger("odoo.addons.mail.models.mail_mail", DELIVERY_LOGGER),
        ):
            session = self.testing_smtp_session
            if server == "down":
                failing = patch("smtplib.SMTP", side_effect=ConnectionRefusedError(111, "refused"))
            elif server == "refuses":
                failing = patch.object(
                    session, "send_message", side_effect=self._refuse(session.send_message, to)
                )
            elif server == "drops":
                error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
                failing = patch.object(session, "send_message", side_effect=error)
            else:
                failing = nullcontext()
            with failing:
                self.env["mail.mail"].process_email_queue()
            self.env["relance.communication"]._check_email_delivery()
        return [email for email in self.emails if to in email["smtp_to_list"]]

    @staticmethod
    def _refuse(send_message, address):
        """A send_message that answers 550 for ``address`` and accepts the others."""

        def refuse(message, smtp_from, smtp_to_list):
            if address in smtp_to_list:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 Mailbox unavailable")})
            return send_message(message, smtp_from, smtp_to_list)

        return refuse

    def _mails(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "relance.communication"), ("res_id", "=", self.communication.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestRelanceEmailDelivery(EmailDeliveryCase):
    def test_delivered(self):
        emails = self._round(START + timedelta(minutes=5))
        self.assertEqual(len(emails), 1)
        self.assertIn("garage@example.com", emails[0]["smtp_to_list"])
        self.assertRecordValues(
            self.communication,
            [
                {
                    "state": "sent",
                    "email_status": "sent",
                    "email_attempts": 0,
                    "failure_reason": False,
                }
            ],
        )

    def test_an_outage_uses_no_attempt_and_loses_nothing(self):
        # Five rounds without a mail server, each when the email is due again: the
        # delay doubles and the policy's three attempts stay untouched.
        when = START + timedelta(minutes=5)
        for deferrals, delay in enumerate((15, 30, 60, 120, 240), start=1):
            self.assertEqual(self._round(when, server="down"), [])
            self.assertRecordValues(
                self.communication,
                [
                    {
                        "state": "sending",
                        "email_status": "deferred",
                        "email_attempts": 0,
                        "email_deferrals": deferrals,
                        "email_next_attempt": when + timedelta(minutes=delay),
                    }
                ],
            )
            self.assertIn("refused", self.communication.failure_reason)
            self.assertEqual(self._mails().state, "outgoing")
            # Not due yet: a round in between sends nothing and changes nothing.
            self.assertEqual(self._round(when + timedelta(minutes=delay - 1), server="up"), [])
            when += timedelta(minutes=delay)
        self.assertEqual(self.communication.email_deferrals, 5)
        # The responsible was told once, at the start of the outage.
        notices = self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.collections_user.partner_id.ids),
                ("subject", "=", "Collections emails waiting for the mail server"),
            ]
        )
        self.assertEqual(len(notices), 1)
        # The server is back: that one email leaves, once.
        self.assertEqual(len(self._round(when)), 1)
        self.assertRecordValues(self.communication, [{"state": "sent", "email_status": "sent"}])
        self.assertEqual(len(self._mails()), 1)

    def test_refusals_use_the_attempts_then_fail_and_tell_a_person(self):
        when = START + timedelta(minutes=5)
        self._round(when, server="refuses")
        self.assertRecordValues(
            self.communication,
            [{"state": "sending", "email_status": "deferred", "email_attempts": 1}],
        )
        when = self.communication.email_next_attempt
        self._round(when, server="refuses")
        self.assertEqual(self.communication.email_attempts, 2)
        self._round(self.communication.email_next_attempt, server="refuses")
        self.assertRecordValues(
            self.communication,
            [{"state": "failed", "email_status": "failed", "email_attempts": 3}],
        )
        self.assertIn("refused the email 3 times", self.communication.failure_reason)
        # Run by hand, so its responsible is who ran it.
        responsible = self.communication.user_id
        activity = self.communication.activity_ids
        self.assertRecordValues(
            activity,
            [
                {
                    "user_id": responsible.id,
                    "summary": "Collections communication not sent",
                }
            ],
        )
        failed = self.env["relance.communication"].search(
            [("state", "=", "failed"), ("id", "=", self.communication.id)]
        )
        self.assertEqual(failed, self.communication, "the Failed filter shows it")
        self.assertEqual(self.communication.mail_message_id.author_id, responsible.partner_id)
        # Sent again by hand: that same email, with a fresh allowance.
        mail = self._mails()
        with freeze_time(START + timedelta(hours=6)):
            self.communication.with_user(self.collections_user).action_send_now()
        self.assertRecordValues(
            self.communication,
            [{"state": "sending", "email_status": "pending", "email_attempts": 0}],
        )
        self.assertEqual(len(self._round(START + timedelta(hours=6, minutes=1))), 1)
        self.assertEqual(self._mails(), mail)
        self.assertEqual(self.communication.state, "sent")

    def test_odoo_resend_sends_that_same_email(self):
        when = START + timedelta(minutes=5)
        for _round in range(3):
            self._round(when, server="refuses")
            when = self.communication.email_next_attempt or when
        self.assertEqual(self.communication.state, "failed")
        notification = self.communication._email_notifications()
        self.assertEqual(notification.notification_status, "exception")
        # Odoo's own Resend, from the failed envelope in the chatter.
        wizard = (
            self.env["mail.resend.message"]
            .with_context(mail_message_to_resend=self.communication.mail_message_id.id)
            .create({})
        )
        with freeze_time(when):
            wizard.resend_mail_action()
        self.assertRecordValues(self.communication, [{"state": "sending"}])
        self.assertEqual(len(self._mails()), 1)
        self.assertEqual(len(self._round(when + timedelta(minutes=1))), 1)
        self.assertEqual(self.communication.state, "sent")

    def test_bounce_through_the_mail_gateway_falls_back_to_a_letter(self):
        self._round(START + timedelta(minutes=5))
        self.assertEqual(self.communication.state, "sent")
        message = self.communication.mail_message_id
        bounce = BOUNCE.format(bounce="bounce@relance.example.com", message_id=message.message_id)
        self.env["mail.thread"].message_process(False, bounce)
        self.assertRecordValues(
            self.communication,
            [{"email_status": "bounced", "letter_fallback": True, "letter_printed": False}],
        )
        to_print = self.env["relance.communication"].search(
            [("letter_fallback", "=", True), ("letter_printed", "=", False)]
        )
        self.assertIn(self.communication, to_print)
        self.assertIn("bounced", self.business.message_ids[0].body)
        # Not retried: no round sends it again.
        self.assertEqual(self._round(START + timedelta(days=1)), [])

    def test_a_connection_broken_while_sending_waits_for_a_person(self):
        # The mail server drops the connection in the middle of the email: it may have
        # left, so nothing sends it again by itself.
        self.assertEqual(self._round(START + timedelta(minutes=5), server="drops"), [])
        self.assertRecordValues(
            self.communication,
            [{"state": "failed", "email_status": "failed", "email_attempts": 0}],
        )
        self.assertIn("it may have left", self.communication.failure_reason)
        self.assertEqual(
            self.communication.activity_ids.summary, "Collections communication not sent"
        )
        self.assertEqual(self._round(START + timedelta(hours=5)), [])
        # A person checked: Send Now sends that same email, once.
        mail = self._mails()
        with freeze_time(START + timedelta(hours=6)):
            self.communication.with_user(self.collections_user).action_send_now()
        self.assertEqual(len(self._round(START + timedelta(hours=6, minutes=1))), 1)
        self.assertEqual(self._mails(), mail)
        self.assertEqual(self.communication.state, "sent")

    def test_paid_while_the_mail_server_is_down_is_not_sent(self):
        self._round(START + timedelta(minutes=5), server="down")
        self.assertEqual(self.communication.email_status, "deferred")
        with freeze_time(START + timedelta(minutes=10)):
            for invoice in self.invoices:
                self._pay(invoice, invoice.amount_total, "2026-02-20")
        # The server is back when the email is due again: it does not leave.
        self.assertEqual(self._round(self.communication.email_next_attempt), [])
        self.assertRecordValues(
            self.communication,
            [
                {
                    "state": "cancelled",
                    "cancel_reason": "Nothing left due when sending.",
                    "mail_mail_id": False,
                    "mail_message_id": False,
                }
            ],
        )
        self.assertFalse(self._mails())

    def test_partly_paid_while_waiting_claims_only_what_is_due(self):
        self._round(START + timedelta(minutes=5), server="down")
        first, second = self.invoices
        with freeze_time(START + timedelta(minutes=10)):
            self._pay(first, first.amount_total, "2026-02-20")
        emails = self._round(self.communication.email_next_attempt)
        self.assertEqual(len(emails), 1)
        body = emails[0]["message"]
        self.assertIn(second.name, body)
        self.assertNotIn(first.name, body)
        self.assertEqual(self.communication.line_ids.filtered("paid_before_sending").move_id, first)
        self.assertRecordValues(self.communication, [{"state": "sent"}])
        self.assertEqual(len(self._mails()), 1)

    def test_paid_after_a_failed_email_cancels_it_and_send_now_sends_nothing(self):
        for _round in range(3):
            self._round(self.communication.email_next_attempt or START, server="refuses")
        self.assertEqual(self.communication.state, "failed")
        for invoice in self.invoices:
            self._pay(invoice, invoice.amount_total, "2026-02-21")
        # Paid: nothing is left to send, the failed communication is cancelled at once.
        self.assertRecordValues(
            self.communication, [{"state": "cancelled", "cancel_reason": "Paid."}]
        )
        with self.assertRaisesRegex(UserError, "Nothing was sent"):
            self.communication.with_user(self.collections_user).action_send_now()
        self.assertEqual(self._round(START + timedelta(days=1)), [])

    def test_an_email_deleted_from_the_queue_is_failed_not_waiting_forever(self):
        self._mails().unlink()
        self._round(START + timedelta(minutes=5))
        self.assertRecordValues(self.communication, [{"state": "failed", "email_status": "failed"}])
        self.assertIn("deleted from the mail queue", self.communication.failure_reason)
        # Send Now prepares a new one, which leaves once.
        with freeze_time(START + timedelta(hours=1)):
            self.communication.with_user(self.collections_user).action_send_now()
        self.assertEqual(len(self._round(START + timedelta(hours=1, minutes=1))), 1)
        self.assertEqual(self.communication.state, "sent")
        self.assertEqual(len(self._mails()), 1)


@tagged("post_install", "-at_install")
class TestRelanceEmailTwoRecipients(EmailDeliveryCase):
    """The level's template writes to the customer's accounting contact as well."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounting = cls.env["res.partner"].create(
            {
                "name": "Service comptable Durand",
                "email": "compta@example.com",
                "parent_id": cls.business.id,
                "type": "invoice",
            }
        )
        # Whichever level the reminder reaches.
        templates = cls.policy.level_ids.mail_template_id
        templates.partner_to = "{{ object.partner_id.id }}," + str(cls.accounting.id)

    def test_both_delivered(self):
        self.assertEqual(len(self._round(START + timedelta(minutes=5))), 1)
        self.assertEqual(len(self.emails), 2)
        self.assertEqual(self.communication.state, "sent")

    def test_only_the_refused_recipient_gets_it_again(self):
        when = START + timedelta(minutes=5)
        self.assertEqual(len(self._round(when, server="refuses", to="compta@example.com")), 0)
        # The customer got it unless the refusal came first (Odoo stops the email at
        # the first refused recipient): either way, the email goes back to the
        # recipients it did not reach, and to them only.
        first_round = [address for email in self.emails for address in email["smtp_to_list"]]
        self.assertRecordValues(
            self.communication,
            [{"state": "sending", "email_status": "deferred", "email_attempts": 1}],
        )
        reached = self.communication._email_notifications().filtered(
            lambda n: n.notification_status == "sent"
        )
        self.assertEqual(
            self.communication.mail_mail_id.recipient_ids,
            self.communication.mail_message_id.partner_ids - reached.res_partner_id,
        )
        self.assertIn(self.accounting, self.communication.mail_mail_id.recipient_ids)
        # Accepted next time: everyone has it, once.
        self._round(self.communication.email_next_attempt, to="compta@example.com")
        second_round = [address for email in self.emails for address in email["smtp_to_list"]]
        self.assertEqual(
            sorted(first_round + second_round), ["compta@example.com", "garage@example.com"]
        )
        self.assertRecordValues(self.communication, [{"state": "sent", "email_status": "sent"}])
        self.assertEqual(
            set(self.communication._email_notifications().mapped("notification_status")),
            {"sent"},
        )

    def test_a_recipient_without_address_does_not_hold_the_others(self):
        self.accounting.email = False
        self._round(START + timedelta(minutes=5))
        self.assertRecordValues(self.communication, [{"state": "sent", "email_status": "sent"}])
        self.assertIn("Service comptable Durand", self.communication.failure_reason)

    def test_a_bounce_from_the_accounting_contact_falls_back_to_a_letter(self):
        self._round(START + timedelta(minutes=5))
        bounce = BOUNCE.replace("garage@example.com", "compta@example.com").format(
            bounce="bounce@relance.example.com",
            message_id=self.communication.mail_message_id.message_id,
        )
        self.env["mail.thread"].message_process(False, bounce)
        self.assertRecordValues(
            self.communication, [{"email_status": "bounced", "letter_fallback": True}]
        )


# A delivery-status notification as a mail server returns it (RFC 3464).
BOUNCE = """\
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: {bounce}
Subject: Undelivered Mail Returned to Sender
Message-Id: <dsn-42@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b42"

--b42
Content-Type: text/plain

The mail system could not deliver your message to garage@example.com.

--b42
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; garage@example.com
Original-Recipient: rfc822;garage@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 Mailbox unavailable

--b42
Content-Type: text/rfc822-headers

Message-Id: {message_id}
To: garage@example.com
Subject: Payment reminder

--b42--
"""
