# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The aged balance printed: its workbook (engine.aged_workbook), its PDF's values,
and the month-end workbook stored on the company and sent."""

import logging
from datetime import timedelta
from decimal import Decimal

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime

from ..engine import aged_workbook, ageing

_logger = logging.getLogger(__name__)

WORKBOOK_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# One file per concern of relance.aged.balance: the split is the point.
class RelanceAgedBalance(models.TransientModel):
    _inherit = "relance.aged.balance"  # pylint: disable=consider-merging-classes-inherited

    def _parameters(self):
        """What the report was asked, by whom and when: [(label, value)], translated."""
        self.ensure_one()
        parameters = [
            (self.env._("Date"), self.date),
            (self.env._("Companies"), ", ".join(self.company_ids.mapped("name"))),
        ]
        for label, records in (
            (self.env._("Customers"), self.partner_ids),
            (self.env._("Salespersons"), self.user_ids),
            (self.env._("Policies"), self.policy_ids),
            (self.env._("Levels Reached"), self.level_ids),
        ):
            if records:
                parameters.append((label, ", ".join(records.mapped("display_name"))))
        if self.only_overdue:
            parameters.append((self.env._("Only Overdue"), self.env._("Yes")))
        parameters += [
            (self.env._("Printed by"), self.env.user.name),
            (self.env._("Printed on"), format_datetime(self.env, fields.Datetime.now())),
        ]
        return parameters

    def _sections(self):
        """Per company: the company, its bucket titles, its rows sorted by customer
        (dicts of ``_read_rows``) and its totals by column."""
        self.ensure_one()
        rows = self._read_rows()
        partners = self.env["res.partner"].browse({row["partner_id"] for row in rows} - {None})
        names = {partner.id: partner.display_name for partner in partners}
        vats = {partner.id: partner.vat or partner.ref or "" for partner in partners}
        unknown = self.env._("No customer")
        sections = []
        for company in self.company_ids.sorted("name"):
            labels = company._relance_ageing_labels()
            own = sorted(
                (
                    {
                        **row,
                        "name": names.get(row["partner_id"], unknown),
                        "reference": vats.get(row["partner_id"], ""),
                        "amounts": [row.get(f"amount_{i}", 0.0) for i in range(len(labels))],
                        "currency": self.env["res.currency"].browse(row["currency_id"]),
                    }
                    for row in rows
                    if row["company_id"] == company.id
                ),
                key=lambda row: (row["name"].lower(), row["currency_id"]),
            )
            totals = [sum(row["amounts"][i] for row in own) for i in range(len(labels))]
            sections.append(
                {
                    "company": company,
                    "labels": labels,
                    "rows": own,
                    "totals": totals,
                    "credit": sum(row.get("credit", 0.0) for row in own),
                    "total": sum(row.get("total", 0.0) for row in own),
                }
            )
        return sections

    def _detail(self):
        """One ``DetailRow`` per instalment open on the date, oldest due first."""
        items = self.env["account.move.line"]._relance_aged_items(
            self.date, self.company_ids.ids, partner_ids=self._partner_filter()
        )
        moves = self.env["account.move"].browse({item["move_id"] for item in items})
        partners = self.env["res.partner"].browse({item["partner_id"] for item in items} - {None})
        companies = self.company_ids
        currencies = self.env["res.currency"].browse({item["currency_id"] for item in items})
        move_names = {move.id: move.name for move in moves}
        partner_names = {partner.id: partner.display_name for partner in partners}
        company_names = {company.id: company.name for company in companies}
        company_currency = {company.id: company.currency_id.name for company in companies}
        currency_names = {currency.id: currency.name for currency in currencies}
        buckets = {company.id: company._relance_ageing_buckets() for company in companies}
        bucket_titles = {
            company.id: dict(
                zip(
                    (key for key, _first, _last in buckets[company.id]),
                    company._relance_ageing_labels(),
                    strict=True,
                )
            )
            for company in companies
        }
        credit_title = self.env._("Unallocated Credit")
        detail = []
        for item in items:
            company_id = item["company_id"]
            key = ageing.bucket_of(item["due_date"], self.date, buckets[company_id])
            detail.append(
                aged_workbook.DetailRow(
                    company=company_names[company_id],
                    customer=partner_names.get(item["partner_id"], ""),
                    document=move_names[item["move_id"]],
                    date=item["date"],
                    due_date=item["due_date"],
                    days_late=max((self.date - item["due_date"]).days, 0),
                    bucket=credit_title if item["residual"] < 0 else bucket_titles[company_id][key],
                    currency=currency_names[item["currency_id"]],
                    residual_currency=item["residual_currency"],
                    residual=item["residual"],
                    company_currency=company_currency[company_id],
                )
            )
        return detail

    def _workbook_bytes(self):
        """The workbook: a sheet per company, then the detail."""
        self.ensure_one()
        sheets = [
            aged_workbook.AgedSheet(
                name=section["company"].name,
                currency=section["company"].currency_id.name,
                bucket_titles=tuple(section["labels"]),
                rows=[
                    aged_workbook.AgedRow(
                        customer=row["name"],
                        reference=row["reference"],
                        currency=row["currency"].name,
                        amounts=tuple(Decimal(str(amount)) for amount in row["amounts"]),
                        credit=Decimal(str(row.get("credit", 0.0))),
                        total_currency=Decimal(str(row.get("total_currency", 0.0))),
                    )
                    for row in section["rows"]
                ],
            )
            for section in self._sections()
        ]
        return aged_workbook.workbook_bytes(
            self._parameters(), sheets, self._detail(), self._workbook_labels()
        )

    def _workbook_labels(self):
        env = self.env
        return {
            "title": env._("Aged Balance"),
            "customer": env._("Customer"),
            "reference": env._("Reference"),
            "currency": env._("Currency"),
            "credit": env._("Unallocated Credit"),
            "total": env._("Total"),
            "total_currency": env._("Total in Currency"),
            "totals": env._("Totals"),
            "detail": env._("Detail"),
            "company": env._("Company"),
            "document": env._("Document"),
            "date": env._("Date"),
            "due_date": env._("Due Date"),
            "days_late": env._("Days Late"),
            "bucket": env._("Bucket"),
            "residual_currency": env._("Open Amount in Currency"),
            "residual": env._("Open Amount"),
            "company_currency": env._("Company Currency"),
        }

    def _workbook_name(self):
        return self.env._("Aged balance %(date)s.xlsx", date=fields.Date.to_string(self.date))

    def _workbook_attachment(self, res_model=None, res_id=None):
        """The workbook stored as an attachment (on the report, or on the record)."""
        self.ensure_one()
        return self.env["ir.attachment"].create(
            {
                "name": self._workbook_name(),
                "raw": self._workbook_bytes(),
                "mimetype": WORKBOOK_MIMETYPE,
                "res_model": res_model or self._name,
                "res_id": res_id or self.id,
            }
        )

    def action_workbook(self):
        """Download the workbook."""
        self.ensure_one()
        attachment = self._workbook_attachment()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    # Month-end ----------------------------------------------------------------------

    @api.model
    def _cron_month_end(self):
        """On the first days of a month, for every company that asks for it: the
        previous month-end's aged balance workbook, stored on the company (once: a
        second call finds it there) and emailed to the users it chose."""
        today = fields.Date.context_today(self)
        month_end = today.replace(day=1) - timedelta(days=1)
        companies = (
            self.env["res.company"].sudo().search([("relance_aged_balance_monthly", "=", True)])
        )
        for company in companies:
            report = (
                self.sudo()
                .with_company(company)
                .create({"date": month_end, "company_ids": [fields.Command.set(company.ids)]})
            )
            # Named and laid out in the company's language.
            report = report.with_context(lang=company.partner_id.lang)
            name = report._workbook_name()
            if (
                self.env["ir.attachment"]
                .sudo()
                .search_count(
                    [
                        ("res_model", "=", "res.company"),
                        ("res_id", "=", company.id),
                        ("name", "=", name),
                    ]
                )
            ):
                continue
            attachment = report._workbook_attachment("res.company", company.id)
            report._send_month_end(company, attachment)
            _logger.info("Month-end aged balance of %s stored and sent: %s", company.name, name)

    def _send_month_end(self, company, attachment):
        recipients = company.relance_aged_balance_user_ids.filtered("email")
        if not recipients:
            return
        env = self.with_context(lang=company.partner_id.lang).env
        self.env["mail.mail"].sudo().create(
            {
                "subject": env._(
                    "%(company)s: aged balance on %(date)s",
                    company=company.name,
                    date=fields.Date.to_string(self.date),
                ),
                "body_html": Markup("<p>%s</p>")
                % env._(
                    "The aged balance of %(company)s at the end of the month is attached.",
                    company=company.name,
                ),
                "email_from": company.email_formatted or self.env.user.email_formatted,
                "recipient_ids": [fields.Command.set(recipients.partner_id.ids)],
                "attachment_ids": [fields.Command.link(attachment.id)],
                "auto_delete": False,
            }
        )
