# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, format_date

from ...engine import credit, insurance

WARNINGS = [
    (insurance.WARN_OVER_COVER, "Exposure over the cover"),
    (insurance.WARN_EXPIRED, "Cover expired"),
    (insurance.WARN_NOTHING_COVERED, "Nothing covered"),
]


class RelanceInsuranceCover(models.Model):
    """The amount up to which the insurer covers one customer, for a period: agreed,
    reduced or withdrawn by the insurer, customer by customer, during the policy."""

    _name = "relance.insurance.cover"
    _inherit = ["relance.checked.mixin", "relance.period.mixin"]
    _description = "Credit insurance cover"
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_name = "partner_id"

    policy_id = fields.Many2one(
        "relance.insurance.policy",
        "Insurance Policy",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    amount = fields.Monetary(
        "Amount Covered", help="0 when the insurer refused to cover this customer."
    )
    date_start = fields.Date("From", required=True, default=fields.Date.context_today)
    date_end = fields.Date("Until", help="Empty while the insurer has not set an end.")
    reference = fields.Char("Insurer's Reference", help="The insurer's decision or grade number.")
    state = fields.Selection(
        [
            (insurance.FUTURE, "Not started"),
            (insurance.ACTIVE, "Running"),
            (insurance.EXPIRED, "Expired"),
        ],
        compute="_compute_state",
    )
    exposure = fields.Monetary(
        compute="_compute_warning", help="The customer's exposure, as last refreshed."
    )
    warning = fields.Selection(WARNINGS, compute="_compute_warning")

    @api.depends("policy_id", "amount")
    def _compute_display_name(self):
        for cover in self:
            amount = format_amount(self.env, cover.amount, cover.currency_id)
            cover.display_name = f"{cover.policy_id.display_name} – {amount}"

    @api.depends("date_start", "date_end")
    @api.depends_context("tz")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for cover in self:
            cover.state = cover.date_start and cover._engine().state(today)

    @api.depends("amount", "date_start", "date_end", "partner_id", "company_id")
    @api.depends_context("tz")
    def _compute_warning(self):
        today = fields.Date.context_today(self)
        rows = (
            self.env["relance.credit.exposure"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ],
                ["partner_id", "company_id", "amount_total"],
            )
        )
        exposures = {(row.partner_id.id, row.company_id.id): row.amount_total for row in rows}
        for cover in self:
            exposure = exposures.get((cover.partner_id.id, cover.company_id.id), 0)
            cover.exposure = exposure
            cover.warning = cover.date_start and insurance.warning(
                cover._engine(), credit.to_decimal(exposure), today
            )

    def _engine(self):
        self.ensure_one()
        return insurance.Cover(
            self.id, credit.to_decimal(self.amount), self.date_start, self.date_end or None
        )

    @api.constrains("amount", "date_start", "date_end", "partner_id", "policy_id")
    def _check_cover(self):
        for cover in self:
            if cover.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The cover of %(customer)s cannot be negative: 0 when the insurer "
                        "refused it, or the amount it agreed.",
                        customer=cover.partner_id.display_name,
                    )
                )
            if cover.date_end and cover.date_end < cover.date_start:
                raise ValidationError(
                    self.env._(
                        "The cover of %(customer)s cannot end (%(end)s) before it starts "
                        "(%(start)s).",
                        customer=cover.partner_id.display_name,
                        end=format_date(self.env, cover.date_end),
                        start=format_date(self.env, cover.date_start),
                    )
                )
            if cover.partner_id.parent_id:
                raise ValidationError(
                    self.env._(
                        "A cover is agreed for a company, not for one of its contacts: "
                        "choose %(company)s.",
                        company=cover.partner_id.commercial_partner_id.display_name,
                    )
                )
            others = cover._overlapping(
                [("policy_id", "=", cover.policy_id.id), ("partner_id", "=", cover.partner_id.id)]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(customer)s already has a cover of this policy from %(start)s: "
                        "set its end first (the day before the new cover starts).",
                        customer=cover.partner_id.display_name,
                        start=format_date(self.env, others[0].date_start),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        covers = super().create(vals_list)
        covers._log_on_customers()
        covers._apply_to_credit_limits()
        return covers

    def write(self, vals):
        result = super().write(vals)
        if {"amount", "date_start", "date_end", "partner_id", "policy_id"} & set(vals):
            self._log_on_customers()
            self._apply_to_credit_limits()
        return result

    def _log_on_customers(self):
        for company, covers in self.grouped("company_id").items():
            bodies = {}
            for cover in covers.with_context(lang=company._relance_lang()):
                line = cover._describe()
                key = cover.partner_id.id
                bodies[key] = Markup("<br/>").join([bodies[key], line]) if key in bodies else line
            self.env["res.partner"].browse(bodies)._message_log_batch(bodies=bodies)

    def _describe(self):
        self.ensure_one()
        values = {
            "policy": self.policy_id.display_name,
            "amount": format_amount(self.env, self.amount, self.currency_id),
            "start": format_date(self.env, self.date_start),
        }
        if self.date_end:
            return self.env._(
                "Credit insurance cover (%(policy)s): %(amount)s from %(start)s until %(end)s",
                end=format_date(self.env, self.date_end),
                **values,
            )
        return self.env._(
            "Credit insurance cover (%(policy)s): %(amount)s from %(start)s", **values
        )

    def _apply_to_credit_limits(self):
        """Where the policy says so, the customer's credit limit (in the cover's
        company) becomes the amount of the cover running today. A cover of 0 leaves
        the limit alone: a limit of 0 means no limit in Odoo, the opposite of a
        refusal; the customer's form warns instead."""
        today = fields.Date.context_today(self)
        for cover in self:
            if not cover.policy_id.credit_limit_follows_cover or cover.amount <= 0:
                continue
            if cover._engine().state(today) != insurance.ACTIVE:
                continue
            partner = cover.partner_id.sudo().with_company(cover.company_id)
            if partner.credit_limit != cover.amount:
                partner.credit_limit = cover.amount

    @api.model
    def _cron_apply_starting_covers(self):
        """The daily run: a cover agreed ahead of its start sets the limit on the day
        it starts."""
        today = fields.Date.context_today(self)
        self.sudo().search([("date_start", "=", today)])._apply_to_credit_limits()
