# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The letters rendered to real PDFs by wkhtmltopdf, read back with Debian's
poppler-utils (pdftotext) and zbar-tools (zbarimg)."""

import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import RelanceCommon

MM_PER_POINT = 25.4 / 72
# Where a DL window envelope (220 x 110 mm, window 100 x 45 mm at 20 mm from the
# right edge and 15 mm from the bottom) shows an A4 letter folded in three, with
# the play of the letter in the envelope taken off: x and y in mm from the top left.
WINDOW = {"left": 95, "right": 195, "top": 50, "bottom": 84}


def pdf_words(pdf, page=1):
    """The words of a page with their boxes in mm: [(text, x0, y0, x1, y1)]."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "letter.pdf")
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    words = []
    for x0, y0, x1, y1, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    ):
        words.append((text, *(float(value) * MM_PER_POINT for value in (x0, y0, x1, y1))))
    return words


def pdf_text(pdf):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "letter.pdf")
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def qr_codes(pdf):
    """The raw bytes of every QR code on the first page (zbarimg at 300 dpi)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "letter.pdf")
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-f", "1", "-l", "1", "-r", "300", "-png", str(path), f"{directory}/p"],
            check=True,
        )
        (image,) = Path(directory).glob("p*.png")
        # -Sbinary: the bytes as encoded, not re-decoded through zbar's charset guess.
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", "-Sbinary", str(image)], capture_output=True, check=False
        )
    # Exit status 4: no code found.
    assert result.returncode in (0, 4), result.stderr
    return [result.stdout.removesuffix(b"\n")] if result.stdout else []


@tagged("post_install", "-at_install")
class TestRelanceLetters(RelanceCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_letter_company()

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the report styles from this test server.
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _render(self, report, records, **context):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, **context)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf did not produce a PDF")
        return pdf

    def _formal_notice(self):
        """1,000.00 EUR due 31 January 2024, unpaid 45 days later: the French ladder's
        formal notice (business customer: the first communication may be one)."""
        self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        with freeze_time("2024-03-16"):
            communication = self._run(self.business)
            self.assertEqual(communication.level_id, self.level_formal_notice)
            communication.action_approve()
            communication._send()
        communication.registered_tracking = "1A 123 456 7890 1"
        return communication

    def test_formal_notice_says_it_and_carries_the_amounts(self):
        communication = self._formal_notice()
        invoice = communication.line_ids.move_line_id.move_id
        text = pdf_text(self._render("relance_avancee.report_relance_letter", communication))
        self.assertIn("mise en demeure", text.lower())
        self.assertIn(invoice.name, text)
        # 45 days at 4.50 + 10 = 14.50 %: 1,000.00 x 14.50 % x 45 / 365 = 17.876... -> 17.88;
        # plus the 40.00 indemnity: 1,057.88 in all.
        for amount in ("1,000.00", "17.88", "40.00", "1,057.88"):
            self.assertIn(amount, text)
        self.assertIn("14.50%", text)
        self.assertIn("SIRET 732 829 320 00074", text)
        self.assertIn("RCS Lyon", text)
        self.assertIn("1A 123 456 7890 1", text)  # the registered letter's number
        # 8 days to pay from 16 March 2024.
        self.assertIn("March 24, 2024", text)

    def test_address_sits_in_the_envelope_window(self):
        communication = self._formal_notice()
        words = pdf_words(self._render("relance_avancee.report_relance_letter", communication))
        address = {"Garage", "Durand", "SARL", "8", "rue", "de", "la", "Gare", "38000", "Grenoble"}
        placed = [word for word in words if word[0] in address and word[2] < 100]
        self.assertGreaterEqual(len(placed), len(address))
        for text, x0, y0, x1, y1 in placed:
            self.assertTrue(
                WINDOW["left"] <= x0 and x1 <= WINDOW["right"],
                f"{text!r} spans {x0:.1f}-{x1:.1f} mm across, outside the window",
            )
            self.assertTrue(
                WINDOW["top"] <= y0 and y1 <= WINDOW["bottom"],
                f"{text!r} spans {y0:.1f}-{y1:.1f} mm down, outside the window",
            )

    def test_payment_qr_code_is_the_epc_payload(self):
        communication = self._formal_notice()
        codes = qr_codes(self._render("relance_avancee.report_relance_letter", communication))
        # EPC069-12: service tag, version, UTF-8, SCT, no BIC, name, IBAN, amount with
        # two decimals, no purpose, the customer's RF reference (ISO 11649 on
        # "CLI042") in the structured line, nothing after it.
        self.assertEqual(
            codes,
            [
                "BCD\n002\n1\nSCT\n\nMenuiserie Étienne SAS\nFR7630006000011234567890189\n"
                "EUR1057.88\n\nRF10CLI042".encode()
            ],
        )

    def test_french_letter(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        self.business.lang = "fr_FR"
        communication = self._formal_notice()
        text = pdf_text(self._render("relance_avancee.report_relance_letter", communication))
        self.assertIn("mise en demeure", text.lower())
        self.assertIn("Lyon, le 16 mars 2024", text)
        # French amounts: a (narrow) no-break space between thousands.
        self.assertRegex(text, r"1\s057,88")
        self.assertIn("Madame, Monsieur,", text)
        # The rate as French writes it: a decimal comma, a no-break space before %.
        values = self.env["report.relance_avancee.report_relance_letter"]._letter_values(
            communication
        )[communication.id]
        self.assertEqual(values["rows"][0]["rates"], "14,50\u00a0%")
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_qweb_html("relance_avancee.report_relance_letter", communication.ids)[0]
            .decode()
        )
        self.assertIn("(<span>14,50\u00a0%</span>)", html)

    def test_without_iban_no_qr_code_and_a_note(self):
        self.env.company.relance_bank_account_id = False
        communication = self._formal_notice()
        self.assertIn("no valid IBAN", communication.letter_qr_warning)
        # Printing tells the user why (a sticky notification), and logs nothing.
        self.env["bus.bus"].sudo().search([]).unlink()
        communication.action_print_letter()
        self.env.cr.precommit.run()  # the bus stores notifications at commit
        notification = self.env["bus.bus"].sudo().search([])
        self.assertEqual(len(notification), 1)
        self.assertIn("no valid IBAN", notification.message)
        pdf = self._render("relance_avancee.report_relance_letter", communication)
        self.assertEqual(qr_codes(pdf), [])
        self.assertIn("contact us for our bank details", pdf_text(pdf))

    def test_no_epc_code_in_another_currency(self):
        dollar = self.env.ref("base.USD")
        self.assertNotEqual(dollar, self.euro)
        self._post(self._invoice(self.business, 500.0, "2024-01-31", currency=dollar))
        with freeze_time("2024-02-05"):
            communication = self._run(self.business).filtered(
                lambda sent: sent.currency_id == dollar
            )
            communication._send()
        self.assertTrue(communication)
        self.assertEqual(
            qr_codes(self._render("relance_avancee.report_relance_letter", communication)), []
        )

    def test_belgian_letter_carries_the_structured_communication(self):
        self.env.company.write(
            {"country_id": self.env.ref("base.be").id, "company_registry": "0477.472.701"}
        )
        self.env.company.relance_bank_account_id = self.env["res.partner.bank"].create(
            {"acc_number": "BE71 0961 2345 6769", "partner_id": self.env.company.partner_id.id}
        )
        self.business.ref = "42"
        communication = self._formal_notice()
        pdf = self._render("relance_avancee.report_relance_letter", communication)
        text = pdf_text(pdf)
        self.assertIn("+++000/0000/04242+++", text)
        self.assertIn("Enterprise number 0477.472.701", text)
        # The Belgian rate of 2024-H1: 4.50 + 8 = 12.50 %: 1,000.00 x 12.50 % x 45 / 365
        # = 15.410... -> 15.41; with the 40.00 indemnity, 1,055.41.
        self.assertIn("1,055.41", text)
        self.assertEqual(
            qr_codes(pdf),
            [
                "BCD\n002\n1\nSCT\n\nMenuiserie Étienne SAS\nBE71096123456769\n"
                "EUR1055.41\n\n000000004242".encode()
            ],
        )

    def test_belgian_consumer_first_reminder_is_free_with_its_mentions(self):
        self.env.company.country_id = self.env.ref("base.be")
        self.consumer.write({"country_id": self.env.ref("base.be").id, "lang": "en_US"})
        self._post(self._invoice(self.consumer, 200.0, "2024-01-31", currency=self.euro))
        with freeze_time("2024-02-03"):
            communication = self._run(self.consumer)
            self.assertEqual(communication.level_id, self.level_friendly)
            communication._send()
        # The email (the first level's channel) carries the mentions too.
        self.assertIn("This first reminder is free of charge", communication.mail_message_id.body)
        self.assertIn("February 17, 2024", communication.mail_message_id.body)
        text = pdf_text(self._render("relance_avancee.report_relance_letter", communication))
        self.assertIn("This first reminder is free of charge", text)
        # Sent by email on 3 February: 14 days from the next day, costs from
        # 18 February; damages at most 30.00 + 10 % x (200.00 - 150.00) = 35.00;
        # interest at the Belgian rate of 2024-H1, 12.50 %.
        self.assertIn("February 17, 2024", text)
        self.assertIn("35.00", text)
        self.assertIn("12.50%", text)

    def test_statement_of_account_with_aged_buckets(self):
        # Immediate payment terms: each invoice is due on its date.
        for amount, invoice_date in (
            (100.0, "2024-06-30"),  # due on 30 June: not due yet
            (200.0, "2024-06-14"),  # 16 days late
            (300.0, "2024-03-31"),  # 91 days late
            (400.0, "2023-12-31"),  # 182 days late
        ):
            self._post(self._invoice(self.business, amount, invoice_date))
        values = self.env["report.relance_avancee.report_relance_statement"]._statement_values(
            self.business, self.env.company, date(2024, 6, 30)
        )
        pdf = self._render(
            "relance_avancee.report_relance_statement",
            self.business,
            relance_statement_date="2024-06-30",
        )
        buckets = {key: amount for key, amount, _label in values["buckets"]}
        self.assertEqual(
            buckets,
            {
                "not_due": 100.0,
                "1_30": 200.0,
                "31_60": 0.0,
                "61_90": 0.0,
                "91_120": 300.0,
                "over_120": 400.0,
            },
        )
        self.assertEqual(values["total"], 1000.0)
        text = pdf_text(pdf)
        self.assertIn("Statement of account", text)
        for label in ("Not due", "1-30 days", "91-120 days", "Over 120 days"):
            self.assertIn(label, text)

    def test_french_statement_speaks_french_throughout(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        self.business.lang = "fr_FR"
        self._post(self._invoice(self.business, 250.0, "2024-06-14"))
        text = pdf_text(
            self._render(
                "relance_avancee.report_relance_statement",
                self.business,
                relance_statement_date="2024-06-30",
            )
        )
        self.assertIn("Relevé de compte", text)
        self.assertIn("1 à 30 jours", text)
        # The company's legal mentions too, not only the letter's body.
        self.assertIn("SAS au capital de 50 000 EUR", text)
        self.assertNotIn("share capital", text)

    def test_bad_inputs_refused(self):
        with self.assertRaisesRegex(ValidationError, "at least one day"), self.cr.savepoint():
            self.level_formal_notice.payment_deadline_days = 0
        with self.assertRaisesRegex(ValidationError, "not a valid IBAN"), self.cr.savepoint():
            self.env.company.relance_bank_account_id = self.env["res.partner.bank"].create(
                {
                    "acc_number": "FR76 3000 6000 0112 3456 7890 188",
                    "partner_id": self.env.company.partner_id.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "360, 365 or 366"), self.cr.savepoint():
            self.env.company.relance_penalty_year_days = 400
        self.assertEqual(self.level_formal_notice.payment_deadline_days, 8)
        self.assertEqual(
            self.env.company.relance_bank_account_id.acc_number,
            "FR76 3000 6000 0112 3456 7890 189",
        )
        self.assertFalse(self.env["res.partner.bank"].search([("acc_number", "like", "7890 188")]))

    def test_bad_input_message_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        with (
            self.assertRaisesRegex(ValidationError, "au moins un jour"),
            self.cr.savepoint(),
        ):
            self.level_formal_notice.with_context(lang="fr_FR").payment_deadline_days = 0
