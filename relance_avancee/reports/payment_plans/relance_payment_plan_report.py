# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a payment plan's agreement letter shows: the debt, the schedule, what a
missed instalment means, and how to pay the next instalment."""

from odoo import api, fields, models
from odoo.tools import format_date


class RelancePaymentPlanReport(models.AbstractModel):
    _name = "report.relance_avancee.report_relance_payment_plan"
    _description = "Payment Plan Agreement"

    @api.model
    def _get_report_values(self, docids, data=None):
        plans = self.env["relance.payment.plan"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "relance.payment.plan",
            "docs": plans,
            "plan_values": {
                plan.id: self._plan_values(
                    plan.with_context(lang=plan.partner_id.lang or self.env.lang)
                )
                for plan in plans
            },
        }

    @api.model
    def _plan_values(self, plan):
        """The letter of ``plan``, in the language of ``plan.env``."""
        env = plan.env
        company = plan.company_id.with_env(env)
        today = fields.Date.context_today(plan)
        statuses = plan._instalment_statuses(today)
        following = next((status for status in statuses if status.state != "paid"), None)
        next_amount = float(following.left) if following else 0.0
        policy = plan._policy()
        invoices = plan.move_ids - plan.penalty_move_id
        return {
            "company": company,
            "invoices": invoices.sorted(lambda move: (move.invoice_date_due, move.name)),
            "instalments": plan.instalment_ids.sorted(lambda line: (line.date, line.id)),
            "next_date": following.instalment.date if following else False,
            "next_amount": next_amount,
            "grace_days": policy.plan_grace_days if policy else 0,
            "french_law": company.country_id.code == "FR",
            "place_date": env._(
                "%(city)s, %(date)s",
                city=company.city or "",
                date=format_date(env, today, date_format="long"),
            ),
            "payment": company._relance_payment_block(
                plan.partner_id, next_amount, plan.currency_id, reference_of=(plan.name, plan.id)
            ),
            "mentions": company._relance_legal_mentions(),
        }
