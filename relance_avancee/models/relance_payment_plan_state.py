# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The life of a payment plan: proposed to the customer, accepted (online or on
signed paper), completed once paid, broken when an instalment stays unpaid, or
cancelled; each change written on the plan and on the customer's chatter."""

from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

ACCEPTANCE_METHODS = [("portal", "Signed Online"), ("paper", "Signed Paper Copy")]


# One file per concern of relance.payment.plan: the split is the point.
class RelancePaymentPlan(models.Model):
    _inherit = "relance.payment.plan"  # pylint: disable=consider-merging-classes-inherited

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
        """Write ``body`` on the plan and on its customer's chatter."""
        for plan in self:
            plan.message_post(body=body)
            plan.partner_id.sudo().message_post(
                body=Markup("%s %s") % (plan._get_html_link(), body)
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
        message = (
            self.env._("The customer declined the payment plan: %(reason)s", reason=reason.strip())
            if declined
            else self.env._("Payment plan cancelled: %(reason)s", reason=reason.strip())
        )
        self._post_everywhere(message)
        return True

    def _complete(self):
        """The plans are paid."""
        self.write({"state": "completed", "date_completed": fields.Date.context_today(self)})
        self._post_everywhere(self.env._("Payment plan completed: everything is paid."))

    def _break(self, status, today):
        """An instalment (``status``, the engine's) is still unpaid after the grace
        days: the plan is broken. Collections resume on its invoices at the level
        the customer's policy sets, the credit hold for broken plans applies, and
        the accountant gets an activity."""
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
        message = self.env._(
            "Payment plan broken: the instalment of %(date)s (%(amount)s) is still unpaid "
            "(%(left)s left). Collections resume at %(level)s.",
            date=format_date(self.env, status.instalment.date),
            amount=format_amount(self.env, float(status.instalment.amount), self.currency_id),
            left=format_amount(self.env, float(status.left), self.currency_id),
            level=self.resume_level_id.name or self.env._("the ladder's next level"),
        )
        self._post_everywhere(message)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=today,
            summary=self.env._("Broken payment plan"),
            note=Markup("<p>%s</p>") % message,
            user_id=(self.user_id or self.company_id._relance_responsible()).id,
        )
        self.env["relance.credit.exposure"]._refresh(self.company_id, self.partner_id)
