# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A row of the aged balance on screen: a customer's balance with one company in one
currency, by bucket, in the company's currency and in the currency."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...engine import ageing

# Not due, then at most MAX_RANGES late ranges: a column each.
BUCKET_COUNT = ageing.MAX_RANGES + 1


def _bucket_fields():
    """The bucket columns: ``amount_<position>`` in the company's currency and
    ``amount_currency_<position>`` in the currency. Their titles are the report's
    (``fields_get``); these are only their defaults."""
    columns = {}
    for position in range(BUCKET_COUNT):
        title = "Not Due" if position == 0 else f"Late Range {position}"
        columns[f"amount_{position}"] = fields.Monetary(
            title, currency_field="company_currency_id", aggregator="sum"
        )
        columns[f"amount_currency_{position}"] = fields.Monetary(
            f"{title} in Currency", currency_field="currency_id", aggregator="sum"
        )
    return columns


class RelanceAgedBalanceLine(models.TransientModel):
    _name = "relance.aged.balance.line"
    _inherit = ["relance.group.currency.mixin"]
    _description = "Aged Balance Row"
    _order = "partner_id, company_id, currency_id"
    _rec_name = "partner_id"

    report_id = fields.Many2one("relance.aged.balance", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    company_currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    currency_id_in_group = fields.Integer(
        "Currency of the Group", compute="_compute_currency_in_group", aggregator="single"
    )
    company_currency_id_in_group = fields.Integer(
        "Company Currency of the Group", compute="_compute_currency_in_group", aggregator="single"
    )
    locals().update(_bucket_fields())
    credit = fields.Monetary(
        "Unallocated Credit",
        currency_field="company_currency_id",
        aggregator="sum",
        help="Payments and credit notes not yet matched with an invoice on the date.",
    )
    credit_currency = fields.Monetary(
        "Unallocated Credit in Currency", currency_field="currency_id", aggregator="sum"
    )
    overdue = fields.Monetary(currency_field="company_currency_id", aggregator="sum")
    total = fields.Monetary(currency_field="company_currency_id", aggregator="sum")
    total_currency = fields.Monetary(
        "Total in Currency", currency_field="currency_id", aggregator="sum"
    )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The bucket columns titled as the report's companies name their ranges."""
        result = super().fields_get(allfields, attributes)
        report = self.env["relance.aged.balance"]._relance_report_of_context()
        if not report:
            return result
        for position, label in enumerate(report._labels()):
            for name, title in (
                (f"amount_{position}", label),
                (f"amount_currency_{position}", self.env._("%(bucket)s in Currency", bucket=label)),
            ):
                if "string" in result.get(name, {}):
                    result[name]["string"] = title
        return result

    def action_show_graph(self):
        """The list's Graph by Range (a header button: no row needed): the graph of
        the report on screen."""
        report = self.env["relance.aged.balance"]._relance_report_of_context()
        if not report:
            raise UserError(self.env._("This aged balance is no longer available: show it again."))
        return report.action_show_graph()

    def action_open_items(self):
        """The customer's open receivable items with the row's company, as of now."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open Items of %(customer)s", customer=self.partner_id.display_name),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "views": [(self.env.ref("account.view_move_line_tree").id, "list"), (False, "form")],
            "domain": [
                *self.env["account.move.line"]._relance_open_receivable_domain(),
                ("company_id", "=", self.company_id.id),
                ("partner_id", "child_of", self.partner_id.id),
            ],
            "context": {"create": False},
        }

    def action_print_statement(self):
        """The customer's statement of account with the row's company, at the
        report's date: the same figures as the row."""
        self.ensure_one()
        return (
            self.env.ref("relance_avancee.action_report_relance_statement")
            .with_context(
                relance_statement_date=fields.Date.to_string(self.report_id.date),
                relance_statement_company_id=self.company_id.id,
            )
            .report_action(self.partner_id, config=False)
        )

    def action_open_collections(self):
        """The customer's form, on its Collections tab."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
