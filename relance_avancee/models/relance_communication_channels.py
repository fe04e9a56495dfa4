# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What each channel of a communication does once the sender carries it out: the
email posted, the call and the hand-over scheduled for the responsible, the history
logged on the customer and the invoices; and where it stands for the collector
afterwards (``progress``: a call to make, then done with its outcome; a registered
letter to post, then awaiting its receipt)."""

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import format_date

from .relance_level import CHANNEL_FIELDS

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


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

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
        outcomes = dict(self._fields["call_outcome"]._description_selection(self.env))
        for communication in self:
            calls = communication.activity_ids.filtered(
                lambda activity: activity.activity_type_id == call_type
            )
            if calls:
                calls.action_feedback(
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
        """{communication: the person who acts on it}: the customer's collector, else
        its salesperson, else whoever ran the collections unless that is OdooBot (a
        scheduled run), else the company's collections responsible (looked up once
        per company). A person who cannot work in the communication's company is
        skipped."""
        by_company, responsibles = {}, {}
        for communication in self:
            company = communication.company_id
            customer = communication.partner_id.with_company(company)
            candidates = (
                customer.relance_collector_id,
                customer.user_id,
                communication.user_id,
            )
            person = next((user for user in candidates if self._can_act(user, company)), None)
            if person is None:
                if company not in by_company:
                    by_company[company] = company._relance_responsible()
                person = by_company[company]
            responsibles[communication] = person
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
