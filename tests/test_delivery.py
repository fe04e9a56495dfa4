"""The verdict on a collections email from what Odoo's mail queue reported."""

import pytest

from engine import delivery
from engine.delivery import RecipientOutcome as R


@pytest.mark.parametrize(
    ("outcomes", "kwargs", "verdict"),
    [
        ([R("ready")], {}, delivery.WAITING),
        ([R("sent")], {}, delivery.SENT),
        ([R("sent"), R("sent")], {}, delivery.SENT),
        # One recipient done, the other not yet: wait for both.
        ([R("sent"), R("ready")], {}, delivery.WAITING),
        ([R("exception", "mail_smtp")], {}, delivery.OUTAGE),
        ([R("exception", "mail_smtp"), R("exception", "mail_smtp")], {}, delivery.OUTAGE),
        ([R("exception", "unknown")], {}, delivery.REFUSED),
        ([R("exception", "mail_from_invalid")], {}, delivery.REFUSED),
        # The accounting contact got it, the customer's server refused it.
        ([R("sent"), R("exception", "unknown")], {}, delivery.REFUSED),
        ([R("exception", "mail_email_invalid")], {}, delivery.HOPELESS),
        ([R("exception", "mail_email_missing")], {}, delivery.HOPELESS),
        # Reached whoever has a valid address: that is as sent as it gets.
        ([R("sent"), R("exception", "mail_email_invalid")], {}, delivery.SENT),
        ([R("bounce")], {}, delivery.BOUNCED),
        ([R("sent"), R("bounce")], {}, delivery.BOUNCED),
        # The connection broke in the middle of this email.
        ([R("exception", "unknown")], {"interrupted": True}, delivery.INTERRUPTED),
        ([R("exception", "mail_smtp")], {"interrupted": True}, delivery.INTERRUPTED),
        ([R("sent")], {"interrupted": True}, delivery.SENT),
        # The email was deleted from the queue.
        ([R("ready")], {"email_exists": False}, delivery.MISSING),
        ([], {"email_exists": False}, delivery.MISSING),
        ([R("exception", "mail_smtp")], {"email_exists": False}, delivery.MISSING),
        ([R("sent")], {"email_exists": False}, delivery.SENT),
        ([], {}, delivery.WAITING),
    ],
)
def test_email_verdict(outcomes, kwargs, verdict):
    assert delivery.email_verdict(outcomes, **kwargs) == verdict


def test_retry_delay_doubles_up_to_four_hours():
    assert [delivery.retry_delay(n) for n in range(1, 8)] == [15, 30, 60, 120, 240, 240, 240]
    assert delivery.retry_delay(0) == 15
