# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's payment plans on Odoo's portal: the list, one plan with its
schedule and agreement, and its acceptance (typed name and drawn signature) or
refusal, as Sales lets a customer accept a quotation."""

import binascii

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PLANS_PER_PAGE = 20


def relance_customer_page(partner, company, asked_lang=None):
    """Make the page being rendered the customer's: in the language its link carries
    (``lang``, as the module's links do), else the customer's; under the creditor
    company's logo and name (the ``res_company`` of Odoo's layout, which would be
    the database's first company otherwise). Returns the values to render with."""
    installed = {code for code, _name in request.env["res.lang"].get_installed()}
    for lang in (asked_lang, partner.lang):
        if lang in installed:
            request.update_context(lang=lang)
            break
    return {"res_company": company}


class RelancePaymentPlanPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "relance_plan_count" in counters:
            Plan = request.env["relance.payment.plan"]
            values["relance_plan_count"] = (
                Plan.search_count(self._relance_plan_domain()) if Plan.has_access("read") else 0
            )
        return values

    def _relance_plan_domain(self):
        # What the customer was asked to sign, or signed: never a draft.
        return [("state", "!=", "draft")]

    @http.route(
        ["/my/payment_plans", "/my/payment_plans/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_payment_plans(self, page=1, **kw):
        Plan = request.env["relance.payment.plan"]
        domain = self._relance_plan_domain()
        pager = portal_pager(
            url="/my/payment_plans",
            total=Plan.search_count(domain),
            page=page,
            step=PLANS_PER_PAGE,
        )
        plans = Plan.search(domain, limit=PLANS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"plans": plans, "pager": pager, "page_name": "relance_payment_plans"})
        return request.render("relance_avancee.portal_my_payment_plans", values)

    @http.route(["/my/payment_plans/<int:plan_id>"], type="http", auth="public", website=True)
    def portal_payment_plan_page(
        self, plan_id, access_token=None, report_type=None, download=False, message=None, **kw
    ):
        try:
            plan_sudo = self._document_check_access("relance.payment.plan", plan_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if plan_sudo.state == "draft":
            return request.redirect("/my")
        branding = relance_customer_page(plan_sudo.partner_id, plan_sudo.company_id, kw.get("lang"))
        plan_sudo = plan_sudo.with_context(lang=request.env.lang)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=plan_sudo,
                report_type=report_type,
                report_ref="relance_avancee.action_report_relance_payment_plan",
                download=download,
            )
        values = self._get_page_view_values(
            plan_sudo,
            access_token,
            {"plan": plan_sudo, "message": message},
            "relance_plan_history",
            False,
        )
        values.update(branding)
        values["page_name"] = "relance_payment_plan"
        values["can_accept"] = plan_sudo._relance_can_be_accepted()
        # How to pay: the next instalment, the creditor's bank details and the QR
        # code, as the agreement letter prints them.
        letter = request.env["report.relance_avancee.report_relance_payment_plan"].sudo()
        plan_values = letter._plan_values(plan_sudo)
        values["payment"] = plan_values["payment"] if plan_sudo.state == "active" else False
        values["next_date"] = plan_values["next_date"]
        values["next_amount"] = plan_values["next_amount"]
        return request.render("relance_avancee.portal_payment_plan_page", values)

    @http.route(
        ["/my/payment_plans/<int:plan_id>/accept"], type="json", auth="public", website=True
    )
    def portal_payment_plan_accept(self, plan_id, access_token=None, name=None, signature=None):
        """Sign the plan (the portal's signature component posts here)."""
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            plan_sudo = self._document_check_access("relance.payment.plan", plan_id, access_token)
        except (AccessError, MissingError):
            return {
                "error": request.env._("This payment plan does not exist or the link is not valid.")
            }
        refusal = plan_sudo._relance_acceptance_refusal()
        if refusal:
            return {"error": refusal}
        if not (name or "").strip():
            return {"error": request.env._("Type your name to sign.")}
        if not signature:
            return {"error": request.env._("The signature is missing.")}
        try:
            plan_sudo._accept_online(name, signature, request.httprequest.remote_addr)
        except (TypeError, binascii.Error):
            return {"error": request.env._("The signature could not be read: sign again.")}
        except (UserError, ValidationError) as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": plan_sudo.get_portal_url(query_string="&message=sign_ok"),
        }

    @http.route(
        ["/my/payment_plans/<int:plan_id>/decline"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_payment_plan_decline(self, plan_id, access_token=None, decline_message=None, **kw):
        try:
            plan_sudo = self._document_check_access("relance.payment.plan", plan_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if plan_sudo._relance_acceptance_refusal() or not (decline_message or "").strip():
            return request.redirect(plan_sudo.get_portal_url(query_string="&message=cant_decline"))
        plan_sudo._cancel(decline_message, declined=True)
        return request.redirect(plan_sudo.get_portal_url(query_string="&message=declined"))
