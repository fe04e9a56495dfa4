# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..engine import penalties

PENALTY_REGIMES = [
    (penalties.FR_B2B, "France – between businesses (Code de commerce L441-10)"),
    (penalties.FR_PUBLIC, "France – public purchaser (Code de la commande publique)"),
    (penalties.FR_CONSUMER, "France – consumer (legal interest rate)"),
    (penalties.BE_B2B, "Belgium – between businesses (law of 2 August 2002)"),
    (penalties.BE_CONSUMER, "Belgium – consumer (Code de droit économique, book XIX)"),
    ("none", "No late-payment penalties"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_policy_id = fields.Many2one(
        "relance.policy",
        "Collections Policy",
        company_dependent=True,
        check_company=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Leave empty to follow the company's default policy.",
    )
    relance_collector_id = fields.Many2one(
        "res.users",
        "Collector",
        company_dependent=True,
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("relance_avancee.group_relance_user").ids),
        ],
        help="The Collections user who makes this customer's collection calls and "
        "gets its collection activities. Empty: the customer's salesperson if a "
        "Collections user, else whoever ran the collections, else the company's "
        "collections responsible.",
    )
    relance_hold = fields.Boolean(
        "Reminders On Hold",
        company_dependent=True,
        help="No reminder is sent to this customer while the hold lasts. Its sales go on: "
        "a credit hold is what stops them.",
    )
    relance_hold_reason = fields.Char("Hold Reason", company_dependent=True)
    relance_hold_until = fields.Date(
        "Hold Until",
        company_dependent=True,
        help="The hold is released automatically after this date; empty: until lifted.",
    )
    relance_public_body = fields.Boolean(
        "Public Body",
        help="A public purchaser: in France, late-payment interest follows the Code de "
        "la commande publique (ECB rate + 8 points).",
    )
    relance_penalty_regime = fields.Selection(
        PENALTY_REGIMES,
        "Late-Payment Regime",
        help="Empty: from the company's country and the customer (business, private "
        "person, public body).",
    )
    relance_contractual_rate = fields.Float(
        "Contractual Late-Payment Rate (%)",
        digits=(6, 3),
        aggregator=None,
        help="The yearly rate of your terms of sale, if any. France: never less than "
        "three times the legal interest rate, which applies instead. Empty: the "
        "statutory rate.",
    )
    relance_promise_ids = fields.One2many("relance.promise", "partner_id", "Promises to Pay")
    relance_communication_ids = fields.One2many(
        "relance.communication", "partner_id", "Collections History"
    )
    relance_communication_count = fields.Integer(compute="_compute_relance_communication_count")

    @api.depends("relance_communication_ids")
    @api.constrains("relance_policy_id")
    def _check_relance_policy_company(self):
        # res.partner does not check its companies by itself (no _check_company_auto).
        self._check_company(["relance_policy_id"])

    def _compute_relance_communication_count(self):
        counts = dict(
            self.env["relance.communication"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.relance_communication_count = counts.get(partner, 0)

    def _relance_penalty_regime(self, company):
        """The late-payment regime of this customer with ``company``, or False."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if partner.relance_penalty_regime:
            return partner.relance_penalty_regime != "none" and partner.relance_penalty_regime
        country = company._relance_country_code()
        if country == "FR":
            if partner.relance_public_body:
                return penalties.FR_PUBLIC
            return penalties.FR_B2B if partner.is_company else penalties.FR_CONSUMER
        if country == "BE":
            return penalties.BE_B2B if partner.is_company else penalties.BE_CONSUMER
        return False

    def write(self, vals):
        result = super().write(vals)
        if vals.get("relance_hold"):
            self._relance_withdraw_held()
        return result

    def _relance_withdraw_held(self):
        """Put on hold in the current company: what waits for them is not to do."""
        company = self.env.company
        for partner in self.with_company(company):
            reason = partner.relance_hold_reason
            self.env["relance.communication"].sudo()._withdraw_settled(
                partner,
                company,
                lambda env, reason=reason: env._(
                    "Collections put on hold: %(reason)s", reason=reason
                )
                if reason
                else env._("Collections put on hold."),
            )

    def action_relance_run_now(self):
        """Run the collections ladder at once for the selected customers."""
        run = self.env["relance.run"]._run_now(partners=self)
        return run._get_result_action()
