# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.tools import float_is_zero


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Kept per receivable line, not per invoice: instalments climb the ladder apart.
    # The state lives in relance.line.state (at most one per line), read through here.
    relance_state_ids = fields.One2many("relance.line.state", "move_line_id", "Collections State")
    relance_level_id = fields.Many2one(
        "relance.level", "Collections Level", related="relance_state_ids.level_id"
    )
    relance_to_hand_over = fields.Boolean("To Hand Over", related="relance_state_ids.to_hand_over")
    relance_communication_line_ids = fields.One2many(
        "relance.communication.line", "move_line_id", "Collections History"
    )
    # On the lines of penalty invoices: which invoice's lateness a line claims, and
    # up to which day, so that a later penalty invoice claims only the days after.
    relance_penalty_source_id = fields.Many2one(
        "account.move",
        "Penalty For",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    relance_penalty_kind = fields.Selection(
        [("interest", "Late-payment interest"), ("indemnity", "Recovery indemnity")],
        "Penalty",
        readonly=True,
        copy=False,
    )
    relance_penalty_until = fields.Date("Interest Claimed Until", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # What collections look at: one definition for the run, the statement,
    # promises, penalties and the sender.
    # ------------------------------------------------------------------
    @api.model
    def _relance_open_receivable_domain(self):
        """A receivable line still open in the books: posted, not reconciled, with
        something left (a debt, or a credit not yet used)."""
        return [
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", "!=", 0),
        ]

    @api.model
    def _relance_collectable_domain(self):
        """An open receivable line collections may claim: of a customer, and of an
        invoice not excluded from collections (``account.move.relance_excluded``)."""
        return [
            *self._relance_open_receivable_domain(),
            ("partner_id", "!=", False),
            ("move_id", "any", self.env["account.move"]._relance_collectable_domain()),
        ]

    def _relance_is_open(self):
        """Whether this line is still open, as read now (the sender's last check)."""
        self.ensure_one()
        return not self.reconciled and not float_is_zero(
            self.amount_residual_currency, precision_rounding=self.currency_id.rounding
        )

    # ------------------------------------------------------------------
    # What a reconciliation settles at once, rather than a day later: the collections
    # work that waited only for what is now paid is closed, and each capability settles
    # what it completes through the ``account.move._relance_paid`` hook (a payment plan
    # paid off, a collection case recovered).
    # ------------------------------------------------------------------
    def _reconcile_plan_with_sync(self, plan_list, all_amls):
        result = super()._reconcile_plan_with_sync(plan_list, all_amls)
        receivable = all_amls.filtered(lambda line: line.account_type == "asset_receivable")
        if receivable:
            receivable.move_id._relance_paid()
            # Whoever matches a payment may have no collections rights: the work it
            # settles is closed all the same.
            Communication = self.env["relance.communication"].sudo()
            for company, lines in receivable.grouped("company_id").items():
                Communication._withdraw_settled(
                    lines.partner_id, company, lambda env: env._("Paid.")
                )
        return result
