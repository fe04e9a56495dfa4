# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Late-payment penalties of invoices: what each owes and has not been claimed yet.

The engine (``engine.penalties``, ``engine.law``) computes them from what this file
reads in the books: the receivable lines and their payments, the customer's regime,
the communication that starts a consumer's interest, the penalty invoices already
issued (``account_move_penalty_invoice.py``) and the reference rates.
"""

from decimal import Decimal

from odoo import models
from odoo.exceptions import UserError

from ..engine import law, penalties


class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _relance_penalties(self, on_date, rates=None):
        """{invoice: engine Penalty} accrued up to ``on_date`` and not yet claimed.

        Customer invoices only, paid or not (an invoice paid late owes its penalties
        too), each under its customer's regime; an invoice whose regime gives
        nothing yet (a consumer not yet formally notified) is left out. A day or an
        indemnity already on a penalty invoice is never counted again. ``rates``:
        the engine's rate tables, to read afterwards which rates were used.
        """
        rates = rates or self.env["relance.rate"]._engine_rates()
        bearing = self._relance_penalty_bearing()
        regimes = {
            move: move.partner_id._relance_penalty_regime(move.company_id) for move in bearing
        }
        bearing = bearing.filtered(lambda move: regimes[move])
        claims = bearing._relance_penalty_claims()
        # The receivable lines' payments and credit notes, read for all the invoices
        # at once (each invoice's own lines would be read on their own).
        bearing.line_ids.matched_credit_ids.credit_move_id.move_id.mapped("move_type")
        interest_from_by_move = bearing._relance_interest_from(regimes)
        result = {}
        for move in bearing:
            if interest_from_by_move[move] is False:
                continue
            claimed_until, indemnity_claimed = claims.get(move.id, (None, False))
            contractual = move.partner_id.commercial_partner_id.relance_contractual_rate
            try:
                result[move] = penalties.compute_invoice(
                    regimes[move],
                    move._relance_penalty_instalments(),
                    on_date,
                    rates,
                    contractual_rate=Decimal(str(contractual)) if contractual else None,
                    interest_from=interest_from_by_move[move],
                    claimed_until=claimed_until,
                    indemnity_claimed=indemnity_claimed,
                    year_days=move.company_id.relance_penalty_year_days or 365,
                )
            except penalties.MissingRate as error:
                raise move._relance_missing_rate_error(error) from error
        return result

    def _relance_accrued_penalties(self, on_date, rates=None):
        """(interest, indemnity): what these invoices (of one currency) owe in
        late-payment interest and recovery indemnities up to ``on_date`` and not
        claimed yet, as their penalty invoice would claim it, each rounded to the
        currency. What a payment plan or a collection case adds to the debt."""
        return self._relance_penalty_totals(self._relance_penalties(on_date, rates), on_date)

    def _relance_penalty_totals(self, penalties, on_date):
        """(interest, indemnity) of ``penalties`` {invoice: engine Penalty} of these
        invoices (of one currency) up to ``on_date``, each rounded to the currency."""
        currency = self.currency_id[:1]
        if not currency:
            return 0.0, 0.0
        interest = sum(float(penalty.interest) for penalty in penalties.values())
        indemnity = sum(
            move._relance_indemnity(penalty, on_date) for move, penalty in penalties.items()
        )
        return currency.round(interest), currency.round(indemnity)

    def _relance_penalty_bearing(self):
        """The invoices among these that can bear late-payment penalties."""
        return self.filtered(
            lambda m: m.move_type == "out_invoice"
            and m.state == "posted"
            # Cancelled by a credit note: nothing was ever owed.
            and m.payment_state != "reversed"
            # A penalty invoice bears no penalty itself (no interest on interest).
            and not m.invoice_line_ids.relance_penalty_source_id
        )

    def _relance_missing_rate_error(self, error):
        """What to tell when the penalties of this invoice need a rate nobody entered
        (``error``: the engine's MissingRate)."""
        return UserError(
            self.env._(
                "No %(rate)s is known for %(day)s, which the late-payment interest of "
                "%(invoice)s needs. Enter the published rate in Invoicing > Collections > "
                "Reference Rates.",
                rate=self.env["relance.rate"]._rate_label(error.table),
                day=error.day,
                invoice=self.name,
            )
        )

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

    def _relance_interest_from(self, regimes):
        """{invoice: first day of interest} (engine.law.interest_from: None from the
        due date, False not yet), with ``regimes`` {invoice: regime}.

        A consumer's interest starts from a communication (France: the formal notice;
        Belgium: the free first reminder's 14 days): the first one sent of each
        invoice is looked up for all the invoices at once.
        """
        consumers = self.filtered(lambda move: regimes[move] in law.NOTICE_STARTS_INTEREST)
        first_sent = {}
        if consumers:
            lines = self.env["relance.communication.line"].search(
                [
                    ("move_line_id.move_id", "in", consumers.ids),
                    ("is_credit", "=", False),
                    # Sending: carried out, its email in the mail queue; the letter left.
                    ("communication_id.state", "in", ("sending", "sent")),
                ]
            )
            for line in lines.sorted(
                lambda line: (line.communication_id.date, line.communication_id.id)
            ):
                move, communication = line.move_line_id.move_id, line.communication_id
                if law.interest_needs_formal_notice(regimes[move]) and not (
                    communication.level_id.formal_notice
                ):
                    continue
                first_sent.setdefault(move, communication)
        result = {}
        for move in self:
            notice = first_sent.get(move)
            result[move] = (
                law.interest_from(regimes[move], notice._relance_sent_on(), notice._by_post())
                if notice
                else law.interest_from(regimes[move])
            )
        return result

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
