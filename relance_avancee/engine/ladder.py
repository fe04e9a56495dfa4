"""The dunning ladder: which level each overdue item reaches today, and what to send.

Plain Python, no Odoo: the models read the open receivable lines of a batch of
customers, call :func:`decide` once, and write back what it returns.

Vocabulary
- *item*: one open receivable line (an invoice instalment), owed by the customer;
- *credit*: an open line in the customer's favour (credit note, payment on account),
  shown on the communication and netted from what is asked;
- *level*: a rung of the policy's ladder, reached ``delay`` days after the due date.

Rules
- Levels are kept per item: two instalments of one invoice can sit at different levels.
- An item that never had a level enters at the policy's first level once its age
  reaches that level's delay, however late it is: a company starting on an already
  late book reminds its customers first, it does not hand them over on day one. With
  the policy's ``entry_by_age`` it enters at the level its age warrants instead.
- An item on the ladder moves up one level per run, once its age reaches the next
  level's delay and the customer's last communication is that level's gap old. With
  ``catch_up``, after runs were skipped, it goes as far as those runs would have taken
  it, one level per skipped run and each after its gap; never further, and never
  past a formal notice it lands on.
- A customer gets at most one communication per currency per run. It is decided by
  what moved: it carries the actions of the highest level an item *moved up to* in
  this run, never of a level an item sat at already (one new invoice reaching the
  first reminder gets a first reminder, not a second formal notice for the invoices
  already put on notice). It lists the items it moves (``Decision.escalated``) and,
  apart, every other overdue item with its own level, and every credit.
- Each step once per debt. A formal notice (*mise en demeure*) is a legal act: the
  debtor is put on notice "by a summons or an act giving a sufficient demand" (French
  Civil Code, art. 1344), and damages are due only once it was put on notice to
  perform "within a reasonable time" (art. 1231). The notice gives that time; sending
  it again before it has run adds nothing but pressure and the cost of another
  registered letter. An item put on notice therefore stays at that level
  until the notice's deadline is over (``Item.held_until``; see
  :func:`notice_expiry`): from the letter's sending, or for a registered letter from
  its acknowledgement of receipt, or, when no receipt came back, from the end of the
  policy's wait for it (``Policy.receipt_wait``, the user's setting). A notice not yet
  sent (waiting for approval or for its posting) holds its items without end. A second
  formal notice goes only to items the first did not cover, which reach that level
  on their own.
- The hand-over ends the ladder for an item: once handed over to a collection agency
  or a commissaire de justice, the recipient acts, and the run never moves the item
  further, hands it over again or writes to the customer about it on its own.
- Nothing is sent when no item moved up (so a second run the same day sends nothing),
  when the level's minimum gap since the customer's previous communication has not
  passed, or when what is owed net of credits is below the policy's tolerance.
- A consumer's first communication is never a formal notice: it is capped at the
  highest level below the first formal-notice level.
- Any customer's first communication at a formal-notice or hand-over level waits for
  a person's approval (``Decision.needs_approval``); a communication says whether it
  is the customer's first (``Decision.first_contact``), so that no letter refers to a
  reminder that was never sent.
- A customer who broke a promise to pay escalates: every overdue item moves at least
  one level up at the next run, and the minimum gap does not hold it back.
- An item of a broken payment plan resumes the ladder at the level its policy sets
  for broken plans (``Item.resume_level_id``): at the next run it goes at least to
  that level, and the minimum gap does not hold it back either.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Level:
    """A rung of the ladder. ``deadline``: the days its letters give to pay;
    ``registered``: its letters go by registered post (a formal notice's deadline then
    runs from the acknowledgement of receipt)."""

    id: int
    sequence: int
    delay: int
    gap: int = 0
    formal_notice: bool = False
    hand_over: bool = False
    deadline: int = 8
    registered: bool = False


@dataclass(frozen=True)
class Policy:
    """A ladder: its levels sorted by sequence (the models guarantee delays increase)."""

    levels: tuple
    catch_up: bool = True
    tolerance: Decimal = Decimal("0")
    entry_by_age: bool = False
    # Days after posting a registered formal notice the ladder waits for its
    # acknowledgement of receipt before it counts the deadline from the end of that
    # wait: the law fixes no such figure, it is the user's setting.
    receipt_wait: int = 15

    @cached_property
    def _positions(self):
        # Asked for every item at every step of a run: read once per policy.
        return {level.id: index for index, level in enumerate(self.levels)}

    @cached_property
    def _delays(self):
        # Increasing: the last level an age reaches is found by bisection.
        return tuple(level.delay for level in self.levels)

    @cached_property
    def consumer_cap(self):
        """Highest index a consumer's first communication may reach."""
        return _consumer_cap(self)

    @cached_property
    def _delay_deltas(self):
        return tuple(timedelta(days=level.delay) for level in self.levels)

    @cached_property
    def _step_deltas(self):
        # Catch-up: a day at least between two steps, whatever the gap.
        return tuple(timedelta(days=max(level.gap, 1)) for level in self.levels)

    @cached_property
    def _gap_days(self):
        # The days after a communication on which a level's gap (or a day, as
        # catch-up counts it) has passed, sorted.
        return tuple(
            sorted(
                {level.gap for level in self.levels} | {max(level.gap, 1) for level in self.levels}
            )
        )

    def index_of(self, level_id):
        return self._positions.get(level_id, -1)


@dataclass(frozen=True, slots=True)
class Item:
    """An open receivable line. ``residual`` is positive for what the customer owes,
    negative for a credit; ``level_id`` is the level the item already reached;
    ``resume_level_id``: the level a broken payment plan resumes it at;
    ``held_until``: the last day the item stays at its level whatever its age (the
    deadline of the formal notice it is under, ``date.max`` while that notice is not
    sent), None when nothing holds it."""

    line_id: int
    partner_id: int
    currency_id: int
    residual: Decimal
    due_date: date | None = None
    level_id: int | None = None
    resume_level_id: int | None = None
    held_until: date | None = None


@dataclass(frozen=True, slots=True)
class Customer:
    """``escalate``: the customer broke a promise to pay; each overdue item moves at
    least one level up at this run, whatever its age and the gap."""

    partner_id: int
    policy: Policy
    last_communication: date | None = None
    consumer: bool = False
    escalate: bool = False


@dataclass(slots=True)
class Decision:
    """One communication to record: a customer, a currency, a level, the items."""

    partner_id: int
    currency_id: int
    level: Level
    # (line_id, level_id) for every overdue item listed, with its level after this run.
    items: list = field(default_factory=list)
    # line_id of every item whose level moved up in this run: what the communication
    # is about; the other items are listed apart, as what else is outstanding.
    escalated: list = field(default_factory=list)
    credits: list = field(default_factory=list)
    amount_due: Decimal = Decimal("0")
    amount_credit: Decimal = Decimal("0")
    # The customer's first communication: no earlier reminder to refer to.
    first_contact: bool = False
    # A first communication that is a formal notice or a hand-over: a person decides.
    needs_approval: bool = False

    @property
    def amount_net(self):
        return self.amount_due + self.amount_credit


def days_late(due_date, today):
    """Calendar days between the due date and ``today`` (negative before the due date)."""
    return (today - due_date).days


def notice_expiry(level, policy, sent_on, posted_on=None, receipt_on=None):
    """The last day of the deadline a communication at ``level`` gives, for the items
    it puts on notice, or None when ``level`` is not a formal notice (only a formal
    notice holds its items: a reminder's deadline is a courtesy, not a legal act).

    ``sent_on``: the day it was sent (None: not yet, it holds its items without end);
    for a registered letter, ``posted_on`` the day it was posted (None: not yet) and
    ``receipt_on`` the acknowledgement of receipt. The deadline runs from the day the
    debtor could read the notice: the sending of an ordinary letter or email; the
    receipt of a registered letter, or, when none came back, the end of the policy's
    wait for it (``Policy.receipt_wait``), so that a letter left unclaimed does not
    hold the debt for ever.
    """
    if not level.formal_notice:
        return None
    if sent_on is None:
        return date.max
    if level.registered:
        if receipt_on is not None:
            start = receipt_on
        elif posted_on is not None:
            start = posted_on + timedelta(days=policy.receipt_wait)
        else:
            return date.max
    else:
        start = sent_on
    return start + timedelta(days=level.deadline)


def is_held(policy, item, today):
    """Whether ``item`` may not move up today: it was handed over (the ladder's end
    for it), or the formal notice it is under has not run its deadline."""
    return _is_held(policy, item, policy.index_of(item.level_id), today)


def _is_held(policy, item, current, today):
    """:func:`is_held` for an item at index ``current`` of the policy's levels."""
    if current < 0:
        return False
    if policy.levels[current].hand_over:
        return True
    return item.held_until is not None and today <= item.held_until


def target_index(policy, item, today, last_communication=None):
    """Index in ``policy.levels`` the item should sit at today, or -1 for none.

    ``last_communication``: the day of the customer's last communication, from which
    the gaps of the levels an item climbs are counted.
    """
    current = policy.index_of(item.level_id)
    held = _is_held(policy, item, current, today)
    return _target_index(policy, item, current, held, today, last_communication)


def _target_index(policy, item, current, held, today, last_communication):
    """:func:`target_index` for an item at index ``current``, ``held`` or not."""
    if held:
        return current
    reached = bisect_right(policy._delays, (today - item.due_date).days) - 1
    if reached <= current:
        return current
    if current < 0:
        # Entering the ladder: at its first level, or where its age warrants.
        return reached if policy.entry_by_age else 0
    if not policy.catch_up or last_communication is None:
        return current + 1
    if last_communication + policy._step_deltas[current + 1] > today:
        # The first step of a catch-up is not due yet: one level (the common case,
        # decided without the catch-up's walk).
        return current + 1
    return _caught_up_index(policy, item, current, reached, last_communication, today)


def _caught_up_index(policy, item, current, reached, last_communication, today):
    """How far daily runs would have taken an item from ``current`` by ``today``: one
    level per run, each once the item is old enough for it and its gap has passed
    since the step before (the customer's last communication, for the first)."""
    if last_communication is None:
        # On the ladder without a communication that counts (it was cancelled, or
        # waits for approval): no skipped runs to make up for, one level only.
        return current + 1
    levels, delays, steps = policy.levels, policy._delay_deltas, policy._step_deltas
    index, stepped_on = current, last_communication
    for following in range(current + 1, reached + 1):
        # Never past a formal notice this catch-up lands on: the notice is really
        # sent, and its deadline runs, before anything follows it.
        if (index > current and levels[index].formal_notice) or levels[index].hand_over:
            break
        # One level per run: a day at least between two steps, whatever the gap.
        step = max(item.due_date + delays[following], stepped_on + steps[following])
        if step > today:
            break
        index, stepped_on = following, step
    # The next level at least: the run's own gap check decides whether it goes today.
    return max(index, current + 1)


def _consumer_cap(policy):
    """Highest index a consumer's first communication may reach."""
    for index, level in enumerate(policy.levels):
        if level.formal_notice:
            return index - 1
    return len(policy.levels) - 1


def decide_customer(customer, items, today):
    """Decisions for one customer, one per currency in which something moves up."""
    return _decide_customer(customer, items, today, customer.last_communication, customer.escalate)


def _decide_customer(customer, items, today, last, escalate):
    """:func:`decide_customer` with the customer's ``last`` communication and
    ``escalate`` given apart: the simulation of the days to come changes them daily."""
    decisions = []
    if not customer.policy.levels:
        return decisions
    by_currency = {}
    for item in items:
        by_currency.setdefault(item.currency_id, []).append(item)
    for currency_id in sorted(by_currency):
        debits, credits = _split(by_currency[currency_id])
        decision = _decide_currency(customer, currency_id, debits, credits, today, last, escalate)
        if decision:
            decisions.append(decision)
    return decisions


def _split(items):
    """(debits, credits) among ``items``: what is owed and overdue or due some day, and
    what is in the customer's favour; the rest (settled, or no due date) counts for
    nothing."""
    debits, credits = [], []
    for item in items:
        if item.residual < 0:
            credits.append(item)
        elif item.residual > 0 and item.due_date is not None:
            debits.append(item)
    return debits, credits


def _decide_currency(customer, currency_id, debits, credits, today, last, escalate):
    """The decision for the ``debits`` and ``credits`` (:func:`_split`) of one
    currency, or None."""
    policy = customer.policy
    levels, positions = policy.levels, policy._positions
    top_index = len(levels) - 1
    # A consumer's first communication is never a formal notice.
    cap = policy.consumer_cap if customer.consumer and last is None else None
    overdue, escalated = [], []
    # (item, index after this run) of each debit; the rules below apply item by item.
    resuming, highest = False, -1
    for item in debits:
        current = positions.get(item.level_id, -1)
        held = current >= 0 and (
            levels[current].hand_over or (item.held_until is not None and today <= item.held_until)
        )
        target = current if held else _target_index(policy, item, current, False, today, last)
        if escalate and (current >= 0 or target >= 0):
            target = max(target, min(current + 1, top_index))
        if item.resume_level_id:
            floor = positions.get(item.resume_level_id, -1)
            if floor > target:
                target = floor
                resuming = True
        if cap is not None:
            # An item already past the cap (policy changed since) keeps its level.
            target = min(target, max(cap, current))
        if held:
            # Nothing moves an item held at its level: not a broken promise, not a
            # broken plan's resumption (each step once per debt).
            target = current
        if target >= 0:
            overdue.append((item, target))
        if target > current:
            escalated.append(item.line_id)
            highest = max(highest, target)
    if not escalated:
        return None
    # What moved decides: the level an item sat at already is not sent again.
    top = levels[highest]
    if not escalate and not resuming and last is not None and (today - last).days < top.gap:
        return None
    amount_due = sum((item.residual for item, _target in overdue), Decimal("0"))
    amount_credit = sum((item.residual for item in credits), Decimal("0"))
    amount_net = amount_due + amount_credit
    if amount_net <= 0 or amount_net < policy.tolerance:
        return None
    return Decision(
        partner_id=customer.partner_id,
        currency_id=currency_id,
        level=top,
        items=[(item.line_id, levels[target].id) for item, target in overdue],
        escalated=escalated,
        credits=[item.line_id for item in credits],
        amount_due=amount_due,
        amount_credit=amount_credit,
        first_contact=last is None,
        needs_approval=last is None and (top.formal_notice or top.hand_over),
    )


def decide(customers, items, today):
    """Decide the whole batch: ``customers`` by partner id, ``items`` in any order."""
    by_partner = {}
    for item in items:
        by_partner.setdefault(item.partner_id, []).append(item)
    decisions = []
    for partner_id in sorted(by_partner):
        customer = customers.get(partner_id)
        if customer is not None:
            decisions.extend(decide_customer(customer, by_partner[partner_id], today))
    return decisions


def next_step(customer, items, today, horizon=400):
    """(level, day) of the next communication the run would send ``customer``, or
    None when none is planned within ``horizon`` days.

    The run's own rules, applied to the days to come as they stand today (nothing
    paid, no new invoice, no promise or hold): the first day a run would decide a
    communication, and at which level. Today included.
    """
    for day, decisions in _simulate(customer, items, today, horizon):
        top = max(decisions, key=lambda decision: decision.level.sequence)
        return top.level, day
    return None


def next_steps(customer, items, start, horizon=400):
    """{line id: (level, day)}: when each overdue item of ``customer`` next moves up,
    and to which level, if daily runs from ``start`` on apply the run's rules to the
    book as it stands (nothing paid, no new invoice, no promise or hold).

    An item missing from the result has nothing planned within ``horizon`` days: it
    is at the top of the ladder, or a first formal notice or hand-over waits for a
    person's approval before it, the run cannot tell what follows.
    """
    steps = {}
    policy = customer.policy
    # The items that can still move up: once each has its step, the rest is moot. Not
    # one at the top, handed over, or under a notice not yet sent.
    never = date.max - ONE_DAY
    movable = {
        item.line_id
        for item in items
        if item.residual > 0
        and item.due_date
        and policy.levels
        and item.level_id != policy.levels[-1].id
        and not is_held(policy, item, never)
    }
    if not movable:
        return steps
    for day, decisions in _simulate(customer, items, start, horizon):
        for decision in decisions:
            escalated = set(decision.escalated)
            for line_id, level_id in decision.items:
                if line_id in escalated and line_id not in steps:
                    steps[line_id] = (
                        customer.policy.levels[customer.policy.index_of(level_id)],
                        day,
                    )
        if movable <= steps.keys():
            break
    return steps


def _simulate(customer, items, start, horizon):
    """Yield (day, decisions) for each day from ``start`` on which a daily run would
    decide something, each day's decisions applied as the run records them (the
    items' new levels; the day as the last communication, unless it waits for
    approval, which ends the simulation).

    Only the days on which a decision can change are looked at: an item's age
    reaching a level's delay, the customer's last communication a level's gap old.
    """
    policy = customer.policy
    if not policy.levels:
        return
    items = {item.line_id: item for item in items}
    open_debits = {
        line_id for line_id, item in items.items() if item.residual > 0 and item.due_date
    }
    last, escalate = customer.last_communication, customer.escalate
    end = start + timedelta(days=horizon)
    # The days an item's age reaches a level's delay do not depend on the run's
    # decisions: listed once, sorted.
    age_days = sorted(
        {
            items[line_id].due_date + delay
            for line_id in open_debits
            for delay in policy._delay_deltas
        }
    )
    # Each currency's items decided apart, as decide_customer does: grouped and split
    # once (a debit stays a debit; only the debits' levels change).
    by_currency = {}
    for item in items.values():
        by_currency.setdefault(item.currency_id, []).append(item)
    currencies = []
    for currency_id in sorted(by_currency):
        debits, credits = _split(by_currency[currency_id])
        currencies.append((currency_id, [item.line_id for item in debits], credits))
    # The days the items' notices end: they change only with the day's decisions.
    held_days = {item.held_until for item in items.values() if item.held_until}
    day = start
    while day is not None and day <= end:
        decisions = []
        for currency_id, debit_ids, credits in currencies:
            decision = _decide_currency(
                customer,
                currency_id,
                [items[line_id] for line_id in debit_ids],
                credits,
                day,
                last,
                escalate,
            )
            if decision:
                decisions.append(decision)
        # A broken promise moves the items up once, at the first run.
        escalate = False
        if decisions:
            for decision in decisions:
                # Sent on the day, its receipt unknown: the longest the items wait.
                expiry = notice_expiry(decision.level, policy, day, day)
                # Only the items that moved up change: the others keep their level.
                escalated = set(decision.escalated)
                for line_id, level_id in decision.items:
                    if line_id in escalated:
                        items[line_id] = _moved(items[line_id], level_id, expiry)
            yield day, decisions
            if any(decision.needs_approval for decision in decisions):
                return
            last = day
            held_days = {item.held_until for item in items.values() if item.held_until}
        day = _next_decision_day(policy, age_days, held_days, last, day)


def _moved(item, level_id, held_until):
    """``item`` at ``level_id``, held until ``held_until`` (``dataclasses.replace``,
    without its introspection: the simulation moves thousands of items a run)."""
    return Item(
        item.line_id,
        item.partner_id,
        item.currency_id,
        item.residual,
        item.due_date,
        level_id,
        item.resume_level_id,
        held_until,
    )


def _next_decision_day(policy, age_days, held_days, last, after):
    """The first day after ``after`` on which a run may decide otherwise than on
    ``after``, or None: one of the sorted ``age_days`` (an item reaching a level's
    delay), the day after one of ``held_days`` (a formal notice's deadline over), or
    the last communication reaching a level's gap (a day at least, as catch-up counts
    it)."""
    days = []
    index = bisect_right(age_days, after)
    if index < len(age_days):
        days.append(age_days[index])
    for held in held_days:
        if after <= held < date.max:
            days.append(held + ONE_DAY)
    if last is not None:
        gaps = policy._gap_days
        index = bisect_right(gaps, (after - last).days)
        if index < len(gaps):
            days.append(last + timedelta(days=gaps[index]))
    return min(days, default=None)
