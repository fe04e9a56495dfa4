# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a payment plan refuses: invoices it may not take, a schedule that does not
add up, and the engine's refusals as translated messages."""

from datetime import date
from decimal import Decimal

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_amount, format_date

from ..engine import schedule
from .relance_collection_case import OPEN_STATES as CASE_OPEN_STATES
from .relance_payment_plan import OPEN_STATES


# One file per concern of relance.payment.plan: the split is the point.
class RelancePaymentPlan(models.Model):
    _inherit = "relance.payment.plan"  # pylint: disable=consider-merging-classes-inherited

    # What a plan refuses -------------------------------------------------------

    def _check_invoices(self):
        """The plan's invoices: posted customer invoices of its customer and company,
        in its currency, still owed, collectable, not disputed, in no other open plan."""
        for plan in self.filtered(lambda plan: plan.state in ("draft", "proposed")):
            plan._check_invoices_one()

    def _check_invoices_one(self):
        if not self.move_ids:
            raise ValidationError(self.env._("A payment plan needs at least one invoice."))
        customer = self.partner_id.commercial_partner_id
        for move in self.move_ids:
            problem = None
            if move.move_type != "out_invoice" or move.state != "posted":
                problem = self.env._("it is not a posted customer invoice")
            elif move.commercial_partner_id != customer:
                problem = self.env._("it is the invoice of %(other)s", other=move.partner_id.name)
            elif move.company_id != self.company_id:
                problem = self.env._("it belongs to another company")
            elif move.currency_id != self.currency_id:
                problem = self.env._(
                    "it is in %(currency)s, the plan in %(plan_currency)s: one plan per currency",
                    currency=move.currency_id.name,
                    plan_currency=self.currency_id.name,
                )
            elif move.currency_id.is_zero(move.amount_residual):
                problem = self.env._("it is paid")
            elif move.relance_excluded:
                problem = self.env._("it is excluded from collections")
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(invoice)s cannot be in a payment plan: %(problem)s.",
                        invoice=move.display_name,
                        problem=problem,
                    )
                )
        disputed = self.move_ids._relance_first_disputed(fields.Date.context_today(self))
        if disputed:
            raise ValidationError(
                self.env._(
                    "%(invoice)s is disputed: settle the dispute before putting it in a "
                    "payment plan.",
                    invoice=disputed.display_name,
                )
            )
        other, move = self.move_ids._relance_held_by(self._name, OPEN_STATES, self._origin)
        if other:
            raise ValidationError(
                self.env._(
                    "%(invoice)s is already in payment plan %(plan)s: cancel that plan first.",
                    invoice=move.display_name,
                    plan=other.name,
                )
            )
        case, move = self.move_ids._relance_held_by("relance.collection.case", CASE_OPEN_STATES)
        if case:
            raise ValidationError(
                self.env._(
                    "%(invoice)s is handed over in collection case %(case)s: withdraw the case "
                    "before agreeing a payment plan on it.",
                    invoice=move.display_name,
                    case=case.name,
                )
            )

    def _check_schedule(self):
        """Before it is accepted, a plan's instalments add up to its total, each is
        positive, their dates go forward and none is in the past."""
        today = fields.Date.context_today(self)
        for plan in self.filtered(lambda plan: plan.state in ("draft", "proposed")):
            if (
                float_compare(plan.amount_total, 0, precision_rounding=plan.currency_id.rounding)
                <= 0
            ):
                raise ValidationError(
                    self.env._("Payment plan %(plan)s has nothing to spread.", plan=plan.name)
                )
            try:
                schedule.check(plan._engine_instalments(), plan._engine_total(), today)
            except schedule.ScheduleError as error:
                raise ValidationError(plan._schedule_error_message(error)) from error

    def _schedule_error_message(self, error, currency=None):
        """The translated message of the engine's ScheduleError ``error``, its amounts
        in ``currency`` (the plan's by default)."""
        currency = currency or self.currency_id
        params = dict(error.params)
        for key, value in params.items():
            if isinstance(value, Decimal) and currency:
                params[key] = format_amount(self.env, float(value), currency)
            elif isinstance(value, date):
                params[key] = format_date(self.env, value)
        messages = {
            "nothing_owed": lambda: self.env._(
                "Nothing is owed on these invoices: there is nothing to spread."
            ),
            "count": lambda: self.env._(
                "The number of instalments must be at least 1 (not %(count)s).", **params
            ),
            "first_date_past": lambda: self.env._(
                "The first payment cannot be in the past (%(first_date)s).", **params
            ),
            "down_payment": lambda: self.env._(
                "The down payment (%(down_payment)s) must be positive and less than the debt "
                "(%(debt)s).",
                **params,
            ),
            "too_small": lambda: self.env._(
                "%(rest)s cannot be split into %(count)s instalments: choose fewer.", **params
            ),
            "custom_count": lambda: self.env._(
                "%(count)s instalments need %(count)s dates; %(dates)s given.", **params
            ),
            "frequency": lambda: self.env._("Unknown frequency %(frequency)s.", **params),
            "empty": lambda: self.env._("A payment plan needs at least one instalment."),
            "amount": lambda: self.env._(
                "The instalment of %(date)s must be positive (%(amount)s).", **params
            ),
            "before_first": lambda: self.env._(
                "The instalment of %(date)s is in the past: no instalment before %(first_date)s.",
                **params,
            ),
            "order": lambda: self.env._(
                "Each instalment comes after the one before: %(date)s follows %(previous)s.",
                **params,
            ),
            "total": lambda: self.env._(
                "The instalments add up to %(total)s, not to the plan's total of %(debt)s: "
                "correct the amounts.",
                **params,
            ),
        }
        message = messages.get(error.code)
        return message() if message else error.code
