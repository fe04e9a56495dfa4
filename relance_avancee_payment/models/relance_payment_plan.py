# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Paying a running payment plan's instalment online."""

from odoo import fields, models

from odoo.addons.relance_avancee.engine import schedule


class RelancePaymentPlan(models.Model):
    _inherit = "relance.payment.plan"

    def _relance_amount_due_now(self, today=None):
        """What the customer is asked to pay today: the instalments whose date has
        come, or the next one (engine.schedule.due_now)."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        return float(schedule.due_now(self._instalment_statuses(today), today))

    def _relance_pay_online_moves(self):
        """The plan's invoices a payment goes to, the oldest due first."""
        self.ensure_one()
        return self.move_ids._relance_payable_online()

    def _relance_can_pay_online(self):
        """Whether the plan's portal page and instalment reminders offer to pay online."""
        self.ensure_one()
        if self.state != "active":
            return False
        amount = self._relance_amount_due_now()
        moves = self._relance_pay_online_moves()
        return bool(
            moves
            and not self.currency_id.is_zero(amount)
            and moves._relance_online_payment_available(
                self.company_id, self.partner_id, amount, self.currency_id
            )
        )

    def _relance_pay_url(self):
        """The page paying the instalment due, reached with the plan's portal token."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url(suffix="/pay")
