# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceScore(RelanceCommon):
    def _row(self, partner, company=None):
        return self.env["relance.partner.score"].search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", (company or self.env.company).id),
            ]
        )

    def _recompute(self, partners=None):
        self.env["relance.partner.score"]._recompute(self.env.company, partners)

    @freeze_time("2026-06-30")
    def test_days_late_weighted_by_amount_and_the_share_paid_late(self):
        late, on_time = self._post(
            [
                self._invoice(self.business, 1000.0, "2026-03-01"),
                self._invoice(self.business, 500.0, "2026-04-01"),
            ]
        )
        self._pay(late, 1000.0, "2026-03-31")
        self._pay(on_time, 500.0, "2026-04-01")
        self._recompute()
        # (1000 x 30 + 500 x 0) / 1500 = 20 days: 20/60 of 30 points = 10; one
        # invoice of two paid late: 10 of 20 points; 100 - 20 = 80.
        self.assertRecordValues(
            self._row(self.business),
            [
                {
                    "score": 80,
                    "has_score": True,
                    "band": "good",
                    "value_days_late": 20.0,
                    "points_days_late": 10.0,
                    "value_late_share": 0.5,
                    "points_late_share": 10.0,
                    "points_overdue_share": 0.0,
                }
            ],
        )
        self.assertRecordValues(
            self.business, [{"relance_score": 80, "relance_score_band": "good"}]
        )
        self.assertEqual(
            self.business.relance_score_factors.splitlines(),
            ["20.0 days late on average: -10.0", "50 % of invoices paid late: -10.0"],
        )

    @freeze_time("2026-06-30")
    def test_a_partial_payment_is_not_paid_and_older_payments_leave_the_window(self):
        old, partial = self._post(
            [
                self._invoice(self.business, 800.0, "2025-05-01"),
                self._invoice(self.business, 400.0, "2026-06-01"),
            ]
        )
        # Paid 60 days late, but more than 12 months ago: not counted.
        self._pay(old, 800.0, "2025-06-30")
        self._pay(partial, 100.0, "2026-06-10")
        self._recompute()
        # 300.00 of the 400.00 invoiced in the window overdue now: 75 %, over the 50 %
        # at which the factor takes its 10 points.
        self.assertRecordValues(
            self._row(self.business),
            [
                {
                    "score": 90,
                    "value_days_late": 0.0,
                    "value_late_share": 0.0,
                    "value_overdue_share": 0.75,
                    "points_overdue_share": 10.0,
                    # Beside the score, what the customer owes now.
                    "amount_total_due": 300.0,
                    "amount_overdue": 300.0,
                }
            ],
        )

    @freeze_time("2026-02-10")
    def test_broken_promise_and_formal_notice_take_points_off(self):
        invoice = self._post([self._invoice(self.business, 500.0, "2026-01-05")])
        self._run(self.business)
        promise = self.env["relance.promise"].create(
            {"partner_id": self.business.id, "amount": 500.0, "date": "2026-02-12"}
        )
        self.env["relance.dispute"].create(
            {"move_id": invoice.id, "reason": "quality", "date_start": "2026-02-10"}
        ).resolved = True
        with freeze_time("2026-02-13"):
            notice = self._run(self.business)
            notice._send()
            self.assertEqual(promise.state, "broken")
            self.assertRecordValues(notice, [{"state": "sent", "formal_notice": True}])
            # The run's end scores again the customers it ran for.
            self._run(self.business)
            row = self._row(self.business)
        # 1 broken promise of 3: 5 points; 1 dispute of 3: 3.3; 1 formal notice of 2:
        # 7.5; 500.00 overdue of 500.00 invoiced: 10. 100 - 25.8 = 74.2.
        self.assertRecordValues(
            row,
            [
                {
                    "score": 74,
                    "value_broken_promises": 1,
                    "points_broken_promises": 5.0,
                    "value_disputes": 1,
                    "points_disputes": 3.3,
                    "value_formal_notices": 1,
                    "points_formal_notices": 7.5,
                    "points_overdue_share": 10.0,
                    "band": "fair",
                }
            ],
        )
        self.assertIn("1 broken promise(s): -5.0", self.business.relance_score_factors)

    @freeze_time("2026-06-30")
    def test_a_new_customer_has_no_score_not_100(self):
        newcomer = self.env["res.partner"].create({"name": "Nouveau Client SAS"})
        self._recompute(newcomer)
        self.assertRecordValues(
            newcomer,
            [{"relance_score": 0, "relance_score_band": "none", "relance_score_factors": ""}],
        )
        self.assertFalse(self._row(newcomer).has_score)
        Partner = self.env["res.partner"]
        self.assertIn(newcomer, Partner.search([("relance_score_band", "=", "none")]))
        self.assertIn(newcomer, Partner.search([("relance_score", "=", False)]))
        self.assertNotIn(newcomer, Partner.search([("relance_score", "<", 50)]))

    @freeze_time("2026-06-30")
    def test_search_and_sort_on_the_customer_list_per_company(self):
        good, bad = self.business, self.consumer
        invoices = self._post(
            [
                self._invoice(good, 100.0, "2026-06-01"),
                self._invoice(bad, 100.0, "2026-01-01"),
                self._invoice(bad, 100.0, "2026-05-01"),
            ]
        )
        self._pay(invoices[0], 100.0, "2026-06-01")
        self._pay(invoices[1], 100.0, "2026-05-01")  # 120 days late
        self._recompute()
        # bad: 30 points for the days late, 20 for its one invoice paid, late; 100.00
        # overdue of 200.00 invoiced: 10.
        self.assertEqual(self._row(bad).score, 40)
        Partner = self.env["res.partner"]
        domain = [("id", "in", (good | bad).ids)]
        self.assertEqual(Partner.search(domain, order="relance_score"), bad | good)
        self.assertEqual(Partner.search(domain, order="relance_score desc"), good | bad)
        self.assertEqual(Partner.search(domain + [("relance_score", "<", 50)]), bad)
        self.assertEqual(Partner.search(domain + [("relance_score_band", "=", "poor")]), bad)
        self.assertEqual(Partner.search(domain + [("relance_score_band", "=", "good")]), good)
        self.assertTrue(Partner.fields_get(["relance_score"])["relance_score"]["sortable"])
        # Another company knows nothing of them: no score there.
        other = self.setup_other_company()["company"]
        self.assertRecordValues(
            (good | bad).with_company(other),
            [{"relance_score_band": "none"}, {"relance_score_band": "none"}],
        )
        self.assertFalse(Partner.with_company(other).search(domain + [("relance_score", ">=", 0)]))

    @freeze_time("2026-06-30")
    def test_the_company_s_weights(self):
        invoice = self._post([self._invoice(self.business, 100.0, "2026-03-01")])
        self._pay(invoice, 100.0, "2026-04-30")  # 60 days late
        company = self.env.company
        company.write({"relance_score_weight_days_late": 50, "relance_score_weight_late_share": 0})
        self._recompute()
        self.assertRecordValues(
            self._row(self.business),
            [{"score": 50, "points_days_late": 50.0, "points_late_share": 0.0}],
        )

    def test_weights_that_do_not_add_up_are_refused(self):
        company = self.env.company
        with self.assertRaisesRegex(ValidationError, "add up to 110: they must add up to 100"):
            company.relance_score_weight_disputes = 20
        self.assertEqual(company.relance_score_weight_disputes, 10)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            company.write(
                {"relance_score_weight_disputes": -10, "relance_score_weight_late_share": 40}
            )
        # In French for a French user.
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        with self.assertRaisesRegex(ValidationError, "doivent totaliser 100"):
            company.with_context(lang="fr_FR").relance_score_weight_disputes = 30

    def test_the_daily_run_scores_through_odoo_s_runner(self):
        invoice = self._post([self._invoice(self.business, 300.0, "2026-01-05")])
        self._pay(invoice, 300.0, "2026-01-05")
        cron = self.env.ref("relance_avancee.ir_cron_relance_daily_run")
        self.assertGreater(self._drive(cron), 0)
        self.assertRecordValues(self._row(self.business), [{"score": 100, "has_score": True}])
