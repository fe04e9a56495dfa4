# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How a payment plan is accepted: online on the portal (typed name and drawn
signature) or on a signed paper copy; then it runs, its penalties are invoiced and
the debt's acknowledgement is dated on its invoices."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date


# One file per concern of relance.payment.plan: the split is the point.
class RelancePaymentPlan(models.Model):
    _inherit = "relance.payment.plan"  # pylint: disable=consider-merging-classes-inherited

    # Accepting ------------------------------------------------------------------

    def _relance_acceptance_refusal(self):
        """Why the customer cannot accept this plan online now, or False."""
        self.ensure_one()
        if self.state == "cancelled":
            return self.env._("This payment plan was cancelled: it can no longer be accepted.")
        if self.state in ("active", "completed", "broken"):
            return self.env._("This payment plan was already accepted.")
        if self.state != "proposed":
            return self.env._("This payment plan has not been proposed to you yet.")
        if self.validity_date and self.validity_date < fields.Date.context_today(self):
            return self.env._(
                "This proposal expired on %(date)s: ask us for a new one.",
                date=format_date(self.env, self.validity_date),
            )
        return False

    def _relance_can_be_accepted(self):
        return not self._relance_acceptance_refusal()

    def _accept_online(self, name, signature, ip_address):
        """The customer signed on the portal: the plan runs, and the agreement as
        signed is kept on it."""
        self.ensure_one()
        self._activate("portal", name, signature=signature, ip_address=ip_address)
        pdf, _kind = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("relance_avancee.action_report_relance_payment_plan", self.ids)
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._("%(plan)s signed.pdf", plan=self.name),
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        self.message_post(
            body=self.env._("The agreement as signed online."), attachment_ids=attachment.ids
        )

    def action_open_accept(self):
        """Record the copy the customer signed on paper."""
        self.ensure_one()
        self._check_state(("draft", "proposed"), self.env._("accepted"))
        return self._open_wizard("relance.payment.plan.accept", self.env._("Signed Copy"))

    def action_open_cancel(self):
        self.ensure_one()
        self._check_state(("draft", "proposed", "active"), self.env._("cancelled"))
        return self._open_wizard("relance.payment.plan.cancel", self.env._("Cancel the Plan"))

    def _open_wizard(self, model, title):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def _activate(self, method, signed_by, signature=None, ip_address=None, attachment=None):
        """The customer accepted: the plan runs. The penalties it claims are invoiced,
        the debt's acknowledgement is dated on its invoices (Code civil, art. 2240:
        the debtor's acknowledgement interrupts the limitation period), and the signed
        copy is kept on the plan."""
        self.ensure_one()
        self._check_state(("draft", "proposed"), self.env._("accepted"))
        if not (signed_by or "").strip():
            raise ValidationError(self.env._("Enter the name of the person who signed."))
        if self.currency_id.is_zero(sum(self.move_ids.mapped("amount_residual"))):
            raise UserError(
                self.env._(
                    "The invoices of %(plan)s are paid: nothing is left to spread.", plan=self.name
                )
            )
        now = fields.Datetime.now()
        penalty_move = self._invoice_penalties()
        self.write(
            {
                "state": "active",
                "date_accepted": now,
                "accepted_by": signed_by.strip(),
                "acceptance_method": method,
                "accepted_ip": ip_address or False,
                "signature": signature or False,
                "penalty_move_id": penalty_move.id,
            }
        )
        if penalty_move:
            self.with_context(relance_plan_internal=True).move_ids |= penalty_move
        self.move_ids.sudo().relance_debt_acknowledged = fields.Date.context_today(self, now)
        body = self.env._(
            "Payment plan accepted by %(name)s (%(method)s): %(count)s instalments, %(total)s.",
            name=self.accepted_by,
            method=dict(self._fields["acceptance_method"]._description_selection(self.env))[method],
            count=len(self.instalment_ids),
            total=format_amount(self.env, self.amount_total, self.currency_id),
        )
        self.message_post(body=body, attachment_ids=attachment.ids if attachment else [])
        self.partner_id.sudo().message_post(body=Markup("%s %s") % (self._get_html_link(), body))
        self.env["relance.communication"].sudo()._withdraw_settled(
            self.partner_id,
            self.company_id,
            lambda env: env._("Payment plan %(plan)s started.", plan=self.name),
        )
        return True

    def _invoice_penalties(self):
        """The posted invoice of the penalties the plan claims (none if it claims
        none), for the days counted when the plan was drawn up: exactly what the
        schedule spreads, or nothing is accepted."""
        Move = self.env["account.move"]
        if not self.include_penalties or self.currency_id.is_zero(self.amount_penalties):
            return Move
        invoices = (
            Move.with_context(relance_unverified_rates_confirmed=True)
            .sudo()
            ._relance_create_penalty_invoices(
                self.company_id,
                self.penalty_date,
                customers=self.partner_id,
                post=True,
                moves=self.move_ids,
            )
        )
        if self.currency_id.compare_amounts(
            sum(invoices.mapped("amount_total")), self.amount_penalties
        ):
            raise UserError(
                self.env._(
                    "The penalties of %(plan)s changed since it was drawn up (another penalty "
                    "invoice claims some of them): cancel it and draw up a new one.",
                    plan=self.name,
                )
            )
        return invoices
