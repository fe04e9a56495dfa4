# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ...engine import schedule
from ...tools.exceptions import UnverifiedRates

FREQUENCIES = [
    (schedule.MONTHLY, "Monthly"),
    (schedule.WEEKLY, "Weekly"),
    (schedule.CUSTOM, "Custom Dates"),
]


class RelancePaymentPlanWizard(models.TransientModel):
    """Draw up a payment plan from one customer's open invoices: the terms typed
    here, the schedule computed by the engine (``engine/schedule.py``)."""

    _name = "relance.payment.plan.wizard"
    _description = "Draw up a payment plan"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    instalment_count = fields.Integer("Instalments", required=True, default=3)
    frequency = fields.Selection(FREQUENCIES, required=True, default=schedule.MONTHLY)
    first_date = fields.Date("First Payment", required=True, default=fields.Date.context_today)
    down_payment = fields.Monetary(help="Paid on the first date, before the instalments.")
    include_penalties = fields.Boolean(
        "Claim the Penalties",
        help="Add the late-payment penalties and recovery indemnity accrued to today; they "
        "are invoiced when the customer accepts the plan.",
    )
    date_ids = fields.One2many("relance.payment.plan.wizard.date", "wizard_id", "Instalment Dates")
    amount_debt = fields.Monetary("Owed", compute="_compute_preview")
    amount_penalties = fields.Monetary("Penalties", compute="_compute_preview")
    preview = fields.Html("Schedule", compute="_compute_preview", sanitize=False)

    @api.model
    def _open_for(self, partner, moves):
        """The wizard's window on ``partner`` with ``moves`` ticked."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payment Plan"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": partner.id,
                "default_move_ids": [Command.set(moves.ids)],
                "default_company_id": (moves.company_id[:1] or self.env.company).id,
            },
        }

    @api.depends("move_ids")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = wizard.move_ids[:1].currency_id or wizard.company_id.currency_id

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        self.move_ids = self.move_ids.filtered(
            lambda move: move.commercial_partner_id == self.partner_id
        )

    @api.depends(
        "move_ids",
        "instalment_count",
        "frequency",
        "first_date",
        "down_payment",
        "include_penalties",
        "date_ids.date",
    )
    def _compute_preview(self):
        for wizard in self:
            wizard.amount_debt = wizard.amount_penalties = 0.0
            wizard.preview = False
            if not wizard.move_ids or len(wizard.move_ids.currency_id) != 1:
                continue
            wizard.amount_penalties = wizard._penalties()
            wizard.amount_debt = (
                wizard.currency_id.round(sum(wizard.move_ids.mapped("amount_residual")))
                + wizard.amount_penalties
            )
            try:
                instalments = wizard._schedule()
            except (schedule.ScheduleError, UserError) as error:
                message = (
                    wizard.env["relance.payment.plan"]._schedule_error_message(
                        error, wizard.currency_id
                    )
                    if isinstance(error, schedule.ScheduleError)
                    else str(error)
                )
                wizard.preview = self.env["ir.qweb"]._render(
                    "relance_avancee.relance_payment_plan_preview", {"error": message}
                )
                continue
            wizard.preview = self.env["ir.qweb"]._render(
                "relance_avancee.relance_payment_plan_preview",
                {"instalments": instalments, "currency": wizard.currency_id, "error": False},
            )

    def _penalties(self):
        if not self.include_penalties or not self.move_ids:
            return 0.0
        today = fields.Date.context_today(self)
        rates = self.env["relance.rate"]._engine_rates()
        total = sum(self.move_ids._relance_accrued_penalties(today, rates))
        if self.env["relance.rate"]._unverified_message(rates):
            raise UnverifiedRates(self.env["relance.rate"]._unverified_message(rates))
        return self.currency_id.round(total)

    def _schedule(self):
        """The engine's schedule for these terms (raises ScheduleError)."""
        unit = Decimal(str(self.currency_id.rounding))
        return schedule.build(
            Decimal(str(self.amount_debt)).quantize(unit),
            self.instalment_count,
            self.first_date,
            self.frequency,
            fields.Date.context_today(self),
            down_payment=Decimal(str(self.down_payment or 0)).quantize(unit),
            custom_dates=sorted(self.date_ids.mapped("date")),
            unit=unit,
        )

    def action_create_plan(self):
        """Create the plan in draft, with its schedule, and open it."""
        self.ensure_one()
        if not self.move_ids:
            raise ValidationError(self.env._("Choose the invoices the plan spreads."))
        if len(self.move_ids.currency_id) > 1:
            raise ValidationError(
                self.env._(
                    "These invoices are in %(currencies)s: a payment plan is in one currency. "
                    "Draw up one plan per currency.",
                    currencies=", ".join(self.move_ids.currency_id.mapped("name")),
                )
            )
        Plan = self.env["relance.payment.plan"]
        # The invoices first: a paid one would otherwise read as "nothing to spread".
        Plan._check_may_take(self.company_id, self.partner_id, self.move_ids)
        try:
            instalments = self._schedule()
        except schedule.ScheduleError as error:
            raise ValidationError(Plan._schedule_error_message(error, self.currency_id)) from error
        plan = Plan._draw_up(
            self.company_id, self.partner_id, self.move_ids, instalments, self.include_penalties
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "relance.payment.plan",
            "res_id": plan.id,
            "view_mode": "form",
        }


class RelancePaymentPlanWizardDate(models.TransientModel):
    _name = "relance.payment.plan.wizard.date"
    _description = "Date of an instalment of a payment plan to draw up"
    _order = "date"

    wizard_id = fields.Many2one("relance.payment.plan.wizard", required=True, ondelete="cascade")
    date = fields.Date(required=True)
