# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RelanceCommon


class RelanceCreditCommon(RelanceCommon):
    """A company using credit limits, a customer with a limit of 1,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.account_use_credit_limit = True
        cls.business.credit_limit = 1000
        # 1 USD (the company's currency) is 2 EUR at the test's dates.
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 2.0)])

    def _draft(self, partner, amount, date="2026-03-01", **kwargs):
        return self.env["account.move"].create(self._invoice(partner, amount, date, **kwargs))

    def _exposure(self, partner, company=None):
        self.env.invalidate_all()
        return self.env["relance.credit.exposure"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", (company or self.company).id)]
        )


@tagged("post_install", "-at_install")
class TestRelanceCreditExposure(RelanceCreditCommon):
    @freeze_time("2026-03-10")
    def test_exposure_sums_receivables_drafts_and_currencies_at_todays_rate(self):
        self._post([self._invoice(self.business, 300, "2026-03-01")])
        # 200 EUR are 100 USD at today's rate.
        self._post([self._invoice(self.business, 200, "2026-03-01", currency=self.eur)])
        self._post([self._invoice(self.business, 50, "2026-03-02", move_type="out_refund")])
        self._draft(self.business, 120)
        self.env["relance.credit.exposure"]._refresh(self.company)
        self.assertRecordValues(
            self._exposure(self.business),
            [
                {
                    "amount_receivable": 350.0,
                    "amount_draft": 120.0,
                    "amount_orders": 0.0,
                    "amount_total": 470.0,
                    "over_limit": False,
                }
            ],
        )
        self.assertEqual(self.business.relance_credit_light, "green")

    @freeze_time("2026-03-10")
    def test_exposure_is_per_company(self):
        company_2 = self.setup_other_company()["company"]
        self._post([self._invoice(self.business, 900, "2026-03-01")])
        self._post(
            [self._invoice(self.business, 400, "2026-03-01", company=company_2)], company=company_2
        )
        self.assertEqual(self._exposure(self.business).amount_total, 900.0)
        self.assertEqual(self._exposure(self.business, company_2).amount_total, 400.0)
        self.assertEqual(self.business.with_company(company_2).relance_exposure_total, 400.0)
        self.assertEqual(self.business.relance_credit_light, "amber")

    @freeze_time("2026-03-10")
    def test_posting_and_payment_refresh_the_stored_exposure(self):
        invoice = self._post([self._invoice(self.business, 1200, "2026-03-01")])
        self.assertRecordValues(
            self._exposure(self.business), [{"amount_total": 1200.0, "over_limit": True}]
        )
        self.assertEqual(self.business.relance_credit_light, "red")
        over = self.env["res.partner"].search([("relance_over_limit", "=", True)])
        self.assertIn(self.business, over)
        self._pay(invoice, 700, "2026-03-10")
        self.assertRecordValues(
            self._exposure(self.business), [{"amount_total": 500.0, "over_limit": False}]
        )
        self.assertNotIn(
            self.business, self.env["res.partner"].search([("relance_over_limit", "=", True)])
        )

    @freeze_time("2026-03-10")
    def test_a_lower_limit_moves_the_customer_over_it(self):
        self._post([self._invoice(self.business, 800, "2026-03-01")])
        self.business.credit_limit = 500
        self.assertTrue(self._exposure(self.business).over_limit)
        self.business.credit_limit = 0  # no limit, as in Odoo
        self.assertFalse(self._exposure(self.business).over_limit)
        self.assertEqual(self.business.relance_credit_light, "none")


@tagged("post_install", "-at_install")
class TestRelanceCreditCheckOnPosting(RelanceCreditCommon):
    @freeze_time("2026-03-10")
    def test_warn_mode_posts_and_says_so(self):
        self._post([self._invoice(self.business, 800, "2026-03-01")])
        invoice = self._draft(self.business, 300)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        note = invoice.message_ids.filtered(lambda m: "Credit check" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("passed with a warning", note.body)
        self.assertIn("over the credit limit", note.body)

    @freeze_time("2026-03-10")
    def test_block_mode_refuses_the_invoice_that_goes_over(self):
        self.company.relance_credit_check = "block"
        self._post([self._invoice(self.business, 800, "2026-03-01")])
        within = self._draft(self.business, 200)
        within.action_post()
        self.assertEqual(within.state, "posted")
        over = self._draft(self.business, 0.01)
        with self.assertRaisesRegex(UserError, "over the credit limit"):
            over.action_post()
        self.assertEqual(over.state, "draft")
        self.assertEqual(self._exposure(self.business).amount_total, 1000.0)

    @freeze_time("2026-03-10")
    def test_block_mode_judges_a_batch_in_order_and_posts_none_if_one_is_refused(self):
        self.company.relance_credit_check = "block"
        first = self._draft(self.business, 600, "2026-03-01")
        second = self._draft(self.business, 600, "2026-03-02")
        with self.assertRaisesRegex(UserError, second.display_name):
            (first | second).action_post()
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])

    @freeze_time("2026-03-10")
    def test_drafts_of_the_customer_count_but_not_the_invoice_itself(self):
        self.company.relance_credit_check = "block"
        self._draft(self.business, 700)
        invoice = self._draft(self.business, 300)
        invoice.action_post()  # 700 + 300 = 1,000: at the limit, not over
        self.assertEqual(invoice.state, "posted")
        with self.assertRaisesRegex(UserError, "Garage Durand"):
            self._draft(self.business, 10).action_post()

    @freeze_time("2026-03-10")
    def test_foreign_currency_invoice_is_judged_at_todays_rate(self):
        self.company.relance_credit_check = "block"
        # 1,900 EUR are 950 USD: within the 1,000 USD limit.
        invoice = self._draft(self.business, 1900, currency=self.eur)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        with self.assertRaises(UserError):
            self._draft(self.business, 200, currency=self.eur).action_post()

    @freeze_time("2026-03-10")
    def test_off_mode_checks_nothing(self):
        self.company.relance_credit_check = "off"
        invoice = self._draft(self.business, 5000)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(invoice.message_ids.filtered(lambda m: "Credit check" in (m.body or "")))
        self.assertEqual(self._exposure(self.business).amount_total, 5000.0)

    @freeze_time("2026-03-10")
    def test_credit_notes_and_supplier_bills_are_never_refused(self):
        self.company.relance_credit_check = "block"
        self._post([self._invoice(self.business, 1000, "2026-03-01")])
        refund = self._draft(self.business, 100, move_type="out_refund")
        refund.action_post()
        self.assertEqual(refund.state, "posted")
        self.assertEqual(self._exposure(self.business).amount_total, 900.0)

    @freeze_time("2026-03-10")
    def test_posting_costs_at_most_five_queries_more_than_odoo(self):
        """The check and the stored exposure against Odoo's own posting (account's
        ``_post``, reached past this addon's override in the class hierarchy)."""
        self.company.relance_credit_check = "block"
        self._post([self._invoice(self.business, 100, "2026-03-01")])
        odoo_post = next(
            klass._post
            for klass in type(self.env["account.move"]).__mro__
            if klass.__module__ == "odoo.addons.account.models.account_move"
        )
        baseline_invoice, invoice = self._draft(self.business, 100), self._draft(self.business, 100)
        self.env.flush_all()
        before = self.cr.sql_log_count
        odoo_post(baseline_invoice, soft=False)
        self.env.flush_all()
        baseline = self.cr.sql_log_count - before
        with self.assertQueryCount(baseline + 5):
            invoice._post(soft=False)
            self.env.flush_all()
        self.assertEqual(invoice.state, "posted")
