# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceCommunication(RelanceCommon):
    def _first_email(self, customer):
        self._post([self._invoice(customer, 100.0, "2026-02-14")])
        with freeze_time("2026-02-20"):
            communication = self._run(customer)
            communication._send()
        return communication.mail_message_id.body

    def test_the_email_greets_a_person_by_name_and_a_company_formally(self):
        self.assertIn("Dear Camille Martin,", self._first_email(self.consumer))
        self.assertIn("Dear Sir or Madam,", self._first_email(self.business))
        # A company's invoice contact, a person, is greeted by name.
        shop = self.env["res.partner"].create({"name": "Quincaillerie Roy", "is_company": True})
        self.env["res.partner"].create(
            {"name": "Nadia Roy", "type": "invoice", "parent_id": shop.id, "email": "n@roy.example"}
        )
        body = self._first_email(shop)
        self.assertIn("Dear Nadia Roy,", body)
        self.assertNotIn("Quincaillerie", body.split("</p>")[0])

    @freeze_time("2026-02-20")
    def test_email_is_sent_with_the_items(self):
        invoice = self._post([self._invoice(self.business, 1234.56, "2026-02-01")])
        communication = self._run(self.business)
        communication._send()
        # Carried out, its email in the mail queue: sent once the mail server has it.
        self.assertRecordValues(communication, [{"state": "sending", "email_status": "pending"}])
        self.assertEqual(communication.mail_mail_id.mail_message_id, communication.mail_message_id)
        message = communication.mail_message_id
        self.assertIn(self.business, message.partner_ids)
        self.assertIn(invoice.name, message.body)
        self.assertIn("1,234.56", message.body)
        # The customer's first communication (it entered at its age's level): the
        # second level's email does not call itself a second reminder.
        self.assertTrue(communication.first_contact)
        self.assertIn("overdue invoices", message.subject)
        self.assertNotIn("second reminder", message.subject)
        # The history shows on the customer and on the invoice.
        self.assertIn("Collections: Second reminder", invoice.message_ids[0].body)
        self.assertEqual(invoice.relance_communication_line_ids.communication_id, communication)

    @freeze_time("2026-02-20")
    def test_invoices_attached_when_the_level_asks(self):
        self.level_second.attach_invoices = True
        invoices = self._post(
            [
                self._invoice(self.business, 100.0, "2026-02-01"),
                self._invoice(self.business, 200.0, "2026-02-02"),
            ]
        )
        communication = self._run(self.business)
        communication._send()
        attachments = communication.mail_message_id.attachment_ids
        self.assertEqual(len(attachments), 2)
        self.assertEqual(set(attachments.mapped("res_model")), {"relance.communication"})
        names = " ".join(attachments.mapped("name"))
        for invoice in invoices:
            self.assertIn(invoice.name.replace("/", "_"), names)

    @freeze_time("2026-02-20")
    def test_internal_note_is_posted_on_the_customer(self):
        self.level_second.write({"channel_note": True, "note": "<p>Check the <b>credit</b></p>"})
        self._post([self._invoice(self.business, 100.0, "2026-02-01")])
        self._run(self.business)._send()
        body = self.business.message_ids[0].body
        self.assertIn("Collections: Second reminder", body)
        self.assertIn("<b>credit</b>", body)

    @freeze_time("2026-02-20")
    def test_sending_twice_sends_once(self):
        self._post([self._invoice(self.business, 100.0, "2026-02-01")])
        communication = self._run(self.business)
        self.env["relance.communication"]._cron_send_queued()
        self.env["relance.communication"]._cron_send_queued()
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "relance.communication"),
                ("res_id", "=", communication.id),
                ("message_type", "=", "comment"),
            ]
        )
        self.assertEqual(len(messages), 1)

    @freeze_time("2026-02-20")
    def test_a_failing_communication_keeps_no_email_queued(self):
        # Two customers in one sending batch; the second fails after the batch posted
        # the emails (here: its chatter note). Its email is withdrawn with the rest of
        # its actions, so that sending it again later does not send it twice.
        other = self.business.copy({"name": "Quincaillerie Roux", "email": "roux@example.com"})
        self._post(
            [
                self._invoice(self.business, 100.0, "2026-02-01"),
                self._invoice(other, 200.0, "2026-02-01"),
            ]
        )
        communications = self._run(self.business | other)
        failing = communications.filtered(lambda c: c.partner_id == other)
        Communication = type(self.env["relance.communication"])
        original = Communication._log_on_documents

        def log_on_documents(communication):
            if communication == failing:
                raise ConnectionError("chatter unavailable")
            return original(communication)

        with patch.object(Communication, "_log_on_documents", log_on_documents):
            communications._send()
        self.assertEqual(failing.state, "failed")
        self.assertEqual(failing.failure_reason, "chatter unavailable")
        self.assertFalse(failing.mail_message_id)
        self.assertFalse(failing.email_status)
        sent = communications - failing
        self.assertEqual(sent.state, "sending")
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "relance.communication"), ("res_id", "in", communications.ids)])
        )
        self.assertEqual(mails.mail_message_id, sent.mail_message_id)
        # Sent again: one email, not two.
        failing._send()
        self.assertEqual(failing.state, "sending")
        self.assertEqual(
            self.env["mail.mail"]
            .sudo()
            .search_count([("res_id", "=", failing.id), ("model", "=", "relance.communication")]),
            1,
        )

    @freeze_time("2026-02-20")
    def test_sender_drops_items_paid_since_the_run(self):
        paid, unpaid = self._post(
            [
                self._invoice(self.business, 100.0, "2026-02-01"),
                self._invoice(self.business, 250.0, "2026-02-01"),
            ]
        )
        communication = self._run(self.business)
        self._pay(paid, 100.0, "2026-02-20")
        communication._send()
        self.assertEqual(communication.state, "sending")
        self.assertRecordValues(
            communication.line_ids.sorted("amount_residual"),
            [
                {"move_id": paid.id, "paid_before_sending": True},
                {"move_id": unpaid.id, "paid_before_sending": False},
            ],
        )
        self.assertNotIn(paid.name, communication.mail_message_id.body)
        self.assertIn(unpaid.name, communication.mail_message_id.body)

    @freeze_time("2026-02-20")
    def test_nothing_left_due_cancels_instead_of_sending(self):
        invoice = self._post([self._invoice(self.business, 100.0, "2026-02-01")])
        communication = self._run(self.business)
        self._pay(invoice, 100.0, "2026-02-20")
        communication._send()
        self.assertRecordValues(communication, [{"state": "cancelled", "mail_message_id": False}])

    @freeze_time("2026-03-01")
    def test_manual_validation(self):
        self._post([self._invoice(self.business, 500.0, "2026-01-10")])
        communication = self._run(self.business)
        self.assertRecordValues(
            communication, [{"level_id": self.level_formal_notice.id, "state": "to_approve"}]
        )
        self.env["relance.communication"]._cron_send_queued()
        self.assertEqual(communication.state, "to_approve")
        # A formal notice: a Collections manager decides, not a collector.
        with self.assertRaisesRegex(UserError, "Only a Collections manager decides"):
            communication.with_user(self.collections_user).action_approve()
        communication.action_approve()
        self.assertEqual(communication.state, "queued")
        self.env["relance.communication"]._cron_send_queued()
        self.assertEqual(communication.state, "sent")

    @freeze_time("2026-02-05")
    def test_call_creates_an_activity_with_the_script(self):
        self._post([self._invoice(self.business, 80.0, "2026-01-05")])
        communication = self._run(self.business)
        communication._send()
        activity = communication.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn("record the outcome", activity.note)
        communication.write({"call_outcome": "promise", "call_note": "Pays on Friday"})
        self.assertEqual(communication.call_outcome, "promise")

    @freeze_time("2026-03-10")
    def test_hand_over_marks_the_items(self):
        invoice = self._post([self._invoice(self.business, 80.0, "2026-01-05")])
        communication = self._run(self.business)
        communication.action_approve()
        communication._send()
        self.assertTrue(self._receivable(invoice).relance_to_hand_over)
        self.assertEqual(
            communication.activity_ids.activity_type_id,
            self.env.ref("mail.mail_activity_data_todo"),
        )

    @freeze_time("2026-02-20")
    def test_logged_facts_never_change(self):
        self._post([self._invoice(self.business, 100.0, "2026-02-01")])
        communication = self._run(self.business)
        with self.assertRaisesRegex(UserError, "logged fact"):
            communication.amount_due = 1.0
        communication.write({"registered_tracking": "1A 234 567 8901 2"})
        with self.assertRaisesRegex(UserError, "Only communications waiting"):
            communication.unlink()


@tagged("post_install", "-at_install")
class TestRelanceMultiCompany(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_data_2 = cls.setup_other_company()
        cls.company_2 = cls.company_data_2["company"]

    @freeze_time("2026-02-20")
    def test_each_company_its_own_policy_and_records(self):
        policy_2 = self.env["relance.policy"]._get_company_default(self.company_2)
        self.assertTrue(policy_2, "a new company gets the default ladder")
        self.assertNotEqual(policy_2, self.policy)
        self._post(
            [self._invoice(self.business, 100.0, "2026-02-01", company=self.company_2)],
            company=self.company_2,
        )
        communication = self._run(self.business, company=self.company_2)
        self.assertEqual(communication.company_id, self.company_2)
        self.assertEqual(communication.level_id.policy_id, policy_2)
        # A collections user of the first company does not see it.
        as_user = self.env["relance.communication"].with_user(self.collections_user)
        self.assertFalse(as_user.search([("id", "=", communication.id)]))
        with self.assertRaises(AccessError):
            communication.with_user(self.collections_user).read(["amount_net"])


@tagged("post_install", "-at_install")
class TestRelanceConfiguration(RelanceCommon):
    def _level(self, **vals):
        return self.env["relance.level"].create(
            {
                "policy_id": self.policy.id,
                "name": "Extra",
                "sequence": 60,
                "delay": 90,
                "channel_note": True,
                **vals,
            }
        )

    def test_level_without_action_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "does nothing"):
            self._level(channel_note=False)

    def test_email_level_without_template_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "no email template"):
            self._level(channel_note=False, channel_email=True)

    def test_two_levels_with_the_same_sequence_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "same sequence"):
            self._level(sequence=50)

    def test_delays_going_backwards_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "delays must increase"):
            self._level(delay=20)

    def test_default_policy_without_level_is_refused(self):
        self.policy.is_default = False
        with self.assertRaisesRegex(ValidationError, "has no level"):
            self.env["relance.policy"].create({"name": "Empty", "is_default": True})

    def test_two_default_policies_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "already has a default"):
            self.policy.copy({"name": "Second default", "is_default": True})

    def test_only_managers_configure(self):
        with self.assertRaises(AccessError):
            self.policy.with_user(self.collections_user).name = "Mine"

    def test_french_ladder_is_the_default(self):
        names = [
            "delay",
            "channel_email",
            "channel_letter",
            "channel_registered_letter",
            "channel_call",
            "channel_hand_over",
            "formal_notice",
            "requires_validation",
        ]
        rows = [
            (3, True, False, False, False, False, False, False),
            (15, True, True, False, False, False, False, False),
            (30, False, False, False, True, False, False, False),
            (45, False, False, True, False, False, True, True),
            (60, False, False, False, False, True, False, True),
        ]
        self.assertRecordValues(
            self.policy.level_ids.sorted("sequence"),
            [dict(zip(names, row, strict=True)) for row in rows],
        )

    def test_a_new_company_gets_the_ladder_in_every_active_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        company = self.env["res.company"].create({"name": "Nouvelle Société SAS"})
        policy = self.env["relance.policy"]._get_company_default(company)
        first = policy.level_ids.sorted("sequence")[0]
        self.assertEqual(first.with_context(lang="fr_FR").name, "Relance amiable")
        self.assertEqual(first.with_context(lang="en_US").name, "Friendly reminder")

    def test_a_language_loaded_later_translates_the_companies_copies(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        company = self.env["res.company"].create({"name": "Nouvelle Société SAS"})
        policy = self.env["relance.policy"]._get_company_default(company)
        levels = policy.level_ids.sorted("sequence")
        # As if French came after the copy: the copy has only its English texts.
        policy.with_context(lang="fr_FR").name = policy.with_context(lang="en_US").name
        for level in levels:
            english = level.with_context(lang="en_US")
            level.with_context(lang="fr_FR").write(
                {"name": english.name, "call_script": english.call_script}
            )
        # The company renamed its second level: its own, kept.
        for code in ("en_US", "fr_FR"):
            levels[1].with_context(lang=code).name = "Our second letter"
        self.env["ir.module.module"]._load_module_terms(["relance_avancee"], ["fr_FR"])
        in_french = levels.with_context(lang="fr_FR")
        self.assertEqual(in_french[0].name, "Relance amiable")
        self.assertEqual(in_french[1].name, "Our second letter")
        self.assertIn("Présentez-vous", in_french[2].call_script)
        self.assertEqual(
            policy.with_context(lang="fr_FR").name,
            self.env.ref("relance_avancee.relance_policy_fr").with_context(lang="fr_FR").name,
        )


@tagged("post_install", "-at_install")
class TestRelanceCommunicationProgress(RelanceCommon):
    """What a communication means for the collector once carried out."""

    def _carried_out(self, days_late, level):
        self._post([self._invoice(self.business, 640.0, "2026-01-01")])
        with freeze_time(date(2026, 1, 1) + timedelta(days=days_late)):
            communication = self._run(self.business)
            self.assertEqual(communication.level_id, level)
            if communication.state == "to_approve":
                communication.action_approve()
            communication._send()
        return communication

    def test_a_call_is_to_make_then_done_with_its_outcome(self):
        # 35 days late: the call level (a call, no email).
        call = self._carried_out(35, self.level_call)
        # Nothing left: to make, not sent, no attempt counted.
        self.assertRecordValues(
            call,
            [{"state": "call", "progress": "call_to_do", "sent_date": False, "send_attempts": 0}],
        )
        self.assertEqual(call.channel_labels, "Phone Call")
        activity = call.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        call.write({"call_outcome": "promise", "call_note": "Pays on Friday"})
        self.assertRecordValues(call, [{"state": "sent", "progress": "done", "send_attempts": 1}])
        self.assertTrue(call.sent_date)
        self.assertFalse(call.activity_ids, "the call's activity is done")
        done = call.message_ids.filtered(lambda m: "Promise to pay" in (m.body or ""))
        self.assertTrue(done, "the outcome is kept in the chatter")
        self.assertIn("Pays on Friday", done.body)
        calls = self.env["relance.communication"].search([("progress", "=", "call_to_do")])
        self.assertNotIn(call, calls)

    def test_a_registered_letter_is_to_post_then_awaits_its_receipt(self):
        notice = self._carried_out(50, self.level_formal_notice)
        self.assertEqual(notice.progress, "letter_to_post")
        notice.write(
            {"registered_tracking": "1A 234 567 8901 2", "registered_sent_date": "2026-02-06"}
        )
        self.assertEqual(notice.progress, "awaiting_receipt")
        self.assertEqual(notice.channel_labels, "Registered Letter, 1A 234 567 8901 2")
        notice.registered_receipt_date = "2026-02-23"
        self.assertEqual(notice.progress, "done")

    def test_the_history_filters_by_channel(self):
        call = self._carried_out(35, self.level_call)
        by_call = self.env["relance.communication"].search([("channel_call", "=", True)])
        by_email = self.env["relance.communication"].search([("channel_email", "=", True)])
        self.assertIn(call, by_call)
        self.assertNotIn(call, by_email)

    def test_the_call_goes_to_the_customers_collector_else_its_salesperson(self):
        seller = self._create_relance_user("seller", "relance_avancee.group_relance_user")
        self.business.user_id = seller
        call = self._carried_out(35, self.level_call)
        self.assertEqual(call.activity_ids.user_id, seller)

    def test_a_salesperson_without_collections_rights_is_skipped(self):
        # They could not open the communication to log the call's outcome.
        self.business.user_id = self.salesperson
        call = self._carried_out(35, self.level_call)
        self.assertEqual(call.activity_ids.user_id, self.env.user)

    def test_a_collector_set_on_the_customer_gets_the_call(self):
        self.business.user_id = self.salesperson
        self.business.with_company(self.env.company).relance_collector_id = self.collections_user
        call = self._carried_out(35, self.level_call)
        self.assertEqual(call.activity_ids.user_id, self.collections_user)

    def test_a_salesperson_of_another_company_is_skipped(self):
        other = self.setup_other_company(name="Elsewhere")["company"]
        outsider = self._create_relance_user("outsider", "relance_avancee.group_relance_user")
        outsider.write({"company_ids": [(6, 0, other.ids)], "company_id": other.id})
        self.business.user_id = outsider
        call = self._carried_out(35, self.level_call)
        # Whoever ran the collections (this test's user) gets it instead.
        self.assertEqual(call.activity_ids.user_id, self.env.user)
