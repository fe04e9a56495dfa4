# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Which invoices a customer can pay online, and their portal links."""

import uuid

from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _relance_payable_online(self):
        """These invoices as Odoo's portal lets them be paid (posted, open, no payment
        pending, online payment enabled in the settings), the oldest due first."""
        return self.filtered(lambda move: move._has_to_be_paid()).sorted(
            lambda move: (move.invoice_date_due or move.invoice_date, move.id)
        )

    def _relance_ensure_access_tokens(self):
        """Give the portal token to those without, in one query: ``get_portal_url`` would
        write them one by one, a query per invoice of every reminder of a run."""
        missing = self.filtered(lambda move: not move.access_token)
        if not missing:
            return
        self.env.cr.execute(
            """
            UPDATE account_move AS move SET access_token = new.token
              FROM unnest(%s::int[], %s::varchar[]) AS new(id, token)
             WHERE move.id = new.id AND move.access_token IS NULL
            """,
            [missing.ids, [str(uuid.uuid4()) for _move in missing]],
        )
        missing.invalidate_recordset(["access_token"])

    def _relance_pay_url(self):
        """The invoice's portal page, its payment dialog open."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url(
            anchor="portal_pay", query_string="&payment=True"
        )

    @api.model
    def _relance_online_payment_available(self, company, partner, amount, currency):
        """Whether ``partner`` can pay ``amount`` online to ``company``: a provider
        published, enabled or in test, accepting the currency, the amount and the
        partner's country. As the customer sees them on the portal: published only,
        whoever renders the email."""
        providers = (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(company.id, partner.id, amount, currency_id=currency.id)
        )
        return bool(providers.filtered("is_published"))
