# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The letter of a communication: printing it, and what only a letter or its email
says (the missing QR code, a Belgian consumer's free first reminder).

What the printed letter shows is computed by its report model
(``reports/letters/relance_letter_report.py``)."""

from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

from ...engine import penalties
from ...tools.formatting import format_percent


class RelanceCommunication(models.Model):
    _inherit = "relance.communication"

    letter_qr_warning = fields.Char(
        "Letter QR Warning",
        compute="_compute_letter_qr_warning",
        help="Why this communication's letter has no payment QR code.",
    )
    is_be_consumer_first_reminder = fields.Boolean(
        "Free First Reminder",
        compute="_compute_is_be_consumer_first_reminder",
        help="A Belgian consumer's first reminder of some invoice: free, it gives 14 "
        "days to pay and says which costs may follow (Code de droit économique, art. "
        "XIX.2).",
    )

    def action_print_letter(self):
        letters = self.filtered(lambda communication: communication._by_post())
        if not letters:
            raise UserError(self.env._("None of these communications has a letter to print."))
        if not self.env.context.get("relance_unverified_rates_confirmed"):
            unverified = letters._formal_notice_unverified_rates()
            if unverified:
                return self.env["relance.unverified.rate.confirm"]._ask(letters, unverified)
        letters.letter_printed = True
        # Where the letters are printed, say why some have no QR code (no IBAN).
        for warning in set(letters.filtered("letter_qr_warning").mapped("letter_qr_warning")):
            self.env.user._bus_send(
                "simple_notification",
                {"type": "warning", "sticky": True, "message": warning},
            )
        return self.env.ref("relance_avancee.action_report_relance_letter").report_action(letters)

    def _formal_notice_unverified_rates(self):
        """What to tell before printing these letters, if the penalties their formal
        notices claim use unverified rates; False otherwise."""
        rates = self.env["relance.rate"]._engine_rates()
        notices = self.filtered("level_id.formal_notice")
        # One computation per letter date, not per letter.
        for day, same_day in notices.grouped("date").items():
            items = same_day.line_ids.filtered(lambda line: not line.is_credit)
            items.move_line_id.move_id._relance_penalties(day, rates)
        return self.env["relance.rate"]._unverified_message(rates)

    def _compute_letter_qr_warning(self):
        # Once per company, not per communication: it looks for a bank account.
        reasons = {company: company._relance_qr_missing_reason() for company in self.company_id}
        for communication in self:
            communication.letter_qr_warning = (
                communication.currency_id.name == "EUR" and reasons[communication.company_id]
            )

    def _greeting_name(self):
        """Whom an email greets by name: the customer's invoice contact when
        it is a person, else the customer when it is one; False for a company
        without a named invoice contact (then "Dear Sir or Madam")."""
        self.ensure_one()
        contact = self.partner_id.browse(self.partner_id.address_get(["invoice"])["invoice"])
        for person in (contact, self.partner_id):
            if person and not person.is_company and person.name:
                return person.name
        return False

    def _by_post(self):
        """Whether this communication goes by post: a letter, registered or not, or
        the letter that replaces a bounced email."""
        self.ensure_one()
        return self.channel_letter or self.channel_registered_letter or self.letter_fallback

    def _relance_sent_on(self):
        """The day this communication left: posted (registered letter), sent, or
        today while it is being sent."""
        self.ensure_one()
        if self.registered_sent_date:
            return self.registered_sent_date
        if self.sent_date:
            return self.sent_date.date()
        return fields.Date.context_today(self)

    def _compute_is_be_consumer_first_reminder(self):
        # For every communication read together (a batch of emails or letters) in
        # one search: some invoice of it was never reminded before.
        consumers = self.filtered(
            lambda c: c.partner_id._relance_penalty_regime(c.company_id) == penalties.BE_CONSUMER
        )
        (self - consumers).is_be_consumer_first_reminder = False
        if not consumers:
            return
        invoices_of = {
            communication: communication.line_ids.filtered(
                lambda line: not line.is_credit
            ).move_line_id.move_id
            for communication in consumers
        }
        earlier = self.env["relance.communication.line"].search(
            [
                ("move_line_id.move_id", "in", consumers.line_ids.move_line_id.move_id.ids),
                ("is_credit", "=", False),
                ("communication_id.state", "in", ("sending", "sent")),
                ("communication_id.date", "<=", max(consumers.mapped("date"))),
            ]
        )
        reminders = defaultdict(list)
        for line in earlier:
            reminders[line.move_line_id.move_id].append(line.communication_id)
        for communication in consumers:
            communication.is_be_consumer_first_reminder = any(
                not any(
                    reminder != communication and reminder.date <= communication.date
                    for reminder in reminders[invoice]
                )
                for invoice in invoices_of[communication]
            )

    def _be_consumer_first_reminder(self, amount, rates=None):
        """The mandatory mentions of a Belgian consumer's free first reminder, or False.

        Code de droit économique, art. XIX.2: the first reminder is free and gives at
        least 14 days to pay, counted from the third working day after it is posted
        (the day after an email), before any interest or damages; it says which
        costs may follow (damages capped by art. XIX.4). ``rates``: the engine's rate
        tables, when the caller has read them already.
        """
        self.ensure_one()
        if not self.is_be_consumer_first_reminder:
            return False
        costs_from = penalties.be_consumer_costs_from(self._relance_sent_on(), self._by_post())
        rates = rates or self.env["relance.rate"]._engine_rates()
        return {
            "pay_by": format_date(self.env, costs_from - timedelta(days=1), date_format="long"),
            "rate": format_percent(self.env, penalties.be_statutory_rate(rates, costs_from)),
            "damages_cap": float(penalties.be_consumer_damages_cap(amount)),
        }

    def _format_amount(self, amount):
        return format_amount(self.env, amount, self.currency_id)
