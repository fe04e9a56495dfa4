# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_relance_print_statement(self):
        """The customer's statement of account with the current company, today."""
        self.ensure_one()
        return self.env.ref("relance_avancee.action_report_relance_statement").report_action(
            self.commercial_partner_id, config=False
        )

    def action_relance_send_statement(self):
        """Odoo's email composer, the statement of account attached, in the
        customer's language, from the company the user works in."""
        self.ensure_one()
        customer = self.commercial_partner_id
        template = self.env.ref("relance_avancee.mail_template_relance_statement")
        company = self.env.company
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": customer.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "relance_company_name": company.name,
                "relance_company_email": company.email_formatted or self.env.user.email_formatted,
                "relance_statement_company_id": company.id,
            },
        }
