# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class RelanceCollectionCaseRecover(models.TransientModel):
    """Register an amount a collection case's recipient recovered: a customer payment
    matched with the case's documents."""

    _name = "relance.collection.case.recover"
    _description = "Register an amount recovered on a collection case"

    case_id = fields.Many2one("relance.collection.case", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="case_id.company_id")
    currency_id = fields.Many2one(related="case_id.currency_id")
    amount_owed = fields.Monetary(related="case_id.amount_owed", string="Still Owed")
    amount = fields.Monetary(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one(
        "account.journal",
        "Paid Into",
        required=True,
        compute="_compute_journal_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
    )
    memo = fields.Char()

    @api.depends("case_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = wizard.case_id.company_id.relance_case_journal_id

    def action_register(self):
        self.ensure_one()
        self.case_id._register_recovered(self.amount, self.date, self.journal_id, self.memo)
        return {"type": "ir.actions.act_window_close"}
