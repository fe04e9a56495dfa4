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

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import RelanceCommon

START = datetime(2026, 2, 20, 9, 0)
DELIVERY_LOGGER = "odoo.addons.relance_avancee.models.relance_communication_delivery"


@tagged("post_install", "-at_install")
class TestRelanceEmailDelivery(RelanceCommon, MockSmtplibCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.relance_user_id = cls.collections_user

    def setUp(self):
        super().setUp()
        with freeze_time(START):
            self._post([self._invoice(self.business, 100.0, "2026-02-01")])
            self.communication = self._run(self.business)
            self.env["relance.communication"]._cron_send_queued()
        self.assertRecordValues(
            self.communication, [{"state": "sending", "email_status": "pending"}]
        )

    def _round(self, when, server="up"):
        """One round at ``when``: Odoo's mail queue, then the delivery follow-up.

        ``server``: "up" accepts, "down" refuses the connection, "refuses" answers
        550 to the recipient.
        """
        with (
            freeze_time(when),
            self.mock_smtplib_connection(),
            mute_logger("odoo.addons.mail.models.mail_mail", DELIVERY_LOGGER),
        ):
            if server == "down":
                refused = patch("smtplib.SMTP", side_effect=ConnectionRefusedError(111, "refused"))
            elif server == "refuses":
                error = smtplib.SMTPRecipientsRefused(
                    {"garage@example.com": (550, b"5.1.1 Mailbox unavailable")}
                )
                refused = patch.object(self.testing_smtp_session, "send_message", side_effect=error)
            else:
                refused = nullcontext()
            with refused:
                self.env["mail.mail"].process_email_queue()
            self.env["relance.communication"]._check_email_delivery()
        # What reached the mail server for the customer (the responsible's own
        # notifications may go by email too).
        return [email for email in self.emails if "garage@example.com" in email["smtp_to_list"]]

    def _mails(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "relance.communication"), ("res_id", "=", self.communication.id)]
            )
        )

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
        notification = self.communication._customer_notification()
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
