# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The collections work reaches a person: each communication, call and hand-over is
its customer's collector's, else its salesperson's, else the company's collections
responsible's, when the scheduled run (OdooBot) records it; the morning view says
when nobody would receive it."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceResponsible(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daily_cron = cls.env.ref("relance_avancee.ir_cron_relance_daily_run")
        cls.send_cron = cls.env.ref("relance_avancee.ir_cron_relance_send")
        cls.manager = cls._create_relance_user("boss", "relance_avancee.group_relance_manager")
        cls.env.company.relance_user_id = cls.manager
        cls.seller = cls._create_relance_user("seller", "relance_avancee.group_relance_user")
        cls.other = cls.env["res.partner"].create({"name": "Atelier Roux SAS", "is_company": True})
        cls.third = cls.env["res.partner"].create({"name": "Maison Petit SARL", "is_company": True})
        cls.business.with_company(cls.env.company).relance_collector_id = cls.collections_user
        cls.business.user_id = cls.seller
        cls.other.user_id = cls.seller
        today = fields.Date.context_today(cls.env["relance.run"].with_user(cls.daily_cron.user_id))
        # 35 days late: the call level, for each of the three customers.
        cls._post(
            [
                cls._invoice(customer, 900.0, (today - timedelta(days=35)).isoformat())
                for customer in (cls.business, cls.other, cls.third)
            ]
        )

    def _communication(self, customer):
        return self.env["relance.communication"].search([("partner_id", "=", customer.id)])

    def test_the_scheduled_run_gives_each_customers_work_to_its_person(self):
        self._drive(self.daily_cron)
        self._drive(self.send_cron)
        expected = {
            # Its collector, though it has a salesperson.
            self.business: self.collections_user,
            # No collector: its salesperson, a Collections user.
            self.other: self.seller,
            # Neither: the company's collections responsible, not OdooBot.
            self.third: self.manager,
        }
        for customer, person in expected.items():
            call = self._communication(customer)
            self.assertEqual(call.level_id, self.level_call)
            self.assertEqual(call.user_id, person, customer.name)
            self.assertEqual(call.activity_ids.user_id, person, customer.name)
        # The collector's own filter finds its work and only its work.
        mine = (
            self.env["relance.communication"]
            .with_user(self.collections_user)
            .search([("user_id", "=", self.collections_user.id)])
        )
        self.assertEqual(mine.partner_id, self.business)
        rows = (
            self.env["relance.worklist"]
            .with_user(self.collections_user)
            .search(
                [
                    "|",
                    ("partner_id.relance_collector_id", "=", self.collections_user.id),
                    "&",
                    ("partner_id.relance_collector_id", "=", False),
                    ("partner_id.user_id", "=", self.collections_user.id),
                ]
            )
        )
        self.assertEqual(rows.partner_id, self.business)

    def test_a_collector_without_access_to_the_company_is_passed_over(self):
        other_company = self.setup_other_company(name="Ailleurs")["company"]
        self.collections_user.write(
            {"company_ids": [(6, 0, other_company.ids)], "company_id": other_company.id}
        )
        self._drive(self.daily_cron)
        self.assertEqual(self._communication(self.business).user_id, self.seller)

    def test_the_morning_view_says_when_nobody_would_receive_the_work(self):
        cards = self.env["relance.dashboard.card"].with_user(self.collections_user)
        self.assertEqual(cards.search([("kind", "=", "nobody")]).count, 0)
        # A company with a collector but no responsible and no Collections manager.
        lonely = self.env["res.company"].create({"name": "Personne SAS"})
        self.collections_user.write({"company_ids": [(4, lonely.id)]})
        # Odoo gives a new company to whoever creates it: the managers leave it.
        self.env.ref("relance_avancee.group_relance_manager").users.filtered(
            lambda user: lonely in user.company_ids
        ).write({"company_ids": [(3, lonely.id)]})
        card = cards.with_context(allowed_company_ids=[self.env.company.id, lonely.id]).search(
            [("kind", "=", "nobody")]
        )
        self.assertEqual(card.count, 1)
        self.assertIn("Personne SAS", card.preview)
        action = card.action_open()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), lonely)
        # Named, the work has a person again.
        lonely.relance_user_id = self.collections_user
        card.invalidate_recordset()
        self.assertEqual(card.count, 0)

    def test_installing_names_each_companys_collections_responsible(self):
        # The companies there when the addon was installed got their first
        # Collections manager as responsible (the post-init hook), never OdooBot.
        main = self.env.ref("base.main_company")
        self.assertTrue(main.relance_user_id)
        self.assertFalse(main.relance_user_id._is_superuser())
        self.assertTrue(main.relance_user_id.has_group("relance_avancee.group_relance_manager"))
