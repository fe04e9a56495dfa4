# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ...tools.exceptions import UnverifiedRates


class RelancePenaltyInvoice(models.TransientModel):
    """Invoice the late-payment penalties accrued up to a date, one invoice per
    customer and currency: the user's choices, for
    ``account.move._relance_create_penalty_invoices``, which holds the rules."""

    _name = "relance.penalty.invoice"
    _inherit = ["relance.customer.wizard.mixin"]
    _description = "Invoice late-payment penalties"

    date = fields.Date(
        "Penalties Up To",
        required=True,
        default=fields.Date.context_today,
        help="Interest is claimed up to this day included; it is also the invoices' date.",
    )
    post = fields.Boolean(
        "Post the Invoices", help="Unticked, the penalty invoices are left in draft for review."
    )

    def action_create_invoices(self):
        self.ensure_one()
        try:
            invoices = self._create_penalty_invoices()
        except UnverifiedRates as unverified:
            return self.env["relance.unverified.rate.confirm"]._ask(self, str(unverified))
        if not invoices:
            raise UserError(
                self.env._(
                    "No late-payment penalty is left to claim up to %(date)s.",
                    date=format_date(self.env, self.date),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Penalty Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", invoices.ids)],
        }

    def _create_penalty_invoices(self):
        """Create (and post if asked) the penalty invoices; return them."""
        return self.env["account.move"]._relance_create_penalty_invoices(
            self.company_id, self.date, customers=self.partner_ids, post=self.post
        )
