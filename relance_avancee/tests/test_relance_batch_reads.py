# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What is read once per batch stays once per batch: the queries of penalties and
letters do not grow with the number of invoices or letters; and the bulk inserts
refuse what the ORM would have refused."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..engine import penalties
from ..tools import bulk_sql
from .common import RelanceCommon


@tagged("post_install", "-at_install")
class TestRelanceBatchReads(RelanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_penalties(cls.company_data)
        cls.env.company.country_id = cls.env.ref("base.be")
        # Belgian consumers, each reminded once by email on 3 February 2024 of an
        # invoice of 200.00 EUR due 31 January: their interest runs from 18 February.
        cls.consumers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Consumer {number}",
                    "is_company": False,
                    "email": f"consumer{number}@example.com",
                    "country_id": cls.env.ref("base.be").id,
                    "lang": "en_US",
                }
                for number in range(5)
            ]
        )
        cls.invoices = cls._post(
            [
                cls._invoice(consumer, 200.0, "2024-01-31", currency=cls.euro)
                for consumer in cls.consumers
            ]
        )
        with freeze_time("2024-02-03"):
            run = cls.env["relance.run"]._run_now(partners=cls.consumers)
            cls.reminders = run.communication_ids
            cls.reminders._send()

    def _queries(self, one, five):
        """How many queries ``one`` and ``five`` each make from a cold record cache:
        the fewest of three tries each, taken in turns, so that Odoo's own caches
        (access rules, translations), filled by whichever runs first, count for
        neither."""
        counts = {one: [], five: []}
        for _round in range(3):
            for function in (one, five):
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                function()
                counts[function].append(self.env.cr.sql_log_count - before)
        return min(counts[one]), min(counts[five])

    def test_belgian_consumers_reminded_once_each(self):
        self.assertEqual(len(self.reminders), 5)
        self.assertEqual(set(self.reminders.mapped("state")), {"sending"})
        self.assertEqual(self.reminders.level_id, self.level_friendly)

    def test_penalties_read_once_for_all_invoices(self):
        on_date = date(2024, 3, 31)
        penalties_of_all = self.invoices._relance_penalties(on_date)
        # 200.00 x 12.50 % (2024-H1: 4.50 + 8, rounded up) x 43 days (18 February to
        # 31 March) / 365 = 2.945... -> 2.95 each; no indemnity for a consumer.
        self.assertEqual(
            {(p.regime, str(p.interest), str(p.indemnity)) for p in penalties_of_all.values()},
            {(penalties.BE_CONSUMER, "2.95", "0.00")},
        )
        self.assertEqual(len(penalties_of_all), 5)
        Move = self.env["account.move"]
        one, five = self._queries(
            lambda: Move.browse(self.invoices.ids[:1])._relance_penalties(on_date),
            lambda: Move.browse(self.invoices.ids)._relance_penalties(on_date),
        )
        self.assertEqual(five, one, "penalties make queries per invoice")

    def test_letters_read_once_for_all_letters(self):
        report = self.env["report.relance_avancee.report_relance_letter"]
        values = report._letter_values(self.reminders)
        # Every one is a free first reminder: pay by 17 February, damages at most
        # 30.00 + 10 % x (200.00 - 150.00) = 35.00 (CDE art. XIX.4).
        self.assertEqual(
            {
                (v["be_consumer_notice"]["pay_by"], v["be_consumer_notice"]["damages_cap"])
                for v in values.values()
            },
            {("February 17, 2024", 35.0)},
        )
        # As the report reads them: browsed by id (the docids), not from a run.
        Communication = self.env["relance.communication"]
        one, five = self._queries(
            lambda: report._letter_values(Communication.browse(self.reminders.ids[:1])),
            lambda: report._letter_values(Communication.browse(self.reminders.ids)),
        )
        self.assertEqual(five, one, "letters make queries per letter")

    def test_only_the_first_reminder_of_an_invoice_is_free(self):
        self.reminders.state = "sent"
        # The first customer gets a new invoice; both are reminded at the second level.
        self._post(self._invoice(self.consumers[0], 50.0, "2024-02-10", currency=self.euro))
        with freeze_time("2024-03-15"):
            later = self.env["relance.run"]._run_now(partners=self.consumers[:2]).communication_ids
        self.assertEqual(later.partner_id, self.consumers[:2])
        with_new_invoice = later.filtered(lambda c: c.partner_id == self.consumers[0])
        reminded_again = later - with_new_invoice
        # An invoice never reminded before: still a free first reminder for it.
        self.assertTrue(with_new_invoice.is_be_consumer_first_reminder)
        # Only an invoice already reminded: no second free reminder, no mentions.
        self.assertFalse(reminded_again.is_be_consumer_first_reminder)
        self.assertFalse(reminded_again._be_consumer_first_reminder(200.0))


@tagged("post_install", "-at_install")
class TestRelanceBulkInsert(RelanceCommon):
    def _line(self):
        invoice = self._post(self._invoice(self.business, 100.0, "2024-01-31"))
        return self._receivable(invoice)

    def test_refuses_a_required_field_left_unfilled(self):
        Communication = self.env["relance.communication"]
        with self.assertRaisesRegex(ValueError, "leaves .*date.* unfilled"):
            bulk_sql.insert_rows(
                Communication,
                ("partner_id", "currency_id"),
                [(self.business.id, self.euro.id)],
            )
        self.assertFalse(Communication.search([("partner_id", "=", self.business.id)]))

    def test_refuses_a_user_who_may_not_create(self):
        line = self._line()
        State = self.env["relance.line.state"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            bulk_sql.insert_rows(State, ("move_line_id", "level_id"), [(line.id, False)])
        self.assertFalse(self.env["relance.line.state"].search([("move_line_id", "=", line.id)]))

    def test_refuses_rows_linked_to_another_company(self):
        # The company check is done for the whole batch: a wrong row among right ones
        # is refused with the ORM's own message, and nothing stays written.
        other = self.setup_other_company()["company"]
        other_level = self.env["relance.policy"]._get_company_default(other).level_ids[:1]
        lines = self._receivable(
            self._post([self._invoice(self.business, 100.0 + n, "2024-01-31") for n in range(3)])
        )
        States = self.env["relance.line.state"]
        rows = [(line.id, self.level_second.id) for line in lines[:2]]
        with self.assertRaisesRegex(UserError, "Incompatible companies on records"):
            bulk_sql.insert_rows(
                States, ("move_line_id", "level_id"), [*rows, (lines[2].id, other_level.id)]
            )
        self.assertFalse(States.search([("move_line_id", "in", lines.ids)]))
        # A communication of this company for a level of the other, and an item of a
        # communication of this company listed at the other's level: both refused.
        Communication = self.env["relance.communication"]
        run = self.env["relance.run"].create({"company_id": self.env.company.id})

        def values(level):
            return {
                **run._level_communication_values(level),
                "partner_id": self.business.id,
                "currency_id": self.env.company.currency_id.id,
                "amount_due": 100.0,
                "amount_credit": 0.0,
                "amount_net": 100.0,
                "first_contact": True,
            }

        with self.assertRaisesRegex(UserError, "Incompatible companies on records"):
            Communication._insert_facts([values(other_level)])
        self.assertFalse(Communication.search([("partner_id", "=", self.business.id)]))
        communication = Communication._insert_facts([values(self.level_second)])
        with self.assertRaisesRegex(UserError, "Incompatible companies on records"):
            bulk_sql.insert_rows(
                self.env["relance.communication.line"],
                ("communication_id", "move_line_id", "level_id", "is_credit"),
                [(communication.id, lines[0].id, other_level.id, False)],
            )
        self.assertFalse(communication.line_ids)
        # Right rows pass, in the same statements.
        States._set_states([(line.id, self.level_second.id, None, None) for line in lines])
        self.assertEqual(lines.relance_level_id, self.level_second)

    def test_values_arrive_as_given(self):
        # Numbers, dates and booleans go to the server as array literals: what is
        # read back is what was inserted, to the cent, NULL for None and False.
        run = self.env["relance.run"].create({"company_id": self.env.company.id})
        communication = self.env["relance.communication"]._insert_facts(
            [
                {
                    **run._level_communication_values(self.level_second),
                    "partner_id": self.business.id,
                    "currency_id": self.env.company.currency_id.id,
                    "amount_due": 1234.56,
                    "amount_credit": -0.1,
                    "amount_net": 1234.46,
                    "first_contact": False,
                }
            ]
        )
        self.assertEqual(communication.amount_due, 1234.56)
        self.assertEqual(communication.amount_credit, -0.1)
        self.assertFalse(communication.first_contact)
        invoice = self._post(self._invoice(self.business, 100.0, "2024-01-31"))
        lines = self._receivable(invoice)
        lines |= self._receivable(self._post(self._invoice(self.business, 7.0, "2024-02-29")))
        columns = (
            "communication_id",
            "move_line_id",
            "level_id",
            "date_maturity",
            "amount_residual",
            "is_credit",
            "moved_up",
        )
        Item = self.env["relance.communication.line"]
        with self.assertRaisesRegex(ValueError, "inf"):
            bulk_sql.insert_rows(
                Item,
                columns,
                [(communication.id, lines[0].id, None, None, float("inf"), False, False)],
            )
        self.assertFalse(communication.line_ids)
        bulk_sql.insert_rows(
            Item,
            columns,
            [
                (
                    communication.id,
                    lines[0].id,
                    self.level_second.id,
                    "2024-01-31",
                    100.01,
                    False,
                    True,
                ),
                (communication.id, lines[1].id, False, None, 0.07, True, False),
            ],
        )
        # The caller invalidates what the statement changed (bulk_sql.insert_rows).
        communication.invalidate_recordset(["line_ids"])
        first, second = communication.line_ids.sorted("id")
        self.assertEqual(
            (first.move_line_id, first.level_id, str(first.date_maturity), first.amount_residual),
            (lines[0], self.level_second, "2024-01-31", 100.01),
        )
        self.assertEqual((first.is_credit, first.moved_up), (False, True))
        self.assertEqual(
            (second.level_id, second.date_maturity, second.amount_residual, second.is_credit),
            (self.env["relance.level"], False, 0.07, True),
        )

    def test_refuses_rows_it_cannot_match_back(self):
        with self.assertRaisesRegex(ValueError, "share the key"):
            bulk_sql.index_by_key([(1, self.business.id, 2), (2, self.business.id, 2)])

    def test_tells_the_orm_what_changed(self):
        line = self._line()
        self.assertFalse(line.relance_level_id)
        States = self.env["relance.line.state"]
        States._set_states([(line.id, self.level_second.id, None, None)])
        self.assertEqual(line.relance_level_id, self.level_second)
        States._set_states([(line.id, self.level_call.id, None, None)])
        self.assertEqual(line.relance_level_id, self.level_call)
        self.assertEqual(
            self.env["relance.line.state"].search([("move_line_id", "=", line.id)]).level_id,
            self.level_call,
        )

    def test_new_required_field_of_another_module_is_refused(self):
        # Another module makes a field required that the run's insert does not fill.
        field = self.env["relance.communication.line"]._fields["amount_residual"]
        self.patch(field, "required", True)
        communication_line = self.env["relance.communication.line"]
        with self.assertRaisesRegex(ValueError, "amount_residual"):
            bulk_sql.insert_rows(
                communication_line,
                ("communication_id", "move_line_id", "is_credit"),
                [(1, 1, False)],
            )
