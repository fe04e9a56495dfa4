# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Credit insurance: the policy and the covers refused when they make no sense, the
warnings on the customer, the credit limit following the cover, and the declarations
found by the daily run (through Odoo's cron runner), with their activities."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin
from .test_relance_registers import RelanceRegistersCommon


class RelanceInsuranceCommon(RelanceRegistersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_data_2 = cls.setup_other_company()
        cls.insurer = cls.env["res.partner"].create({"name": "Assurcrédit SA", "is_company": True})
        cls.manager = cls._create_relance_user(
            "relance_manager", "relance_avancee.group_relance_manager"
        )
        cls.insurance_policy = cls.env["relance.insurance.policy"].create(
            {
                "insurer_id": cls.insurer.id,
                "policy_number": "PC-2026-0042",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "days_declare_overdue": 150,
                "days_declare_proceeding": 30,
                "days_warn_before": 10,
                "user_id": cls.collections_user.id,
            }
        )

    def _cover(self, amount, date_start="2026-01-01", date_end=False, partner=None):
        return self.env["relance.insurance.cover"].create(
            {
                "policy_id": self.insurance_policy.id,
                "partner_id": (partner or self.business).id,
                "amount": amount,
                "date_start": date_start,
                "date_end": date_end,
            }
        )

    def _declarations(self, **domain):
        return self.env["relance.insurance.declaration"].search(
            [(name, "=", value) for name, value in domain.items()], order="id"
        )

    def _find(self):
        """What the scheduled action does (driven through Odoo's runner, unfrozen, in
        ``test_the_scheduled_action_through_odoo_s_runner``)."""
        self.env["relance.insurance.declaration"]._cron_credit_insurance()


@tagged("post_install", "-at_install")
class TestRelanceInsuranceRefusals(RelanceInsuranceCommon):
    def _policy_vals(self, **values):
        vals = {
            "insurer_id": self.insurer.id,
            "policy_number": "PC-2027-0001",
            "date_start": "2027-01-01",
            "days_declare_overdue": 150,
            "days_declare_proceeding": 30,
        }
        vals.update(values)
        return vals

    def test_a_policy_that_ends_before_it_starts(self):
        with self.assertRaisesRegex(ValidationError, r"cannot end \(12/31/2026\) before it starts"):
            self.env["relance.insurance.policy"].create(self._policy_vals(date_end="2026-12-31"))
        self.assertFalse(
            self.env["relance.insurance.policy"].search([("date_start", "=", "2027-01-01")])
        )

    def test_a_policy_without_its_deadlines(self):
        vals = self._policy_vals()
        del vals["days_declare_proceeding"]
        with self.assertRaisesRegex(ValidationError, "Fill in both declaration deadlines"):
            self.env["relance.insurance.policy"].create(vals)
        with self.assertRaisesRegex(ValidationError, "Fill in both declaration deadlines"):
            self.insurance_policy.days_declare_overdue = -5
        with self.assertRaisesRegex(ValidationError, "cannot be planned after the deadline"):
            self.insurance_policy.days_warn_before = -1

    def test_two_policies_of_one_insurer_at_the_same_time(self):
        with self.assertRaisesRegex(ValidationError, "runs at the same time as"):
            self.env["relance.insurance.policy"].create(self._policy_vals(date_start="2026-06-01"))
        self.env["relance.insurance.policy"].create(self._policy_vals())

    def test_a_negative_cover(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._cover(-1)
        self.assertFalse(self.insurance_policy.cover_ids)
        self.assertEqual(self.business.sudo().credit_limit, 1000, "nothing half-written")

    def test_a_cover_that_ends_before_it_starts(self):
        with self.assertRaisesRegex(ValidationError, r"cannot end \(02/28/2026\) before it starts"):
            self._cover(5000, date_start="2026-03-01", date_end="2026-02-28")
        cover = self._cover(5000, date_start="2026-03-01")
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            cover.date_end = "2026-01-31"

    def test_two_covers_of_one_customer_at_the_same_time(self):
        self._cover(5000, date_start="2026-01-01", date_end="2026-06-30")
        with self.assertRaisesRegex(
            ValidationError, "already has a cover of this policy from 01/01/2026"
        ):
            self._cover(8000, date_start="2026-06-30")
        self._cover(8000, date_start="2026-07-01")

    def test_a_cover_for_a_contact(self):
        contact = self.env["res.partner"].create(
            {"name": "Paul Durand", "parent_id": self.business.id}
        )
        with self.assertRaisesRegex(
            ValidationError, "not for one of its contacts: choose Garage Durand SARL"
        ):
            self._cover(5000, partner=contact)

    def test_the_message_is_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        with self.assertRaisesRegex(ValidationError, "ne peut pas être négative"):
            self.env["relance.insurance.cover"].with_context(lang="fr_FR").create(
                {
                    "policy_id": self.insurance_policy.id,
                    "partner_id": self.business.id,
                    "amount": -10,
                }
            )


@tagged("post_install", "-at_install")
class TestRelanceInsuranceCover(RelanceInsuranceCommon):
    @freeze_time("2026-03-10")
    def test_exposure_over_the_cover_warns(self):
        self._cover(500)
        self._post([self._invoice(self.business, 600, "2026-03-01")])
        self.env.invalidate_all()
        self.assertEqual(self.business.relance_insurance_warning, "over_cover")
        self.assertEqual(
            self.business.relance_insurance_warning_text,
            "the exposure ($\xa0600.00) is over the cover of $\xa0500.00 agreed by Assurcrédit SA: "
            "what is above it is not insured.",
        )
        self._pay(self.business.invoice_ids, 100, "2026-03-10")
        self.env.invalidate_all()
        self.assertFalse(self.business.relance_insurance_warning, "600 - 100 is within 500")

    @freeze_time("2026-03-10")
    def test_an_expired_cover_warns_and_a_refusal_too(self):
        self._cover(500, date_start="2026-01-01", date_end="2026-02-28")
        self.assertEqual(self.business.relance_insurance_warning, "expired")
        self.assertIn("ended on 02/28/2026", self.business.relance_insurance_warning_text)
        refused = self._cover(0, date_start="2026-03-01")
        self.env.invalidate_all()
        self.assertEqual(self.business.relance_insurance_cover_id, refused)
        self.assertEqual(self.business.relance_insurance_warning, "nothing")

    @freeze_time("2026-03-10")
    def test_no_cover_no_warning(self):
        self.assertFalse(self.business.relance_insurance_cover_id)
        self.assertFalse(self.business.relance_insurance_warning)

    @freeze_time("2026-03-10")
    def test_the_credit_limit_follows_the_cover_when_the_policy_says_so(self):
        self._cover(5000, date_start="2026-01-01", date_end="2026-02-28")
        self.assertEqual(self.business.credit_limit, 1000, "off by default")
        self.insurance_policy.credit_limit_follows_cover = True
        running = self._cover(4000, date_start="2026-03-01")
        self.assertEqual(self.business.credit_limit, 4000)
        running.amount = 2500
        self.assertEqual(self.business.credit_limit, 2500)
        running.amount = 0
        self.assertEqual(self.business.credit_limit, 2500, "0 would mean no limit in Odoo")
        self.assertIn("0.00 from 03/01/2026", self.business.message_ids[0].body)

    def test_a_cover_starting_later_sets_the_limit_on_its_first_day(self):
        self.insurance_policy.credit_limit_follows_cover = True
        with freeze_time("2026-03-10"):
            self._cover(7000, date_start="2026-04-01")
            self.assertEqual(self.business.credit_limit, 1000)
        with freeze_time("2026-04-01"):
            self._find()
            self.env.invalidate_all()
            self.assertEqual(self.business.credit_limit, 7000)

    @freeze_time("2026-03-10")
    def test_another_companys_covers_stay_out_of_sight(self):
        self._cover(500)
        other = self.company_data_2["company"]
        self.collections_user.write({"company_ids": [Command.link(other.id)]})
        as_other = self.env(user=self.collections_user, context={"allowed_company_ids": other.ids})
        self.assertFalse(as_other["relance.insurance.cover"].search([]))
        self.assertFalse(as_other["relance.insurance.policy"].search([]))
        self.assertFalse(
            as_other["res.partner"].browse(self.business.id).relance_insurance_cover_id
        )


@tagged("post_install", "-at_install")
class TestRelanceInsuranceDeclarations(RelanceInsuranceCommon):
    def test_an_insured_item_unpaid_is_to_declare_before_its_deadline(self):
        self._cover(10000)
        with freeze_time("2026-02-01"):
            insured = self._post([self._invoice(self.business, 800, "2026-01-15")])
            uninsured = self._post([self._invoice(self.customer, 300, "2026-01-15")])
            self._find()
            declaration = self._declarations()
            self.assertRecordValues(
                declaration,
                [
                    {
                        "partner_id": self.business.id,
                        "kind": "overdue",
                        "move_id": insured.id,
                        "amount": 800.0,
                        "date_origin": fields.Date.to_date("2026-01-15"),
                        "date_deadline": fields.Date.to_date("2026-06-14"),
                        "state": "to_declare",
                        "activity_planned": False,
                    }
                ],
            )
            self.assertNotIn(uninsured, self._declarations().move_id)
            self.assertFalse(declaration.activity_ids, "not yet: 10 days before the deadline")
        with freeze_time("2026-06-04"):
            self._find()
            self._find()
            self.assertEqual(len(self._declarations()), 1, "found once")
            activity = declaration.activity_ids
            self.assertRecordValues(
                activity,
                [
                    {
                        "user_id": self.collections_user.id,
                        "date_deadline": fields.Date.to_date("2026-06-14"),
                        "summary": "Declare to the credit insurer",
                    }
                ],
            )
            self.assertIn("by 06/14/2026", str(activity.note))
            declaration.with_user(self.collections_user).action_declare()
            self.assertRecordValues(
                declaration,
                [
                    {
                        "state": "declared",
                        "date_declared": fields.Date.to_date("2026-06-04"),
                        "declared_by_id": self.collections_user.id,
                    }
                ],
            )
            self.assertFalse(declaration.activity_ids, "done")

    def test_an_item_invoiced_outside_the_cover_is_not_insured(self):
        self._cover(10000, date_start="2026-02-01")
        with freeze_time("2026-03-01"):
            self._post([self._invoice(self.business, 800, "2026-01-20")])
            self._find()
        self.assertFalse(self._declarations())

    def test_an_item_paid_before_it_is_declared_is_settled(self):
        self._cover(10000)
        with freeze_time("2026-06-05"):
            invoice = self._post([self._invoice(self.business, 800, "2026-01-15")])
            self._find()
            declaration = self._declarations()
            self.assertTrue(declaration.activity_ids, "9 days before the deadline: planned")
        with freeze_time("2026-06-06"):
            self._pay(invoice, 800, "2026-06-06")
            self._find()
        self.assertRecordValues(declaration, [{"state": "settled"}])
        self.assertFalse(declaration.activity_ids)

    def test_an_insured_customer_in_proceedings_counts_from_the_day_it_was_learnt(self):
        self.customer.company_registry = "444555668"
        self._cover(10000, partner=self.customer)
        with freeze_time("2026-10-02 09:00:00"):
            self._check(company="company_not_found", bodacc="bodacc_receivership")
        with freeze_time("2026-10-05"):
            # Checked again: the same proceeding is not declared twice.
            self._check(company="company_not_found", bodacc="bodacc_receivership")
            self._find()
        self.assertRecordValues(
            self._declarations(),
            [
                {
                    "partner_id": self.customer.id,
                    "kind": "proceeding",
                    "proceeding_date": fields.Date.to_date("2026-09-14"),
                    "date_origin": fields.Date.to_date("2026-10-02"),
                    "date_deadline": fields.Date.to_date("2026-11-01"),
                    "activity_planned": False,
                }
            ],
        )
        with freeze_time("2026-10-25"):
            self._find()
        activity = self._declarations().activity_ids
        self.assertIn("opened on 09/14/2026, learnt on 10/02/2026", str(activity.note))

    def test_the_scheduled_action_through_odoo_s_runner(self):
        # Not frozen: Odoo's runner compares the job's next call with the database's
        # clock. The policy runs through 2026.
        today = fields.Date.context_today(self.env["res.partner"])
        self.insurance_policy.date_end = False
        self._cover(10000, date_start=today - timedelta(days=400))
        invoice = self._post([self._invoice(self.business, 800, today - timedelta(days=145))])
        cron = self.env.ref("relance_avancee.ir_cron_relance_insurance")
        self.assertEqual(self._drive(cron), 1)
        self.assertEqual(self._drive(cron), 1)
        declaration = self._declarations()
        self.assertRecordValues(
            declaration,
            [
                {
                    "move_id": invoice.id,
                    "date_deadline": today + timedelta(days=5),
                    "activity_planned": True,
                }
            ],
        )
        self.assertEqual(len(declaration.activity_ids), 1, "planned once in two runs")

    def test_a_policy_not_running_finds_nothing(self):
        self._cover(10000)
        with freeze_time("2027-02-01"):
            self._post([self._invoice(self.business, 800, "2026-12-15")])
            self._find()
        self.assertFalse(self._declarations())

    def test_another_companys_declarations_stay_out_of_sight(self):
        self._cover(10000)
        with freeze_time("2026-03-01"):
            self._post([self._invoice(self.business, 800, "2026-01-15")])
            self._find()
        other = self.company_data_2["company"]
        self.collections_user.write({"company_ids": [Command.link(other.id)]})
        as_other = self.env(user=self.collections_user, context={"allowed_company_ids": other.ids})
        self.assertTrue(self._declarations())
        self.assertFalse(as_other["relance.insurance.declaration"].search([]))


@tagged("post_install", "-at_install")
class TestRelanceInsuranceApi(RelanceInsuranceCommon, JsonRpcMixin, HttpCase):
    def test_a_cover_created_without_its_amount_or_with_a_negative_one(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        self.manager.groups_id += self.env.ref("base.group_partner_manager")
        _cover_id, error = self._rpc_as(
            self.manager,
            "relance_manager-pass-2026",
            "relance.insurance.cover",
            "create",
            {
                "policy_id": self.insurance_policy.id,
                "partner_id": self.business.id,
                "amount": -100,
                "date_start": "2026-03-01",
            },
            lang="fr_FR",
        )
        self.assertIn("ne peut pas être négative", error)
        _policy_id, error = self._rpc_as(
            self.manager,
            "relance_manager-pass-2026",
            "relance.insurance.policy",
            "create",
            {"insurer_id": self.insurer.id, "policy_number": "X-1", "date_start": "2027-01-01"},
            lang="fr_FR",
        )
        self.assertIn("délais de déclaration", error)
        self.assertFalse(self.insurance_policy.cover_ids)
        self.assertFalse(
            self.env["relance.insurance.policy"].search([("policy_number", "=", "X-1")])
        )
