"""engine.recovery: the recipient's commission and the write-off's credit note lines."""

from decimal import Decimal

import pytest

from engine import recovery

CENT = Decimal("0.01")


@pytest.mark.parametrize(
    ("mandate", "expected"),
    [
        # 12 % of 1,234.56 = 148.1472, rounded half up.
        (recovery.PERCENTAGE, Decimal("148.15")),
        (recovery.FIXED, Decimal("50.00")),
        (recovery.BOTH, Decimal("198.15")),
    ],
)
def test_commission_under_each_mandate(mandate, expected):
    earned = recovery.commission(Decimal("1234.56"), mandate, Decimal("12"), Decimal("50.00"), CENT)
    assert earned == expected


def test_commission_on_nothing_recovered_is_the_fee_alone():
    assert recovery.commission(Decimal(0), recovery.BOTH, Decimal(15), Decimal(80), CENT) == 80
    assert recovery.commission(Decimal(0), recovery.PERCENTAGE, Decimal(15), Decimal(0), CENT) == 0


def test_write_off_in_proportion_of_each_tax_group():
    # An invoice of 1,000.00 at 20 % and 200.00 at 5.5 %: 1,200.00 + 211.00 VAT =
    # 1,411.00. 600.00 of it unpaid for good: the ratio 600 / 1,411.
    groups = [
        recovery.TaxGroup("vat20", Decimal("1000.00")),
        recovery.TaxGroup("vat5.5", Decimal("200.00")),
    ]
    amounts = recovery.write_off_amounts(Decimal("600.00"), Decimal("1411.00"), groups, CENT)
    # 1,000 x 600 / 1,411 = 425.2303... and 200 x 600 / 1,411 = 85.0460...
    assert amounts == {"vat20": Decimal("425.23"), "vat5.5": Decimal("85.05")}
    # With their VAT (85.05 and 4.68): 425.23 + 85.05 + 85.05 + 4.68 = 600.01; the
    # model puts the cent left over on a line without tax.


def test_the_whole_invoice_unpaid_credits_every_base():
    groups = [recovery.TaxGroup("vat20", Decimal("500.00"))]
    assert recovery.write_off_amounts(Decimal("600.00"), Decimal("600.00"), groups, CENT) == {
        "vat20": Decimal("500.00")
    }


@pytest.mark.parametrize(
    ("unpaid", "total", "code"),
    [
        (Decimal("0"), Decimal("100"), "nothing_unpaid"),
        (Decimal("-5"), Decimal("100"), "nothing_unpaid"),
        (Decimal("100.01"), Decimal("100"), "too_much"),
        (Decimal("10"), Decimal("0"), "no_total"),
    ],
)
def test_write_off_refusals(unpaid, total, code):
    with pytest.raises(recovery.RecoveryError) as caught:
        recovery.write_off_amounts(unpaid, total, [recovery.TaxGroup("x", total)], CENT)
    assert caught.value.code == code
