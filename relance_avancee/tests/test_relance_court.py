# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A collection case before a court: the procedure it follows refused where it is not
open, the injonction de payer's steps and deadlines (activities for the case's
responsible, week after week under frozen dates), and the request read back from its
PDF."""

import base64
import subprocess
import tempfile
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import format_amount

from .common import SCREENSHOT_DIR, JsonRpcMixin
from .test_relance_letters import pdf_text
from .test_relance_procedures import RelanceProcedureCommon


class RelanceCourtCommon(RelanceProcedureCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.court = cls.env["res.partner"].create(
            {
                "name": "Tribunal de commerce de Grenoble",
                "is_company": True,
                "relance_collection_role": "court",
            }
        )
        cls.bailiff = cls.env["res.partner"].create(
            {
                "name": "Maître Lefèvre, commissaire de justice",
                "is_company": True,
                "relance_collection_role": "bailiff",
                "relance_collection_mandate": "fixed",
                "relance_collection_fee": 90.0,
            }
        )
        cls.business.write({"city": "Grenoble", "zip": "38000", "street": "8 rue de la Gare"})
        cls.activity_type = cls.env.ref("relance_avancee.mail_activity_type_relance_court")

    def _court_case(self, moves, **values):
        return self.env["relance.collection.case"].create(
            {
                "partner_id": moves.commercial_partner_id[:1].id,
                "move_ids": [Command.set(moves.ids)],
                "recipient_id": self.court.id,
                "procedure": "fr_order_commercial",
                "user_id": self.collections_user.id,
                **values,
            }
        )

    def _by_bailiff(self):
        return {"recipient_id": self.bailiff.id, "mandate": "fixed", "fixed_fee": 90.0}

    def _court_activities(self, case):
        return case.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.activity_type
        )


@tagged("post_install", "-at_install")
class TestRelanceCourt(RelanceCourtCommon):
    def test_an_injonction_de_payer_followed_week_after_week(self):
        with freeze_time("2026-09-10"):
            case = self._court_case(self._euro_invoices(self.business, 2400.0, date="2026-06-01"))
            self.assertEqual(case.court_name, "Tribunal de commerce de Grenoble")
            self.assertEqual(case.court_stage, "to_file")
            case.court_filed_date = "2026-09-10"
            self.assertFalse(self._court_activities(case))
        with freeze_time("2026-09-17"):
            # Made from 1 September 2026: three months to serve it, to Monday 14
            # December 2026 (the 14th).
            case.write({"court_order_date": "2026-09-14", "court_amount_granted": 2400.0})
            self.assertRecordValues(
                case,
                [
                    {
                        "court_stage": "made",
                        "court_serve_by": date(2026, 12, 14),
                        "court_next_deadline": date(2026, 12, 14),
                    }
                ],
            )
            activity = self._court_activities(case)
            self.assertRecordValues(
                activity,
                [
                    {
                        "date_deadline": date(2026, 12, 14),
                        "user_id": self.collections_user.id,
                        "summary": "Serve the order by 12/14/2026",
                    }
                ],
            )
        with freeze_time("2026-09-24"):
            # Served Monday 21 September: opposition until Wednesday 21 October; two
            # months end Saturday 21 November, run to Monday 23: enforceable from
            # Tuesday 24 November 2026.
            case.write({"court_served_date": "2026-09-21", "court_bailiff_id": self.bailiff.id})
            self.assertRecordValues(
                case,
                [
                    {
                        "court_oppose_by": date(2026, 10, 21),
                        "court_enforce_from": date(2026, 11, 24),
                        "court_next_deadline": date(2026, 11, 24),
                    }
                ],
            )
            self.assertFalse(activity.exists(), "the service's activity is done")
            self.assertEqual(self._court_activities(case).date_deadline, date(2026, 11, 24))
        with freeze_time("2026-10-01"):
            # Writing another field plans nothing again.
            case.note = "Called the commissaire de justice."
            self.assertEqual(len(self._court_activities(case)), 1)
        with freeze_time("2026-11-10"):
            soon = self.env["relance.collection.case"].search(
                [("id", "=", case.id), ("court_next_deadline", "<=", "2026-11-25")]
            )
            self.assertEqual(soon, case)
        with freeze_time("2026-11-25"):
            case.court_enforceable_date = "2026-11-25"
            self.assertEqual(case.court_stage, "enforceable")
            self.assertFalse(self._court_activities(case))
            self.assertFalse(case.court_next_deadline)

    @freeze_time("2026-09-17")
    def test_a_withdrawn_case_waits_for_nothing_from_the_court(self):
        case = self._court_case(self._euro_invoices(self.business, 800.0, date="2026-06-01"))
        case.write({"court_filed_date": "2026-09-10", "court_order_date": "2026-09-14"})
        self.assertEqual(len(self._court_activities(case)), 1)
        case._withdraw("Paid the agency directly.")
        self.assertFalse(self._court_activities(case))

    @freeze_time("2026-06-15")
    def test_an_order_made_before_september_is_served_within_six_months(self):
        case = self._court_case(self._euro_invoices(self.business, 800.0, date="2026-01-10"))
        case.write({"court_filed_date": "2026-05-04", "court_order_date": "2026-05-11"})
        # Six months from Monday 11 May 2026: Wednesday 11 November 2026.
        self.assertEqual(case.court_serve_by, date(2026, 11, 11))
        case.court_served_date = "2026-05-15"
        # Before the reform: enforceable the day after the opposition period, which
        # ends Monday 15 June 2026.
        self.assertEqual(
            (case.court_oppose_by, case.court_enforce_from), (date(2026, 6, 15), date(2026, 6, 16))
        )

    @freeze_time("2026-12-20")
    def test_the_court_steps_refuse_what_cannot_be(self):
        case = self._court_case(self._euro_invoices(self.business, 1200.0, date="2026-06-01"))
        case.write({"court_filed_date": "2026-09-10", "court_order_date": "2026-09-14"})
        refused = [
            ({"court_served_date": "2026-09-11"}, "comes before that of the order"),
            ({"court_served_date": "2026-12-15"}, "lapsed on 12/14/2026, unserved"),
            ({"court_served_date": "2026-12-30"}, "cannot be in the future"),
            ({"court_opposition_date": "2026-10-01"}, "Record the order served first"),
            ({"court_amount_granted": 5000.0}, "at most what the case claims"),
            ({"court_filed_date": False}, "Record the request filed first"),
        ]
        for values, message in refused:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                case.write(values)
        case.court_served_date = "2026-09-21"
        with self.assertRaisesRegex(ValidationError, "ended on 10/21/2026 .* is late"):
            case.court_opposition_date = "2026-10-26"
        self.assertFalse(case.court_opposition_date)
        case.write({"court_opposition_date": "2026-10-26", "court_late_opposition": True})
        with self.assertRaisesRegex(ValidationError, "opposed is not enforceable"):
            case.court_enforceable_date = "2026-12-01"
        case.write({"court_opposition_date": False, "court_late_opposition": False})
        with self.assertRaisesRegex(ValidationError, "enforced from 11/24/2026, not before"):
            case.court_enforceable_date = "2026-11-20"

    @freeze_time("2026-09-10")
    def test_a_procedure_not_open_to_the_debt_is_refused(self):
        Case = self.env["relance.collection.case"]
        big = self._euro_invoices(self.consumer, 5000.01, date="2026-06-01")
        with self.assertRaisesRegex(
            ValidationError, "Small-Claims Procedure .* is not open .* over the procedure's cap of"
        ):
            self._court_case(big, procedure="fr_small_claims", **self._by_bailiff())
        # Against a consumer, the commercial court is not competent.
        with self.assertRaisesRegex(ValidationError, "not a trader"):
            self._court_case(big, procedure="fr_order_commercial")
        belgium = self.env.ref("base.be")
        shop = self.env["res.partner"].create(
            {"name": "Bakkerij Peeters", "country_id": belgium.id, "relance_penalty_regime": "none"}
        )
        over = self._euro_invoices(shop, 1860.01, date="2026-06-01")
        with self.assertRaisesRegex(ValidationError, "over the summary order's cap"):
            self._court_case(over, procedure="be_summary_order", **self._by_bailiff())
        with self.assertRaisesRegex(ValidationError, "not a procedure of the customer's country"):
            self._court_case(over, procedure="fr_order_judicial")
        with self.assertRaisesRegex(ValidationError, "does not take a case before a court"):
            self._court_case(
                self._euro_invoices(self.business, 300.0, date="2026-06-01"),
                recipient_id=self.agency.id,
                procedure="fr_order_commercial",
                mandate="percentage",
                commission_rate=10.0,
            )
        self.assertFalse(Case.search(self._mine()))

    @freeze_time("2026-09-10")
    def test_a_customer_in_collective_proceedings_is_not_taken_to_court(self):
        case = self._court_case(self._euro_invoices(self.business, 900.0, date="2026-06-01"))
        check = (
            self.env["relance.register.check"]
            .sudo()
            .create({"partner_id": self.business.id, "siren": "732829320", "in_proceedings": True})
        )
        self.business.relance_register_check_id = check
        with self.assertRaisesRegex(ValidationError, "collective proceedings"):
            case.court_filed_date = "2026-09-10"
        with self.assertRaisesRegex(UserError, "collective proceedings"):
            case.action_court_request()
        self.assertFalse(case.court_filed_date)

    def test_a_court_earns_no_commission(self):
        with freeze_time("2026-09-10"):
            case = self._court_case(self._euro_invoices(self.business, 900.0, date="2026-06-01"))
        self.assertEqual(case.amount_commission, 0.0)


@tagged("post_install", "-at_install")
class TestRelanceCourtWeeks(RelanceCourtCommon):
    """A case before the commercial court lived week after week: the daily run through
    Odoo's cron runner each Monday, the court's steps recorded as they come."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daily_cron = cls.env.ref("relance_avancee.ir_cron_relance_daily_run")
        cls.business.relance_penalty_regime = False

    def _monday(self, week):
        # Mondays from 7 September 2026, all past for the database's clock.
        return date(2026, 9, 7) + timedelta(weeks=week)

    def test_the_court_case_over_thirteen_weeks(self):
        with freeze_time("2026-09-07 12:00"):
            handed_over = self._euro_invoices(self.business, 2400.0, 900.0, date="2026-05-04")
            case = self._court_case(handed_over)
            case.action_mark_sent()
            case.court_filed_date = "2026-09-07"
            # A later invoice of the same customer goes up the ladder as usual.
            later = self._euro_invoices(self.business, 300.0, date="2026-09-07")
        steps = {
            1: {"court_order_date": "2026-09-14", "court_amount_granted": 3300.0},
            3: {"court_served_date": "2026-09-28", "court_bailiff_id": self.bailiff.id},
            13: {"court_enforceable_date": "2026-12-07"},
        }
        open_activities = []
        for week in range(14):
            with freeze_time(f"{self._monday(week)} 12:00"):
                self._drive(self.daily_cron, frozen=True)
                if week in steps:
                    case.write(steps[week])
                open_activities.append(self._court_activities(case).mapped("summary"))
        serve = ["Serve the order by 12/14/2026"]
        # Served Monday 28 September: two months end Saturday 28 November, run to
        # Monday 30: enforceable from Tuesday 1 December 2026.
        enforce = ["Enforce the order from 12/01/2026"]
        self.assertEqual(open_activities, [[]] + [serve] * 2 + [enforce] * 10 + [[]])
        communications = self.env["relance.communication"].search(
            [("partner_id", "=", self.business.id)]
        )
        self.assertFalse(communications.line_ids.move_id & handed_over)
        self.assertEqual(communications.line_ids.move_id, later)
        self.assertEqual(case.court_stage, "enforceable")


@tagged("post_install", "-at_install")
class TestRelanceCourtRequest(JsonRpcMixin, RelanceCourtCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_letter_company()
        cls.env.company.relance_legal_representative = "Jeanne Martin, présidente"
        cls.business.write({"relance_penalty_regime": False, "company_registry": "51234567800021"})
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        # A French company: its notes are in French, whoever acts.
        cls.env.company.partner_id.lang = "fr_FR"

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    @freeze_time("2026-09-10")
    def test_the_request_reads_back_every_field(self):
        invoices = self._euro_invoices(self.business, 1200.0, 650.5, date="2026-05-04")
        self._pay(invoices[1], 150.5, "2026-07-01")
        case = self._court_case(invoices, court_debtor_legal_form="SARL", amount_fees=35.0)
        case.action_court_request()
        self.assertTrue(case.court_request_pdf)
        pdf = base64.b64decode(case.court_request_pdf)
        text = pdf_text(pdf)
        # Its first pages, for a person to look at (the test command's log folder).
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            subprocess.run(
                [
                    "pdftoppm",
                    "-f",
                    "1",
                    "-l",
                    "2",
                    "-r",
                    "60",
                    "-png",
                    file.name,
                    str(SCREENSHOT_DIR / "court_request"),
                ],
                check=True,
            )
        fr = self.env["res.lang"]._activate_lang("fr_FR")
        env_fr = self.env(context={"lang": fr.code})

        def euros(amount):
            # As pdftotext reads it: its spaces are plain ones.
            return format_amount(env_fr, amount, self.euro).replace("\xa0", " ")

        self.assertIn("Requête en injonction de payer", text)
        self.assertIn("Tribunal de commerce de Grenoble", text)
        for expected in (
            "SAS",
            "Menuiserie Étienne SAS",
            "4 quai Saint-Vincent",
            "SIRET 732 829 320 00074",
            "RCS Lyon",
            "Jeanne Martin, présidente",
            "SARL",
            "Garage Durand SARL",
            "8 rue de la Gare",
            "51234567800021",
            "Code de commerce, articles L441-10 et D441-5",
        ):
            self.assertIn(expected, text)
        first, second = invoices.sorted("name")
        for invoice in (first, second):
            self.assertIn(invoice.name, text)
            self.assertIn(euros(invoice.amount_total), text)
            self.assertIn(euros(invoice.amount_residual), text)
        self.assertIn(euros(150.5), text)
        # 1,200.00 + 500.00 left; the interest segment by segment; 2 x 40.00; 35.00 of
        # costs: the total is the case's.
        self.assertIn(euros(1700.0), text)
        for segment in case.penalty_segments:
            self.assertIn(euros(float(segment["interest"])), text)
        self.assertIn(euros(case.amount_interest), text)
        self.assertIn(euros(80.0), text)
        self.assertIn(euros(35.0), text)
        self.assertEqual(case._court_claim()["total"], case.amount_total)
        self.assertIn(euros(case.amount_total), text)
        # The numbered list of documents, whose PDFs follow the request.
        self.assertIn(f"Facture {first.name}", text)
        self.assertIn(f"Facture {second.name}", text)
        self.assertIn("Lyon, le 10 septembre 2026", text)
        self.assertGreaterEqual(text.count("\f"), 2)
        self.assertIn("Requête en injonction de payer préparée", case.message_ids[0].body)

    @freeze_time("2026-09-10")
    def test_a_small_claims_procedure_over_its_cap_is_refused_over_the_api_in_french(self):
        invoice = self._euro_invoices(self.consumer, 5000.01, date="2026-06-01")
        vals = {
            "partner_id": self.consumer.id,
            "move_ids": [Command.set(invoice.ids)],
            "recipient_id": self.bailiff.id,
            "procedure": "fr_small_claims",
            **self._by_bailiff(),
        }
        manager = self._create_relance_user("manager", "relance_avancee.group_relance_manager")
        _result, error = self._rpc_as(
            manager, "manager-pass-2026", "relance.collection.case", "create", vals, lang="fr_FR"
        )
        self.assertIn("n'est pas ouverte", error)
        self.assertIn("5\xa0000,00\xa0€", error)
        self.assertFalse(self.env["relance.collection.case"].search(self._mine()))
