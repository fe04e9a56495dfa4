# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class RelanceRunPreview(models.TransientModel):
    """Show what a collections run would do today, then run it for real if wanted."""

    _name = "relance.run.preview"
    _inherit = ["relance.customer.wizard.mixin"]
    _description = "Collections run preview"

    line_ids = fields.One2many("relance.run.preview.line", "preview_id", readonly=True)
    previewed = fields.Boolean(readonly=True)
    communication_count = fields.Integer(compute="_compute_totals")
    to_approve_count = fields.Integer(compute="_compute_totals")

    @api.depends("line_ids")
    def _compute_totals(self):
        for preview in self:
            preview.communication_count = len(preview.line_ids)
            preview.to_approve_count = len(preview.line_ids.filtered("requires_validation"))

    def action_preview(self):
        """Compute the run's decisions without writing them anywhere."""
        self.ensure_one()
        run = (
            self.env["relance.run"]
            .with_company(self.company_id)
            .new(
                {
                    "company_id": self.company_id.id,
                    "partner_ids": [Command.set(self.partner_ids.commercial_partner_id.ids)],
                }
            )
        )
        decisions = run._preview()
        self.previewed = True
        self.line_ids = [Command.clear()] + [
            Command.create(self.env["relance.run.preview.line"]._prepare_vals(decision))
            for decision in decisions
        ]
        return self._reopen()

    def _previewed_domain(self):
        """The domain of the records of the previewed company and customers (what the
        capabilities show the run leaves alone, after ``action_preview``'s ``super()``)."""
        domain = [("company_id", "=", self.company_id.id)]
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.commercial_partner_id.ids))
        return domain

    def action_run(self):
        """Run the ladder for real on the same customers and open the result."""
        self.ensure_one()
        if not self.env.user.has_group("relance_avancee.group_relance_user"):
            raise UserError(self.env._("Only Collections users can run collections."))
        run = self.env["relance.run"]._run_now(
            partners=self.partner_ids or None, company=self.company_id
        )
        return run._get_result_action()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            # The dialog keeps its title once it shows the preview.
            "name": self.env._("Run Collections"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
