# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.relance_avancee.tests.common import TourScreenshotMixin

from .common import RelancePayCommon


@tagged("post_install", "-at_install")
class TestRelanceOpenItems(RelancePayCommon, TourScreenshotMixin, HttpCase):
    """The customer's open items and statement on the portal: its own, in its
    companies, with the days late, each invoice payable online."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Jean Durand",
                    "login": "durand",
                    "password": "durand-pass-2026",
                    "parent_id": False,
                    "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
                    "company_id": cls.env.company.id,
                    "company_ids": [Command.set(cls.env.company.ids)],
                }
            )
        )
        # A contact of the customer: its company's items are its.
        cls.portal_user.partner_id.parent_id = cls.business

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _items(self):
        today = fields.Date.today()
        late = self._post(self._invoice(self.business, 300.0, today - timedelta(days=40)))
        not_due = self._post(self._invoice(self.business, 120.0, today))
        others = self._post(self._invoice(self.consumer, 999.0, today - timedelta(days=40)))
        elsewhere = self._post(
            self._invoice(
                self.business,
                555.0,
                today - timedelta(days=40),
                company=self.company_data_2["company"],
            ),
            company=self.company_data_2["company"],
        )
        return late, not_due, others, elsewhere

    def test_open_items_with_days_late_and_links_to_pay(self):
        late, not_due, _others, _elsewhere = self._items()
        # A credit note not yet matched, 50 days old: a credit, never late.
        fifty_days_ago = fields.Date.today() - timedelta(days=50)
        credit = self._post(
            self._invoice(self.business, 80.0, fifty_days_ago, move_type="out_refund")
        )
        # pay_terms_a: due on the invoice date; the late one is 40 days late.
        self.assertEqual(
            (late.invoice_date_due, not_due.invoice_date_due),
            (late.invoice_date, not_due.invoice_date),
        )
        self.authenticate("durand", "durand-pass-2026")
        page = self.url_open("/my/open_items").text
        self.assertIn(late.name, page)
        self.assertIn(not_due.name, page)
        # Invoice numbers repeat across companies: the amounts tell them apart.
        self.assertNotIn("999.00", page)
        self.assertNotIn("555.00", page)
        self.assertIn(credit.name, page)
        self.assertIn('oe_currency_value">-\ufeff80.00<', page)
        self.assertEqual(page.count('class="text-danger"'), 1)
        self.assertIn('<span class="text-danger">40</span>', page)
        # 300.00 + 120.00 - 80.00; of which overdue: the late invoice alone.
        self.assertIn('oe_currency_value">340.00<', page)
        self.assertRegex(
            page, r'o_relance_overdue_total"[^>]*>\$\xa0<span class="oe_currency_value">300\.00<'
        )
        self.assertEqual(page.count("o_relance_pay_invoice"), 2)
        self.assertIn("/my/invoices/overdue", page)
        self.assertIn(f"/my/open_items/statement/{self.env.company.id}", page)
        home = self.url_open("/my/home").text
        self.assertIn("/my/open_items", home)

    def test_an_invoice_in_a_running_plan_is_in_the_plan_not_late(self):
        late, _not_due, _others, _elsewhere = self._items()
        today = fields.Date.today()
        planned = self._post(self._invoice(self.business, 900.0, today - timedelta(days=60)))
        plan = self._plan(planned, instalment_count=3, first_date=today + timedelta(days=5))
        self._sign(plan)
        self.assertEqual(plan.state, "active")
        self.authenticate("durand", "durand-pass-2026")
        page = self.url_open("/my/open_items").text
        self.assertIn(planned.name, page)
        self.assertEqual(page.count("o_relance_in_plan"), 1)
        # Not counted late, no Pay button for the whole invoice: its plan's next
        # instalment and a link to the plan instead.
        self.assertEqual(page.count('class="text-danger"'), 1)
        self.assertEqual(page.count("o_relance_pay_invoice"), 2)
        self.assertIn(f"/my/payment_plans/{plan.id}", page)
        self.assertIn('oe_currency_value">300.00<', page)
        self.assertRegex(
            page, r'o_relance_overdue_total"[^>]*>\$\xa0<span class="oe_currency_value">300\.00<'
        )
        self.assertIn(late.name, page)

    def test_the_customer_reads_its_open_items_in_a_browser(self):
        self._items()
        self._start_tour_with_screenshot(
            "/my", "relance_avancee_open_items_tour", "portal_open_items", login="durand"
        )

    def test_the_statement_of_account_on_the_portal(self):
        late, not_due, _others, _elsewhere = self._items()
        self.authenticate("durand", "durand-pass-2026")
        response = self.url_open(f"/my/open_items/statement/{self.env.company.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(late.name, response.text)
        self.assertIn(not_due.name, response.text)
        self.assertNotIn("999.00", response.text)
        self.assertNotIn("555.00", response.text)
        self.assertIn("Statement", response.headers["Content-Disposition"])
        # Another company's statement: not the customer's to read from this portal.
        other = self.company_data_2["company"]
        response = self.url_open(f"/my/open_items/statement/{other.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_nothing_open(self):
        self.authenticate("durand", "durand-pass-2026")
        self.assertIn("Nothing is left to pay", self.url_open("/my/open_items").text)

    def test_public_visitors_are_sent_to_log_in(self):
        response = self.url_open("/my/open_items", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
