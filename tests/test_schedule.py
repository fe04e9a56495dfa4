"""Payment plans: the schedule and its rounding, the payments' allocation, breaking."""

from datetime import date
from decimal import Decimal

import pytest

from engine import schedule
from engine.schedule import Instalment, ScheduleError

TODAY = date(2026, 12, 4)


def amounts(instalments):
    return [instalment.amount for instalment in instalments]


def dates(instalments):
    return [instalment.date for instalment in instalments]


def test_monthly_split_puts_the_remainder_on_the_last_instalment():
    # 1000.00 / 3 = 333.333...: 333.33 twice, then 1000.00 - 666.66 = 333.34.
    plan = schedule.build(Decimal("1000.00"), 3, date(2026, 12, 10), schedule.MONTHLY, TODAY)
    assert amounts(plan) == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert dates(plan) == [date(2026, 12, 10), date(2027, 1, 10), date(2027, 2, 10)]
    assert sum(amounts(plan)) == Decimal("1000.00")


def test_monthly_dates_keep_the_first_day_or_the_months_last():
    plan = schedule.build(Decimal("400"), 4, date(2027, 1, 31), schedule.MONTHLY, TODAY)
    assert dates(plan) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]


def test_leap_february_and_the_year_end():
    plan = schedule.build(Decimal("90"), 3, date(2027, 12, 31), schedule.MONTHLY, TODAY)
    assert dates(plan) == [date(2027, 12, 31), date(2028, 1, 31), date(2028, 2, 29)]


def test_weekly_schedule():
    # 100.01 / 4 = 25.0025: 25.00 three times, 25.01 last.
    plan = schedule.build(Decimal("100.01"), 4, TODAY, schedule.WEEKLY, TODAY)
    assert dates(plan) == [
        date(2026, 12, 4),
        date(2026, 12, 11),
        date(2026, 12, 18),
        date(2026, 12, 25),
    ]
    assert amounts(plan) == [Decimal("25.00")] * 3 + [Decimal("25.01")]


def test_down_payment_first_then_the_instalments_one_period_later():
    # 1234.56 - 200.00 = 1034.56 / 3 = 344.853...: 344.85, 344.85, 344.86.
    plan = schedule.build(
        Decimal("1234.56"),
        3,
        date(2026, 12, 15),
        schedule.MONTHLY,
        TODAY,
        down_payment=Decimal("200"),
    )
    assert [instalment.down_payment for instalment in plan] == [True, False, False, False]
    assert amounts(plan) == [
        Decimal("200"),
        Decimal("344.85"),
        Decimal("344.85"),
        Decimal("344.86"),
    ]
    assert dates(plan) == [
        date(2026, 12, 15),
        date(2027, 1, 15),
        date(2027, 2, 15),
        date(2027, 3, 15),
    ]
    assert sum(amounts(plan)) == Decimal("1234.56")


def test_custom_dates():
    custom = [date(2026, 12, 20), date(2027, 2, 1), date(2027, 6, 30)]
    plan = schedule.build(
        Decimal("0.10"), 3, date(2026, 12, 20), schedule.CUSTOM, TODAY, custom_dates=custom
    )
    assert dates(plan) == custom
    assert amounts(plan) == [Decimal("0.03"), Decimal("0.03"), Decimal("0.04")]


def test_currency_without_cents():
    # 1000 JPY / 3: 333, 333, 334.
    plan = schedule.build(Decimal("1000"), 3, TODAY, schedule.MONTHLY, TODAY, unit=Decimal("1"))
    assert amounts(plan) == [Decimal("333"), Decimal("333"), Decimal("334")]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"debt": Decimal("100"), "count": 0}, "count"),
        ({"debt": Decimal("100"), "count": -2}, "count"),
        ({"debt": Decimal("0"), "count": 2}, "nothing_owed"),
        ({"debt": Decimal("100"), "count": 2, "first_date": date(2026, 12, 3)}, "first_date_past"),
        ({"debt": Decimal("100"), "count": 2, "down_payment": Decimal("100")}, "down_payment"),
        ({"debt": Decimal("100"), "count": 2, "down_payment": Decimal("-1")}, "down_payment"),
        ({"debt": Decimal("0.02"), "count": 3}, "too_small"),
        (
            {
                "debt": Decimal("100"),
                "count": 2,
                "frequency": schedule.CUSTOM,
                "custom_dates": [TODAY],
            },
            "custom_count",
        ),
        (
            {
                "debt": Decimal("100"),
                "count": 2,
                "frequency": schedule.CUSTOM,
                "custom_dates": [date(2027, 1, 5), date(2027, 1, 1)],
            },
            "order",
        ),
        ({"debt": Decimal("100"), "count": 2, "frequency": "yearly"}, "frequency"),
    ],
)
def test_terms_refused(kwargs, code):
    terms = {"first_date": TODAY, "frequency": schedule.MONTHLY, "today": TODAY, **kwargs}
    with pytest.raises(ScheduleError) as caught:
        schedule.build(**terms)
    assert caught.value.code == code


def test_check_refuses_a_schedule_that_does_not_add_up():
    instalments = [Instalment(TODAY, Decimal("50")), Instalment(date(2027, 1, 4), Decimal("49.99"))]
    with pytest.raises(ScheduleError) as caught:
        schedule.check(instalments, Decimal("100"), TODAY)
    assert caught.value.code == "total"
    assert caught.value.params == {"total": Decimal("99.99"), "debt": Decimal("100")}


def test_check_refuses_zero_amounts_and_dates_before_the_first():
    with pytest.raises(ScheduleError) as caught:
        schedule.check(
            [Instalment(TODAY, Decimal("0")), Instalment(TODAY, Decimal("10"))],
            Decimal("10"),
            TODAY,
        )
    assert caught.value.code == "amount"
    with pytest.raises(ScheduleError) as caught:
        schedule.check([Instalment(date(2026, 12, 1), Decimal("10"))], Decimal("10"), TODAY)
    assert caught.value.code == "before_first"


PLAN = [
    Instalment(date(2026, 10, 1), Decimal("300.00")),
    Instalment(date(2026, 11, 1), Decimal("300.00")),
    Instalment(date(2026, 12, 1), Decimal("300.00")),
    Instalment(date(2027, 1, 1), Decimal("300.01")),
]


def test_allocation_in_date_order_with_an_overpayment_and_several_instalments():
    # 700.00 paid: the first two (600.00) in full, 100.00 of the third (late since
    # 1 December), nothing of the fourth (not due yet).
    statuses = schedule.allocate(PLAN, Decimal("700.00"), TODAY)
    assert [(status.paid, status.state) for status in statuses] == [
        (Decimal("300.00"), schedule.PAID),
        (Decimal("300.00"), schedule.PAID),
        (Decimal("100.00"), schedule.LATE),
        (Decimal("0"), schedule.DUE),
    ]
    assert statuses[2].left == Decimal("200.00")


def test_allocation_partly_paid_before_the_date():
    statuses = schedule.allocate(PLAN, Decimal("1000.00"), TODAY)
    assert [status.state for status in statuses] == [schedule.PAID] * 3 + [schedule.PARTIAL]
    assert statuses[3].paid == Decimal("100.00")
    assert schedule.next_unpaid(statuses) is statuses[3]


def test_allocation_of_more_than_the_debt_pays_everything_once():
    statuses = schedule.allocate(PLAN, Decimal("5000"), TODAY)
    assert [status.paid for status in statuses] == amounts(PLAN)
    assert schedule.next_unpaid(statuses) is None


def test_breaking_after_the_grace_days_only():
    statuses = schedule.allocate(PLAN, Decimal("600.00"), date(2026, 12, 6))
    # The third instalment (1 December) unpaid: 5 days after on 6 December.
    assert schedule.first_breach(statuses, date(2026, 12, 6), 5) is None
    statuses = schedule.allocate(PLAN, Decimal("600.00"), date(2026, 12, 7))
    breach = schedule.first_breach(statuses, date(2026, 12, 7), 5)
    assert breach.instalment == PLAN[2]
    assert schedule.first_breach(statuses, date(2026, 12, 7), 6) is None


def test_a_paid_plan_never_breaks():
    statuses = schedule.allocate(PLAN, Decimal("1200.01"), date(2027, 6, 1))
    assert schedule.first_breach(statuses, date(2027, 6, 1), 0) is None


def test_reminder_day():
    assert schedule.reminder_day(date(2027, 1, 1), 3) == date(2026, 12, 29)


def test_due_now_is_every_instalment_come_or_else_the_next():
    # On 15 December, 350.00 paid: the first (1 October) in full, 50.00 of the second
    # (1 November), none of the third (1 December): 250.00 + 300.00 due now.
    statuses = schedule.allocate(PLAN, Decimal("350.00"), date(2026, 12, 15))
    assert schedule.due_now(statuses, date(2026, 12, 15)) == Decimal("550.00")
    # Everything come is paid: the next instalment, what is left of it.
    statuses = schedule.allocate(PLAN, Decimal("1000.00"), date(2026, 12, 15))
    assert schedule.due_now(statuses, date(2026, 12, 15)) == Decimal("200.01")
    statuses = schedule.allocate(PLAN, Decimal("1200.01"), date(2026, 12, 15))
    assert schedule.due_now(statuses, date(2026, 12, 15)) == Decimal("0")
