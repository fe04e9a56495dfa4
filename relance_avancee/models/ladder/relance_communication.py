# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

from ...tools import bulk_sql
from .relance_level import CHANNEL_FIELDS

# What may change once a communication is recorded: its delivery, never its facts.
DELIVERY_FIELDS = {
    "state",
    "cancel_reason",
    "postponed_until",
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
    "call_attempts",
    "call_paid_date",
    "call_paid_method",
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

PROGRESS = [
    ("to_approve", "To Approve"),
    ("queued", "Queued"),
    ("sending", "Email in the Queue"),
    ("call_to_do", "Call to Make"),
    ("letter_to_print", "Letter to Print"),
    ("letter_to_post", "Registered Letter to Post"),
    ("awaiting_receipt", "Awaiting Acknowledgement of Receipt"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]

# A communication that has not left yet, or a call not made: cancelling it costs
# nothing.
WAITING_STATES = ("to_approve", "queued", "failed", "call")


PAYMENT_METHODS = [
    ("transfer", "Bank transfer"),
    ("cheque", "Cheque"),
    ("card", "Card"),
    ("direct_debit", "Direct debit"),
    ("cash", "Cash"),
    ("other", "Other"),
]


class RelanceCommunication(models.Model):
    """A collections communication: the record of what was decided, and its history.

    Its other concerns have their own files, as Odoo splits mail.thread over
    mail_thread_*.py: the letter (relance_communication_letter.py), the sending
    pipeline (_sending), what each channel does once sent (_channels), email
    transport (_email) and the delivery follow-up (_delivery).
    """

    _name = "relance.communication"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "relance.group.currency.mixin",
        "relance.communication.sending",
    ]
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
    # A group's currency, for the sign on its totals (relance.group.currency.mixin).
    currency_id_in_group = fields.Integer(
        "Currency of the Group", compute="_compute_currency_in_group", aggregator="single"
    )
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
    first_contact = fields.Boolean(
        "First Communication",
        readonly=True,
        help="The customer's first collections communication: its letter and email "
        "refer to no earlier reminder.",
    )
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
            # A call to make: nothing has left, nothing is sent until the collector
            # logs what the customer said.
            ("call", "Call to Make"),
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
    postponed_until = fields.Date(
        readonly=True,
        help="A person postponed the decision: the communication waits for approval "
        "and comes back to the approval queue on this day.",
    )
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
    call_outcome = fields.Selection(CALL_OUTCOMES)
    call_note = fields.Text()

    # Approval.
    previous_communication_id = fields.Many2one(
        "relance.communication",
        compute="_compute_previous_communication_id",
        help="The last communication before this one about the same invoices.",
    )
    previous_progress = fields.Selection(
        PROGRESS, "Where It Stands", compute="_compute_previous_communication_id"
    )
    previous_receipt_date = fields.Date(
        "Its Acknowledgement of Receipt", compute="_compute_previous_communication_id"
    )
    letter_interest = fields.Monetary(
        "Interest Claimed",
        compute="_compute_letter_penalties",
        help="The late-payment interest the formal notice claims, to its date.",
    )
    letter_indemnity = fields.Monetary(
        "Indemnities Claimed",
        compute="_compute_letter_penalties",
        help="The fixed recovery indemnities the formal notice claims.",
    )

    # What each channel of a communication does once the sender carries it out.
    # What the communication means for the collector, beside its technical state:
    # a call is to do then done, a registered letter waits for its receipt.
    progress = fields.Selection(
        PROGRESS,
        compute="_compute_progress",
        store=True,
        index=True,
        help="Where this communication stands for the collector: what is still to do "
        "(a call, a letter to post, a receipt to wait for) or what was done.",
    )
    channel_labels = fields.Char("Channels", compute="_compute_channel_labels")

    # The call.
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

    @api.depends("amount_due", "amount_credit")
    def _compute_amount_net(self):
        for communication in self:
            communication.amount_net = communication.amount_due + communication.amount_credit

    @api.depends("partner_id", "level_id", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for communication in self:
            communication.display_name = self.env._(
                "%(level)s – %(customer)s (%(date)s)",
                level=communication.level_id.name,
                customer=communication.partner_id.name,
                # The reader's date format, not ISO.
                date=format_date(self.env, communication.date),
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
        id_by_key = bulk_sql.index_by_key(inserted)
        self.invalidate_model()
        return self.browse(id_by_key[vals["partner_id"], vals["currency_id"]] for vals in vals_list)

    def write(self, vals):
        if not self.env.su and ("state" in vals or "postponed_until" in vals):
            # Leaving the approval queue, either way, or putting the decision off is
            # an approver's decision.
            self.filtered(
                lambda c: c.state == "to_approve"
                and (vals.get("state", "to_approve") != "to_approve" or "postponed_until" in vals)
            )._check_approver()
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
        result = super().write(vals)
        if vals.get("call_outcome"):
            self._close_call_activities()
            # The call is made: it is sent now, with its one attempt that reached
            # the customer.
            self.filtered(lambda c: c.state == "call").write(
                {"state": "sent", "sent_date": fields.Datetime.now(), "send_attempts": 1}
            )
        return result

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

    # ------------------------------------------------------------------
    # Approval: who decides on a communication waiting for approval (a Collections
    # manager for the legal steps, a formal notice or a hand-over; a collector for the
    # others where the company allows it), with what in front of them (the previous
    # communication of the same items and where it stands, the penalties the letter will
    # claim, a preview of the letter and the email), and the three decisions: approve,
    # reject with a reason, postpone to a day.
    # ------------------------------------------------------------------

    def _compute_previous_communication_id(self):
        # Shown on the form, one record at a time.
        for communication in self:
            previous = self.browse()
            if communication.id:
                previous = self.search(
                    [
                        ("company_id", "=", communication.company_id.id),
                        ("partner_id", "=", communication.partner_id.id),
                        ("id", "!=", communication.id),
                        ("state", "!=", "cancelled"),
                        ("date", "<=", communication.date),
                        ("line_ids.move_line_id", "in", communication._own_items().ids),
                    ],
                    order="date desc, id desc",
                    limit=1,
                )
            communication.previous_communication_id = previous
            communication.previous_progress = previous.progress
            communication.previous_receipt_date = previous.registered_receipt_date

    def _compute_letter_penalties(self):
        notices = self.filtered(lambda c: c.id and c.level_id.formal_notice)
        values = self.env["report.relance_avancee.report_relance_letter"]._letter_values(notices)
        for communication in self:
            letter = values.get(communication.id, {})
            communication.letter_interest = letter.get("interest", 0.0)
            communication.letter_indemnity = letter.get("indemnity", 0.0)

    def action_approve(self):
        waiting = self.filtered(lambda communication: communication.state == "to_approve")
        if waiting != self:
            raise UserError(self.env._("Only communications waiting for approval can be approved."))
        waiting.write({"state": "queued", "postponed_until": False})
        return True

    def action_reject(self):
        """Ask why, then cancel: the reason is kept on the communication."""
        return self._open_decision_wizard("relance.communication.reject", self.env._("Reject"))

    def action_postpone(self):
        """Ask until when the decision waits."""
        return self._open_decision_wizard("relance.communication.postpone", self.env._("Postpone"))

    def _open_decision_wizard(self, model, title):
        if not self:
            raise UserError(self.env._("Select the communications to decide on."))
        self._check_decidable()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_communication_ids": self.ids},
        }

    def _reject(self, reason):
        """Cancel these communications waiting for approval, keeping ``reason``."""
        self._check_decidable()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the communication is rejected."))
        message = self.env._(
            "Rejected by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
        )
        self.write({"state": "cancelled", "cancel_reason": message, "postponed_until": False})
        for communication in self:
            communication.message_post(body=message)
        self._restore_levels()

    def _restore_levels(self):
        """What a rejected communication moved up goes back to the level it had: it
        was never sent, so its items never reached that level (a formal notice not
        sent puts nothing on notice). The ladder proposes the step again at a later
        run; a hold, a promise or a postponement is how to wait instead."""
        moved = self.line_ids.filtered(lambda line: line.moved_up and not line.is_credit)
        if not moved:
            return
        earlier = self.env["relance.communication.line"].search(
            [
                ("move_line_id", "in", moved.move_line_id.ids),
                ("communication_id", "not in", self.ids),
                ("communication_id.state", "!=", "cancelled"),
                ("is_credit", "=", False),
            ]
        )
        previous = {}
        for line in earlier.sorted(
            lambda line: (line.communication_id.date, line.communication_id.id)
        ):
            previous[line.move_line_id.id] = line.level_id.id or None
        current = {
            state.move_line_id.id: state.level_id.id
            for state in moved.move_line_id.relance_state_ids
        }
        self.env["relance.line.state"]._set_states(
            [
                (line.move_line_id.id, previous.get(line.move_line_id.id), None, None)
                for line in moved
                # Not an item that moved on since (another communication took it).
                if current.get(line.move_line_id.id) == line.level_id.id
            ]
        )

    def _postpone(self, day, note=None):
        """Keep these communications waiting for approval until ``day``."""
        self._check_decidable()
        if not day or day <= fields.Date.context_today(self):
            raise UserError(
                self.env._("Postpone to a day after today: the decision can wait, not go back.")
            )
        self.write({"postponed_until": day})
        message = self.env._(
            "Decision postponed to %(date)s by %(user)s.",
            date=format_date(self.env, day),
            user=self.env.user.name,
        )
        for communication in self:
            communication.message_post(body=f"{message} {note}" if note else message)

    def _check_decidable(self):
        if self.filtered(lambda communication: communication.state != "to_approve"):
            raise UserError(
                self.env._("Only communications waiting for approval can be rejected or postponed.")
            )
        self._check_approver()

    def _check_approver(self):
        """Refuse unless the user may decide on these communications waiting for
        approval: a Collections manager always; a Collections user only where its
        company lets collectors approve, and never a formal notice or a hand-over,
        legal steps a manager answers for."""
        if not self or self.env.user.has_group("relance_avancee.group_relance_manager"):
            return
        legal = self.filtered(lambda c: c.level_id.formal_notice or c.channel_hand_over)
        if legal:
            raise UserError(
                self.env._(
                    "Only a Collections manager decides on a formal notice or a hand-over "
                    "(%(communications)s). Ask your manager to approve, reject or postpone it.",
                    communications=", ".join(legal.mapped("display_name")),
                )
            )
        closed = self.company_id.filtered(lambda company: not company.relance_collector_approves)
        if closed:
            raise UserError(
                self.env._(
                    "In %(company)s, only a Collections manager decides on the communications "
                    "waiting for approval. Ask your manager, or have the company let "
                    "collectors approve reminders.",
                    company=", ".join(closed.mapped("name")),
                )
            )

    def action_preview_letter(self):
        """The letter as it will be printed, without marking it printed."""
        self.ensure_one()
        if not self._by_post():
            raise UserError(self.env._("This communication has no letter to print."))
        return self.env.ref("relance_avancee.action_report_relance_letter").report_action(self)

    def action_preview_email(self):
        """The email as its template renders it for this communication."""
        self.ensure_one()
        if not self.channel_email or not self.level_id.mail_template_id:
            raise UserError(self.env._("This communication sends no email."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Email Preview"),
            "res_model": "mail.template.preview",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_mail_template_id": self.level_id.mail_template_id.id,
                "default_resource_ref": f"{self._name},{self.id}",
                "default_lang": self.partner_id.lang,
            },
        }

    # ------------------------------------------------------------------
    # What each channel of a communication does once the sender carries it out: the
    # email posted, the call and the hand-over scheduled for the responsible, the history
    # logged on the customer and the invoices; and where it stands for the collector
    # afterwards (``progress``: a call to make, then done with its outcome; a registered
    # letter to post, then awaiting its receipt).
    # ------------------------------------------------------------------

    @api.depends(
        "state",
        "channel_call",
        "call_outcome",
        "channel_letter",
        "letter_fallback",
        "letter_printed",
        "channel_registered_letter",
        "registered_sent_date",
        "registered_receipt_date",
    )
    def _compute_progress(self):
        for communication in self:
            communication.progress = communication._progress()

    def _progress(self):
        """The first thing still to do once carried out, else done."""
        self.ensure_one()
        if self.state == "call":
            return "call_to_do"
        if self.state not in ("sending", "sent"):
            return self.state
        if self.channel_call and not self.call_outcome:
            return "call_to_do"
        if self.channel_registered_letter and not self.registered_sent_date:
            return "letter_to_post"
        if (self.channel_letter or self.letter_fallback) and not self.letter_printed:
            return "letter_to_print"
        if self.channel_registered_letter and not self.registered_receipt_date:
            return "awaiting_receipt"
        return "sending" if self.state == "sending" else "done"

    @api.depends_context("lang")
    def _compute_channel_labels(self):
        labels = {
            name: self._fields[name].get_description(self.env)["string"] for name in CHANNEL_FIELDS
        }
        for communication in self:
            names = [labels[name] for name in CHANNEL_FIELDS if communication[name]]
            if communication.letter_fallback:
                names.append(self._fields["letter_fallback"].get_description(self.env)["string"])
            if communication.registered_tracking:
                names.append(communication.registered_tracking)
            communication.channel_labels = ", ".join(names)

    def _close_call_activities(self):
        """The call's outcome is logged: its activity is done, with the outcome."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        for communication in self:
            calls = communication.activity_ids.filtered(
                lambda activity: activity.activity_type_id == call_type
            )
            if calls:
                # Written in the company's language, Odoo's own "done" line included.
                env = self.with_context(lang=communication.company_id._relance_lang()).env
                outcomes = dict(self._fields["call_outcome"]._description_selection(env))
                calls.with_env(env).action_feedback(
                    feedback=" – ".join(
                        filter(
                            None, [outcomes[communication.call_outcome], communication.call_note]
                        )
                    )
                )

    def _carry_out(self, email_posted=False):
        """Do what the level says (its email unless ``email_posted`` with the batch).

        A communication with an email is *Sending* until the mail server accepts it
        (see the delivery follow-up); the others are *Sent* once carried out.
        """
        self.ensure_one()
        if self.channel_email and not email_posted:
            self._post_emails(self._render_email())
        if self.channel_call:
            self._schedule_call()
        if self.channel_hand_over:
            self._schedule_hand_over()
        self._log_on_documents()
        if self._only_a_call():
            # Nothing left: the call is to make. It is done when its outcome is logged.
            self.write({"state": "call", "failure_reason": False})
            return
        self.write(
            {
                "state": "sending" if self.channel_email else "sent",
                "sent_date": fields.Datetime.now(),
                "send_attempts": self.send_attempts + 1,
                "failure_reason": False,
            }
        )

    def _only_a_call(self):
        """Whether the call is all this communication sends the customer."""
        self.ensure_one()
        return self.channel_call and not (
            self.channel_email or self.channel_letter or self.channel_registered_letter
        )

    def _schedule_call(self):
        # No assignment email per activity: a run schedules hundreds at once, and the
        # responsible finds them in their activities.
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._(
                "Call %(customer)s about %(amount)s overdue",
                customer=self.partner_id.name,
                amount=self._format_amount(self.amount_net),
            ),
            note=self._call_note(),
            user_id=self._responsible().id,
        )

    def _call_note(self):
        """The call activity's note: the numbers to dial, then the level's script."""
        numbers = Markup(" ").join(
            Markup('<a href="tel:{}">{}</a>').format(number.replace(" ", ""), number)
            for number in (self.call_phone, self.call_mobile)
            if number
        )
        return Markup("{}{}").format(
            Markup("<p>{}</p>").format(numbers) if numbers else "",
            self.level_id.call_script or "",
        )

    def _schedule_hand_over(self):
        """Mark the items this communication hands over, and give the responsible one
        hand-over task per customer: the open one, if any, gathers the new items (a
        note says which); otherwise a new one."""
        items = self._own_items_lines()
        items.move_line_id.relance_state_ids.to_hand_over = True
        note = self._hand_over_note(items)
        activity = self._open_hand_over_activities()[:1]
        if activity:
            activity.note = Markup("{}{}").format(activity.note or "", note)
            return
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Hand %(customer)s over to collection", customer=self.partner_id.name
            ),
            note=note,
            user_id=self._responsible().id,
        )

    def _hand_over_note(self, items):
        """The invoices ``items`` (communication lines) hand over, for the task."""
        names = ", ".join(sorted(set(items.move_line_id.move_id.mapped("name"))))
        return Markup("<p>{}</p>").format(
            self.env._(
                "%(date)s: %(invoices)s (%(amount)s).",
                date=format_date(self.env, self.date),
                invoices=names,
                amount=self._format_amount(sum(items.mapped("amount_residual"))),
            )
        )

    def _open_hand_over_activities(self):
        """The open hand-over tasks of this communication's customer and company, on
        any of its communications."""
        self.ensure_one()
        return self._hand_over_tasks(
            [("company_id", "=", self.company_id.id), ("partner_id", "=", self.partner_id.id)]
        )

    @api.model
    def _hand_over_tasks(self, domain):
        """The open hand-over tasks on the hand-over communications matching
        ``domain``, the oldest first."""
        handing = self.search([*domain, ("channel_hand_over", "=", True)])
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", handing.ids),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
            ],
            order="id",
        )

    def _schedule_failure_activity(self):
        """Tell the responsible that this communication needs them (once)."""
        self.ensure_one()
        summary = self.env._("Collections communication not sent")
        if self.activity_ids.filtered(lambda activity: activity.summary == summary):
            return
        self.with_context(mail_activity_quick_update=True).activity_schedule(
            "mail.mail_activity_data_warning",
            summary=summary,
            note=escape(self.failure_reason or ""),
            user_id=self._responsible().id,
        )

    def _responsible(self):
        """The person who acts on this communication: see :meth:`_responsibles`."""
        self.ensure_one()
        return self._responsibles()[self]

    def _responsibles(self):
        """{communication: the person who acts on it}: its customer's collector, else
        its salesperson, else its responsible when a person recorded it by hand, else
        the company's collections responsible
        (``res.partner._relance_collection_responsibles``)."""
        responsibles = {}
        for (company, asked_by), communications in self.grouped(
            lambda communication: (communication.company_id, communication.user_id)
        ).items():
            by_customer = communications.partner_id._relance_collection_responsibles(
                company, asked_by
            )
            for communication in communications:
                responsibles[communication] = by_customer[communication.partner_id.id]
        return responsibles

    @staticmethod
    def _can_act(user, company):
        """Whether ``user`` is a person who can work on ``company``'s collections: a
        Collections user of that company."""
        user = user.sudo()
        return bool(
            user
            and user.active
            and not user.share
            and not user._is_superuser()
            and company in user.company_ids
            # Someone who can open the communication and log the call's outcome.
            and user.has_group("relance_avancee.group_relance_user")
        )

    def _log_on_documents(self):
        """Post the communication on the customer's and the invoices' chatter."""
        body = self.env._(
            "Collections: %(level)s (%(channels)s), %(amount)s claimed.",
            level=self.level_id.name,
            channels=", ".join(self.level_id._channel_labels()),
            amount=self._format_amount(self.amount_net),
        )
        # Logged as is (no message_post to escape it): plain text becomes safe HTML.
        body = escape(body)
        if self.channel_note and self.level_id.note:
            body = Markup("{}<br/>{}").format(body, self.level_id.note)
        # Posting on a customer requires write access to it, which a collector may not
        # have; the note records a fact of the run, so it is posted as superuser with
        # the collector as its author.
        author = self.env.user.partner_id.id
        invoices = self.line_ids.move_line_id.move_id
        for records in (self.partner_id, invoices):
            records.sudo()._message_log_batch(
                {record.id: body for record in records}, author_id=author
            )

    # ------------------------------------------------------------------
    # Work that is no longer needed is closed: when a customer's items are paid, put in
    # a payment plan, handed to a collection case, disputed, or the customer is put on
    # hold, the communications still waiting (for approval or for sending) and the open
    # collections activities that concern only those items are cancelled or closed, each
    # with the reason, in the company's language.
    # ------------------------------------------------------------------
    def _withdraw_settled(self, partners, company, reason):
        """Cancel the waiting communications and close the open activities of
        ``partners``' collections in ``company`` that nothing is left to do for: every
        item they concern is paid or in hand (:meth:`_items_in_hand`). ``reason``: a
        callable giving the note to write, called in the company's language.

        Returns the communications cancelled and the activities closed.
        """
        partners = partners.commercial_partner_id
        Activity = self.env["mail.activity"]
        if not partners:
            return self, Activity
        communications = self.search(
            [("company_id", "=", company.id), ("partner_id", "in", partners.ids)]
        )
        activities = Activity.search(
            [("res_model", "=", self._name), ("res_id", "in", communications.ids)]
        )
        waiting = communications.filtered(lambda c: c.state in WAITING_STATES)
        busy = waiting | self.browse(activities.mapped("res_id"))
        if not busy:
            return self, Activity
        concerned = busy._concerned_items(communications)
        in_hand = self._items_in_hand(concerned, company)
        done = busy.filtered(lambda c: concerned[c] <= in_hand)
        if not done:
            return self, Activity
        lang = company._relance_lang()
        message = reason(self.with_context(lang=lang).env)
        cancelled = done & waiting
        cancelled.write({"state": "cancelled", "cancel_reason": message})
        closed = activities.filtered(lambda activity: self.browse(activity.res_id) in done)
        if closed:
            closed.with_context(lang=lang).action_feedback(feedback=message)
        return cancelled, closed

    def _concerned_items(self, communications):
        """{communication: the journal items it concerns} for ``self``: the items it
        moved up (all its debts for a communication recorded before that was kept),
        and for a hand-over, the items of every hand-over of the customer, which its
        one task gathers. ``communications``: the customers' communications."""
        hand_overs = {}
        for communication in communications.filtered("channel_hand_over"):
            hand_overs.setdefault(communication.partner_id, self.env["account.move.line"])
            hand_overs[communication.partner_id] |= communication._own_items()
        return {
            communication: communication._own_items()
            | (
                hand_overs.get(communication.partner_id, self.env["account.move.line"])
                if communication.channel_hand_over
                else self.env["account.move.line"]
            )
            for communication in self
        }

    def _own_items(self):
        self.ensure_one()
        return self._own_items_lines().move_line_id

    def _own_items_lines(self):
        """The communication's lines it is about: the debts it moved up (all its
        debts for a communication recorded before that was kept)."""
        self.ensure_one()
        debts = self.line_ids.filtered(lambda line: not line.is_credit)
        return debts.filtered("moved_up") or debts

    def _items_in_hand(self, concerned, company):
        """The journal items among ``concerned``'s that nothing is left to do for on
        the ladder: paid, on an invoice the run leaves alone today (a running
        dispute, an active payment plan, an open collection case), or owed by a
        customer on hold."""
        lines = self.env["account.move.line"].union(*concerned.values())
        lines = lines.with_company(company)
        run = self.env["relance.run"].new(
            {"company_id": company.id, "date": fields.Date.context_today(self)}
        )
        set_aside = run._set_aside_moves(set(lines.move_id.ids))
        on_hold = run._held_customers(lines.partner_id.commercial_partner_id)
        return lines.filtered(
            lambda line: line.reconciled
            or line.company_currency_id.is_zero(line.amount_residual)
            or line.move_id.id in set_aside
            or line.partner_id.commercial_partner_id in on_hold
        )

    def _merge_hand_over_tasks(self):
        """Leave each customer at most one open hand-over task per company: the oldest
        gathers the others' invoices in its note, the others are closed saying so.
        (Before 18.0.2.5.0 each hand-over made a task of its own.)"""
        tasks = self._hand_over_tasks([])
        by_customer = {}
        for task in tasks:
            communication = self.browse(task.res_id)
            key = (communication.company_id, communication.partner_id)
            by_customer.setdefault(key, self.env["mail.activity"])
            by_customer[key] |= task
        for (company, _customer), open_tasks in by_customer.items():
            kept, merged = open_tasks[:1], open_tasks[1:]
            if not merged:
                continue
            env = self.with_context(lang=company._relance_lang()).env
            notes = [
                self.browse(task.res_id)._hand_over_note(
                    self.browse(task.res_id)._own_items_lines()
                )
                for task in merged
            ]
            kept.note = Markup("").join([kept.note or Markup(""), *notes])
            merged.with_env(env).action_feedback(
                feedback=env._("Merged into the customer's open hand-over task.")
            )

    # ------------------------------------------------------------------
    # The mail thread: what Odoo's mail does with a collections email, here rather
    # than in relance.communication.sending, which mail.thread would shadow.
    # ------------------------------------------------------------------
    def _notify_thread_by_email(self, message, recipients_data, msg_vals=False, **kwargs):
        """Odoo's *Resend* on this communication's failed email sends that same email
        again, never a copy: the customer would otherwise get one per attempt."""
        if kwargs.get("resend_existing") and message == self.mail_message_id:
            # Only an email that failed and was not put back meanwhile: a sent or
            # queued one would leave twice.
            failed = self.filtered(
                lambda c: c.state in ("sending", "failed")
                and c.mail_mail_id.sudo().state == "exception"
            )
            if failed._requeue_email_by_hand():
                raise UserError(failed._payment_in_progress_message())
            return True
        return super()._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )

    def _message_receive_bounce(self, email, partner):
        """The mail gateway received a bounce of this communication's email, for one
        of its recipients."""
        result = super()._message_receive_bounce(email, partner)
        for communication in self:
            recipients = communication.sudo().mail_message_id.partner_ids
            if communication.email_status != "bounced" and (not partner or recipients & partner):
                communication._fall_back_to_letter()
        return result

    # ------------------------------------------------------------------
    # The call: whom to call and what to say (the contact's numbers, the level's
    # script), and what the customer said, logged in one step that creates what it says: a
    # promise to pay, a dispute, a search for a payment the customer says it made (the
    # ladder held meanwhile), the next attempt when nobody answered. Each outcome is written
    # in the customer's chatter, in the company's language.
    # ------------------------------------------------------------------

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
