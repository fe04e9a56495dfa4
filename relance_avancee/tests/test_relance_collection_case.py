# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Collection cases on real invoices: opened from the ladder's hand-over or by hand,
refused, sent, recovered, partly recovered, withdrawn; the collections run leaving
their invoices alone."""

import base64
import io
import json
import re
import subprocess
import tempfile
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import openpyxl
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from ..engine import casefile
from .common import JsonRpcMixin, RelanceCommon
from .test_relance_letters import pdf_text

# What the PDF of an invoice as Odoo stored it when it was sent holds, in these tests.
SENT_PDF = b"%PDF-1.4\n% the invoice as sent\n"


def pdf_pages(pdf):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "document.pdf")
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])


class RelanceCaseCommon(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_penalties(cls.company_data)
        cls.company_data_2 = cls.setup_other_company()
        cls.agency = cls.env["res.partner"].create(
            {
                "name": "Recouvrement Rhône SARL",
                "is_company": True,
                "email": "dossiers@recouvrement-rhone.example.com",
                "relance_collection_role": "agency",
                "relance_collection_mandate": "both",
                "relance_collection_rate": 12.0,
                "relance_collection_fee": 50.0,
            }
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Papeterie Martin"})

    def _case(self, moves, **values):
        return self.env["relance.collection.case"].create(
            {
                "partner_id": values.pop("partner_id", None) or moves.commercial_partner_id[:1].id,
                "move_ids": [Command.set(moves.ids)],
                "recipient_id": values.pop("recipient_id", self.agency.id),
                "mandate": "percentage",
                "commission_rate": 15.0,
                **values,
            }
        )

    def _mine(self):
        """The test's cases: the database may hold the demo's."""
        return [("partner_id", "in", (self.business | self.consumer).ids)]


@tagged("post_install", "-at_install")
class TestRelanceCollectionCase(RelanceCaseCommon):
    @freeze_time("2026-03-01")
    def test_amounts_claimed_net_of_credit_notes_with_the_penalties(self):
        invoice, older = self._post(
            [
                self._invoice(self.business, 1000.0, "2026-01-10"),
                self._invoice(self.business, 200.0, "2026-01-01"),
            ]
        )
        credit_note = self._post(
            self._invoice(self.business, 150.0, "2026-02-01", move_type="out_refund")
        )
        case = self._case(invoice | older | credit_note)
        # The penalties as a penalty invoice would claim them (the engine's own
        # figures are tested to the cent in test_relance_penalties.py); the credit
        # note bears none and lowers the principal: 1,000.00 + 200.00 - 150.00.
        interest, indemnity = (invoice | older)._relance_accrued_penalties(
            fields.Date.to_date("2026-03-01")
        )
        self.assertRecordValues(
            case,
            [
                {
                    "state": "draft",
                    "currency_id": self.env.company.currency_id.id,
                    "amount_principal": 1050.0,
                    "amount_interest": interest,
                    "amount_indemnity": indemnity,
                    "penalty_date": fields.Date.to_date("2026-03-01"),
                    "amount_total": 1050.0 + interest + indemnity,
                    "amount_recovered": 0.0,
                }
            ],
        )
        self.assertGreater(interest, 0.0)
        self.assertGreater(indemnity, 0.0)
        self.assertTrue(case.name.startswith("CASE/2026/"))
        case.include_penalties = False
        self.assertRecordValues(
            case, [{"amount_interest": 0.0, "amount_indemnity": 0.0, "amount_total": 1050.0}]
        )
        case.amount_fees = 80.0
        self.assertEqual(case.amount_total, 1130.0)

    @freeze_time("2026-03-01")
    def test_commission_under_each_mandate(self):
        invoice = self._post(self._invoice(self.business, 1000.0, "2026-01-10"))
        case = self._case(invoice, include_penalties=False)
        case.action_mark_sent()
        self._pay(invoice, 400.0, "2026-03-01")
        self.assertEqual((case.amount_recovered, case.amount_owed), (400.0, 600.0))
        # 15 % of 400.00.
        self.assertEqual(case.amount_commission, 60.0)
        case.write({"mandate": "fixed", "fixed_fee": 90.0})
        self.assertEqual(case.amount_commission, 90.0)
        case.write({"mandate": "both", "commission_rate": 12.5})
        # 12.5 % of 400.00 + 90.00.
        self.assertEqual(case.amount_commission, 140.0)

    @freeze_time("2026-03-01")
    def test_refusals_leave_nothing_behind(self):
        Case = self.env["relance.collection.case"]
        invoice, other_customer, in_euros, paid, excluded, disputed, planned = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.consumer, 100.0, "2026-01-10"),
                self._invoice(self.business, 100.0, "2026-01-10", currency=self.euro),
                self._invoice(self.business, 100.0, "2026-01-10"),
                self._invoice(self.business, 100.0, "2026-01-10"),
                self._invoice(self.business, 100.0, "2026-01-10"),
                self._invoice(self.business, 100.0, "2026-01-10"),
            ]
        )
        big_credit = self._post(
            self._invoice(self.business, 900.0, "2026-02-01", move_type="out_refund")
        )
        self._pay(paid, 100.0, "2026-02-01")
        excluded.relance_excluded = True
        self.env["relance.dispute"].create(
            {"move_id": disputed.id, "reason": "quality", "date_start": "2026-02-20"}
        )
        self.env["relance.payment.plan.wizard"].create(
            {"partner_id": self.business.id, "move_ids": [Command.set(planned.ids)]}
        ).action_create_plan()
        cases = [
            (invoice | other_customer, {}, "document of Camille Martin; a case is about one"),
            (invoice | in_euros, {}, "one case per currency"),
            (paid, {}, "nothing is left open on it"),
            (excluded, {}, "excluded from collections"),
            (disputed, {}, "is disputed"),
            (planned, {}, "is in payment plan PLAN/"),
            (invoice | big_credit, {}, "nothing to recover"),
            (big_credit, {}, "at least one invoice"),
            (invoice, {"recipient_id": self.supplier.id}, "Papeterie Martin is not a collection"),
            (invoice, {"recipient_id": self.business.id}, "not a collection agency"),
            (invoice, {"commission_rate": 0.0}, "above 0 and at most 100 %"),
            (invoice, {"commission_rate": 120.0}, "above 0 and at most 100 %"),
            (invoice, {"mandate": "fixed", "fixed_fee": 0.0}, "fixed fee must be above zero"),
            (invoice, {"amount_fees": -5.0}, "cannot be negative"),
        ]
        for moves, values, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(ValidationError, message):
                self._case(moves, partner_id=self.business.id, **values)
        self.assertFalse(Case.search(self._mine()))
        case = self._case(invoice)
        with self.assertRaisesRegex(ValidationError, "already in collection case CASE/"):
            self._case(invoice)
        # A payment plan cannot take it either while the case is open.
        with self.assertRaisesRegex(ValidationError, "handed over in collection case"):
            self.env["relance.payment.plan.wizard"].create(
                {"partner_id": self.business.id, "move_ids": [Command.set(invoice.ids)]}
            ).action_create_plan()
        self.assertEqual(Case.search(self._mine()), case)

    @freeze_time("2026-03-01")
    def test_created_over_the_orm_without_fields_and_changed_after(self):
        Case = self.env["relance.collection.case"]
        invoice, second = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.business, 300.0, "2026-01-10"),
            ]
        )
        with self.assertRaisesRegex(ValidationError, "at least one invoice"):
            Case.create({"partner_id": self.business.id, "recipient_id": self.agency.id})
        with self.assertRaisesRegex(ValidationError, "above 0 and at most 100"):
            Case.create(
                {
                    "partner_id": self.business.id,
                    "recipient_id": self.agency.id,
                    "move_ids": [Command.set(invoice.ids)],
                }
            )
        self.assertFalse(Case.search(self._mine()))
        case = self._case(invoice)
        # A write of another field still checks the whole case.
        with self.assertRaisesRegex(ValidationError, "not a collection agency"):
            case.recipient_id = self.supplier
        case.move_ids = [Command.link(second.id)]
        self.assertEqual(case.amount_principal, 800.0)
        case.action_mark_sent()
        with self.assertRaisesRegex(ValidationError, "can no longer change"):
            case.move_ids = [Command.unlink(second.id)]
        self.assertEqual(case.move_ids, invoice | second)
        # Sent, the case still refuses a mandate that makes no sense.
        with self.assertRaisesRegex(ValidationError, "above 0 and at most 100"):
            case.commission_rate = -1.0

    @freeze_time("2026-03-01")
    def test_the_run_leaves_an_open_case_alone_until_it_is_withdrawn(self):
        cased, other = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.business, 120.0, "2026-01-10"),
            ]
        )
        case = self._case(cased)
        preview = self.env["relance.run.preview"].create(
            {"partner_ids": [Command.set(self.business.ids)]}
        )
        preview.action_preview()
        self.assertEqual(preview.case_ids, case)
        communication = self._run(self.business)
        self.assertEqual(communication.line_ids.move_id, other)
        self.assertFalse(self._receivable(cased).relance_level_id)
        self.assertEqual((cased.relance_case_id, cased.relance_case_state), (case, "draft"))
        # Nor does a penalty invoice claim its penalties: the case claims them.
        late = self.env["account.move"]._relance_late_invoices(
            self.env.company, fields.Date.to_date("2026-03-01"), self.business
        )
        self.assertEqual(late, other)
        case.action_mark_sent()
        with self.assertRaisesRegex(UserError, "Say why"):
            case._withdraw("  ")
        self.env["relance.collection.case.withdraw"].create(
            {"case_id": case.id, "reason": "The customer paid us a first part directly"}
        ).action_withdraw()
        self.assertRecordValues(
            case,
            [
                {
                    "state": "withdrawn",
                    "date_closed": fields.Date.to_date("2026-03-01"),
                    "withdraw_reason": "The customer paid us a first part directly",
                }
            ],
        )
        self.assertFalse(cased.relance_case_id)
        with freeze_time("2026-03-20"):
            communication = self._run(self.business)
        self.assertIn(cased, communication.line_ids.move_id)
        with self.assertRaisesRegex(UserError, "is Withdrawn: it cannot be sent"):
            case.action_mark_sent()

    @freeze_time("2026-03-01")
    def test_sent_in_progress_then_recovered_by_payments(self):
        first, second = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.business, 300.0, "2026-01-20"),
            ]
        )
        case = self._case(first | second, include_penalties=False)
        self._pay(first, 100.0, "2026-02-25")
        case.action_mark_sent()
        # The debt as handed over: read again from the books that day.
        self.assertRecordValues(
            case,
            [
                {
                    "state": "sent",
                    "date_sent": fields.Date.to_date("2026-03-01"),
                    "amount_principal": 700.0,
                }
            ],
        )
        case.action_start()
        self.assertEqual(case.state, "in_progress")
        self._pay(first, 400.0, "2026-03-01")
        self.assertEqual(case.state, "in_progress")
        self._pay(second, 300.0, "2026-03-01")
        self.assertRecordValues(
            case,
            [
                {
                    "state": "recovered",
                    "amount_recovered": 700.0,
                    "amount_owed": 0.0,
                    "amount_commission": 105.0,
                    "date_closed": fields.Date.to_date("2026-03-01"),
                }
            ],
        )
        self.assertIn("recovered in full", case.message_ids[0].body)
        self.assertIn(case.name, self.business.message_ids[0].body)

    @freeze_time("2026-03-01")
    def test_closed_with_part_recovered(self):
        invoice = self._post(self._invoice(self.business, 500.0, "2026-01-10"))
        case = self._case(invoice, include_penalties=False)
        case.action_mark_sent()
        with self.assertRaisesRegex(UserError, "Nothing was recovered"):
            case.action_close_partly()
        self._pay(invoice, 200.0, "2026-03-01")
        case.action_close_partly()
        self.assertRecordValues(
            case, [{"state": "partly_recovered", "amount_recovered": 200.0, "amount_owed": 300.0}]
        )
        self.assertFalse(invoice.relance_case_id)
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            case.action_close_partly()

    @freeze_time("2026-03-10")
    def test_the_hand_over_proposes_the_case(self):
        invoice = self._post(self._invoice(self.business, 800.0, "2026-01-05"))
        communication = self._run(self.business)
        communication.action_approve()
        communication._send()
        self.assertTrue(communication.channel_hand_over)
        self.assertTrue(self._receivable(invoice).relance_to_hand_over)
        activity = communication.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        action = communication.action_relance_collection_case()
        self.assertEqual(
            (
                action["context"]["default_partner_id"],
                action["context"]["default_move_ids"],
                action["context"]["default_communication_id"],
            ),
            (self.business.id, invoice.ids, communication.id),
        )
        case = (
            self.env["relance.collection.case"]
            .with_context(**action["context"])
            .create({"recipient_id": self.agency.id, "mandate": "fixed", "fixed_fee": 50.0})
        )
        self.assertEqual(case.move_ids, invoice)
        self.assertEqual(communication.relance_case_ids, case)
        # The hand-over activity is done, saying which case took it.
        self.assertFalse(activity.exists())
        self.assertIn(case.name, communication.message_ids[0].body)

    @freeze_time("2026-03-01")
    def test_opened_from_the_customer_with_its_overdue_invoices_and_credits(self):
        late, not_due, elsewhere = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.business, 300.0, "2026-03-01"),
                self._invoice(self.business, 100.0, "2026-01-10", currency=self.euro),
            ]
        )
        credit_note = self._post(
            self._invoice(self.business, 50.0, "2026-02-01", move_type="out_refund")
        )
        action = self.business.action_relance_collection_case()
        self.assertEqual(action["context"]["default_move_ids"], (late | credit_note).ids)
        self.assertNotIn(not_due.id, action["context"]["default_move_ids"])
        self.assertNotIn(elsewhere.id, action["context"]["default_move_ids"])
        action = late.action_relance_collection_case()
        self.assertEqual(action["context"]["default_move_ids"], late.ids)

    @freeze_time("2026-03-01")
    def test_another_companys_cases_stay_out_of_sight(self):
        invoice = self._post(self._invoice(self.business, 500.0, "2026-01-10"))
        case = self._case(invoice)
        other = self.company_data_2["company"]
        self.collections_user.write({"company_ids": [Command.link(other.id)]})
        as_other = self.env(user=self.collections_user, context={"allowed_company_ids": other.ids})
        self.assertFalse(as_other["relance.collection.case"].search([]))
        mine = self.env(
            user=self.collections_user, context={"allowed_company_ids": self.env.company.ids}
        )
        self.assertEqual(mine["relance.collection.case"].search([]), case)
        # The other company's invoice cannot join this company's case.
        foreign = self._post(
            self._invoice(self.business, 70.0, "2026-01-10", company=other), company=other
        )
        with self.assertRaises(UserError):
            case.move_ids = [Command.link(foreign.id)]
        self.assertEqual(case.move_ids, invoice)


@tagged("post_install", "-at_install")
class TestRelanceCollectionCaseMoney(RelanceCaseCommon):
    """Recovered amounts registered as payments, the penalties invoiced, the
    commission billed, the unrecoverable part written off with its taxes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data = cls.company_data
        cls.bank = data["default_journal_bank"]
        commission_account = data["default_account_expense"].copy({"code": "622600"})
        # The recipient's invoice carries VAT: the account's default tax (15 % here).
        commission_account.tax_ids = data["default_tax_purchase"]
        cls.bad_debt_account = data["default_account_expense"].copy({"code": "654000"})
        cls.env.company.write(
            {
                "relance_case_journal_id": cls.bank.id,
                "relance_commission_account_id": commission_account.id,
                "relance_bad_debt_account_id": cls.bad_debt_account.id,
            }
        )
        cls.manager = cls._create_relance_user(
            "relance_manager", "relance_avancee.group_relance_manager"
        )

    def _sent(self, moves, **values):
        case = self._case(moves, include_penalties=values.pop("include_penalties", False), **values)
        case.action_mark_sent()
        return case

    def _recover(self, case, amount, date="2026-03-01"):
        wizard = (
            self.env["relance.collection.case.recover"]
            .with_context(default_case_id=case.id)
            .create({"amount": amount, "date": date})
        )
        self.assertEqual(wizard.journal_id, self.bank)
        wizard.action_register()
        return case.payment_ids.sorted("id")[-1:]

    def _taxed_invoice(self, lines):
        """A posted invoice of 10 January 2026, due at once, with a line per (price,
        taxes)."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.business.id,
                "invoice_date": "2026-01-10",
                "invoice_payment_term_id": self.pay_terms_a.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Pose", "price_unit": price, "tax_ids": taxes.ids if taxes else []}
                    )
                    for price, taxes in lines
                ],
            }
        )
        invoice.action_post()
        return invoice

    @freeze_time("2026-03-01")
    def test_recovered_amounts_pay_the_oldest_first_and_never_more_than_owed(self):
        first, second = self._post(
            [
                self._invoice(self.business, 500.0, "2026-01-10"),
                self._invoice(self.business, 300.0, "2026-01-20"),
            ]
        )
        case = self._sent(first | second)
        with self.assertRaisesRegex(UserError, "above zero"):
            self._recover(case, 0.0)
        with self.assertRaisesRegex(UserError, "in the future"):
            self._recover(case, 100.0, "2026-03-02")
        payment = self._recover(case, 600.0)
        self.assertRecordValues(
            payment,
            [
                {
                    # Posted, waiting for the bank statement that shows it.
                    "state": "in_process",
                    "amount": 600.0,
                    "partner_id": self.business.id,
                    "journal_id": self.bank.id,
                    "relance_case_id": case.id,
                }
            ],
        )
        self.assertEqual((first.amount_residual, second.amount_residual), (0.0, 200.0))
        self.assertRecordValues(
            case, [{"state": "sent", "amount_recovered": 600.0, "amount_owed": 200.0}]
        )
        with self.assertRaisesRegex(UserError, "250.00 is more than the .*200.00 still owed"):
            self._recover(case, 250.0)
        self.assertEqual(len(case.payment_ids), 1)
        self._recover(case, 200.0)
        self.assertRecordValues(
            case, [{"state": "recovered", "amount_recovered": 800.0, "amount_owed": 0.0}]
        )
        with self.assertRaisesRegex(UserError, "is Recovered: it cannot be credited"):
            self._recover(case, 10.0)
        draft = self._case(self._post(self._invoice(self.business, 90.0, "2026-01-10")))
        with self.assertRaisesRegex(UserError, "is Draft: it cannot be credited"):
            self._recover(draft, 10.0)
        self.assertFalse(draft.payment_ids)

    @freeze_time("2026-03-01")
    def test_the_penalties_invoiced_then_recovered(self):
        invoice = self._post(self._invoice(self.business, 1000.0, "2026-01-10"))
        case = self._sent(invoice, include_penalties=True)
        penalties = case.amount_interest + case.amount_indemnity
        self.assertGreater(penalties, 0.0)
        with self.assertRaisesRegex(UserError, "invoice them first"):
            self._recover(case, 1000.0 + penalties)
        case.action_invoice_penalties()
        self.assertRecordValues(
            case.penalty_move_id,
            [{"state": "posted", "move_type": "out_invoice", "amount_total": penalties}],
        )
        self.assertIn(case.penalty_move_id, case.move_ids)
        self.assertEqual(case.amount_owed, 1000.0 + penalties)
        with self.assertRaisesRegex(UserError, "no penalty left to invoice"):
            case.action_invoice_penalties()
        self._recover(case, 1000.0 + penalties)
        self.assertRecordValues(
            case, [{"state": "recovered", "amount_recovered": 1000.0 + penalties}]
        )

    @freeze_time("2026-03-01")
    def test_the_commission_billed_once_then_what_it_grew_by(self):
        first, second = self._post(
            [
                self._invoice(self.business, 1000.0, "2026-01-10"),
                self._invoice(self.business, 800.0, "2026-01-10"),
            ]
        )
        case = self._sent(first | second, mandate="both", commission_rate=12.0, fixed_fee=50.0)
        self._recover(case, 1000.0)
        # 12 % of 1,000.00, plus 50.00.
        self.assertEqual(case.amount_commission, 170.0)
        action = case.action_bill_commission()
        bill = self.env["account.move"].browse(action["res_id"])
        self.assertRecordValues(
            bill,
            [
                {
                    "move_type": "in_invoice",
                    "state": "draft",
                    "partner_id": self.agency.id,
                    "ref": case.name,
                    "amount_untaxed": 170.0,
                    # The commission account's 15 % VAT.
                    "amount_total": 195.5,
                    "relance_commission_case_id": case.id,
                }
            ],
        )
        self.assertIn(
            "12.00 % of $\xa01,000.00 recovered and fixed fee", bill.invoice_line_ids.name
        )
        self.assertEqual(case.amount_billed, 170.0)
        with self.assertRaisesRegex(UserError, "billed already"):
            case.action_bill_commission()
        self._recover(case, 500.0)
        # 12 % of 1,500.00 + 50.00 = 230.00: 60.00 more.
        bill = self.env["account.move"].browse(case.action_bill_commission()["res_id"])
        self.assertEqual(bill.amount_untaxed, 60.0)
        self.assertEqual(case.amount_billed, 230.0)

    @freeze_time("2026-03-01")
    def test_unrecoverable_writes_off_with_the_invoices_taxes(self):
        tax = self.company_data["default_tax_sale"]  # 15 %
        invoice = self._taxed_invoice([(1000.0, tax), (200.0, None)])
        # 1,000.00 + 150.00 VAT + 200.00 = 1,350.00; 350.00 paid: 1,000.00 unpaid.
        self.assertEqual(invoice.amount_total, 1350.0)
        self._pay(invoice, 350.0, "2026-02-01")
        case = self._sent(invoice)
        with self.assertRaisesRegex(UserError, "still with Recouvrement Rhône SARL: withdraw"):
            case.with_user(self.manager).action_open_write_off()
        case._withdraw("The agency found the customer in liquidation")
        reason = "Liquidation closed for lack of assets"
        # A collector can neither open the confirmation nor write off over the API.
        with self.assertRaises(AccessError):
            self.env["relance.collection.case.write.off"].with_user(self.collections_user).create(
                {"case_id": case.id, "reason": reason}
            )
        with self.assertRaisesRegex(AccessError, "Only a Collections manager"):
            case.with_user(self.collections_user)._write_off(reason)
        self.assertEqual(case.state, "withdrawn")
        self.env["relance.collection.case.write.off"].with_user(self.manager).create(
            {"case_id": case.id, "reason": reason}
        ).action_write_off()
        credit_note = case.write_off_move_ids
        # The unpaid 1,000.00 in the ratio 1,000 / 1,350: 740.74 on the taxed line
        # (1,000 x 0.740740...) with 111.11 VAT, 148.15 on the untaxed one (200 x
        # 0.740740...): 740.74 + 111.11 + 148.15 = 1,000.00.
        self.assertRecordValues(
            credit_note,
            [
                {
                    "move_type": "out_refund",
                    "state": "posted",
                    "partner_id": self.business.id,
                    "amount_untaxed": 888.89,
                    "amount_tax": 111.11,
                    "amount_total": 1000.0,
                }
            ],
        )
        self.assertEqual(credit_note.invoice_line_ids.account_id, self.bad_debt_account)
        self.assertEqual(
            sorted(
                credit_note.invoice_line_ids.mapped(
                    lambda line: (line.price_subtotal, line.tax_ids.ids)
                )
            ),
            [(148.15, []), (740.74, tax.ids)],
        )
        self.assertIn(invoice.name, credit_note.ref)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertRecordValues(
            case,
            [
                {
                    "state": "unrecoverable",
                    "amount_written_off": 1000.0,
                    "amount_owed": 0.0,
                    "unrecoverable_reason": "Liquidation closed for lack of assets",
                }
            ],
        )
        with self.assertRaisesRegex(UserError, "is Unrecoverable: it cannot be declared"):
            case._check_write_off()

    @freeze_time("2026-03-01")
    def test_a_cent_of_the_taxes_rounding_goes_on_a_line_without_tax(self):
        tax = self.company_data["default_tax_sale"]  # 15 %
        invoice = self._taxed_invoice([(100.0, tax)])
        self._pay(invoice, 105.0, "2026-02-01")
        case = self._case(invoice, include_penalties=False)
        credit_note = case._write_off("Debtor gone, address unknown")
        # 10.00 unpaid of 115.00: a base of 8.70 (100 x 10 / 115 = 8.6956...) whose 15 %
        # is 1.31, 10.01 in all; -0.01 without tax brings it to 10.00.
        self.assertEqual(
            sorted(
                credit_note.invoice_line_ids.mapped(
                    lambda line: (line.price_subtotal, line.tax_ids.ids)
                )
            ),
            [(-0.01, []), (8.7, tax.ids)],
        )
        self.assertEqual((credit_note.amount_tax, credit_note.amount_total), (1.31, 10.0))
        self.assertEqual(invoice.amount_residual, 0.0)

    @freeze_time("2026-03-01")
    def test_nothing_is_written_off_without_a_bad_debt_account(self):
        invoice = self._post(self._invoice(self.business, 400.0, "2026-01-10"))
        case = self._case(invoice, include_penalties=False)
        self.env.company.relance_bad_debt_account_id = False
        with self.assertRaisesRegex(UserError, "Set the bad-debt account"):
            case._write_off("Lost")
        self.assertEqual((case.state, invoice.amount_residual), ("draft", 400.0))
        self.assertFalse(
            self.env["account.move"].search([("relance_write_off_case_id", "=", case.id)])
        )


@tagged("post_install", "-at_install")
class TestRelanceCaseFile(RelanceCaseCommon, HttpCase):
    """The case file's zip read back whole: the workbook with openpyxl, the JSON
    against its schema, every document in the list's order (pdftotext)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_letter_company()
        cls.business.company_registry = "987 654 324"
        # The call's level goes by post too: the case file holds its letter.
        cls.level_call.channel_letter = True

    def setUp(self):
        super().setUp()
        # wkhtmltopdf fetches the report styles from this test server.
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _book(self):
        first, second = self._post(
            [
                self._invoice(self.business, 1000.0, "2026-01-10", currency=self.euro),
                self._invoice(self.business, 300.0, "2026-02-01", currency=self.euro),
            ]
        )
        credit_note = self._post(
            self._invoice(
                self.business, 50.0, "2026-02-10", move_type="out_refund", currency=self.euro
            )
        )
        self._pay(first, 200.0, "2026-02-15")
        with freeze_time("2026-02-20"):
            letter = self._run(self.business)
            letter._send()
        letter.write(
            {
                "registered_tracking": "1A 234 567 8901 2",
                "registered_receipt_date": "2026-02-23",
                "registered_receipt": base64.b64encode(b"%PDF-1.4 receipt"),
            }
        )
        self.env["relance.dispute"].create(
            {
                "move_id": second.id,
                "reason": "quality",
                "date_start": "2026-02-02",
                "date_end": "2026-02-12",
                "resolved": True,
            }
        )
        return first, second, credit_note, letter

    @staticmethod
    def _read_zip(attachment):
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        return archive, {name: archive.read(name) for name in archive.namelist()}

    @freeze_time("2026-03-01")
    def test_the_whole_case_file(self):
        first, second, credit_note, letter = self._book()
        # The second invoice was sent by email: Odoo kept the PDF sent.
        self.env["ir.attachment"].create(
            {
                "name": "sent.pdf",
                "raw": SENT_PDF,
                "res_model": "account.move",
                "res_id": second.id,
                "res_field": "invoice_pdf_report_file",
            }
        )
        second.invalidate_recordset(["invoice_pdf_report_id"])
        self.assertTrue(second.invoice_pdf_report_id)
        case = self._case(first | second | credit_note)
        case.action_mark_sent()
        # The proof of a cost, attached to the case: a document of the file too.
        self.env["ir.attachment"].create(
            {
                "name": "Bailiff fee note.pdf",
                "raw": b"%PDF-1.4 fee note",
                "res_model": case._name,
                "res_id": case.id,
            }
        )
        attachment = case._export_file()
        self.assertEqual(case.file_attachment_id, attachment)
        archive, files = self._read_zip(attachment)
        self.assertEqual(
            archive.namelist(),
            [
                "case-file.xlsx",
                "case-file.json",
                f"documents/01 - Invoice {first.name.replace('/', '-')}.pdf",
                f"documents/02 - Invoice {second.name.replace('/', '-')}.pdf",
                "documents/03 - Letter - Phone call.pdf",
                "documents/04 - Acknowledgement of receipt 1A 234 567 8901 2.pdf",
                "documents/05 - Bailiff fee note.pdf",
            ],
        )
        document = json.loads(files["case-file.json"])
        schema = json.loads(file_open("relance_avancee/data/relance_case_file.schema.json").read())
        jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
        # Principal: 800.00 + 300.00 - 50.00; the penalties as the engine counted them.
        self.assertEqual(document["totals"]["principal"], 1050.0)
        self.assertEqual(
            document["totals"]["total"],
            round(1050.0 + case.amount_interest + case.amount_indemnity, 2),
        )
        self.assertEqual(document["debtor"]["registry"], "987 654 324")
        self.assertEqual(document["creditor"]["name"], "Menuiserie Étienne SAS")
        self.assertEqual(document["missing"], [])
        self.assertEqual(
            [
                (row["document"], row["amount"], row["paid"], row["residual"], row["days_late"])
                for row in document["statement"]
            ],
            [
                (first.name, 1000.0, 200.0, 800.0, 50),
                (second.name, 300.0, 0.0, 300.0, 28),
                (credit_note.name, -50.0, 0.0, -50.0, None),
            ],
        )
        [settlement] = document["settlements"]
        self.assertEqual(
            (settlement["date"], settlement["document"], settlement["amount"]),
            ("2026-02-15", first.name, 200.0),
        )
        [communication] = document["communications"]
        self.assertEqual(
            (communication["tracking"], communication["piece"], communication["date"]),
            ("1A 234 567 8901 2", 3, "2026-02-20"),
        )
        self.assertIn("2026-02-23", communication["proof"])
        # The interest, segment by segment, adds up to what the case claims.
        self.assertTrue(document["penalties"])
        self.assertAlmostEqual(
            sum(row["interest"] for row in document["penalties"]), case.amount_interest, 2
        )
        self.assertEqual(
            [(row["type"], row["date"], row["status"]) for row in document["events"]],
            [("Dispute", "2026-02-02", "Resolved")],
        )
        self.assertEqual(
            [(row["number"], row["file"]) for row in document["pieces"]],
            [
                (number, name.removeprefix("documents/"))
                for number, name in enumerate(archive.namelist()[2:], start=1)
            ],
        )
        # The workbook holds the same rows as the JSON.
        book = openpyxl.load_workbook(io.BytesIO(files["case-file.xlsx"]))
        for sheet in casefile.SHEETS:
            header, *rows = (list(row) for row in book[sheet.title].iter_rows(values_only=True))
            self.assertEqual(header, [column.title for column in sheet.columns])
            self.assertEqual(
                rows,
                [
                    [
                        None
                        if value in ("", None)
                        else datetime.fromisoformat(value)
                        if column.kind == casefile.DATE
                        else value
                        for column, value in zip(sheet.columns, row.values(), strict=True)
                    ]
                    for row in document[sheet.key]
                ],
                sheet.key,
            )
        # The documents: the first invoice rendered now (its layout's web font leaves
        # pdftotext no text to read: one page of PDF), the second as it was sent (the
        # PDF Odoo stored then), the letter sent and the scanned receipt.
        rendered = files[archive.namelist()[2]]
        self.assertTrue(rendered.startswith(b"%PDF"))
        self.assertEqual(pdf_pages(rendered), 1)
        self.assertEqual(files[archive.namelist()[3]], SENT_PDF)
        letter_text = pdf_text(files[archive.namelist()[4]])
        self.assertIn("Garage Durand SARL", letter_text)
        self.assertIn(first.name, letter_text)
        self.assertEqual(files[archive.namelist()[5]], b"%PDF-1.4 receipt")
        self.assertEqual(files[archive.namelist()[6]], b"%PDF-1.4 fee note")

    @freeze_time("2026-03-01")
    def test_missing_data_refused_then_forced_with_a_reason(self):
        company_customer = self.env["res.partner"].create(
            {
                "name": "SARL Sans Adresse",
                "is_company": True,
                "country_id": self.env.ref("base.fr").id,
            }
        )
        invoice = self._post(self._invoice(company_customer, 400.0, "2026-01-10"))
        case = self._case(invoice, partner_id=company_customer.id)
        self.assertIn("SIREN", case.file_missing)
        self.assertIn("address", case.file_missing)
        with self.assertRaisesRegex(UserError, "lacks the debtor's full address"):
            case._export_file()
        self.assertFalse(case.file_attachment_id)
        action = case.action_export_file()
        self.assertEqual(action["res_model"], "relance.collection.case.export")
        with self.assertRaisesRegex(UserError, "export the case file anyway"):
            case.action_send_file()
        wizard = self.env["relance.collection.case.export"].create(
            {"case_id": case.id, "reason": "The commissaire de justice will find the address"}
        )
        self.assertIn("SIREN", wizard.missing)
        wizard.action_export()
        _archive, files = self._read_zip(case.file_attachment_id)
        document = json.loads(files["case-file.json"])
        self.assertEqual(document["missing"], ["address", "siren"])
        self.assertEqual(
            document["forced_reason"], "The commissaire de justice will find the address"
        )
        self.assertEqual(
            case.file_forced_reason, "The commissaire de justice will find the address"
        )
        self.assertIn("will find the address", case.message_ids[0].body)

    @freeze_time("2026-03-01")
    def test_sent_to_the_recipient_by_email_with_the_zip(self):
        first, second, credit_note, _letter = self._book()
        case = self._case(first | second | credit_note)
        case.action_send_file()
        self.assertEqual((case.state, case.date_sent), ("sent", fields.Date.to_date("2026-03-01")))
        mail = self.env["mail.mail"].search(
            [("model", "=", case._name), ("res_id", "=", case.id)], order="id desc", limit=1
        )
        self.assertEqual(mail.recipient_ids, self.agency)
        self.assertIn(case.name, mail.subject)
        self.assertEqual(mail.attachment_ids, case.file_attachment_id)
        self.assertTrue(case.file_sent_date)
        self.agency.email = False
        with self.assertRaisesRegex(UserError, "has no email address"):
            case.action_send_file()


@tagged("post_install", "-at_install")
class TestRelanceCollectionCaseApi(RelanceCaseCommon, JsonRpcMixin, HttpCase):
    def test_refused_over_the_external_api_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        today = fields.Date.today()
        invoice = self._post(self._invoice(self.business, 500.0, today - timedelta(days=60)))
        other = self._post(self._invoice(self.consumer, 90.0, today - timedelta(days=60)))
        _case_id, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.collection.case",
            "create",
            {
                "partner_id": self.business.id,
                "recipient_id": self.agency.id,
                "commission_rate": 10.0,
                "move_ids": [Command.set((invoice | other).ids)],
            },
            lang="fr_FR",
        )
        self.assertIn("un dossier porte sur un seul client", error)
        _case_id, error = self._rpc_as(
            self.collections_user,
            "relance_user-pass-2026",
            "relance.collection.case",
            "create",
            {"partner_id": self.business.id, "move_ids": [Command.set(invoice.ids)]},
            lang="fr_FR",
        )
        self.assertTrue(error)
        self.assertFalse(self.env["relance.collection.case"].search(self._mine()))
