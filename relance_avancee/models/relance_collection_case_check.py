# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a collection case refuses: documents it may not take, a recipient without a
role, a mandate that does not make sense. Checked on create and on every write of a
field they read, whatever the path (form, import, external API), since
``@api.constrains`` would miss a create that leaves the field out."""

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, formatLang

from .relance_collection_case import OPEN_STATES
from .relance_payment_plan import OPEN_STATES as PLAN_OPEN_STATES


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

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
        plan, move = self.move_ids._relance_held_by("relance.payment.plan", PLAN_OPEN_STATES)
        if plan:
            raise ValidationError(
                self.env._(
                    "%(invoice)s is in payment plan %(plan)s: cancel the plan, or wait for it "
                    "to break, before handing the invoice over.",
                    invoice=move.display_name,
                    plan=plan.name,
                )
            )
        other, move = self.move_ids._relance_held_by(self._name, OPEN_STATES, self._origin)
        if other:
            raise ValidationError(
                self.env._(
                    "%(invoice)s is already in collection case %(case)s: withdraw that case "
                    "first.",
                    invoice=move.display_name,
                    case=other.name,
                )
            )
