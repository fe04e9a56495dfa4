# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from ast import literal_eval

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

    def test_receivables_action_lists_only_open_receivable_lines(self):
        invoice = self.init_invoice("out_invoice", amounts=[1000.0], post=True)
        bill = self.init_invoice("in_invoice", amounts=[500.0], post=True)
        action = self.env.ref("relance_avancee.action_relance_receivable_lines")
        lines = (
            self.env["account.move.line"]
            .with_user(self.collections_user)
            .search(literal_eval(action.domain))
        )
        receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertIn(receivable, lines)
        self.assertFalse(lines & bill.line_ids)
