"""The demo's payment plans: one proposed, one running with an instalment paid, one
completed and one broken, on customers of the French demo company. Plain Python
through an Odoo environment, as the book's generator: a production database never
loads it."""

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.tools import SQL

# What the scanned signed copies of the demo's paper plans hold.
SIGNED_COPY = base64.b64encode(b"%PDF-1.4\n% signed copy (demo)\n").decode()
# Days back the broken plan was signed: its first instalment is long unpaid.
BROKEN_SIGNED_DAYS_AGO = 40


class DemoPlans:
    def __init__(self, env):
        self.env = env
        self.today = fields.Date.context_today(env.user)

    def make(self, company):
        """The four plans, on four customers of ``company`` (fewer if it has not as
        many customers with an invoice to spread)."""
        Plan = self.env["relance.payment.plan"].with_company(company)
        plans = Plan
        for step, invoice in zip(
            (self._proposed, self._running, self._completed, self._broken),
            self._invoices(company),
            strict=False,
        ):
            plans |= step(Plan, invoice)
        return plans

    def _invoices(self, company):
        """One open invoice per company customer, in the company's currency, that a
        plan may take: the oldest of each."""
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "=", "not_paid"),
                ("currency_id", "=", company.currency_id.id),
                ("relance_excluded", "=", False),
                ("commercial_partner_id.is_company", "=", True),
            ],
            order="invoice_date, id",
        )
        disputed = self.env["relance.dispute"].search(
            self.env["relance.dispute"]._active_domain(self.today) + [("move_id", "in", moves.ids)]
        )
        chosen, seen = [], set()
        for move in moves - disputed.move_id:
            if move.commercial_partner_id.id not in seen:
                seen.add(move.commercial_partner_id.id)
                chosen.append(move)
        return chosen

    def _plan(self, Plan, invoice, count, first_date):
        wizard = (
            self.env["relance.payment.plan.wizard"]
            .with_company(invoice.company_id)
            .create(
                {
                    "company_id": invoice.company_id.id,
                    "partner_id": invoice.commercial_partner_id.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "instalment_count": count,
                    "first_date": first_date,
                }
            )
        )
        return Plan.browse(wizard.action_create_plan()["res_id"])

    def _sign(self, plan):
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{plan.name} signé.pdf",
                "datas": SIGNED_COPY,
                "res_model": plan._name,
                "res_id": plan.id,
            }
        )
        plan._activate("paper", plan.partner_id.name, attachment=attachment)

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_company(invoice.company_id).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": self.today})._create_payments()

    def _proposed(self, Plan, invoice):
        plan = self._plan(Plan, invoice, 4, self.today + timedelta(days=7))
        plan.action_propose()
        return plan

    def _running(self, Plan, invoice):
        plan = self._plan(Plan, invoice, 3, self.today)
        self._sign(plan)
        self._pay(invoice, plan.instalment_ids.sorted("date")[0].amount)
        return plan

    def _completed(self, Plan, invoice):
        plan = self._plan(Plan, invoice, 2, self.today)
        self._sign(plan)
        self._pay(invoice, invoice.amount_residual)
        return plan

    def _broken(self, Plan, invoice):
        plan = self._plan(Plan, invoice, 3, self.today)
        self._sign(plan)
        # A plan is refused in the past; this one was signed weeks ago.
        shift = timedelta(days=BROKEN_SIGNED_DAYS_AGO)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE relance_payment_plan_instalment SET date = date - %s WHERE plan_id = %s",
                shift,
                plan.id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE relance_payment_plan SET date_accepted = date_accepted - %s, "
                "first_date = first_date - %s WHERE id = %s",
                shift,
                shift,
                plan.id,
            )
        )
        self.env.invalidate_all()
        plan._check_progress(self.today)
        return plan
