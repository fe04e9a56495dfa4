# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The company's credit control: how a document over the limit or on hold is treated,
and the rules that set credit holds by themselves."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...engine import credit, score

# The settings whose change moves every customer's "over limit" flag or holds.
CREDIT_SETTINGS = (
    "account_use_credit_limit",
    "relance_credit_hold_overdue_days",
    "relance_credit_hold_over_limit",
    "relance_credit_hold_broken_plan",
    "relance_credit_hold_register",
)


def weight_field(name):
    return f"relance_score_weight_{name}"


WEIGHT_FIELDS = tuple(weight_field(name) for name in score.FACTORS)


class ResCompany(models.Model):
    _inherit = "res.company"

    relance_credit_check = fields.Selection(
        [
            (credit.OFF, "Off"),
            (credit.WARN, "Warn"),
            (credit.BLOCK, "Block"),
        ],
        "Credit Check",
        required=True,
        default=credit.WARN,
        help="When a customer invoice is posted or a quotation confirmed for a customer "
        "over its credit limit or on credit hold. Warn: it goes through and its "
        "chatter says so. Block: it is refused unless a Collections manager "
        "authorised it. Off: nothing is checked.",
    )
    relance_credit_hold_overdue_days = fields.Integer(
        "Credit Hold After Days Overdue",
        help="Put a customer on credit hold while one of its items is more than this "
        "many days past due. 0: no such hold.",
    )
    relance_credit_hold_over_limit = fields.Boolean(
        "Credit Hold Over the Limit",
        help="Put a customer on credit hold while its exposure is over its credit limit.",
    )
    relance_credit_hold_broken_plan = fields.Boolean(
        "Credit Hold on a Broken Payment Plan",
        help="Put a customer on credit hold while a payment plan of its is broken.",
    )
    relance_credit_hold_register = fields.Boolean(
        "Credit Hold on a Public Registers Warning",
        help="Put a customer on credit hold while the last check of the public registers "
        "found it ceased, deregistered or in a collective proceeding.",
    )
    relance_register_check_on_create = fields.Boolean(
        "Check the Public Registers of New Customers",
        help="When a customer with a SIREN or SIRET is created, ask the public "
        "registers about it in the background (French customers).",
    )

    # The weights of the company's reliability score.
    relance_score_weight_days_late = fields.Integer(
        "Weight: Days Late",
        default=score.DEFAULT_WEIGHTS[score.DAYS_LATE],
        help="Points taken off for the average days late of the items paid in the last "
        "12 months, weighted by their amounts (all of them from 60 days).",
    )
    relance_score_weight_late_share = fields.Integer(
        "Weight: Invoices Paid Late",
        default=score.DEFAULT_WEIGHTS[score.LATE_SHARE],
        help="Points taken off for the share of the invoices paid in the last 12 months "
        "that were paid after their due date (all of them when every one was).",
    )
    relance_score_weight_broken_promises = fields.Integer(
        "Weight: Broken Promises",
        default=score.DEFAULT_WEIGHTS[score.BROKEN_PROMISES],
        help="Points taken off for the promises to pay broken in the last 12 months "
        "(all of them from 3).",
    )
    relance_score_weight_disputes = fields.Integer(
        "Weight: Disputes",
        default=score.DEFAULT_WEIGHTS[score.DISPUTES],
        help="Points taken off for the disputes opened in the last 12 months (all of "
        "them from 3).",
    )
    relance_score_weight_formal_notices = fields.Integer(
        "Weight: Formal Notices",
        default=score.DEFAULT_WEIGHTS[score.FORMAL_NOTICES],
        help="Points taken off for the formal notices sent in the last 12 months (all "
        "of them from 2).",
    )
    relance_score_weight_overdue_share = fields.Integer(
        "Weight: Overdue Now",
        default=score.DEFAULT_WEIGHTS[score.OVERDUE_SHARE],
        help="Points taken off for the amount overdue today against the amount invoiced "
        "in the last 12 months (all of them from half of it).",
    )

    @api.constrains("relance_credit_check", "account_use_credit_limit")
    def _check_relance_credit_block(self):
        for company in self:
            if (
                company.relance_credit_check == credit.BLOCK
                and not company.account_use_credit_limit
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s cannot block sales on credit: it uses no credit limit. "
                        "Tick Sales Credit Limit in the accounting settings first (a limit "
                        "of 0 on a customer still means no limit).",
                        company=company.name,
                    )
                )

    @api.constrains("relance_credit_hold_overdue_days")
    def _check_relance_credit_hold_overdue_days(self):
        if any(company.relance_credit_hold_overdue_days < 0 for company in self):
            raise ValidationError(
                self.env._("The days overdue before a credit hold cannot be negative (0: never).")
            )

    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in CREDIT_SETTINGS):
            for company in self:
                self.env["relance.credit.exposure"]._refresh(company)
        return result

    def _relance_credit_hold_rules(self):
        """The company's automatic credit hold rules, for the engine."""
        self.ensure_one()
        return credit.HoldRules(
            overdue_days=self.relance_credit_hold_overdue_days,
            over_limit=self.relance_credit_hold_over_limit,
            broken_plan=self.relance_credit_hold_broken_plan,
            register_alert=self.relance_credit_hold_register,
        )

    # ------------------------------------------------------------------
    # The weights of the company's reliability score (engine/score.py documents the
    # formula): how many of the 100 points each factor can take off.
    # ------------------------------------------------------------------

    @api.constrains(*WEIGHT_FIELDS)
    def _check_relance_score_weights(self):
        for company in self:
            try:
                score.check_weights(company._relance_score_weights())
            except score.WeightsError as error:
                if error.code == "negative":
                    message = self.env._("The weights of the reliability score cannot be negative.")
                else:
                    message = self.env._(
                        "The weights of the reliability score of %(company)s add up to "
                        "%(total)s: they must add up to 100, the points a customer can lose.",
                        company=company.name,
                        total=error.total,
                    )
                raise ValidationError(message) from error

    def _relance_score_weights(self):
        """{factor: weight} for the engine."""
        self.ensure_one()
        return {name: self[weight_field(name)] for name in score.FACTORS}
