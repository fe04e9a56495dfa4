"""Payment plans (échéanciers): the schedule of a debt spread over instalments, what
the customer's payments have paid of it, and when a plan is broken.

Plain Python, no Odoo: the models give the debt, the plan's terms and what is still
owed on its invoices; these functions return the instalments and where each stands.

Vocabulary
- *debt*: what the plan spreads, in the invoices' currency: their residual when the
  plan is drawn up, plus the late-payment penalties claimed with it, if any;
- *down payment*: an optional first payment, due on the plan's first date, before the
  instalments;
- *instalment*: one payment of the schedule, a date and an amount.

Rules
- The instalments split what the down payment leaves into equal amounts rounded down
  to the currency's smallest unit; the last one takes the remainder, so that the
  schedule adds up to the debt exactly.
- The first payment (the down payment if there is one, else the first instalment)
  falls on the first date; the following ones come a week or a month apart, or on
  the dates given. A month apart keeps the first date's day, or the month's last day
  when the month is shorter (31 January, 28 February, 31 March).
- What the customer paid (the debt less what is still owed on the plan's invoices)
  pays the instalments in date order: an overpayment of one instalment pays the
  next ones.
- A plan is broken once an instalment is still not fully paid more than the grace
  days after its date: with 5 days' grace, an instalment of 10 March unpaid on
  16 March breaks it.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

WEEKLY, MONTHLY, CUSTOM = "weekly", "monthly", "custom"

# Where an instalment stands on a given day.
PAID, PARTIAL, DUE, LATE = "paid", "partial", "due", "late"


class ScheduleError(ValueError):
    """Terms that give no valid schedule. ``code`` says which rule failed (the models
    turn it into a translated message), ``params`` the values to show."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Instalment:
    date: date
    amount: Decimal
    down_payment: bool = False


@dataclass(frozen=True)
class InstalmentStatus:
    """What the payments paid of one instalment (``paid``) and where it stands."""

    instalment: Instalment
    paid: Decimal
    state: str

    @property
    def left(self):
        return self.instalment.amount - self.paid


def add_months(day, months, anchor_day=None):
    """``day`` moved ``months`` months on, on ``anchor_day`` (its own day by default)
    or the month's last day when the month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(anchor_day or day.day, last))


def instalment_dates(first_date, count, frequency, custom_dates=()):
    """The ``count`` dates of a schedule starting on ``first_date``."""
    if frequency == WEEKLY:
        return [first_date + timedelta(weeks=index) for index in range(count)]
    if frequency == MONTHLY:
        return [add_months(first_date, index, first_date.day) for index in range(count)]
    if frequency == CUSTOM:
        dates = list(custom_dates)
        if len(dates) != count:
            raise ScheduleError("custom_count", count=count, dates=len(dates))
        return dates
    raise ScheduleError("frequency", frequency=frequency)


def build(
    debt,
    count,
    first_date,
    frequency,
    today,
    down_payment=Decimal("0"),
    custom_dates=(),
    unit=Decimal("0.01"),
):
    """The schedule of ``debt`` in ``count`` instalments (after the down payment, if
    any), the first payment on ``first_date``.

    ``unit``: the currency's smallest amount (0.01 for the euro). ``custom_dates``:
    the instalments' dates when ``frequency`` is CUSTOM. Raises ScheduleError for
    terms that give no valid schedule.
    """
    debt, down_payment, unit = Decimal(debt), Decimal(down_payment or 0), Decimal(unit)
    if debt <= 0:
        raise ScheduleError("nothing_owed")
    if count <= 0:
        raise ScheduleError("count", count=count)
    if first_date < today:
        raise ScheduleError("first_date_past", first_date=first_date)
    if down_payment < 0 or down_payment >= debt:
        raise ScheduleError("down_payment", down_payment=down_payment, debt=debt)
    dates = []
    if down_payment:
        dates.append(first_date)
    if frequency == CUSTOM:
        dates.extend(instalment_dates(first_date, count, CUSTOM, custom_dates))
    else:
        # After a down payment the instalments start one period after it.
        offset = 1 if down_payment else 0
        dates.extend(instalment_dates(first_date, count + offset, frequency)[offset:])
    rest = debt - down_payment
    share = (rest / count).quantize(unit, rounding=ROUND_DOWN)
    if share <= 0:
        raise ScheduleError("too_small", count=count, rest=rest)
    amounts = [share] * (count - 1) + [rest - share * (count - 1)]
    instalments = [Instalment(dates[0], down_payment, True)] if down_payment else []
    instalments += [
        Instalment(day, amount) for day, amount in zip(dates[-count:], amounts, strict=True)
    ]
    check(instalments, debt, first_date)
    return instalments


def check(instalments, debt, first_date):
    """Raise ScheduleError unless ``instalments`` add up to ``debt``, each is positive
    and their dates go forward from ``first_date`` (the schedule of a plan edited by
    hand is checked the same way)."""
    if not instalments:
        raise ScheduleError("empty")
    previous = None
    for instalment in instalments:
        if instalment.amount <= 0:
            raise ScheduleError("amount", date=instalment.date, amount=instalment.amount)
        if instalment.date < first_date:
            raise ScheduleError("before_first", date=instalment.date, first_date=first_date)
        if previous is not None and instalment.date <= previous:
            raise ScheduleError("order", date=instalment.date, previous=previous)
        previous = instalment.date
    total = sum((instalment.amount for instalment in instalments), Decimal("0"))
    if total != Decimal(debt):
        raise ScheduleError("total", total=total, debt=Decimal(debt))


def allocate(instalments, paid, today):
    """Where each instalment stands on ``today`` once ``paid`` is spread over the
    schedule in date order (an overpayment beyond the schedule pays nothing more)."""
    left_to_spread = max(Decimal(paid), Decimal("0"))
    statuses = []
    for instalment in sorted(instalments, key=lambda item: item.date):
        part = min(left_to_spread, instalment.amount)
        left_to_spread -= part
        if part == instalment.amount:
            state = PAID
        elif instalment.date < today:
            state = LATE
        elif part:
            state = PARTIAL
        else:
            state = DUE
        statuses.append(InstalmentStatus(instalment, part, state))
    return statuses


def first_breach(statuses, today, grace_days):
    """The first instalment not fully paid more than ``grace_days`` after its date,
    or None: the plan is broken from it."""
    for status in statuses:
        if status.state != PAID and (today - status.instalment.date).days > grace_days:
            return status
    return None


def next_unpaid(statuses):
    """The first instalment not fully paid, or None when all are."""
    return next((status for status in statuses if status.state != PAID), None)


def due_now(statuses, today):
    """What the customer is asked to pay on ``today``: what is left of every
    instalment whose date has come, or, when none is left, of the next one."""
    come = sum((status.left for status in statuses if status.instalment.date <= today), Decimal(0))
    if come:
        return come
    following = next_unpaid(statuses)
    return following.left if following else Decimal(0)


def reminder_day(instalment_date, days_before):
    """The day a reminder of an instalment goes, ``days_before`` days before it."""
    return instalment_date - timedelta(days=days_before)
