# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.relance_avancee.tests.test_relance_credit_check import RelanceCreditCommon


@tagged("post_install", "-at_install")
class TestRelanceSaleCredit(RelanceCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls._create_relance_user("seller", "sales_team.group_sale_salesman")
        cls.product_a.invoice_policy = "order"

    def _quotation(self, amount, partner=None, user=None, currency=None):
        vals = {
            "partner_id": (partner or self.business).id,
            "order_line": [
                Command.create(
                    {
                        "product_id": self.product_a.id,
                        "product_uom_qty": 2,
                        "price_unit": amount / 2,
                        "tax_id": [],
                    }
                )
            ],
        }
        if currency:
            vals["pricelist_id"] = (
                self.env["product.pricelist"].create({"name": "EUR", "currency_id": currency.id}).id
            )
        return self.env["sale.order"].with_user(user or self.env.user).create(vals)

    @freeze_time("2026-03-10")
    def test_confirmed_orders_count_in_the_exposure_quotations_do_not(self):
        self._quotation(900)
        order = self._quotation(400)
        order.action_confirm()
        self.assertRecordValues(
            self._exposure(self.business), [{"amount_orders": 400.0, "amount_total": 400.0}]
        )
        invoice = order._create_invoices()
        self.env["relance.credit.exposure"]._refresh(self.company)
        self.assertRecordValues(
            self._exposure(self.business),
            [{"amount_orders": 0.0, "amount_draft": 400.0, "amount_total": 400.0}],
        )
        invoice.action_post()
        self.assertRecordValues(
            self._exposure(self.business),
            [{"amount_orders": 0.0, "amount_receivable": 400.0, "amount_total": 400.0}],
        )

    @freeze_time("2026-03-10")
    def test_warn_mode_confirms_and_says_so_without_amounts(self):
        self._post([self._invoice(self.business, 800, "2026-03-01")])
        order = self._quotation(300)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        note = order.message_ids.filtered(lambda m: "Credit check" in (m.body or ""))
        self.assertIn("passed with a warning", note.body)
        self.assertIn("over the credit limit", note.body)
        self.assertNotIn("1,100", note.body)

    @freeze_time("2026-03-10")
    def test_block_mode_refuses_the_quotation_that_goes_over(self):
        self.company.relance_credit_check = "block"
        self._post([self._invoice(self.business, 800, "2026-03-01")])
        self._quotation(200).action_confirm()
        order = self._quotation(10)
        with self.assertRaisesRegex(UserError, "over the credit limit"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        # An invoice for the customer is now refused too: the order counts.
        with self.assertRaises(UserError):
            self.env["account.move"].create(
                self._invoice(self.business, 1, "2026-03-10")
            ).action_post()

    @freeze_time("2026-03-10")
    def test_foreign_currency_order_at_todays_rate(self):
        self.company.relance_credit_check = "block"
        order = self._quotation(1900, currency=self.eur)  # 950 USD
        order.action_confirm()
        self.assertEqual(self._exposure(self.business).amount_orders, 950.0)

    @freeze_time("2026-03-10")
    def test_hold_blocks_confirmation_until_the_quotation_is_authorised(self):
        self.company.relance_credit_check = "block"
        self.env["relance.credit.hold"].create({"partner_id": self.business.id, "reason": "x"})
        order = self._quotation(100)
        with self.assertRaisesRegex(UserError, "on credit hold"):
            order.action_confirm()
        self.env["relance.credit.authorisation"].create(
            {
                "partner_id": self.business.id,
                "scope": "document",
                "sale_order_id": order.id,
                "date_expiry": "2026-03-10",
                "reason": "Paid by card at the counter",
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertIn(
            "authorisation",
            order.message_ids.filtered(lambda m: "Credit check" in (m.body or "")).body,
        )

    @freeze_time("2026-03-10")
    def test_salesperson_sees_hold_and_light_not_amounts_and_cannot_authorise(self):
        self.company.relance_credit_check = "block"
        self._post([self._invoice(self.business, 900, "2026-03-01")])
        self.env["relance.credit.hold"].create({"partner_id": self.business.id, "reason": "x"})
        order = self._quotation(50, user=self.seller)
        self.assertRecordValues(
            order, [{"relance_credit_hold": True, "relance_credit_light": "amber"}]
        )
        self.assertEqual(self.business.with_user(self.seller).relance_credit_light, "amber")
        with self.assertRaises(AccessError):
            order.read(["relance_exposure_total"])
        with self.assertRaises(AccessError):
            self.business.with_user(self.seller).read(["relance_exposure_total"])
        with self.assertRaises(AccessError):
            self.env["relance.credit.authorisation"].with_user(self.seller).create(
                {
                    "partner_id": self.business.id,
                    "scope": "period",
                    "date_expiry": "2026-03-31",
                    "reason": "x",
                }
            )
        with self.assertRaises(UserError) as refusal:
            order.action_confirm()
        self.assertIn("on credit hold", str(refusal.exception))
        self.assertNotIn("900", str(refusal.exception))
        self.assertEqual(order.state, "draft")
