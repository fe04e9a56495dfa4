# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Paying online what a reminder claims, or a payment plan's instalment due, with
Odoo's payment form and providers: the transaction names the invoices, so that Odoo
posts the payment and reconciles it with them as for an invoice paid on the portal,
and the next dunning run sees them paid."""

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.addons.relance_avancee.controllers.portal import relance_customer_page


class RelancePayPortal(PortalAccount):
    # A reminder's invoices -------------------------------------------------------

    def _relance_reminder_sudo(self, communication_id, access_token):
        """The reminder the link pays, or None for a wrong link."""
        communication = request.env["relance.communication"].sudo().browse(communication_id)
        if communication.exists() and communication._relance_check_payment_token(access_token):
            return communication
        return None

    @http.route(
        "/relance/pay/reminder/<int:communication_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def relance_pay_reminder(self, communication_id, access_token=None, **kw):
        communication = self._relance_reminder_sudo(communication_id, access_token)
        if not communication:
            return request.redirect("/my")
        page_url = f"/relance/pay/reminder/{communication_id}?access_token={access_token}"
        branding = relance_customer_page(
            communication.partner_id, communication.company_id, kw.get("lang")
        )
        return self._relance_render_pay_page(
            communication.with_context(lang=request.env.lang),
            moves=communication._relance_pay_online_moves(),
            amount=None,
            transaction_route=f"/relance/pay/reminder/{communication_id}/transaction",
            landing_route=page_url,
            access_token=access_token,
            branding=branding,
        )

    @http.route(
        "/relance/pay/reminder/<int:communication_id>/transaction", type="json", auth="public"
    )
    def relance_pay_reminder_transaction(self, communication_id, access_token=None, **kwargs):
        communication = self._relance_reminder_sudo(communication_id, access_token)
        if not communication:
            raise ValidationError(request.env._("This payment link is not valid."))
        moves = communication._relance_pay_online_moves()
        return self._relance_transaction(
            communication, moves, sum(moves.mapped("amount_residual")), kwargs
        )

    # A payment plan's instalment ---------------------------------------------------

    def _relance_plan_sudo(self, plan_id, access_token):
        try:
            plan = self._document_check_access("relance.payment.plan", plan_id, access_token)
        except (AccessError, MissingError):
            return None
        return plan

    @http.route(
        "/my/payment_plans/<int:plan_id>/pay",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def relance_pay_plan(self, plan_id, access_token=None, **kw):
        plan = self._relance_plan_sudo(plan_id, access_token)
        if not plan:
            return request.redirect("/my")
        if plan.state != "active":
            return request.redirect(plan.get_portal_url())
        branding = relance_customer_page(plan.partner_id, plan.company_id, kw.get("lang"))
        return self._relance_render_pay_page(
            plan.with_context(lang=request.env.lang),
            moves=plan._relance_pay_online_moves(),
            amount=plan._relance_amount_due_now(),
            transaction_route=f"/my/payment_plans/{plan_id}/transaction",
            landing_route=plan.get_portal_url(),
            access_token=plan.access_token,
            branding=branding,
        )

    @http.route("/my/payment_plans/<int:plan_id>/transaction", type="json", auth="public")
    def relance_pay_plan_transaction(self, plan_id, access_token=None, **kwargs):
        plan = self._relance_plan_sudo(plan_id, access_token)
        if not plan:
            raise ValidationError(request.env._("This payment link is not valid."))
        if plan.state != "active":
            raise ValidationError(request.env._("This payment plan is no longer running."))
        return self._relance_transaction(
            plan, plan._relance_pay_online_moves(), plan._relance_amount_due_now(), kwargs
        )

    # Shared ---------------------------------------------------------------------

    def _relance_render_pay_page(
        self, document, moves, amount, transaction_route, landing_route, access_token, branding
    ):
        """The page of a reminder (``amount`` None: all its invoices) or of a plan (the
        instalment due): what is paid, and Odoo's payment form while something is left."""
        residual = sum(moves.mapped("amount_residual"))
        amount = residual if amount is None else min(amount, residual)
        currency = document.currency_id
        values = self._prepare_portal_layout_values()
        values.update(branding)
        values.update(
            {
                "page_name": "relance_pay",
                "relance_document": document,
                "relance_moves": moves,
                "relance_amount": amount,
                "currency": currency,
            }
        )
        if moves and not currency.is_zero(amount):
            values.update(
                self._get_common_page_view_values(
                    invoices_data={
                        "partner": document.partner_id,
                        "company": document.company_id,
                        "total_amount": amount,
                        "currency": currency,
                        "amount_residual": amount,
                        "landing_route": landing_route,
                        "transaction_route": transaction_route,
                    },
                    access_token=access_token,
                )
            )
            values["amount"] = amount
        return request.render("relance_avancee_payment.portal_relance_pay", values)

    def _relance_transaction(self, document, moves, amount, kwargs):
        """The draft transaction paying ``amount`` to ``moves``, as Odoo creates one
        for an invoice paid on its portal; refused when the amount the page showed is
        no longer what is owed (paid meanwhile), so nobody pays twice."""
        env = request.env
        self._validate_transaction_kwargs(kwargs, additional_allowed_keys={"payment_reference"})
        kwargs.pop("payment_reference", None)
        currency = document.currency_id
        amount = min(amount, sum(moves.mapped("amount_residual")))
        if not moves or currency.is_zero(amount):
            raise ValidationError(env._("There is nothing left to pay: thank you."))
        try:
            asked = float(kwargs.get("amount") or 0.0)
        except ValueError:
            asked = 0.0
        if currency.compare_amounts(asked, amount) != 0:
            raise ValidationError(
                env._("The amount to pay has changed since the page was opened: reload it.")
            )
        kwargs.pop("is_validation", None)  # A payment, never a card check.
        provider = (
            env["payment.provider"].sudo().browse(self._cast_as_int(kwargs.get("provider_id")))
        )
        if kwargs.get("flow") != "token" and provider.company_id != document.company_id:
            raise ValidationError(env._("This payment method is not offered for this payment."))
        logged_in = not env.user._is_public()
        # As Odoo does for an invoice: tokens saved go to the customer logged in.
        payer = env.user.partner_id if logged_in else document.partner_id
        kwargs.update({"amount": amount, "currency_id": currency.id, "partner_id": payer.id})
        transaction = self._create_transaction(
            custom_create_values={"invoice_ids": [Command.set(moves.ids)]}, **kwargs
        )
        return transaction._get_processing_values()
