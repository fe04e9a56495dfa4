# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INSTALMENT_STATES = [
    ("due", "Due"),
    ("partial", "Partly Paid"),
    ("paid", "Paid"),
    ("late", "Late"),
]


class RelancePaymentPlanInstalment(models.Model):
    """One payment of a plan's schedule. What it was paid is not stored: it is the
    customer's payments on the plan's invoices, spread over the schedule in date order
    (``relance.payment.plan._instalment_statuses``)."""

    _name = "relance.payment.plan.instalment"
    _description = "Payment plan instalment"
    _order = "plan_id, date, id"

    plan_id = fields.Many2one(
        "relance.payment.plan", "Payment Plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    down_payment = fields.Boolean(readonly=True)
    amount_paid = fields.Monetary("Paid", compute="_compute_payment")
    amount_left = fields.Monetary("Left", compute="_compute_payment")
    state = fields.Selection(INSTALMENT_STATES, compute="_compute_payment")
    reminder_sent = fields.Boolean(
        readonly=True, copy=False, help="The reminder email before this instalment was sent."
    )

    @api.depends("plan_id.amount_paid", "amount", "date")
    def _compute_payment(self):
        for plan, instalments in self.grouped("plan_id").items():
            statuses = {}
            if plan:
                ordered = plan.instalment_ids.sorted(lambda line: (line.date, line.id))
                statuses = dict(zip(ordered, plan._instalment_statuses(), strict=False))
            for instalment in instalments:
                status = statuses.get(instalment)
                instalment.amount_paid = float(status.paid) if status else 0.0
                instalment.amount_left = float(status.left) if status else instalment.amount
                instalment.state = status.state if status else "due"

    @api.model_create_multi
    def create(self, vals_list):
        instalments = super().create(vals_list)
        instalments._check_plan_editable()
        return instalments

    def write(self, vals):
        if set(vals) - {"reminder_sent"}:
            self._check_plan_editable()
        result = super().write(vals)
        if {"amount", "date"} & set(vals):
            # Written on their own (not through the plan), the plan checks again.
            self.plan_id._check_schedule()
        return result

    def unlink(self):
        self._check_plan_editable()
        return super().unlink()

    def _check_plan_editable(self):
        for plan in self.plan_id.filtered(lambda plan: plan.state != "draft"):
            raise ValidationError(
                self.env._(
                    "The schedule of payment plan %(plan)s is %(state)s: it can no longer "
                    "change. Cancel the plan and draw up a new one.",
                    plan=plan.name,
                    state=dict(plan._fields["state"]._description_selection(self.env))[plan.state],
                )
            )
