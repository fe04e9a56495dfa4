# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError


class RelanceCustomerWizardMixin(models.AbstractModel):
    """A wizard working on the customers of one of the user's companies: the
    selected customers (opened from the customers' list) or all of them."""

    _name = "relance.customer.wizard.mixin"
    _description = "Collections wizard on a company's customers"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        check_company=True,
        help="Empty: every customer of the company.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            values["partner_ids"] = [Command.set(self.env.context.get("active_ids", []))]
        return values

    @api.constrains("company_id")
    def _check_company_of_user(self):
        # The company is chosen freely over the API: only one the user works in.
        if not self.env.su and self.company_id - self.env.user.company_ids:
            raise AccessError(
                self.env._("You can only work on the collections of your own companies.")
            )
