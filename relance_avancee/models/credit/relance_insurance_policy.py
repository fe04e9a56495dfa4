# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ...engine import insurance


class RelanceInsurancePolicy(models.Model):
    """The company's credit insurance contract and the declaration deadlines it sets.

    The covers the insurer agreed per customer are kept apart (relance.insurance.cover):
    they change during the contract, customer by customer."""

    _name = "relance.insurance.policy"
    _inherit = ["relance.checked.mixin", "relance.period.mixin", "mail.thread"]
    _description = "Credit insurance policy"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    insurer_id = fields.Many2one("res.partner", required=True, tracking=True)
    policy_number = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date("Start", required=True, tracking=True)
    date_end = fields.Date("End", tracking=True, help="Leave empty while it is renewed.")
    days_declare_overdue = fields.Integer(
        "Days to Declare an Unpaid Debt",
        tracking=True,
        help="The policy's deadline for declaring an insured item still unpaid, in days "
        "counted from its due date. Read it in your policy's conditions.",
    )
    days_declare_proceeding = fields.Integer(
        "Days to Declare a Proceeding",
        tracking=True,
        help="The policy's deadline for declaring an insured customer's collective "
        "proceeding, in days counted from the day you learnt of it (the public registers "
        "check that found it).",
    )
    days_warn_before = fields.Integer(
        "Plan the Activity (Days Before)",
        default=7,
        help="The accountant's activity to declare is planned this many days before the "
        "deadline (our default, change it to your way of working).",
    )
    user_id = fields.Many2one(
        "res.users",
        "Accountant",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="The accountant the declaration activities are planned for.",
    )
    credit_limit_follows_cover = fields.Boolean(
        "Credit Limit Follows the Cover",
        help="When a cover is agreed or changed, the customer's credit limit becomes the "
        "amount covered.",
    )
    cover_ids = fields.One2many("relance.insurance.cover", "policy_id", "Covers")
    cover_count = fields.Integer(compute="_compute_cover_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "policy_number_unique",
            "unique(company_id, insurer_id, policy_number)",
            "This insurer's policy number is already recorded for this company.",
        )
    ]

    @api.depends("insurer_id", "policy_number")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = f"{policy.insurer_id.name or ''} {policy.policy_number or ''}"

    def _compute_cover_count(self):
        counts = dict(
            self.env["relance.insurance.cover"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.cover_count = counts.get(policy, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for policy in self:
            if policy.date_end and policy.date_end < policy.date_start:
                raise ValidationError(
                    self.env._(
                        "The policy %(policy)s cannot end (%(end)s) before it starts "
                        "(%(start)s).",
                        policy=policy.display_name,
                        end=format_date(self.env, policy.date_end),
                        start=format_date(self.env, policy.date_start),
                    )
                )
            overlapping = policy._overlapping(
                [
                    ("company_id", "=", policy.company_id.id),
                    ("insurer_id", "=", policy.insurer_id.id),
                ]
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "%(policy)s runs at the same time as %(other)s with the same "
                        "insurer: end one before the other starts.",
                        policy=policy.display_name,
                        other=overlapping[0].display_name,
                    )
                )

    @api.constrains("days_declare_overdue", "days_declare_proceeding", "days_warn_before")
    def _check_days(self):
        for policy in self:
            if policy.days_declare_overdue <= 0 or policy.days_declare_proceeding <= 0:
                raise ValidationError(
                    self.env._(
                        "Fill in both declaration deadlines of %(policy)s, in days (more "
                        "than 0), as your policy's conditions set them: for an unpaid debt "
                        "from its due date, for a proceeding from the day you learn of it.",
                        policy=policy.display_name,
                    )
                )
            if policy.days_warn_before < 0:
                raise ValidationError(
                    self.env._(
                        "The activity of %(policy)s cannot be planned after the deadline: "
                        "the days before it must be 0 or more.",
                        policy=policy.display_name,
                    )
                )

    def _state(self, day):
        self.ensure_one()
        return insurance.cover_state(self.date_start, self.date_end, day)

    @api.model
    def _running(self, company, day):
        """The policies of ``company`` running on ``day``."""
        return self.search([("company_id", "=", company.id)]).filtered(
            lambda policy: policy._state(day) == insurance.ACTIVE
        )

    def action_open_covers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Covers"),
            "res_model": "relance.insurance.cover",
            "view_mode": "list,form",
            "domain": [("policy_id", "=", self.id)],
            "context": {"default_policy_id": self.id},
        }
