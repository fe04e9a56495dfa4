# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The next step weighed: the procedures open to a customer's debt or to a collection
case, each with its cost, what it may bring back and why it is or is not open. It
shows; the user chooses."""

from odoo import api, fields, models

from ...models.collection_cases.res_partner import DEBTOR_KINDS


class RelanceProcedureOptions(models.TransientModel):
    _name = "relance.procedure.options"
    _description = "Next step after the formal notice, weighed"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, readonly=True)
    case_id = fields.Many2one("relance.collection.case", "Collection Case", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(
        "res.currency", readonly=True, help="The legal thresholds are in euros: so is the table."
    )
    amount_principal = fields.Monetary("Principal", readonly=True)
    amount_interest = fields.Monetary("Late-Payment Interest", readonly=True)
    amount_indemnity = fields.Monetary("Recovery Indemnities", readonly=True)
    amount_costs = fields.Monetary("Recovery Costs Spent", readonly=True)
    amount_disputed = fields.Monetary(
        "Disputed, Left Out", readonly=True, help="Invoices under dispute: no court claims them."
    )
    amount_claim = fields.Monetary("Claim", readonly=True)
    date_oldest_due = fields.Date("Oldest Due Date", readonly=True)
    days_late = fields.Integer(readonly=True)
    debtor_country_id = fields.Many2one("res.country", "Customer's Country", readonly=True)
    debtor_kind = fields.Selection(DEBTOR_KINDS, "Customer Is", readonly=True)
    in_proceedings = fields.Boolean("In Collective Proceedings", readonly=True)
    warning = fields.Text(readonly=True)
    line_ids = fields.One2many(
        "relance.procedure.option", "options_id", "Procedures", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.write(wizard.partner_id._relance_weigh_procedures(wizard.case_id))
        return wizards

    @api.model
    def _open(self, partner, case=None):
        """The weighed next step of ``partner``'s overdue debt, or of ``case``, in a
        dialog."""
        wizard = self.create(
            {
                "partner_id": partner.id,
                "case_id": case.id if case else False,
                "company_id": (case.company_id if case else self.env.company).id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Next Step, Weighed"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }
