# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests.common import ChromeBrowser
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class RelanceCommon(AccountTestInvoicingCommon):
    """Accounting data of ``AccountTestInvoicingCommon`` plus collections users and the
    company's default (French) ladder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collections_user = cls._create_relance_user(
            "relance_user", "relance_avancee.group_relance_user"
        )
        cls.salesperson = cls._create_relance_user("salesperson", "base.group_user")
        # The law's amounts (the 40 EUR indemnity) and the EPC QR code are in euros;
        # the test company keeps books in another currency.
        cls.euro = cls.env.ref("base.EUR")
        cls.euro.active = True
        cls.policy = cls.env["relance.policy"]._get_company_default(cls.env.company)
        # Most tests put an invoice of a given age on the level that age warrants in
        # one run; the default entry at the first level is tested on its own
        # (test_relance_first_day.py).
        cls.policy.entry_by_age = True
        levels = cls.policy.level_ids.sorted("sequence")
        cls.level_friendly, cls.level_second, cls.level_call = levels[:3]
        cls.level_formal_notice, cls.level_hand_over = levels[3:5]
        cls.business = cls.env["res.partner"].create(
            {
                "name": "Garage Durand SARL",
                "is_company": True,
                "email": "garage@example.com",
            }
        )
        cls.consumer = cls.env["res.partner"].create(
            {
                "name": "Camille Martin",
                "is_company": False,
                "email": "camille@example.com",
            }
        )

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex):
        """As unittest's, through Odoo's ``assertRaises``: what the refused operation
        wrote before raising is rolled back (a savepoint), as a request's transaction
        would be, so that a test sees what a user is left with. Context manager only."""
        with self.assertRaises(expected_exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), expected_regex)

    @classmethod
    def _setup_penalties(cls, company_data):
        """A French company with the income accounts penalty invoices credit."""
        income = company_data["default_account_revenue"]
        company_data["company"].write(
            {
                "country_id": cls.env.ref("base.fr").id,
                "relance_interest_account_id": income.copy({"code": "763100"}).id,
                "relance_indemnity_account_id": income.copy({"code": "758800"}).id,
            }
        )

    @classmethod
    def _setup_letter_company(cls):
        """A French company with its legal mentions and an IBAN (the letters' QR
        code), and a French business customer with an address and a reference."""
        company = cls.env.company
        company.write(
            {
                "name": "Menuiserie Étienne SAS",
                "country_id": cls.env.ref("base.fr").id,
                "street": "4 quai Saint-Vincent",
                "zip": "69001",
                "city": "Lyon",
                "company_registry": "732 829 320 00074",
                "vat": "FR44732829320",
                "relance_legal_form": "SAS",
                "relance_share_capital": "50 000 EUR",
                "relance_trade_register": "RCS Lyon",
            }
        )
        company.relance_bank_account_id = cls.env["res.partner.bank"].create(
            {
                "acc_number": "FR76 3000 6000 0112 3456 7890 189",
                "partner_id": company.partner_id.id,
            }
        )
        cls.business.write(
            {
                "ref": "CLI042",
                "street": "8 rue de la Gare",
                "zip": "38000",
                "city": "Grenoble",
                "country_id": cls.env.ref("base.fr").id,
                "lang": "en_US",
            }
        )

    @classmethod
    def _create_relance_user(cls, login, group_xmlid):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "password": login + "-pass-2026",
                    "email": f"{login}@example.com",
                    "company_id": cls.env.company.id,
                    "company_ids": [Command.set(cls.env.company.ids)],
                    "groups_id": [Command.set(cls.env.ref(group_xmlid).ids)],
                }
            )
        )

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        invoice_date,
        payment_term=None,
        move_type="out_invoice",
        company=None,
        currency=None,
    ):
        """Values of a one-line invoice without tax, so amounts are what the test says."""
        vals = {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": fields.Date.to_date(invoice_date),
            "invoice_payment_term_id": (payment_term or cls.pay_terms_a).id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Service",
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [],
                    }
                )
            ],
        }
        if company:
            vals["company_id"] = company.id
        if currency:
            vals["currency_id"] = currency.id
        return vals

    @classmethod
    def _post(cls, vals_list, company=None):
        moves = cls.env["account.move"].with_company(company or cls.env.company).create(vals_list)
        moves.action_post()
        return moves

    def _run(self, partners=None, company=None):
        """Run the ladder now, as the button does, and return the new communications."""
        run = self.env["relance.run"]._run_now(partners=partners, company=company)
        return run.communication_ids

    def _pay(self, invoice, amount, date):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": date})
            ._create_payments()
        )

    def _drive(self, cron, max_rounds=30, frozen=False):
        """Rounds of Odoo's runner on ``cron`` until it is no longer ready, as a cron
        thread does them; returns how many rounds ran the job.

        ``frozen``: the test's time is frozen on a past day. The runner compares a
        job's next call with the database's clock, which no freezing reaches: the
        job, done and put back a day later (still in the past), would look ready
        for ever. It is driven until the runner puts it back for later instead.
        """
        cron.nextcall = fields.Datetime.now() - timedelta(minutes=1)
        self.env.flush_all()
        # An HttpCase is in test mode already, for its server's requests.
        entered = self.registry.test_cr is None
        if entered:
            self.registry.enter_test_mode(self.cr)
        try:
            for rounds in range(max_rounds):
                with self.registry.cursor() as cron_cr:
                    job = self.registry["ir.cron"]._acquire_one_job(cron_cr, cron.id)
                    if not job:
                        return rounds
                    self.registry["ir.cron"]._process_job(self.registry.db_name, cron_cr, job)
                    if frozen:
                        cron_cr.execute("SELECT nextcall FROM ir_cron WHERE id = %s", [cron.id])
                        if cron_cr.fetchone()[0] > job["nextcall"]:
                            return rounds + 1
        finally:
            if entered:
                self.registry.leave_test_mode()
            self.env.invalidate_all()
        self.fail(f"{cron.name} was still ready after {max_rounds} rounds")

    @staticmethod
    def _receivable(moves):
        return moves.line_ids.filtered(lambda line: line.account_type == "asset_receivable")


class JsonRpcMixin:
    """Calls over Odoo's external API (``/jsonrpc``), as an integration makes them.
    For an ``HttpCase``: the requests share the test's transaction."""

    def _rpc_as(self, user, password, model, method, *args, lang="en_US", **kwargs):
        """Call ``model.method(*args, **kwargs)`` as ``user``; return (result, error
        message)."""
        kwargs.setdefault("context", {})["lang"] = lang
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.env.cr.dbname, user.id, password, model, method, list(args), kwargs],
            },
        }
        # Odoo logs each refusal it returns (and the database's own refusals).
        with mute_logger("odoo.http", "odoo.sql_db"):
            response = self.url_open(
                "/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            ).json()
        error = response.get("error")
        return response.get("result"), error and error["data"]["message"]


# Where the tours leave their screenshots for a person to look at (the test command's
# log folder, ignored by git).
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / ".test-logs" / "screenshots"


class TourScreenshotMixin:
    """For an ``HttpCase``: run a tour and keep a screenshot of the page as the tour
    leaves it, taken just before Odoo closes the browser."""

    def _start_tour_with_screenshot(self, url, tour, name, **kwargs):
        shots = []
        original_stop = ChromeBrowser.stop

        def stop(browser):
            if not shots:
                future = browser._websocket_send("Page.captureScreenshot", with_future=True)
                SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
                path = SCREENSHOT_DIR / f"{name}.png"
                path.write_bytes(base64.b64decode(future.result(timeout=30)["data"]))
                shots.append(path)
            return original_stop(browser)

        with patch.object(ChromeBrowser, "stop", stop):
            self.start_tour(url, tour, **kwargs)
        self.assertTrue(shots and shots[0].stat().st_size > 10_000, "no screenshot taken")
        return shots[0]
