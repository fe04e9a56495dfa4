"""Reading the ECB Data Portal's answer and filling half-years from it."""

from datetime import date
from decimal import Decimal

import pytest
from conftest import ADDON

from engine import ecb

# An answer in the Data Portal's csvdata layout (detail=dataonly: ten columns), with
# the rates of the ECB's decisions of December 2024 and June 2025.
ANSWER = (ADDON / "tests" / "data" / "ecb_mrr_fr_answer.csv").read_text()


def test_series_url():
    assert ecb.series_url(date(2024, 12, 1)) == (
        "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
        "?startPeriod=2024-12-01&detail=dataonly&format=csvdata"
    )


def test_parse_reads_columns_by_name():
    observations = ecb.parse_csv(ANSWER)
    assert observations[0] == (date(2024, 12, 16), Decimal("3.4"))
    assert len(observations) == 10
    # Columns in another order, and more of them (detail=full).
    reordered = (
        "OBS_VALUE,OBS_STATUS,TIME_PERIOD,KEY\n2.15,A,2025-07-01,FM.B.U2.EUR.4F.KR.MRR_FR.LEV\n"
    )
    assert ecb.parse_csv(reordered) == [(date(2025, 7, 1), Decimal("2.15"))]


def test_half_years_after_the_last_known_one():
    rows = ecb.half_years_to_fill(date(2024, 12, 31), date(2025, 8, 15), ecb.parse_csv(ANSWER))
    assert rows == [
        # 1 January is a holiday: the observation of 31 December is in force.
        ecb.HalfYearRate(date(2025, 1, 1), date(2025, 6, 30), Decimal("3.15"), date(2024, 12, 31)),
        ecb.HalfYearRate(date(2025, 7, 1), date(2025, 12, 31), Decimal("2.15"), date(2025, 7, 1)),
    ]


def test_a_half_year_not_started_or_not_yet_observed_is_left_for_later():
    observations = ecb.parse_csv(ANSWER)
    assert ecb.half_years_to_fill(date(2025, 12, 31), date(2026, 1, 20), observations) == []
    assert ecb.half_years_to_fill(date(2024, 12, 31), date(2024, 12, 31), observations) == []


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "<html>Service unavailable</html>",
        "KEY,TIME_PERIOD\nFM.B.U2.EUR.4F.KR.MRR_FR.LEV,2025-01-02\n",
        "KEY,TIME_PERIOD,OBS_VALUE\nFM.B.U2.EUR.4F.KR.DFR.LEV,2025-01-02,3.0\n",
        "KEY,TIME_PERIOD,OBS_VALUE\nFM.B.U2.EUR.4F.KR.MRR_FR.LEV,2025-01-02,abc\n",
        "KEY,TIME_PERIOD,OBS_VALUE\nFM.B.U2.EUR.4F.KR.MRR_FR.LEV,2025-01-02,-1\n",
        "KEY,TIME_PERIOD,OBS_VALUE\nFM.B.U2.EUR.4F.KR.MRR_FR.LEV,2025-01-02,NaN\n",
    ],
)
def test_an_unexpected_answer_is_refused(answer):
    with pytest.raises(ecb.EcbAnswerError):
        ecb.parse_csv(answer)


def test_no_observation_before_the_half_year_is_refused():
    observations = [(date(2025, 3, 1), Decimal("2.65"))]
    with pytest.raises(ecb.EcbAnswerError):
        ecb.half_years_to_fill(date(2024, 12, 31), date(2025, 3, 5), observations)
