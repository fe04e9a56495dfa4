# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The payment plan (échéancier): a customer's invoices spread over instalments,
agreed in writing; while it runs, collections leave its invoices alone.

This file holds the plan itself; what it refuses is in ``relance_payment_plan_check.py``,
its acceptance in ``relance_payment_plan_acceptance.py``, its other states in
``relance_payment_plan_state.py``, the daily check in
``relance_payment_plan_scheduled.py``, the schedule's rules in ``engine/schedule.py``.
"""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import schedule

PLAN_STATES = [
    ("draft", "Draft"),
    ("proposed", "Proposed"),
    ("active", "Active"),
    ("completed", "Completed"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]
# The states in which a plan holds its invoices: no second plan may take them.
OPEN_STATES = ("draft", "proposed", "active")


class RelancePaymentPlan(models.Model):
    _name = "relance.payment.plan"
    _description = "Payment plan"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True, required=True
    )
    move_ids = fields.Many2many(
        "account.move",
        "relance_payment_plan_move_rel",
        "plan_id",
        "move_id",
        "Invoices",
        required=True,
        check_company=True,
        copy=False,
    )
    penalty_move_id = fields.Many2one(
        "account.move",
        "Penalty Invoice",
        readonly=True,
        copy=False,
        help="The invoice of the late-payment penalties claimed with the plan, created when "
        "the plan is accepted.",
    )
    instalment_ids = fields.One2many(
        "relance.payment.plan.instalment", "plan_id", "Instalments", copy=True
    )
    state = fields.Selection(
        PLAN_STATES, required=True, default="draft", readonly=True, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Accountant",
        default=lambda self: self.env.user,
        help="Who follows the plan: the broken plan's activity is theirs.",
    )
    amount_invoices = fields.Monetary(
        "Invoices' Residual",
        readonly=True,
        help="What the invoices owed when the plan was drawn up.",
    )
    include_penalties = fields.Boolean(
        "Claim the Penalties",
        help="Add to the plan the late-payment penalties and recovery indemnity accrued to "
        "the day it is drawn up; they are invoiced when the plan is accepted.",
    )
    amount_penalties = fields.Monetary(
        "Penalties",
        readonly=True,
        help="The late-payment penalties and recovery indemnity accrued up to the penalty "
        "date, invoiced when the plan is accepted.",
    )
    penalty_date = fields.Date(
        "Penalties Up To", readonly=True, help="The day up to which the penalties were counted."
    )
    amount_total = fields.Monetary(
        "Total",
        readonly=True,
        help="What the plan spreads: the invoices' residual plus the penalties claimed with it.",
    )
    amount_paid = fields.Monetary(compute="_compute_amounts")
    amount_left = fields.Monetary("Left to Pay", compute="_compute_amounts")
    next_date = fields.Date("Next Instalment", compute="_compute_amounts")
    next_amount = fields.Monetary(compute="_compute_amounts")
    first_date = fields.Date(compute="_compute_first_date", store=True)
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    note = fields.Text("Terms", help="Anything the customer and you agreed besides the schedule.")

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for plan in self:
            plan.access_url = f"/my/payment_plans/{plan.id}"

    @api.depends("move_ids")
    def _compute_currency_id(self):
        for plan in self:
            plan.currency_id = plan.move_ids[:1].currency_id or plan.company_id.currency_id

    @api.depends("move_ids")
    def _compute_invoice_count(self):
        for plan in self:
            plan.invoice_count = len(plan.move_ids)

    def action_open_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices of %(plan)s", plan=self.name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.move_ids.ids)],
            "context": {"create": False},
        }

    @api.depends("instalment_ids.date")
    def _compute_first_date(self):
        for plan in self:
            plan.first_date = min(plan.instalment_ids.mapped("date"), default=False)

    @api.depends("instalment_ids.amount", "move_ids.amount_residual", "amount_total", "state")
    def _compute_amounts(self):
        for plan in self:
            statuses = plan._instalment_statuses()
            plan.amount_paid = float(sum((status.paid for status in statuses), Decimal("0")))
            plan.amount_left = plan.amount_total - plan.amount_paid
            following = schedule.next_unpaid(statuses)
            plan.next_date = following.instalment.date if following else False
            plan.next_amount = float(following.left) if following else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("relance.payment.plan") or "/"
        plans = super().create(vals_list)
        plans._check_invoices()
        plans._store_debt()
        plans._check_schedule()
        return plans

    def write(self, vals):
        if "move_ids" in vals and not self.env.context.get("relance_plan_internal"):
            for plan in self.filtered(lambda plan: plan.state not in ("draft", "proposed")):
                raise ValidationError(
                    self.env._(
                        "Payment plan %(plan)s is %(state)s: its invoices can no longer change.",
                        plan=plan.name,
                        state=plan._state_label(),
                    )
                )
        result = super().write(vals)
        if {"move_ids", "partner_id", "currency_id", "company_id"} & set(vals):
            self._check_invoices()
        if {"move_ids", "include_penalties"} & set(vals):
            self._store_debt()
        if {"move_ids", "include_penalties", "instalment_ids"} & set(vals):
            self._check_schedule()
        return result

    def _store_debt(self):
        """What a plan not yet proposed spreads: its invoices' residual today, plus the
        penalties accrued to today when it claims them. Computed here, never typed, so
        that the schedule adds up to what is really owed."""
        today = fields.Date.context_today(self)
        for plan in self.filtered(lambda plan: plan.state == "draft"):
            residual = plan.currency_id.round(sum(plan.move_ids.mapped("amount_residual")))
            penalties = plan._accrued_penalties(today) if plan.include_penalties else 0.0
            plan.write(
                {
                    "amount_invoices": residual,
                    "amount_penalties": penalties,
                    "penalty_date": today if plan.include_penalties else False,
                    "amount_total": residual + penalties,
                }
            )

    def _accrued_penalties(self, on_date):
        """The penalties and indemnities of the plan's invoices accrued up to
        ``on_date`` and not claimed yet, as the penalty invoice will claim them."""
        return self.currency_id.round(sum(self.move_ids._relance_accrued_penalties(on_date)))

    # The plan as the engine reads it --------------------------------------------

    def _unit(self):
        return Decimal(str(self.currency_id.rounding))

    def _engine_total(self):
        return Decimal(str(self.amount_total)).quantize(self._unit())

    def _engine_instalments(self):
        unit = self._unit()
        return [
            schedule.Instalment(
                line.date, Decimal(str(line.amount)).quantize(unit), line.down_payment
            )
            for line in self.instalment_ids.sorted(lambda line: (line.date, line.id))
        ]

    def _owed_now(self):
        """What is still owed on the plan: its invoices' residual (the penalty invoice's
        too), plus the penalties while they are not invoiced yet."""
        owed = sum(self.move_ids.mapped("amount_residual"))
        if not self.penalty_move_id:
            owed += self.amount_penalties
        return Decimal(str(owed)).quantize(self._unit())

    def _instalment_statuses(self, today=None):
        """The engine's InstalmentStatus of each instalment, in date order: what the
        customer paid since the plan was drawn up, spread over the schedule."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        if not self.instalment_ids or not self.currency_id:
            return []
        paid = self._engine_total() - self._owed_now() if self.state != "cancelled" else 0
        return schedule.allocate(self._engine_instalments(), paid, today)
