# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The collection case: a customer's invoices handed over to a collection agency, a
commissaire de justice or a lawyer once the amicable steps failed. While a case is
open, collections leave its invoices alone.

This file holds the case and its amounts; what it refuses is in
``relance_collection_case_check.py``, what it claims read from the books in
``relance_collection_case_debt.py``, its life (handed over, in progress, recovered,
withdrawn) in ``relance_collection_case_state.py``.
"""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import recovery

CASE_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("in_progress", "In Progress"),
    ("recovered", "Recovered"),
    ("partly_recovered", "Partly Recovered"),
    ("unrecoverable", "Unrecoverable"),
    ("withdrawn", "Withdrawn"),
]
# The states in which a case holds its invoices: collections leave them alone and no
# other case may take them.
OPEN_STATES = ("draft", "sent", "in_progress")
# The states in which the case is in the recipient's hands.
AT_RECIPIENT_STATES = ("sent", "in_progress")
MANDATES = [
    (recovery.PERCENTAGE, "Percentage of What Is Recovered"),
    (recovery.FIXED, "Fixed Fee"),
    (recovery.BOTH, "Percentage and Fixed Fee"),
]


class RelanceCollectionCase(models.Model):
    _name = "relance.collection.case"
    _description = "Collection case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True, required=True
    )
    move_ids = fields.Many2many(
        "account.move",
        "relance_collection_case_move_rel",
        "case_id",
        "move_id",
        "Invoices and Credit Notes",
        required=True,
        check_company=True,
        copy=False,
        help="The customer's invoices handed over, and its credit notes not yet matched, "
        "which lower what is claimed.",
    )
    recipient_id = fields.Many2one(
        "res.partner",
        required=True,
        check_company=True,
        tracking=True,
        domain="[('relance_collection_role', '!=', False)]",
        help="The collection agency, commissaire de justice or lawyer the case goes to.",
    )
    recipient_role = fields.Selection(related="recipient_id.relance_collection_role")
    mandate = fields.Selection(
        MANDATES,
        required=True,
        default="percentage",
        tracking=True,
        help="How the recipient is paid: a share of what it recovers, a fixed fee, or both.",
    )
    commission_rate = fields.Float(
        "Commission (%)",
        digits=(5, 2),
        tracking=True,
        help="The recipient's share of what is recovered.",
    )
    fixed_fee = fields.Monetary(tracking=True, help="What the recipient is paid for the case.")
    communication_id = fields.Many2one(
        "relance.communication",
        "Hand-Over Communication",
        readonly=True,
        check_company=True,
        help="The hand-over of the collections ladder that proposed this case.",
    )
    user_id = fields.Many2one(
        "res.users",
        "Accountant",
        default=lambda self: self.env.user,
        help="Who follows the case with the recipient.",
    )
    include_penalties = fields.Boolean(
        "Claim the Penalties",
        default=True,
        help="Claim the late-payment interest and recovery indemnity accrued to the day the "
        "case is handed over (to the day it is drawn up, while a draft).",
    )
    amount_principal = fields.Monetary(
        "Principal",
        readonly=True,
        help="What the invoices still owe, less the credit notes of the case, when the case "
        "was drawn up or handed over.",
    )
    amount_interest = fields.Monetary("Late-Payment Interest", readonly=True)
    amount_indemnity = fields.Monetary("Recovery Indemnities", readonly=True)
    penalty_date = fields.Date(
        "Penalties Up To", readonly=True, help="The day up to which the penalties were counted."
    )
    penalty_segments = fields.Json(
        readonly=True,
        copy=False,
        help="The interest computation the case claims, segment by segment, for its case file.",
    )
    penalty_warning = fields.Char(
        readonly=True, help="Rates nobody could read in a source were used for the penalties."
    )
    amount_fees = fields.Monetary(
        "Other Recovery Costs",
        tracking=True,
        help="Recovery costs claimed from the customer beyond the indemnities, on proof "
        "(kept in the case's attachments).",
    )
    amount_total = fields.Monetary(
        "Total Claimed", compute="_compute_amount_total", store=True, precompute=True
    )
    amount_owed = fields.Monetary(
        "Still Owed",
        compute="_compute_amounts",
        help="What the case's invoices still owe today, less its credit notes.",
    )
    amount_recovered = fields.Monetary(
        "Recovered",
        compute="_compute_amounts",
        help="What was paid on the case's documents since it was sent: through the "
        "recipient, or directly.",
    )
    amount_commission = fields.Monetary(
        "Commission",
        compute="_compute_amounts",
        help="What the recipient earns under its mandate on what was recovered so far.",
    )
    state = fields.Selection(
        CASE_STATES, required=True, default="draft", readonly=True, index=True, tracking=True
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    note = fields.Text("Notes")

    @api.depends("move_ids")
    def _compute_currency_id(self):
        for case in self:
            case.currency_id = case.move_ids[:1].currency_id or case.company_id.currency_id

    @api.depends("amount_principal", "amount_interest", "amount_indemnity", "amount_fees")
    def _compute_amount_total(self):
        for case in self:
            claimed = (case.amount_principal, case.amount_interest, case.amount_indemnity)
            case.amount_total = sum(claimed) + case.amount_fees

    @api.depends(
        "move_ids.amount_residual",
        "amount_principal",
        "amount_penalty_invoiced",
        "amount_written_off",
        "mandate",
        "commission_rate",
        "fixed_fee",
    )
    def _compute_amounts(self):
        for case in self:
            owed = case._net_residual()
            case.amount_owed = owed
            # What was handed over (and its penalties once invoiced), less what is still
            # owed and what was written off: whatever way it was paid since.
            handed_over = case.amount_principal + case.amount_penalty_invoiced
            recovered = handed_over - owed - case.amount_written_off
            case.amount_recovered = (
                max(case.currency_id.round(recovered), 0.0) if case.state != "draft" else 0.0
            )
            case.amount_commission = case._commission(case.amount_recovered)

    @api.depends("move_ids")
    def _compute_invoice_count(self):
        for case in self:
            case.invoice_count = len(case.move_ids)

    def _commission(self, recovered):
        """What the recipient earns on ``recovered`` under the case's mandate. Hook:
        override for a sliding scale."""
        self.ensure_one()
        unit = self._unit()
        return float(
            recovery.commission(
                Decimal(str(recovered)).quantize(unit),
                self.mandate,
                Decimal(str(self.commission_rate)),
                Decimal(str(self.fixed_fee)).quantize(unit),
                unit,
            )
        )

    def _unit(self):
        return Decimal(str(self.currency_id.rounding))

    @api.onchange("recipient_id")
    def _onchange_recipient_id(self):
        """The recipient's usual mandate, as a starting point."""
        recipient = self.recipient_id
        if recipient.relance_collection_role:
            self.commission_rate = recipient.relance_collection_rate
            self.fixed_fee = recipient.relance_collection_fee
            self.mandate = recipient.relance_collection_mandate or self.mandate

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("relance.collection.case") or "/"
                )
        cases = super().create(vals_list)
        cases._check_case()
        cases._store_debt()
        cases._close_hand_over_activities()
        cases._log_opened()
        for case in cases:
            self.env["relance.communication"].sudo()._withdraw_settled(
                case.partner_id,
                case.company_id,
                lambda env, case=case: env._("Collection case %(case)s opened.", case=case.name),
            )
        return cases

    def write(self, vals):
        if "move_ids" in vals and not self.env.context.get("relance_case_internal"):
            for case in self.filtered(lambda case: case.state != "draft"):
                raise ValidationError(
                    self.env._(
                        "Collection case %(case)s is %(state)s: its invoices can no longer "
                        "change. Withdraw it and open a new one.",
                        case=case.name,
                        state=case._state_label(),
                    )
                )
        result = super().write(vals)
        checked = {
            "move_ids",
            "partner_id",
            "company_id",
            "recipient_id",
            "mandate",
            "commission_rate",
            "fixed_fee",
            "amount_fees",
        }
        if checked & set(vals):
            self._check_case()
        if {"move_ids", "include_penalties"} & set(vals):
            self._store_debt()
        return result

    def _invoices(self):
        return self.move_ids.filtered(lambda move: move.move_type == "out_invoice")

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_open_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices of %(case)s", case=self.name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.move_ids.ids)],
            "context": {"create": False},
        }
