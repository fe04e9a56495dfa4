# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Credit control on quotations: checked when confirmed, and the confirmed order
added to the customer's stored exposure."""

from odoo import fields, models

ACCOUNTING = "account.group_account_invoice,account.group_account_readonly"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Related fields read as superuser: a salesperson sees the hold and the light,
    # computed from amounts reserved to accounting.
    relance_credit_hold = fields.Boolean(
        related="partner_id.commercial_partner_id.relance_credit_hold",
        string="Customer on Credit Hold",
    )
    relance_credit_hold_causes = fields.Char(
        related="partner_id.commercial_partner_id.relance_credit_hold_causes"
    )
    relance_credit_light = fields.Selection(
        related="partner_id.commercial_partner_id.relance_credit_light"
    )
    relance_exposure_currency_id = fields.Many2one(
        related="partner_id.commercial_partner_id.relance_exposure_currency_id", groups=ACCOUNTING
    )
    relance_exposure_total = fields.Monetary(
        related="partner_id.commercial_partner_id.relance_exposure_total",
        currency_field="relance_exposure_currency_id",
        groups=ACCOUNTING,
    )

    def _compute_partner_credit_warning(self):
        # Odoo's banner states the limit and what is owed, read from credit_limit,
        # which only accounting may read: Odoo 18.0 as of November 2024 raises an
        # access error when a salesperson opens a quotation of a company using credit
        # limits (fixed later upstream, odoo/odoo#189209, by reading it as superuser
        # and showing the figures). A salesperson gets no figures here: the credit
        # hold banner and the traffic light say what they may know.
        if self.env.su or self.env.user.has_groups(ACCOUNTING):
            return super()._compute_partner_credit_warning()
        for order in self:
            order.partner_credit_warning = ""
        return None

    def action_confirm(self):
        checked = self.filtered(lambda order: order.state in ("draft", "sent"))
        # Before confirming: a refused quotation leaves every quotation of the batch
        # unconfirmed.
        reviews = {
            company: orders._relance_credit_check()
            for company, orders in checked.grouped("company_id").items()
        }
        result = super().action_confirm()
        exposure_model = self.env["relance.credit.exposure"]
        for company, (verdicts, exposures, limits) in reviews.items():
            orders = checked.filtered(
                lambda order, company=company: order.company_id == company and order.state == "sale"
            )
            exposure_model._log_passed(
                company, {o: verdict for o, verdict in verdicts.items() if o in orders}, limits
            )
            exposure_model._store_added(
                company,
                [
                    (o.partner_id.commercial_partner_id.id, o.currency_id.id, o.amount_total)
                    for o in orders
                ],
                exposures,
                limits,
                "orders",
            )
        return result

    def _relance_credit_check(self):
        """Check these quotations of one company before they are confirmed, in the
        order of their dates; see ``relance.credit.exposure._check_documents``."""
        documents = [
            (
                order,
                order.partner_id.commercial_partner_id.id,
                order.currency_id.id,
                order.amount_total,
            )
            for order in self.sorted(lambda order: (order.date_order, order.id))
        ]
        return self.env["relance.credit.exposure"]._check_documents(
            self.company_id, documents, "sale_order_id", {"orders": self.ids}
        )
