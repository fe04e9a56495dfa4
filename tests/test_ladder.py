"""The dunning ladder's rules, without a database."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from engine import ladder

D = Decimal
TODAY = date(2026, 3, 31)
# The French ladder shipped as data: +3, +15, +30, +45 (formal notice), +60.
FRENCH = ladder.Policy(
    levels=(
        ladder.Level(id=1, sequence=10, delay=3),
        ladder.Level(id=2, sequence=20, delay=15, gap=7),
        ladder.Level(id=3, sequence=30, delay=30, gap=7),
        ladder.Level(id=4, sequence=40, delay=45, gap=7, formal_notice=True),
        ladder.Level(id=5, sequence=50, delay=60, gap=7),
    ),
)
ONE_STEP = ladder.Policy(levels=FRENCH.levels, catch_up=False)
# The option that lets a new item enter at the level its age warrants.
BY_AGE = ladder.Policy(levels=FRENCH.levels, entry_by_age=True)


def item(line_id, days_late, amount="100.00", level_id=None, partner_id=7, currency_id=1):
    return ladder.Item(
        line_id=line_id,
        partner_id=partner_id,
        currency_id=currency_id,
        residual=D(amount),
        due_date=TODAY - timedelta(days=days_late),
        level_id=level_id,
    )


def decide(items, policy=FRENCH, last=None, consumer=False):
    customer = ladder.Customer(
        partner_id=7, policy=policy, last_communication=last, consumer=consumer
    )
    return ladder.decide({7: customer}, items, TODAY)


def test_nothing_before_the_first_delay():
    assert decide([item(1, 2)]) == []


def test_first_reminder_at_due_date_plus_three():
    (decision,) = decide([item(1, 3)])
    assert decision.level.id == 1
    assert decision.items == [(1, 1)]
    assert decision.escalated == [1]
    assert decision.amount_due == D("100.00")


def test_entry_by_age_goes_straight_to_the_level_the_age_warrants():
    (decision,) = decide([item(1, 40)], policy=BY_AGE)
    assert decision.level.id == 3
    assert decision.first_contact


def test_a_late_item_enters_at_the_first_level_whatever_its_age():
    for days in (3, 40, 90, 400):
        (decision,) = decide([item(1, days)])
        assert decision.level.id == 1
        assert decision.items == [(1, 1)]
        assert decision.first_contact
        assert not decision.needs_approval


def test_a_late_book_climbs_one_level_per_run_with_the_gaps():
    # 90 days late on the first day: the first reminder; then each run takes it one
    # level up, only once the level's gap (7 days) since the last one has passed.
    level, last, sent = None, None, []
    for day in range(40):
        today = TODAY + timedelta(days=day)
        due = TODAY - timedelta(days=90)
        customer = ladder.Customer(partner_id=7, policy=FRENCH, last_communication=last)
        line = ladder.Item(1, 7, 1, D("100.00"), due_date=due, level_id=level)
        decisions = ladder.decide({7: customer}, [line], today)
        if decisions:
            (decision,) = decisions
            level, last = decision.items[0][1], today
            sent.append((day, level))
    assert sent == [(0, 1), (7, 2), (14, 3), (21, 4), (28, 5)]


def test_catch_up_after_skipped_runs_never_skips_the_gaps():
    # At the first level since 20 days (no run since), 60 days late: daily runs would
    # have sent the second level 7 days after, the call 7 days later; the formal
    # notice would be due on day 21, tomorrow.
    items = [item(1, 60, level_id=1)]
    (decision,) = decide(items, last=TODAY - timedelta(days=20))
    assert decision.level.id == 3
    (decision,) = decide(items, last=TODAY - timedelta(days=21))
    assert decision.level.id == 4
    # Without catch-up: one level, whatever was skipped.
    (decision,) = decide(items, policy=ONE_STEP, last=TODAY - timedelta(days=21))
    assert decision.level.id == 2


def test_a_first_formal_notice_or_hand_over_waits_for_approval():
    (notice,) = decide([item(1, 50)], policy=BY_AGE)
    assert notice.level.formal_notice and notice.needs_approval
    hand_over = ladder.Policy(
        levels=FRENCH.levels[:4]
        + (ladder.Level(id=5, sequence=50, delay=60, gap=7, hand_over=True),),
        entry_by_age=True,
    )
    (decision,) = decide([item(1, 70)], policy=hand_over)
    assert decision.level.id == 5 and decision.needs_approval
    # Once the customer was reminded, the ladder goes on by itself.
    (later,) = decide([item(1, 70, level_id=4)], policy=hand_over, last=TODAY - timedelta(days=8))
    assert later.level.id == 5 and not later.needs_approval and not later.first_contact


def test_one_level_per_run_without_catch_up():
    (decision,) = decide([item(1, 40, level_id=1)], policy=ONE_STEP)
    assert decision.level.id == 2


def test_second_run_the_same_day_sends_nothing():
    (first,) = decide([item(1, 16)])
    reached = dict(first.items)
    assert decide([item(1, 16, level_id=reached[1])], last=TODAY) == []


def test_instalments_keep_their_own_level_and_the_highest_drives_the_actions():
    (decision,) = decide([item(1, 31), item(2, 5), item(3, 1)], policy=BY_AGE)
    assert decision.level.id == 3
    # The instalment not yet at a level (1 day late) is not listed.
    assert decision.items == [(1, 3), (2, 1)]
    assert decision.amount_due == D("200.00")


def test_credits_are_listed_and_netted():
    (decision,) = decide([item(1, 20, "300.00"), ladder.Item(9, 7, 1, D("-120.50"))])
    assert decision.credits == [9]
    assert decision.amount_net == D("179.50")


def test_credits_covering_the_debt_send_nothing():
    assert decide([item(1, 20, "100.00"), ladder.Item(9, 7, 1, D("-100.00"))]) == []


def test_tolerance():
    policy = ladder.Policy(levels=FRENCH.levels, tolerance=D("15.00"))
    assert decide([item(1, 20, "14.99")], policy=policy) == []
    assert len(decide([item(1, 20, "15.00")], policy=policy)) == 1


def test_minimum_gap_since_previous_communication():
    items = [item(1, 16, level_id=1)]
    assert decide(items, last=TODAY - timedelta(days=6)) == []
    (decision,) = decide(items, last=TODAY - timedelta(days=7))
    assert decision.level.id == 2


def test_consumer_first_communication_is_never_a_formal_notice():
    (decision,) = decide([item(1, 50)], policy=BY_AGE, consumer=True)
    assert decision.level.id == 3
    assert not decision.level.formal_notice


def test_consumer_reaches_formal_notice_after_a_first_communication():
    (decision,) = decide([item(1, 50, level_id=3)], consumer=True, last=TODAY - timedelta(days=10))
    assert decision.level.formal_notice


def test_business_may_get_a_formal_notice_first():
    (decision,) = decide([item(1, 50)], policy=BY_AGE)
    assert decision.level.formal_notice


def test_one_communication_per_currency():
    decisions = decide([item(1, 20, currency_id=1), item(2, 4, currency_id=2)], policy=BY_AGE)
    assert [(d.currency_id, d.level.id) for d in decisions] == [(1, 2), (2, 1)]


def test_reminder_before_the_due_date():
    policy = ladder.Policy(levels=(ladder.Level(id=1, sequence=1, delay=-5),) + FRENCH.levels)
    (decision,) = decide([item(1, -5)], policy=policy)
    assert decision.level.id == 1


def test_policy_without_levels_decides_nothing():
    assert decide([item(1, 90)], policy=ladder.Policy(levels=())) == []


def test_broken_promise_escalates_one_level_despite_the_gap():
    customer = ladder.Customer(
        partner_id=7, policy=FRENCH, last_communication=TODAY - timedelta(days=2), escalate=True
    )
    # 32 days late, already at the call level (30): the next level is the formal notice.
    (decision,) = ladder.decide({7: customer}, [item(1, 32, level_id=3)], TODAY)
    assert decision.level.id == 4
    assert decision.escalated == [1]


def test_broken_promise_at_the_top_level_sends_nothing_more():
    customer = ladder.Customer(partner_id=7, policy=FRENCH, escalate=True)
    assert ladder.decide({7: customer}, [item(1, 90, level_id=5)], TODAY) == []


def test_broken_payment_plan_resumes_at_its_level_despite_the_gap():
    customer = ladder.Customer(
        partner_id=7, policy=FRENCH, last_communication=TODAY - timedelta(days=2)
    )
    # The plan's item, at the first level and 20 days late, resumes at the formal
    # notice (level 4) although the ladder alone would take it to level 2 only, and
    # the last communication 2 days ago is within level 4's 7-day gap. The other
    # item, not in the plan, goes on as usual.
    in_plan = replace(item(1, 20, level_id=1), resume_level_id=4)
    (decision,) = ladder.decide({7: customer}, [in_plan, item(2, 20, level_id=1)], TODAY)
    assert decision.level.id == 4
    assert sorted(decision.items) == [(1, 4), (2, 2)]
    assert sorted(decision.escalated) == [1, 2]


def test_broken_payment_plan_never_moves_an_item_down():
    in_plan = replace(item(1, 70, level_id=5), resume_level_id=4)
    assert decide([in_plan], last=TODAY - timedelta(days=30)) == []


def test_next_step_of_a_customer():
    customer = ladder.Customer(partner_id=7, policy=FRENCH, last_communication=TODAY)
    # At the first level, 10 days late: the second level at 15 days (in 5 days),
    # its gap (7 days since today's reminder) later still: in 7 days.
    assert ladder.next_step(customer, [item(1, 10, level_id=1)], TODAY) == (
        FRENCH.levels[1],
        TODAY + timedelta(days=7),
    )
    # Not yet on the ladder, 1 day late, never contacted: the first level in 2 days.
    fresh = ladder.Customer(partner_id=7, policy=FRENCH)
    assert ladder.next_step(fresh, [item(2, 1)], TODAY) == (
        FRENCH.levels[0],
        TODAY + timedelta(days=2),
    )
    # Already due: the next run's, today.
    assert ladder.next_step(fresh, [item(3, 40)], TODAY) == (FRENCH.levels[0], TODAY)
    # At the top level, or only credits: nothing planned.
    assert ladder.next_step(customer, [item(4, 90, level_id=5)], TODAY) is None
    assert ladder.next_step(customer, [ladder.Item(9, 7, 1, D("-5.00"))], TODAY) is None


def test_a_cancelled_first_reminder_does_not_open_the_way_to_a_hand_over():
    # The friendly reminder was cancelled: the invoice kept its level, the customer
    # has no communication that counts. The next run goes one level up, not five.
    (decision,) = decide([item(1, 90, level_id=1)], last=None)
    assert decision.level.id == 2


def test_catch_up_takes_a_day_per_level_even_without_gaps():
    no_gaps = ladder.Policy(
        levels=tuple(
            ladder.Level(id=lvl.id, sequence=lvl.sequence, delay=lvl.delay, gap=0)
            for lvl in FRENCH.levels
        )
    )
    # At the first level since yesterday, 90 days late: one run, one level.
    (decision,) = decide([item(1, 90, level_id=1)], policy=no_gaps, last=TODAY - timedelta(days=1))
    assert decision.level.id == 2


def test_entry_by_age_without_catch_up_still_enters_at_the_age_level():
    policy = ladder.Policy(levels=FRENCH.levels, entry_by_age=True, catch_up=False)
    (decision,) = decide([item(1, 40)], policy=policy)
    assert decision.level.id == 3


def test_next_step_follows_the_runs_rules_for_the_whole_customer():
    # A: at the formal notice, 91 days late; B: new, 10 days late; last communication
    # 3 days ago. The run sends the highest level any item reaches (the hand-over)
    # once its 7-day gap has passed: in 4 days, not a friendly reminder today.
    customer = ladder.Customer(
        partner_id=7, policy=FRENCH, last_communication=TODAY - timedelta(days=3)
    )
    assert ladder.next_step(customer, [item(1, 91, level_id=4), item(2, 10)], TODAY) == (
        FRENCH.levels[4],
        TODAY + timedelta(days=4),
    )


def _brute_next_step(customer, items, today, horizon=400):
    """next_step as the run would find it, one day after the other."""
    for offset in range(horizon + 1):
        decisions = ladder.decide_customer(customer, items, today + timedelta(days=offset))
        if decisions:
            top = max(decisions, key=lambda decision: decision.level.sequence)
            return top.level, today + timedelta(days=offset)
    return None


def test_next_step_looks_only_at_the_days_that_matter_and_finds_the_same():
    # Every combination of ages, levels and last contacts of a small book: the days
    # skipped are days on which no run could decide anything new.
    for policy in (FRENCH, ONE_STEP, BY_AGE):
        for last_days_ago in (None, 0, 3, 6, 20):
            last = None if last_days_ago is None else TODAY - timedelta(days=last_days_ago)
            for consumer in (False, True):
                customer = ladder.Customer(7, policy, last_communication=last, consumer=consumer)
                for ages in ((1,), (10, 2), (40, 16), (90,)):
                    for level_id in (None, 1, 3):
                        items = [
                            item(index, age, level_id=level_id) for index, age in enumerate(ages)
                        ]
                        assert ladder.next_step(customer, items, TODAY) == _brute_next_step(
                            customer, items, TODAY
                        ), (policy, last, consumer, ages, level_id)


def test_next_steps_of_each_item_follow_the_runs_to_come():
    customer = ladder.Customer(partner_id=7, policy=FRENCH)
    # Never contacted: the 40-day-old invoice gets the first reminder today. The
    # 1-day-old one is old enough for it in 2 days, but the customer's next letter
    # carries the first invoice to the second level, which waits for its 7-day gap:
    # both go in 7 days.
    steps = ladder.next_steps(customer, [item(1, 40), item(2, 1)], TODAY)
    assert steps == {
        1: (FRENCH.levels[0], TODAY),
        2: (FRENCH.levels[0], TODAY + timedelta(days=7)),
    }
    # Alone, the young invoice gets its reminder as soon as it is 3 days late.
    assert ladder.next_steps(customer, [item(2, 1)], TODAY) == {
        2: (FRENCH.levels[0], TODAY + timedelta(days=2))
    }
    # Already at the second level, last contact today: the third level after its
    # 7-day gap, the formal notice 7 days after that.
    contacted = ladder.Customer(partner_id=7, policy=FRENCH, last_communication=TODAY)
    steps = ladder.next_steps(contacted, [item(3, 40, level_id=2)], TODAY + timedelta(days=1))
    assert steps == {3: (FRENCH.levels[2], TODAY + timedelta(days=7))}
    # At the top: nothing planned; a credit: nothing planned.
    assert ladder.next_steps(contacted, [item(4, 90, level_id=5)], TODAY) == {}
    assert ladder.next_steps(contacted, [ladder.Item(9, 7, 1, D("-5.00"))], TODAY) == {}


def test_next_steps_stop_at_a_first_formal_notice_waiting_for_approval():
    # Entering by age at the formal notice: it waits for a person, what follows is
    # not planned.
    customer = ladder.Customer(partner_id=7, policy=BY_AGE)
    steps = ladder.next_steps(customer, [item(1, 50)], TODAY)
    assert steps == {1: (FRENCH.levels[3], TODAY)}
