"""Limitation: the last day a debt can still be claimed in court, and what moved it.

Plain Python (no Odoo). The models give a debt's regime, the length of its period (a
dated legal figure the database holds with its source, or the contract's), its
starting point and the events recorded on it; :func:`limitation` returns the last day
and the event it runs from, with the reasons a person reads.

France (Code civil, book III, title XX):
- the period runs from the day the creditor knew or should have known the facts
  allowing it to act (art. 2224): for a sale or a service, the delivery of the goods
  or the completion of the service, not the invoice's date (Cass. 1re civ., 19 May
  2021, n° 20-12.520; Cass. 3e civ., 1 Mar 2023, n° 21-23.176; Cass. com., 26 Feb 2020,
  n° 18-25.036). Without a recorded delivery date, the invoice's date is used and said
  to be assumed;
- it is counted in days and acquired when the last day of the term is over (art. 2228
  and 2229): the last day to act is the anniversary of the starting point;
- what interrupts it, an exhaustive list (Cass. com., 18 May 2022, n° 20-23.204): the
  debtor's acknowledgement (art. 2240: a signed payment plan, a partial payment, a
  promise in its own words), a claim in court (art. 2241), an enforcement measure
  (art. 2244); each starts a new period of the same length (art. 2231). A formal
  notice, even by registered letter, does not;
- a claim declared in collective proceedings interrupts it until the proceedings
  close (Code de commerce, art. L622-25-1): no last day while they run, a new period
  from their close;
- an event after the period ended revives nothing.

Belgium (former Civil Code, art. 2219 and following):
- an acknowledgement (art. 2248), a summons, a payment order or a seizure (art. 2244
  §1) start a new period;
- a formal notice sent by registered letter by the creditor's lawyer, bailiff or
  authorised representative, with the mentions the law requires, interrupts once and
  opens a new period of one year, never ending before the original one (art. 2244
  §2); a second such notice, or one from the creditor itself, does not.
"""

from dataclasses import dataclass
from datetime import date

FR, BE = "FR", "BE"

ACKNOWLEDGEMENT = "acknowledgement"
COURT_CLAIM = "court_claim"
ENFORCEMENT = "enforcement"
FORMAL_NOTICE = "formal_notice"
LAWYER_NOTICE = "lawyer_notice"
DECLARATION = "declaration"
PROCEEDINGS_CLOSED = "proceedings_closed"
EVENTS = (
    ACKNOWLEDGEMENT,
    COURT_CLAIM,
    ENFORCEMENT,
    FORMAL_NOTICE,
    LAWYER_NOTICE,
    DECLARATION,
    PROCEEDINGS_CLOSED,
)
# The events that start a new period of the same length, in both countries.
RESTARTING = (ACKNOWLEDGEMENT, COURT_CLAIM, ENFORCEMENT)


class LimitationError(ValueError):
    """A refusal, with a ``code`` the models turn into a translated message."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Event:
    """Something recorded on a debt that may move its limitation: its ``kind`` (one
    of :data:`EVENTS`), its ``date`` and the caller's ``key`` (a record)."""

    kind: str
    date: date
    key: object = None


@dataclass(frozen=True)
class Effect:
    """What an event did: ``code`` says it (restarted, extended, not_later,
    no_effect, too_late, second_notice, suspended, while_suspended, resumed,
    unknown), for the reasons a person reads."""

    event: Event
    code: str


@dataclass(frozen=True)
class Limitation:
    """A debt's limitation: ``last_day`` (None while collective proceedings suspend
    it), the event it runs from (None: the starting point), whether the starting
    point was assumed, and each event's effect in order."""

    start: date
    start_assumed: bool
    years: int
    last_day: date | None
    runs_from: Event | None
    effects: tuple

    def days_left(self, today):
        """Days from ``today`` to the last day (negative once past), None if
        suspended."""
        return (self.last_day - today).days if self.last_day else None

    def barred(self, today):
        return self.last_day is not None and today > self.last_day


def add_years(day, years):
    """``day`` ``years`` later; 29 February goes to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def limitation(country, years, start, events=(), start_assumed=False):
    """The limitation of a debt of ``country``'s law, whose period is ``years`` long
    from ``start``, moved by ``events`` (in any order). Refused: a period that is not
    a whole number of years above zero, an event dated before the debt."""
    if int(years) != years or years <= 0:
        raise LimitationError("bad_years", years=years)
    for event in events:
        if event.date < start:
            raise LimitationError("event_before_debt", event=event, start=start)
    last_day, runs_from, effects = add_years(start, years), None, []
    suspended_since, lawyer_notice_used = None, False
    for event in sorted(events, key=lambda event: (event.date, EVENTS.index(event.kind))):
        if suspended_since and event.kind != PROCEEDINGS_CLOSED:
            effects.append(Effect(event, "while_suspended"))
            continue
        if event.kind == PROCEEDINGS_CLOSED:
            if suspended_since:
                last_day, runs_from = add_years(event.date, years), event
                suspended_since = None
                effects.append(Effect(event, "resumed"))
            else:
                effects.append(Effect(event, "no_effect"))
            continue
        if event.date > last_day:
            effects.append(Effect(event, "too_late"))
            continue
        if event.kind in RESTARTING:
            last_day, runs_from = add_years(event.date, years), event
            effects.append(Effect(event, "restarted"))
        elif event.kind == DECLARATION and country == FR:
            suspended_since = event.date
            effects.append(Effect(event, "suspended"))
        elif event.kind == DECLARATION:
            # Belgium's bankruptcy rules were not read: said, not guessed.
            effects.append(Effect(event, "unknown"))
        elif event.kind == LAWYER_NOTICE and country == BE:
            if lawyer_notice_used:
                effects.append(Effect(event, "second_notice"))
                continue
            lawyer_notice_used = True
            extended = add_years(event.date, 1)
            if extended > last_day:
                last_day, runs_from = extended, event
                effects.append(Effect(event, "extended"))
            else:
                effects.append(Effect(event, "not_later"))
        else:
            effects.append(Effect(event, "no_effect"))
    return Limitation(
        start=start,
        start_assumed=start_assumed,
        years=int(years),
        last_day=None if suspended_since else last_day,
        runs_from=runs_from,
        effects=tuple(effects),
    )
