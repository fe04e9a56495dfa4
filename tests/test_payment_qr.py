"""Payment references and the EPC QR payload, compared with literal expected values."""

import subprocess
from decimal import Decimal

import pytest

from engine import payment_qr as qr


@pytest.mark.parametrize(
    "iban", ["FR76 3000 6000 0112 3456 7890 189", "BE71096123456769", "DE89370400440532013000"]
)
def test_valid_ibans(iban):
    assert qr.is_valid_iban(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "FR76 3000 6000 0112 3456 7890 188",
        "BE71096123456768",
        "XX00",
        "FR7630006000011234567890189!",
    ],
)
def test_invalid_ibans(iban):
    assert not qr.is_valid_iban(iban)


def test_rf_reference():
    # ISO 11649's own example: RF18 539007547034
    assert qr.rf_reference("539007547034") == "RF18539007547034"
    assert qr.is_valid_rf_reference("RF18 5390 0754 7034")
    assert not qr.is_valid_rf_reference("RF19539007547034")


def test_rf_reference_refuses_bad_input():
    with pytest.raises(qr.PaymentReferenceError):
        qr.rf_reference("INV/2024/0001")


def test_belgian_structured_reference():
    # 0000001234 mod 97 = 70 -> +++000/0001/23470+++
    assert qr.belgian_structured_reference(1234) == "+++000/0001/23470+++"
    # 0000000097 mod 97 = 0 -> the check is 97
    assert qr.belgian_structured_reference(97) == "+++000/0000/09797+++"
    assert qr.belgian_reference_digits("+++000/0001/23470+++") == "000000123470"
    with pytest.raises(qr.PaymentReferenceError):
        qr.belgian_reference_digits("+++000/0001/23471+++")


def test_epc_payload_with_rf_reference():
    payload = qr.epc_payload(
        name="Atelier Lumière SAS",
        iban="FR76 3000 6000 0112 3456 7890 189",
        amount=Decimal("1234.5"),
        bic="AGRIFRPP",
        structured="RF18539007547034",
        unstructured="ignored when structured",
    )
    assert payload == (
        "BCD\n002\n1\nSCT\nAGRIFRPP\nAtelier Lumière SAS\nFR7630006000011234567890189\n"
        "EUR1234.50\n\nRF18539007547034"
    )


def test_epc_payload_unstructured_without_bic():
    payload = qr.epc_payload(
        name="Brasserie du Parc SRL",
        iban="BE71096123456769",
        amount="80",
        unstructured="INV/2026/00012 INV/2026/00019",
    )
    assert payload == (
        "BCD\n002\n1\nSCT\n\nBrasserie du Parc SRL\nBE71096123456769\nEUR80.00\n\n\n"
        "INV/2026/00012 INV/2026/00019"
    )


def test_epc_field_lengths():
    payload = qr.epc_payload(
        name="N" * 90, iban="BE71096123456769", amount="1", unstructured="U" * 200
    )
    lines = payload.split("\n")
    assert len(lines[5]) == 70
    assert len(lines[10]) == 140
    assert len(payload.encode()) <= 331


@pytest.mark.parametrize("amount", ["0", "1000000000.00", "-5"])
def test_epc_amount_bounds(amount):
    with pytest.raises(qr.PaymentReferenceError):
        qr.epc_payload(name="X", iban="BE71096123456769", amount=amount)


def test_epc_refuses_a_bad_iban():
    with pytest.raises(qr.PaymentReferenceError, match="IBAN"):
        qr.epc_payload(name="X", iban="BE71096123456768", amount="1")


def test_qr_code_decodes_to_the_payload(tmp_path):
    payload = qr.epc_payload(
        name="Atelier Lumière SAS",
        iban="FR7630006000011234567890189",
        amount="42.10",
        structured="RF18539007547034",
    )
    image = tmp_path / "qr.png"
    image.write_bytes(qr.qr_png(payload))
    # zbarimg comes with Debian's zbar-tools (.ci/run installs it).
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sbinary", str(image)], capture_output=True, check=True
    ).stdout
    assert decoded.rstrip(b"\n") == payload.encode("utf-8")
