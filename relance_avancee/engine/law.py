"""Rules of law the letters and the penalties apply, kept out of the models.

Plain Python (no Odoo): which payment reference a company's letters ask for, when a
consumer's late-payment interest starts, and which texts a letter cites for a regime.
The models read the records and call these; the texts' sources are those named in
``engine.penalties``.
"""

import re
from datetime import timedelta

from . import payment_qr, penalties

# The texts behind a regime's interest and indemnity: (code, articles). The models
# translate the code's name; the article numbers are the law's own.
FR_COMMERCIAL_CODE = "fr_commercial_code"
FR_PUBLIC_PROCUREMENT_CODE = "fr_public_procurement_code"
FR_CIVIL_CODE = "fr_civil_code"
BE_LAW_2002 = "be_law_2002"
BE_ECONOMIC_LAW_CODE = "be_economic_law_code"
LEGAL_BASIS = {
    penalties.FR_B2B: (FR_COMMERCIAL_CODE, ("L441-10", "D441-5")),
    penalties.FR_PUBLIC: (FR_PUBLIC_PROCUREMENT_CODE, ("L2192-13", "D2192-35")),
    penalties.FR_CONSUMER: (FR_CIVIL_CODE, ("1231-6", "1344-1")),
    penalties.BE_B2B: (BE_LAW_2002, ("5", "6")),
    penalties.BE_CONSUMER: (BE_ECONOMIC_LAW_CODE, ("XIX.2", "XIX.4")),
}

# Regimes whose interest does not run from the due date but from a communication.
NOTICE_STARTS_INTEREST = (penalties.FR_CONSUMER, penalties.BE_CONSUMER)


def legal_basis(regime):
    """(code, articles) a letter cites for ``regime``; the French commercial code for
    a regime the law here does not name."""
    return LEGAL_BASIS.get(regime, LEGAL_BASIS[penalties.FR_B2B])


def payment_reference(country_code, customer_ref, customer_id):
    """The reference a customer is asked to pay with: (printed, structured).

    One reference per customer, as Odoo's "based on customer" payment references: the
    customer's code in the books (letters and digits), else its id. Belgium: the
    structured communication (+++xxx/xxxx/xxxxx+++, from a code of at most ten
    digits); elsewhere ISO 11649's RF creditor reference. ``structured`` is what the
    EPC QR code carries.
    """
    code = re.sub(r"[^A-Z0-9]", "", (customer_ref or "").upper())
    if country_code == "BE":
        number = int(code) if code.isdigit() and len(code) <= 10 else customer_id
        printed = payment_qr.belgian_structured_reference(number)
        return printed, payment_qr.belgian_reference_digits(printed)
    reference = payment_qr.rf_reference(code[:21] or str(customer_id))
    return reference, reference


def interest_needs_formal_notice(regime):
    """Whether only a formal notice (not any reminder) starts the interest."""
    return regime == penalties.FR_CONSUMER


def interest_from(regime, notice_sent_on=None, notice_by_post=False):
    """The first day of interest of an invoice under ``regime``.

    None: the day after the due date (businesses, public bodies). For consumers it
    depends on the first communication that counts (``notice_sent_on``, posted or
    not): without one, False (nothing accrues yet). France: the legal rate runs from
    the formal notice (Code civil, art. 1344-1), from the day after it is sent.
    Belgium: only once the 14 days of the free first reminder are over (CDE art.
    XIX.2).
    """
    if regime not in NOTICE_STARTS_INTEREST:
        return None
    if notice_sent_on is None:
        return False
    if regime == penalties.FR_CONSUMER:
        return notice_sent_on + timedelta(days=1)
    return penalties.be_consumer_costs_from(notice_sent_on, notice_by_post)
