"""Legal penalties, checked against hand computations written out in each test."""

from datetime import date
from decimal import Decimal

import pytest

from engine import penalties as p

D = Decimal


def half_years(name, values):
    """A table of half-year rates from {(year, half): rate}."""
    periods = []
    for (year, half), rate in values.items():
        start = date(year, 1, 1) if half == 1 else date(year, 7, 1)
        end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        periods.append(p.RatePeriod(start=start, end=end, rate=D(rate)))
    return p.RateTable(name, periods)


# ECB main refinancing rate in force on each 1 January / 1 July.
ECB = half_years(
    "ECB",
    {
        (2022, 1): "0.00",
        (2022, 2): "0.00",
        (2023, 1): "2.50",
        (2023, 2): "4.00",
        (2024, 1): "4.50",
        (2024, 2): "4.25",
        (2025, 1): "3.15",
        (2025, 2): "2.15",
        (2026, 1): "2.15",
    },
)
# French legal interest rate, creditors who are not private persons ("autres cas").
FR_LEGAL = half_years(
    "FR legal",
    {
        (2022, 1): "0.76",
        (2022, 2): "0.77",
        (2023, 1): "2.06",
        (2023, 2): "4.22",
        (2024, 1): "5.07",
        (2024, 2): "4.92",
        (2025, 1): "3.71",
        (2025, 2): "2.76",
        (2026, 1): "2.62",
    },
)
RATES = p.Rates(ecb=ECB, fr_legal=FR_LEGAL)


def compute(regime, amount, due, end, **kwargs):
    return p.compute(regime, D(amount), due, end, RATES, **kwargs)


def test_issue_example_one_month_across_february():
    # 1,000.00 due 31 Jan 2024, paid 1 Mar 2024: 30 days at 4.50 + 10 = 14.50 %
    # 1000 x 0.145 x 30 / 365 = 11.9178... -> 11.92
    penalty = compute(p.FR_B2B, "1000.00", date(2024, 1, 31), date(2024, 3, 1))
    assert penalty.days_late == 30
    assert [(s.days, s.rate) for s in penalty.segments] == [(30, D("14.50"))]
    assert penalty.interest == D("11.92")
    assert penalty.indemnity == D("40.00")
    assert penalty.total == D("51.92")


def test_issue_example_across_1_july():
    # 2,400.00 due 20 Jun 2023, computed 20 Jul 2023:
    # 21-30 June: 10 days at 2.50 + 10 = 12.50 % -> 2400 x 0.125 x 10 / 365 = 8.2192
    # 1-20 July: 20 days at 4.00 + 10 = 14.00 %   -> 2400 x 0.14 x 20 / 365 = 18.4110
    # total 26.6301 -> 26.63
    penalty = compute(p.FR_B2B, "2400.00", date(2023, 6, 20), date(2023, 7, 20))
    assert [(s.days, s.rate) for s in penalty.segments] == [(10, D("12.50")), (20, D("14.00"))]
    assert penalty.interest == D("26.63")
    assert penalty.indemnity == D("40.00")


def test_across_1_january():
    # 1,000.00 due 21 Dec 2023, computed 10 Jan 2024:
    # 22-31 Dec: 10 days at 14.00 % = 3.8356; 1-10 Jan: 10 days at 14.50 % = 3.9726
    # total 7.8082 -> 7.81
    penalty = compute(p.FR_B2B, "1000.00", date(2023, 12, 21), date(2024, 1, 10))
    assert [(s.days, s.rate) for s in penalty.segments] == [(10, D("14.00")), (10, D("14.50"))]
    assert penalty.interest == D("7.81")


def test_partial_payment_lowers_the_base_from_the_next_day():
    # 1,000.00 due 31 Jan 2024, 400.00 paid on 10 Feb, computed 1 Mar 2024 at 14.50 %:
    # 1-10 Feb: 10 days on 1000 = 3.9726; 11 Feb-1 Mar: 20 days on 600 = 4.7671
    # total 8.7397 -> 8.74
    penalty = compute(
        p.FR_B2B,
        "1000.00",
        date(2024, 1, 31),
        date(2024, 3, 1),
        payments=[p.Payment(date(2024, 2, 10), D("400.00"))],
    )
    assert [(s.days, s.base) for s in penalty.segments] == [(10, D("1000.00")), (20, D("600.00"))]
    assert penalty.interest == D("8.74")


def test_contractual_rate_below_three_times_the_legal_rate_is_raised():
    # Contract says 5 %; 3 x 5.07 = 15.21 % applies: 1000 x 0.1521 x 30 / 365 = 12.5014
    penalty = compute(
        p.FR_B2B, "1000.00", date(2024, 1, 31), date(2024, 3, 1), contractual_rate=D("5")
    )
    assert penalty.segments[0].rate == D("15.21")
    assert penalty.interest == D("12.50")


def test_contractual_rate_above_the_floor_applies():
    # 20 % >= 15.21 %: 1000 x 0.20 x 30 / 365 = 16.4384 -> 16.44
    penalty = compute(
        p.FR_B2B, "1000.00", date(2024, 1, 31), date(2024, 3, 1), contractual_rate=D("20")
    )
    assert penalty.interest == D("16.44")


def test_public_purchaser_rate_fixed_for_the_whole_delay():
    # Interest starts 21 Jun 2023 (first half-year): 2.50 + 8 = 10.50 % for 30 days,
    # even in July: 1000 x 0.105 x 30 / 365 = 8.6301 -> 8.63, plus 40
    penalty = compute(p.FR_PUBLIC, "1000.00", date(2023, 6, 20), date(2023, 7, 20))
    assert {s.rate for s in penalty.segments} == {D("10.50")}
    assert penalty.interest == D("8.63")
    assert penalty.indemnity == D("40.00")


def test_french_consumer_from_the_formal_notice_without_indemnity():
    # Formal notice 15 Feb 2024; 16 Feb-16 Mar: 30 days at the legal rate 5.07 %
    # 1000 x 0.0507 x 30 / 365 = 4.1671 -> 4.17; no 40 EUR for a consumer
    penalty = compute(
        p.FR_CONSUMER,
        "1000.00",
        date(2024, 1, 31),
        date(2024, 3, 16),
        interest_from=date(2024, 2, 16),
    )
    assert sum(s.days for s in penalty.segments) == 30
    assert penalty.interest == D("4.17")
    assert penalty.indemnity == D("0.00")


def test_belgian_b2b_rounded_up_per_half_year():
    # H1 2025: 3.15 + 8 = 11.15 -> 11.50 %; H2 2025: 2.15 + 8 = 10.15 -> 10.50 %
    # 21-30 Jun: 1000 x 0.115 x 10 / 365 = 3.1507; 1-20 Jul: 1000 x 0.105 x 20 / 365 = 5.7534
    # total 8.9041 -> 8.90, plus 40
    penalty = compute(p.BE_B2B, "1000.00", date(2025, 6, 20), date(2025, 7, 20))
    assert [(s.days, s.rate) for s in penalty.segments] == [(10, D("11.5")), (20, D("10.5"))]
    assert penalty.interest == D("8.90")
    assert penalty.indemnity == D("40.00")


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [
        ("8.0", "8.0"),
        ("10.15", "10.5"),
        ("10.5", "10.5"),
        ("12.25", "12.5"),
        ("12.51", "13.0"),
    ],
)
def test_round_up_half_point(raw, rounded):
    assert p.round_up_half_point(D(raw)) == D(rounded)


def test_belgian_consumer_interest_capped_at_the_b2b_rate():
    penalty = compute(
        p.BE_CONSUMER, "1000.00", date(2025, 6, 20), date(2025, 7, 20), contractual_rate=D("20")
    )
    assert [s.rate for s in penalty.segments] == [D("11.5"), D("10.5")]
    assert penalty.indemnity == D("0.00")


@pytest.mark.parametrize(
    ("owed", "cap"),
    [
        ("100.00", "20.00"),  # up to 150: 20
        ("150.00", "20.00"),
        ("150.01", "30.00"),  # 30 + 10 % x 0.01 = 30.001
        ("400.00", "55.00"),  # 30 + 10 % x 250
        ("500.00", "65.00"),  # 30 + 10 % x 350
        ("1000.00", "90.00"),  # 65 + 5 % x 500
        ("50000.00", "2000.00"),  # 65 + 5 % x 49,500 = 2,540, capped
    ],
)
def test_belgian_consumer_damages_cap(owed, cap):
    assert p.be_consumer_damages_cap(D(owed)) == D(cap)


def test_belgian_consumer_grace_period():
    # Posted on Friday 7 March 2025: third working day is Wednesday 12 March, the 14
    # days run 12-25 March, costs from 26 March. By email: 8-21 March, costs from 22.
    assert p.be_consumer_costs_from(date(2025, 3, 7), by_post=True) == date(2025, 3, 26)
    assert p.be_consumer_costs_from(date(2025, 3, 7), by_post=False) == date(2025, 3, 22)


def test_a_later_claim_counts_only_the_days_after_the_previous_one():
    # First claim up to 15 Feb 2024; second on 1 Mar: 16 Feb-1 Mar = 15 days at 14.50 %
    # 1000 x 0.145 x 15 / 365 = 5.9589 -> 5.96; the indemnity was claimed the first time
    penalty = compute(
        p.FR_B2B,
        "1000.00",
        date(2024, 1, 31),
        date(2024, 3, 1),
        claimed_until=date(2024, 2, 15),
        indemnity_claimed=True,
    )
    assert penalty.interest == D("5.96")
    assert penalty.indemnity == D("0.00")


def test_paid_on_time_owes_nothing():
    penalty = compute(p.FR_B2B, "1000.00", date(2024, 1, 31), date(2024, 1, 31))
    assert (penalty.interest, penalty.indemnity, penalty.segments) == (D("0.00"), D("0.00"), [])


def test_year_of_366_days_is_configurable():
    # 1000 x 0.145 x 30 / 366 = 11.8852 -> 11.89
    penalty = compute(p.FR_B2B, "1000.00", date(2024, 1, 31), date(2024, 3, 1), year_days=366)
    assert penalty.interest == D("11.89")


def test_a_period_without_rate_is_an_error_not_zero():
    with pytest.raises(p.MissingRate) as error:
        compute(p.FR_B2B, "1000.00", date(2021, 12, 1), date(2022, 1, 10))
    assert error.value.day == date(2021, 7, 1)


def test_negative_rate_refused():
    with pytest.raises(p.RateError, match="negative"):
        p.RateTable("x", [p.RatePeriod(date(2024, 1, 1), D("-0.5"), date(2024, 6, 30))])


def test_overlapping_periods_refused():
    with pytest.raises(p.RateError, match="overlaps"):
        p.RateTable(
            "x",
            [
                p.RatePeriod(date(2024, 1, 1), D("1"), date(2024, 6, 30)),
                p.RatePeriod(date(2024, 6, 1), D("2"), date(2024, 12, 31)),
            ],
        )


def test_invoice_in_two_instalments_rounded_once():
    # 2,000.00 in two halves, due 31 Jan and 29 Feb 2024 (ECB 4.50 + 10 = 14.50 %),
    # computed on 10 March 2024, nothing paid:
    #   1,000.00 x 14.50 % x 39 / 365 = 15.493150...
    #   1,000.00 x 14.50 % x 10 / 365 =  3.972602...
    #   total 19.465753... -> 19.47 (rounded once: per line it would be 15.49 + 3.97)
    instalments = [
        p.Instalment(D("1000.00"), date(2024, 1, 31)),
        p.Instalment(D("1000.00"), date(2024, 2, 29)),
    ]
    penalty = p.compute_invoice(p.FR_B2B, instalments, date(2024, 3, 10), RATES)
    assert penalty.interest == D("19.47")
    assert penalty.indemnity == D("40.00")  # once for the invoice, not per instalment
    assert penalty.days_late == 39


def test_invoice_instalment_paid_late_stops_on_its_payment_date():
    # First half paid on 10 Feb 2024 (10 days late), second half not yet due on
    # 20 Feb 2024: 1,000.00 x 14.50 % x 10 / 365 = 3.972602... -> 3.97, plus 40.00.
    instalments = [
        p.Instalment(
            D("1000.00"),
            date(2024, 1, 31),
            payments=(p.Payment(date(2024, 2, 10), D("1000.00")),),
            paid_on=date(2024, 2, 10),
        ),
        p.Instalment(D("1000.00"), date(2024, 2, 29)),
    ]
    penalty = p.compute_invoice(p.FR_B2B, instalments, date(2024, 2, 20), RATES)
    assert (penalty.interest, penalty.indemnity, penalty.days_late) == (
        D("3.97"),
        D("40.00"),
        10,
    )


def test_invoice_paid_on_time_owes_nothing():
    instalments = [
        p.Instalment(
            D("500.00"),
            date(2024, 1, 31),
            payments=(p.Payment(date(2024, 1, 30), D("500.00")),),
            paid_on=date(2024, 1, 30),
        )
    ]
    penalty = p.compute_invoice(p.FR_B2B, instalments, date(2024, 6, 1), RATES)
    assert (penalty.interest, penalty.indemnity, penalty.days_late) == (D("0.00"), D("0.00"), 0)


def test_public_purchaser_rate_stays_fixed_across_claims():
    # Due 15 June 2023: interest starts in 2023-H1, ECB 2.50 + 8 = 10.50 % for the
    # whole delay. A first claim up to 31 July; the second, from 1 August to
    # 31 August (31 days), still at 10.50 % (not 2023-H2's 4.00 + 8 = 12.00 %):
    # 1,000.00 x 10.50 % x 31 / 365 = 8.917808 -> 8.92; the indemnity already claimed.
    penalty = p.compute(
        p.FR_PUBLIC,
        D("1000.00"),
        date(2023, 6, 15),
        date(2023, 8, 31),
        RATES,
        claimed_until=date(2023, 7, 31),
        indemnity_claimed=True,
    )
    assert [segment.rate for segment in penalty.segments] == [D("10.50")]
    assert (penalty.interest, penalty.indemnity) == (D("8.92"), D("0.00"))


def test_a_computation_tells_the_unverified_rates_it_used():
    verified = p.RatePeriod(date(2026, 1, 1), D("2.15"), date(2026, 6, 30))
    unverified = p.RatePeriod(date(2026, 7, 1), D("2.40"), date(2026, 12, 31), verified=False)
    rates = p.Rates(ecb=p.RateTable("ecb", [verified, unverified]))
    # Over the first half-year only: the unverified rate is not used.
    p.compute(p.FR_B2B, D("1000"), date(2026, 2, 1), date(2026, 6, 30), rates)
    assert rates.unverified_used() == []
    # Into the second: it is, and is reported once.
    p.compute(p.FR_B2B, D("1000"), date(2026, 2, 1), date(2026, 8, 31), rates)
    p.compute(p.FR_B2B, D("500"), date(2026, 3, 1), date(2026, 9, 30), rates)
    assert rates.unverified_used() == [("ecb", unverified)]
