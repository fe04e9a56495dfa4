# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's credit with the current company: exposure, limit, credit hold.

The amounts are for accounting, as Odoo's own ``credit_limit`` is; a salesperson sees
whether the customer is on credit hold and a traffic light, computed from the amounts
without showing them (``compute_sudo``)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import credit

ACCOUNTING = "account.group_account_invoice,account.group_account_readonly"
CREDIT_LIGHTS = [
    (credit.NO_LIMIT, "No limit"),
    (credit.GREEN, "Within limit"),
    (credit.AMBER, "Near limit"),
    (credit.RED, "Over limit"),
]


# One file per concern of res.partner in this addon: the split is the point.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    relance_credit_exposure_ids = fields.One2many(
        "relance.credit.exposure", "partner_id", "Credit Exposures", groups=ACCOUNTING
    )
    relance_credit_hold_ids = fields.One2many(
        "relance.credit.hold", "partner_id", "Credit Holds", groups=ACCOUNTING
    )
    relance_credit_authorisation_ids = fields.One2many(
        "relance.credit.authorisation", "partner_id", "Credit Authorisations", groups=ACCOUNTING
    )
    relance_credit_hold = fields.Boolean(
        "On Credit Hold",
        compute="_compute_relance_credit_hold",
        search="_search_relance_credit_hold",
        compute_sudo=True,
        help="The customer's next sales stop (or warn, as the company chose) until the "
        "hold is lifted. Not the hold on reminders, which only stops the dunning letters.",
    )
    relance_credit_hold_causes = fields.Char(
        "Credit Hold Causes", compute="_compute_relance_credit_hold", compute_sudo=True
    )
    relance_credit_light = fields.Selection(
        CREDIT_LIGHTS,
        "Credit Status",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        help="The exposure against the credit limit: within it, from 80 % of it (near), "
        "over it.",
    )
    relance_over_limit = fields.Boolean(
        "Over Credit Limit",
        compute="_compute_relance_exposure",
        search="_search_relance_over_limit",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_currency_id = fields.Many2one(
        "res.currency",
        "Exposure Currency",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_receivable = fields.Monetary(
        "Open Receivables",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_draft = fields.Monetary(
        "Draft Invoices",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_orders = fields.Monetary(
        "Orders Not Invoiced",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_total = fields.Monetary(
        "Exposure",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
        help="Open receivables, draft invoices and confirmed orders not invoiced, in the "
        "company's currency at today's rate, as last refreshed.",
    )
    relance_exposure_date = fields.Datetime(
        "Exposure Refreshed On",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )

    @api.depends_context("company")
    def _compute_relance_credit_hold(self):
        company = self.env.company
        commercial = self.commercial_partner_id
        causes = self.env["relance.credit.hold"]._active_causes(company, commercial.ids)
        labels = dict(
            self.env["relance.credit.hold"]._fields["cause"]._description_selection(self.env)
        )
        for partner in self:
            found = causes.get(partner.commercial_partner_id.id, ())
            partner.relance_credit_hold = bool(found)
            partner.relance_credit_hold_causes = ", ".join(labels[cause] for cause in found)

    @api.depends_context("company")
    def _compute_relance_exposure(self):
        company = self.env.company
        rows = self.env["relance.credit.exposure"].search_fetch(
            [("company_id", "=", company.id), ("partner_id", "in", self.commercial_partner_id.ids)],
            [
                "partner_id",
                "amount_receivable",
                "amount_draft",
                "amount_orders",
                "amount_total",
                "over_limit",
                "date_refreshed",
            ],
        )
        by_partner = {row.partner_id.id: row for row in rows}
        use_limits = company.account_use_credit_limit
        for partner in self:
            commercial = partner.commercial_partner_id
            row = by_partner.get(commercial.id)
            limit = credit.to_decimal(commercial.credit_limit) if use_limits else credit.ZERO
            total = credit.to_decimal(row.amount_total if row else 0)
            partner.relance_credit_light = credit.light(total, limit)
            partner.relance_over_limit = bool(row and row.over_limit)
            partner.relance_exposure_currency_id = company.currency_id
            partner.relance_exposure_receivable = row.amount_receivable if row else 0
            partner.relance_exposure_draft = row.amount_draft if row else 0
            partner.relance_exposure_orders = row.amount_orders if row else 0
            partner.relance_exposure_total = row.amount_total if row else 0
            partner.relance_exposure_date = row.date_refreshed if row else False

    def _search_relance_credit_hold(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Search on credit hold with = or != and a yes/no."))
        holds = (
            self.env["relance.credit.hold"]
            .sudo()
            ._search([("company_id", "=", self.env.company.id), ("state", "=", "active")])
        )
        positive = (operator == "=") == value
        return [
            ("commercial_partner_id", "in" if positive else "not in", holds.subselect("partner_id"))
        ]

    def _search_relance_over_limit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Search on over limit with = or != and a yes/no."))
        rows = (
            self.env["relance.credit.exposure"]
            .sudo()
            ._search([("company_id", "=", self.env.company.id), ("over_limit", "=", True)])
        )
        positive = (operator == "=") == value
        return [
            ("commercial_partner_id", "in" if positive else "not in", rows.subselect("partner_id"))
        ]

    @api.constrains("credit_limit")
    def _check_relance_credit_limit(self):
        for partner in self:
            if partner.sudo().credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The credit limit of %(customer)s cannot be negative: set 0 for no "
                        "limit, or the most it may owe.",
                        customer=partner.display_name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "credit_limit" in vals or "use_partner_credit_limit" in vals:
            self.env["relance.credit.exposure"]._refresh(self.env.company, self)
        return result

    def action_relance_set_credit_hold(self):
        """Open a new credit hold set by a person on this customer."""
        return self._relance_credit_form("relance.credit.hold", self.env._("Set a Credit Hold"))

    def action_relance_authorise_sales(self):
        """Open a new authorisation of this customer's sales despite hold or limit."""
        return self._relance_credit_form(
            "relance.credit.authorisation", self.env._("Authorise Sales")
        )

    def _relance_credit_form(self, model, title):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
