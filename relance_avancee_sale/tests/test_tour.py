# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.relance_avancee.tests.common import TourScreenshotMixin


@tagged("post_install", "-at_install")
class TestSaleCreditTour(TourScreenshotMixin, HttpCase):
    def test_salesperson_meets_a_credit_hold_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["sale", "relance_avancee", "relance_avancee_sale"], ["fr_FR"]
        )
        company = self.env.company
        company.write({"account_use_credit_limit": True, "relance_credit_check": "block"})
        seller = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Sacha Seller",
                    "login": "sacha",
                    "password": "sacha-pass-2026",
                    "lang": "fr_FR",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(self.env.ref("sales_team.group_sale_salesman").ids)],
                }
            )
        )
        customer = self.env["res.partner"].create(
            {"name": "Menuiserie Dupont SARL", "is_company": True}
        )
        self.env["relance.credit.hold"].create(
            {"partner_id": customer.id, "reason": "Chèque revenu impayé"}
        )
        product = self.env["product.product"].create(
            {"name": "Pose de fenêtre", "type": "service", "list_price": 450.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": seller.id,
                "order_line": [Command.create({"product_id": product.id, "tax_id": []})],
            }
        )
        # The refusal is a UserError: Odoo logs it as a warning of the request.
        with mute_logger("odoo.http"):
            screenshot = self._start_tour_with_screenshot(
                f"/odoo/sale.order/{order.id}",
                "relance_avancee_sale_credit_tour",
                "quotation_on_credit_hold",
                login="sacha",
            )
        self.assertTrue(screenshot.exists())
        self.assertEqual(order.state, "draft")
        self.assertTrue(customer.relance_credit_hold)
