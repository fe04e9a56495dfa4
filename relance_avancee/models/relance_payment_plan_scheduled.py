# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The daily check of the running payment plans, as Odoo's runner drives it: each
plan paid is completed, each with an instalment unpaid after the grace days is
broken, and the reminders before the coming instalments go out."""

from odoo import api, fields, models
from odoo.tools import format_date

from ..engine import schedule

# Plans checked per call of the scheduled action: Odoo's runner calls it again, in a
# new transaction, while the progress it reports says some are left.
PLANS_PER_CALL = 200


# One file per concern of relance.payment.plan: the split is the point.
class RelancePaymentPlan(models.Model):
    _inherit = "relance.payment.plan"  # pylint: disable=consider-merging-classes-inherited

    date_checked = fields.Date(
        readonly=True, copy=False, help="Technical: the last day the daily check saw the plan."
    )

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
            self.message_post(
                body=self.env._(
                    "Reminder of the instalment of %(date)s emailed to the customer.",
                    date=format_date(self.env, status.instalment.date),
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
