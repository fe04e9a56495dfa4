# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The payment plan (échéancier): a customer's invoices spread over instalments,
agreed in writing; while it runs, collections leave its invoices alone.

This file holds the plan, in sections: the plan and its amounts, what it refuses, its
acceptance, its other states (broken, completed, cancelled), the daily check. The
schedule's rules are in ``engine/schedule.py``; what it shares with a collection case
(a numbered customer file whose open records hold their invoices) in
``relance.invoice.holder``."""

from datetime import date, timedelta
from decimal import Decimal

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, format_amount, format_date

from ...engine import schedule

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

ACCEPTANCE_METHODS = [("portal", "Signed Online"), ("paper", "Signed Paper Copy")]

# Plans checked per call of the scheduled action: Odoo's runner calls it again, in a
# new transaction, while the progress it reports says some are left.
PLANS_PER_CALL = 200


class RelancePaymentPlan(models.Model):
    _name = "relance.payment.plan"
    _description = "Payment plan"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "relance.invoice.holder"]
    _order = "id desc"
    _check_company_auto = True
    _relance_open_states = OPEN_STATES

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
    user_id = fields.Many2one(help="Who follows the plan: the broken plan's activity is theirs.")
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

    # The life of a payment plan.
    date_proposed = fields.Date("Proposed On", readonly=True, copy=False)
    validity_date = fields.Date(
        "Accept By",
        readonly=True,
        copy=False,
        help="The last day the customer may accept the proposal online: the proposal's "
        "day plus the policy's days to accept.",
    )
    date_accepted = fields.Datetime("Accepted On", readonly=True, copy=False)
    accepted_by = fields.Char(readonly=True, copy=False, help="The name the customer signed with.")
    acceptance_method = fields.Selection(
        ACCEPTANCE_METHODS, "Acceptance", readonly=True, copy=False
    )
    accepted_ip = fields.Char(
        "Accepted From",
        readonly=True,
        copy=False,
        help="The address the online acceptance came from.",
    )
    signature = fields.Image(readonly=True, copy=False, attachment=True, max_width=1024)
    date_completed = fields.Date("Completed On", readonly=True, copy=False)
    date_broken = fields.Date("Broken On", readonly=True, copy=False)
    broken_instalment_id = fields.Many2one(
        "relance.payment.plan.instalment", "Missed Instalment", readonly=True, copy=False
    )
    resume_level_id = fields.Many2one(
        "relance.level",
        "Resumes At",
        readonly=True,
        copy=False,
        help="The level at which collections resume on the broken plan's invoices.",
    )
    ladder_resumed = fields.Boolean(
        readonly=True, copy=False, help="Technical: a run already resumed the ladder."
    )
    date_cancelled = fields.Date("Cancelled On", readonly=True, copy=False)
    cancel_reason = fields.Text("Reason", readonly=True, copy=False)
    declined = fields.Boolean(readonly=True, copy=False, help="The customer declined the plan.")

    # The daily check of the running payment plans, as Odoo's runner drives it.
    date_checked = fields.Date(
        readonly=True, copy=False, help="Technical: the last day the daily check saw the plan."
    )

    def get_portal_url(
        self, suffix=None, report_type=None, download=None, query_string=None, anchor=None
    ):
        """The plan's links carry the customer's language: its pages are in it
        whatever the browser says (controllers/portal.py, relance_customer_page)."""
        lang = self.partner_id.lang
        if lang and "lang=" not in (query_string or ""):
            query_string = f"{query_string or ''}&lang={lang}"
        return super().get_portal_url(suffix, report_type, download, query_string, anchor)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for plan in self:
            plan.access_url = f"/my/payment_plans/{plan.id}"

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
        plans = super().create(self._relance_prepare_vals(vals_list))
        plans._check_invoices()
        plans._store_debt()
        plans._check_schedule()
        return plans

    @api.model
    def _check_may_take(self, company, partner, moves):
        """Refuse, as a plan would, ``moves`` for a plan of ``partner`` in ``company``,
        before its schedule is worked out."""
        self.new(
            {
                "company_id": company.id,
                "partner_id": partner.id,
                "move_ids": [Command.set(moves.ids)],
            }
        )._check_invoices_one()

    @api.model
    def _draw_up(self, company, partner, moves, instalments, include_penalties=False):
        """A draft plan of ``partner``'s ``moves`` in ``company`` over ``instalments``
        (the engine's ``schedule.Instalment``), the late-payment penalties claimed with
        it or not."""
        return self.create(
            {
                "company_id": company.id,
                "partner_id": partner.id,
                "move_ids": [Command.set(moves.ids)],
                "include_penalties": include_penalties,
                "instalment_ids": [
                    Command.create(
                        {
                            "date": instalment.date,
                            "amount": float(instalment.amount),
                            "down_payment": instalment.down_payment,
                        }
                    )
                    for instalment in instalments
                ],
            }
        )

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

    # ------------------------------------------------------------------
    # What a payment plan refuses: invoices it may not take, a schedule that does not
    # add up, and the engine's refusals as translated messages.
    # ------------------------------------------------------------------
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
        self._relance_check_free()

    @api.model
    def _relance_history_rows(self, partner):
        # Every plan proposed to the customer, whatever became of it.
        plans = self.search([("partner_id", "=", partner.id), ("state", "!=", "draft")])
        return [
            {
                "type": self.env._("Payment Plan"),
                "date": plan.date_proposed,
                "until": max(plan.instalment_ids.mapped("date"), default=None),
                "description": plan.name,
                "amount": plan.amount_total,
                "status": plan._state_label(),
            }
            for plan in plans
        ]

    def _relance_holding_refusal(self, move, claimant):
        if claimant._name == self._name:
            return self.env._(
                "%(invoice)s is already in payment plan %(plan)s: cancel that plan first.",
                invoice=move.display_name,
                plan=self.name,
            )
        return self.env._(
            "%(invoice)s is in payment plan %(plan)s: cancel the plan, or wait for it "
            "to break, before handing the invoice over.",
            invoice=move.display_name,
            plan=self.name,
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

    # ------------------------------------------------------------------
    # How a payment plan is accepted: online on the portal (typed name and drawn
    # signature) or on a signed paper copy; then it runs, its penalties are invoiced and
    # the debt's acknowledgement is dated on its invoices.
    # ------------------------------------------------------------------
    # Accepting ------------------------------------------------------------------

    def _relance_acceptance_refusal(self):
        """Why the customer cannot accept this plan online now, or False."""
        self.ensure_one()
        if self.state == "cancelled":
            return self.env._("This payment plan was cancelled: it can no longer be accepted.")
        if self.state in ("active", "completed", "broken"):
            return self.env._("This payment plan was already accepted.")
        if self.state != "proposed":
            return self.env._("This payment plan has not been proposed to you yet.")
        if self.validity_date and self.validity_date < fields.Date.context_today(self):
            return self.env._(
                "This proposal expired on %(date)s: ask us for a new one.",
                date=format_date(self.env, self.validity_date),
            )
        return False

    def _relance_can_be_accepted(self):
        return not self._relance_acceptance_refusal()

    def _accept_online(self, name, signature, ip_address):
        """The customer signed on the portal: the plan runs, and the agreement as
        signed is kept on it."""
        self.ensure_one()
        self._activate("portal", name, signature=signature, ip_address=ip_address)
        pdf, _kind = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("relance_avancee.action_report_relance_payment_plan", self.ids)
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._("%(plan)s signed.pdf", plan=self.name),
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        self.message_post(
            # In the company's language: the customer signed, the company's people read.
            body=self._relance_company_env()._("The agreement as signed online."),
            attachment_ids=attachment.ids,
        )

    def action_open_accept(self):
        """Record the copy the customer signed on paper."""
        self.ensure_one()
        self._check_state(("draft", "proposed"), self.env._("accepted"))
        return self._open_wizard("relance.payment.plan.accept", self.env._("Signed Copy"))

    def action_open_cancel(self):
        self.ensure_one()
        self._check_state(("draft", "proposed", "active"), self.env._("cancelled"))
        return self._open_wizard("relance.payment.plan.cancel", self.env._("Cancel the Plan"))

    def _open_wizard(self, model, title):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def _activate(self, method, signed_by, signature=None, ip_address=None, attachment=None):
        """The customer accepted: the plan runs. The penalties it claims are invoiced,
        the debt's acknowledgement is dated on its invoices (Code civil, art. 2240:
        the debtor's acknowledgement interrupts the limitation period), and the signed
        copy is kept on the plan."""
        self.ensure_one()
        self._check_state(("draft", "proposed"), self.env._("accepted"))
        if not (signed_by or "").strip():
            raise ValidationError(self.env._("Enter the name of the person who signed."))
        if self.currency_id.is_zero(sum(self.move_ids.mapped("amount_residual"))):
            raise UserError(
                self.env._(
                    "The invoices of %(plan)s are paid: nothing is left to spread.", plan=self.name
                )
            )
        now = fields.Datetime.now()
        penalty_move = self._invoice_penalties()
        self.write(
            {
                "state": "active",
                "date_accepted": now,
                "accepted_by": signed_by.strip(),
                "acceptance_method": method,
                "accepted_ip": ip_address or False,
                "signature": signature or False,
                "penalty_move_id": penalty_move.id,
            }
        )
        if penalty_move:
            self.with_context(relance_plan_internal=True).move_ids |= penalty_move
        self.move_ids.sudo().relance_debt_acknowledged = fields.Date.context_today(self, now)
        # Noted for the company's people, in its language.
        env = self._relance_company_env()
        body = env._(
            "Payment plan accepted by %(name)s (%(method)s): %(count)s instalments, %(total)s.",
            name=self.accepted_by,
            method=dict(self._fields["acceptance_method"]._description_selection(env))[method],
            count=len(self.instalment_ids),
            total=format_amount(env, self.amount_total, self.currency_id),
        )
        self.message_post(body=body, attachment_ids=attachment.ids if attachment else [])
        self.partner_id.sudo().message_post(body=Markup("%s %s") % (self._get_html_link(), body))
        self.env["relance.communication"].sudo()._withdraw_settled(
            self.partner_id,
            self.company_id,
            lambda env: env._("Payment plan %(plan)s started.", plan=self.name),
        )
        return True

    def _invoice_penalties(self):
        """The posted invoice of the penalties the plan claims (none if it claims
        none), for the days counted when the plan was drawn up: exactly what the
        schedule spreads, or nothing is accepted."""
        Move = self.env["account.move"]
        if not self.include_penalties or self.currency_id.is_zero(self.amount_penalties):
            return Move
        invoices = (
            Move.with_context(relance_unverified_rates_confirmed=True)
            .sudo()
            ._relance_create_penalty_invoices(
                self.company_id,
                self.penalty_date,
                customers=self.partner_id,
                post=True,
                moves=self.move_ids,
            )
        )
        if self.currency_id.compare_amounts(
            sum(invoices.mapped("amount_total")), self.amount_penalties
        ):
            raise UserError(
                self.env._(
                    "The penalties of %(plan)s changed since it was drawn up (another penalty "
                    "invoice claims some of them): cancel it and draw up a new one.",
                    plan=self.name,
                )
            )
        return invoices

    # ------------------------------------------------------------------
    # The life of a payment plan: proposed to the customer, accepted (online or on
    # signed paper), completed once paid, broken when an instalment stays unpaid, or
    # cancelled; each change written on the plan and on the customer's chatter.
    # ------------------------------------------------------------------

    def _relance_ladder_resumed(self):
        """Called by the run once it resumed the ladder on these broken plans'
        invoices (relance.run._resuming_moves): it resumes it once."""
        self.ladder_resumed = True

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_state(self, allowed, action):
        for plan in self:
            if plan.state not in allowed:
                raise UserError(
                    self.env._(
                        "Payment plan %(plan)s is %(state)s: it cannot be %(action)s.",
                        plan=plan.name,
                        state=plan._state_label(),
                        action=action,
                    )
                )

    def _post_everywhere(self, body):
        """Write ``body`` on the plan and on its customer's chatter, in the company's
        language: a function of the environment to write it in, or a text already in
        that language."""
        for plan in self:
            text = body(plan._relance_company_env()) if callable(body) else body
            plan.message_post(body=text)
            plan.partner_id.sudo().message_post(
                body=Markup("%s %s") % (plan._get_html_link(), text)
            )

    # Proposing ------------------------------------------------------------------

    def action_propose(self):
        """Send the plan to the customer for acceptance: the email carries the
        schedule and the link to accept it online."""
        self.ensure_one()
        self._check_state(("draft",), self.env._("proposed"))
        self._check_invoices()
        self._check_schedule()
        residual = self.currency_id.round(sum(self.move_ids.mapped("amount_residual")))
        if self.currency_id.compare_amounts(residual, self.amount_invoices):
            raise ValidationError(
                self.env._(
                    "The invoices of %(plan)s owe %(now)s, no longer %(then)s: something was "
                    "paid or credited since the plan was drawn up. Cancel it and draw up a new "
                    "one.",
                    plan=self.name,
                    now=format_amount(self.env, residual, self.currency_id),
                    then=format_amount(self.env, self.amount_invoices, self.currency_id),
                )
            )
        today = fields.Date.context_today(self)
        policy = self._policy()
        # The link of the email, and of the portal, opens the plan with this token.
        self._portal_ensure_token()
        self.write(
            {
                "state": "proposed",
                "date_proposed": today,
                "validity_date": today
                + timedelta(days=policy.plan_acceptance_days if policy else 15),
            }
        )
        template = self.env.ref("relance_avancee.mail_template_relance_payment_plan")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    # Ending ---------------------------------------------------------------------

    def _cancel(self, reason, declined=False):
        """Cancel the plans (the customer declined, or you): their invoices go back to
        the ladder where they were. A penalty invoice already posted stays: it is owed."""
        self._check_state(("draft", "proposed", "active"), self.env._("cancelled"))
        if not (reason or "").strip():
            raise ValidationError(self.env._("Say why the payment plan is cancelled."))
        self.write(
            {
                "state": "cancelled",
                "date_cancelled": fields.Date.context_today(self),
                "cancel_reason": reason.strip(),
                "declined": declined,
            }
        )
        self._post_everywhere(
            lambda env: env._(
                "The customer declined the payment plan: %(reason)s", reason=reason.strip()
            )
            if declined
            else env._("Payment plan cancelled: %(reason)s", reason=reason.strip())
        )
        return True

    def _complete(self):
        """The plans are paid."""
        self.write({"state": "completed", "date_completed": fields.Date.context_today(self)})
        self._post_everywhere(lambda env: env._("Payment plan completed: everything is paid."))

    def _break(self, status, today):
        """An instalment (``status``, the engine's) is still unpaid after the grace
        days: the plan is broken. Collections resume on its invoices at the level
        the customer's policy sets and the accountant gets an activity. A hook: the
        credit capability extends it (its hold for broken plans)."""
        self.ensure_one()
        instalment = self.instalment_ids.filtered(lambda line: line.date == status.instalment.date)[
            :1
        ]
        policy = self._policy()
        self.write(
            {
                "state": "broken",
                "date_broken": today,
                "broken_instalment_id": instalment.id,
                "resume_level_id": policy._plan_resume_level().id,
                "ladder_resumed": False,
            }
        )
        # Noted for the company's people, in its language.
        env = self._relance_company_env()
        message = env._(
            "Payment plan broken: the instalment of %(date)s (%(amount)s) is still unpaid "
            "(%(left)s left). Collections resume at %(level)s.",
            date=format_date(env, status.instalment.date),
            amount=format_amount(env, float(status.instalment.amount), self.currency_id),
            left=format_amount(env, float(status.left), self.currency_id),
            level=self.resume_level_id.with_env(env).name or env._("the ladder's next level"),
        )
        self._post_everywhere(message)
        # As the ladder's activities: in the responsible's activities, without an
        # "assigned to you" email (which would be in the reader's language, not the
        # company's).
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=today,
            summary=env._("Broken payment plan"),
            note=Markup("<p>%s</p>") % message,
            user_id=(self.user_id or self.company_id._relance_responsible()).id,
        )

    # ------------------------------------------------------------------
    # The daily check of the running payment plans, as Odoo's runner drives it: each
    # plan paid is completed, each with an instalment unpaid after the grace days is
    # broken, and the reminders before the coming instalments go out.
    # ------------------------------------------------------------------

    @api.model
    def _cron_payment_plans(self):
        """Scheduled action: the next running plans not checked today. Reports its
        progress to Odoo's runner, which calls it again while plans are left."""
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "active"),
            "|",
            ("date_checked", "=", False),
            ("date_checked", "<", today),
        ]
        plans = self.sudo().search(domain, order="id", limit=PLANS_PER_CALL)
        for plan in plans:
            company = plan.company_id
            plan.with_company(company).with_context(lang=company._relance_lang())._check_progress(
                today
            )
        plans.date_checked = today
        self.env["ir.cron"]._notify_progress(
            done=len(plans), remaining=self.sudo().search_count(domain)
        )

    def _check_progress(self, today):
        """Complete, break or remind: what the customer's payments say of the plan."""
        self.ensure_one()
        statuses = self._instalment_statuses(today)
        if schedule.next_unpaid(statuses) is None:
            self._complete()
            return
        policy = self._policy()
        breach = schedule.first_breach(statuses, today, policy.plan_grace_days if policy else 0)
        if breach:
            self._break(breach, today)
            return
        if policy.plan_reminder_days:
            self._send_reminders(statuses, today, policy.plan_reminder_days)

    def _policy(self):
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        return partner.relance_policy_id or self.env["relance.policy"]._get_company_default(
            self.company_id
        )

    def _send_reminders(self, statuses, today, days_before):
        """Email the customer before each coming instalment not paid yet, once."""
        template = self.env.ref("relance_avancee.mail_template_relance_plan_instalment")
        by_date = {line.date: line for line in self.instalment_ids}
        for status in statuses:
            instalment = by_date.get(status.instalment.date)
            if (
                status.state == schedule.PAID
                or instalment.reminder_sent
                or status.instalment.date < today
                or schedule.reminder_day(status.instalment.date, days_before) > today
            ):
                continue
            template.send_mail(instalment.id, email_layout_xmlid="mail.mail_notification_light")
            instalment.reminder_sent = True
            env = self._relance_company_env()
            self.message_post(
                body=env._(
                    "Reminder of the instalment of %(date)s emailed to the customer.",
                    date=format_date(env, status.instalment.date),
                )
            )

    @api.model
    def _complete_paid(self, moves):
        """Complete the running plans of ``moves`` that are paid (called when a
        payment is reconciled)."""
        plans = self.sudo().search([("state", "=", "active"), ("move_ids", "in", moves.ids)])
        for plan in plans:
            if schedule.next_unpaid(plan._instalment_statuses()) is None:
                company = plan.company_id
                plan.with_context(lang=company._relance_lang())._complete()
