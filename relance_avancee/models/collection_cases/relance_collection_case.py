# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The collection case: a customer's invoices handed over to a collection agency, a
commissaire de justice or a lawyer once the amicable steps failed. While a case is
open, collections leave its invoices alone.

This file holds the case, in sections: the case and its amounts, what it refuses,
what it claims read from the books, its money, its hand-over, its life (in progress,
recovered, withdrawn) and the write-off. Its case file is the mixin
``relance.collection.case.file`` (``relance_collection_case_file.py``); what it shares
with a payment plan, ``relance.invoice.holder``."""

from decimal import Decimal

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, format_amount, format_date, formatLang

from ...engine import recovery
from .relance_collection_case_court import COURT_FIELDS

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

# The states from which a case may be declared unrecoverable: not while its recipient
# still works on it.
WRITE_OFF_STATES = ("draft", "partly_recovered", "withdrawn")


class RelanceCollectionCase(models.Model):
    _name = "relance.collection.case"
    _description = "Collection case"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "relance.invoice.holder",
        "relance.collection.case.file",
        "relance.collection.case.court",
    ]
    _order = "id desc"
    _check_company_auto = True
    _relance_open_states = OPEN_STATES

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
    user_id = fields.Many2one(help="Who follows the case with the recipient.")
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

    # The money of a collection case.
    penalty_move_id = fields.Many2one(
        "account.move",
        "Penalty Invoice",
        readonly=True,
        copy=False,
        help="The invoice of the penalties the case claims, part of the case once issued.",
    )
    amount_penalty_invoiced = fields.Monetary("Penalties Invoiced", readonly=True, copy=False)
    payment_ids = fields.One2many(
        "account.payment", "relance_case_id", "Recovered Payments", readonly=True
    )
    bill_ids = fields.One2many(
        "account.move", "relance_commission_case_id", "Commission Bills", readonly=True
    )
    amount_billed = fields.Monetary(
        "Commission Billed",
        compute="_compute_amount_billed",
        help="The recipient's commission already on a vendor bill (untaxed, bills not "
        "cancelled).",
    )

    # The court's order (the procedure's other steps: relance.collection.case.court).
    court_amount_granted = fields.Monetary("Amount Granted", tracking=True, copy=False)

    # Sending a collection case to its recipient.
    file_sent_date = fields.Datetime("Case File Sent On", readonly=True, copy=False)

    # The life of a collection case.
    date_sent = fields.Date("Sent On", readonly=True, copy=False, tracking=True)
    date_closed = fields.Date(readonly=True, copy=False)
    withdraw_reason = fields.Text("Why Withdrawn", readonly=True, copy=False)

    # Declaring a collection case unrecoverable.
    write_off_move_ids = fields.One2many(
        "account.move", "relance_write_off_case_id", "Write-Off Credit Notes", readonly=True
    )
    amount_written_off = fields.Monetary(readonly=True, copy=False)
    unrecoverable_reason = fields.Text("Why Unrecoverable", readonly=True, copy=False)

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
        cases = super().create(self._relance_prepare_vals(vals_list))
        cases._check_case()
        cases._store_debt()
        cases._check_court()
        cases._court_schedule()
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
        if set(COURT_FIELDS) & set(vals) or "recipient_id" in vals:
            self._check_court(set(vals))
        if set(COURT_FIELDS) & set(vals) or {"recipient_id", "state"} & set(vals):
            self._court_schedule()
        return result

    def _invoices(self):
        return self.move_ids.filtered(lambda move: move.move_type == "out_invoice")

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_weigh_procedures(self):
        """The procedures open to what the case still claims, weighed."""
        self.ensure_one()
        return self.env["relance.procedure.options"]._open(self.partner_id, self)

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

    # ------------------------------------------------------------------
    # What a collection case refuses: documents it may not take, a recipient without a
    # role, a mandate that does not make sense. Checked on create and on every write of a
    # field they read, whatever the path (form, import, external API), since
    # ``@api.constrains`` would miss a create that leaves the field out.
    # ------------------------------------------------------------------
    def _check_case(self):
        for case in self:
            if case.state == "draft":
                case._check_documents()
            case._check_recipient()
            case._check_mandate()

    def _check_recipient(self):
        if not self.recipient_id.relance_collection_role:
            raise ValidationError(
                self.env._(
                    "%(recipient)s is not a collection agency, a commissaire de justice or a "
                    "lawyer: set its role on its Collections tab, or choose another recipient.",
                    recipient=self.recipient_id.display_name,
                )
            )
        if self.recipient_id.commercial_partner_id == self.partner_id.commercial_partner_id:
            raise ValidationError(
                self.env._("A case cannot be handed over to the customer it is about.")
            )

    def _check_mandate(self):
        if self.recipient_id.relance_collection_role == "court":
            # A court earns no commission: the costs of its procedure are the case's.
            return
        rounding = self.currency_id.rounding
        percentage = self.mandate in ("percentage", "both")
        fixed = self.mandate in ("fixed", "both")
        if percentage and not 0 < self.commission_rate <= 100:
            raise ValidationError(
                self.env._(
                    "The recipient's commission must be above 0 and at most 100 %% "
                    "(not %(rate)s %%).",
                    rate=formatLang(self.env, self.commission_rate, digits=2),
                )
            )
        if fixed and float_compare(self.fixed_fee, 0, precision_rounding=rounding) <= 0:
            raise ValidationError(self.env._("The recipient's fixed fee must be above zero."))
        if float_compare(self.amount_fees, 0, precision_rounding=rounding) < 0:
            raise ValidationError(self.env._("The other recovery costs cannot be negative."))

    def _check_documents(self):
        """The case's documents: posted invoices and credit notes of its customer and
        company, in one currency, still open, collectable, not disputed, in no payment
        plan and no other open case; more owed than credited."""
        if not self.move_ids.filtered(lambda move: move.move_type == "out_invoice"):
            raise ValidationError(self.env._("A collection case needs at least one invoice."))
        for move in self.move_ids:
            problem = self._document_problem(move)
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(document)s cannot be in a collection case: %(problem)s.",
                        document=move.display_name,
                        problem=problem,
                    )
                )
        self._check_not_elsewhere()
        rounding = self.currency_id.rounding
        if float_compare(self._net_residual(), 0, precision_rounding=rounding) <= 0:
            raise ValidationError(
                self.env._(
                    "The credit notes of collection case %(case)s cover its invoices: there is "
                    "nothing to recover.",
                    case=self.name,
                )
            )

    def _relance_holding_refusal(self, move, claimant):
        if claimant._name == self._name:
            return self.env._(
                "%(invoice)s is already in collection case %(case)s: withdraw that case first.",
                invoice=move.display_name,
                case=self.name,
            )
        return self.env._(
            "%(invoice)s is handed over in collection case %(case)s: withdraw the case "
            "before agreeing a payment plan on it.",
            invoice=move.display_name,
            case=self.name,
        )

    def _document_problem(self, move):
        """Why ``move`` cannot be in this case, or None."""
        if move.move_type not in ("out_invoice", "out_refund") or move.state != "posted":
            return self.env._("it is not a posted customer invoice or credit note")
        if move.commercial_partner_id != self.partner_id.commercial_partner_id:
            return self.env._(
                "it is the document of %(other)s; a case is about one customer",
                other=move.commercial_partner_id.name,
            )
        if move.company_id != self.company_id:
            return self.env._("it belongs to another company")
        if move.currency_id != self.currency_id:
            return self.env._(
                "it is in %(currency)s, the case in %(case_currency)s: one case per currency",
                currency=move.currency_id.name,
                case_currency=self.currency_id.name,
            )
        if move.currency_id.is_zero(move.amount_residual):
            return self.env._("nothing is left open on it")
        if move.relance_excluded:
            return self.env._("it is excluded from collections")
        return None

    def _check_not_elsewhere(self):
        """No document disputed, in an open payment plan, or in another open case."""
        disputed = self.move_ids._relance_first_disputed(fields.Date.context_today(self))
        if disputed:
            raise ValidationError(
                self.env._(
                    "%(invoice)s is disputed: settle the dispute before handing it over.",
                    invoice=disputed.display_name,
                )
            )
        self._relance_check_free()

    # ------------------------------------------------------------------
    # What a collection case claims, read from the books: the invoices' principal net of
    # the credit notes, and the penalties accrued to the day with their segments.
    # ------------------------------------------------------------------
    def _store_debt(self):
        """What a draft case claims, read from the books today: the invoices' residual
        less the credit notes', and the penalties accrued to today when it claims
        them (the existing engine, as a penalty invoice would claim them). Computed,
        never typed, so that the case claims what is really owed."""
        today = fields.Date.context_today(self)
        Rate = self.env["relance.rate"]
        for case in self.filtered(lambda case: case.state == "draft"):
            interest = indemnity = 0.0
            warning, segments = False, []
            if case.include_penalties:
                rates = Rate._engine_rates()
                invoices = case._invoices()
                penalties = invoices._relance_penalties(today, rates)
                interest, indemnity = invoices._relance_penalty_totals(penalties, today)
                warning = Rate._unverified_message(rates)
                segments = case._penalty_segments(penalties)
            case.write(
                {
                    "amount_principal": case._net_residual(),
                    "amount_interest": interest,
                    "amount_indemnity": indemnity,
                    "penalty_date": today if case.include_penalties else False,
                    "penalty_warning": warning,
                    "penalty_segments": segments,
                }
            )

    @staticmethod
    def _penalty_segments(penalties):
        """The segments of ``penalties`` {invoice: engine Penalty}, as stored for the
        case file: plain JSON values."""
        return [
            {
                "document": move.name,
                "first": segment.first.isoformat(),
                "last": segment.last.isoformat(),
                "days": segment.days,
                "base": str(segment.base),
                "rate": str(segment.rate),
                "interest": str(segment.interest),
            }
            for move, penalty in penalties.items()
            for segment in penalty.segments
        ]

    def _net_residual(self):
        """What the case's invoices owe today less what its credit notes still
        credit, in the case's currency."""
        self.ensure_one()
        return self.currency_id.round(
            sum(
                -move.amount_residual if move.move_type == "out_refund" else move.amount_residual
                for move in self.move_ids
            )
        )

    # ------------------------------------------------------------------
    # The money of a collection case: its penalties invoiced, what the recipient
    # recovered registered as payments, the recipient's commission billed. Writing off
    # what could not be recovered is the last section.
    # ------------------------------------------------------------------

    @api.depends("bill_ids.amount_untaxed", "bill_ids.state")
    def _compute_amount_billed(self):
        for case in self:
            bills = case.bill_ids.filtered(lambda bill: bill.state != "cancel")
            case.amount_billed = sum(bills.mapped("amount_untaxed"))

    # Penalties -------------------------------------------------------------------

    def action_invoice_penalties(self):
        """Invoice the penalties the case claims (as they were counted the day it was
        sent) and add the invoice to the case, so that what the recipient recovers of
        them is booked."""
        self.ensure_one()
        self._check_state(AT_RECIPIENT_STATES, self.env._("asked to invoice its penalties"))
        penalties = self.amount_interest + self.amount_indemnity
        if self.penalty_move_id or self.currency_id.is_zero(penalties):
            raise UserError(
                self.env._(
                    "Collection case %(case)s has no penalty left to invoice.", case=self.name
                )
            )
        invoice = (
            self.env["account.move"]
            .with_context(relance_case_penalties=True, relance_unverified_rates_confirmed=True)
            .sudo()
            ._relance_create_penalty_invoices(
                self.company_id,
                self.penalty_date,
                customers=self.partner_id,
                post=True,
                moves=self._invoices(),
            )
        )
        if self.currency_id.compare_amounts(sum(invoice.mapped("amount_total")), penalties):
            raise UserError(
                self.env._(
                    "The penalties of %(case)s changed since it was sent (another penalty "
                    "invoice claims some of them): there is nothing this case can invoice.",
                    case=self.name,
                )
            )
        self.with_context(relance_case_internal=True).write(
            {
                "move_ids": [Command.link(move.id) for move in invoice],
                "penalty_move_id": invoice[:1].id,
                "amount_penalty_invoiced": penalties,
            }
        )
        self._log(
            # In the company's language, whoever acts.
            lambda env: env._(
                "Penalties of collection case %(case)s invoiced: %(invoice)s, %(amount)s.",
                case=self.name,
                invoice=invoice[:1].name,
                amount=format_amount(env, penalties, self.currency_id),
            )
        )
        return True

    # Recovered amounts -------------------------------------------------------------

    def _register_recovered(self, amount, date, journal, memo=None):
        """The recipient recovered ``amount`` on ``date`` and paid it into ``journal``:
        a posted customer payment matched with the case's documents, the oldest due
        first. Refused beyond what is still owed on them. Returns the payment."""
        self.ensure_one()
        self._check_state(AT_RECIPIENT_STATES, self.env._("credited with a recovered amount"))
        self._check_recovered(amount, date, journal)
        receivable = self.move_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_id.id,
                "amount": amount,
                "currency_id": self.currency_id.id,
                "date": date,
                "journal_id": journal.id,
                "company_id": self.company_id.id,
                "memo": memo
                or self.env._(
                    "%(case)s, recovered by %(recipient)s",
                    case=self.name,
                    recipient=self.recipient_id.name,
                ),
                "relance_case_id": self.id,
                # The account the case's documents are open on, whatever the customer's
                # default is today.
                "destination_account_id": receivable[:1].account_id.id,
            }
        )
        payment.action_post()
        self._log(
            # In the company's language, whoever acts.
            lambda env: env._(
                "%(amount)s recovered by %(recipient)s on %(date)s (collection case %(case)s).",
                amount=format_amount(env, amount, self.currency_id),
                recipient=self.recipient_id.name,
                date=format_date(env, date),
                case=self.name,
            )
        )
        # Matched last: the match may close the case as recovered.
        account = receivable[:1].account_id
        paid_in = payment.move_id.line_ids.filtered(lambda line: line.account_id == account)
        (paid_in | receivable.filtered(lambda line: line.account_id == account)).reconcile()
        return payment

    def _check_recovered(self, amount, date, journal):
        if self.currency_id.compare_amounts(amount, 0) <= 0:
            raise UserError(self.env._("A recovered amount must be above zero."))
        owed = self._net_residual()
        if self.currency_id.compare_amounts(amount, owed) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than the %(owed)s still owed on collection case "
                    "%(case)s. If the recipient recovered the penalties too, invoice them "
                    "first (Invoice the Penalties).",
                    amount=format_amount(self.env, amount, self.currency_id),
                    owed=format_amount(self.env, owed, self.currency_id),
                    case=self.name,
                )
            )
        if date > fields.Date.context_today(self):
            raise UserError(self.env._("A recovered amount cannot be dated in the future."))
        if journal.type not in ("bank", "cash") or journal.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "%(journal)s is not a bank or cash journal of %(company)s.",
                    journal=journal.display_name,
                    company=self.company_id.name,
                )
            )

    def action_open_recover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register a Recovered Amount"),
            "res_model": "relance.collection.case.recover",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    # The recipient's commission ------------------------------------------------------

    def action_bill_commission(self):
        """A draft vendor bill of the recipient for the commission not billed yet, on
        the company's commission account, opened for the accountant to check and post."""
        self.ensure_one()
        if self.state == "draft":
            raise UserError(
                self.env._(
                    "Collection case %(case)s was not sent: it earns no commission yet.",
                    case=self.name,
                )
            )
        to_bill = self.currency_id.round(self.amount_commission - self.amount_billed)
        if self.currency_id.compare_amounts(to_bill, 0) <= 0:
            raise UserError(
                self.env._(
                    "The commission of collection case %(case)s (%(commission)s) is billed "
                    "already.",
                    case=self.name,
                    commission=format_amount(self.env, self.amount_commission, self.currency_id),
                )
            )
        bill = self.env["account.move"].create(self._prepare_commission_bill_vals(to_bill))
        self._log(
            # In the company's language, whoever acts.
            lambda env: env._(
                "Commission of %(amount)s for %(recipient)s put on bill %(bill)s.",
                amount=format_amount(env, to_bill, self.currency_id),
                recipient=self.recipient_id.name,
                bill=bill.display_name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": bill.id,
            "view_mode": "form",
        }

    def _prepare_commission_bill_vals(self, amount):
        """Hook: the values of the vendor bill of ``amount`` of commission (override to
        add a product or an analytic distribution)."""
        account = self._commission_account()
        return {
            "move_type": "in_invoice",
            "company_id": self.company_id.id,
            "partner_id": self.recipient_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.name,
            "relance_commission_case_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self._commission_label(),
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.set(account.tax_ids.ids)],
                    }
                )
            ],
        }

    def _commission_account(self):
        account = self.company_id.relance_commission_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Set the commission account of %(company)s first (Settings > Companies > "
                    "Collections > Collection Cases).",
                    company=self.company_id.name,
                )
            )
        return account

    def _commission_label(self):
        recovered = format_amount(self.env, self.amount_recovered, self.currency_id)
        if self.mandate == "fixed":
            return self.env._("Collection case %(case)s: fixed fee", case=self.name)
        if self.mandate == "percentage":
            return self.env._(
                "Collection case %(case)s: %(rate)s %% of %(recovered)s recovered",
                case=self.name,
                rate=formatLang(self.env, self.commission_rate, digits=2),
                recovered=recovered,
            )
        return self.env._(
            "Collection case %(case)s: %(rate)s %% of %(recovered)s recovered and fixed fee",
            case=self.name,
            rate=formatLang(self.env, self.commission_rate, digits=2),
            recovered=recovered,
        )

    # ------------------------------------------------------------------
    # Sending a collection case to its recipient: the case file exported afresh and
    # emailed with it, the email kept in the case's chatter.
    # ------------------------------------------------------------------

    def action_send_file(self):
        """Email the case file to the recipient; a draft case is sent with it. A case
        file whose debtor's identity is incomplete goes only if its last export was
        forced, for the same reason."""
        for case in self:
            case._check_state(OPEN_STATES, self.env._("sent to its recipient"))
            if not case.recipient_id.email:
                raise UserError(
                    self.env._(
                        "%(recipient)s has no email address: add it, or send the case file "
                        "another way (Download) and mark the case as sent.",
                        recipient=case.recipient_id.name,
                    )
                )
            reason = case.file_forced_reason or ""
            if case._missing_data() and not reason:
                raise UserError(
                    self.env._(
                        "The case file of %(case)s lacks %(missing)s: complete the customer, or "
                        "export the case file anyway with a reason first.",
                        case=case.name,
                        missing="; ".join(case._missing_labels(case._missing_data())),
                    )
                )
            if case.state == "draft":
                case.action_mark_sent()
            attachment = case._export_file(reason)
            case.message_post_with_source(
                "relance_avancee.mail_template_relance_case_file",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=case.recipient_id.ids,
                attachment_ids=attachment.ids,
            )
            case.file_sent_date = fields.Datetime.now()
        return True

    # ------------------------------------------------------------------
    # The life of a collection case: opened (from the ladder's hand-over or by hand),
    # sent to its recipient, in progress, then recovered, partly recovered or withdrawn;
    # each change written on the case and on the customer's chatter.
    # ------------------------------------------------------------------

    @api.model
    def _open_new(self, partner, moves, communication=None):
        """The form of a new case on ``partner`` with ``moves`` ticked (a hand-over
        ``communication`` proposing it)."""
        partner = partner.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Collection Case"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": partner.id,
                "default_move_ids": moves.ids,
                "default_communication_id": communication.id if communication else False,
                "default_company_id": (moves.company_id[:1] or self.env.company).id,
            },
        }

    def action_mark_sent(self):
        """The case file went to the recipient (by hand, post or email): the case is
        theirs from today, its amounts read again from the books."""
        for case in self:
            case._check_state(("draft",), self.env._("sent to its recipient"))
            case._check_case()
            case._store_debt()
            case.write({"state": "sent", "date_sent": fields.Date.context_today(case)})
            case._log(
                lambda env, case=case: env._(
                    "Collection case %(case)s sent to %(recipient)s: %(amount)s claimed.",
                    case=case.name,
                    recipient=case.recipient_id.name,
                    amount=format_amount(env, case.amount_total, case.currency_id),
                )
            )

    def action_start(self):
        """The recipient took the case on."""
        for case in self:
            case._check_state(("sent",), self.env._("marked in progress"))
            case.state = "in_progress"

    def action_close_partly(self):
        """The recipient closed the case having recovered part of the debt: what is
        left goes back to collections (or is written off as unrecoverable)."""
        for case in self:
            case._check_state(AT_RECIPIENT_STATES, self.env._("closed"))
            if case.currency_id.is_zero(case.amount_recovered):
                raise UserError(
                    self.env._(
                        "Nothing was recovered on collection case %(case)s: withdraw it "
                        "instead.",
                        case=case.name,
                    )
                )
            case._close("partly_recovered")
            case._log(
                lambda env, case=case: env._(
                    "Collection case %(case)s closed by %(recipient)s: %(recovered)s recovered, "
                    "%(owed)s still owed.",
                    case=case.name,
                    recipient=case.recipient_id.name,
                    recovered=format_amount(env, case.amount_recovered, case.currency_id),
                    owed=format_amount(env, case.amount_owed, case.currency_id),
                )
            )

    def _withdraw(self, reason):
        """Take the case back from its recipient: its invoices go back to collections."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the case is withdrawn."))
        for case in self:
            case._check_state(OPEN_STATES, self.env._("withdrawn"))
            case._close("withdrawn")
            case.withdraw_reason = reason
            case._log(
                lambda env, case=case: env._(
                    "Collection case %(case)s withdrawn: %(reason)s",
                    case=case.name,
                    reason=reason,
                )
            )

    def action_open_withdraw(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw the Case"),
            "res_model": "relance.collection.case.withdraw",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    @api.model
    def _recover_paid(self, moves):
        """Mark recovered the cases with its recipient whose documents ``moves`` touch
        and that nothing is owed on any more (called on reconciliation)."""
        # Whoever reconciles (a billing user, a payment provider's job) may not see
        # collection cases; the case is closed all the same.
        cases = self.sudo().search(
            [("state", "in", AT_RECIPIENT_STATES), ("move_ids", "in", moves.ids)]
        )
        for case in cases.filtered(lambda case: case.currency_id.is_zero(case._net_residual())):
            case._close("recovered")
            case._log(
                lambda env, case=case: env._(
                    "Collection case %(case)s recovered in full: %(amount)s.",
                    case=case.name,
                    amount=format_amount(env, case.amount_principal, case.currency_id),
                )
            )

    def _close(self, state):
        self.write({"state": state, "date_closed": fields.Date.context_today(self)})

    def _check_state(self, states, what):
        if self.state not in states:
            raise UserError(
                self.env._(
                    "Collection case %(case)s is %(state)s: it cannot be %(what)s.",
                    case=self.name,
                    state=self._state_label(),
                    what=what,
                )
            )

    def _log_opened(self):
        for case in self:
            case._log(
                lambda env, case=case: env._(
                    "Collection case %(case)s opened for %(recipient)s: %(amount)s.",
                    case=case.name,
                    recipient=case.recipient_id.name,
                    amount=format_amount(env, case.amount_total, case.currency_id),
                )
            )

    def _log(self, message):
        """``message`` on the case and on its customer's chatter, in the company's
        language (the chatter is for the company's people): a function of the
        environment to write it in, or a text already in that language."""
        self.ensure_one()
        if callable(message):
            message = message(self._relance_company_env())
        link = Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
            self._name,
            self.id,
            self.name,
        )
        self.message_post(body=message)
        # A collector may not edit customers, whose chatter asks for it: the note is
        # the case's, posted on their behalf.
        self.partner_id.sudo().message_post(body=Markup("%s (%s)") % (message, link))

    def _close_hand_over_activities(self):
        """The hand-over activity of the communication that proposed the case is done."""
        for case in self.filtered("communication_id"):
            activities = case.communication_id.activity_ids.filtered(
                lambda activity: activity.activity_type_id
                == self.env.ref("mail.mail_activity_data_todo")
            )
            # Written in the company's language, Odoo's own "done" line included.
            env = self.with_context(lang=case.company_id._relance_lang()).env
            activities.with_env(env).action_feedback(
                feedback=env._("Collection case %(case)s opened.", case=case.name)
            )

    # ------------------------------------------------------------------
    # Declaring a collection case unrecoverable: what its invoices still owe is written
    # off by credit notes on the company's bad-debt account, each carrying its invoice's
    # taxes in proportion, so that the VAT paid on what was never received can be
    # recovered (CGI art. 272, 1; see ``engine/recovery.py``).
    # ------------------------------------------------------------------

    def action_open_write_off(self):
        self.ensure_one()
        self._check_write_off()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Declare Unrecoverable"),
            "res_model": "relance.collection.case.write.off",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _check_write_off(self):
        self.ensure_one()
        if self.state in AT_RECIPIENT_STATES:
            raise UserError(
                self.env._(
                    "Collection case %(case)s is still with %(recipient)s: withdraw it (or let "
                    "the recipient close it) before declaring it unrecoverable.",
                    case=self.name,
                    recipient=self.recipient_id.name,
                )
            )
        self._check_state(WRITE_OFF_STATES, self.env._("declared unrecoverable"))
        if not self.company_id.relance_bad_debt_account_id:
            raise UserError(
                self.env._(
                    "Set the bad-debt account of %(company)s first (Settings > Companies > "
                    "Collections > Collection Cases).",
                    company=self.company_id.name,
                )
            )
        if self.currency_id.compare_amounts(self._net_residual(), 0) <= 0:
            raise UserError(
                self.env._(
                    "Nothing is owed any more on collection case %(case)s: there is nothing "
                    "to write off.",
                    case=self.name,
                )
            )

    def _write_off(self, reason):
        """Write off what the case's invoices still owe, after its credit notes: one
        posted credit note per invoice, matched with it. The case is unrecoverable."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("relance_avancee.group_relance_manager"):
            raise AccessError(
                self.env._("Only a Collections manager can declare a case unrecoverable.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the case is unrecoverable."))
        self._check_write_off()
        self._match_credit_notes()
        invoices = self.move_ids.filtered(
            lambda move: move.move_type == "out_invoice"
            and not move.currency_id.is_zero(move.amount_residual)
        )
        credit_notes = self.env["account.move"].create(
            [self._prepare_write_off_vals(invoice) for invoice in invoices]
        )
        for credit_note, invoice in zip(credit_notes, invoices, strict=True):
            credit_note._relance_settle_rounding(invoice.amount_residual)
        credit_notes.action_post()
        for credit_note, invoice in zip(credit_notes, invoices, strict=True):
            (credit_note | invoice).line_ids.filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            ).reconcile()
        written_off = sum(credit_notes.mapped("amount_total"))
        self.write(
            {
                "state": "unrecoverable",
                "date_closed": fields.Date.context_today(self),
                "amount_written_off": written_off,
                "unrecoverable_reason": reason,
            }
        )
        self._log(
            # In the company's language, whoever acts.
            lambda env: env._(
                "Collection case %(case)s declared unrecoverable: %(amount)s written off "
                "(%(credit_notes)s). %(reason)s",
                case=self.name,
                amount=format_amount(env, written_off, self.currency_id),
                credit_notes=", ".join(credit_notes.mapped("name")),
                reason=reason,
            )
        )
        return credit_notes

    def _match_credit_notes(self):
        """The case's credit notes settle its invoices first: only what is left after
        them is written off."""
        receivable = self.move_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        if receivable.filtered(lambda line: line.balance < 0) and receivable.filtered(
            lambda line: line.balance > 0
        ):
            receivable.reconcile()

    def _prepare_write_off_vals(self, invoice):
        """Hook: the values of the credit note writing off what ``invoice`` still owes:
        a line per group of its lines sharing the same taxes, on the bad-debt account,
        in proportion of what is unpaid (engine.recovery.write_off_amounts)."""
        unit = Decimal(str(invoice.currency_id.rounding))
        groups = {}
        for line in invoice.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            key = tuple(sorted(line.tax_ids.ids))
            included = any(tax.price_include for tax in line.tax_ids)
            priced = line.price_total if included else line.price_subtotal
            groups[key] = groups.get(key, 0.0) + priced
        try:
            amounts = recovery.write_off_amounts(
                Decimal(str(invoice.amount_residual)).quantize(unit),
                Decimal(str(invoice.amount_total)).quantize(unit),
                [
                    recovery.TaxGroup(key, Decimal(str(amount)).quantize(unit))
                    for key, amount in groups.items()
                ],
                unit,
            )
        except recovery.RecoveryError as error:
            raise UserError(
                self.env._(
                    "%(invoice)s cannot be written off: its total is not positive.",
                    invoice=invoice.name,
                )
            ) from error
        account = self.company_id.relance_bad_debt_account_id
        # The credit note names the invoice it corrects (CGI art. 272, 1 asks for the
        # invoice's correction); it is no cancellation, so no reversed_entry_id, which
        # would show the invoice as reversed.
        label = self.env._(
            "Bad debt: %(invoice)s (collection case %(case)s)", invoice=invoice.name, case=self.name
        )
        return {
            "move_type": "out_refund",
            "company_id": self.company_id.id,
            "journal_id": invoice.journal_id.id,
            "partner_id": invoice.partner_id.id,
            "currency_id": invoice.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": label,
            "relance_write_off_case_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": float(amount),
                        "tax_ids": [Command.set(list(key))],
                    }
                )
                for key, amount in amounts.items()
                if amount
            ],
        }
