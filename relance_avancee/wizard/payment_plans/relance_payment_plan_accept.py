# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import ValidationError


class RelancePaymentPlanAccept(models.TransientModel):
    """The customer signed the plan on paper: the scanned copy is kept on the plan,
    which then runs."""

    _name = "relance.payment.plan.accept"
    _description = "Record the signed copy of a payment plan"

    plan_id = fields.Many2one("relance.payment.plan", required=True, ondelete="cascade")
    signed_by = fields.Char(required=True, help="The name of the person who signed.")
    signed_copy = fields.Binary(required=True, attachment=False)
    signed_copy_name = fields.Char()

    def action_accept(self):
        self.ensure_one()
        if not self.signed_copy:
            raise ValidationError(self.env._("Attach the signed copy of the payment plan."))
        plan = self.plan_id
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.signed_copy_name or self.env._("%(plan)s signed.pdf", plan=plan.name),
                "datas": self.signed_copy,
                "res_model": plan._name,
                "res_id": plan.id,
            }
        )
        plan._activate("paper", self.signed_by, attachment=attachment)
        return {"type": "ir.actions.act_window_close"}
