# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestSecurity(RelanceCommon):
    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_collections_user_can_invoice(self):
        self.assertTrue(self.collections_user.has_group("account.group_account_invoice"))
        self.assertFalse(self.collections_user.has_group("relance_avancee.group_relance_manager"))

    def test_accounting_administrator_is_collections_manager(self):
        self.collections_user.groups_id = [
            Command.link(self.env.ref("account.group_account_manager").id)
        ]
        self.assertTrue(self.collections_user.has_group("relance_avancee.group_relance_manager"))
        self.assertTrue(self.collections_user.has_group("relance_avancee.group_relance_user"))

    def test_collections_menu_visible_to_collections_user(self):
        menu = self.env.ref("relance_avancee.menu_relance_root")
        self.assertIn(menu.id, self._visible_menus(self.collections_user))
        self.assertIn(
            self.env.ref("relance_avancee.menu_relance_receivable_lines").id,
            self._visible_menus(self.collections_user),
        )

    def test_collections_menu_hidden_from_salesperson(self):
        menu = self.env.ref("relance_avancee.menu_relance_root")
        self.assertNotIn(menu.id, self._visible_menus(self.salesperson))

    def test_receivables_to_collect_lists_only_overdue_customer_receivables(self):
        invoice = self.init_invoice(
            "out_invoice", amounts=[1000.0], invoice_date="2026-01-05", post=True
        )
        bill = self.init_invoice(
            "in_invoice", amounts=[500.0], invoice_date="2026-01-05", post=True
        )
        action = self.env.ref("relance_avancee.action_relance_receivable_lines")
        self.assertEqual(action.res_model, "relance.worklist")
        rows = self.env["relance.worklist"].with_user(self.collections_user).search([])
        self.assertIn(self._receivable(invoice), rows.move_line_id)
        self.assertFalse(rows.move_line_id & bill.line_ids)
