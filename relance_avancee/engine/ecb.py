"""The ECB main refinancing rate from the ECB Data Portal, as half-year rate rows.

The Data Portal serves series as CSV (``format=csvdata``): a header row naming the
columns, then one row per observation. Series ``FM.B.U2.EUR.4F.KR.MRR_FR.LEV`` is the
main refinancing operations' fixed rate, one observation per business day. The
French and Belgian late-payment rules read the rate in force on the first day of each
half-year (1 January, 1 July): the last observation on or before that day.

Documentation read: "ECB Data Portal: API, data" (https://data.ecb.europa.eu/help/api/data):
"protocol://wsEntryPoint/resource/flowRef/key?parameters", entry point
``data-api.ecb.europa.eu/service/``, resource ``data``, parameters ``startPeriod``,
``endPeriod``, ``detail``…
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

SERIES = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"
ENTRY_POINT = "https://data-api.ecb.europa.eu/service/data"
SERIES_PAGE = "https://data.ecb.europa.eu/data/datasets/FM/FM.B.U2.EUR.4F.KR.MRR_FR.LEV"


class EcbAnswerError(ValueError):
    """The Data Portal answered something this module cannot read as the series."""


@dataclass(frozen=True)
class HalfYearRate:
    """The rate in force on ``start`` (a 1 January or 1 July), as observed on
    ``observed_on``, for the half-year ``start`` to ``end``."""

    start: date
    end: date
    rate: Decimal
    observed_on: date


def series_url(start_period):
    """The Data Portal query for the series' observations from ``start_period``."""
    flow, key = SERIES.split(".", 1)
    return (
        f"{ENTRY_POINT}/{flow}/{key}?startPeriod={start_period.isoformat()}"
        "&detail=dataonly&format=csvdata"
    )


def parse_csv(text):
    """[(day, rate)] of a csvdata answer, by day. Columns are read by name: the
    Data Portal sends more or fewer of them depending on ``detail``."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"KEY", "TIME_PERIOD", "OBS_VALUE"} <= set(reader.fieldnames):
        raise EcbAnswerError(f"not a csvdata answer (columns: {reader.fieldnames})")
    observations = []
    for row in reader:
        if row["KEY"] != SERIES:
            raise EcbAnswerError(f"an observation of another series: {row['KEY']}")
        if not row["OBS_VALUE"]:
            continue  # no observation that day
        try:
            day = date.fromisoformat(row["TIME_PERIOD"])
            rate = Decimal(row["OBS_VALUE"])
        except (ValueError, InvalidOperation) as error:
            raise EcbAnswerError(f"unreadable observation {row}") from error
        if not rate.is_finite() or rate < 0 or rate > 100:
            raise EcbAnswerError(f"implausible rate {rate} on {day}")
        observations.append((day, rate))
    return sorted(observations)


def half_year_after(day):
    """The first day of the half-year that follows the one of ``day``."""
    return date(day.year, 7, 1) if day.month < 7 else date(day.year + 1, 1, 1)


def half_years_to_fill(last_known_end, today, observations):
    """The half-years after ``last_known_end`` that have started by ``today``, each
    with the rate in force on its first day.

    ``observations``: [(day, rate)] by day, reaching back to before the first of
    them. A half-year whose first day comes after the last observation is left for
    a later call (the series is published with a delay); one with no observation
    on or before its first day means the answer is not the series asked for.
    """
    rows = []
    start = half_year_after(last_known_end)
    while start <= today:
        before = [(day, rate) for day, rate in observations if day <= start]
        if not observations or observations[-1][0] < start:
            break
        if not before:
            raise EcbAnswerError(f"no observation on or before {start}")
        observed_on, rate = before[-1]
        end = half_year_after(start) - timedelta(days=1)
        rows.append(HalfYearRate(start=start, end=end, rate=rate, observed_on=observed_on))
        start = end + timedelta(days=1)
    return rows
