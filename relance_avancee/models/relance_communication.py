# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero, format_amount, format_date

from ..engine import penalties
from ..tools import bulk_sql

_logger = logging.getLogger(__name__)

# What the sending step renders of an email template.
EMAIL_FIELDS = ("subject", "body_html", "email_from", "reply_to", "partner_to")

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
    run_id = fields.Many2one("relance.run", readonly=True, index=True, ondelete="set null")
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
    action_email = fields.Boolean("Email", readonly=True)
    action_letter = fields.Boolean("Letter", readonly=True)
    action_registered_letter = fields.Boolean("Registered Letter", readonly=True)
    action_call = fields.Boolean("Phone Call", readonly=True)
    action_hand_over = fields.Boolean("Hand Over", readonly=True)
    action_note = fields.Boolean("Internal Note", readonly=True)
    state = fields.Selection(
        [
            ("to_approve", "To Approve"),
            ("queued", "Queued"),
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
    email_status = fields.Selection(
        [
            ("pending", "Pending"),
            ("sent", "Delivered"),
            ("failed", "Failed"),
            ("bounced", "Bounced"),
        ],
        readonly=True,
        index=True,
    )
    email_attempts = fields.Integer(readonly=True)
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

    def action_cancel(self):
        if self.filtered(lambda communication: communication.state in ("sent", "cancelled")):
            raise UserError(self.env._("A sent or cancelled communication cannot be cancelled."))
        self.write(
            {
                "state": "cancelled",
                "cancel_reason": self.env._("Cancelled by %(user)s", user=self.env.user.name),
            }
        )

    def action_send_now(self):
        queued = self.filtered(lambda communication: communication.state in ("queued", "failed"))
        if queued != self:
            raise UserError(self.env._("Only queued or failed communications can be sent."))
        queued._send()

    def action_print_letter(self):
        letters = self.filtered(lambda communication: communication._by_post())
        if not letters:
            raise UserError(self.env._("None of these communications has a letter to print."))
        letters.letter_printed = True
        # Where the letters are printed, say why some have no QR code (no IBAN).
        for warning in set(letters.filtered("letter_qr_warning").mapped("letter_qr_warning")):
            self.env.user._bus_send(
                "simple_notification",
                {"type": "warning", "sticky": True, "message": warning},
            )
        return self.env.ref("relance_avancee.action_report_relance_letter").report_action(letters)

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
                    "rates": penalty and penalty.rates_label,
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
        return self.action_letter or self.action_registered_letter or self.letter_fallback

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
                ("communication_id.state", "=", "sent"),
                ("communication_id.date", "<=", self.date),
            ]
        )
        if not invoices - reminded.move_line_id.move_id:
            return False
        costs_from = penalties.be_consumer_costs_from(self._relance_sent_on(), self._by_post())
        rates = self.env["relance.rate"]._engine_rates()
        return {
            "pay_by": format_date(self.env, costs_from - timedelta(days=1), date_format="long"),
            "rate": f"{penalties.be_statutory_rate(rates, costs_from):.2f} %",
            "damages_cap": float(penalties.be_consumer_damages_cap(amount)),
        }

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_queued(self, batch_size=200):
        """Send one batch of queued communications and report progress (ir.cron)."""
        domain = [("state", "=", "queued")]
        communications = self.search(domain, limit=batch_size, order="id")
        communications._lock_for_sending()._send()
        self._check_email_delivery(batch_size)
        self.env["ir.cron"]._notify_progress(
            done=len(communications), remaining=self.search_count(domain)
        )

    def _lock_for_sending(self):
        """Lock the rows a sender handles, skipping rows another sender holds."""
        if not self:
            return self
        self.flush_recordset()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE id IN %s AND state = 'queued' FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        return self.browse(row[0] for row in rows)

    def _send(self):
        """Re-read what is still due, then carry out each communication's actions.

        Emails are queued for Odoo's mail queue, not sent during the batch: a slow or
        unreachable mail server must not hold the batch (and the queue retries).
        """
        self = self.with_context(mail_notify_force_send=False)
        still_due = self._drop_paid_items()
        emails = still_due.filtered("action_email")._render_emails()
        posted = self.browse()
        try:
            with self.env.cr.savepoint():
                batch = still_due.filtered(lambda c: c.id in emails)
                batch._post_emails(emails)
                posted = batch
        except Exception as error:
            # Posted one by one below instead, each failure kept on its communication.
            _logger.info("Posting the batch's emails failed, one by one instead: %s", error)
        for communication in still_due:
            try:
                with self.env.cr.savepoint():
                    communication._carry_out(email_posted=communication in posted)
            except Exception as error:
                if communication in posted:
                    # Sent again later with everything else: its email must not
                    # leave now (the mail queue only sends what is committed).
                    communication._withdraw_email()
                communication._record_failure(error)
        return still_due

    def _record_failure(self, error):
        """Keep why sending failed on the communication, which stays to be sent again.

        Any failure (mail server, rendering, access) is recorded and the batch goes on.
        """
        self.ensure_one()
        _logger.info("Collections communication %s failed: %s", self.id, error)
        self.write(
            {
                "state": "failed",
                "failure_reason": str(error),
                "send_attempts": self.send_attempts + 1,
            }
        )

    def _withdraw_email(self):
        """Delete the email the batch queued for this communication, not yet sent."""
        self.ensure_one()
        message = self.mail_message_id.sudo()
        self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)]).unlink()
        self.write(
            {
                "mail_message_id": False,
                "email_status": False,
                "email_attempts": self.email_attempts - 1,
            }
        )
        message.unlink()

    def _drop_paid_items(self):
        """Mark items paid since the run; cancel communications with nothing left due.

        Returns the communications that still have something due.
        """
        lines = self.line_ids.filtered(lambda line: not line.is_credit)
        for line in lines:
            move_line = line.move_line_id
            if move_line.reconciled or float_is_zero(
                move_line.amount_residual_currency,
                precision_rounding=move_line.currency_id.rounding,
            ):
                line.paid_before_sending = True
        empty = self.filtered(
            lambda c: all(line.paid_before_sending for line in c.line_ids if not line.is_credit)
        )
        empty.write(
            {"state": "cancelled", "cancel_reason": self.env._("Nothing left due when sending.")}
        )
        return self - empty

    def _carry_out(self, email_posted=False):
        """Do what the level says (its email unless ``email_posted`` with the batch)."""
        self.ensure_one()
        level = self.level_id
        if self.action_email and not email_posted:
            self._post_emails(self._render_email())
        if self.action_call:
            self.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._(
                    "Call %(customer)s about %(amount)s overdue",
                    customer=self.partner_id.name,
                    amount=self._format_amount(self.amount_net),
                ),
                note=level.call_script,
                user_id=self.user_id.id or self.env.user.id,
            )
        if self.action_hand_over:
            self.line_ids.move_line_id.relance_state_ids.to_hand_over = True
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Hand %(customer)s over to collection", customer=self.partner_id.name
                ),
                user_id=self.user_id.id or self.env.user.id,
            )
        self._log_on_documents()
        self.write(
            {
                "state": "sent",
                "sent_date": fields.Datetime.now(),
                "send_attempts": self.send_attempts + 1,
            }
        )

    def _render_emails(self):
        """Render the emails of the batch, template by template, in one pass each.

        Returns {communication id: rendered values}. A template that fails to render
        for the batch is left out: each of its communications then renders on its own
        (_render_email), so the error is recorded on the one that causes it.
        """
        rendered = {}
        for template, communications in self.grouped(lambda c: c.level_id.mail_template_id).items():
            if not template:
                continue
            try:
                with self.env.cr.savepoint():
                    rendered.update(template._generate_template(communications.ids, EMAIL_FIELDS))
            except Exception as error:
                # Any rendering error: the records are rendered again one by one.
                _logger.info(
                    "Batch rendering of %s failed, rendering one by one: %s", template.name, error
                )
        return rendered

    def _render_email(self):
        """Render this communication's email alone; rendering errors are raised."""
        self.ensure_one()
        return self.level_id.mail_template_id._generate_template(self.ids, EMAIL_FIELDS)

    def _post_emails(self, emails):
        """Post each communication's email on its chatter and queue it for sending.

        ``emails``: {communication id: rendered values}. What message_post does for
        one record (the chatter message, the outgoing email, the delivery
        notification that _check_email_delivery follows), done for the whole batch in
        three bulk creates: posted one by one, each email would also look its author
        up by address, subscribe followers and compute recipients, which made posting
        most of the sending step's time. The body is the template's, without the
        notification layout, as Odoo's mass mailing sends it.
        """
        if not self:
            return
        author = self.env.user.partner_id
        comment = self.env.ref("mail.mt_comment")
        # What message_post fills in from the record, computed for the batch.
        alias_domains = self.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = self._mail_get_companies(default=self.env.company)
        reply_tos = self._notify_get_reply_to(default=author.email_formatted)
        message_vals, mail_vals = [], []
        for communication in self:
            email = emails[communication.id]
            attachments = (
                communication._invoice_attachments()
                if communication.level_id.attach_invoices
                else self.env["ir.attachment"]
            )
            recipients = email.get("partner_ids") or communication.partner_id.ids
            message_vals.append(
                {
                    "model": self._name,
                    "res_id": communication.id,
                    "record_name": communication.display_name,
                    "body": Markup(email["body_html"]),
                    "subject": email["subject"],
                    "email_from": email.get("email_from") or author.email_formatted,
                    "reply_to": email.get("reply_to") or reply_tos[communication.id],
                    "record_alias_domain_id": alias_domains[communication.id].id,
                    "record_company_id": companies[communication.id].id,
                    "author_id": author.id,
                    "message_type": "comment",
                    "subtype_id": comment.id,
                    "partner_ids": [Command.set(recipients)],
                    "attachment_ids": [Command.set(attachments.ids)],
                }
            )
            mail_vals.append(
                {
                    "body_html": email["body_html"],
                    "recipient_ids": [Command.set(recipients)],
                    "is_notification": True,
                    "auto_delete": True,
                }
            )
        messages = self.env["mail.message"].sudo().create(message_vals)
        for communication, vals, message in zip(self, mail_vals, messages, strict=True):
            # Return-Path for bounces, the record's identity, and the references a
            # reply is routed back to the chatter with.
            headers = {}
            if message.record_alias_domain_id.bounce_email:
                headers["Return-Path"] = message.record_alias_domain_id.bounce_email
            vals.update(
                mail_message_id=message.id,
                references=message.message_id,
                headers=repr(communication._notify_by_email_get_headers(headers=headers)),
            )
        mails = self.env["mail.mail"].sudo().create(mail_vals)
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": author.id,
                    "mail_message_id": message.id,
                    "mail_mail_id": mail.id,
                    "res_partner_id": partner.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "is_read": True,
                }
                for message, mail in zip(messages, mails, strict=True)
                for partner in message.partner_ids
            ]
        )
        for communication, message in zip(self, messages, strict=True):
            communication.write(
                {
                    "mail_message_id": message.id,
                    "email_status": "pending",
                    "email_attempts": communication.email_attempts + 1,
                }
            )

    def _invoice_attachments(self):
        """The PDF of each invoice still due, as attachments of this communication.

        The invoice's own PDF when it was sent before, otherwise a pro-forma render.
        """
        self.ensure_one()
        invoices = self.line_ids.filtered(
            lambda line: not line.is_credit and not line.paid_before_sending
        ).move_id
        vals_list = []
        for invoice in invoices:
            document = invoice._get_invoice_legal_documents("pdf", allow_fallback=True)
            if document:
                vals_list.append(
                    {
                        "name": document["filename"],
                        "raw": document["content"],
                        "mimetype": "application/pdf",
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
        return self.env["ir.attachment"].create(vals_list)

    @api.model
    def _check_email_delivery(self, batch_size=200):
        """Follow the emails the mail queue handled: delivered, failed or bounced.

        A failed email (the mail server refused it) is sent again, up to the policy's
        number of attempts; a bounced one (the address does not exist) is not: the
        communication falls back to a printed letter.
        """
        pending = self.search([("email_status", "=", "pending")], limit=batch_size, order="id")
        # Delivery statuses are technical records of the mail system: read as superuser.
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search_fetch(
                [
                    ("mail_message_id", "in", pending.mail_message_id.ids),
                    ("res_partner_id", "in", pending.partner_id.ids),
                ],
                ["mail_message_id", "res_partner_id", "notification_status"],
            )
        )
        status = {
            (n.mail_message_id.id, n.res_partner_id.id): n.notification_status
            for n in notifications
        }
        for communication in pending:
            outcome = status.get((communication.mail_message_id.id, communication.partner_id.id))
            if outcome == "sent":
                communication.email_status = "sent"
            elif outcome == "bounce":
                communication._fall_back_to_letter()
            elif outcome == "exception":
                communication._retry_email()

    def _retry_email(self):
        self.ensure_one()
        if self.email_attempts >= self.policy_id.email_max_attempts:
            self.write(
                {
                    "email_status": "failed",
                    "failure_reason": self.env._(
                        "The email failed %(count)s times.", count=self.email_attempts
                    ),
                }
            )
            return
        self._post_emails(self._render_email())

    def _fall_back_to_letter(self):
        self.ensure_one()
        self.write({"email_status": "bounced", "letter_fallback": True, "letter_printed": False})
        self.partner_id.message_post(
            body=self.env._(
                "Collections email bounced: %(level)s will be sent as a letter.",
                level=self.level_id.name,
            ),
            subtype_xmlid="mail.mt_note",
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
        if self.action_note and self.level_id.note:
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

    def _format_amount(self, amount):
        return format_amount(self.env, amount, self.currency_id)
