# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools import bulk_sql

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


class RelanceCommunication(models.Model):
    """A collections communication: the record of what was decided, and its history.

    Its other concerns have their own files, as Odoo splits mail.thread over
    mail_thread_*.py: the letter (relance_communication_letter.py), the sending
    pipeline (_sending), what each channel does once sent (_channels), email
    transport (_email) and the delivery follow-up (_delivery).
    """

    _name = "relance.communication"
    _inherit = ["mail.thread", "mail.activity.mixin", "relance.group.currency.mixin"]
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

    def action_relance_payment_plan(self):
        """Draw up a payment plan on the invoices this communication asks for, those
        still owed and in no other plan."""
        self.ensure_one()
        moves = self.line_ids.move_id.filtered(
            lambda move: move.move_type == "out_invoice"
            and not move.currency_id.is_zero(move.amount_residual)
            and not move.relance_plan_id
        )
        return self.env["relance.payment.plan.wizard"]._open_for(
            self.partner_id.commercial_partner_id, moves
        )
