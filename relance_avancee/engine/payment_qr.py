"""Payment references and the EPC QR code payload, in plain Python.

- IBAN check (ISO 13616, modulo 97);
- creditor reference ISO 11649 ("RF" + 2 check digits + up to 21 characters), used
  in France and across SEPA;
- Belgian structured communication (``+++123/4567/89002+++``: ten digits and a
  modulo-97 check of two digits, 97 when the remainder is 0);
- the EPC QR payload of the European Payments Council's "Quick Response Code:
  guidelines to enable data capture for the initiation of a SEPA credit transfer"
  (EPC069-12, version 002): the lines below in this exact order, separated by LF,
  at most 331 bytes in UTF-8, encoded at error-correction level M.

Where a reference goes (EPC069-12, section 3.4, and the banks' practice):
- an ISO 11649 RF reference goes in the *structured remittance* line (line 10); the
  unstructured line is then left empty (the two are mutually exclusive);
- the Belgian structured communication is read by Belgian banks from the structured
  line too, as its twelve digits without the ``+++``/``/`` decoration (Febelfin's
  guidance for EPC codes); that is where it is put;
- without a reference, the invoice numbers go in the unstructured line (line 11).
"""

import io
import string
from decimal import ROUND_HALF_UP, Decimal

import qrcode
from qrcode.constants import ERROR_CORRECT_M

EPC_MAX_BYTES = 331
NAME_MAX = 70
IBAN_MAX = 34
STRUCTURED_MAX = 35
UNSTRUCTURED_MAX = 140
INFORMATION_MAX = 70
AMOUNT_MIN = Decimal("0.01")
AMOUNT_MAX = Decimal("999999999.99")


class PaymentReferenceError(ValueError):
    pass


def _alphanumeric_to_digits(text):
    """Letters as numbers (A=10 ... Z=35), as ISO 13616 and ISO 11649 require."""
    return "".join(str(int(char, 36)) for char in text)


def _mod97(text):
    return int(_alphanumeric_to_digits(text)) % 97


def normalize_iban(iban):
    return "".join(iban.split()).upper()


def is_valid_iban(iban):
    """ISO 13616: country code, 2 check digits, BBAN; the rearranged number mod 97 is 1."""
    iban = normalize_iban(iban)
    if not (15 <= len(iban) <= IBAN_MAX) or not iban.isalnum():
        return False
    if not (iban[:2].isalpha() and iban[2:4].isdigit()):
        return False
    return _mod97(iban[4:] + iban[:4]) == 1


def rf_reference(base):
    """ISO 11649 creditor reference for ``base`` (1 to 21 letters or digits)."""
    base = "".join(base.split()).upper()
    if not 1 <= len(base) <= 21 or any(
        c not in string.ascii_uppercase + string.digits for c in base
    ):
        raise PaymentReferenceError(f"an RF reference holds 1 to 21 letters or digits: {base!r}")
    check = 98 - _mod97(base + "RF00")
    return f"RF{check:02d}{base}"


def is_valid_rf_reference(reference):
    reference = "".join(reference.split()).upper()
    return (
        reference.startswith("RF")
        and 5 <= len(reference) <= 25
        and reference[2:4].isdigit()
        and _mod97(reference[4:] + reference[:4]) == 1
    )


def belgian_structured_reference(number):
    """``+++xxx/xxxx/xxxxx+++`` for a number of at most ten digits."""
    digits = f"{int(number):010d}"
    if len(digits) > 10:
        raise PaymentReferenceError(f"a Belgian structured communication holds 10 digits: {number}")
    check = int(digits) % 97 or 97
    full = f"{digits}{check:02d}"
    return f"+++{full[:3]}/{full[3:7]}/{full[7:]}+++"


def belgian_reference_digits(reference):
    """The twelve digits of a Belgian structured communication, checked."""
    digits = "".join(char for char in reference if char.isdigit())
    if len(digits) != 12 or (int(digits[:10]) % 97 or 97) != int(digits[10:]):
        raise PaymentReferenceError(f"not a valid Belgian structured communication: {reference!r}")
    return digits


def format_amount(amount):
    """``EUR`` and the amount with exactly two decimals, as EPC069-12 line 8 wants."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not AMOUNT_MIN <= amount <= AMOUNT_MAX:
        raise PaymentReferenceError(f"EPC QR amounts run from 0.01 to 999999999.99: {amount}")
    return f"EUR{amount}"


def _truncate(text, limit):
    """Cut ``text`` to ``limit`` characters (the EPC limits count characters)."""
    return " ".join((text or "").split())[:limit]


def epc_payload(name, iban, amount, bic="", structured="", unstructured="", information=""):
    """The EPC069-12 payload of a SEPA credit transfer in euros.

    ``structured`` (an RF reference, or a Belgian communication's twelve digits) and
    ``unstructured`` are mutually exclusive: with a structured reference the
    unstructured line stays empty.
    """
    iban = normalize_iban(iban)
    if not is_valid_iban(iban):
        raise PaymentReferenceError(f"invalid IBAN {iban!r}")
    if not name or not name.strip():
        raise PaymentReferenceError("the beneficiary's name is required")
    structured = "".join(structured.split())[:STRUCTURED_MAX]
    lines = [
        "BCD",  # service tag
        "002",  # version: BIC optional inside the EEA
        "1",  # character set: UTF-8
        "SCT",  # identification: SEPA credit transfer
        "".join(bic.split()).upper(),
        _truncate(name, NAME_MAX),
        iban,
        format_amount(amount),
        "",  # purpose (4-letter ISO 20022 code): none
        structured,
        "" if structured else _truncate(unstructured, UNSTRUCTURED_MAX),
        _truncate(information, INFORMATION_MAX),
    ]
    # Trailing empty lines may be left out (EPC069-12, 3.4); nothing else may.
    while lines and not lines[-1]:
        lines.pop()
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > EPC_MAX_BYTES:
        raise PaymentReferenceError("the EPC QR payload exceeds 331 bytes")
    return payload


def qr_png(payload, box_size=4):
    """PNG bytes of ``payload`` as a QR code at error-correction level M (EPC069-12)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
