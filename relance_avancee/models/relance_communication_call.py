# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The call: whom to call and what to say (the contact's numbers, the level's
script), and what the customer said, logged in one step that creates what it says: a
promise to pay, a dispute, a search for a payment the customer says it made (the
ladder held meanwhile), the next attempt when nobody answered. Each outcome is written
in the customer's chatter, in the company's language."""

from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

PAYMENT_METHODS = [
    ("transfer", "Bank transfer"),
    ("cheque", "Cheque"),
    ("card", "Card"),
    ("direct_debit", "Direct debit"),
    ("cash", "Cash"),
    ("other", "Other"),
]


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

    call_contact_id = fields.Many2one(
        "res.partner", "Contact to Call", compute="_compute_call_contact"
    )
    call_phone = fields.Char("Phone", compute="_compute_call_contact")
    call_mobile = fields.Char("Mobile", compute="_compute_call_contact")
    call_script = fields.Html(related="level_id.call_script")
    call_attempts = fields.Integer(
        readonly=True, help="How many times the customer was called for this communication."
    )
    call_paid_date = fields.Date(
        "Says It Paid On", readonly=True, help="The customer said on the phone it paid that day."
    )
    call_paid_method = fields.Selection(PAYMENT_METHODS, "Says It Paid By", readonly=True)

    def _compute_call_contact(self):
        for communication in self:
            customer = communication.partner_id
            contact = customer.browse(customer.address_get(["invoice"])["invoice"])
            # The invoice contact when it has a number, else the customer's.
            numbered = contact if (contact.phone or contact.mobile) else customer
            communication.call_contact_id = numbered
            communication.call_phone = numbered.phone
            communication.call_mobile = numbered.mobile

    def action_log_call(self):
        """One dialog for what the customer said."""
        self.ensure_one()
        self._check_call_to_log()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log the Call"),
            "res_model": "relance.call.log",
            "view_mode": "form",
            "target": "new",
            "context": {"default_communication_id": self.id},
        }

    def _check_call_to_log(self):
        if (
            not self.channel_call
            or self.call_outcome
            or self.state not in ("call", "sending", "sent")
        ):
            raise UserError(
                self.env._(
                    "%(communication)s has no call waiting for its outcome.",
                    communication=self.display_name,
                )
            )

    def _log_call(self, outcome, note=None, **details):
        """Record what the customer said (``outcome``: a CALL_OUTCOMES key) and do
        what it means; ``details``: promise_amount and promise_date; dispute_moves and
        dispute_reason; paid_date and paid_method. Refused whole, with nothing
        written, when the details are wrong."""
        self.ensure_one()
        self._check_call_to_log()
        # What the company's people read, in the company's language.
        return self.with_context(lang=self.company_id._relance_lang())._log_call_outcome(
            outcome, note, **details
        )

    def _log_call_outcome(self, outcome, note, **details):
        if outcome == "no_answer":
            return self._call_again(note)
        summary = {
            "promise": self._call_promise,
            "dispute": self._call_dispute,
            "already_paid": self._call_already_paid,
        }.get(outcome, lambda note, **details: "")(note, **details)
        values = {
            "call_outcome": outcome,
            "call_note": note or False,
            "call_attempts": self.call_attempts + 1,
        }
        if outcome == "already_paid":
            values.update(
                call_paid_date=details.get("paid_date"), call_paid_method=details.get("paid_method")
            )
        # Written with the outcome, the call is sent (relance.communication.write).
        self.write(values)
        if outcome == "already_paid":
            self._call_find_the_payment(details.get("paid_date"), details.get("paid_method"))
        self._log_call_on_customer(outcome, note, summary)
        return True

    def _call_promise(self, note, promise_amount=0.0, promise_date=None, **_details):
        promise = self.env["relance.promise"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "amount": promise_amount,
                "date": promise_date,
                "note": note or False,
            }
        )
        return self.env._(
            "%(amount)s promised for %(date)s.",
            amount=format_amount(self.env, promise.amount, promise.currency_id),
            date=format_date(self.env, promise.date),
        )

    def _call_dispute(self, note, dispute_moves=None, dispute_reason="other", **_details):
        moves = dispute_moves or self.env["account.move"]
        if not moves:
            raise UserError(self.env._("Choose the invoices the customer disputes."))
        customer = self.partner_id.commercial_partner_id
        foreign = moves.filtered(
            lambda move: move.commercial_partner_id != customer
            or move.company_id != self.company_id
        )
        if foreign:
            raise UserError(
                self.env._(
                    "%(invoices)s: not an invoice of %(customer)s in %(company)s. A call "
                    "records disputes on the called customer's own invoices.",
                    invoices=", ".join(foreign.mapped("name")),
                    customer=customer.name,
                    company=self.company_id.name,
                )
            )
        self.env["relance.dispute"].create(
            [
                {"move_id": move.id, "reason": dispute_reason or "other", "note": note or False}
                for move in moves
            ]
        )
        return self.env._("Disputed: %(invoices)s.", invoices=", ".join(moves.mapped("name")))

    def _call_already_paid(self, note, paid_date=None, paid_method=None, **_details):
        if not paid_date or not paid_method:
            raise UserError(self.env._("Say when and how the customer says it paid."))
        if paid_date > fields.Date.context_today(self):
            raise UserError(
                self.env._("A payment already made is dated today or before, not in the future.")
            )
        return self.env._(
            "Says it paid on %(date)s by %(method)s.",
            date=format_date(self.env, paid_date),
            method=self._paid_method_label(paid_method),
        )

    def _paid_method_label(self, method):
        return dict(self._fields["call_paid_method"]._description_selection(self.env))[method]

    def _call_find_the_payment(self, paid_date, paid_method):
        """Hold the ladder while someone looks for the payment, and ask them to."""
        company = self.company_id
        today = fields.Date.context_today(self)
        until = today + timedelta(days=company.relance_paid_hold_days)
        customer = self.partner_id.commercial_partner_id.with_company(company).sudo()
        if not customer.relance_hold or (
            customer.relance_hold_until and customer.relance_hold_until < until
        ):
            customer.write(
                {
                    "relance_hold": True,
                    "relance_hold_until": until,
                    "relance_hold_reason": self.env._("Says it already paid: payment to find"),
                }
            )
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Find the payment of %(customer)s", customer=customer.name),
            note=self.env._(
                "The customer says it paid on %(date)s (%(method)s). Reminders are held "
                "until %(until)s.",
                date=format_date(self.env, paid_date),
                method=self._paid_method_label(paid_method),
                until=format_date(self.env, until),
            ),
            user_id=self._responsible().id,
        )

    def _call_again(self, note):
        """Nobody answered: the next attempt is planned, the call stays to make."""
        attempts = self.call_attempts + 1
        next_day = fields.Date.context_today(self) + timedelta(
            days=self.company_id.relance_call_retry_days
        )
        call_type = self.env.ref("mail.mail_activity_data_call")
        calls = self.activity_ids.filtered(lambda activity: activity.activity_type_id == call_type)
        calls.write({"date_deadline": next_day})
        self.write({"call_attempts": attempts})
        message = self.env._(
            "Call attempt %(attempt)s: no answer. Next attempt on %(date)s.",
            attempt=attempts,
            date=format_date(self.env, next_day),
        )
        self._log_call_on_customer("no_answer", note, message)
        return True

    def _log_call_on_customer(self, outcome, note, summary):
        outcomes = dict(self._fields["call_outcome"]._description_selection(self.env))
        body = Markup("{}<br/>{}").format(
            self.env._(
                "Call about %(amount)s overdue: %(outcome)s.",
                amount=self._format_amount(self.amount_net),
                outcome=outcomes[outcome],
            ),
            " ".join(filter(None, [summary, note])),
        )
        author = self.env.user.partner_id.id
        # A collector may not edit customers, whose chatter asks for it: the note is
        # the communication's fact, posted on their behalf.
        self.partner_id.sudo()._message_log(body=body, author_id=author)
        self._message_log(body=body, author_id=author)
