"""engine.limitation: the last day a debt can be claimed, and what moved it."""

from datetime import date

import pytest

from engine import limitation as lim


def event(kind, *ymd):
    return lim.Event(kind, date(*ymd))


def test_a_debt_between_businesses_runs_five_years_from_the_delivery():
    # Delivered 15 March 2021: claimable up to 15 March 2026, barred the day after.
    result = lim.limitation(lim.FR, 5, date(2021, 3, 15))
    assert result.last_day == date(2026, 3, 15)
    assert not result.barred(date(2026, 3, 15))
    assert result.barred(date(2026, 3, 16))
    assert result.days_left(date(2026, 3, 5)) == 10


def test_a_consumer_debt_runs_two_years_and_says_when_the_start_is_assumed():
    result = lim.limitation(lim.FR, 2, date(2025, 6, 30), start_assumed=True)
    assert (result.last_day, result.start_assumed) == (date(2027, 6, 30), True)


@pytest.mark.parametrize("kind", [lim.ACKNOWLEDGEMENT, lim.COURT_CLAIM, lim.ENFORCEMENT])
def test_an_acknowledgement_a_claim_or_an_enforcement_restarts_the_whole_period(kind):
    # 5 years from 15 March 2021; the event on 10 January 2024 starts 5 new years: 10
    # January 2029 (C. civ. 2231).
    restarting = event(kind, 2024, 1, 10)
    result = lim.limitation(lim.FR, 5, date(2021, 3, 15), [restarting])
    assert (result.last_day, result.runs_from) == (date(2029, 1, 10), restarting)
    assert [effect.code for effect in result.effects] == ["restarted"]


def test_a_french_formal_notice_does_not_interrupt():
    # Even registered (Cass. com., 18 May 2022, n° 20-23.204).
    notice = event(lim.FORMAL_NOTICE, 2025, 11, 2)
    result = lim.limitation(lim.FR, 5, date(2021, 3, 15), [notice])
    assert (result.last_day, result.runs_from) == (date(2026, 3, 15), None)
    assert result.effects[0].code == "no_effect"


def test_a_partial_payment_after_the_period_revives_nothing():
    late = event(lim.ACKNOWLEDGEMENT, 2026, 3, 16)
    result = lim.limitation(lim.FR, 5, date(2021, 3, 15), [late])
    assert result.last_day == date(2026, 3, 15)
    assert result.effects[0].code == "too_late"


def test_the_latest_restart_counts_in_date_order():
    events = [event(lim.ACKNOWLEDGEMENT, 2025, 2, 1), event(lim.ACKNOWLEDGEMENT, 2023, 5, 4)]
    result = lim.limitation(lim.FR, 2, date(2022, 1, 10), events)
    # 10 Jan 2022 + 2 years = 10 Jan 2024; restarted 4 May 2023 -> 4 May 2025;
    # restarted 1 Feb 2025 -> 1 Feb 2027.
    assert result.last_day == date(2027, 2, 1)
    assert result.runs_from == events[0]


def test_a_claim_declared_in_proceedings_suspends_until_they_close():
    declared = event(lim.DECLARATION, 2024, 4, 2)
    result = lim.limitation(lim.FR, 5, date(2021, 3, 15), [declared])
    assert result.last_day is None and result.days_left(date(2030, 1, 1)) is None
    assert not result.barred(date(2040, 1, 1))
    # Closed 30 June 2027: five new years, to 30 June 2032 (C. com. L622-25-1).
    closed = event(lim.PROCEEDINGS_CLOSED, 2027, 6, 30)
    result = lim.limitation(lim.FR, 5, date(2021, 3, 15), [declared, closed])
    assert (result.last_day, result.runs_from) == (date(2032, 6, 30), closed)
    assert [effect.code for effect in result.effects] == ["suspended", "resumed"]


def test_a_belgian_lawyers_notice_extends_once_by_one_year():
    # 10 years from 1 February 2016: 1 February 2026. A lawyer's notice on 20 December
    # 2025 opens one year, to 20 December 2026 (art. 2244 §2); a second one does not.
    first = event(lim.LAWYER_NOTICE, 2025, 12, 20)
    second = event(lim.LAWYER_NOTICE, 2026, 11, 30)
    result = lim.limitation(lim.BE, 10, date(2016, 2, 1), [first, second])
    assert (result.last_day, result.runs_from) == (date(2026, 12, 20), first)
    assert [effect.code for effect in result.effects] == ["extended", "second_notice"]


def test_a_belgian_lawyers_notice_never_shortens_the_period():
    early = event(lim.LAWYER_NOTICE, 2020, 3, 1)
    result = lim.limitation(lim.BE, 10, date(2016, 2, 1), [early])
    assert result.last_day == date(2026, 2, 1)
    assert result.effects[0].code == "not_later"


def test_a_belgian_creditors_own_notice_does_not_interrupt():
    result = lim.limitation(lim.BE, 1, date(2026, 1, 5), [event(lim.FORMAL_NOTICE, 2026, 6, 1)])
    assert result.last_day == date(2027, 1, 5)


def test_a_french_lawyers_notice_is_a_formal_notice():
    result = lim.limitation(lim.FR, 5, date(2021, 3, 15), [event(lim.LAWYER_NOTICE, 2025, 1, 2)])
    assert result.effects[0].code == "no_effect"


def test_a_belgian_declaration_is_said_unknown_not_guessed():
    result = lim.limitation(lim.BE, 10, date(2016, 2, 1), [event(lim.DECLARATION, 2020, 1, 6)])
    assert (result.last_day, result.effects[0].code) == (date(2026, 2, 1), "unknown")


def test_the_29th_of_february_runs_to_the_28th():
    assert lim.limitation(lim.FR, 5, date(2024, 2, 29)).last_day == date(2029, 2, 28)


def test_an_event_before_the_debt_is_refused():
    with pytest.raises(lim.LimitationError) as refused:
        lim.limitation(lim.FR, 5, date(2021, 3, 15), [event(lim.ACKNOWLEDGEMENT, 2021, 3, 14)])
    assert refused.value.code == "event_before_debt"


@pytest.mark.parametrize("years", [0, -1, 2.5])
def test_a_period_that_is_not_whole_years_is_refused(years):
    with pytest.raises(lim.LimitationError) as refused:
        lim.limitation(lim.FR, years, date(2021, 3, 15))
    assert refused.value.code == "bad_years"
