"""The reliability score: each factor to the point, the weights, a customer with no history."""

from decimal import Decimal

import pytest

from engine import score
from engine.score import History, PaidItem

D = Decimal


def test_no_history_has_no_score_not_100():
    result = score.score(History())
    assert result.value is None
    assert result.deductions == {}


def test_a_customer_who_pays_on_time_scores_100():
    history = History(paid=[PaidItem(1, D(500), 0), PaidItem(2, D(300), -5)], invoiced=D(800))
    result = score.score(history)
    assert result.value == 100
    assert all(points == 0 for _value, points in result.deductions.values())


def test_days_late_are_weighted_by_amount():
    # 900 paid 30 days late, 100 on time: (900 * 30 + 100 * 0) / 1000 = 27 days.
    history = History(paid=[PaidItem(1, D(900), 30), PaidItem(2, D(100), 0)], invoiced=D(1000))
    values = score.factor_values(history)
    assert values[score.DAYS_LATE] == D(27)
    result = score.score(history)
    # 27 / 60 of 30 points = 13.5; one invoice of two late: 10 of 20; 100 - 23.5 = 76.5.
    assert result.deductions[score.DAYS_LATE] == (D(27), D("13.5"))
    assert result.deductions[score.LATE_SHARE] == (D("0.5"), D("10.0"))
    assert result.value == 77


def test_an_invoice_is_late_when_one_of_its_instalments_is():
    history = History(
        paid=[PaidItem(1, D(100), 0), PaidItem(1, D(100), 4), PaidItem(2, D(100), 0)],
        invoiced=D(300),
    )
    values = score.factor_values(history)
    assert values[score.LATE_SHARE] == D(1) / D(2)


def test_counts_take_off_in_proportion_and_saturate():
    history = History(
        paid=[PaidItem(1, D(100), 0)],
        invoiced=D(100),
        broken_promises=1,
        disputes=5,
        formal_notices=1,
    )
    result = score.score(history)
    assert result.deductions[score.BROKEN_PROMISES] == (D(1), D("5.0"))
    assert result.deductions[score.DISPUTES] == (D(5), D("10.0"))
    assert result.deductions[score.FORMAL_NOTICES] == (D(1), D("7.5"))
    assert result.value == 78  # 100 - 5 - 10 - 7.5 = 77.5, half up


def test_overdue_now_against_what_was_invoiced():
    history = History(invoiced=D(1000), overdue=D(250))
    result = score.score(history)
    # 25 % overdue, saturating at 50 %: half of 10 points.
    assert result.deductions[score.OVERDUE_SHARE] == (D("0.25"), D("5.0"))
    assert result.value == 95
    # Old debt only, nothing invoiced in the 12 months: all of it.
    assert score.factor_values(History(overdue=D(10)))[score.OVERDUE_SHARE] == D(1)


def test_the_worst_payer_scores_0():
    history = History(
        paid=[PaidItem(1, D(100), 200)],
        invoiced=D(100),
        overdue=D(500),
        broken_promises=4,
        disputes=3,
        formal_notices=2,
    )
    assert score.score(history).value == 0


def test_weights_are_the_company_s():
    weights = dict(score.DEFAULT_WEIGHTS, days_late=50, late_share=0)
    history = History(paid=[PaidItem(1, D(100), 60)], invoiced=D(100))
    result = score.score(history, weights)
    assert result.deductions[score.DAYS_LATE][1] == D(50)
    assert result.deductions[score.LATE_SHARE][1] == D(0)
    assert result.value == 50


def test_weights_must_add_up_to_100_and_not_be_negative():
    with pytest.raises(score.WeightsError) as refused:
        score.check_weights(dict(score.DEFAULT_WEIGHTS, disputes=20))
    assert refused.value.code == "total"
    assert refused.value.total == 110
    with pytest.raises(score.WeightsError) as refused:
        score.check_weights(dict(score.DEFAULT_WEIGHTS, disputes=-10, late_share=40))
    assert refused.value.code == "negative"
    assert sum(score.DEFAULT_WEIGHTS.values()) == 100


def test_bands():
    assert score.band(None) == score.NO_SCORE
    assert [score.band(v) for v in (100, 80, 79, 50, 49, 0)] == ["good"] * 2 + ["fair"] * 2 + [
        "poor"
    ] * 2
    assert score.band_range(score.GOOD) == (80, 100)
    assert score.band_range(score.FAIR) == (50, 79)
    assert score.band_range(score.POOR) == (0, 49)
