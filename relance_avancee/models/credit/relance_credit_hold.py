# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ...engine import credit

HOLD_CAUSES = [
    (credit.CAUSE_MANUAL, "Manual hold"),
    (credit.CAUSE_LEVEL, "Collections level reached"),
    (credit.CAUSE_OVERDUE, "Item overdue too long"),
    (credit.CAUSE_LIMIT, "Credit limit exceeded"),
    (credit.CAUSE_BROKEN_PLAN, "Payment plan broken"),
    (credit.CAUSE_REGISTER, "Public registers warning"),
]


class RelanceCreditHold(models.Model):
    """A credit hold: the customer's next sales stop (invoices posted, quotations
    confirmed) until it is lifted, unless a manager authorises them.

    Not the hold on reminders (``res.partner.relance_hold``), which stops the dunning
    letters and nothing else. A hold is set by a Collections manager, or by a rule the
    company chose (``res.company.relance_credit_hold_*``, the policy's
    ``credit_hold_level_id``), in which case it is lifted by itself once its cause
    clears. Lifted holds stay: with the authorisations, they are the customer's
    credit history.
    """

    _name = "relance.credit.hold"
    _description = "Credit hold"
    _inherit = ["relance.customer.mixin"]
    _order = "state, date_start desc, id desc"
    _check_company_auto = True

    cause = fields.Selection(HOLD_CAUSES, required=True, default=credit.CAUSE_MANUAL)
    detail = fields.Char(readonly=True, help="What the rule found, for automatic holds.")
    reason = fields.Text(help="Why a person set the hold.")
    state = fields.Selection(
        [("active", "Active"), ("lifted", "Lifted")],
        required=True,
        default="active",
        readonly=True,
    )
    date_start = fields.Date(
        "Set On", required=True, readonly=True, default=fields.Date.context_today
    )
    date_end = fields.Date("Lifted On", readonly=True)
    set_by_id = fields.Many2one("res.users", readonly=True, help="Empty: by a rule.")
    lifted_by_id = fields.Many2one(
        "res.users", readonly=True, help="Empty: by itself, its cause cleared."
    )

    @api.depends("partner_id", "cause")
    @api.depends_context("lang")
    def _compute_display_name(self):
        causes = dict(self._fields["cause"]._description_selection(self.env))
        for hold in self:
            hold.display_name = self.env._(
                "Credit hold on %(customer)s: %(cause)s",
                customer=hold.partner_id.display_name,
                cause=causes.get(hold.cause, ""),
            )

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"].browse(vals.get("partner_id") for vals in vals_list)
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        for vals in vals_list:
            vals.setdefault("cause", credit.CAUSE_MANUAL)
            if vals["cause"] == credit.CAUSE_MANUAL:
                if not (vals.get("reason") or "").strip():
                    raise ValidationError(
                        self.env._("Say why you set a credit hold: the reason is required.")
                    )
                vals["set_by_id"] = self.env.uid
            elif not self.env.su:
                raise UserError(
                    self.env._(
                        "Automatic credit holds are set by their rules; set a hold by hand "
                        "with the cause “Manual hold”."
                    )
                )
            if vals.get("partner_id"):
                vals["partner_id"] = commercial.get(vals["partner_id"], vals["partner_id"])
        holds = super().create(vals_list)
        holds._log_on_customers("set")
        return holds

    def action_lift(self):
        """Lift holds set by a person (a rule's hold lifts itself)."""
        automatic = self.filtered(lambda hold: hold.cause != credit.CAUSE_MANUAL)
        if automatic:
            raise UserError(
                self.env._(
                    "%(hold)s lifts itself once its cause clears. To let a sale through "
                    "before that, authorise it.",
                    hold=automatic[0].display_name,
                )
            )
        self._lift(self.env.user)

    def _lift(self, user=None):
        active = self.filtered(lambda hold: hold.state == "active")
        active.write(
            {
                "state": "lifted",
                "date_end": fields.Date.context_today(self),
                "lifted_by_id": user.id if user else False,
            }
        )
        active._log_on_customers("lifted")

    def _log_on_customers(self, event):
        """A note on each customer's chatter for ``event`` ("set" or "lifted"), in the
        company's language (the holds of a scheduled run are set by OdooBot)."""
        for company, holds in self.grouped("company_id").items():
            lines = {}
            for hold in holds.with_context(lang=company._relance_lang()):
                lines.setdefault(hold.partner_id.id, []).append(hold._describe(event))
            bodies = {
                partner_id: Markup("<br/>").join(found) for partner_id, found in lines.items()
            }
            self.env["res.partner"].browse(bodies)._message_log_batch(bodies=bodies)

    def _describe(self, event):
        """One line of the chatter note of ``event``, in the context's language."""
        self.ensure_one()
        if event == "set":
            line = self.env._("Credit hold set: %(hold)s", hold=self.display_name)
        else:
            line = self.env._("Credit hold lifted: %(hold)s", hold=self.display_name)
        explanation = self.detail or self.reason
        return f"{line} ({explanation})" if explanation else line

    @api.model
    def _active_causes(self, company, partner_ids):
        """{partner id: (causes of its active holds)} in ``company``."""
        holds = self.sudo().search_fetch(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", list(partner_ids)),
                ("state", "=", "active"),
            ],
            ["partner_id", "cause"],
        )
        causes = {}
        for hold in holds:
            causes.setdefault(hold.partner_id.id, []).append(hold.cause)
        return {partner_id: tuple(found) for partner_id, found in causes.items()}

    @api.model
    def _sync_automatic(self, company, partner_ids, facts):
        """Set the automatic holds the company's rules call for and lift those whose
        cause cleared, for the customers ``partner_ids`` (``facts``: their HoldFacts)."""
        rules = company._relance_credit_hold_rules()
        wanted = {
            (partner_id, cause): partner_facts
            for partner_id, partner_facts in facts.items()
            for cause in credit.hold_causes(partner_facts, rules)
        }
        current = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "active"),
                ("cause", "in", list(credit.AUTOMATIC_CAUSES)),
                ("partner_id", "in", list(partner_ids)),
            ]
        )
        held = {(hold.partner_id.id, hold.cause) for hold in current}
        current.filtered(lambda hold: (hold.partner_id.id, hold.cause) not in wanted)._lift()
        new = [
            {
                "partner_id": partner_id,
                "company_id": company.id,
                "cause": cause,
                "detail": self._automatic_detail(company, cause, partner_facts, rules),
            }
            for (partner_id, cause), partner_facts in wanted.items()
            if (partner_id, cause) not in held
        ]
        if new:
            self.sudo().create(new)

    @api.model
    def _automatic_detail(self, company, cause, facts, rules):
        """What a rule found, in the company's language."""
        env = self.with_context(lang=company._relance_lang()).env
        if cause == credit.CAUSE_LEVEL:
            return env._("level reached: %(level)s", level=facts.level_reached)
        if cause == credit.CAUSE_OVERDUE:
            return env._(
                "an item is %(days)s days overdue, the rule holds after %(limit)s",
                days=facts.oldest_days_late,
                limit=rules.overdue_days,
            )
        if cause == credit.CAUSE_LIMIT:
            return env._("the exposure is over the credit limit")
        if cause == credit.CAUSE_REGISTER:
            return env._("the public registers show it ceased, deregistered or in proceedings")
        return env._("a payment plan was broken")
