# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The company matrix: a collections manager of one company reaches none of another
company's collections data, through any method the external API exposes, the
buttons, the wizards or the report routes."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import JsonRpcMixin, RelanceCommon

PASSWORD = "relance_manager-pass-2026"
ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestRelanceCompanyMatrix(RelanceCommon, JsonRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The first company's manager, with every right there.
        cls.manager = cls._create_relance_user(
            "relance_manager", "relance_avancee.group_relance_manager"
        )
        cls.manager.groups_id += cls.env.ref("account.group_account_manager") + cls.env.ref(
            "base.group_partner_manager"
        )
        # The other company's book: a customer of its own, a reminder sent, a
        # dispute, a promise and a penalty invoice.
        cls.company_data_2 = cls.setup_other_company()
        company_2 = cls.company_2 = cls.company_data_2["company"]
        cls._setup_penalties(cls.company_data_2)
        env_2 = cls.env(context=dict(cls.env.context, allowed_company_ids=company_2.ids))
        cls.customer_2 = env_2["res.partner"].create(
            {
                "name": "Client de la société B",
                "is_company": True,
                "email": "b@example.com",
                "company_id": company_2.id,
            }
        )
        with freeze_time("2026-02-20"):
            cls.invoice_2 = cls._post(
                [
                    cls._invoice(
                        cls.customer_2, 500.0, "2026-01-05", company=company_2, currency=cls.euro
                    )
                ],
                company=company_2,
            )
            cls.run_2 = env_2["relance.run"]._run_now(partners=cls.customer_2, company=company_2)
        cls.communication_2 = cls.run_2.communication_ids
        cls.policy_2 = env_2["relance.policy"]._get_company_default(company_2)
        cls.dispute_2 = env_2["relance.dispute"].create(
            {"move_id": cls.invoice_2.id, "reason": "price", "date_end": "2099-01-01"}
        )
        cls.promise_2 = (
            env_2["relance.promise"]
            .with_company(company_2)
            .create({"partner_id": cls.customer_2.id, "amount": 100.0, "date": "2099-01-01"})
        )
        cls.penalty_2 = (
            env_2["relance.penalty.invoice"]
            .with_company(company_2)
            .create(
                {
                    "company_id": company_2.id,
                    "date": "2026-03-01",
                    "partner_ids": [Command.set(cls.customer_2.ids)],
                }
            )
            ._create_penalty_invoices()
        )
        cls.records_2 = {
            "relance.policy": cls.policy_2,
            "relance.level": cls.policy_2.level_ids,
            "relance.run": cls.run_2,
            "relance.communication": cls.communication_2,
            "relance.communication.line": cls.communication_2.line_ids,
            "relance.line.state": cls.invoice_2.line_ids.relance_state_ids,
            "relance.dispute": cls.dispute_2,
            "relance.promise": cls.promise_2,
            "relance.run.lock": cls.env["relance.run.lock"].search(
                [("company_id", "=", company_2.id)]
            ),
            "account.move": cls.penalty_2,
            # A query's rows, one per overdue receivable line.
            "relance.worklist": cls.env["relance.worklist"].browse(
                cls._receivable(cls.invoice_2).ids
            ),
        }

    def _rpc(self, model, method, *args, **kwargs):
        return self._rpc_as(self.manager, PASSWORD, model, method, *args, **kwargs)

    def _assert_denied(self, model, method, *args, **kwargs):
        result, error = self._rpc(model, method, *args, **kwargs)
        self.assertFalse(result, f"{model}.{method} returned something")
        self.assertTrue(error, f"{model}.{method} was not refused")
        return error

    def test_the_other_companys_records_exist(self):
        for model, records in self.records_2.items():
            with self.subTest(model=model):
                self.assertTrue(records, f"no {model} in the other company to test with")

    def test_search_and_read_group_find_nothing_of_the_other_company(self):
        for model, records in self.records_2.items():
            with self.subTest(model=model):
                found, error = self._rpc(model, "search", [("id", "in", records.ids)])
                self.assertFalse(error)
                self.assertEqual(found, [])
                count, error = self._rpc(model, "search_count", [("id", "in", records.ids)])
                self.assertEqual(count, 0)
                groups, error = self._rpc(
                    model, "read_group", [("id", "in", records.ids)], ["id:count"], []
                )
                self.assertFalse(error)
                self.assertFalse(groups and groups[0].get("__count"))

    def test_read_write_unlink_and_export_are_refused(self):
        for model, records in self.records_2.items():
            for method, args in (
                ("read", [records.ids, ["display_name"]]),
                ("write", [records.ids, {"create_uid": self.manager.id}]),
                ("unlink", [records.ids]),
                ("export_data", [records.ids, ["id", "display_name"]]),
                ("web_read", [records.ids, {"display_name": {}}]),
            ):
                with self.subTest(model=model, method=method):
                    self._assert_denied(model, method, *args)
        self.assertTrue(self.communication_2.exists())
        self.assertEqual(self.communication_2.create_uid, self.env.user)

    def test_the_buttons_refuse_the_other_companys_communications(self):
        state = self.communication_2.state
        for method in ("action_send_now", "action_approve", "action_cancel", "action_print_letter"):
            with self.subTest(method=method):
                self._assert_denied("relance.communication", method, self.communication_2.ids)
        self.assertEqual(self.communication_2.state, state)
        self._assert_denied("res.partner", "action_relance_run_now", self.customer_2.ids)
        row_ids = self.records_2["relance.worklist"].ids
        for method in (
            "action_open_customer",
            "action_run_now",
            "action_record_promise",
            "action_record_dispute",
        ):
            with self.subTest(method=method):
                self._assert_denied("relance.worklist", method, row_ids)
        self.assertEqual(
            self.env["relance.run"].search_count([("company_id", "=", self.company_2.id)]), 1
        )

    def test_the_wizards_refuse_the_other_company(self):
        for model, method in (
            ("relance.run.preview", "action_preview"),
            ("relance.run.preview", "action_run"),
            ("relance.penalty.invoice", "action_create_invoices"),
        ):
            with self.subTest(model=model, method=method):
                self._assert_denied(model, "create", {"company_id": self.company_2.id})
                # Or the other company's customer, from one's own company.
                wizard_id, error = self._rpc(
                    model, "create", {"partner_ids": [Command.set(self.customer_2.ids)]}
                )
                self.assertFalse(wizard_id, error)
        self.assertEqual(
            self.env["relance.run"].search_count([("company_id", "=", self.company_2.id)]), 1
        )

    def test_the_report_routes_refuse_the_other_companys_letters(self):
        self.authenticate(self.manager.login, PASSWORD)
        for report, record in (
            ("relance_avancee.report_relance_letter", self.communication_2),
            ("relance_avancee.report_relance_statement", self.customer_2),
        ):
            for converter in ("pdf", "html"):
                with self.subTest(report=report, converter=converter):
                    # Odoo logs the refusal as an error of the request.
                    with mute_logger("odoo.http"):
                        response = self.url_open(f"/report/{converter}/{report}/{record.id}")
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn(b"%PDF", response.content[:10])
                    self.assertNotIn(self.customer_2.name.encode(), response.content)
