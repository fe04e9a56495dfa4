"""Aged balance of a statement of account, in plain Python.

The buckets are those accountants read on an aged trial balance: not yet due, then
by days past the due date, 1-30, 31-60, 61-90, 91-120 and over 120.
"""

from decimal import Decimal

# (key, first day late, last day late); None: open-ended.
BUCKETS = (
    ("not_due", None, 0),
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("91_120", 91, 120),
    ("over_120", 121, None),
)


def bucket_of(due_date, today):
    """The bucket of an amount due on ``due_date`` (None: due at once) on ``today``."""
    late = (today - due_date).days if due_date else 0
    for key, first, last in BUCKETS:
        if (first is None or late >= first) and (last is None or late <= last):
            return key
    raise AssertionError("the buckets cover every day")


def aged_balance(amounts, today):
    """Sum ``(due date, amount)`` pairs per bucket; credits (negative) count in the
    bucket of their own date. Returns {bucket key: Decimal} with every key, and
    ``total``."""
    totals = {key: Decimal("0") for key, _first, _last in BUCKETS}
    for due_date, amount in amounts:
        totals[bucket_of(due_date, today)] += Decimal(amount)
    totals["total"] = sum((totals[key] for key, _f, _l in BUCKETS), Decimal("0"))
    return totals
