# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_amount, format_date


class RelancePromise(models.Model):
    """A customer promised to pay: collections wait until the promised date.

    At the first run after that date, a promise whose amount was not received is
    broken: it is recorded on the customer and the customer's items move up a level.
    """

    _name = "relance.promise"
    _description = "Promise to pay"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, check_company=True
    )
    # Stored: the whole list's total is grouped by it, to know its currency.
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    amount = fields.Monetary(required=True)
    date = fields.Date("Promised For", required=True)
    owed_when_promised = fields.Monetary(readonly=True)
    note = fields.Text()
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")],
        required=True,
        default="open",
        readonly=True,
        index=True,
    )
    escalated = fields.Boolean(
        readonly=True, help="Technical: the broken promise already moved the items up."
    )
    user_id = fields.Many2one("res.users", "Recorded By", default=lambda self: self.env.user)

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        promises._record_owed()
        promises._check_promise()
        return promises

    def write(self, vals):
        result = super().write(vals)
        if {"partner_id", "company_id"} & set(vals):
            # Another customer's or company's promise: what it owed must be theirs.
            self._record_owed()
        if {"amount", "date", "partner_id", "company_id"} & set(vals):
            self._check_promise()
        return result

    def _record_owed(self):
        owed = self._owed_by_customer()
        for promise in self:
            promise.owed_when_promised = owed.get(promise.partner_id.commercial_partner_id, 0.0)

    def _owed_by_customer(self):
        """What each customer owes the company now, in company currency."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "in", self.company_id.ids),
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
            ],
            ["partner_id"],
            ["amount_residual:sum"],
        )
        return dict(groups)

    def _check_promise(self):
        today = fields.Date.context_today(self)
        for promise in self:
            if promise.date < today:
                raise ValidationError(
                    self.env._(
                        "A promise to pay cannot be dated in the past (%(date)s): enter the "
                        "date the customer promised to pay.",
                        date=promise.date,
                    )
                )
            if promise.amount <= 0:
                raise ValidationError(self.env._("The promised amount must be positive."))
            if (
                float_compare(
                    promise.amount,
                    promise.owed_when_promised,
                    precision_rounding=promise.currency_id.rounding,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(customer)s promises %(amount)s but owes only %(owed)s: a promise "
                        "cannot exceed what is owed.",
                        customer=promise.partner_id.name,
                        amount=promise.amount,
                        owed=promise.owed_when_promised,
                    )
                )

    @api.model
    def _due_promises(self, company, today, partners):
        return self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "open"),
                ("date", "<", today),
                ("partner_id", "in", partners.ids),
            ]
        )

    def _broken(self):
        """The promises among ``self`` whose amount was not received.

        Kept when what the customer owes fell by at least the promised amount since
        the promise was made.
        """
        owed = self._owed_by_customer()
        return self.filtered(
            lambda p: float_compare(
                p.owed_when_promised - owed.get(p.partner_id.commercial_partner_id, 0.0),
                p.amount,
                precision_rounding=p.currency_id.rounding,
            )
            < 0
        )

    @api.model
    def _settle(self, due, broken):
        """Record what a run's read step found (``relance.run._promise_breakers``):
        the ``due`` promises kept or broken, each broken one also on the customer's
        chatter, and every ``broken`` one as having escalated its customer."""
        newly_broken = due & broken
        (due - broken).state = "kept"
        newly_broken.state = "broken"
        broken.escalated = True
        for promise in newly_broken:
            promise.partner_id.sudo().message_post(
                body=self.env._(
                    "Broken promise to pay: %(amount)s promised for %(date)s.",
                    amount=format_amount(self.env, promise.amount, promise.currency_id),
                    date=format_date(self.env, promise.date),
                ),
                subtype_xmlid="mail.mt_note",
            )
