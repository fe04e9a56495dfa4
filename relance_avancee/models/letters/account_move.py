# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Late-payment penalties of invoices: what each owes and has not been claimed yet.

The engine (``engine.penalties``, ``engine.law``) computes them from what this file
reads in the books: the receivable lines and their payments, the customer's regime,
the communication that starts a consumer's interest, the penalty invoices already
issued (the second section) and the reference rates."""

from decimal import Decimal

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ...engine import law, penalties
from ...tools.exceptions import UnverifiedRates
from ...tools.formatting import format_rates


class AccountMove(models.Model):
    _inherit = "account.move"

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

    # ------------------------------------------------------------------
    # The penalty invoices: the late-payment penalties of invoices (above) invoiced to
    # their customers, never claimed twice.
    #
    # The wizard (``wizard/letters/relance_penalty_invoice.py``) only collects the user's choices
    # and calls :meth:`AccountMove._relance_create_penalty_invoices`.
    # ------------------------------------------------------------------
    @api.model
    def _relance_create_penalty_invoices(
        self, company, on_date, customers=None, post=False, moves=None
    ):
        """Invoice the penalties accrued up to ``on_date`` and not yet claimed: one
        invoice per customer and currency, dated ``on_date``, posted if ``post``.

        ``customers``: only theirs (all the company's customers when empty);
        ``moves``: only the penalties of these invoices (a payment plan's). Raises
        UnverifiedRates, before anything is created, when the penalties use a rate
        nobody read in a source, unless the context says the user confirmed
        (``relance_unverified_rates_confirmed``). Returns the invoices.
        """
        accounts = self._relance_penalty_accounts(company)
        late = self._relance_late_invoices(company, on_date, customers)
        if moves is not None:
            late &= moves
        rates = self.env["relance.rate"]._engine_rates()
        penalties_by_source = late._relance_penalties(on_date, rates)
        unverified = self.env["relance.rate"]._unverified_message(rates)
        if unverified and not self.env.context.get("relance_unverified_rates_confirmed"):
            raise UnverifiedRates(unverified)
        lines_by_customer = {}
        for source, penalty in penalties_by_source.items():
            line_vals = source._relance_penalty_line_vals(penalty, on_date, *accounts)
            key = (source.commercial_partner_id, source.currency_id)
            lines_by_customer.setdefault(key, []).extend(line_vals)
        journal = self._relance_penalty_journal(company)
        invoices = self.create(
            [
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "partner_id": partner.id,
                    "currency_id": currency.id,
                    "invoice_date": on_date,
                    "invoice_origin": self.env._("Late-payment penalties"),
                    "invoice_line_ids": [Command.create(vals) for vals in line_vals],
                }
                for (partner, currency), line_vals in lines_by_customer.items()
                if line_vals
            ]
        )
        if post and invoices:
            invoices.action_post()
        return invoices

    @api.model
    def _relance_penalty_accounts(self, company):
        """(interest account, indemnity account) of ``company``; both must be set."""
        interest_account = company.relance_interest_account_id
        indemnity_account = company.relance_indemnity_account_id
        if not interest_account or not indemnity_account:
            raise UserError(
                self.env._(
                    "Set the late-payment interest and recovery indemnity accounts of "
                    "%(company)s first (Settings > Companies > Collections).",
                    company=company.name,
                )
            )
        return interest_account, indemnity_account

    @api.model
    def _relance_penalty_journal(self, company):
        """The journal of ``company``'s penalty invoices: its setting, else its first
        sales journal."""
        return company.relance_penalty_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "sale")],
            limit=1,
        )

    @api.model
    def _relance_late_invoices(self, company, on_date, customers=None):
        """The posted customer invoices of ``company`` with an instalment due before
        ``on_date``, paid or not, neither excluded from collections, nor disputed, nor
        in a running payment plan (whose terms say what it claims), nor in an open
        collection case."""
        domain = [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            # Not its last due date: an instalment may be late before the invoice.
            (
                "line_ids",
                "any",
                [("account_type", "=", "asset_receivable"), ("date_maturity", "<", on_date)],
            ),
            # What collections leave alone, penalties leave alone too.
            *self._relance_collectable_domain(),
        ]
        if customers:
            domain.append(("commercial_partner_id", "in", customers.commercial_partner_id.ids))
        late = self.search(domain, order="invoice_date_due, id")
        # What the run leaves alone on that day (relance.run._set_aside_moves: a
        # dispute, an active plan, an open case) is left alone here too; a case claims
        # its own penalties, through its recipient (and invoices them with
        # ``relance_case_penalties`` in the context, which the cases' hook reads).
        run = self.env["relance.run"].new({"company_id": company.id, "date": on_date})
        return late - self.browse(run._set_aside_moves(set(late.ids)))

    def _relance_penalty_line_vals(self, penalty, on_date, interest_account, indemnity_account):
        """Hook: the invoice lines claiming this invoice's ``penalty`` up to
        ``on_date``: interest, then the indemnity. Override to add values (an
        analytic distribution, a product); keep ``relance_penalty_source_id``,
        ``relance_penalty_kind`` and ``relance_penalty_until``, from which a later
        penalty invoice knows what is already claimed.

        Neither line carries VAT: both are damages, not the price of a service
        (France: BOI-TVA-BASE-10-10-10; the indemnity, Code de commerce D441-5).
        """
        self.ensure_one()
        vals = []
        if penalty.interest:
            vals.append(self._relance_interest_line_vals(penalty, on_date, interest_account))
        if penalty.indemnity:
            vals.append(self._relance_indemnity_line_vals(penalty, on_date, indemnity_account))
        return vals

    def _relance_interest_line_vals(self, penalty, on_date, account):
        first = min(segment.first for segment in penalty.segments)
        last = max(segment.last for segment in penalty.segments)
        return {
            "name": self.env._(
                "Late-payment interest on %(invoice)s from %(first)s to %(last)s "
                "(%(rates)s a year)",
                invoice=self.name,
                first=format_date(self.env, first),
                last=format_date(self.env, last),
                rates=format_rates(self.env, penalty.rates),
            ),
            "account_id": account.id,
            "quantity": 1,
            "price_unit": float(penalty.interest),
            "tax_ids": [Command.clear()],
            "relance_penalty_source_id": self.id,
            "relance_penalty_kind": "interest",
            "relance_penalty_until": on_date,
        }

    def _relance_indemnity_line_vals(self, penalty, on_date, account):
        return {
            "name": self.env._("Fixed recovery indemnity on %(invoice)s", invoice=self.name),
            "account_id": account.id,
            "quantity": 1,
            "price_unit": self._relance_indemnity(penalty, on_date),
            "tax_ids": [Command.clear()],
            "relance_penalty_source_id": self.id,
            "relance_penalty_kind": "indemnity",
        }

    @api.model
    def _relance_collectable_domain(self):
        """Invoices collections may claim: not excluded from collections (one
        definition with ``account.move.line._relance_collectable_domain``)."""
        return [("relance_excluded", "=", False)]
