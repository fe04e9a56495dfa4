# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.relance_avancee.tests.common import TourScreenshotMixin

from .common import RelancePayCommon


@tagged("post_install", "-at_install")
class TestRelancePayOnline(RelancePayCommon, TourScreenshotMixin, HttpCase):
    def _overdue(self, partner, *amounts, days=8):
        today = fields.Date.today()
        return self._post(
            [self._invoice(partner, amount, today - timedelta(days=days)) for amount in amounts]
        )

    def _reminder(self, partner):
        communications = self._run(partners=partner)
        self.assertEqual(len(communications), 1)
        communications.action_send_now()
        return communications

    def test_every_reminder_email_links_to_paying_each_invoice_and_all(self):
        first, second = self._overdue(self.business, 300.0, 450.0)
        communication = self._reminder(self.business)
        body = self._email_body(communication)
        for invoice in first | second:
            links = self._links(body, f"/my/invoices/{invoice.id}\\?access_token=")
            self.assertEqual(
                links,
                [
                    f"{invoice.get_base_url()}/my/invoices/{invoice.id}?access_token="
                    f"{invoice.access_token}&payment=True#portal_pay"
                ],
            )
        [pay_all] = self._links(body, "/relance/pay/reminder/")
        self.assertIn(communication._relance_payment_token(), pay_all)
        self.assertIn("Pay $ 750.00 online", self._plain(body))

    def test_no_link_where_the_customer_cannot_pay_online(self):
        self._overdue(self.business, 300.0)
        self.provider.is_published = False
        body = self._email_body(self._reminder(self.business))
        self.assertNotIn("Pay online", body)
        self.assertNotIn("/my/invoices/", body)
        # Online payment of invoices switched off in the settings.
        self.provider.is_published = True
        self.env["ir.config_parameter"].sudo().set_param(
            "account_payment.enable_portal_payment", False
        )
        self._overdue(self.consumer, 200.0)
        self.assertNotIn("/my/invoices/", self._email_body(self._reminder(self.consumer)))

    def test_french_links(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["relance_avancee", "relance_avancee_payment"], ["fr_FR"]
        )
        self.business.lang = "fr_FR"
        self._overdue(self.business, 300.0, 100.0)
        body = self._email_body(self._reminder(self.business))
        text = self._plain(body)
        self.assertIn("Payer en ligne", text)
        self.assertIn(">Payer</a>", body)
        self.assertIn("Payer $ 400,00 en ligne", text)

    def test_customer_pays_from_the_reminder_link_in_a_browser(self):
        invoice = self._overdue(self.business, 750.0)
        communication = self._reminder(self.business)
        [link] = self._links(self._email_body(communication), f"/my/invoices/{invoice.id}")
        screenshot = self._start_tour_with_screenshot(
            self._relative(link),
            "relance_avancee_pay_reminder_tour",
            "pay_reminder_online",
        )
        self.assertTrue(screenshot.exists())
        transaction = invoice.transaction_ids
        self.assertEqual(transaction.state, "done")
        self.assertEqual(transaction.amount, 750.0)
        self.assertEqual(transaction.payment_id.amount, 750.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("in_payment", "paid"))
        # The next run sees it paid: nothing more to claim.
        self.assertFalse(self._run(partners=self.business))

    def test_paying_a_whole_reminder_at_once(self):
        first, second = self._overdue(self.business, 300.0, 450.0)
        communication = self._reminder(self.business)
        token = communication._relance_payment_token()
        page = f"/relance/pay/reminder/{communication.id}"
        # A wrong or missing token: back to the portal, nothing shown.
        for wrong in (f"{page}?access_token=x", page):
            response = self.url_open(wrong, allow_redirects=False)
            self.assertEqual(response.status_code, 303)
        response = self.url_open(f"{page}?access_token={token}")
        self.assertIn(first.name, response.text)
        self.assertIn(second.name, response.text)
        self.assertIn('data-amount="750.0"', response.text)
        route = f"{page}/transaction"
        with mute_logger("odoo.http"):
            self.assertEqual(
                self._pay_through_route(route, "x", 750.0), "This payment link is not valid."
            )
            # The amount tampered with, or paid meanwhile: refused, no transaction.
            self.assertEqual(
                self._pay_through_route(route, token, 700.0),
                "The amount to pay has changed since the page was opened: reload it.",
            )
        self.assertFalse((first | second).transaction_ids)
        transaction = self._pay_through_route(route, token, 750.0)
        self.assertEqual(transaction.state, "done")
        self.assertEqual(transaction.invoice_ids, first | second)
        self.assertEqual((first.amount_residual, second.amount_residual), (0.0, 0.0))
        self.assertIn(
            "Nothing is left to pay here", self.url_open(f"{page}?access_token={token}").text
        )
        with mute_logger("odoo.http"):
            self.assertEqual(
                self._pay_through_route(route, token, 750.0),
                "There is nothing left to pay: thank you.",
            )

    def test_customer_pays_a_whole_reminder_in_a_browser(self):
        first, second = self._overdue(self.business, 300.0, 450.0)
        communication = self._reminder(self.business)
        [pay_all] = self._links(self._email_body(communication), "/relance/pay/reminder/")
        self._start_tour_with_screenshot(
            self._relative(pay_all), "relance_avancee_pay_all_tour", "pay_whole_reminder_online"
        )
        transaction = (first | second).transaction_ids
        self.assertRecordValues(
            transaction, [{"state": "done", "amount": 750.0, "invoice_ids": (first | second).ids}]
        )
        self.assertEqual((first.amount_residual, second.amount_residual), (0.0, 0.0))
        self.assertFalse(self._run(partners=self.business))

    def test_a_plan_instalment_paid_online(self):
        today = fields.Date.today()
        invoice = self._post(self._invoice(self.business, 900.0, today - timedelta(days=40)))
        plan = self._plan(invoice, instalment_count=3, first_date=today + timedelta(days=3))
        plan.action_propose()
        page = f"/my/payment_plans/{plan.id}/pay"
        # Not running yet: the plan's page, not a payment.
        response = self.url_open(f"{page}?access_token={plan.access_token}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self._sign(plan)
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan._relance_amount_due_now(), 300.0)
        # The instalment reminder carries the link.
        reminder = self.env.ref("relance_avancee.mail_template_relance_plan_instalment")
        instalment = plan.instalment_ids.sorted("date")[0]
        body = reminder._render_field("body_html", instalment.ids)[instalment.id]
        self.assertIn(f"/my/payment_plans/{plan.id}/pay?access_token={plan.access_token}", body)
        self.assertIn("Pay the instalment online", body)
        response = self.url_open(f"{page}?access_token={plan.access_token}")
        self.assertIn('data-amount="300.0"', response.text)
        self.assertIn("/pay?access_token=", self.url_open(plan.get_portal_url()).text)
        route = f"/my/payment_plans/{plan.id}/transaction"
        with mute_logger("odoo.http"):
            self.assertEqual(
                self._pay_through_route(route, "wrong", 300.0), "This payment link is not valid."
            )
        transaction = self._pay_through_route(route, plan.access_token, 300.0)
        self.assertEqual(transaction.state, "done")
        self.assertEqual(invoice.amount_residual, 600.0)
        plan.invalidate_recordset()
        self.assertEqual(plan.amount_paid, 300.0)
        self.assertEqual(plan.instalment_ids.sorted("date").mapped("state"), ["paid", "due", "due"])
        self.assertEqual(plan._relance_amount_due_now(), 300.0)
        # Cancelled: no more payment through the plan.
        plan._cancel("Paid by cheque")
        with mute_logger("odoo.http"):
            self.assertEqual(
                self._pay_through_route(route, plan.access_token, 300.0),
                "This payment plan is no longer running.",
            )
