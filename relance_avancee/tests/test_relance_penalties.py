# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Late-payment penalties of real invoices and payments, and the penalty invoices."""

from decimal import Decimal

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..engine import penalties
from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelancePenalties(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_penalties(cls.company_data)

    def _penalty_invoices(self, date, partners=None, post=True):
        return (
            self.env["relance.penalty.invoice"]
            .create(
                {
                    "date": date,
                    "partner_ids": [(6, 0, (partners or self.business).ids)],
                    "post": post,
                }
            )
            ._create_penalty_invoices()
        )

    def test_partial_payment_lowers_the_base_from_the_next_day(self):
        # 2,400.00 due 20 June 2023, 1,000.00 paid on 5 July, computed on 20 July:
        #   21-30 June:  10 days x 2,400.00 x 12.50 % / 365 =  8.219178 (ECB 2.50 + 10)
        #   1-5 July:     5 days x 2,400.00 x 14.00 % / 365 =  4.602739 (ECB 4.00 + 10)
        #   6-20 July:   15 days x 1,400.00 x 14.00 % / 365 =  8.054794
        #   interest 20.876712 -> 20.88, plus the 40.00 indemnity
        invoice = self._post(self._invoice(self.business, 2400.0, "2023-06-20", currency=self.euro))
        self._pay(invoice, 1000.0, "2023-07-05")
        penalty = invoice._relance_penalties(fields.Date.to_date("2023-07-20"))[invoice]
        self.assertEqual(penalty.regime, penalties.FR_B2B)
        self.assertEqual(penalty.interest, Decimal("20.88"))
        self.assertEqual(penalty.indemnity, Decimal("40.00"))
        self.assertEqual(
            [(segment.days, segment.base, segment.rate) for segment in penalty.segments],
            [
                (10, Decimal("2400.0"), Decimal("12.50")),
                (5, Decimal("2400.0"), Decimal("14.00")),
                (15, Decimal("1400.0"), Decimal("14.00")),
            ],
        )

    def test_penalty_invoices_never_claim_twice(self):
        invoice = self._post(self._invoice(self.business, 2400.0, "2023-06-20", currency=self.euro))
        self._pay(invoice, 1000.0, "2023-07-05")
        first = self._penalty_invoices("2023-07-20")
        self.assertEqual(first.state, "posted")
        self.assertEqual(first.partner_id, self.business)
        self.assertEqual(
            sorted(
                (line.relance_penalty_kind, line.price_unit, line.relance_penalty_source_id.id)
                for line in first.invoice_line_ids
            ),
            [("indemnity", 40.0, invoice.id), ("interest", 20.88, invoice.id)],
        )
        self.assertFalse(first.invoice_line_ids.tax_ids, "penalties carry no VAT")
        self.assertEqual(first.amount_total, 60.88)
        self.assertEqual(
            first.invoice_line_ids.account_id,
            self.env.company.relance_interest_account_id
            | self.env.company.relance_indemnity_account_id,
        )
        self.assertEqual(invoice.relance_penalty_line_ids, first.invoice_line_ids)
        # Eleven days later, only those days: 11 x 1,400.00 x 14.00 % / 365 = 5.906849
        # -> 5.91, and no second indemnity.
        second = self._penalty_invoices("2023-07-31")
        self.assertEqual(
            [(line.relance_penalty_kind, line.price_unit) for line in second.invoice_line_ids],
            [("interest", 5.91)],
        )
        # The same day again: nothing is left to claim, nothing is created.
        count = self.env["account.move"].search_count([("move_type", "=", "out_invoice")])
        with self.assertRaisesRegex(UserError, "No late-payment penalty is left"):
            self.env["relance.penalty.invoice"].create(
                {"date": "2023-07-31", "partner_ids": [(6, 0, self.business.ids)]}
            ).action_create_invoices()
        self.assertEqual(
            self.env["account.move"].search_count([("move_type", "=", "out_invoice")]), count
        )

    def test_cancelled_penalty_invoice_frees_its_days(self):
        invoice = self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        first = self._penalty_invoices("2024-03-01")
        first.button_cancel()
        again = self._penalty_invoices("2024-03-01")
        # 30 days at 14.50 %: 11.92, and the indemnity (the example).
        self.assertEqual(again.amount_total, 51.92)
        self.assertEqual(invoice.relance_penalty_line_ids.move_id, first | again)

    def test_invoice_paid_late_is_claimed_once_paid(self):
        # Paid in full 30 days late (the example): 11.92 + 40.00.
        invoice = self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        self._pay(invoice, 1000.0, "2024-03-01")
        self.assertEqual(invoice.payment_state, "paid")
        claim = self._penalty_invoices("2024-06-30")
        self.assertEqual(claim.amount_total, 51.92)
        # A paid invoice accrues nothing more.
        with self.assertRaises(UserError):
            self.env["relance.penalty.invoice"].create(
                {"date": "2024-12-31", "partner_ids": [(6, 0, self.business.ids)]}
            ).action_create_invoices()

    def test_invoice_paid_on_time_owes_nothing(self):
        invoice = self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        self._pay(invoice, 1000.0, "2024-01-31")
        self.assertEqual(
            invoice._relance_penalties(fields.Date.to_date("2024-06-30"))[invoice].total,
            Decimal("0.00"),
        )

    def test_penalty_invoices_bear_no_penalty(self):
        self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        claim = self._penalty_invoices("2024-03-01")
        self.assertEqual(claim.amount_total, 51.92)
        # Months later the penalty invoice is overdue itself: it earns nothing.
        self.assertFalse(claim._relance_penalties(fields.Date.to_date("2024-12-31")))
        later = self._penalty_invoices("2024-03-31")
        self.assertEqual(
            later.invoice_line_ids.relance_penalty_source_id,
            claim.invoice_line_ids.relance_penalty_source_id,
        )

    def test_credit_note_is_not_a_late_payment(self):
        # Fully reversed: nothing was ever owed.
        reversed_invoice = self._post(
            self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro)
        )
        reversed_invoice._reverse_moves(
            [{"invoice_date": "2024-03-01", "date": "2024-03-01"}], cancel=True
        )
        self.assertEqual(reversed_invoice.payment_state, "reversed")
        self.assertFalse(reversed_invoice._relance_penalties(fields.Date.to_date("2024-03-10")))
        # Credited 400.00 on 1 March: the 600.00 left was owed from the start:
        # 600.00 x 14.50 % x 30 / 365 = 7.150684 -> 7.15 on 1 March, plus 40.00.
        invoice = self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        refund = self._post(
            self._invoice(
                self.business, 400.0, "2024-03-01", move_type="out_refund", currency=self.euro
            )
        )
        (self._receivable(invoice) | self._receivable(refund)).reconcile()
        penalty = invoice._relance_penalties(fields.Date.to_date("2024-03-01"))[invoice]
        self.assertEqual(penalty.interest, Decimal("7.15"))
        self.assertEqual(penalty.indemnity, Decimal("40.00"))

    def test_late_instalment_claimed_before_the_invoice_is_due(self):
        # 1,000.00 in two halves due 31 January and 31 March 2024; on 1 March only the
        # first is late: 500.00 x 14.50 % x 30 / 365 = 5.958904 -> 5.96, plus 40.00.
        terms = self.env["account.payment.term"].create(
            {
                "name": "Two halves",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 50.0, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 50.0, "nb_days": 60}),
                ],
            }
        )
        invoice = self._post(
            self._invoice(
                self.business, 1000.0, "2024-01-31", payment_term=terms, currency=self.euro
            )
        )
        claim = self._penalty_invoices("2024-03-01")
        self.assertEqual(claim.amount_total, 45.96)
        self.assertEqual(claim.invoice_line_ids.relance_penalty_source_id, invoice)

    def test_excluded_and_disputed_invoices_are_not_claimed(self):
        excluded, disputed = self._post(
            [
                self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro),
                self._invoice(self.business, 500.0, "2024-01-31", currency=self.euro),
            ]
        )
        excluded.relance_excluded = True
        self.env["relance.dispute"].create(
            {"move_id": disputed.id, "reason": "quality", "date_start": "2024-02-15"}
        )
        with self.assertRaisesRegex(UserError, "No late-payment penalty is left"):
            self.env["relance.penalty.invoice"].create(
                {"date": "2024-03-01", "partner_ids": [(6, 0, self.business.ids)]}
            ).action_create_invoices()

    def test_regime_per_customer(self):
        company = self.env.company
        self.assertEqual(self.business._relance_penalty_regime(company), penalties.FR_B2B)
        self.assertEqual(self.consumer._relance_penalty_regime(company), penalties.FR_CONSUMER)
        self.business.relance_public_body = True
        self.assertEqual(self.business._relance_penalty_regime(company), penalties.FR_PUBLIC)
        self.business.relance_penalty_regime = "none"
        self.assertFalse(self.business._relance_penalty_regime(company))
        company.country_id = self.env.ref("base.be")
        self.assertEqual(self.consumer._relance_penalty_regime(company), penalties.BE_CONSUMER)
        company.country_id = self.env.ref("base.de")
        self.assertFalse(self.consumer._relance_penalty_regime(company))
        self.consumer.relance_penalty_regime = penalties.FR_CONSUMER
        self.assertEqual(self.consumer._relance_penalty_regime(company), penalties.FR_CONSUMER)

    def test_public_purchaser_rate_fixed_for_the_whole_delay(self):
        # Public purchaser: ECB rate of the half-year in which interest starts + 8, for
        # the whole delay: due 15 June 2023, computed 15 August 2023 (61 days):
        # 1,000.00 x (2.50 + 8) % x 61 / 365 = 17.547945 -> 17.55, plus 40.00.
        self.business.relance_public_body = True
        invoice = self._post(self._invoice(self.business, 1000.0, "2023-06-15", currency=self.euro))
        penalty = invoice._relance_penalties(fields.Date.to_date("2023-08-15"))[invoice]
        self.assertEqual(penalty.interest, Decimal("17.55"))
        self.assertEqual(penalty.indemnity, Decimal("40.00"))

    def test_french_consumer_owes_interest_from_the_formal_notice_only(self):
        invoice = self._post(self._invoice(self.consumer, 1000.0, "2024-01-31", currency=self.euro))
        self.assertNotIn(invoice, invoice._relance_penalties(fields.Date.to_date("2024-06-30")))

    def test_contractual_rate_under_the_floor_is_raised(self):
        # 2024-H1 French legal rate 5.07 %: the floor is 15.21 %; a contractual 10 %
        # gives way to it: 1,000.00 x 15.21 % x 30 / 365 = 12.501369 -> 12.50.
        self.business.relance_contractual_rate = 10.0
        invoice = self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        penalty = invoice._relance_penalties(fields.Date.to_date("2024-03-01"))[invoice]
        self.assertEqual(penalty.interest, Decimal("12.50"))

    def test_missing_rate_is_a_clear_error(self):
        self.business.relance_contractual_rate = 20.0
        invoice = self._post(self._invoice(self.business, 1000.0, "2026-06-20", currency=self.euro))
        # No French legal rate is shipped for 2026-H2: an error naming it, never 0.
        with self.assertRaisesRegex(UserError, "French legal interest rate .* 2026-07-01"):
            invoice._relance_penalties(fields.Date.to_date("2026-07-10"))
        self.business.relance_contractual_rate = 0.0
        penalty = invoice._relance_penalties(fields.Date.to_date("2026-07-10"))[invoice]
        # The ECB rate of 2026-H2 is shipped (2.40): 10 days at 12.15 % then 12.40 %:
        # 1,000.00 x (12.15 % x 10 + 12.40 % x 10) / 365 = 6.726027 -> 6.73
        self.assertEqual(penalty.interest, Decimal("6.73"))

    def test_penalty_accounts_required(self):
        self.env.company.relance_interest_account_id = False
        self._post(self._invoice(self.business, 1000.0, "2024-01-31", currency=self.euro))
        with self.assertRaisesRegex(UserError, "accounts"):
            self._penalty_invoices("2024-03-01")

    def test_the_customers_collections_tab_shows_the_penalties_to_date(self):
        # The first test's invoice: 20.88 interest and the 40.00 indemnity on 20 July,
        # in euros; the tab shows them in the company's currency.
        invoice = self._post(self._invoice(self.business, 2400.0, "2023-06-20", currency=self.euro))
        self._pay(invoice, 1000.0, "2023-07-05")
        company = self.env.company
        with freeze_time("2023-07-20"):
            standing = self.business.with_company(company)
            self.assertEqual(standing.relance_open_line_ids.move_id, invoice)
            day = fields.Date.to_date("2023-07-20")
            self.assertAlmostEqual(
                standing.relance_interest_to_date,
                self.euro._convert(20.88, company.currency_id, company, day),
                places=2,
            )
            self.assertAlmostEqual(
                standing.relance_indemnity_to_date,
                self.euro._convert(40.0, company.currency_id, company, day),
                places=2,
            )
            self.assertFalse(standing.relance_penalty_warning)
