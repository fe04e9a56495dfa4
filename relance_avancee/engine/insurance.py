"""Credit insurance: the company's policy, the cover the insurer agreed per customer, and
the declarations the policy requires before its deadlines.

Plain Python, no Odoo: the models read the covers, the open items and the register
checks, and these functions say what is covered, what to warn about and when each
declaration is due.

Vocabulary
- *policy*: the company's contract with its credit insurer (insurer, number, start,
  end) and the deadlines it sets: the days for declaring an unpaid debt, counted from
  the item's due date, and the days for declaring a customer's collective proceeding,
  counted from the day the company learnt of it. These deadlines are the contract's:
  the company types them in, the module assumes none;
- *cover*: the amount up to which the insurer agreed to cover one customer, from a
  start date and, often, until an end date (the insurer may reduce or withdraw it);
- *declaration*: what the company must tell its insurer before a deadline passes: an
  insured item unpaid after its due date, or an insured customer in proceedings.

An item is insured when its customer had a cover of the policy on the item's invoice
date: the insurer covers the sales made while the cover ran.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# Where a cover stands on a given day.
FUTURE, ACTIVE, EXPIRED = "future", "active", "expired"
# What the customer's cover says about its exposure.
WARN_OVER_COVER, WARN_EXPIRED, WARN_NOTHING_COVERED = "over_cover", "expired", "nothing"
# What is declared to the insurer.
KIND_OVERDUE, KIND_PROCEEDING = "overdue", "proceeding"


@dataclass(frozen=True)
class Cover:
    """A cover as the engine reads it: its id, amount and period (no end: open)."""

    id: int
    amount: Decimal
    date_start: date
    date_end: date | None = None

    def state(self, day):
        return cover_state(self.date_start, self.date_end, day)


def cover_state(date_start, date_end, day):
    """Future before its start, expired after its end, else active (both days in)."""
    if day < date_start:
        return FUTURE
    if date_end and day > date_end:
        return EXPIRED
    return ACTIVE


def periods_overlap(start_a, end_a, start_b, end_b):
    """Whether two periods (an end of None runs on for ever) share a day."""
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def current_cover(covers, day):
    """The cover running on ``day``; else the last one that ended (to say it expired);
    else None (a cover yet to start is not the customer's cover today)."""
    running = [cover for cover in covers if cover.state(day) == ACTIVE]
    if running:
        return max(running, key=lambda cover: cover.date_start)
    ended = [cover for cover in covers if cover.state(day) == EXPIRED]
    if ended:
        return max(ended, key=lambda cover: cover.date_end)
    return None


def warning(cover, exposure, day):
    """What to warn about: the customer owes more than its cover, its cover expired,
    or the insurer covers nothing (an amount of 0: a refusal). None when all is well
    or the customer has no cover at all."""
    if cover is None:
        return None
    if cover.state(day) == EXPIRED:
        return WARN_EXPIRED
    if cover.state(day) != ACTIVE:
        return None
    if cover.amount <= 0:
        return WARN_NOTHING_COVERED
    if exposure > cover.amount:
        return WARN_OVER_COVER
    return None


def covering(covers, invoice_date):
    """The cover under which an item invoiced on ``invoice_date`` is insured, or None."""
    for cover in covers:
        if cover.amount > 0 and cover.state(invoice_date) == ACTIVE:
            return cover
    return None


def deadline(origin, days):
    """The last day for a declaration counted in days from ``origin`` (the item's due
    date, or the day the proceeding was learnt of)."""
    return origin + timedelta(days=days)


def reminder_day(deadline_day, days_before):
    """The day the accountant's activity is planned: ``days_before`` the deadline."""
    return deadline_day - timedelta(days=days_before)
