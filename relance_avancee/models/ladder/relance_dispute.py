# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RelanceDispute(models.Model):
    """A customer disputes an invoice: no reminder for it while the dispute runs."""

    _name = "relance.dispute"
    _inherit = ["relance.checked.mixin"]
    _description = "Disputed invoice"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        "Invoice",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("move_type", "in", ("out_invoice", "out_receipt"))],
        check_company=True,
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id", string="Customer", store=True
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    amount_disputed = fields.Monetary(
        "Disputed Amount",
        related="move_id.amount_residual_signed",
        currency_field="company_currency_id",
        store=True,
        help="What is still owed on the invoice, in the company's currency: what the "
        "dispute keeps out of collections.",
    )
    reason = fields.Selection(
        [
            ("quality", "Quality"),
            ("quantity", "Quantity or delivery"),
            ("price", "Price"),
            ("not_ordered", "Not ordered"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    note = fields.Text()
    date_start = fields.Date("From", required=True, default=fields.Date.context_today)
    date_end = fields.Date("Until", help="The dispute is released automatically after this date.")
    resolved = fields.Boolean(help="Ticked when the dispute is settled before its end date.")
    user_id = fields.Many2one("res.users", "Recorded By", default=lambda self: self.env.user)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for dispute in self.filtered(lambda d: d.date_end and d.date_end < d.date_start):
            raise ValidationError(
                self.env._(
                    "The dispute on %(invoice)s ends (%(end)s) before it starts (%(start)s): "
                    "correct its dates.",
                    invoice=dispute.move_id.name,
                    end=dispute.date_end,
                    start=dispute.date_start,
                )
            )

    @api.model
    def _active_domain(self, day):
        """Hook: disputes that suspend collections on ``day``."""
        return [
            ("resolved", "=", False),
            ("date_start", "<=", day),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", day),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        disputes = super().create(vals_list)
        disputes._withdraw_work()
        return disputes

    def _withdraw_work(self):
        """What waits for the disputed invoices alone is no longer to do (once per
        company, however many disputes are recorded at once)."""
        for company, disputes in self.grouped("company_id").items():
            names = ", ".join(disputes.move_id.mapped("name"))
            self.env["relance.communication"].sudo()._withdraw_settled(
                disputes.partner_id,
                company,
                lambda env, names=names: env._("Invoice %(invoice)s is disputed.", invoice=names),
            )
