# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta
from decimal import Decimal

from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..engine import penalties


class AccountMove(models.Model):
    _inherit = "account.move"

    relance_excluded = fields.Boolean(
        "Excluded from Collections",
        copy=False,
        tracking=True,
        help="No reminder is ever sent for this invoice.",
    )
    relance_dispute_ids = fields.One2many("relance.dispute", "move_id", "Disputes")
    relance_communication_line_ids = fields.One2many(
        "relance.communication.line",
        string="Collections History",
        compute="_compute_relance_communication_line_ids",
    )
    relance_penalty_line_ids = fields.One2many(
        "account.move.line",
        "relance_penalty_source_id",
        "Penalties Claimed",
        help="The lines of penalty invoices that claim this invoice's late-payment "
        "interest and recovery indemnity.",
    )

    def _compute_relance_communication_line_ids(self):
        lines = self.env["relance.communication.line"].search(
            [("move_line_id.move_id", "in", self.ids)]
        )
        line_ids_by_move = {}
        for line in lines:
            line_ids_by_move.setdefault(line.move_line_id.move_id.id, []).append(line.id)
        for move in self:
            move.relance_communication_line_ids = [Command.set(line_ids_by_move.get(move.id, []))]

    # ------------------------------------------------------------------
    # Late-payment penalties
    # ------------------------------------------------------------------
    def _relance_penalties(self, on_date, rates=None):
        """{invoice: engine Penalty} accrued up to ``on_date`` and not yet claimed.

        Customer invoices only, paid or not (an invoice paid late owes its penalties
        too), each under its customer's regime; an invoice whose regime gives
        nothing yet (a consumer not yet formally notified) is left out. A day or an
        indemnity already on a penalty invoice is never counted again. ``rates``:
        the engine's rate tables, to read afterwards which rates were used.
        """
        rates = rates or self.env["relance.rate"]._engine_rates()
        claims = self._relance_penalty_claims()
        result = {}
        for move in self.filtered(
            lambda m: m.move_type == "out_invoice"
            and m.state == "posted"
            # Cancelled by a credit note: nothing was ever owed.
            and m.payment_state != "reversed"
            # A penalty invoice bears no penalty itself (no interest on interest).
            and not m.invoice_line_ids.relance_penalty_source_id
        ):
            regime = move.partner_id._relance_penalty_regime(move.company_id)
            if not regime:
                continue
            interest_from = move._relance_interest_from(regime)
            if interest_from is False:
                continue
            claimed_until, indemnity_claimed = claims.get(move.id, (None, False))
            contractual = move.partner_id.commercial_partner_id.relance_contractual_rate
            try:
                result[move] = penalties.compute_invoice(
                    regime,
                    move._relance_penalty_instalments(),
                    on_date,
                    rates,
                    contractual_rate=Decimal(str(contractual)) if contractual else None,
                    interest_from=interest_from,
                    claimed_until=claimed_until,
                    indemnity_claimed=indemnity_claimed,
                    year_days=move.company_id.relance_penalty_year_days or 365,
                )
            except penalties.MissingRate as error:
                raise UserError(
                    self.env._(
                        "No %(rate)s is known for %(day)s, which the late-payment "
                        "interest of %(invoice)s needs. Enter the published rate in "
                        "Invoicing > Collections > Reference Rates.",
                        rate=self.env["relance.rate"]._rate_label(error.table),
                        day=error.day,
                        invoice=move.name,
                    )
                ) from error
        return result

    def _relance_indemnity(self, penalty, on_date):
        """The recovery indemnity of ``penalty`` (40 EUR) in this invoice's currency."""
        self.ensure_one()
        if not penalty.indemnity:
            return 0.0
        return self.env.ref("base.EUR")._convert(
            float(penalty.indemnity), self.currency_id, self.company_id, on_date
        )

    def _relance_penalty_instalments(self):
        """The receivable lines as the engine's instalments, in the invoice's currency."""
        self.ensure_one()
        instalments = []
        for line in self.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and line.amount_currency > 0
        ):
            # A partial reconciliation is a payment dated when the later of its two
            # entries was booked: the day the money was received. A credit note is
            # not a payment: what it credits was never owed, from the first day.
            amount = Decimal(str(line.amount_currency))
            payments = []
            for partial in line.matched_credit_ids:
                paid = Decimal(str(partial.debit_amount_currency))
                if partial.credit_move_id.move_id.move_type == "out_refund":
                    amount -= paid
                else:
                    payments.append(penalties.Payment(date=partial.max_date, amount=paid))
            payments = tuple(payments)
            if amount <= 0:
                continue  # wholly credited: nothing to be late with
            instalments.append(
                penalties.Instalment(
                    amount=amount,
                    due_date=line.date_maturity or self.invoice_date_due,
                    payments=payments,
                    paid_on=max(payment.date for payment in payments)
                    if line.reconciled and payments
                    else None,
                )
            )
        return instalments

    def _relance_interest_from(self, regime):
        """First day of interest when the law sets it after the due date.

        None: the day after the due date; False: not yet (nothing accrues).
        France, consumers: the legal rate runs from the formal notice (Code civil,
        art. 1344-1), counted from the day after it is sent. Belgium, consumers: only
        once the 14 days of the free first reminder are over (CDE art. XIX.2).
        """
        self.ensure_one()
        if regime not in (penalties.FR_CONSUMER, penalties.BE_CONSUMER):
            return None
        domain = [
            ("move_line_id.move_id", "=", self.id),
            ("is_credit", "=", False),
            # Sending: carried out, its email in the mail queue; the letter left.
            ("communication_id.state", "in", ("sending", "sent")),
        ]
        if regime == penalties.FR_CONSUMER:
            domain.append(("communication_id.level_id.formal_notice", "=", True))
        communications = self.env["relance.communication.line"].search(domain).communication_id
        first = communications.sorted(lambda sent: (sent.date, sent.id))[:1]
        if not first:
            return False
        if regime == penalties.FR_CONSUMER:
            return first._relance_sent_on() + timedelta(days=1)
        return penalties.be_consumer_costs_from(first._relance_sent_on(), first._by_post())

    def _relance_penalty_claims(self):
        """{invoice id: (last day of interest claimed, indemnity claimed)} from the
        penalty invoices that are not cancelled (a draft already claims)."""
        lines = self.env["account.move.line"].search_fetch(
            [
                ("relance_penalty_source_id", "in", self.ids),
                ("parent_state", "!=", "cancel"),
            ],
            ["relance_penalty_source_id", "relance_penalty_kind", "relance_penalty_until"],
        )
        claims = {}
        for line in lines:
            until, indemnity = claims.get(line.relance_penalty_source_id.id, (None, False))
            if line.relance_penalty_kind == "interest" and line.relance_penalty_until:
                until = max(until or line.relance_penalty_until, line.relance_penalty_until)
            indemnity = indemnity or line.relance_penalty_kind == "indemnity"
            claims[line.relance_penalty_source_id.id] = (until, indemnity)
        return claims
