# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the aged balance's PDF shows, computed here: the parameters, then a table per
company. The workbook (``relance.aged.balance._workbook_bytes``) lays out the same."""

from odoo import api, fields, models
from odoo.tools import format_datetime


class RelanceAgedBalanceReport(models.AbstractModel):
    _name = "report.relance_avancee.report_relance_aged_balance"
    _description = "Aged Balance (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["relance.aged.balance"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "relance.aged.balance",
            "docs": reports,
            "report_values": {
                report.id: {
                    "parameters": self._parameters(report),
                    "sections": self._sections(report),
                }
                for report in reports
            },
        }

    @api.model
    def _parameters(self, report):
        """What ``report`` (a relance.aged.balance) was asked, by whom and when:
        [(label, value)], translated."""
        report.ensure_one()
        parameters = [
            (self.env._("Date"), report.date),
            (self.env._("Companies"), ", ".join(report.company_ids.mapped("name"))),
        ]
        for label, records in (
            (self.env._("Customers"), report.partner_ids),
            (self.env._("Salespersons"), report.user_ids),
            (self.env._("Policies"), report.policy_ids),
            (self.env._("Levels Reached"), report.level_ids),
        ):
            if records:
                parameters.append((label, ", ".join(records.mapped("display_name"))))
        if report.only_overdue:
            parameters.append((self.env._("Only Overdue"), self.env._("Yes")))
        parameters += [
            (self.env._("Printed by"), self.env.user.name),
            (self.env._("Printed on"), format_datetime(self.env, fields.Datetime.now())),
        ]
        return parameters

    @api.model
    def _sections(self, report):
        """Per company of ``report``: the company, its bucket titles, its rows sorted by
        customer (the dicts ``report._read_rows`` reads) and its totals by column."""
        report.ensure_one()
        rows = report._read_rows()
        partners = self.env["res.partner"].browse({row["partner_id"] for row in rows} - {None})
        names = {partner.id: partner.display_name for partner in partners}
        vats = {partner.id: partner.vat or partner.ref or "" for partner in partners}
        unknown = self.env._("No customer")
        sections = []
        for company in report.company_ids.sorted("name"):
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
