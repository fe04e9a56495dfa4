# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""After an upgrade from the previous version of the addon (the test command builds
that database from this repository's history, with its demo book, and changes what
scripts/upgrade_fixture.sql says a manager changed): what the upgrade must have done.
Not run on a fresh install."""

from collections import defaultdict

from markupsafe import escape

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL
from odoo.tools.sql import index_exists


@tagged("-standard", "relance_upgrade", "post_install", "-at_install")
class TestRelanceUpgradeFromPrevious(TransactionCase):
    def test_the_addon_is_at_its_new_version(self):
        module = self.env["ir.module.module"].search([("name", "=", "relance_avancee")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "18.0.2.7.0")

    def test_every_record_setting_and_attachment_is_kept(self):
        # scripts/upgrade_snapshot.sql counted every table of the addon's models before
        # the upgrade and kept its first rows (the addon's columns of the models it
        # extends): the same counts, and the same values, after it.
        cr = self.env.cr
        cr.execute("SELECT table_name, row_count, sample FROM relance_upgrade_snapshot")
        snapshot = cr.fetchall()
        self.assertGreater(len(snapshot), 20)
        # Read again at every upgrade (see the migrations): their rows are new ones.
        refilled = {"relance_credit_exposure", "relance_partner_score"}
        # What an upgrade rewrites on any record it loads from a data file.
        volatile = {"write_date", "write_uid"}
        compared = 0
        for table, count, sample in snapshot:
            if table == "ir_attachment":
                cr.execute(
                    "SELECT count(*) FROM ir_attachment "
                    "WHERE res_model LIKE 'relance.%%' OR name LIKE 'Aged balance%%'"
                )
            else:
                cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            self.assertEqual(cr.fetchone()[0], count, table)
            if table in refilled or not sample:
                continue
            cr.execute(
                SQL(
                    "SELECT id, to_jsonb(t) FROM %s t WHERE id = ANY(%s)",
                    SQL.identifier(table),
                    [row["id"] for row in sample],
                )
            )
            now = dict(cr.fetchall())
            for before in sample:
                after = now[before["id"]]
                for column, value in before.items():
                    if column in volatile or column not in after:
                        continue
                    where = f"{table} {before['id']} {column}"
                    if isinstance(value, dict) and isinstance(after[column], dict):
                        # A translated field: an upgrade loads the module's terms, which
                        # may add languages; every text there before is kept.
                        self.assertLessEqual(value.items(), after[column].items(), where)
                    else:
                        self.assertEqual(after[column], value, where)
                    compared += 1
        self.assertGreater(compared, 1000)

    def test_the_month_end_aged_balance_is_a_company_method(self):
        # 18.0.2.6.0 points the scheduled action (noupdate) at res.company.
        cron = self.env.ref("relance_avancee.ir_cron_relance_aged_balance_month_end")
        self.assertEqual(cron.model_id.model, "res.company")
        self.assertEqual(cron.code, "model._cron_relance_aged_balance_month_end()")
        self.assertTrue(cron.active)

    def test_every_customer_of_the_book_has_its_credit_exposure_stored(self):
        # Stored since 18.0.2.2.0 (its post-migrate read every exposure, checked when
        # the previous version was older than it): still there, and still the books'.
        company = self.env.ref("relance_avancee.demo_company_fr")
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
            ]
        )
        self.assertTrue(lines, "the previous version's demo book has open receivables")
        self.assertEqual(lines.currency_id, company.currency_id)
        owed = defaultdict(float)
        for line in lines:
            owed[line.partner_id.commercial_partner_id] += line.amount_residual
        drafts = defaultdict(float)
        for move in self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
                ("move_type", "in", ("out_invoice", "out_receipt")),
            ]
        ):
            drafts[move.partner_id.commercial_partner_id] += move.amount_total
        exposures = self.env["relance.credit.exposure"].search([("company_id", "=", company.id)])
        by_partner = {exposure.partner_id: exposure for exposure in exposures}
        self.assertTrue(set(by_partner) >= {p for p, amount in owed.items() if amount})
        self.assertTrue(set(by_partner) >= set(drafts))
        for partner, exposure in by_partner.items():
            self.assertAlmostEqual(exposure.amount_receivable, owed[partner], places=2)
            self.assertAlmostEqual(exposure.amount_draft, drafts[partner], places=2)

    def test_every_customer_with_a_history_has_its_reliability_score(self):
        # The previous version had no score: 18.0.2.2.0's post-migrate computes them.
        company = self.env.ref("relance_avancee.demo_company_fr")
        paid = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("paid", "in_payment")),
            ]
        )
        self.assertTrue(paid, "the previous version's demo book has paid invoices")
        scores = self.env["relance.partner.score"].search([("company_id", "=", company.id)])
        scored = scores.filtered("has_score")
        self.assertTrue(scored)
        self.assertTrue(set(scored.partner_id) >= set(paid.commercial_partner_id))
        for score in scored:
            self.assertTrue(0 <= score.score <= 100, score.partner_id.display_name)
            self.assertEqual(score.date, fields.Date.context_today(score))
        self.assertFalse(scores.filtered(lambda row: not row.has_score and row.score))
        # The customer list finds them through the searchable score.
        listed = self.env["res.partner"].with_company(company).search([("relance_score", ">=", 0)])
        self.assertEqual(listed, scored.partner_id)

    def test_the_instalment_reminder_links_to_the_plan(self):
        # A noupdate email template: the post-migrate adds the links to its body.
        template = self.env.ref("relance_avancee.mail_template_relance_plan_instalment")
        self.assertIn("relance_email_plan_instalment_links", template.body_html)
        plan = self.env["relance.payment.plan"].search([("state", "=", "active")], limit=1)
        self.assertTrue(plan, "the demo book has a running payment plan")
        instalment = plan.instalment_ids[:1]
        body = template._render_field("body_html", instalment.ids)[instalment.id]
        # The link as the HTML writes it (its query's "&" escaped).
        self.assertIn(escape(plan.get_portal_url()), body)
        self.assertEqual(body.count("Kind regards"), 1)

    def test_levels_keep_what_a_manager_changed(self):
        # scripts/upgrade_fixture.sql changed two levels before the upgrade.
        formal_notice = self.env.ref("relance_avancee.relance_level_fr_formal_notice")
        self.assertTrue(formal_notice.channel_call)
        self.assertTrue(formal_notice.channel_registered_letter)
        friendly = self.env.ref("relance_avancee.relance_level_fr_friendly")
        self.assertRecordValues(
            friendly, [{"channel_email": False, "channel_letter": True, "channel_call": False}]
        )
        # Every level still does something.
        levels = self.env["relance.level"].search([])
        self.assertTrue(levels)
        for level in levels:
            self.assertTrue(level._channel_labels(), level.name)

    def test_shipped_rates_cite_their_sources_unless_a_manager_changed_them(self):
        rates = self.env["relance.rate"].search([])
        corrected = self.env.ref("relance_avancee.relance_rate_ecb_2022_h1")
        self.assertEqual(corrected.source, "Corrected by the manager")
        cited = rates - corrected
        self.assertEqual(len(cited), 36)
        self.assertFalse(cited.filtered(lambda rate: not rate.source))
        unverified = self.env.ref("relance_avancee.relance_rate_ecb_2026_h2")
        self.assertFalse(unverified.verified)
        self.assertIn("Not read in any source", unverified.source)
        self.assertEqual(
            (cited - unverified).filtered(lambda rate: not rate.source_url.startswith("https://")),
            self.env["relance.rate"],
        )
        self.assertEqual(rates.filtered(lambda rate: not rate.verified), unverified)
        # Still noupdate: a later upgrade leaves a manager's corrections alone.
        data = self.env["ir.model.data"].search(
            [("module", "=", "relance_avancee"), ("model", "=", "relance.rate")]
        )
        self.assertTrue(all(data.mapped("noupdate")))

    def test_the_readings_indexes_are_created(self):
        for name in (
            "account_move_line_relance_open_items_idx",
            "account_partial_reconcile_relance_max_date_idx",
        ):
            self.assertTrue(index_exists(self.env.cr, name), name)

    def test_every_company_ages_in_the_default_ranges_and_the_month_end_is_off(self):
        companies = self.env["res.company"].search([])
        self.assertEqual(
            set(companies.mapped("relance_ageing_ranges")), {"1-30, 31-60, 61-90, 91-120, 121+"}
        )
        self.assertFalse(any(companies.mapped("relance_aged_balance_monthly")))
        cron = self.env.ref("relance_avancee.ir_cron_relance_aged_balance_month_end")
        self.assertTrue(cron.active)
        # The book of the earlier version reads as it did: the statement and the aged
        # balance of today agree for every customer of the first company.
        company = companies[0]
        report = self.env["relance.aged.balance"].create({"company_ids": [(6, 0, company.ids)]})
        rows = report._read_rows()
        statement = self.env["report.relance_avancee.report_relance_statement"]
        for row in rows[:20]:
            customer = self.env["res.partner"].browse(row["partner_id"])
            if not customer:
                continue
            values = statement._statement_values(customer, company, report.date)
            totals = [r["total"] for r in rows if r["partner_id"] == customer.id]
            self.assertAlmostEqual(values["total"], sum(totals), places=2)

    def test_one_open_hand_over_task_per_customer_and_the_history_says_what_moved(self):
        # The previous version's demo history made a task per hand-over: 18.0.2.5.0's
        # post-migrate merges them, and closes those nothing is left to hand over for.
        Communication = self.env["relance.communication"]
        todo = self.env.ref("mail.mail_activity_data_todo")
        handing = Communication.search([("channel_hand_over", "=", True)])
        self.assertTrue(handing, "the previous version's demo history hands customers over")
        tasks = self.env["mail.activity"].search(
            [
                ("res_model", "=", "relance.communication"),
                ("res_id", "in", handing.ids),
                ("activity_type_id", "=", todo.id),
            ]
        )
        per_customer = defaultdict(int)
        for task in tasks:
            communication = Communication.browse(task.res_id)
            per_customer[communication.company_id, communication.partner_id] += 1
        self.assertLessEqual(max(per_customer.values(), default=0), 1)
        # Every communication of the history says which of its items it moved up.
        moved = self.env["relance.communication.line"].search_count([("moved_up", "=", True)])
        self.assertTrue(moved)
        for communication in Communication.search([("state", "!=", "cancelled")], limit=200):
            debts = communication.line_ids.filtered(lambda line: not line.is_credit)
            if debts:
                self.assertTrue(debts.filtered("moved_up"), communication.display_name)
