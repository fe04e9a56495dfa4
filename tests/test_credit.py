"""Credit control's rules: exposure, lights, the automatic holds, the check of a document."""

from decimal import Decimal

import pytest

from engine import credit

D = Decimal


def test_exposure_total_and_plus():
    exposure = credit.Exposure(D("100.00"), D("20.00"), D("5.50"))
    assert exposure.total == D("125.50")
    assert exposure.plus(receivable=D("10")).total == D("135.50")


def test_conversion_rounds_to_the_company_currency():
    factors = {1: D(1), 2: D("0.5")}
    # 10.004 + 0.002 / 2 = 10.005: half up, as amounts are rounded.
    assert credit.to_company_currency({1: 10.004, 2: 0.002}, factors, 2) == D("10.01")


@pytest.mark.parametrize(
    ("total", "limit", "light"),
    [
        (D(500), D(0), credit.NO_LIMIT),
        (D(799.99), D(1000), credit.GREEN),
        (D(800), D(1000), credit.AMBER),
        (D(1000), D(1000), credit.AMBER),
        (D("1000.01"), D(1000), credit.RED),
    ],
)
def test_light(total, limit, light):
    assert credit.light(total, limit) == light


def test_a_zero_limit_is_no_limit():
    assert not credit.is_over_limit(D(10**9), D(0))
    assert credit.is_over_limit(D("1000.01"), D(1000))
    assert not credit.is_over_limit(D(1000), D(1000))


def test_hold_causes_follow_the_rules_chosen():
    facts = credit.HoldFacts(
        level_reached="Formal notice",
        oldest_days_late=31,
        over_limit=True,
        broken_plan=True,
        register_alert=True,
    )
    assert credit.hold_causes(facts, credit.HoldRules()) == (credit.CAUSE_LEVEL,)
    rules = credit.HoldRules(
        overdue_days=30, over_limit=True, broken_plan=True, register_alert=True
    )
    assert credit.hold_causes(facts, rules) == (
        credit.CAUSE_LEVEL,
        credit.CAUSE_OVERDUE,
        credit.CAUSE_LIMIT,
        credit.CAUSE_BROKEN_PLAN,
        credit.CAUSE_REGISTER,
    )
    # On the 30th day late the rule "over 30 days" does not hold yet.
    assert credit.hold_causes(credit.HoldFacts(oldest_days_late=30), rules) == ()


@pytest.mark.parametrize(
    ("mode", "amount", "holds", "authorised", "outcome"),
    [
        (credit.BLOCK, D(200), (), False, credit.PASS),
        (credit.BLOCK, D("200.01"), (), False, credit.REFUSE),
        (credit.BLOCK, D("200.01"), (), True, credit.PASS_AUTHORISED),
        (credit.BLOCK, D(1), (credit.CAUSE_MANUAL,), False, credit.REFUSE),
        (credit.WARN, D(500), (), False, credit.PASS_WARNED),
        (credit.WARN, D(1), (credit.CAUSE_OVERDUE,), False, credit.PASS_WARNED),
        (credit.OFF, D(10**6), (credit.CAUSE_MANUAL,), False, credit.PASS),
    ],
)
def test_check(mode, amount, holds, authorised, outcome):
    verdict = credit.check(mode, D(800), amount, D(1000), holds, authorised)
    assert verdict.outcome == outcome
    assert verdict.exposure_after == D(800) + amount


def test_a_sequence_counts_what_passed_before():
    verdicts = credit.check_sequence(
        credit.BLOCK, D(0), [("a", D(600)), ("b", D(600)), ("c", D(400))], D(1000)
    )
    assert [verdicts[key].outcome for key in "abc"] == [credit.PASS, credit.REFUSE, credit.PASS]
    authorised = credit.check_sequence(
        credit.BLOCK, D(0), [("a", D(600)), ("b", D(600))], D(1000), authorised={"b"}
    )
    assert authorised["b"].outcome == credit.PASS_AUTHORISED
    period = credit.check_sequence(credit.BLOCK, D(0), [("a", D(2000))], D(1000), authorised=True)
    assert period["a"].outcome == credit.PASS_AUTHORISED
