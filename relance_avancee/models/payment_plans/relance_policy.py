# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a collections policy says about payment plans: the grace after a missed
instalment, the reminder before each, the level at which a broken plan resumes."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RelancePolicy(models.Model):
    _inherit = "relance.policy"

    plan_grace_days = fields.Integer(
        "Grace Days",
        default=5,
        help="A payment plan is broken when an instalment is still unpaid this many days "
        "after its date (with 5, an instalment of 10 March unpaid on 16 March).",
    )
    plan_reminder_days = fields.Integer(
        "Reminder Before Instalments",
        help="Days before each instalment of a running plan at which the customer gets a "
        "reminder email. 0: no reminder.",
    )
    plan_acceptance_days = fields.Integer(
        "Days to Accept",
        default=15,
        help="How long the customer may accept a proposed payment plan online, from the "
        "day it is proposed.",
    )
    plan_resume_level_id = fields.Many2one(
        "relance.level",
        "Broken Plans Resume At",
        domain="[('policy_id', '=', id)]",
        help="The level at which collections resume on the invoices of a broken payment "
        "plan. Empty: the policy's first formal notice, else its last level.",
    )

    _sql_constraints = [
        (
            "plan_days_positive",
            "CHECK(plan_grace_days >= 0 AND plan_reminder_days >= 0 AND plan_acceptance_days >= 0)",
            "The grace, reminder and acceptance days of payment plans cannot be negative.",
        ),
    ]

    @api.constrains("plan_resume_level_id")
    def _check_plan_resume_level(self):
        for policy in self.filtered("plan_resume_level_id"):
            if policy.plan_resume_level_id.policy_id != policy:
                raise ValidationError(
                    self.env._(
                        "Broken payment plans of %(policy)s can only resume at one of its own "
                        "levels: %(level)s is a level of another policy.",
                        policy=policy.name,
                        level=policy.plan_resume_level_id.display_name,
                    )
                )

    def _plan_resume_level(self):
        """The level broken plans resume at: the chosen one, else the first formal
        notice, else the last level (none for no policy)."""
        if not self:
            return self.env["relance.level"]
        self.ensure_one()
        levels = self.level_ids.sorted("sequence")
        return self.plan_resume_level_id or levels.filtered("formal_notice")[:1] or levels[-1:]
