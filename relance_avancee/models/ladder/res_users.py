# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import models
from odoo.tools.safe_eval import safe_eval


class ResUsers(models.Model):
    _inherit = "res.users"

    def _relance_window_action(self, xml_id):
        """The window action ``xml_id`` as this user opens it from the menu: a
        collector (a Collections user who is no Collections manager) sees their own
        customers first (the filter My Customers on), a manager the whole book."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        user = self or self.env.user
        if not user.has_group("relance_avancee.group_relance_manager"):
            context = safe_eval(action.get("context") or "{}", {"uid": user.id})
            context["search_default_my_customers"] = 1
            action["context"] = context
        return action
