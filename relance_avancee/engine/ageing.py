"""Aged balance of a statement of account, in plain Python.

The buckets are those accountants read on an aged trial balance: not yet due, then
by days past the due date, 1-30, 31-60, 61-90, 91-120 and over 120 by default. A
company may set its own late ranges (``buckets_from_ranges``): they start the day
after the due date, follow each other without gap or overlap, go forward, and the
last one is open-ended.
"""

import re
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

# The default late ranges as a company writes them (res.company.relance_ageing_ranges).
DEFAULT_RANGES = "1-30, 31-60, 61-90, 91-120, 121+"
# At most this many late ranges: the screen has a column for each.
MAX_RANGES = 7

_RANGE = re.compile(r"^(\d+)\s*(?:-\s*(\d+)|\+)$")


class BucketError(ValueError):
    """A refusal of late ranges, with a ``code`` the models turn into a translated
    message and the ``params`` it names."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def parse_ranges(text):
    """The late ranges of ``text`` as a company writes them, comma-separated ``first-last``
    and an open-ended ``first+`` last (``DEFAULT_RANGES``), as [(first, last or None)].
    Refused (BucketError): ``syntax`` for a part that is neither, ``too_many`` beyond
    ``MAX_RANGES``; then as ``buckets_from_ranges`` refuses them."""
    ranges = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part)
        if not match:
            raise BucketError("syntax", part=part)
        first, last = match.groups()
        ranges.append((int(first), int(last) if last is not None else None))
    if len(ranges) > MAX_RANGES:
        raise BucketError("too_many", maximum=MAX_RANGES)
    buckets_from_ranges(ranges)
    return ranges


def buckets_from_text(text):
    """The buckets of the late ranges ``text`` (``parse_ranges``); empty: the default."""
    return buckets_from_ranges(parse_ranges(text or DEFAULT_RANGES))


def buckets_from_ranges(ranges):
    """The buckets of late ``ranges`` [(first day late, last day late or None)], after
    *not due*: keyed ``<first>_<last>`` and ``over_<last before>``. Refused (BucketError)
    unless the first starts at day 1, each starts the day after the one before ends
    (``gap``, ``overlap``), ends on or after its start (``backwards``), and only the
    last is open-ended (``open_before_last``, ``closed_last``)."""
    if not ranges:
        raise BucketError("empty")
    expected = 1
    buckets = [("not_due", None, 0)]
    for index, (first, last) in enumerate(ranges):
        is_last = index == len(ranges) - 1
        if first != expected:
            raise BucketError(
                "gap" if first > expected else "overlap", first=first, expected=expected
            )
        if last is None and not is_last:
            raise BucketError("open_before_last", first=first)
        if last is not None and last < first:
            raise BucketError("backwards", first=first, last=last)
        if last is not None and is_last:
            raise BucketError("closed_last", last=last)
        key = f"over_{first - 1}" if last is None else f"{first}_{last}"
        buckets.append((key, first, last))
        expected = (last or 0) + 1
    return tuple(buckets)


def bucket_of(due_date, today, buckets=BUCKETS):
    """The bucket of an amount due on ``due_date`` (None: due at once) on ``today``."""
    late = (today - due_date).days if due_date else 0
    for key, first, last in buckets:
        if (first is None or late >= first) and (last is None or late <= last):
            return key
    raise AssertionError("the buckets cover every day")


def aged_balance(amounts, today, buckets=BUCKETS):
    """Sum ``(due date, amount)`` pairs per bucket; credits (negative) count in the
    bucket of their own date. Returns {bucket key: Decimal} with every key, and
    ``total``."""
    totals = {key: Decimal("0") for key, _first, _last in buckets}
    for due_date, amount in amounts:
        totals[bucket_of(due_date, today, buckets)] += Decimal(amount)
    totals["total"] = sum((totals[key] for key, _f, _l in buckets), Decimal("0"))
    return totals
