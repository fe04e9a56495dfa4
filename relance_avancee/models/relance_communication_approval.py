# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Approval: who decides on a communication waiting for approval (a Collections
manager for the legal steps, a formal notice or a hand-over; a collector for the
others where the company allows it), with what in front of them (the previous
communication of the same items and where it stands, the penalties the letter will
claim, a preview of the letter and the email), and the three decisions: approve,
reject with a reason, postpone to a day."""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .relance_communication_channels import PROGRESS


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

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
