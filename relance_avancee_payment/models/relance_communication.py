# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A reminder's links to pay online: one per invoice, and one for them all."""

from odoo import models
from odoo.tools import consteq
from odoo.tools.misc import hmac


class RelanceCommunication(models.Model):
    _inherit = "relance.communication"

    def _relance_pay_online_moves(self):
        """The reminder's invoices its customer can still pay online."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: not line.paid_before_sending)
        return lines.move_id._relance_payable_online()

    def _relance_pay_links(self):
        """What the reminder email offers to pay online: ``moves`` {invoice id: link to
        its payment}, ``all`` the link paying them together (more than one), ``amount``
        their total. Empty when the customer cannot pay online: nothing open, online
        payment disabled, or no published provider for the currency."""
        self.ensure_one()
        moves = self._relance_pay_online_moves()
        amount = sum(moves.mapped("amount_residual"))
        if not moves or not moves._relance_online_payment_available(
            self.company_id, self.partner_id, amount, self.currency_id
        ):
            return {}
        moves._relance_ensure_access_tokens()
        return {
            "moves": {move.id: move._relance_pay_url() for move in moves},
            "all": len(moves) > 1 and self._relance_pay_all_url(),
            "amount": amount,
        }

    def _relance_pay_all_url(self):
        """The page paying the reminder, in the customer's language."""
        lang = self.partner_id.lang
        return (
            f"{self.get_base_url()}/relance/pay/reminder/{self.id}"
            f"?access_token={self._relance_payment_token()}" + (f"&lang={lang}" if lang else "")
        )

    def _relance_payment_token(self):
        """The token of the link paying the reminder: signed with the database's
        secret, as Odoo signs its payment links, so no column is needed."""
        self.ensure_one()
        return hmac(
            self.env(su=True), "relance_avancee_payment.reminder", (self.id, self.partner_id.id)
        )

    def _relance_check_payment_token(self, token):
        return bool(token) and consteq(str(token), self._relance_payment_token())
