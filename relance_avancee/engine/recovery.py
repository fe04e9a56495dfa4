"""Collection cases: what the recipient earns, and the credit note that writes off
what it could not recover.

Plain Python, no Odoo: the models give the amounts in the case's currency (Decimals
quantized to its smallest unit) and record the results.

Rules
- *Commission*: under a percentage mandate, the rate applied to what was recovered;
  under a fixed fee, the fee; under both, their sum; rounded half up to the unit.
- *Write-off*: an invoice of which part remains unpaid for good is corrected by a
  credit note for that part (CGI art. 272, 1: the VAT of a debt become definitively
  irrecoverable is recovered on proof that the invoice was corrected, as the
  BOI-TVA-DED-40-10-20 § 1 puts it). The credit note carries the invoice's own taxes
  in proportion: each tax group's base is credited in the ratio of the unpaid part to
  the invoice's total, rounded half up; whatever the taxes' rounding leaves between
  the credit note and the unpaid part (a cent or two) goes on a line without tax, so
  that the credit note settles the invoice exactly.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PERCENTAGE, FIXED, BOTH = "percentage", "fixed", "both"


class RecoveryError(ValueError):
    """A refusal, with a ``code`` the models turn into a translated message."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _round(amount, unit):
    return amount.quantize(unit, rounding=ROUND_HALF_UP)


def commission(recovered, mandate, rate, fee, unit):
    """What the recipient earns on ``recovered`` under ``mandate`` (``rate`` in
    percent, ``fee`` per case)."""
    earned = Decimal(0)
    if mandate in (PERCENTAGE, BOTH):
        earned += recovered * rate / Decimal(100)
    if mandate in (FIXED, BOTH):
        earned += fee
    return _round(earned, unit)


@dataclass(frozen=True)
class TaxGroup:
    """The lines of an invoice that share the same taxes: ``key`` names them for the
    caller, ``amount`` is what their credit note line is priced on (their untaxed
    subtotal, or their total where the taxes are included in the price)."""

    key: object
    amount: Decimal


def write_off_amounts(unpaid, invoice_total, groups, unit):
    """{group key: amount of its credit note line} writing off ``unpaid`` of an
    invoice of ``invoice_total`` whose lines form ``groups``.

    Refused when nothing is unpaid, when more is unpaid than invoiced, or when the
    invoice has no total."""
    if invoice_total <= 0:
        raise RecoveryError("no_total")
    if unpaid <= 0:
        raise RecoveryError("nothing_unpaid")
    if unpaid > invoice_total:
        raise RecoveryError("too_much", unpaid=unpaid, total=invoice_total)
    ratio = unpaid / invoice_total
    return {group.key: _round(group.amount * ratio, unit) for group in groups}
