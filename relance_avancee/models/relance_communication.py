# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

from ..engine import penalties
from ..tools import bulk_sql
from ..tools.formatting import format_percent, format_rates

# What may change once a communication is recorded: its delivery, never its facts.
DELIVERY_FIELDS = {
    "state",
    "cancel_reason",
    "failure_reason",
    "send_attempts",
    "sent_date",
    "mail_message_id",
    "letter_printed",
    "registered_tracking",
    "registered_sent_date",
    "registered_receipt_date",
    "registered_receipt",
    "call_outcome",
    "call_note",
    "email_status",
    "email_attempts",
    "email_deferrals",
    "email_next_attempt",
    "mail_mail_id",
    "letter_fallback",
    # Technical fields maintained by mail.thread / mail.activity.mixin.
    "message_main_attachment_id",
    "activity_ids",
    "message_follower_ids",
}

CALL_OUTCOMES = [
    ("promise", "Promise to pay"),
    ("dispute", "Dispute"),
    ("already_paid", "Already paid"),
    ("no_answer", "No answer"),
    ("wrong_contact", "Wrong contact"),
    ("refuses", "Refuses to pay"),
]


class RelanceCommunication(models.Model):
    _name = "relance.communication"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Collections communication"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, readonly=True, check_company=True
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    level_id = fields.Many2one(
        "relance.level", required=True, readonly=True, index=True, check_company=True
    )
    policy_id = fields.Many2one(related="level_id.policy_id", store=True)
    formal_notice = fields.Boolean(related="level_id.formal_notice")
    run_id = fields.Many2one(
        "relance.run", readonly=True, index=True, ondelete="set null", check_company=True
    )
    date = fields.Date(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", "Responsible", readonly=True, default=lambda self: self.env.user
    )
    line_ids = fields.One2many("relance.communication.line", "communication_id", readonly=True)
    amount_due = fields.Monetary(readonly=True)
    amount_credit = fields.Monetary("Credits", readonly=True)
    amount_net = fields.Monetary("Amount Claimed", compute="_compute_amount_net", store=True)
    # The channels are copied from the level: the history says what was done even if
    # the level is edited later.
    channel_email = fields.Boolean("Email", readonly=True)
    channel_letter = fields.Boolean("Letter", readonly=True)
    channel_registered_letter = fields.Boolean("Registered Letter", readonly=True)
    channel_call = fields.Boolean("Phone Call", readonly=True)
    channel_hand_over = fields.Boolean("Hand Over", readonly=True)
    channel_note = fields.Boolean("Internal Note", readonly=True)
    state = fields.Selection(
        [
            ("to_approve", "To Approve"),
            ("queued", "Queued"),
            ("sending", "Sending"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="queued",
        index=True,
        tracking=True,
        readonly=True,
    )
    cancel_reason = fields.Char(readonly=True)
    failure_reason = fields.Text(readonly=True)
    send_attempts = fields.Integer(readonly=True)
    sent_date = fields.Datetime(readonly=True)
    mail_message_id = fields.Many2one("mail.message", "Email Message", readonly=True)
    # The one email of this communication that may ever leave: every retry sends it
    # again, none makes a copy.
    mail_mail_id = fields.Many2one(
        "mail.mail", "Outgoing Email", readonly=True, ondelete="set null", index="btree_not_null"
    )
    email_status = fields.Selection(
        [
            ("pending", "In the Mail Queue"),
            ("deferred", "Waiting to Be Tried Again"),
            ("sent", "Accepted by the Mail Server"),
            ("failed", "Failed"),
            ("bounced", "Bounced"),
        ],
        readonly=True,
        index=True,
    )
    email_attempts = fields.Integer(
        "Email Refusals",
        readonly=True,
        help="How many times the mail server refused the email. Times it could not be "
        "reached do not count.",
    )
    email_deferrals = fields.Integer(
        "Email Retries", readonly=True, help="How many times the email was put back in the queue."
    )
    email_next_attempt = fields.Datetime("Next Email Attempt", readonly=True)
    letter_fallback = fields.Boolean(
        "Letter Instead of Email",
        readonly=True,
        help="The email bounced: the communication is to be printed and posted.",
    )
    letter_printed = fields.Boolean(readonly=True)
    registered_tracking = fields.Char("Tracking Number")
    registered_sent_date = fields.Date("Posted On")
    registered_receipt_date = fields.Date("Acknowledgement of Receipt")
    registered_receipt = fields.Binary("Scanned Receipt", attachment=True)
    letter_qr_warning = fields.Char(
        "Letter QR Warning",
        compute="_compute_letter_qr_warning",
        help="Why this communication's letter has no payment QR code.",
    )
    call_outcome = fields.Selection(CALL_OUTCOMES)
    call_note = fields.Text()

    @api.depends("amount_due", "amount_credit")
    def _compute_amount_net(self):
        for communication in self:
            communication.amount_net = communication.amount_due + communication.amount_credit

    @api.depends("partner_id", "level_id", "date")
    def _compute_display_name(self):
        for communication in self:
            communication.display_name = self.env._(
                "%(level)s – %(customer)s (%(date)s)",
                level=communication.level_id.name,
                customer=communication.partner_id.name,
                date=communication.date,
            )

    @api.model
    def _insert_facts(self, vals_list):
        """Record a run's communications in one statement; return them, in order.

        A run records thousands of communications a day, each a plain row of facts
        decided by the engine: no default, no computation, no creation message and no
        follower to add, which is all the ORM's create would spend its time on. The
        values must be complete (``relance.run._prepare_communication_vals``),
        ``amount_net`` and ``policy_id`` included, and name one communication per
        customer and currency (the run's rule), which is how the new ids are matched
        back to ``vals_list``.
        """
        if not vals_list:
            return self
        self.flush_model()
        columns = list(vals_list[0])
        inserted = bulk_sql.insert_rows(
            self,
            columns,
            [tuple(vals[column] for column in columns) for vals in vals_list],
            returning=("id", "partner_id", "currency_id"),
        )
        id_by_key = {(partner, currency): id_ for id_, partner, currency in inserted}
        self.invalidate_model()
        return self.browse(id_by_key[vals["partner_id"], vals["currency_id"]] for vals in vals_list)

    def write(self, vals):
        facts = set(vals) - DELIVERY_FIELDS
        if facts and not self.env.context.get("relance_allow_fact_write"):
            raise UserError(
                self.env._(
                    "A collections communication is a logged fact and cannot be changed "
                    "(fields: %(fields)s). Only its delivery status and the registered "
                    "letter's proof can be updated.",
                    fields=", ".join(sorted(facts)),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        if any(communication.state != "to_approve" for communication in self):
            raise UserError(
                self.env._(
                    "Only communications waiting for approval can be deleted; cancel the "
                    "others instead, so that the history stays complete."
                )
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_approve(self):
        waiting = self.filtered(lambda communication: communication.state == "to_approve")
        if waiting != self:
            raise UserError(self.env._("Only communications waiting for approval can be approved."))
        waiting.state = "queued"
        return True

    def action_cancel(self):
        if self.filtered(lambda c: c.state in ("sending", "sent", "cancelled")):
            raise UserError(
                self.env._("A sent, sending or cancelled communication cannot be cancelled.")
            )
        self.write(
            {
                "state": "cancelled",
                "cancel_reason": self.env._("Cancelled by %(user)s", user=self.env.user.name),
            }
        )
        return True

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

    def _relance_letter_values(self):
        """Everything a printed letter shows, in the language of ``self.env``.

        The items still due (paid ones dropped when sending), the credits netted, and
        for a formal notice the penalties accrued on the letter's date: interest not
        yet invoiced and the recovery indemnity where the law gives one.
        """
        self.ensure_one()
        items = self.line_ids.filtered(
            lambda line: not line.is_credit and not line.paid_before_sending
        )
        credits = self.line_ids.filtered("is_credit")
        penalties_by_move = {}
        if self.level_id.formal_notice:
            penalties_by_move = items.move_line_id.move_id._relance_penalties(self.date)
        rows, seen = [], set()
        interest_total = indemnity_total = 0.0
        for line in items.sorted(lambda line: (line.date_maturity or self.date, line.id)):
            move = line.move_line_id.move_id
            penalty = move not in seen and penalties_by_move.get(move)
            seen.add(move)
            interest = float(penalty.interest) if penalty else 0.0
            indemnity = move._relance_indemnity(penalty, self.date) if penalty else 0.0
            interest_total += interest
            indemnity_total += indemnity
            rows.append(
                {
                    "line": line,
                    "move": move,
                    "days_late": max((self.date - line.date_maturity).days, 0)
                    if line.date_maturity
                    else 0,
                    "interest": interest,
                    "indemnity": indemnity,
                    "rates": penalty and format_rates(self.env, penalty.rates),
                }
            )
        principal = sum(items.mapped("amount_residual"))
        credit = sum(credits.mapped("amount_residual"))
        total = self.currency_id.round(principal + credit + interest_total + indemnity_total)
        company = self.company_id
        deadline = self.date + timedelta(days=self.level_id.payment_deadline_days or 8)
        be_consumer_notice = self._be_consumer_first_reminder(total)
        return {
            "rows": rows,
            "credits": credits,
            "principal": principal,
            "credit": credit,
            "interest": interest_total,
            "indemnity": indemnity_total,
            "total": total,
            # A Belgian consumer's free first reminder gives its 14 days instead.
            "deadline": be_consumer_notice["pay_by"]
            if be_consumer_notice
            else format_date(self.env, deadline, date_format="long"),
            "place_date": self.env._(
                "%(city)s, %(date)s",
                city=company.city or "",
                date=format_date(self.env, self.date, date_format="long"),
            ),
            "payment": company._relance_payment_block(self.partner_id, total, self.currency_id),
            "mentions": company._relance_legal_mentions(),
            "first_level": self.level_id == self.policy_id.level_ids.sorted("sequence")[:1],
            "legal_basis": self._legal_basis(),
            "be_consumer_notice": be_consumer_notice,
        }

    def _legal_basis(self):
        """The texts behind the customer's late-payment interest and indemnity."""
        regime = self.partner_id._relance_penalty_regime(self.company_id)
        if regime == penalties.FR_PUBLIC:
            return self.env._("Code de la commande publique, articles L2192-13 and D2192-35")
        if regime in (penalties.BE_B2B, penalties.BE_CONSUMER):
            return self.env._("Belgian law of 2 August 2002, article 6")
        return self.env._("French Commercial Code, articles L441-10 and D441-5")

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

    def _be_consumer_first_reminder(self, amount):
        """The mandatory mentions of a Belgian consumer's free first reminder, or False.

        Code de droit économique, art. XIX.2: the first reminder is free and gives at
        least 14 days to pay, counted from the third working day after it is posted
        (the day after an email), before any interest or damages; it says which
        costs may follow (damages capped by art. XIX.4).
        """
        self.ensure_one()
        regime = self.partner_id._relance_penalty_regime(self.company_id)
        if regime != penalties.BE_CONSUMER:
            return False
        # The first reminder of a debt: some invoice here was never reminded before.
        invoices = self.line_ids.filtered(lambda line: not line.is_credit).move_line_id.move_id
        reminded = self.env["relance.communication.line"].search(
            [
                ("move_line_id.move_id", "in", invoices.ids),
                ("is_credit", "=", False),
                ("communication_id", "!=", self.id),
                ("communication_id.state", "in", ("sending", "sent")),
                ("communication_id.date", "<=", self.date),
            ]
        )
        if not invoices - reminded.move_line_id.move_id:
            return False
        costs_from = penalties.be_consumer_costs_from(self._relance_sent_on(), self._by_post())
        rates = self.env["relance.rate"]._engine_rates()
        return {
            "pay_by": format_date(self.env, costs_from - timedelta(days=1), date_format="long"),
            "rate": format_percent(self.env, penalties.be_statutory_rate(rates, costs_from)),
            "damages_cap": float(penalties.be_consumer_damages_cap(amount)),
        }

    def _format_amount(self, amount):
        return format_amount(self.env, amount, self.currency_id)
