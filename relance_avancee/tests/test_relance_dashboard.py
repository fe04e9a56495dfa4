# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The morning view: each card counts the work waiting today and opens it."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RelanceCommon

TODAY = date(2026, 3, 20)


@tagged("post_install", "-at_install")
class TestRelanceDashboard(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.builder, cls.printer, cls.grocer, cls.baker = cls.env["res.partner"].create(
            [
                {"name": name, "is_company": True, "email": f"{index}@example.com"}
                for index, name in enumerate(
                    ("Bâtiment Leroy", "Imprimerie Roux", "Épicerie Faure", "Boulangerie Noël")
                )
            ]
        )
        # 35 days late: the call; 50 days: the formal notice (registered letter); 70
        # days: the hand-over, waiting for approval as a first communication.
        cls.call_invoice, cls.notice_invoice, cls.hand_over_invoice, cls.baker_invoice = cls._post(
            [
                cls._invoice(cls.builder, 640.0, TODAY - timedelta(days=35)),
                cls._invoice(cls.printer, 900.0, TODAY - timedelta(days=50)),
                cls._invoice(cls.grocer, 1200.0, TODAY - timedelta(days=70)),
                cls._invoice(cls.baker, 300.0, TODAY - timedelta(days=20)),
            ]
        )

    def _cards(self):
        # Read afresh, as each request of the web client does.
        Cards = self.env["relance.dashboard.card"]
        Cards.invalidate_model()
        return {card.kind: card for card in Cards.search([])}

    @freeze_time(TODAY)
    def test_each_card_counts_and_opens_the_work_waiting_today(self):
        communications = self._run(self.builder | self.printer | self.grocer)
        call, notice, hand_over = (
            communications.filtered(lambda c, partner=partner: c.partner_id == partner)
            for partner in (self.builder, self.printer, self.grocer)
        )
        self.assertEqual(hand_over.state, "to_approve")
        # The formal notice's level requires validation too: approve it, then send.
        if notice.state == "to_approve":
            notice.action_approve()
        (call | notice)._send()
        self.assertEqual((call.progress, notice.progress), ("call_to_do", "letter_to_post"))
        promise_due = self.env["relance.promise"].create(
            {"partner_id": self.baker.id, "amount": 100.0, "date": TODAY}
        )
        dispute = self.env["relance.dispute"].create(
            {
                "move_id": self.baker_invoice.id,
                "reason": "quality",
                "date_start": TODAY - timedelta(days=3),
                "date_end": TODAY + timedelta(days=5),
            }
        )
        # A dispute ending in a fortnight is not this week's (on the invoice of the
        # notice already sent: a dispute on the call's would cancel the call).
        self.env["relance.dispute"].create(
            {
                "move_id": self.notice_invoice.id,
                "reason": "price",
                "date_end": TODAY + timedelta(days=14),
            }
        )
        cards = self._cards()
        self.assertEqual(
            list(cards),
            [
                "standing",
                "calls",
                "to_approve",
                "promises",
                "letters",
                "receipts",
                "disputes",
                "activities",
                "nobody",
                "rates",
            ],
        )
        expected = {
            "calls": call,
            "to_approve": hand_over,
            "promises": promise_due,
            "letters": notice,
            "receipts": self.env["relance.communication"],
            "disputes": dispute,
            # The call's activity is the user's (who ran collections).
            "activities": call.activity_ids,
            # The company has its collections responsible: the work reaches a person.
            "nobody": self.env["res.company"],
        }
        for kind, records in expected.items():
            with self.subTest(kind=kind):
                card = cards[kind]
                self.assertEqual(card.count, len(records))
                action = card.action_open()
                found = self.env[action["res_model"]].search(action["domain"])
                self.assertEqual(found, records)
        # The call's card shows the customer, the level and the call's script.
        self.assertIn("Bâtiment Leroy", cards["calls"].preview)
        self.assertIn(self.level_call.name, cards["calls"].preview)
        script = self.level_call.call_script
        self.assertTrue(script)
        self.assertIn("Nothing to do.", cards["receipts"].preview)
        # A card lists its first five and says how many more it opens.
        self.assertIn("… and 6 more", cards["to_approve"]._preview(hand_over, len(hand_over) + 6))
        # The company has its responsible: the warning card is not shown.
        shown = self.env["relance.dashboard.card"].search([("shown", "=", True)])
        self.assertNotIn("nobody", shown.mapped("kind"))
        self.assertIn("standing", shown.mapped("kind"))

        # The letter posted: it waits for its receipt; received, nothing waits.
        notice.write({"registered_tracking": "1A 234", "registered_sent_date": TODAY})
        cards = self._cards()
        self.assertEqual((cards["letters"].count, cards["receipts"].count), (0, 1))
        notice.registered_receipt_date = TODAY
        self.assertEqual(self._cards()["receipts"].count, 0)

    @freeze_time(TODAY)
    def test_a_broken_promise_shows_for_30_days(self):
        promise = self.env["relance.promise"].create(
            {"partner_id": self.baker.id, "amount": 100.0, "date": TODAY}
        )
        with freeze_time(TODAY + timedelta(days=1)):
            self._run(self.baker)
            self.assertEqual(promise.state, "broken")
            self.assertEqual(self._cards()["promises"].count, 1)
        with freeze_time(TODAY + timedelta(days=31)):
            self.assertEqual(self._cards()["promises"].count, 0)

    @freeze_time(TODAY)
    def test_another_users_activities_and_another_companys_work_are_not_shown(self):
        self._run(self.builder)
        self.env["relance.communication"].search([("partner_id", "=", self.builder.id)])._send()
        cards = self._cards()
        self.assertEqual(cards["activities"].count, 1)
        as_collector = self.env["relance.dashboard.card"].with_user(self.collections_user)
        mine = {card.kind: card.count for card in as_collector.search([])}
        self.assertEqual(mine["activities"], 0, "the call is the other user's")
        self.assertEqual(mine["calls"], 1)
        company_2 = self.setup_other_company()["company"]
        self.collections_user.company_ids += company_2
        in_company_2 = as_collector.with_context(allowed_company_ids=company_2.ids)
        self.assertEqual({card.kind: card.count for card in in_company_2.search([])}["calls"], 0)

    @freeze_time(TODAY)
    def test_the_standing_in_figures_for_my_customers(self):
        # The collector's customers: the builder (by collector) and the printer (by
        # salesperson, no collector); the grocer and the baker are another's.
        self.builder.with_company(self.env.company).relance_collector_id = self.collections_user
        self.printer.user_id = self.collections_user
        self.grocer.user_id = self.collections_user
        self.grocer.with_company(self.env.company).relance_collector_id = self.env.user
        # Friday 20 March: this week runs from Monday 16 to Sunday 22.
        for partner, amount, day in (
            (self.builder, 200.0, TODAY + timedelta(days=2)),
            (self.printer, 70.0, TODAY + timedelta(days=3)),
            (self.grocer, 500.0, TODAY),
        ):
            self.env["relance.promise"].create(
                {"partner_id": partner.id, "amount": amount, "date": day}
            )
        self._pay(self.call_invoice, 100.0, TODAY - timedelta(days=2))
        self._pay(self.hand_over_invoice, 50.0, TODAY - timedelta(days=2))
        # Paid in February: not this month's.
        self._pay(self.notice_invoice, 25.0, date(2026, 2, 27))
        cards = self.env["relance.dashboard.card"].with_user(self.collections_user)
        mine = cards.with_context(relance_my_customers=True)
        figures = dict(mine.search([])[:1]._standing_figures(TODAY))
        currency = self.env.company.currency_id
        self.assertEqual(
            figures,
            {
                "Overdue": {currency: 540.0 + 875.0},
                "Promised this week": {currency: 200.0},
                "Instalments due this month": {},
                "Collected this month": {currency: 100.0},
            },
        )
        card = mine.search([("kind", "=", "standing")])
        self.assertIn("Promised this week", card.preview)
        action = card.action_open()
        self.assertEqual(action["res_model"], "relance.worklist")
        self.assertEqual(action["context"], {"search_default_my_customers": 1})
        # The other cards count the collector's customers only: the grocer's promise
        # due today is another's.
        self.assertEqual(mine.search([("kind", "=", "promises")]).count, 0)
        self.assertEqual(cards.search([("kind", "=", "promises")]).count, 1)

    def test_a_collector_opens_their_own_customers_a_manager_the_book(self):
        for xml_id in (
            "action_server_relance_dashboard",
            "action_server_relance_receivable_lines",
            "action_server_relance_communication",
        ):
            server_action = self.env.ref(f"relance_avancee.{xml_id}")
            as_collector = server_action.with_user(self.collections_user).run()
            self.assertEqual(as_collector["type"], "ir.actions.act_window")
            self.assertEqual(as_collector["context"]["search_default_my_customers"], 1)
            as_manager = server_action.run()
            self.assertNotIn("search_default_my_customers", str(as_manager.get("context")))
