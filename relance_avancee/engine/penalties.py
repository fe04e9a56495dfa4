"""Late-payment penalties and recovery costs, France and Belgium, to the cent.

Plain Python (no Odoo). The models pass rate tables read from the database and the
invoices' amounts and payments; this module returns the interest, the fixed
indemnity and the computation itself, segment by segment, for the letters.

Conventions (each is a choice the law leaves to the creditor or to practice; the
sources are those of the regimes below):
- days late = end date (payment or computation date) minus due date, in calendar days;
  the due date itself is not late, the end date is counted;
- each day bears the rate of its half-year (1 January - 30 June, 1 July - 31 December),
  except the French public regime, whose rate is fixed for the whole delay;
- the base of a day is what is still owed, VAT included; a payment lowers it from the
  day after it is received;
- interest = base x rate / 100 x days / year (365 days; configurable);
- ``Decimal`` throughout, rounded half-up to the cent once per invoice.

Regimes:
- ``FR_B2B`` - Code de commerce, art. L441-10 II: unless the contract says otherwise,
  the ECB main refinancing rate in force on 1 January (days of the first half-year)
  or 1 July (second half-year) plus 10 points; a contractual rate applies only when it
  is at least three times the legal interest rate (creditors who are not private
  persons) of the half-year, otherwise three times that rate applies. Plus the fixed
  recovery indemnity of 40 EUR per late invoice (art. D441-5), outside the scope of
  VAT.
- ``FR_PUBLIC`` - Code de la commande publique, art. R2192-31 and R2192-32: the ECB
  rate in force on the first day of the half-year in which interest starts, plus
  8 points, for the whole delay; plus 40 EUR (art. D2192-35).
- ``FR_CONSUMER`` - Code civil, art. 1231-6 and 1344-1: the legal interest rate
  (creditors who are not private persons, as the company is the creditor), from the
  date of the formal notice; no indemnity, no fees.
- ``BE_B2B`` - law of 2 August 2002, art. 5: the ECB rate plus 8 points, rounded up to
  the next half point, per half-year; plus 40 EUR (art. 6).
- ``BE_CONSUMER`` - Code de droit économique, book XIX, art. XIX.2 and XIX.4: the first
  reminder is free and gives 14 days before any cost; then interest at most the B2B
  statutory rate, and damages capped by tranches of the amount owed.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
RECOVERY_INDEMNITY = Decimal("40.00")

FR_B2B = "fr_b2b"
FR_PUBLIC = "fr_public"
FR_CONSUMER = "fr_consumer"
BE_B2B = "be_b2b"
BE_CONSUMER = "be_consumer"
REGIMES = (FR_B2B, FR_PUBLIC, FR_CONSUMER, BE_B2B, BE_CONSUMER)
REGIMES_WITH_INDEMNITY = (FR_B2B, FR_PUBLIC, BE_B2B)

# Belgian consumers, art. XIX.4 CDE: maximum damages by tranche of the amount owed.
BE_CONSUMER_DAMAGES_MAX = Decimal("2000.00")
BE_CONSUMER_LATER_REMINDER_MAX = Decimal("7.50")
BE_CONSUMER_GRACE_DAYS = 14


class RateError(ValueError):
    """A rate table is wrong (negative rate, overlapping periods)."""


class MissingRate(LookupError):
    """No rate is known for a day: never computed as zero."""

    def __init__(self, table, day):
        super().__init__(f"no {table} rate for {day.isoformat()}")
        self.table = table
        self.day = day


@dataclass(frozen=True)
class RatePeriod:
    """A rate in percent, in force from ``start`` to ``end`` (inclusive; None: open).

    ``verified``: someone read it in its source; an unverified rate is used, and the
    computation says it did (RateTable.unverified_used)."""

    start: date
    rate: Decimal
    end: date | None = None
    verified: bool = True


class RateTable:
    """Rates in force over time: the ECB's, or a legal rate per half-year."""

    def __init__(self, name, periods):
        self.name = name
        self.periods = sorted(periods, key=lambda period: period.start)
        # The periods computations read, so that they can tell which rates they used.
        self.used = set()
        for period in self.periods:
            if period.rate < 0:
                raise RateError(f"{name}: negative rate {period.rate} from {period.start}")
            if period.end is not None and period.end < period.start:
                raise RateError(f"{name}: period ending {period.end} before it starts")
        for previous, following in zip(self.periods, self.periods[1:], strict=False):
            if previous.end is None or previous.end >= following.start:
                raise RateError(
                    f"{name}: the period from {previous.start} overlaps the one from "
                    f"{following.start}"
                )

    def _period_of(self, day):
        for period in reversed(self.periods):
            if period.start <= day and (period.end is None or day <= period.end):
                return period
        return None

    def covers(self, day):
        return self._period_of(day) is not None

    def rate_on(self, day):
        period = self._period_of(day)
        if period is None:
            raise MissingRate(self.name, day)
        self.used.add(period)
        return period.rate

    def unverified_used(self):
        """The unverified periods computations read, by start."""
        return sorted((p for p in self.used if not p.verified), key=lambda p: p.start)


@dataclass(frozen=True)
class Payment:
    date: date
    amount: Decimal


@dataclass(frozen=True)
class Segment:
    """Days ``first`` to ``last`` (both counted) at ``rate`` on ``base``."""

    first: date
    last: date
    base: Decimal
    rate: Decimal
    interest: Decimal

    @property
    def days(self):
        return (self.last - self.first).days + 1


@dataclass
class Penalty:
    regime: str
    days_late: int
    interest: Decimal
    indemnity: Decimal
    segments: list = field(default_factory=list)

    @property
    def total(self):
        return self.interest + self.indemnity

    @property
    def rates(self):
        """The yearly rates applied, each once, lowest first."""
        return sorted({segment.rate for segment in self.segments})


def half_year_start(day):
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year_start(day):
    return date(day.year, 7, 1) if day.month <= 6 else date(day.year + 1, 1, 1)


def round_cent(amount):
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_up_half_point(rate):
    """Round up to a multiple of half a point: 8.0 stays 8.0, 10.15 becomes 10.5."""
    return (rate * 2).to_integral_value(rounding=ROUND_CEILING) / 2


@dataclass(frozen=True)
class Rates:
    """The tables a computation needs. ``fr_legal``: French legal interest rate for
    creditors who are not private persons (half-year periods)."""

    ecb: RateTable
    fr_legal: RateTable | None = None
    # Belgian rate as published by the SPF Finances; a half-year it does not list is
    # derived from the ECB rate by the law's formula.
    be_late_payment: RateTable | None = None

    def unverified_used(self):
        """[(table name, period)] of the unverified rates computations read."""
        tables = (self.ecb, self.fr_legal, self.be_late_payment)
        return [
            (table.name, period)
            for table in tables
            if table is not None
            for period in table.unverified_used()
        ]


def be_statutory_rate(rates, day):
    """Belgian late-payment rate of ``day``'s half-year (law of 2 August 2002, art. 5):
    the published one, else the ECB rate of the half-year's first day plus 8 points,
    rounded up to a multiple of half a point."""
    if rates.be_late_payment is not None and rates.be_late_payment.covers(day):
        return rates.be_late_payment.rate_on(day)
    return round_up_half_point(rates.ecb.rate_on(half_year_start(day)) + 8)


def daily_rate_function(regime, rates, interest_start, contractual_rate=None):
    """Return ``rate(day)`` in percent for the regime."""
    if regime == FR_B2B:

        def rate(day):
            if contractual_rate is not None:
                floor = 3 * rates.fr_legal.rate_on(day)
                return max(Decimal(contractual_rate), floor)
            return rates.ecb.rate_on(half_year_start(day)) + 10

        return rate
    if regime == FR_PUBLIC:
        fixed = rates.ecb.rate_on(half_year_start(interest_start)) + 8
        return lambda day: fixed
    if regime == FR_CONSUMER:
        return rates.fr_legal.rate_on
    if regime in (BE_B2B, BE_CONSUMER):
        # For consumers the B2B statutory rate is the ceiling; a lower contractual
        # rate, if any, applies instead.
        def rate(day):
            statutory = be_statutory_rate(rates, day)
            if regime == BE_CONSUMER and contractual_rate is not None:
                return min(Decimal(contractual_rate), statutory)
            return statutory

        return rate
    raise ValueError(f"unknown regime {regime!r}")


def interest_segments(amount, first_day, last_day, payments, rate, year_days=365):
    """Split days ``first_day``..``last_day`` where the base or the rate changes."""
    segments = []
    payments = sorted(payments, key=lambda payment: payment.date)
    day = first_day
    while day <= last_day:
        paid = sum((p.amount for p in payments if p.date < day), Decimal("0"))
        base = amount - paid
        if base <= 0:
            break
        boundaries = [last_day + timedelta(days=1), next_half_year_start(day)]
        boundaries += [p.date + timedelta(days=1) for p in payments if p.date + timedelta(1) > day]
        end = min(boundaries) - timedelta(days=1)
        day_rate = rate(day)
        days = (end - day).days + 1
        interest = base * day_rate / HUNDRED * days / year_days
        segments.append(Segment(first=day, last=end, base=base, rate=day_rate, interest=interest))
        day = end + timedelta(days=1)
    return segments


def compute(
    regime,
    amount,
    due_date,
    end_date,
    rates,
    payments=(),
    contractual_rate=None,
    interest_from=None,
    claimed_until=None,
    year_days=365,
    indemnity_claimed=False,
):
    """Penalties of one invoice.

    ``amount``: what was owed on the due date, VAT included; ``payments``: what was
    paid since (the invoice's payments up to ``end_date``); ``end_date``: payment date
    of the last part, or the computation date.
    ``interest_from``: first day interest may run when the law sets it later than the
    day after the due date (French consumers: the formal notice's date; Belgian
    consumers: :func:`be_consumer_costs_from`). ``claimed_until``: last day already
    claimed by an earlier penalty invoice, so that no day is claimed twice.
    """
    amount = Decimal(amount)
    first_day = due_date + timedelta(days=1)
    if interest_from is not None:
        first_day = max(first_day, interest_from)
    # The rate's start is the first day of lateness, not of this claim: a public
    # purchaser's rate stays the one of the half-year interest started in.
    interest_start = first_day
    if claimed_until is not None:
        first_day = max(first_day, claimed_until + timedelta(days=1))
    days_late = max((end_date - due_date).days, 0)
    segments = []
    if first_day <= end_date:
        rate = daily_rate_function(regime, rates, interest_start, contractual_rate)
        segments = interest_segments(amount, first_day, end_date, payments, rate, year_days)
    late = days_late > 0
    indemnity = (
        RECOVERY_INDEMNITY
        if late and regime in REGIMES_WITH_INDEMNITY and not indemnity_claimed
        else Decimal("0.00")
    )
    return _penalty(regime, days_late, segments, indemnity)


def _penalty(regime, days_late, segments, indemnity):
    """The penalty of ``segments``: their interest added up unrounded, then rounded
    half-up to the cent, once (per invoice)."""
    return Penalty(
        regime=regime,
        days_late=days_late,
        interest=round_cent(sum((segment.interest for segment in segments), Decimal("0"))),
        indemnity=indemnity,
        segments=segments,
    )


@dataclass(frozen=True)
class Instalment:
    """A receivable line of an invoice: ``amount`` due on ``due_date`` (VAT included),
    its ``payments`` so far, and ``paid_on`` once nothing is left of it."""

    amount: Decimal
    due_date: date
    payments: tuple = ()
    paid_on: date | None = None


def compute_invoice(regime, instalments, on_date, rates, **options):
    """Penalties of an invoice paid in one or more instalments, computed on ``on_date``.

    Each instalment runs from its own due date to its full payment (or ``on_date``);
    the interest of all of them is added up unrounded and rounded once, to the cent,
    for the invoice; the recovery indemnity is due once per late invoice (Code de
    commerce L441-10: "par facture"). ``options``: those of :func:`compute`.
    """
    segments = []
    days_late = 0
    indemnity = Decimal("0.00")
    for instalment in instalments:
        end = min(on_date, instalment.paid_on) if instalment.paid_on else on_date
        penalty = compute(
            regime,
            instalment.amount,
            instalment.due_date,
            end,
            rates,
            payments=[payment for payment in instalment.payments if payment.date <= end],
            **options,
        )
        segments += penalty.segments
        days_late = max(days_late, penalty.days_late)
        indemnity = max(indemnity, penalty.indemnity)
    return _penalty(regime, days_late, segments, indemnity)


def be_consumer_damages_cap(amount_due):
    """Maximum damages a Belgian consumer can be charged (art. XIX.4 CDE)."""
    amount_due = Decimal(amount_due)
    if amount_due <= Decimal("150"):
        cap = Decimal("20")
    elif amount_due <= Decimal("500"):
        cap = Decimal("30") + (amount_due - Decimal("150")) * Decimal("0.10")
    else:
        cap = Decimal("65") + (amount_due - Decimal("500")) * Decimal("0.05")
    return round_cent(min(cap, BE_CONSUMER_DAMAGES_MAX))


def add_working_days(day, count):
    """``count`` working days after ``day`` (Monday to Friday; public holidays are not
    known here, which can only make the period start earlier than the law's, never
    later: callers that know them pass an adjusted date)."""
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def be_consumer_costs_from(first_reminder_sent, by_post):
    """First day a Belgian consumer may be charged anything after the free reminder.

    Art. XIX.2 CDE: the 14 calendar days run from the third working day after a posted
    reminder, or from the day after an electronic one; costs start once they are over.
    """
    if by_post:
        period_start = add_working_days(first_reminder_sent, 3)
    else:
        period_start = first_reminder_sent + timedelta(days=1)
    return period_start + timedelta(days=BE_CONSUMER_GRACE_DAYS)
