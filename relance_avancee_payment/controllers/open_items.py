# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's open items on Odoo's portal, with their days late, a link to pay
each invoice online, and the statement of account to download."""

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class RelanceOpenItemsPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "relance_open_item_count" in counters:
            values["relance_open_item_count"] = len(self._relance_open_lines())
        return values

    def _relance_open_lines(self, company=None):
        """The open receivable items of the customer logged in (its commercial entity
        and its contacts), in the companies the portal shows it."""
        user = request.env.user
        Line = request.env["account.move.line"].sudo()
        companies = company or user.company_ids
        return Line.search(
            Line._relance_open_receivable_domain()
            + [
                ("partner_id", "child_of", user.partner_id.commercial_partner_id.id),
                ("company_id", "in", companies.ids),
            ],
            order="company_id, date_maturity, id",
        )

    @staticmethod
    def _relance_running_plans(moves):
        """{invoice: its active payment plan} for ``moves``: the plan's instalments,
        not the invoice, are what the customer pays."""
        plans = (
            request.env["relance.payment.plan"]
            .sudo()
            .search([("state", "=", "active"), ("move_ids", "in", moves.ids)])
        )
        return {move: plan for plan in plans for move in plan.move_ids & moves}

    @http.route("/my/open_items", type="http", auth="user", website=True)
    def relance_portal_open_items(self, **kw):
        lines = self._relance_open_lines()
        today = fields.Date.context_today(request.env.user)
        planned = self._relance_running_plans(lines.move_id)
        # An invoice in a running plan is paid by its instalments, never as a whole.
        payable = lines.move_id._relance_payable_online().filtered(lambda move: move not in planned)
        next_instalments = {
            plan: plan.instalment_ids.filtered(lambda i: i.state != "paid").sorted("date")[:1]
            for plan in set(planned.values())
        }
        companies = []
        for company, company_lines in lines.grouped("company_id").items():
            # A credit not yet used (payment, credit note) is never late, nor an
            # invoice whose plan runs: its instalments are what is due.
            overdue = company_lines.filtered(
                lambda line: line.amount_residual > 0
                and (line.date_maturity or line.date) < today
                and line.move_id not in planned
            )
            companies.append(
                {
                    "company": company,
                    "lines": company_lines,
                    "total": sum(company_lines.mapped("amount_residual")),
                    "overdue": sum(overdue.mapped("amount_residual")),
                    "can_pay_overdue": bool(overdue.move_id & payable),
                }
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "relance_open_items",
                "relance_companies": companies,
                "relance_payable": payable,
                "relance_planned": planned,
                "relance_next_instalments": next_instalments,
                "relance_today": today,
            }
        )
        return request.render("relance_avancee_payment.portal_my_open_items", values)

    @http.route("/my/open_items/statement/<int:company_id>", type="http", auth="user", website=True)
    def relance_portal_statement(self, company_id, **kw):
        """The statement of account with ``company_id``, in PDF, as the company sends it."""
        company = request.env.user.company_ids.filtered(lambda company: company.id == company_id)
        if not company:
            return request.redirect("/my/open_items")
        customer = request.env.user.partner_id.commercial_partner_id
        report = request.env["ir.actions.report"].sudo().with_company(company)
        content, report_type = report._render_qweb_pdf(
            "relance_avancee.action_report_relance_statement", [customer.id]
        )
        filename = request.env._("Statement - %(customer)s.pdf", customer=customer.name)
        return request.make_response(
            content,
            headers=[
                # Odoo's test mode renders reports as HTML unless asked otherwise.
                ("Content-Type", "application/pdf" if report_type == "pdf" else "text/html"),
                ("Content-Length", len(content)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
