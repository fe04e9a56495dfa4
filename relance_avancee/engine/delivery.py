"""What became of a collections email, from what the mail queue reported.

Odoo's mail queue reports each recipient's fate on a ``mail.notification``: a status
(``ready``, ``sent``, ``bounce``, ``exception``, ``canceled``…) and, on an exception, a
failure type. An email may go to several recipients (the level's template chooses
them), so the verdict weighs every recipient's notification, and what is known of the
email itself.
"""

from dataclasses import dataclass

RETRY_FIRST_MINUTES = 15
RETRY_MAX_MINUTES = 240

# Failures where the mail server never answered about this email: an outage.
OUTAGE_FAILURES = frozenset({"mail_smtp"})
# Failures no retry can mend: the recipient has no valid address to send to.
HOPELESS_FAILURES = frozenset({"mail_email_invalid", "mail_email_missing"})
# Statuses the mail queue leaves once it is done with a recipient.
FINAL_STATUSES = frozenset({"sent", "bounce", "exception", "canceled"})

# Verdicts
WAITING = "waiting"  # the mail queue has not handled it yet
SENT = "sent"  # accepted for every recipient that has a valid address
BOUNCED = "bounced"  # a delivery-status notification came back
OUTAGE = "outage"  # the mail server could not be reached: try later, free of charge
REFUSED = "refused"  # the mail server answered no: try later, one attempt used
HOPELESS = "hopeless"  # no recipient can ever be reached
INTERRUPTED = "interrupted"  # the connection broke while sending: it may have left
MISSING = "missing"  # the email was deleted before it could leave


@dataclass(frozen=True)
class RecipientOutcome:
    """One recipient's notification: ``status`` and, on an exception, ``failure``."""

    status: str
    failure: str | None = None


def email_verdict(outcomes, email_exists=True, interrupted=False):
    """The verdict on one email.

    ``outcomes``: a :class:`RecipientOutcome` per recipient; ``email_exists``: the
    ``mail.mail`` is still there to be sent again; ``interrupted``: the mail queue
    stopped in the middle of this email (Odoo then leaves it in exception with no
    failure type of its own, and its recipients with an ``unknown`` failure).
    """
    statuses = {outcome.status for outcome in outcomes}
    if "bounce" in statuses:
        return BOUNCED
    if not outcomes or statuses - FINAL_STATUSES:
        return WAITING if email_exists else MISSING
    failures = {outcome.failure for outcome in outcomes if outcome.status == "exception"}
    if not failures:
        return SENT
    if interrupted:
        # Some recipient may have been sent it before the break: only a person can
        # tell, and sending it again could send it twice.
        return INTERRUPTED
    if not email_exists:
        return MISSING
    if failures & OUTAGE_FAILURES:
        return OUTAGE
    if failures <= HOPELESS_FAILURES:
        return SENT if "sent" in statuses else HOPELESS
    return REFUSED


def retry_delay(deferrals):
    """Minutes before the next try of an email put back ``deferrals`` times: 15,
    then twice as long each time, at most 4 hours."""
    return min(RETRY_FIRST_MINUTES * 2 ** max(deferrals - 1, 0), RETRY_MAX_MINUTES)
