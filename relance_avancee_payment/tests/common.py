# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import html
import json
import re

from odoo.addons.relance_avancee.tests.test_relance_payment_plan import RelancePlanCommon


class RelancePayCommon(RelancePlanCommon):
    """The test company with Odoo's demo payment provider published, and online
    payment of invoices enabled, as a company paid online sets them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        base = cls.env["payment.provider"].sudo().search([("code", "=", "demo")], limit=1)
        if not base:
            # Not a skip: the test command installs payment_demo beside the bridge.
            raise RuntimeError("Odoo's payment_demo module is needed to test online payment.")
        cls.provider = base.copy({"company_id": cls.env.company.id})
        cls.provider.write({"state": "test", "is_published": True})
        cls.env["ir.config_parameter"].sudo().set_param(
            "account_payment.enable_portal_payment", True
        )

    def _email_body(self, communication):
        return communication.mail_mail_id.body_html or ""

    @staticmethod
    def _plain(body):
        """What a person reads of ``body``: its text, spaces collapsed."""
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        return re.sub(r"\s+", " ", text.replace("\xa0", " "))

    @staticmethod
    def _links(body, pattern):
        """The links of ``body`` matching ``pattern``, as a browser reads them."""
        return [html.unescape(link) for link in re.findall(rf'href="([^"]*{pattern}[^"]*)"', body)]

    def _relative(self, url):
        return url.replace(self.env["ir.config_parameter"].sudo().get_param("web.base.url"), "")

    def _json(self, url, **params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _pay_through_route(self, url, access_token, amount):
        """What Odoo's payment form does on *Pay* with the demo provider: the
        transaction, the provider's answer (successful), Odoo's post-processing."""
        answer = self._json(
            url,
            access_token=access_token,
            provider_id=self.provider.id,
            payment_method_id=self.env.ref("payment_demo.payment_method_demo").id,
            token_id=None,
            amount=amount,
            flow="direct",
            tokenization_requested=False,
            landing_route="/my",
            is_validation=False,
            payment_reference=None,
        )
        if "error" in answer:
            return answer["error"]["data"]["message"]
        reference = answer["result"]["reference"]
        self._json(
            "/payment/demo/simulate_payment",
            reference=reference,
            payment_details="4242",
            simulated_state="done",
        )
        transaction = self.env["payment.transaction"].search([("reference", "=", reference)])
        transaction._post_process()
        return transaction
