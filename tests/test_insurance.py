"""Credit insurance: where a cover stands, what it warns about, which items it insures
and when a declaration is due."""

from datetime import date
from decimal import Decimal

import pytest

from engine import insurance
from engine.insurance import Cover

DAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("start", "end", "state"),
    [
        (date(2026, 12, 5), None, insurance.FUTURE),
        (date(2026, 12, 4), None, insurance.ACTIVE),
        (date(2026, 1, 1), date(2026, 12, 4), insurance.ACTIVE),
        (date(2026, 1, 1), date(2026, 12, 3), insurance.EXPIRED),
        (date(2020, 1, 1), None, insurance.ACTIVE),
    ],
)
def test_cover_state_counts_both_ends_in(start, end, state):
    assert insurance.cover_state(start, end, DAY) == state


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((date(2026, 1, 1), date(2026, 6, 30)), (date(2026, 7, 1), None), False),
        ((date(2026, 1, 1), date(2026, 7, 1)), (date(2026, 7, 1), None), True),
        ((date(2026, 1, 1), None), (date(2030, 1, 1), date(2030, 2, 1)), True),
        ((date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 1, 1), date(2026, 2, 28)), False),
    ],
)
def test_periods_overlap(a, b, overlap):
    assert insurance.periods_overlap(*a, *b) is overlap
    assert insurance.periods_overlap(*b, *a) is overlap


def test_current_cover_prefers_the_running_one_then_the_last_ended():
    old = Cover(1, Decimal(5000), date(2025, 1, 1), date(2025, 12, 31))
    running = Cover(2, Decimal(8000), date(2026, 1, 1), None)
    future = Cover(3, Decimal(9000), date(2027, 1, 1), None)
    assert insurance.current_cover([old, running, future], DAY) == running
    assert insurance.current_cover([old, future], DAY) == old
    assert insurance.current_cover([future], DAY) is None
    assert insurance.current_cover([], DAY) is None


@pytest.mark.parametrize(
    ("cover", "exposure", "expected"),
    [
        (None, Decimal(100), None),
        (Cover(1, Decimal(10000), date(2026, 1, 1)), Decimal("10000.00"), None),
        (
            Cover(1, Decimal(10000), date(2026, 1, 1)),
            Decimal("10000.01"),
            insurance.WARN_OVER_COVER,
        ),
        (
            Cover(1, Decimal(10000), date(2025, 1, 1), date(2026, 12, 3)),
            Decimal(0),
            insurance.WARN_EXPIRED,
        ),
        (Cover(1, Decimal(0), date(2026, 1, 1)), Decimal(0), insurance.WARN_NOTHING_COVERED),
        (Cover(1, Decimal(10000), date(2027, 1, 1)), Decimal(20000), None),
    ],
)
def test_warning(cover, exposure, expected):
    assert insurance.warning(cover, exposure, DAY) == expected


def test_an_item_is_insured_by_the_cover_running_on_its_invoice_date():
    first = Cover(1, Decimal(5000), date(2025, 1, 1), date(2025, 12, 31))
    refused = Cover(2, Decimal(0), date(2026, 1, 1), date(2026, 3, 31))
    second = Cover(3, Decimal(8000), date(2026, 4, 1), None)
    covers = [first, refused, second]
    assert insurance.covering(covers, date(2025, 12, 31)) == first
    assert insurance.covering(covers, date(2026, 2, 15)) is None, "a cover of 0 insures nothing"
    assert insurance.covering(covers, date(2026, 4, 1)) == second
    assert insurance.covering(covers, date(2024, 12, 31)) is None


def test_deadlines_and_reminders_count_calendar_days():
    assert insurance.deadline(date(2026, 10, 31), 150) == date(2027, 3, 30)
    assert insurance.deadline(date(2026, 2, 28), 1) == date(2026, 3, 1)
    assert insurance.reminder_day(date(2027, 3, 30), 7) == date(2027, 3, 23)
    assert insurance.reminder_day(date(2027, 3, 30), 0) == date(2027, 3, 30)
