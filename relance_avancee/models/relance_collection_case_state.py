# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The life of a collection case: opened (from the ladder's hand-over or by hand),
sent to its recipient, in progress, then recovered, partly recovered or withdrawn;
each change written on the case and on the customer's chatter."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .relance_collection_case import AT_RECIPIENT_STATES, OPEN_STATES


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

    date_sent = fields.Date("Sent On", readonly=True, copy=False, tracking=True)
    date_closed = fields.Date(readonly=True, copy=False)
    withdraw_reason = fields.Text("Why Withdrawn", readonly=True, copy=False)

    @api.model
    def _open_new(self, partner, moves, communication=None):
        """The form of a new case on ``partner`` with ``moves`` ticked (a hand-over
        ``communication`` proposing it)."""
        partner = partner.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Collection Case"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": partner.id,
                "default_move_ids": moves.ids,
                "default_communication_id": communication.id if communication else False,
                "default_company_id": (moves.company_id[:1] or self.env.company).id,
            },
        }

    def action_mark_sent(self):
        """The case file went to the recipient (by hand, post or email): the case is
        theirs from today, its amounts read again from the books."""
        for case in self:
            case._check_state(("draft",), self.env._("sent to its recipient"))
            case._check_case()
            case._store_debt()
            case.write({"state": "sent", "date_sent": fields.Date.context_today(case)})
            case._log(
                self.env._(
                    "Collection case %(case)s sent to %(recipient)s: %(amount)s claimed.",
                    case=case.name,
                    recipient=case.recipient_id.name,
                    amount=format_amount(self.env, case.amount_total, case.currency_id),
                )
            )

    def action_start(self):
        """The recipient took the case on."""
        for case in self:
            case._check_state(("sent",), self.env._("marked in progress"))
            case.state = "in_progress"

    def action_close_partly(self):
        """The recipient closed the case having recovered part of the debt: what is
        left goes back to collections (or is written off as unrecoverable)."""
        for case in self:
            case._check_state(AT_RECIPIENT_STATES, self.env._("closed"))
            if case.currency_id.is_zero(case.amount_recovered):
                raise UserError(
                    self.env._(
                        "Nothing was recovered on collection case %(case)s: withdraw it "
                        "instead.",
                        case=case.name,
                    )
                )
            case._close("partly_recovered")
            case._log(
                self.env._(
                    "Collection case %(case)s closed by %(recipient)s: %(recovered)s recovered, "
                    "%(owed)s still owed.",
                    case=case.name,
                    recipient=case.recipient_id.name,
                    recovered=format_amount(self.env, case.amount_recovered, case.currency_id),
                    owed=format_amount(self.env, case.amount_owed, case.currency_id),
                )
            )

    def _withdraw(self, reason):
        """Take the case back from its recipient: its invoices go back to collections."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the case is withdrawn."))
        for case in self:
            case._check_state(OPEN_STATES, self.env._("withdrawn"))
            case._close("withdrawn")
            case.withdraw_reason = reason
            case._log(
                self.env._(
                    "Collection case %(case)s withdrawn: %(reason)s",
                    case=case.name,
                    reason=reason,
                )
            )

    def action_open_withdraw(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw the Case"),
            "res_model": "relance.collection.case.withdraw",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    @api.model
    def _recover_paid(self, moves):
        """Mark recovered the cases with its recipient whose documents ``moves`` touch
        and that nothing is owed on any more (called on reconciliation)."""
        # Whoever reconciles (a billing user, a payment provider's job) may not see
        # collection cases; the case is closed all the same.
        cases = self.sudo().search(
            [("state", "in", AT_RECIPIENT_STATES), ("move_ids", "in", moves.ids)]
        )
        for case in cases.filtered(lambda case: case.currency_id.is_zero(case._net_residual())):
            case = case.with_context(lang=case.company_id._relance_lang())
            case._close("recovered")
            case._log(
                self.env._(
                    "Collection case %(case)s recovered in full: %(amount)s.",
                    case=case.name,
                    amount=format_amount(self.env, case.amount_principal, case.currency_id),
                )
            )

    def _close(self, state):
        self.write({"state": state, "date_closed": fields.Date.context_today(self)})

    def _check_state(self, states, what):
        if self.state not in states:
            raise UserError(
                self.env._(
                    "Collection case %(case)s is %(state)s: it cannot be %(what)s.",
                    case=self.name,
                    state=self._state_label(),
                    what=what,
                )
            )

    def _log_opened(self):
        for case in self:
            case._log(
                self.env._(
                    "Collection case %(case)s opened for %(recipient)s: %(amount)s.",
                    case=case.name,
                    recipient=case.recipient_id.name,
                    amount=format_amount(self.env, case.amount_total, case.currency_id),
                )
            )

    def _log(self, message):
        """``message`` on the case and on its customer's chatter, in the company's
        language (the chatter is for the company's people)."""
        self.ensure_one()
        link = Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
            self._name,
            self.id,
            self.name,
        )
        self.message_post(body=message)
        # A collector may not edit customers, whose chatter asks for it: the note is
        # the case's, posted on their behalf.
        self.partner_id.sudo().message_post(body=Markup("%s (%s)") % (message, link))

    def _close_hand_over_activities(self):
        """The hand-over activity of the communication that proposed the case is done."""
        for case in self.filtered("communication_id"):
            activities = case.communication_id.activity_ids.filtered(
                lambda activity: activity.activity_type_id
                == self.env.ref("mail.mail_activity_data_todo")
            )
            activities.action_feedback(
                feedback=self.env._("Collection case %(case)s opened.", case=case.name)
            )
