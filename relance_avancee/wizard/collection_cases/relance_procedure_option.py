# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One procedure of the weighed next step: open or not and why, its cost, what it may
bring back net and how long it takes."""

from odoo import fields, models
from odoo.tools import format_amount

from ...engine import procedures
from ...models.collection_cases.relance_procedure_cost import PROCEDURES
from ...tools.formatting import format_percent

STATUSES = [
    (procedures.OPEN, "Open"),
    (procedures.CONDITION, "Open on a Condition"),
    (procedures.CLOSED, "Not Open"),
]


class RelanceProcedureOption(models.TransientModel):
    _name = "relance.procedure.option"
    _description = "Procedure weighed for the next step"
    _order = "sequence, id"

    options_id = fields.Many2one(
        "relance.procedure.options", "Weighed Next Step", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    currency_id = fields.Many2one(related="options_id.currency_id")
    procedure = fields.Selection(
        PROCEDURES + [(procedures.AGENCY, "Collection Agency")], "Kind", readonly=True
    )
    name = fields.Char("Procedure", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    reasons = fields.Text("Why", readonly=True)
    sources = fields.Char("Texts", readonly=True)
    amount_claim = fields.Monetary("May Claim", readonly=True)
    amount_cost = fields.Monetary(
        "Cost", readonly=True, help="What it costs the company if the claim is paid in full."
    )
    amount_net = fields.Monetary("Net If Paid in Full", readonly=True)
    amount_expected = fields.Monetary(
        "Expected Net",
        readonly=True,
        help="The claim times the recovery the company expects from the procedure, less its "
        "costs. Empty without an expected recovery in Procedure Costs.",
    )
    has_cost = fields.Boolean(readonly=True)
    has_expected = fields.Boolean(readonly=True)
    duration_days = fields.Integer("Days", readonly=True)
    agency_id = fields.Many2one("res.partner", readonly=True)

    def action_hand_over(self):
        """A new collection case on the customer's overdue invoices following this
        procedure (for this agency)."""
        self.ensure_one()
        action = self.options_id.partner_id.action_relance_collection_case()
        action["context"]["default_procedure"] = self.procedure
        if self.agency_id:
            action["context"]["default_recipient_id"] = self.agency_id.id
        return action

    # ------------------------------------------------------------------
    # From the engine's options to the lines a person reads, in their language.
    # ------------------------------------------------------------------
    def _prepare_vals(self, option, sequence):
        """The values of the line of engine ``option`` (an agency's key: its partner)."""
        agency = option.key if option.procedure == procedures.AGENCY else None
        labels = dict(self._fields["procedure"]._description_selection(self.env))
        return {
            "sequence": sequence,
            "procedure": option.procedure,
            "name": agency.name if agency else labels[option.procedure],
            "agency_id": agency.id if agency else False,
            "status": option.status,
            "reasons": "\n".join(self._reason_text(reason) for reason in option.reasons) or False,
            "sources": ", ".join(option.sources) or False,
            "amount_claim": float(option.claim),
            "amount_cost": float(option.cost or 0),
            "amount_net": float(option.net or 0),
            "amount_expected": float(option.expected_net or 0),
            "has_cost": option.cost is not None,
            "has_expected": option.expected_net is not None,
            "duration_days": option.days or 0,
        }

    def _reason_text(self, reason):
        """Engine ``reason``, said in the user's language."""
        euro = self.env.ref("base.EUR")
        params = {}
        for key, value in reason.params.items():
            if key == "code":
                params[key] = self._threshold_label(value)
            elif key == "share":
                params[key] = format_percent(self.env, value)
            else:
                params[key] = format_amount(self.env, float(value), euro)
        return self._reason_messages()[reason.code](params)

    def _threshold_label(self, code):
        Threshold = self.env["relance.legal.threshold"]
        return dict(Threshold._fields["code"]._description_selection(self.env))[code]

    def _reason_messages(self):
        """{engine reason code: its message}. Hook: a procedure added to the engine adds
        its reasons here."""
        return {
            "proceedings": lambda p: self.env._(
                "The customer is in collective proceedings: individual actions are stopped "
                "and earlier claims may not be paid (Code de commerce, L622-21 and L622-7). "
                "Declare the claim to the court-appointed representative instead."
            ),
            "nothing_claimable": lambda p: self.env._(
                "Nothing is left to claim: the overdue invoices are disputed, or in a payment "
                "plan or a collection case."
            ),
            "disputed_left_out": lambda p: self.env._(
                "%(amount)s under dispute is left out: a court claims only what is not "
                "contested.",
                **p,
            ),
            "no_cost": lambda p: self.env._(
                "No cost entered for this procedure: enter the company's figures in "
                "Configuration > Procedure Costs."
            ),
            "no_agency": lambda p: self.env._(
                "No collection agency is set up: give a partner the role on its Collections tab."
            ),
            "threshold_missing": lambda p: self.env._(
                "No value of \u201c%(code)s\u201d is in force today: enter it in "
                "Configuration > Legal Thresholds.",
                **p,
            ),
            "mediation_business": lambda p: self.env._(
                "Between businesses, the médiateur des entreprises; the customer takes part "
                "freely. It is one of the prior attempts an action may require (CPC 750-1)."
            ),
            "mediation_consumer": lambda p: self.env._(
                "A conciliateur de justice or a mediator; the customer takes part freely. It is "
                "one of the prior attempts an action may require (CPC 750-1)."
            ),
            "small_claims_over": lambda p: self.env._(
                "%(amount)s in principal and interest is over the procedure's cap of %(cap)s "
                "(CPCE R125-1).",
                **p,
            ),
            "small_claims_agree": lambda p: self.env._(
                "Up to %(cap)s in principal and interest (CPCE R125-1), if the customer "
                "agrees: its silence or refusal ends the procedure. All its costs are the "
                "company's (CPCE L125-1).",
                **p,
            ),
            "order_not_trader": lambda p: self.env._(
                "The customer is not a trader: the injonction de payer goes to the judicial "
                "court."
            ),
            "order_between_traders": lambda p: self.env._(
                "Between traders, the commercial court hears the claim (Code de commerce, "
                "L721-3)."
            ),
            "order_commercial_court": lambda p: self.env._(
                "A request to the president of the commercial court of the place where the "
                "customer lives (CPC 1406), for a claim of a set amount (CPC 1405)."
            ),
            "order_judicial_court": lambda p: self.env._(
                "A request to the president of the judicial court of the place where the "
                "customer lives (CPC 1406), for a claim of a set amount (CPC 1405)."
            ),
            "order_creditor_chooses": lambda p: self.env._(
                "The company is not a trader: against a trader it may choose the commercial or "
                "the judicial court."
            ),
            "order_no_prior_attempt": lambda p: self.env._(
                "No prior amicable attempt is required for an injonction de payer (Cass. 2e "
                "civ., avis, 25 September 2025, n° 25-70.013), unlike an action of %(cap)s or "
                "less.",
                **p,
            ),
            "action_commercial_court": lambda p: self.env._(
                "Between traders, before the commercial court: no prior amicable attempt is "
                "required."
            ),
            "action_prior_attempt": lambda p: self.env._(
                "%(amount)s is %(cap)s or less: before the judicial court, a conciliation, a "
                "mediation or a participatory procedure must come first (CPC 750-1).",
                **p,
            ),
            "action_judicial_court": lambda p: self.env._(
                "Before the judicial court; over %(cap)s, no prior amicable attempt is "
                "required (CPC 750-1).",
                **p,
            ),
            "be_uncontested_businesses": lambda p: self.env._(
                "Only between businesses registered in Belgium's Crossroads Bank for "
                "Enterprises, neither a public authority (Code judiciaire, 1394/20)."
            ),
            "be_uncontested_how": lambda p: self.env._(
                "Through the company's lawyer and a bailiff, for a debt the customer does not "
                "contest; without an answer, the bailiff's record is made enforceable (Code "
                "judiciaire, 1394/20 and following)."
            ),
            "be_uncontested_capped": lambda p: self.env._(
                "Interest of %(interest)s capped at %(share)s of the principal: %(cap)s "
                "claimed (Code judiciaire, 1394/20).",
                **p,
            ),
            "be_summary_over": lambda p: self.env._(
                "%(amount)s is over the summary order's cap of %(cap)s (Code judiciaire, 1338).",
                **p,
            ),
            "be_summary_how": lambda p: self.env._(
                "Up to %(cap)s, for a liquid debt backed by a document from the customer, "
                "after a formal demand; the request is signed by a lawyer (Code judiciaire, "
                "1338 and following).",
                **p,
            ),
        }
