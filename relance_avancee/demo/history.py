"""The demo's past: the last weeks of collections, as a company would have lived them.

Weekly runs of the ladder over the demo companies' book, each dated its own day, so
that reminders come before calls and formal notices; each run's communications
carried out the way people and servers would have done it: approved, sent, their
emails accepted by the mail server, their letters printed, their calls made and
their outcome logged, their registered letters posted and, but for the last week's,
acknowledged. Along the way a customer promises to pay and does, another promises and
does not, and a third disputes an invoice. Plain Python through an Odoo environment,
as the book's generator: a production database never loads it.
"""

import random
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tools import SQL

# (outcome, what the collector noted), in turn for the calls made.
CALL_OUTCOMES = [
    ("promise", "Promet un règlement sous huit jours."),
    ("no_answer", "Messagerie : message laissé."),
    ("refuses", "Conteste le délai, refuse de payer avant la fin du mois."),
    ("already_paid", "Dit avoir payé la semaine dernière : vérifier le relevé."),
]


class DemoHistory:
    """Replays ``weeks`` weekly runs before ``today`` in the demo companies."""

    def __init__(self, env, seed=2026):
        self.env = env
        self.rng = random.Random(seed)
        self.calls_made = 0
        self.promised = env["res.partner"]

    def replay(self, companies, weeks=10):
        today = fields.Date.context_today(self.env.user)
        for week in range(weeks, 0, -1):
            day = today - timedelta(days=7 * week)
            for company in companies:
                communications = self._run(company, day)
                self._carry_out(communications, day, acknowledged=week > 1)
                if company == companies[0]:
                    self._customers_answer(company, week, day)
        return self.env["relance.run"].search([("company_id", "in", companies.ids)])

    def _run(self, company, day):
        """The night's scheduled run of ``day`` (one per company and day)."""
        run = (
            self.env["relance.run"]
            .with_company(company)
            .create({"company_id": company.id, "mode": "scheduled", "date": day})
        )
        run._process_all()
        return run.communication_ids

    def _carry_out(self, communications, day, acknowledged):
        # The accountant approves what waits for approval, that day.
        waiting = communications.filtered(lambda c: c.state == "to_approve")
        waiting.action_approve()
        communications._send()
        self._deliver_emails(communications)
        for communication in communications:
            if communication.letter_fallback or communication.channel_letter:
                communication.letter_printed = True
            if communication.channel_call:
                self._log_call(communication)
            if communication.channel_registered_letter:
                self._post_registered_letter(communication, day, acknowledged)

    def _deliver_emails(self, communications):
        """The mail server accepts the emails, as Odoo's mail queue records it; the
        delivery follow-up then marks their communications sent."""
        mails = communications.mail_mail_id.sudo()
        if not mails:
            return
        mails.write({"state": "sent", "failure_reason": False})
        mails._postprocess_sent_message(success_pids=mails.mail_message_id.partner_ids)
        self.env["relance.communication"]._check_email_delivery()
        # Sent on their run's day, in the morning, not today.
        for communication in communications.filtered(lambda c: c.state == "sent"):
            communication.sent_date = datetime.combine(communication.date, time(8))

    def _log_call(self, communication):
        outcome, note = CALL_OUTCOMES[self.calls_made % len(CALL_OUTCOMES)]
        self.calls_made += 1
        communication.write({"call_outcome": outcome, "call_note": note, "call_attempts": 1})
        # Called on the run's day, in the afternoon, not today.
        communication.sent_date = datetime.combine(communication.date, time(15))

    def _post_registered_letter(self, communication, day, acknowledged):
        number = self.rng.randrange(10**10, 10**11)
        values = {
            "registered_tracking": f"1A {str(number)[:3]} {str(number)[3:6]} {str(number)[6:]}",
            "registered_sent_date": day + timedelta(days=1),
        }
        if acknowledged:
            values["registered_receipt_date"] = day + timedelta(days=4)
        communication.write(values)

    def _customers_answer(self, company, week, day):
        """What customers did between two runs: promises kept and broken, a dispute."""
        called = self._customers_contacted(company, day) - self.promised
        if week == 6:
            self._promise(called[:1], company, day, pay=True)
        elif week == 5:
            self._promise(called[:1], company, day, pay=False)
        elif week == 4:
            disputed = called[-1:]
            invoice = self._open_invoices(disputed, company)[:1]
            if invoice:
                self.env["relance.dispute"].create(
                    {
                        "move_id": invoice.id,
                        "reason": "quality",
                        "note": "Livraison incomplète : le client attend la reprise du chantier.",
                        "date_start": day + timedelta(days=1),
                        # Still running: the morning view shows it ending this week.
                        "date_end": fields.Date.context_today(self.env.user) + timedelta(days=5),
                    }
                )

    def _customers_contacted(self, company, day):
        """The customers ``day``'s run contacted, those who owe most first."""
        return (
            self.env["relance.communication"]
            .search(
                [("company_id", "=", company.id), ("date", "=", day), ("state", "=", "sent")],
                order="amount_net desc",
            )
            .partner_id
        )

    def _open_invoices(self, partner, company):
        return self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("commercial_partner_id", "in", partner.ids),
                ("move_type", "=", "out_invoice"),
                ("payment_state", "in", ("not_paid", "partial")),
            ],
            order="invoice_date",
        )

    def _promise(self, partner, company, day, pay):
        """``partner`` promised, on the day after ``day``'s reminder, to pay a third of
        its oldest open invoice five days later; and paid it, if ``pay``."""
        if not partner:
            return
        self.promised |= partner
        invoice = self._open_invoices(partner, company)[:1]
        if not invoice:
            return
        amount = round(invoice.amount_residual / 3, 2)
        promised_on = day + timedelta(days=5)
        promise = (
            self.env["relance.promise"]
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "amount": amount,
                    "date": fields.Date.context_today(self.env.user),
                    "note": "Promis au téléphone.",
                }
            )
        )
        # A promise is refused in the past; this one was made weeks ago.
        self.env.cr.execute(
            SQL(
                "UPDATE relance_promise SET date = %s WHERE id = %s",
                promised_on,
                promise.id,
            )
        )
        promise.invalidate_recordset(["date"])
        if pay:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {"amount": amount, "payment_date": promised_on - timedelta(days=1)}
            )._create_payments()
