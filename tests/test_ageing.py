"""Aged buckets of the statement of account."""

from datetime import date
from decimal import Decimal

import pytest

from engine import ageing

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (date(2026, 12, 1), "not_due"),
        (date(2026, 11, 22), "not_due"),  # due today: not late yet
        (date(2026, 11, 21), "1_30"),  # 1 day late
        (date(2026, 10, 23), "1_30"),  # 30 days
        (date(2026, 10, 22), "31_60"),  # 31 days
        (date(2026, 9, 23), "31_60"),  # 60 days
        (date(2026, 9, 22), "61_90"),  # 61 days
        (date(2026, 8, 24), "61_90"),  # 90 days
        (date(2026, 8, 23), "91_120"),  # 91 days
        (date(2026, 7, 25), "91_120"),  # 120 days
        (date(2026, 7, 24), "over_120"),  # 121 days
        (None, "not_due"),
    ],
)
def test_bucket_limits(due, bucket):
    assert ageing.bucket_of(due, TODAY) == bucket


def test_aged_balance_sums_per_bucket_and_nets_credits():
    balance = ageing.aged_balance(
        [
            (date(2026, 12, 1), "100.00"),
            (date(2026, 11, 1), "250.50"),  # 21 days
            (date(2026, 11, 10), "-50.50"),  # a credit note of 12 days ago
            (date(2026, 6, 1), "1000.00"),  # 174 days
        ],
        TODAY,
    )
    assert balance == {
        "not_due": Decimal("100.00"),
        "1_30": Decimal("200.00"),
        "31_60": Decimal("0"),
        "61_90": Decimal("0"),
        "91_120": Decimal("0"),
        "over_120": Decimal("1000.00"),
        "total": Decimal("1300.00"),
    }


def test_the_default_ranges_give_the_default_buckets():
    ranges = [(1, 30), (31, 60), (61, 90), (91, 120), (121, None)]
    assert ageing.buckets_from_ranges(ranges) == ageing.BUCKETS


def test_a_company_s_own_ranges():
    buckets = ageing.buckets_from_ranges([(1, 15), (16, 45), (46, None)])
    assert [key for key, _first, _last in buckets] == ["not_due", "1_15", "16_45", "over_45"]
    # 46 days late on 22 November: due on 7 October.
    assert ageing.bucket_of(date(2026, 10, 7), TODAY, buckets) == "over_45"
    assert ageing.bucket_of(date(2026, 10, 8), TODAY, buckets) == "16_45"
    balance = ageing.aged_balance(
        [(date(2026, 10, 7), "100.00"), (date(2026, 11, 20), "20.50")], TODAY, buckets
    )
    assert balance == {
        "not_due": 0,
        "1_15": Decimal("20.50"),
        "16_45": 0,
        "over_45": Decimal("100.00"),
        "total": Decimal("120.50"),
    }


@pytest.mark.parametrize(
    ("ranges", "code"),
    [
        ([], "empty"),
        ([(2, 30), (31, None)], "gap"),  # day 1 late in no bucket
        ([(1, 30), (35, None)], "gap"),
        ([(1, 30), (25, None)], "overlap"),
        ([(1, 30), (31, 20), (21, None)], "backwards"),
        ([(1, None), (31, None)], "open_before_last"),
        ([(1, 30), (31, 60)], "closed_last"),  # over 60 days late in no bucket
    ],
)
def test_ranges_refused(ranges, code):
    with pytest.raises(ageing.BucketError) as caught:
        ageing.buckets_from_ranges(ranges)
    assert caught.value.code == code


def test_ranges_as_a_company_writes_them():
    assert ageing.parse_ranges(ageing.DEFAULT_RANGES) == [
        (1, 30),
        (31, 60),
        (61, 90),
        (91, 120),
        (121, None),
    ]
    assert ageing.buckets_from_text(ageing.DEFAULT_RANGES) == ageing.BUCKETS
    # Spaces are free; an empty text is the default.
    assert ageing.parse_ranges(" 1 - 45 ,46+ ") == [(1, 45), (46, None)]
    assert ageing.buckets_from_text("") == ageing.BUCKETS


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("1-30, 31-60, 61-90, 91-120, 121-150, 151-180, 181-210, 211+", "too_many", {"maximum": 7}),
        ("1-30, thirty+", "syntax", {"part": "thirty+"}),
        ("1-30, 31", "syntax", {"part": "31"}),
        ("1-30, 35+", "gap", {"first": 35, "expected": 31}),
        ("1-30, 25+", "overlap", {"first": 25, "expected": 31}),
        ("1-30, 31-20, 21+", "backwards", {"first": 31, "last": 20}),
        ("1-30, 31-60", "closed_last", {"last": 60}),
        (" , ", "empty", {}),
    ],
)
def test_written_ranges_refused(text, code, params):
    with pytest.raises(ageing.BucketError) as refused:
        ageing.parse_ranges(text)
    assert refused.value.code == code
    assert refused.value.params == params
