# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Collection cases on partners: a recipient's role and usual mandate, a customer's
cases and the documents a new case starts from, and the next step after the formal
notice weighed for a customer's debt or for one of its cases."""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...engine import procedures
from .relance_collection_case import MANDATES

DEBTOR_KINDS = [
    (procedures.TRADER, "Trader or Commercial Company"),
    (procedures.NON_TRADER, "Other Business"),
    (procedures.CONSUMER, "Consumer"),
]

COLLECTION_ROLES = [
    ("agency", "Collection Agency"),
    ("bailiff", "Commissaire de Justice"),
    ("lawyer", "Lawyer"),
    ("court", "Court"),
]


def _signed_residual(move):
    """What ``move`` still owes, or credits (a credit note), in its currency."""
    return -move.amount_residual if move.move_type == "out_refund" else move.amount_residual


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_collection_role = fields.Selection(
        COLLECTION_ROLES,
        "Collection Role",
        help="Set on a collection agency, a commissaire de justice (formerly huissier de "
        "justice) or a lawyer: collection cases can then be handed over to it.",
    )
    relance_collection_mandate = fields.Selection(
        MANDATES, "Usual Mandate", help="How this recipient is usually paid for a case."
    )
    relance_collection_rate = fields.Float(
        "Usual Commission (%)", digits=(5, 2), help="Its usual share of what it recovers."
    )
    relance_collection_fee = fields.Float(
        "Usual Fixed Fee", digits="Account", help="Its usual fee per case, in the case's currency."
    )
    relance_debtor_kind = fields.Selection(
        DEBTOR_KINDS,
        "Before the Courts",
        compute="_compute_relance_debtor_kind",
        store=True,
        readonly=False,
        help="Which court hears a claim against this customer: a trader or a commercial "
        "company before the commercial court; another business (a liberal profession, an "
        "association, a farmer, a civil company) or a consumer before the judicial court. "
        "Proposed from whether it is a company; correct it where it is wrong.",
    )
    relance_collection_case_ids = fields.One2many(
        "relance.collection.case", "partner_id", "Collection Cases", readonly=True
    )

    @api.depends("is_company")
    def _compute_relance_debtor_kind(self):
        for partner in self:
            partner.relance_debtor_kind = (
                procedures.TRADER if partner.is_company else procedures.CONSUMER
            )

    def action_relance_collection_case(self):
        """A new collection case on this customer's overdue invoices and its credit
        notes not yet matched, in one currency, those no case or plan holds."""
        self.ensure_one()
        moves = self._relance_overdue_documents()
        # One currency per case: the company's first, else the oldest invoice's.
        currency = self.env.company.currency_id
        if moves and currency not in moves.currency_id:
            currency = moves[0].currency_id
        return self.env["relance.collection.case"]._open_new(
            self.commercial_partner_id, moves.filtered(lambda move: move.currency_id == currency)
        )

    def _relance_overdue_documents(self):
        """This customer's overdue invoices and its credit notes not yet matched, in the
        current company, that no case or plan holds."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("relance_excluded", "=", False),
                "|",
                "&",
                ("move_type", "=", "out_invoice"),
                ("invoice_date_due", "<", today),
                ("move_type", "=", "out_refund"),
            ],
            order="invoice_date_due, id",
        )
        return moves.filtered(lambda move: not move.relance_held)

    # ------------------------------------------------------------------
    # The next step weighed: what the customer owes (its overdue documents, or one of
    # its cases), the customer and the company as parties, the thresholds and costs in
    # force; the engine lists the procedures.
    # ------------------------------------------------------------------
    def action_relance_weigh_procedures(self):
        self.ensure_one()
        return self.env["relance.procedure.options"]._open(self.commercial_partner_id)

    def _relance_weigh_procedures(self, case=None):
        """The values of the weighed next step for this customer's overdue debt, or for
        ``case``: its figures in euros and one line per procedure."""
        weighed = self._relance_weigh(case)
        debt, debtor, today = weighed["debt"], weighed["debtor"], weighed["today"]
        Option = self.env["relance.procedure.option"]
        return {
            "company_id": weighed["company"].id,
            "currency_id": self.env.ref("base.EUR").id,
            "amount_principal": float(debt.principal),
            "amount_interest": float(debt.interest),
            "amount_indemnity": float(debt.indemnity),
            "amount_costs": float(debt.costs),
            "amount_disputed": float(debt.disputed),
            "amount_claim": float(debt.claim),
            "date_oldest_due": debt.oldest_due,
            "days_late": debt.age(today),
            "debtor_country_id": weighed["country"].id,
            "debtor_kind": debtor.kind,
            "in_proceedings": debtor.in_proceedings,
            "warning": "\n".join(weighed["warnings"]) or False,
            "line_ids": [
                fields.Command.create(Option._prepare_vals(option, sequence))
                for sequence, option in enumerate(weighed["options"])
            ],
        }

    def _relance_procedure_options(self, case=None):
        """The engine's options of this customer's overdue debt, or of ``case``."""
        return self._relance_weigh(case)["options"]

    def _relance_weigh(self, case=None):
        """What the engine weighs and what it returns, for this customer's overdue
        debt or ``case``: {debt, debtor, country, company, today, warnings, options}."""
        self.ensure_one()
        customer = self.commercial_partner_id
        company = case.company_id if case else self.env.company
        today = fields.Date.context_today(self)
        euro = self.env.ref("base.EUR")
        debt, warnings = customer._relance_procedure_debt(company, case, euro, today)
        country = customer.country_id or company.country_id
        debtor = procedures.Party(
            country.code or "",
            customer.relance_debtor_kind or procedures.CONSUMER,
            in_proceedings=customer._relance_in_collective_proceedings(),
            public=bool(customer.relance_public_body),
        )
        creditor = procedures.Party(
            company._relance_country_code() or "", company.relance_creditor_kind
        )
        thresholds, unverified = self.env["relance.legal.threshold"].sudo()._in_force(today)
        # The thresholds the customer's country's procedures read.
        prefix = f"{debtor.country.lower()}_"
        unverified = unverified.filtered(
            lambda row: row.code.startswith(prefix) and row.code in procedures.THRESHOLDS
        )
        if unverified:
            warnings.append(
                self.env._(
                    "Not read in their text yet, check them before relying on them: "
                    "%(thresholds)s.",
                    thresholds=", ".join(row._code_label() for row in unverified),
                )
            )
        if not customer.country_id:
            warnings.append(
                self.env._(
                    "The customer has no country: the company's (%(country)s) is assumed.",
                    country=country.name or "-",
                )
            )
        costs = self.env["relance.procedure.cost"].sudo()._in_force(company, today, euro)
        agencies = self._relance_agencies(company, euro, today)
        options = procedures.weigh(
            debt, debtor, creditor, thresholds, costs, list(agencies.items())
        )
        return {
            "debt": debt,
            "debtor": debtor,
            "country": country,
            "company": company,
            "today": today,
            "warnings": warnings,
            "options": options,
        }

    def _relance_procedure_debt(self, company, case, euro, today):
        """(engine Debt in euros, warnings) of this customer's overdue documents in
        ``company``, or of ``case``. Each document's currency goes to the euro
        directly: a debt in euros is exactly what the books say."""
        moves = case.move_ids if case else self._relance_overdue_documents()
        Dispute = self.env["relance.dispute"]
        disputed = Dispute.search(Dispute._active_domain(today) + [("move_id", "in", moves.ids)])
        disputed = disputed.move_id
        kept = moves - disputed
        invoices = kept.filtered(lambda move: move.move_type == "out_invoice")

        def in_euro(amounts):
            """The sum of ``amounts`` {currency: amount} in euros, to the cent."""
            total = sum(
                currency._convert(amount, euro, company, today) for currency, amount in amounts
            )
            return Decimal(str(total)).quantize(procedures.CENT)

        def residual(documents):
            """[(currency, what ``documents`` owe in it, less what they credit)]."""
            return [
                (currency, sum(_signed_residual(move) for move in group))
                for currency, group in documents.grouped("currency_id").items()
            ]

        warnings = []
        if case:
            # Counted when the case was handed over; once invoiced, the penalties are in
            # the principal (the penalty invoice is one of the case's documents).
            invoiced = bool(case.penalty_move_id)
            interest = [(case.currency_id, 0.0 if invoiced else case.amount_interest)]
            indemnity = [(case.currency_id, 0.0 if invoiced else case.amount_indemnity)]
            costs = [(case.currency_id, case.amount_fees)]
        else:
            interest, indemnity, warning = self._relance_penalties_in(invoices, today)
            warnings += [warning] if warning else []
            costs = []
        dues = invoices.mapped("invoice_date_due")
        debt = procedures.Debt(
            principal=in_euro(residual(kept)),
            interest=in_euro(interest),
            indemnity=in_euro(indemnity),
            costs=in_euro(costs),
            disputed=in_euro(residual(disputed)),
            oldest_due=min(dues) if dues else None,
        )
        return debt, warnings

    def _relance_penalties_in(self, invoices, today):
        """([(currency, interest)], [(currency, indemnity)], warning) accrued on
        ``invoices`` to ``today``; nothing and a warning when a rate is missing."""
        interest, indemnity = [], []
        try:
            for currency, moves in invoices.grouped("currency_id").items():
                accrued = moves._relance_accrued_penalties(today)
                interest.append((currency, accrued[0]))
                indemnity.append((currency, accrued[1]))
        except UserError as error:
            return [], [], error.args[0]
        return interest, indemnity, False

    def _relance_agencies(self, company, euro, today):
        """{agency: engine Cost under its usual mandate} the company may hand a case to."""
        agencies = self.search(
            [
                ("relance_collection_role", "=", "agency"),
                ("company_id", "in", (False, company.id)),
            ]
        )
        costs = {}
        for agency in agencies:
            mandate = agency.relance_collection_mandate or "percentage"
            fee = company.currency_id._convert(agency.relance_collection_fee, euro, company, today)
            costs[agency] = procedures.Cost(
                fixed=Decimal(str(fee)) if mandate in ("fixed", "both") else Decimal(0),
                commission=Decimal(str(agency.relance_collection_rate))
                if mandate in ("percentage", "both")
                else Decimal(0),
            )
        return costs
