"""The rules of law the models apply (engine.law), with literal expected values."""

from datetime import date

import pytest

from engine import law, penalties


@pytest.mark.parametrize(
    ("country", "ref", "customer_id", "expected"),
    [
        # ISO 11649: "CLI042" + "RF00" as digits (C=12, L=21, I=18, R=27, F=15):
        # 122118042271500 mod 97 = 88, check digits 98 - 88 = 10.
        ("FR", "cli-042", 7, ("RF10CLI042", "RF10CLI042")),
        # No code in the books: the customer's id, 123271500 mod 97 = 20 -> 78.
        ("FR", "", 123, ("RF78123", "RF78123")),
        ("DE", None, 123, ("RF78123", "RF78123")),
        # Belgium: ten digits and their mod 97 (42 mod 97 = 42).
        ("BE", "42", 7, ("+++000/0000/04242+++", "000000004242")),
        # A code that is not at most ten digits: the id (707 = 7 and 7 mod 97).
        ("BE", "ABC", 7, ("+++000/0000/00707+++", "000000000707")),
        ("BE", "12345678901", 7, ("+++000/0000/00707+++", "000000000707")),
    ],
)
def test_payment_reference(country, ref, customer_id, expected):
    assert law.payment_reference(country, ref, customer_id) == expected


def test_business_interest_runs_from_the_due_date():
    for regime in (penalties.FR_B2B, penalties.FR_PUBLIC, penalties.BE_B2B):
        assert law.interest_from(regime) is None
        assert law.interest_from(regime, date(2024, 3, 1), True) is None


def test_consumer_interest_waits_for_a_communication():
    assert law.interest_from(penalties.FR_CONSUMER) is False
    assert law.interest_from(penalties.BE_CONSUMER) is False


def test_french_consumer_interest_from_the_day_after_the_formal_notice():
    assert law.interest_from(penalties.FR_CONSUMER, date(2024, 3, 15), True) == date(2024, 3, 16)
    assert law.interest_needs_formal_notice(penalties.FR_CONSUMER)
    assert not law.interest_needs_formal_notice(penalties.BE_CONSUMER)


def test_belgian_consumer_interest_after_the_fourteen_days():
    # By email on Saturday 3 February 2024: from the next day, 14 days, costs from
    # 18 February.
    assert law.interest_from(penalties.BE_CONSUMER, date(2024, 2, 3), False) == date(2024, 2, 18)
    # Posted on Friday 2 February: the third working day after is Wednesday
    # 7 February, plus 14 days: 21 February.
    assert law.interest_from(penalties.BE_CONSUMER, date(2024, 2, 2), True) == date(2024, 2, 21)


@pytest.mark.parametrize(
    ("regime", "expected"),
    [
        (penalties.FR_B2B, (law.FR_COMMERCIAL_CODE, ("L441-10", "D441-5"))),
        (penalties.FR_PUBLIC, (law.FR_PUBLIC_PROCUREMENT_CODE, ("L2192-13", "D2192-35"))),
        (penalties.FR_CONSUMER, (law.FR_CIVIL_CODE, ("1231-6", "1344-1"))),
        (penalties.BE_B2B, (law.BE_LAW_2002, ("5", "6"))),
        (penalties.BE_CONSUMER, (law.BE_ECONOMIC_LAW_CODE, ("XIX.2", "XIX.4"))),
        (False, (law.FR_COMMERCIAL_CODE, ("L441-10", "D441-5"))),
    ],
)
def test_legal_basis(regime, expected):
    assert law.legal_basis(regime) == expected
