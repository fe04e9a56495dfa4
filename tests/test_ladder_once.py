"""Each step once per debt: the ladder lived over weeks, without a database."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from engine import ladder

D = Decimal
TODAY = date(2026, 3, 31)
NOTICE = ladder.Level(
    id=4, sequence=40, delay=45, gap=7, formal_notice=True, deadline=8, registered=True
)
HAND_OVER = ladder.Level(id=5, sequence=50, delay=60, gap=7, hand_over=True)
# The French ladder shipped as data: +3, +15, +30, +45 (registered formal notice, 8
# days to pay), +60 (hand-over).
FRENCH = ladder.Policy(
    levels=(
        ladder.Level(id=1, sequence=10, delay=3),
        ladder.Level(id=2, sequence=20, delay=15, gap=7),
        ladder.Level(id=3, sequence=30, delay=30, gap=7),
        NOTICE,
        HAND_OVER,
    ),
    receipt_wait=15,
)


def item(line_id, days_late, level_id=None, held_until=None, amount="100.00"):
    return ladder.Item(
        line_id=line_id,
        partner_id=7,
        currency_id=1,
        residual=D(amount),
        due_date=TODAY - timedelta(days=days_late),
        level_id=level_id,
        held_until=held_until,
    )


def customer(last=None, escalate=False, policy=FRENCH):
    return ladder.Customer(7, policy, last_communication=last, escalate=escalate)


def test_a_new_invoice_gets_its_own_reminder_not_another_formal_notice():
    # Two invoices put on notice 20 days ago, its deadline over; a new invoice 4 days
    # late: a first reminder for it alone, the notice's invoices listed apart.
    on_notice = [item(1, 70, level_id=4), item(2, 66, level_id=4)]
    decisions = ladder.decide_customer(
        customer(last=TODAY - timedelta(days=20)),
        [*on_notice, item(3, 4)],
        TODAY,
    )
    # The old invoices go on to the hand-over (the notice's deadline is over and the
    # hand-over level's delay reached), the new one to its first reminder: one
    # communication, at the highest level that moved.
    (decision,) = decisions
    assert decision.level == HAND_OVER
    held = [replace(line, held_until=TODAY) for line in on_notice]
    (decision,) = ladder.decide_customer(
        customer(last=TODAY - timedelta(days=20)), [*held, item(3, 4)], TODAY
    )
    assert decision.level.id == 1
    assert decision.escalated == [3]
    assert decision.items == [(1, 4), (2, 4), (3, 1)]
    assert not decision.needs_approval


def test_an_item_under_a_notice_not_sent_never_moves():
    # The notice waits for approval or for its posting: the item waits with it.
    held = item(1, 200, level_id=4, held_until=date.max)
    assert ladder.decide_customer(customer(last=TODAY - timedelta(days=60)), [held], TODAY) == []
    # Not even a broken promise moves it.
    assert ladder.decide_customer(customer(last=TODAY, escalate=True), [held], TODAY) == []


def test_the_step_after_a_notice_waits_for_its_deadline():
    last = TODAY - timedelta(days=30)
    held = item(1, 90, level_id=4, held_until=TODAY)
    assert ladder.decide_customer(customer(last=last), [held], TODAY) == []
    (decision,) = ladder.decide_customer(customer(last=last), [held], TODAY + timedelta(days=1))
    assert decision.level == HAND_OVER
    assert decision.escalated == [1]


def test_a_handed_over_item_never_moves_nor_is_handed_over_again():
    handed = item(1, 400, level_id=5)
    for escalate in (False, True):
        assert (
            ladder.decide_customer(
                customer(last=TODAY - timedelta(days=90), escalate=escalate), [handed], TODAY
            )
            == []
        )
    # A new invoice beside it gets its first reminder, the handed-over one listed.
    (decision,) = ladder.decide_customer(
        customer(last=TODAY - timedelta(days=90)), [handed, item(2, 5)], TODAY
    )
    assert (decision.level.id, decision.escalated) == (1, [2])
    assert decision.items == [(1, 5), (2, 1)]


def test_a_second_notice_goes_only_to_items_the_first_did_not_cover():
    # Invoice 1 under notice (deadline running); invoice 2 reaches the notice's level
    # on its own: a formal notice for invoice 2 only.
    last = TODAY - timedelta(days=7)
    items = [
        item(1, 80, level_id=4, held_until=TODAY + timedelta(days=10)),
        item(2, 50, level_id=3),
    ]
    (decision,) = ladder.decide_customer(customer(last=last), items, TODAY)
    assert decision.level == NOTICE
    assert decision.escalated == [2]


def test_notice_expiry():
    email_notice = replace(NOTICE, registered=False)
    sent = date(2026, 3, 2)
    assert ladder.notice_expiry(FRENCH.levels[1], FRENCH, sent) is None
    assert ladder.notice_expiry(email_notice, FRENCH, sent) == date(2026, 3, 10)
    assert ladder.notice_expiry(email_notice, FRENCH, None) == date.max
    # Registered: from the receipt; without one, from the end of the wait for it;
    # not posted yet, without end.
    assert ladder.notice_expiry(NOTICE, FRENCH, sent, sent, date(2026, 3, 5)) == date(2026, 3, 13)
    assert ladder.notice_expiry(NOTICE, FRENCH, sent, sent) == date(2026, 3, 25)
    assert ladder.notice_expiry(NOTICE, FRENCH, sent, None) == date.max


def test_catch_up_does_not_skip_a_notices_deadline():
    # Runs skipped for months: the item climbs as the runs would have, but stops at
    # the formal notice, which is sent and runs its deadline before the hand-over.
    last = TODAY - timedelta(days=200)
    (decision,) = ladder.decide_customer(customer(last=last), [item(1, 300, level_id=3)], TODAY)
    assert decision.level == NOTICE


def test_next_steps_plan_the_hand_over_after_the_notices_deadline():
    last = TODAY
    steps = ladder.next_steps(
        customer(last=last),
        [item(1, 50, level_id=4, held_until=TODAY + timedelta(days=20))],
        TODAY + timedelta(days=1),
    )
    assert steps == {1: (HAND_OVER, TODAY + timedelta(days=21))}
    # A notice not sent yet, a handed-over item: nothing planned.
    assert (
        ladder.next_steps(
            customer(last=last), [item(1, 50, level_id=4, held_until=date.max)], TODAY
        )
        == {}
    )
    assert ladder.next_steps(customer(last=last), [item(1, 90, level_id=5)], TODAY) == {}
    # From the third level: the notice in 7 days, the hand-over once its deadline
    # (receipt unknown: 15 days' wait, then 8) is over.
    steps = ladder.next_steps(
        customer(last=last), [item(1, 50, level_id=3)], TODAY + timedelta(days=1)
    )
    notice_day = TODAY + timedelta(days=7)
    assert steps == {1: (NOTICE, notice_day)}


def _weekly_runs(invoices, weeks, start):
    """Replay weekly runs as the models record them; return every decision by day."""
    items = dict(invoices)
    last = None
    sent = []
    for week in range(weeks):
        day = start + timedelta(days=7 * week)
        decisions = ladder.decide_customer(customer(last=last), list(items.values()), day)
        for decision in decisions:
            sent.append((day, decision))
            expiry = ladder.notice_expiry(decision.level, FRENCH, day, day)
            for line_id, level_id in decision.items:
                items[line_id] = replace(items[line_id], level_id=level_id)
            for line_id in decision.escalated:
                items[line_id] = replace(items[line_id], held_until=expiry)
            last = day
    return sent


def test_over_twenty_weeks_each_item_gets_each_step_once():
    start = TODAY
    # A late book, and a new invoice every three weeks.
    invoices = {
        line_id: item(line_id, days, amount="250.00")
        for line_id, days in ((1, 40), (2, 10), (3, -14), (4, -35), (5, -56), (6, -77))
    }
    sent = _weekly_runs(invoices, 20, start)
    steps = {}
    for _day, decision in sent:
        for line_id in decision.escalated:
            level_id = dict(decision.items)[line_id]
            steps.setdefault(line_id, []).append(level_id)
    for line_id, levels in steps.items():
        # Every level once, in order, ending at the hand-over for the oldest.
        assert levels == sorted(set(levels)), (line_id, levels)
    notices = [d for _day, d in sent if d.level.formal_notice]
    hand_overs = [d for _day, d in sent if d.level.hand_over]
    noticed = [i for d in notices for i in d.escalated if dict(d.items)[i] == NOTICE.id]
    handed = [i for d in hand_overs for i in d.escalated if dict(d.items)[i] == HAND_OVER.id]
    assert len(noticed) == len(set(noticed))
    assert len(handed) == len(set(handed))
    # Each communication is at the highest level of what it moved.
    for _day, decision in sent:
        moved = {dict(decision.items)[line_id] for line_id in decision.escalated}
        assert decision.level.id == max(moved)


def _daily_steps(customer_, items, start, horizon=200):
    """{line id: (level, day)} as daily runs from ``start`` would move each item first,
    each day's decisions applied as the models record them (levels, a notice's hold,
    the last communication); stops at a communication waiting for approval."""
    items = {line.line_id: line for line in items}
    last, steps = customer_.last_communication, {}
    for offset in range(horizon + 1):
        day = start + timedelta(days=offset)
        current = replace(customer_, last_communication=last)
        decisions = ladder.decide_customer(current, list(items.values()), day)
        for decision in decisions:
            expiry = ladder.notice_expiry(decision.level, FRENCH, day, day)
            for line_id, level_id in decision.items:
                if line_id in decision.escalated:
                    steps.setdefault(line_id, (FRENCH.levels[FRENCH.index_of(level_id)], day))
                    items[line_id] = replace(items[line_id], level_id=level_id, held_until=expiry)
            if decision.needs_approval:
                return steps
            last = day
    return steps


def test_next_steps_agree_with_daily_runs_around_a_notice():
    # Items at every level, under a notice whose deadline runs, is over, or whose
    # notice is not sent: the worklist's plan is what daily runs would do.
    held_cases = (None, TODAY + timedelta(days=5), TODAY - timedelta(days=1), date.max)
    for last_days_ago in (None, 0, 6, 30):
        last = None if last_days_ago is None else TODAY - timedelta(days=last_days_ago)
        for ages in ((50,), (50, 4), (70, 20, 1)):
            for held in held_cases:
                items = [
                    item(index, age, level_id=(4 if index == 0 else None), held_until=held)
                    for index, age in enumerate(ages)
                ]
                expected = _daily_steps(customer(last=last), items, TODAY)
                assert ladder.next_steps(customer(last=last), items, TODAY) == expected, (
                    last,
                    ages,
                    held,
                )
