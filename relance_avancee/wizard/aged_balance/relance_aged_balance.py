# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The aged balance (balance âgée): what each customer owed on a date, and how old it
was, per company and currency.

A report's parameters (date, companies, filters) are a transient record; its rows
(``relance.aged.balance.line``) are computed from them in one aggregate query
(``account.move.line._relance_aged_totals``) and shown as a list, a pivot and a graph,
or laid out in a workbook (``engine.aged_workbook``) and a PDF; the month-end workbook
is stored on the company and sent.
"""

from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ...engine import aged_workbook, ageing
from ...tools import bulk_sql
from .relance_aged_balance_line import BUCKET_COUNT

REPORT_MODEL = "report.relance_avancee.report_relance_aged_balance"
WORKBOOK_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What tells a row apart; its other columns are its amounts.
KEYS = ("company_id", "partner_id", "currency_id")


class RelanceAgedBalance(models.TransientModel):
    _name = "relance.aged.balance"
    _description = "Aged Balance"

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="The balance as it was at the end of this day: entries dated later and "
        "matches made later are left out.",
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.companies,
    )
    partner_ids = fields.Many2many("res.partner", string="Customers", help="Empty: every customer.")
    user_ids = fields.Many2many(
        "res.users", string="Salespersons", help="The customers these users follow."
    )
    policy_ids = fields.Many2many(
        "relance.policy",
        string="Policies",
        help="The customers following these collections policies (the company's default "
        "one for a customer without its own).",
    )
    level_ids = fields.Many2many(
        "relance.level",
        string="Levels Reached",
        help="The customers with an invoice now at one of these collections levels.",
    )
    only_overdue = fields.Boolean(
        help="Only the customers who owed something past due on the date."
    )
    line_ids = fields.One2many("relance.aged.balance.line", "report_id", readonly=True)
    range_ids = fields.One2many("relance.aged.balance.range", "report_id", readonly=True)

    @api.constrains("date", "company_ids")
    def _check_date_and_companies(self):
        today = fields.Date.context_today(self)
        for report in self:
            if report.date > today:
                raise ValidationError(
                    self.env._(
                        "The aged balance reads the books as they were: %(date)s is in the "
                        "future.",
                        date=report.date,
                    )
                )
            report._check_companies_allowed()

    def _check_companies_allowed(self):
        # Read as superuser: reading companies the user may not read would refuse
        # with Odoo's generic message instead of this one.
        refused = self.sudo().company_ids - self.env.user.company_ids
        if refused and not self.env.su:
            raise AccessError(
                self.env._(
                    "You may not read the books of %(companies)s.",
                    companies=", ".join(refused.mapped("name")),
                )
            )

    # Reading ------------------------------------------------------------------------

    def _partner_filter(self):
        """The commercial entities the filters keep, or None for every customer."""
        kept = None

        def narrow(ids):
            return set(ids) if kept is None else kept & set(ids)

        partners = self.env["res.partner"].with_context(active_test=False)
        if self.partner_ids:
            kept = narrow(self.partner_ids.commercial_partner_id.ids)
        if self.user_ids:
            followed = partners.search([("user_id", "in", self.user_ids.ids)])
            kept = narrow(followed.commercial_partner_id.ids)
        if self.policy_ids:
            followers = set()
            for company in self.company_ids:
                with_company = partners.with_company(company)
                followers |= set(
                    with_company.search([("relance_policy_id", "in", self.policy_ids.ids)]).ids
                )
                default = self.env["relance.policy"]._get_company_default(company)
                if default in self.policy_ids:
                    followers |= set(with_company.search([("relance_policy_id", "=", False)]).ids)
            kept = narrow(followers)
        if self.level_ids:
            groups = self.env["account.move.line"]._read_group(
                [
                    ("company_id", "in", self.company_ids.ids),
                    ("relance_level_id", "in", self.level_ids.ids),
                    ("partner_id", "!=", False),
                ],
                ["partner_id"],
            )
            kept = narrow(partner.commercial_partner_id.id for (partner,) in groups)
        return kept

    def _buckets_by_company(self):
        return {company.id: company._relance_ageing_buckets() for company in self.company_ids}

    def _read_rows(self):
        """The report's rows: one per company, customer and currency, as dicts of the
        line model's values (``amount_<position>`` and ``amount_currency_<position>``
        per bucket, ``credit`` and ``credit_currency``, their totals and what was
        overdue)."""
        self.ensure_one()
        self._check_date_and_companies()
        buckets = self._buckets_by_company()
        rows = self.env["account.move.line"]._relance_aged_totals(
            self.date, buckets, partner_ids=self._partner_filter()
        )
        currency_of = {company.id: company.currency_id.id for company in self.company_ids}
        for row in rows:
            row["company_currency_id"] = currency_of[row["company_id"]]
        if self.only_overdue:
            late = {(row["company_id"], row["partner_id"]) for row in rows if row["overdue"] > 0}
            rows = [row for row in rows if (row["company_id"], row["partner_id"]) in late]
        return rows

    @api.model
    def _relance_report_of_context(self):
        """The report whose screen is being loaded (context key
        ``relance_aged_balance_view_ref``), if the user may read it: a report is its
        creator's, as transient records are."""
        report = self.browse(self.env.context.get("relance_aged_balance_view_ref")).exists()
        if not report or not (self.env.su or report.sudo().create_uid == self.env.user):
            return self.browse()
        return report

    def _labels(self):
        """The bucket titles of the screen: the companies' own, which must agree."""
        labels = {tuple(company._relance_ageing_labels()) for company in self.company_ids}
        if len(labels) > 1:
            raise UserError(
                self.env._(
                    "These companies age their balances in different ranges: show them one "
                    "at a time, or print the workbook (one sheet per company)."
                )
            )
        return list(labels.pop())

    # Actions ------------------------------------------------------------------------

    def action_show(self):
        """Compute the rows and open them: list grouped by customer, pivot."""
        self.ensure_one()
        return self._show()

    def _show(self, graph=False):
        """Store the rows (and, for the graph, a row per range) and the action of
        the screen on them."""
        labels = self._labels()
        self._store_lines(self._read_rows(), graph=graph)
        return {
            "type": "ir.actions.act_window",
            # The date as the reader writes it (30/11/2026 in French).
            "name": self.env._("Aged Balance on %(date)s", date=format_date(self.env, self.date)),
            "res_model": "relance.aged.balance.line",
            "view_mode": "list,pivot",
            "views": [(False, "list"), (False, "pivot")],
            "domain": [("report_id", "=", self.id)],
            "context": {
                # The web client passes only "lang" and the keys ending in
                # "_view_ref" of an action's context when it loads the views: this
                # one carries the report to fields_get, which titles the columns.
                "relance_aged_balance_view_ref": self.id,
                "relance_bucket_count": len(labels),
                "group_by": ["partner_id"],
            },
        }

    def action_show_graph(self):
        """The graph: each customer's bar stacking its ranges, the largest first."""
        self.ensure_one()
        action = self._show(graph=True)
        action.update(
            {
                "res_model": "relance.aged.balance.range",
                "view_mode": "graph",
                "views": [(False, "graph")],
            }
        )
        action["context"] = {
            "relance_aged_balance_view_ref": self.id,
            "relance_bucket_count": action["context"]["relance_bucket_count"],
        }
        return action

    def _store_lines(self, rows, graph=False):
        """The rows as this report's lines, in one statement (thousands of customers:
        the ORM's create would cost a query and Python work per row); and, for the
        ``graph``, a row per customer, company and range with an amount (only then:
        several times as many rows, which the list and the pivot do not need)."""
        Line = self.env["relance.aged.balance.line"]
        self.line_ids.unlink()
        self.range_ids.unlink()
        amounts = [name for name, field in Line._fields.items() if field.type == "monetary"]
        columns = ["report_id", *KEYS, "company_currency_id", *amounts]
        bulk_sql.insert_rows(
            Line,
            columns,
            [
                (self.id, *(row[key] for key in KEYS), row["company_currency_id"])
                + tuple(row.get(name, 0.0) for name in amounts)
                for row in rows
            ],
        )
        ranges = defaultdict(Decimal)
        for row in rows if graph else ():
            for position in range(BUCKET_COUNT):
                amount = row.get(f"amount_{position}", 0.0)
                if amount:
                    key = (row["company_id"], row["partner_id"], row["company_currency_id"])
                    ranges[(*key, str(position))] += Decimal(str(amount))
        bulk_sql.insert_rows(
            self.env["relance.aged.balance.range"],
            ["report_id", "company_id", "partner_id", "company_currency_id", "range", "amount"],
            [(self.id, *key, float(amount)) for key, amount in ranges.items() if amount],
        )
        Line.invalidate_model()
        self.env["relance.aged.balance.range"].invalidate_model()
        self.invalidate_recordset(["line_ids", "range_ids"])

    def action_print(self):
        self.ensure_one()
        self._check_date_and_companies()
        # config=False: the report has its own layout, not the company's document one.
        report = self.env.ref("relance_avancee.action_report_relance_aged_balance")
        return report.report_action(self, config=False)

    # ------------------------------------------------------------------
    # Output: the workbook (the PDF's values are its report model's)
    # ------------------------------------------------------------------
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
        """The workbook: a sheet per company, then the detail; the same parameters and
        sections as the PDF (its report model lays them out)."""
        self.ensure_one()
        layout = self.env[REPORT_MODEL]
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
            for section in layout._sections(self)
        ]
        return aged_workbook.workbook_bytes(
            layout._parameters(self), sheets, self._detail(), self._workbook_labels()
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
