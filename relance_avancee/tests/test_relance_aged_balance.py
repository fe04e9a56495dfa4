# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The aged balance at three dates of a crafted book, figure by figure.

The book (company 1 keeps its books in USD; 1 USD = 1.25 EUR from 1 January 2026):
- Garage Durand (``business``):
  - INV1, 1,000.00 USD of 10 January, due 9 February (30 days);
  - a payment on account of 250.00 on 20 February, never matched;
  - 400.00 paid on INV1 on 1 March (a partial payment);
  - a credit note of 100.00 of 5 April, matched with INV1 that day;
  - INV2, 1,200.00 of 1 March in two instalments: 600.00 due 31 March, 600.00 due
    30 April;
  - with company 2: INV4, 300.00 of 15 March, due at once.
- Brasserie Dupont: INV3, 500.00 EUR of 1 February, due at once = 400.00 USD.

Read on 28 February, 31 March and 30 April (today: 15 May).
"""

import io
from datetime import date, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools.sql import index_exists

from .. import uninstall_hook
from .common import JsonRpcMixin, RelanceCommon
from .test_relance_letters import pdf_text

D1, D2, D3 = date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)


@tagged("post_install", "-at_install")
@freeze_time("2026-05-15")
class TestRelanceAgedBalance(RelanceCommon, JsonRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_2 = cls.setup_other_company()["company"]
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 1.25)])
        cls.brasserie = cls.env["res.partner"].create(
            {"name": "Brasserie Dupont", "is_company": True, "email": "b@example.com"}
        )
        thirty_days = cls.env.ref("account.account_payment_term_30days")
        halves = cls.env["account.payment.term"].create(
            {
                "name": "Half at 30, half at 60 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 60}),
                ],
            }
        )
        cls.inv1 = cls._post(cls._invoice(cls.business, 1000.0, "2026-01-10", thirty_days))
        on_account = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.business.id,
                "amount": 250.0,
                "date": "2026-02-20",
                "journal_id": cls.company_data["default_journal_bank"].id,
            }
        )
        on_account.action_post()
        cls.inv2 = cls._post(cls._invoice(cls.business, 1200.0, "2026-03-01", halves))
        cls.inv3 = cls._post(cls._invoice(cls.brasserie, 500.0, "2026-02-01", currency=cls.eur))
        cls.inv4 = cls._post(
            cls._invoice(cls.business, 300.0, "2026-03-15", company=cls.company_2),
            company=cls.company_2,
        )

    def setUp(self):
        super().setUp()
        # Payments and matches go through Odoo as an accountant makes them; the
        # class's book is shared, so they are made in each test's transaction.
        self._pay(self.inv1, 400.0, "2026-03-01")
        refund = self._post(
            self._invoice(self.business, 100.0, "2026-04-05", move_type="out_refund")
        )
        (self._receivable(self.inv1) | self._receivable(refund)).reconcile()
        # wkhtmltopdf fetches the report styles from this test server.
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _report(self, on_date, companies=None, **values):
        return self.env["relance.aged.balance"].create(
            {
                "date": on_date,
                "company_ids": [Command.set((companies or self.company).ids)],
                **values,
            }
        )

    @staticmethod
    def _figures(rows, partner):
        """A customer's row: its six buckets, unallocated credit, total (USD) and
        total in the invoices' currency."""
        (row,) = (row for row in rows if row["partner_id"] == partner.id)
        return (
            [round(row.get(f"amount_{i}", 0.0), 2) for i in range(6)],
            round(row.get("credit", 0.0), 2),
            round(row["total"], 2),
            round(row["total_currency"], 2),
        )

    def test_three_dates_to_the_cent(self):
        # 28 February: INV1 19 days late (1-30); the payment on account unallocated;
        # INV2 not yet issued; INV3 27 days late: 500.00 EUR / 1.25 = 400.00 USD.
        rows = self._report(D1)._read_rows()
        self.assertEqual(len(rows), 2)
        self.assertEqual(
            self._figures(rows, self.business),
            ([0, 1000.0, 0, 0, 0, 0], -250.0, 750.0, 750.0),
        )
        self.assertEqual(
            self._figures(rows, self.brasserie), ([0, 400.0, 0, 0, 0, 0], 0, 400.0, 500.0)
        )
        # 31 March: INV1 1,000.00 - 400.00 paid 1 March = 600.00, 50 days late
        # (31-60); INV2's instalments due 31 March (due today: not late) and 30 April,
        # 1,200.00 not due; the credit note not yet issued; INV3 58 days late.
        rows = self._report(D2)._read_rows()
        self.assertEqual(
            self._figures(rows, self.business),
            ([1200.0, 0, 600.0, 0, 0, 0], -250.0, 1550.0, 1550.0),
        )
        self.assertEqual(
            self._figures(rows, self.brasserie), ([0, 0, 400.0, 0, 0, 0], 0, 400.0, 500.0)
        )
        # 30 April: INV1 600.00 - 100.00 credited 5 April = 500.00, 80 days late
        # (61-90); the credit note, fully matched, is gone; INV2's first instalment
        # 30 days late (1-30), its second due today (not due); INV3 88 days late.
        rows = self._report(D3)._read_rows()
        self.assertEqual(
            self._figures(rows, self.business),
            ([600.0, 600.0, 0, 500.0, 0, 0], -250.0, 1450.0, 1450.0),
        )
        self.assertEqual(
            self._figures(rows, self.brasserie), ([0, 0, 0, 400.0, 0, 0], 0, 400.0, 500.0)
        )
        # Overdue on 30 April: 600.00 + 500.00 for Garage Durand.
        (durand,) = (row for row in rows if row["partner_id"] == self.business.id)
        self.assertAlmostEqual(durand["overdue"], 1100.0, places=2)

    def test_a_contacts_payment_counts_for_its_company(self):
        # On 10 April Garage Durand pays 0.01 on account, and so does Marie Durand, its
        # accountant (the payment's line names her, not the company). On 30 April the
        # unallocated credit is -250.00 - 0.01 - 0.01 = -250.02, to the cent (added
        # in floats, -250.01 - 0.01 is -250.01999999999998), and the total 1,450.00 -
        # 0.02 = 1,449.98.
        marie = self.env["res.partner"].create(
            {"name": "Marie Durand", "parent_id": self.business.id}
        )
        lines = self.env["account.move.line"]
        for partner in (self.business, marie):
            payment = self.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": 0.01,
                    "date": "2026-04-10",
                    "journal_id": self.company_data["default_journal_bank"].id,
                }
            )
            payment.action_post()
            lines |= payment.move_id.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
        self.assertEqual(lines.partner_id, self.business | marie)
        (row,) = (
            row for row in self._report(D3)._read_rows() if row["partner_id"] == self.business.id
        )
        self.assertEqual(row["credit"], -250.02)
        self.assertEqual(row["credit_currency"], -250.02)
        self.assertEqual(row["total"], 1449.98)
        self.assertEqual(row["overdue"], 1100.0)
        values = self.env["report.relance_avancee.report_relance_statement"]._statement_values(
            self.business, self.company, D3
        )
        self.assertEqual(round(values["credit"], 2), -250.02)
        self.assertEqual(round(values["total"], 2), 1449.98)
        # On 31 March neither payment was made.
        (row,) = (
            row for row in self._report(D2)._read_rows() if row["partner_id"] == self.business.id
        )
        self.assertEqual(row["credit"], -250.0)

    def test_the_readings_indexes_and_the_uninstall_hook(self):
        # The open items' index and the matches' by date, created on install; the
        # uninstall hook drops both (undone with the test's transaction).
        names = (
            "account_move_line_relance_open_items_idx",
            "account_partial_reconcile_relance_max_date_idx",
        )
        self.assertTrue(all(index_exists(self.env.cr, name) for name in names))
        with self.env.cr.savepoint(flush=False) as savepoint:
            uninstall_hook(self.env)
            self.assertFalse(any(index_exists(self.env.cr, name) for name in names))
            savepoint.rollback()
        self.assertTrue(all(index_exists(self.env.cr, name) for name in names))

    def test_each_company_its_own_book(self):
        # Company 2 has only INV4: nothing on 28 February (not yet issued), 16 days
        # late on 31 March, 46 days late on 30 April.
        self.assertEqual(self._report(D1, self.company_2)._read_rows(), [])
        rows = self._report(D2, self.company_2)._read_rows()
        self.assertEqual(
            self._figures(rows, self.business), ([0, 300.0, 0, 0, 0, 0], 0, 300.0, 300.0)
        )
        both = self._report(D3, self.company | self.company_2)._read_rows()
        durand = sorted(
            (row["company_id"], round(row["total"], 2))
            for row in both
            if row["partner_id"] == self.business.id
        )
        self.assertEqual(durand, sorted([(self.company.id, 1450.0), (self.company_2.id, 300.0)]))
        # A user of company 1 only may not read company 2's books.
        report = self.env["relance.aged.balance"].with_user(self.collections_user)
        with self.assertRaisesRegex(AccessError, "may not read the books of"):
            report.create({"date": D3, "company_ids": [Command.set(self.company_2.ids)]})
        mine = report.create({"date": D3})
        self.assertEqual(mine.company_ids, self.company)
        self.assertNotIn(self.company_2.id, {row["company_id"] for row in mine._read_rows()})

    def test_statement_at_a_past_date_is_the_aged_row(self):
        for on_date in (D1, D2, D3):
            values = self.env["report.relance_avancee.report_relance_statement"]._statement_values(
                self.business, self.company, on_date
            )
            buckets, credit, total, _total_currency = self._figures(
                self._report(on_date)._read_rows(), self.business
            )
            self.assertEqual(
                [round(amount, 2) for _key, amount, _label in values["buckets"]], buckets
            )
            self.assertEqual(round(values["credit"], 2), credit)
            self.assertEqual(round(values["total"], 2), total)
        # On 31 March the statement lists INV1's 600.00 left, both instalments of INV2
        # and the payment on account, oldest due first.
        values = self.env["report.relance_avancee.report_relance_statement"]._statement_values(
            self.business, self.company, D2
        )
        self.assertEqual(
            [(line["name"], line["due_date"], line["residual"]) for line in values["lines"]],
            [
                (self.inv1.name, date(2026, 2, 9), 600.0),
                (values["lines"][1]["name"], date(2026, 2, 20), -250.0),
                (self.inv2.name, date(2026, 3, 31), 600.0),
                (self.inv2.name, date(2026, 4, 30), 600.0),
            ],
        )

    def test_filters(self):
        self.brasserie.user_id = self.salesperson
        rows = self._report(D3, user_ids=[Command.set(self.salesperson.ids)])._read_rows()
        self.assertEqual({row["partner_id"] for row in rows}, {self.brasserie.id})
        rows = self._report(D3, partner_ids=[Command.set(self.business.ids)])._read_rows()
        self.assertEqual({row["partner_id"] for row in rows}, {self.business.id})
        # A customer whose only invoice is not due on 30 April is left out of "only
        # overdue", and kept without it.
        newcomer = self.env["res.partner"].create({"name": "Newcomer", "is_company": True})
        self._post(
            self._invoice(
                newcomer, 80.0, "2026-04-20", self.env.ref("account.account_payment_term_30days")
            )
        )
        self.assertEqual(len(self._report(D3)._read_rows()), 3)
        rows = self._report(D3, only_overdue=True)._read_rows()
        self.assertEqual({row["partner_id"] for row in rows}, {self.business.id, self.brasserie.id})
        # Every customer follows the company's default policy: all kept.
        rows = self._report(D3, policy_ids=[Command.set(self.policy.ids)])._read_rows()
        self.assertEqual(len(rows), 3)
        other_policy = self.policy.copy({"name": "Gentle", "is_default": False})
        self.business.with_company(self.company).relance_policy_id = other_policy
        rows = self._report(D3, policy_ids=[Command.set(other_policy.ids)])._read_rows()
        self.assertEqual({row["partner_id"] for row in rows}, {self.business.id})
        # No invoice has reached a level yet (no run): nobody.
        rows = self._report(D3, level_ids=[Command.set(self.level_friendly.ids)])._read_rows()
        self.assertEqual(rows, [])

    def test_company_ranges(self):
        self.company.relance_ageing_ranges = "1-45, 46+"
        rows = self._report(D3)._read_rows()
        # 30 April: INV2's first instalment 30 days late (1-45), INV1 80 days (46+).
        self.assertEqual(self._figures(rows, self.business)[0], [600.0, 600.0, 500.0, 0, 0, 0])
        self.assertEqual(
            self.company._relance_ageing_labels(), ["Not due", "1-45 days", "Over 45 days"]
        )
        # On screen, the columns bear the company's titles; companies that differ
        # cannot share a screen.
        action = self._report(D3).action_show()
        lines = self.env["relance.aged.balance.line"].with_context(**action["context"])
        self.assertEqual(lines.fields_get(["amount_1"])["amount_1"]["string"], "1-45 days")
        self.assertEqual(action["context"]["relance_bucket_count"], 3)
        with self.assertRaisesRegex(UserError, "different ranges"):
            self._report(D3, self.company | self.company_2).action_show()

    def test_bad_input_refused_and_nothing_written(self):
        reports = self.env["relance.aged.balance"]
        count = reports.search_count([])
        with self.assertRaisesRegex(ValidationError, "is in the future"):
            self._report(date(2026, 5, 16))
        for ranges, reason in (
            ("1-30, 25+", "overlaps the one before: it should start on day 31"),
            ("1-30, 35+", "leaves a gap: it should start on day 31"),
            ("1-30, 31-20, 21+", "goes backwards"),
            ("1-30, 31-60", "write 61\\+ after 60"),
            ("thirty", "'thirty' is not a range"),
        ):
            with self.assertRaisesRegex(ValidationError, reason):
                self.company.relance_ageing_ranges = ranges
            self.env.invalidate_all()
            self.assertEqual(self.company.relance_ageing_ranges, "1-30, 31-60, 61-90, 91-120, 121+")
        self.assertEqual(reports.search_count([]), count)

    def test_bad_input_over_the_external_api_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        password = "relance_user-pass-2026"
        user = self.collections_user
        _id, error = self._rpc_as(
            user, password, "relance.aged.balance", "create", {"date": "2026-06-01"}, lang="fr_FR"
        )
        self.assertIn("est dans le futur", error)
        _id, error = self._rpc_as(
            user,
            password,
            "relance.aged.balance",
            "create",
            {"company_ids": [Command.set(self.company_2.ids)]},
            lang="fr_FR",
        )
        self.assertIn("Vous ne pouvez pas lire les comptes de", error)
        # Without any field: today, the user's companies.
        report_id, error = self._rpc_as(user, password, "relance.aged.balance", "create", {})
        self.assertFalse(error)
        report = self.env["relance.aged.balance"].browse(report_id)
        self.assertEqual((report.date, report.company_ids), (date(2026, 5, 15), self.company))
        _ok, error = self._rpc_as(
            self.env.ref("base.user_admin"),
            "admin",
            "res.company",
            "write",
            [self.company.id],
            {"relance_ageing_ranges": "1-30, 20+"},
            lang="fr_FR",
        )
        self.assertIn("chevauche", error)

    def test_screen_rows_grouped_by_customer(self):
        action = self._report(D3).action_show()
        self.assertEqual(action["res_model"], "relance.aged.balance.line")
        lines = self.env["relance.aged.balance.line"].search(action["domain"])
        self.assertEqual(len(lines), 2)
        groups = self.env["relance.aged.balance.line"].read_group(
            action["domain"],
            ["amount_0:sum", "amount_3:sum", "credit:sum", "total:sum"],
            ["partner_id"],
        )
        totals = {
            group["partner_id"][0]: (group["amount_3"], group["credit"], group["total"])
            for group in groups
        }
        self.assertEqual(totals[self.business.id], (500.0, -250.0, 1450.0))
        self.assertEqual(totals[self.brasserie.id], (400.0, 0.0, 400.0))
        durand = lines.filtered(lambda line: line.partner_id == self.business)
        items = durand.action_open_items()
        self.assertEqual(
            self.env["account.move.line"].search(items["domain"]).move_id,
            self.inv1
            | self.inv2
            | durand.env["account.payment"]
            .search([("partner_id", "=", self.business.id), ("amount", "=", 250.0)])
            .move_id,
        )
        self.assertEqual(durand.action_open_collections()["res_id"], self.business.id)
        # Its statement of account at the report's date: the row's figures.
        action = durand.action_print_statement()
        self.assertEqual(action["context"]["relance_statement_date"], "2026-04-30")
        values = (
            self.env["report.relance_avancee.report_relance_statement"]
            .with_context(**action["context"])
            ._get_report_values(self.business.ids)
        )
        statement = values["statement_values"][self.business.id]
        self.assertEqual(
            (round(statement["credit"], 2), round(statement["total"], 2)), (-250.0, 1450.0)
        )

    def test_the_graph_stacks_each_customers_ranges(self):
        report = self._report(D3)
        action = report.action_show_graph()
        self.assertEqual(
            (action["res_model"], action["views"]),
            ("relance.aged.balance.range", [(False, "graph")]),
        )
        labels = report._labels()
        # A row per customer and range with an amount: the screen's figures.
        expected = {}
        for line in report.line_ids:
            for position in range(len(labels)):
                if line[f"amount_{position}"]:
                    key = (line.partner_id.id, str(position))
                    expected[key] = round(expected.get(key, 0.0) + line[f"amount_{position}"], 2)
        Range = self.env["relance.aged.balance.range"].with_context(**action["context"])
        groups = Range.read_group(
            action["domain"], ["amount:sum"], ["partner_id", "range"], lazy=False
        )
        self.assertEqual(
            {(group["partner_id"][0], group["range"]): group["amount"] for group in groups},
            expected,
        )
        self.assertEqual(expected[(self.business.id, "3")], 500.0)
        # The ranges titled as the company names them.
        selection = Range.fields_get(["range"])["range"]["selection"]
        self.assertEqual([label for _key, label in selection], labels)
        # The list's button opens the same graph, the report's rows computed again.
        again = (
            self.env["relance.aged.balance.line"]
            .with_context(relance_aged_balance_view_ref=report.id)
            .action_show_graph()
        )
        self.assertEqual(again["domain"], action["domain"])
        self.assertEqual(len(report.range_ids), len(expected))

    def test_workbook_read_back(self):
        self.company.name = "Ateliers Réunis"
        data = self._report(D3, self.company | self.company_2)._workbook_bytes()
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(book.sheetnames[-1], "Detail")
        sheet = book["Ateliers Réunis"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header = next(index for index, row in enumerate(rows) if row[0] == "Customer")
        self.assertEqual(
            rows[header][3:9],
            [
                "Not due (USD)",
                "1-30 days (USD)",
                "31-60 days (USD)",
                "61-90 days (USD)",
                "91-120 days (USD)",
                "Over 120 days (USD)",
            ],
        )
        body = {row[0]: row for row in rows[header + 1 :] if row[0]}
        self.assertEqual(
            body["Garage Durand SARL"][3:11], [600.0, 600.0, 0, 500.0, 0, 0, -250.0, 1450.0]
        )
        self.assertEqual(
            body["Brasserie Dupont"][2:12], ["EUR", 0, 0, 0, 400.0, 0, 0, 0, 400.0, 500.0]
        )
        self.assertEqual(body["Totals"][3:11], [600.0, 600.0, 0, 900.0, 0, 0, -250.0, 1850.0])
        totals_row = header + 1 + 2 + 1
        self.assertEqual(
            formulas["Ateliers Réunis"].cell(totals_row, 11).value,
            f"=SUM(K{header + 2}:K{header + 3})",
        )
        # Parameters on top: the date and who printed it.
        parameters = {row[0]: row[1] for row in rows[:header] if row[0]}
        self.assertEqual(parameters["Date"].date(), D3)
        self.assertEqual(parameters["Printed by"], self.env.user.name)
        # The detail: one row per instalment, both companies.
        detail = [[cell.value for cell in row] for row in book["Detail"].iter_rows()]
        first = next(index for index, row in enumerate(detail) if row[0] == "Company") + 1
        documents = [row[2] for row in detail[first:]]
        # INV1, the payment on account, INV2's two instalments, INV3; INV4 (company 2).
        self.assertEqual(len(documents), 6)
        self.assertEqual(documents.count(self.inv2.name), 2)
        self.assertIn(self.inv4.name, documents)

    def test_pdf_read_back(self):
        report = self._report(D3)
        action = report.action_print()
        self.assertEqual(
            (action["type"], action["report_name"]),
            ("ir.actions.report", "relance_avancee.report_relance_aged_balance"),
        )
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(action["report_name"], report.ids)
        )
        # Odoo puts a zero-width space after a minus sign.
        text = pdf_text(pdf).replace("\u200b", "")
        # The title is set in capitals, as the letters' formal titles.
        self.assertIn("AGED BALANCE", text)
        self.assertIn("Garage Durand SARL", text)
        self.assertIn("61-90 days", text)
        for amount in ("1,450.00", "-250.00", "1,850.00", "500.00"):
            self.assertIn(amount, text)

    def test_pdf_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="fr_FR")
            ._render_qweb_pdf("relance_avancee.report_relance_aged_balance", self._report(D3).ids)
        )
        text = pdf_text(pdf)
        self.assertIn("BALANCE ÂGÉE", text)
        self.assertIn("61 à 90 jours", text)
        self.assertIn("Crédit non affecté", text)

    def test_workbook_download_action(self):
        action = self._report(D3).action_workbook()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.name, "Aged balance 2026-04-30.xlsx")
        self.assertTrue(attachment.raw.startswith(b"PK"))

    def test_the_screens_title_dates_the_balance_as_the_reader_writes_dates(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        action = self._report(D3).with_context(lang="fr_FR").action_show()
        self.assertIn("30/04/2026", action["name"])
        self.assertNotIn("2026-04-30", action["name"])


@tagged("post_install", "-at_install")
class TestRelanceAgedBalanceMonthEnd(RelanceCommon):
    """The month-end workbook, as Odoo's cron runner makes it (real dates: the runner
    compares its next call with the database's clock)."""

    def test_month_end_through_the_cron_runner(self):
        self._post(self._invoice(self.business, 1000.0, "2026-01-10"))
        company = self.env.company
        company.write(
            {
                "relance_aged_balance_monthly": True,
                "relance_aged_balance_user_ids": [Command.set(self.collections_user.ids)],
            }
        )
        other = self.setup_other_company()["company"]
        cron = self.env.ref("relance_avancee.ir_cron_relance_aged_balance_month_end")
        month_end = date.today().replace(day=1) - timedelta(days=1)
        name = f"Aged balance {month_end}.xlsx"
        # Run twice: the second run finds the workbook stored and sends nothing.
        self.assertEqual(self._drive(cron), 1)
        self.assertEqual(self._drive(cron), 1)
        stored = self.env["ir.attachment"].search(
            [("res_model", "=", "res.company"), ("res_id", "=", company.id)]
        )
        self.assertEqual(stored.mapped("name"), [name])
        book = openpyxl.load_workbook(io.BytesIO(stored.raw), data_only=True)
        self.assertEqual(book.sheetnames[-1], "Detail")
        rows = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
        parameters = {row[0]: row[1] for row in rows[:6] if row[0]}
        self.assertEqual(parameters["Date"].date(), month_end)
        (durand,) = (row for row in rows if row[0] == "Garage Durand SARL")
        # Its total (the column after the unallocated credit).
        self.assertEqual(durand[10], 1000.0)
        # The other company did not ask (off by default): nothing stored for it.
        self.assertFalse(other.relance_aged_balance_monthly)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "res.company"), ("res_id", "=", other.id)]
            )
        )
        mails = self.env["mail.mail"].search([("subject", "like", f"aged balance on {month_end}")])
        self.assertEqual(len(mails), 1, "sent once though the runner ran twice")
        self.assertEqual(mails.recipient_ids, self.collections_user.partner_id)
        self.assertEqual(mails.attachment_ids, stored)
