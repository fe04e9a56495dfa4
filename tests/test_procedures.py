"""engine.procedures: the procedures open to a debt after the formal notice, weighed."""

from datetime import date
from decimal import Decimal as D

import pytest

from engine import procedures as p

THRESHOLDS = {
    p.SMALL_CLAIMS_CAP: D("5000"),
    p.PRIOR_ATTEMPT_CAP: D("5000"),
    p.BE_SUMMARY_ORDER_CAP: D("1860"),
    p.BE_UNCONTESTED_EXTRAS_CAP: D("10"),
}
FR_TRADER = p.Party("FR", p.TRADER)
FR_COMPANY = p.Party("FR", p.TRADER)
BE_COMPANY = p.Party("BE", p.TRADER)


def weigh(debt, debtor=FR_TRADER, creditor=FR_COMPANY, costs=None, agencies=(), thresholds=None):
    options = p.weigh(
        debt,
        debtor,
        creditor,
        THRESHOLDS if thresholds is None else thresholds,
        costs or {},
        agencies,
    )
    return {(option.procedure, option.key): option for option in options}


def option(debt, procedure, **kwargs):
    return weigh(debt, **kwargs)[(procedure, None)]


def codes(option):
    return [reason.code for reason in option.reasons]


@pytest.mark.parametrize(
    ("principal", "interest", "status"),
    [
        # The cap counts principal and interest (CPCE R125-1), not the indemnity.
        (D("4999.99"), D("0"), p.CONDITION),
        (D("5000.00"), D("0"), p.CONDITION),
        (D("5000.01"), D("0"), p.CLOSED),
        (D("4900.00"), D("99.99"), p.CONDITION),
        (D("4900.00"), D("100.01"), p.CLOSED),
    ],
)
def test_the_small_claims_procedure_up_to_its_cap(principal, interest, status):
    debt = p.Debt(principal, interest, indemnity=D("40"))
    small = option(debt, p.FR_SMALL_CLAIMS)
    assert small.status == status
    expected = "small_claims_agree" if status == p.CONDITION else "small_claims_over"
    assert codes(small)[-2:] == [expected, "no_cost"]
    assert small.reasons[-2].params["amount"] == principal + interest


def test_the_small_claims_procedure_weighed_at_its_cost():
    # 4,000.00 + 120.00 interest + 40.00 indemnity = 4,160.00 claimed. The company's
    # figures: 150.00 to the commissaire de justice, no commission, 60 % recovered.
    # Net if paid in full: 4,160.00 - 150.00 = 4,010.00.
    # Expected: 4,160.00 x 60 % = 2,496.00 - 150.00 = 2,346.00.
    debt = p.Debt(D("4000.00"), D("120.00"), D("40.00"))
    cost = p.Cost(fixed=D("150.00"), recovery=D("60"), days=30)
    small = option(debt, p.FR_SMALL_CLAIMS, costs={p.FR_SMALL_CLAIMS: cost})
    assert (small.claim, small.cost, small.net, small.expected_net, small.days) == (
        D("4160.00"),
        D("150.00"),
        D("4010.00"),
        D("2346.00"),
        30,
    )
    assert codes(small) == ["small_claims_agree"]


def test_a_commission_and_a_fee_weighed_on_what_is_recovered():
    # A lawyer at 200.00 plus 5 % of what is recovered, 80 % expected, on 10,000.00
    # claimed. In full: 200.00 + 500.00 = 700.00, net 9,300.00. Expected: 8,000.00
    # recovered - 200.00 - 400.00 = 7,400.00.
    debt = p.Debt(D("9500.00"), D("460.00"), D("40.00"))
    cost = p.Cost(fixed=D("200"), commission=D("5"), recovery=D("80"))
    action = option(debt, p.FR_ACTION, costs={p.FR_ACTION: cost})
    assert (action.cost, action.net, action.expected_net) == (
        D("700.00"),
        D("9300.00"),
        D("7400.00"),
    )


def test_the_payment_order_between_traders_goes_to_the_commercial_court():
    debt = p.Debt(D("3000.00"), D("30.00"), D("40.00"))
    options = weigh(debt)
    commercial = options[(p.FR_ORDER_COMMERCIAL, None)]
    judicial = options[(p.FR_ORDER_JUDICIAL, None)]
    assert commercial.status == p.OPEN
    # 3,070.00 is under 5,000.00: an action would need a prior attempt, the order not.
    assert codes(commercial) == ["order_commercial_court", "order_no_prior_attempt", "no_cost"]
    assert (judicial.status, codes(judicial)) == (p.CLOSED, ["order_between_traders", "no_cost"])
    assert commercial.sources == ("CPC 1405", "CPC 1406", "C. com. L721-3")


@pytest.mark.parametrize("kind", [p.NON_TRADER, p.CONSUMER])
def test_the_payment_order_against_a_non_trader_goes_to_the_judicial_court(kind):
    debt = p.Debt(D("8000.00"))
    options = weigh(debt, debtor=p.Party("FR", kind))
    assert options[(p.FR_ORDER_COMMERCIAL, None)].status == p.CLOSED
    assert codes(options[(p.FR_ORDER_COMMERCIAL, None)])[0] == "order_not_trader"
    judicial = options[(p.FR_ORDER_JUDICIAL, None)]
    # 8,000.00 is over 5,000.00: no word on the prior attempt.
    assert (judicial.status, codes(judicial)) == (p.OPEN, ["order_judicial_court", "no_cost"])


def test_a_creditor_who_is_not_a_trader_chooses_its_court_against_a_trader():
    options = weigh(p.Debt(D("800.00")), creditor=p.Party("FR", p.NON_TRADER))
    for procedure in (p.FR_ORDER_COMMERCIAL, p.FR_ORDER_JUDICIAL):
        assert options[(procedure, None)].status == p.OPEN
        assert "order_creditor_chooses" in codes(options[(procedure, None)])


@pytest.mark.parametrize(
    ("principal", "status", "code"),
    [
        # Before the judicial court (a consumer), 5,000.00 or less needs a prior attempt
        # (CPC 750-1); the claim counts the indemnity and costs too.
        (D("4999.99"), p.CONDITION, "action_prior_attempt"),
        (D("5000.00"), p.CONDITION, "action_prior_attempt"),
        (D("5000.01"), p.OPEN, "action_judicial_court"),
    ],
)
def test_an_action_before_the_judicial_court_needs_a_prior_attempt_up_to_its_cap(
    principal, status, code
):
    action = option(p.Debt(principal), p.FR_ACTION, debtor=p.Party("FR", p.CONSUMER))
    assert (action.status, codes(action)[0]) == (status, code)


def test_an_action_between_traders_needs_no_prior_attempt():
    action = option(p.Debt(D("1200.00")), p.FR_ACTION)
    assert (action.status, codes(action)[0]) == (p.OPEN, "action_commercial_court")


def test_the_claim_counts_the_costs_already_spent():
    # 4,950.00 + 40.00 + 15.00 of costs = 5,005.00: over the 750-1 cap.
    debt = p.Debt(D("4950.00"), indemnity=D("40.00"), costs=D("15.00"))
    action = option(debt, p.FR_ACTION, debtor=p.Party("FR", p.CONSUMER))
    assert (action.claim, action.status) == (D("5005.00"), p.OPEN)


def test_collective_proceedings_close_every_procedure():
    debtor = p.Party("FR", p.TRADER, in_proceedings=True)
    options = weigh(p.Debt(D("2000.00")), debtor=debtor, agencies=[(7, p.Cost(commission=D("10")))])
    assert {option.status for option in options.values()} == {p.CLOSED}
    assert all(codes(option)[0] == "proceedings" for option in options.values())


def test_a_disputed_part_is_left_out_of_the_court_procedures():
    debt = p.Debt(D("2000.00"), disputed=D("500.00"))
    options = weigh(debt)
    order = options[(p.FR_ORDER_COMMERCIAL, None)]
    assert codes(order)[0] == "disputed_left_out"
    assert order.reasons[0].params == {"amount": D("500.00")}
    assert order.claim == D("2000.00")
    assert "disputed_left_out" not in codes(options[(p.AMICABLE, None)])


def test_a_wholly_disputed_debt_leaves_nothing_to_claim():
    options = weigh(p.Debt(D("0"), disputed=D("900.00")))
    assert {option.status for option in options.values()} == {p.CLOSED}
    assert codes(options[(p.FR_SMALL_CLAIMS, None)])[:2] == [
        "nothing_claimable",
        "disputed_left_out",
    ]


def test_each_agency_is_weighed_under_its_mandate():
    # 2,000.00 claimed. Agency 1: 15 %, no fee -> 300.00, net 1,700.00. Agency 2: 50.00
    # + 10 % = 250.00, net 1,750.00.
    agencies = [(1, p.Cost(commission=D("15"))), (2, p.Cost(fixed=D("50"), commission=D("10")))]
    options = weigh(p.Debt(D("2000.00")), agencies=agencies)
    assert [(o.cost, o.net) for o in (options[(p.AGENCY, 1)], options[(p.AGENCY, 2)])] == [
        (D("300.00"), D("1700.00")),
        (D("250.00"), D("1750.00")),
    ]


def test_without_an_agency_the_row_says_so():
    agency = option(p.Debt(D("100.00")), p.AGENCY)
    assert (agency.status, codes(agency)) == (p.CLOSED, ["no_agency"])


def test_a_french_debtor_sees_no_belgian_procedure_and_the_reverse():
    french = {procedure for procedure, _key in weigh(p.Debt(D("100")))}
    belgian = {procedure for procedure, _key in weigh(p.Debt(D("100")), debtor=BE_COMPANY)}
    assert french == {
        p.AMICABLE,
        p.FR_MEDIATION,
        p.FR_SMALL_CLAIMS,
        p.FR_ORDER_COMMERCIAL,
        p.FR_ORDER_JUDICIAL,
        p.FR_ACTION,
        p.AGENCY,
    }
    assert belgian == {p.AMICABLE, p.BE_UNCONTESTED, p.BE_SUMMARY_ORDER, p.AGENCY}
    german = {procedure for procedure, _key in weigh(p.Debt(D("100")), debtor=p.Party("DE"))}
    assert german == {p.AMICABLE, p.AGENCY}


@pytest.mark.parametrize(
    ("principal", "status", "code"),
    [
        (D("1859.99"), p.CONDITION, "be_summary_how"),
        (D("1860.00"), p.CONDITION, "be_summary_how"),
        (D("1860.01"), p.CLOSED, "be_summary_over"),
    ],
)
def test_the_belgian_summary_order_up_to_its_cap(principal, status, code):
    summary = option(p.Debt(principal), p.BE_SUMMARY_ORDER, debtor=p.Party("BE", p.CONSUMER))
    assert (summary.status, codes(summary)[0]) == (status, code)


def test_the_belgian_uncontested_procedure_caps_the_interest_not_the_costs():
    # 3,000.00 principal, 290.00 interest and 40.00 indemnity: the interest is under
    # 10 % of the principal (300.00), nothing cut: 3,330.00 claimed.
    debt = p.Debt(D("3000.00"), D("290.00"), D("40.00"))
    kept = option(debt, p.BE_UNCONTESTED, debtor=BE_COMPANY, creditor=BE_COMPANY)
    assert (kept.status, kept.claim, codes(kept)) == (
        p.OPEN,
        D("3330.00"),
        ["be_uncontested_how", "no_cost"],
    )
    # 400.00 interest: cut to 300.00; the 40.00 indemnity and 25.00 of recovery costs
    # are outside the cap: 3,000.00 + 300.00 + 40.00 + 25.00 = 3,365.00 claimed. At
    # 350.00 of lawyer and bailiff: net 3,015.00.
    debt = p.Debt(D("3000.00"), D("400.00"), D("40.00"), costs=D("25.00"))
    costs = {p.BE_UNCONTESTED: p.Cost(fixed=D("350"))}
    cut = option(debt, p.BE_UNCONTESTED, debtor=BE_COMPANY, creditor=BE_COMPANY, costs=costs)
    assert (cut.claim, cut.net) == (D("3365.00"), D("3015.00"))
    assert cut.reasons[1].params == {"interest": D("400.00"), "cap": D("300.00"), "share": D("10")}


@pytest.mark.parametrize(
    ("debtor", "creditor"),
    [
        (p.Party("BE", p.CONSUMER), BE_COMPANY),
        (BE_COMPANY, FR_COMPANY),
        (p.Party("BE", p.NON_TRADER, public=True), BE_COMPANY),
    ],
)
def test_the_belgian_uncontested_procedure_is_between_belgian_businesses(debtor, creditor):
    uncontested = option(p.Debt(D("500")), p.BE_UNCONTESTED, debtor=debtor, creditor=creditor)
    assert (uncontested.status, codes(uncontested)[0]) == (p.CLOSED, "be_uncontested_businesses")


def test_a_threshold_not_in_force_is_said_not_guessed():
    small = option(p.Debt(D("100")), p.FR_SMALL_CLAIMS, thresholds={})
    assert (small.status, codes(small)[0]) == (p.CONDITION, "threshold_missing")
    assert small.reasons[0].params == {"code": p.SMALL_CLAIMS_CAP}


def test_mediation_names_the_mediator_of_the_debtor():
    business = option(p.Debt(D("100")), p.FR_MEDIATION)
    consumer = option(p.Debt(D("100")), p.FR_MEDIATION, debtor=p.Party("FR", p.CONSUMER))
    assert (codes(business)[0], codes(consumer)[0]) == ("mediation_business", "mediation_consumer")


def test_the_age_of_the_debt():
    assert p.Debt(D("1"), oldest_due=date(2026, 1, 31)).age(date(2026, 3, 2)) == 30


# The injonction de payer's deadlines. Orders before 1 September 2026: 6 months to
# serve, 1 to oppose, enforceable once the opposition period ended; from then on: 3
# months to serve, enforceable 2 months after service without a notice of opposition.
BEFORE = {p.SERVICE_MONTHS: 6, p.OPPOSITION_MONTHS: 1, p.ENFORCEMENT_MONTHS: 1}
FROM_SEPTEMBER = {p.SERVICE_MONTHS: 3, p.OPPOSITION_MONTHS: 1, p.ENFORCEMENT_MONTHS: 2}


def test_an_order_made_before_september_2026_is_served_within_six_months():
    # Made Tuesday 3 March 2026: 3 September 2026, a Thursday.
    deadlines = p.order_deadlines(date(2026, 3, 3), None, BEFORE)
    assert deadlines == p.OrderDeadlines(serve_by=date(2026, 9, 3))


def test_an_order_made_from_september_2026_is_served_within_three_months():
    # Made Tuesday 8 September 2026: 8 December 2026, a Tuesday.
    assert p.order_deadlines(date(2026, 9, 8), None, FROM_SEPTEMBER).serve_by == date(2026, 12, 8)


def test_a_period_ending_on_a_weekend_runs_to_the_monday():
    # Made Saturday 5 September 2026 (a date an order may bear): 5 December 2026 is a
    # Saturday, the period runs to Monday 7 December.
    assert p.order_deadlines(date(2026, 9, 5), None, FROM_SEPTEMBER).serve_by == date(2026, 12, 7)


def test_a_month_without_the_same_day_ends_on_its_last_day():
    # Served 31 October 2026: one month is 30 November 2026 (a Monday).
    deadlines = p.order_deadlines(date(2026, 9, 30), date(2026, 10, 31), FROM_SEPTEMBER)
    assert deadlines.oppose_by == date(2026, 11, 30)
    # Two months: 31 December 2026, a Thursday; enforceable from 1 January 2027.
    assert deadlines.enforce_from == date(2027, 1, 1)


def test_before_the_reform_the_order_is_enforceable_when_the_opposition_period_ends():
    # Served Wednesday 15 April 2026: opposition until Friday 15 May, enforceable from
    # Saturday 16 May.
    deadlines = p.order_deadlines(date(2026, 3, 3), date(2026, 4, 15), BEFORE)
    assert (deadlines.oppose_by, deadlines.enforce_from) == (date(2026, 5, 15), date(2026, 5, 16))


def test_a_period_not_in_force_gives_no_deadline():
    assert p.order_deadlines(date(2021, 1, 4), None, {}) == p.OrderDeadlines()
    assert p.order_deadlines(None, None, BEFORE) == p.OrderDeadlines()
