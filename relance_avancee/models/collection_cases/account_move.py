# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An invoice's collection cases: the open one holds it out of collections."""

from odoo import Command, api, fields, models

from .relance_collection_case import CASE_STATES, OPEN_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    relance_case_ids = fields.Many2many(
        "relance.collection.case",
        "relance_collection_case_move_rel",
        "move_id",
        "case_id",
        "Collection Cases",
        readonly=True,
        copy=False,
    )
    relance_case_id = fields.Many2one(
        "relance.collection.case",
        "Collection Case",
        compute="_compute_relance_case_id",
        help="The open collection case this document is handed over in.",
    )
    relance_case_state = fields.Selection(
        CASE_STATES, "Case Status", compute="_compute_relance_case_id"
    )
    relance_commission_case_id = fields.Many2one(
        "relance.collection.case",
        "Commission of Case",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The collection case whose recipient's commission this vendor bill pays.",
    )
    relance_write_off_case_id = fields.Many2one(
        "relance.collection.case",
        "Written Off in Case",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The collection case declared unrecoverable that this credit note writes off.",
    )

    @api.depends("relance_case_ids.state")
    def _compute_relance_case_id(self):
        for move in self:
            case = move.relance_case_ids.filtered(lambda case: case.state in OPEN_STATES)[:1]
            move.relance_case_id = case
            move.relance_case_state = case.state

    def action_relance_collection_case(self):
        """A new collection case on this invoice's customer, with this invoice."""
        return self.env["relance.collection.case"]._open_new(self.commercial_partner_id[:1], self)

    def _relance_settle_rounding(self, target):
        """On this draft credit note, a line without tax for what the taxes' rounding
        leaves between its total and ``target`` (a cent or two), on the account of its
        first line: the write-off then settles its invoice exactly."""
        self.ensure_one()
        difference = self.currency_id.round(target - self.amount_total)
        if self.currency_id.is_zero(difference):
            return
        self.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": self.env._("Rounding of the taxes"),
                            "account_id": self.invoice_line_ids[:1].account_id.id,
                            "quantity": 1,
                            "price_unit": difference,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ]
            }
        )

    def _relance_paid(self):
        # A case at its recipient that nothing is owed on any more is recovered.
        result = super()._relance_paid()
        self.env["relance.collection.case"]._recover_paid(self)
        return result

    def action_relance_open_case(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "relance.collection.case",
            "res_id": self.relance_case_id.id,
            "view_mode": "form",
        }

    def _relance_holding_models(self):
        return [*super()._relance_holding_models(), "relance.collection.case"]
