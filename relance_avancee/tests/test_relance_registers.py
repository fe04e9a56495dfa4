# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public registers checked from the customer, on recorded answers: no test reaches
the network (Odoo's test mode refuses any request not answered here)."""

import json
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

import requests
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..engine import registers
from ..models.credit import res_partner as res_partner_register
from .common import JsonRpcMixin
from .test_relance_credit_check import RelanceCreditCommon

RECORDED = Path(__file__).parent / "data" / "registers"


def _response(url, status=200, body=None, content=None):
    """A ``requests.Response`` as the service would send it."""
    response = requests.Response()
    response.status_code = status
    response.url = url
    response.headers["Content-Type"] = "application/json"
    response._content = content if content is not None else json.dumps(body).encode()
    return response


class RelanceRegistersCommon(RelanceCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france = cls.env.ref("base.fr")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Atelier des Trois Chênes",
                "is_company": True,
                "country_id": cls.france.id,
                "company_registry": "842 135 774",
            }
        )

    @contextmanager
    def _registers(self, company="company_active", bodacc="bodacc_none", failure=None):
        """Answer the two registers with recorded answers (file names without
        ``.json``), or fail with ``failure``: an exception to raise, or a
        ``requests.Response``. Yields the list of the calls made (url, params,
        timeout)."""
        answers = {
            registers.RECHERCHE_ENTREPRISES_URL: company,
            registers.BODACC_URL: bodacc,
        }
        calls = []

        def get(url, params=None, timeout=None, **kwargs):
            calls.append((url, params, timeout))
            if isinstance(failure, Exception):
                raise failure
            if failure is not None:
                return failure
            text = (RECORDED / f"{answers[url]}.json").read_text(encoding="utf-8")
            return _response(url, body=json.loads(text))

        with patch.object(res_partner_register.requests, "get", side_effect=get):
            yield calls

    def _check(self, partner=None, **answers):
        with self._registers(**answers) as calls:
            (partner or self.customer).action_relance_check_registers()
        return calls

    def _checks(self, partner=None):
        return self.env["relance.register.check"].search(
            [("partner_id", "=", (partner or self.customer).id)]
        )


@tagged("post_install", "-at_install")
class TestRelanceRegisters(RelanceRegistersCommon):
    @freeze_time("2026-12-01 09:30:00")
    def test_an_active_company_is_stored_with_its_date_and_sources(self):
        calls = self._check()
        self.assertEqual(
            [(url, timeout) for url, _params, timeout in calls],
            [(registers.RECHERCHE_ENTREPRISES_URL, 10), (registers.BODACC_URL, 10)],
        )
        self.assertEqual(calls[0][1]["q"], "842135774")
        self.assertIn('search(registre, "842135774")', calls[1][1]["where"])
        check = self._checks()
        self.assertRecordValues(
            check,
            [
                {
                    "date": fields.Datetime.to_datetime("2026-12-01 09:30:00"),
                    "user_id": self.env.uid,
                    "siren": "842135774",
                    "found": True,
                    "name": "ATELIER DES TROIS CHENES",
                    "state": "active",
                    "date_creation": fields.Date.to_date("2018-09-03"),
                    "date_closing": False,
                    "legal_form": "5710",
                    "activity": "62.01Z",
                    "in_proceedings": False,
                    "proceeding_kind": False,
                    "date_deregistered": False,
                    "judgment_count": 0,
                    "alert": False,
                    "sources": f"{registers.RECHERCHE_ENTREPRISES_URL}\n{registers.BODACC_URL}",
                }
            ],
        )
        self.assertRecordValues(
            self.customer,
            [
                {
                    "relance_register_check_id": check.id,
                    "relance_register_alert": False,
                    "relance_in_proceedings": False,
                    "relance_register_state": "active",
                    "relance_register_siren": "842135774",
                }
            ],
        )
        note = self.customer.message_ids[0]
        self.assertIn("Public registers checked.", note.body)
        self.assertIn("SIREN 842135774: ATELIER DES TROIS CHENES, Active.", note.body)

    def test_a_ceased_company_warns(self):
        self.customer.company_registry = "512345679"
        self._check(company="company_ceased")
        self.assertRecordValues(
            self._checks(),
            [
                {
                    "state": "ceased",
                    "date_closing": fields.Date.to_date("2025-12-31"),
                    "legal_form": "5499",
                    "alert": True,
                }
            ],
        )
        self.assertTrue(self.customer.relance_register_alert)
        self.assertFalse(self.customer.relance_in_proceedings)

    def test_a_company_in_receivership_is_in_proceedings(self):
        self.customer.company_registry = "444555668"
        self._check(company="company_not_found", bodacc="bodacc_receivership")
        self.assertRecordValues(
            self._checks(),
            [
                {
                    "found": False,
                    "in_proceedings": True,
                    "proceeding_kind": "receivership",
                    "proceeding_date": fields.Date.to_date("2026-09-14"),
                    "proceeding_court": "Greffe du Tribunal de Commerce de Lyon",
                    "proceeding_date_closed": False,
                    "judgment_count": 1,
                    "alert": True,
                }
            ],
        )
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.search([("relance_in_proceedings", "=", True)]), self.customer)
        self.assertEqual(Partner.search([("relance_register_alert", "=", True)]), self.customer)
        self.assertIn(
            "Collective proceeding open: Receivership, opened on 09/14/2026",
            self.customer.message_ids[0].body,
        )

    def test_a_closed_liquidation_is_not_open_but_the_deregistration_warns(self):
        self.customer.company_registry = "39988877500018"  # its SIRET
        self._check(company="company_not_found", bodacc="bodacc_closed")
        self.assertRecordValues(
            self._checks(),
            [
                {
                    "siren": "399888775",
                    "in_proceedings": False,
                    "proceeding_kind": "liquidation",
                    "proceeding_date": fields.Date.to_date("2024-03-05"),
                    "proceeding_date_closed": fields.Date.to_date("2025-06-10"),
                    "date_deregistered": fields.Date.to_date("2025-11-04"),
                    "judgment_count": 2,
                    "alert": True,
                }
            ],
        )
        self.assertFalse(self.customer.relance_in_proceedings)
        self.assertTrue(self.customer.relance_register_alert)

    def test_not_found_is_stored_as_such(self):
        self.customer.company_registry = "908765431"
        self._check(company="company_not_found")
        self.assertRecordValues(self._checks(), [{"found": False, "state": False, "alert": False}])
        self.assertIn(
            "SIREN 908765431: not found in the register.", self.customer.message_ids[0].body
        )

    def test_every_check_is_kept_and_the_last_one_shows(self):
        self.customer.company_registry = "444555668"
        with freeze_time("2026-10-01"):
            self._check(company="company_not_found", bodacc="bodacc_receivership")
        with freeze_time("2026-11-01"):
            self._check(company="company_not_found", bodacc="bodacc_none")
        checks = self._checks()
        self.assertEqual(checks.mapped("in_proceedings"), [False, True])
        self.assertEqual(self.customer.relance_register_check_id, checks[0])
        self.assertFalse(self.customer.relance_in_proceedings)

    def test_a_contact_checks_its_company(self):
        contact = self.env["res.partner"].create(
            {"name": "Léa Bernard", "parent_id": self.customer.id}
        )
        self._check(partner=contact)
        self.assertEqual(len(self._checks()), 1)
        self.assertFalse(self._checks(contact))

    def _assert_refused(self, message, partner=None, **answers):
        before = self.customer.relance_register_check_id
        notes = len(self.customer.message_ids)
        with self._registers(**answers) as calls, self.assertRaisesRegex(UserError, message):
            (partner or self.customer).action_relance_check_registers()
        self.assertEqual(self.customer.relance_register_check_id, before)
        self.assertEqual(self._checks(), before)
        self.assertEqual(len(self.customer.message_ids), notes)
        return calls

    def test_a_service_down_changes_nothing(self):
        self.customer.company_registry = "512345679"
        self._check(company="company_ceased")  # a good answer, then failures
        last = self._checks()
        cases = [
            (requests.ConnectTimeout(), "did not answer within 10 seconds"),
            (requests.ReadTimeout(), "did not answer within 10 seconds"),
            (requests.ConnectionError(), r"could not be reached \(ConnectionError\)"),
            (
                _response(registers.RECHERCHE_ENTREPRISES_URL, status=503, content=b"busy"),
                "answered with the HTTP error 503",
            ),
            (
                _response(registers.RECHERCHE_ENTREPRISES_URL, status=429, content=b"{}"),
                "answered with the HTTP error 429",
            ),
            (
                _response(registers.RECHERCHE_ENTREPRISES_URL, content=b"<html>maintenance"),
                "answered something that is not JSON",
            ),
        ]
        for failure, message in cases:
            with self.subTest(failure=failure):
                self._assert_refused(message, failure=failure)
        self.assertEqual(self.customer.relance_register_check_id, last)
        self.assertTrue(self.customer.relance_register_alert)

    def test_an_answer_of_another_shape_changes_nothing(self):
        odd = _response(registers.RECHERCHE_ENTREPRISES_URL, body={"résultats": []})
        self._assert_refused(
            "The API Recherche d'entreprises answered something its documentation does "
            r"not describe \(no list of results\): nothing was changed",
            failure=odd,
        )

    def test_a_failing_bodacc_after_a_good_search_changes_nothing(self):
        answers = iter(
            [
                _response(
                    registers.RECHERCHE_ENTREPRISES_URL,
                    body=json.loads((RECORDED / "company_active.json").read_text()),
                ),
                _response(registers.BODACC_URL, status=500, content=b""),
            ]
        )
        with (
            patch.object(
                res_partner_register.requests, "get", side_effect=lambda *a, **k: next(answers)
            ),
            self.assertRaisesRegex(UserError, "The BODACC answered with the HTTP error 500"),
        ):
            self.customer.action_relance_check_registers()
        self.assertFalse(self._checks())
        self.assertFalse(self.customer.relance_register_check_id)

    def test_a_malformed_siren_is_refused_before_any_call(self):
        for number in ("842135775", "84213577", "RCS Lyon B 842 135 774", "8421357740001"):
            with self.subTest(number=number):
                self.customer.company_registry = number
                calls = self._assert_refused(
                    f"“{number}” is not a valid SIREN or SIRET"
                    r" \(9 or 14 digits with a valid check digit\): no register was asked"
                )
                self.assertEqual(calls, [])

    def test_no_registry_number_is_refused(self):
        self.customer.company_registry = False
        calls = self._assert_refused("has no company registry number")
        self.assertEqual(calls, [])

    def test_other_countries_call_nothing(self):
        self.customer.country_id = self.env.ref("base.be")
        calls = self._assert_refused(
            r"No public register is connected for the country of .* \(Belgium\): only the "
            "French registers are"
        )
        self.assertEqual(calls, [])

    def test_the_message_is_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.company_registry = "842135775"
        with self.assertRaisesRegex(UserError, "n'est pas un SIREN ou SIRET valide"):
            self.customer.with_context(lang="fr_FR").action_relance_check_registers()

    def test_asking_needs_the_right_to_edit_the_customer(self):
        viewer = self.env["res.users"].create(
            {
                "name": "Portal viewer",
                "login": "register_viewer",
                "groups_id": [fields.Command.set([self.env.ref("base.group_user").id])],
            }
        )
        with self._registers() as calls, self.assertRaises(AccessError):
            self.customer.with_user(viewer).action_relance_check_registers()
        self.assertEqual(calls, [])
        # The history is read-only, even to those who can ask.
        self._check()
        with self.assertRaises(AccessError):
            self._checks().with_user(self.collections_user).write({"alert": True})


@tagged("post_install", "-at_install")
class TestRelanceRegisterHold(RelanceRegistersCommon):
    def _holds(self, state="active"):
        return self.env["relance.credit.hold"].search(
            [("partner_id", "=", self.customer.id), ("state", "=", state)]
        )

    def test_the_company_may_hold_credit_on_a_warning(self):
        self.customer.company_registry = "444555668"
        self._check(company="company_not_found", bodacc="bodacc_receivership")
        self.assertFalse(self._holds(), "the rule is off by default")
        self.company.relance_credit_hold_register = True
        self.env["relance.credit.exposure"]._refresh(self.company)
        hold = self._holds()
        self.assertRecordValues(hold, [{"cause": "register"}])
        self.assertIn("public registers", hold.detail)
        self.assertTrue(self.customer.relance_credit_hold)

        # The proceeding is found closed: the hold lifts at once, with the check.
        self._check(company="company_not_found", bodacc="bodacc_none")
        self.assertFalse(self._holds())
        self.assertRecordValues(self._holds("lifted"), [{"cause": "register"}])

    def test_a_check_that_warns_sets_the_hold_at_once(self):
        self.company.relance_credit_hold_register = True
        self.customer.company_registry = "512345679"
        self._check(company="company_ceased")
        self.assertRecordValues(self._holds(), [{"cause": "register"}])


@tagged("post_install", "-at_install")
class TestRelanceRegistersOnCreate(RelanceRegistersCommon):
    def test_a_new_customer_is_checked_by_the_scheduled_action(self):
        self.company.relance_register_check_on_create = True
        cron = self.env.ref("relance_avancee.ir_cron_relance_register_checks")
        new = self.env["res.partner"].create(
            {
                "name": "Transports Mercier",
                "is_company": True,
                "country_id": self.france.id,
                "company_registry": "444555668",
            }
        )
        person = self.env["res.partner"].create(
            {"name": "Jean Mercier", "country_id": self.france.id}
        )
        self.assertTrue(new.relance_register_check_due)
        self.assertFalse(person.relance_register_check_due)
        self.assertFalse(self._checks(new), "not while the customer is created")
        with self._registers(company="company_not_found", bodacc="bodacc_receivership"):
            self._drive(cron)
        self.assertFalse(new.relance_register_check_due)
        self.assertRecordValues(self._checks(new), [{"in_proceedings": True}])

    def test_a_failing_register_is_said_in_the_chatter_and_not_retried(self):
        self.company.relance_register_check_on_create = True
        cron = self.env.ref("relance_avancee.ir_cron_relance_register_checks")
        bad = self.env["res.partner"].create(
            {"name": "Numéro faux", "is_company": True, "company_registry": "123456789"}
        )
        down = self.env["res.partner"].create(
            {"name": "Service en panne", "is_company": True, "company_registry": "842135774"}
        )
        (bad | down).country_id = self.france
        with self._registers(failure=requests.ConnectTimeout()) as calls:
            self._drive(cron)
        self.assertEqual(len(calls), 1, "one call, for the valid SIREN")
        self.assertFalse((bad | down).filtered("relance_register_check_due"))
        self.assertFalse(self._checks(bad) | self._checks(down))
        self.assertIn("is not a valid SIREN or SIRET", bad.message_ids[0].body)
        self.assertIn("did not answer within 10 seconds", down.message_ids[0].body)

    def test_off_by_default(self):
        new = self.env["res.partner"].create(
            {"name": "Transports Mercier", "is_company": True, "company_registry": "444555668"}
        )
        self.assertFalse(new.relance_register_check_due)


@tagged("post_install", "-at_install")
class TestRelanceRegistersApi(RelanceRegistersCommon, JsonRpcMixin, HttpCase):
    def test_a_malformed_siren_through_the_external_api(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.collections_user.groups_id += self.env.ref("base.group_partner_manager")
        partner_id, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "res.partner",
            "create",
            {
                "name": "Par l'API",
                "is_company": True,
                "country_id": self.france.id,
                "company_registry": "842 135 775",
            },
        )
        self.assertFalse(error)
        with self._registers() as calls:
            _result, error = self._rpc_as(
                self.collections_user,
                "relance_user-pass-2026",
                "res.partner",
                "action_relance_check_registers",
                [partner_id],
                lang="fr_FR",
            )
        self.assertIn("n'est pas un SIREN ou SIRET valide", error)
        self.assertEqual(calls, [])
        self.assertFalse(
            self.env["relance.register.check"].search([("partner_id", "=", partner_id)])
        )
