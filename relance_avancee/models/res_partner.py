# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_policy_id = fields.Many2one(
        "relance.policy",
        "Collections Policy",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Leave empty to follow the company's default policy.",
    )
    relance_hold = fields.Boolean(
        "Collections On Hold",
        company_dependent=True,
        help="No reminder is sent to this customer while the hold lasts.",
    )
    relance_hold_reason = fields.Char("Hold Reason", company_dependent=True)
    relance_hold_until = fields.Date(
        "Hold Until",
        company_dependent=True,
        help="The hold is released automatically after this date; empty: until lifted.",
    )
    relance_promise_ids = fields.One2many("relance.promise", "partner_id", "Promises to Pay")
    relance_communication_ids = fields.One2many(
        "relance.communication", "partner_id", "Collections History"
    )
    relance_communication_count = fields.Integer(compute="_compute_relance_communication_count")

    @api.depends("relance_communication_ids")
    def _compute_relance_communication_count(self):
        counts = dict(
            self.env["relance.communication"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.relance_communication_count = counts.get(partner, 0)

    def action_relance_run_now(self):
        """Run the collections ladder at once for the selected customers."""
        run = self.env["relance.run"]._run_now(partners=self)
        return run._get_result_action()
