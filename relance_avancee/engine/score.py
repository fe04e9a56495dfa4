# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's reliability score, 0 (worst) to 100 (best), from its last 12 months.

Plain Python: the model reads each customer's history in a few queries and hands it
here. The score starts at 100; each factor takes off up to its weight, in proportion
to how far the customer is towards the factor's *saturation*, the value from which it
takes off its whole weight:

============================  ===============================  ==========  =========
factor                        value                            saturation  weight
============================  ===============================  ==========  =========
``days_late``                 amount-weighted average days     60 days     30
                              late of the items paid
``late_share``                share of the invoices paid late  100 %       20
``broken_promises``           promises to pay broken           3           15
``disputes``                  disputes opened                  3           10
``formal_notices``            formal notices sent              2           15
``overdue_share``             overdue now / invoiced in the    50 %        10
                              12 months
============================  ===============================  ==========  =========

The weights and saturations are our choice, not a figure read anywhere: a company
changes the weights (they must add up to 100) to say what matters to it. A customer
with nothing in the 12 months (no invoice, nothing paid, nothing overdue) has no
score, not 100: nothing is known of it.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

WINDOW_DAYS = 365

DAYS_LATE = "days_late"
LATE_SHARE = "late_share"
BROKEN_PROMISES = "broken_promises"
DISPUTES = "disputes"
FORMAL_NOTICES = "formal_notices"
OVERDUE_SHARE = "overdue_share"
FACTORS = (DAYS_LATE, LATE_SHARE, BROKEN_PROMISES, DISPUTES, FORMAL_NOTICES, OVERDUE_SHARE)

DEFAULT_WEIGHTS = {
    DAYS_LATE: 30,
    LATE_SHARE: 20,
    BROKEN_PROMISES: 15,
    DISPUTES: 10,
    FORMAL_NOTICES: 15,
    OVERDUE_SHARE: 10,
}
SATURATION = {
    DAYS_LATE: Decimal(60),
    LATE_SHARE: Decimal(1),
    BROKEN_PROMISES: Decimal(3),
    DISPUTES: Decimal(3),
    FORMAL_NOTICES: Decimal(2),
    OVERDUE_SHARE: Decimal("0.5"),
}
TOTAL_WEIGHT = 100

# The badge's bands, by their lowest score: our choice of thresholds.
NO_SCORE, GOOD, FAIR, POOR = "none", "good", "fair", "poor"
BAND_FLOORS = ((GOOD, 80), (FAIR, 50), (POOR, 0))


def band(value):
    """The band of a score (None: no score)."""
    if value is None:
        return NO_SCORE
    return next(name for name, floor in BAND_FLOORS if value >= floor)


def band_range(name):
    """(lowest, highest) score of a band other than NO_SCORE."""
    ceiling = TOTAL_WEIGHT
    for band_name, floor in BAND_FLOORS:
        if band_name == name:
            return floor, ceiling
        ceiling = floor - 1
    raise KeyError(name)


class WeightsError(ValueError):
    """The weights cannot make a score: ``code`` says why (for a translated message)."""

    def __init__(self, code, total=None):
        super().__init__(code)
        self.code = code
        self.total = total


def check_weights(weights):
    """Refuse weights that are negative or do not add up to 100."""
    if any(weights[name] < 0 for name in FACTORS):
        raise WeightsError("negative")
    total = sum(weights[name] for name in FACTORS)
    if total != TOTAL_WEIGHT:
        raise WeightsError("total", total)


@dataclass(frozen=True)
class PaidItem:
    """A receivable item (an invoice's instalment) settled in the window."""

    invoice: int
    amount: Decimal
    days_late: int


@dataclass
class History:
    """What one customer did in the 12 months before the day of the score."""

    paid: list = field(default_factory=list)
    invoiced: Decimal = Decimal(0)
    overdue: Decimal = Decimal(0)
    broken_promises: int = 0
    disputes: int = 0
    formal_notices: int = 0

    @property
    def is_empty(self):
        return not self.paid and not self.invoiced and not self.overdue


@dataclass(frozen=True)
class Score:
    """``value`` (None: no history) and, per factor, (value, points taken off)."""

    value: int | None
    deductions: dict


def factor_values(history):
    """Each factor's value, as Decimals: days, shares (0 to 1), counts."""
    paid_amount = sum((item.amount for item in history.paid), Decimal(0))
    if paid_amount > 0:
        days_late = (
            sum((item.amount * max(item.days_late, 0) for item in history.paid), Decimal(0))
            / paid_amount
        )
    else:
        days_late = Decimal(0)
    invoices = {item.invoice for item in history.paid}
    late = {item.invoice for item in history.paid if item.days_late > 0}
    late_share = Decimal(len(late)) / len(invoices) if invoices else Decimal(0)
    if history.invoiced > 0:
        overdue_share = min(history.overdue / history.invoiced, Decimal(1))
    else:
        # Overdue with nothing invoiced in the window: all of it is old debt.
        overdue_share = Decimal(1) if history.overdue > 0 else Decimal(0)
    return {
        DAYS_LATE: days_late,
        LATE_SHARE: late_share,
        BROKEN_PROMISES: Decimal(history.broken_promises),
        DISPUTES: Decimal(history.disputes),
        FORMAL_NOTICES: Decimal(history.formal_notices),
        OVERDUE_SHARE: max(overdue_share, Decimal(0)),
    }


def score(history, weights=None):
    """The customer's :class:`Score` under ``weights`` (DEFAULT_WEIGHTS if None)."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    check_weights(weights)
    if history.is_empty:
        return Score(None, {})
    values = factor_values(history)
    deductions = {}
    for name in FACTORS:
        reach = min(values[name] / SATURATION[name], Decimal(1))
        points = (Decimal(weights[name]) * reach).quantize(Decimal("0.1"), ROUND_HALF_UP)
        deductions[name] = (values[name], points)
    taken = sum((points for _value, points in deductions.values()), Decimal(0))
    value = int((Decimal(TOTAL_WEIGHT) - taken).quantize(Decimal(1), ROUND_HALF_UP))
    return Score(max(value, 0), deductions)
