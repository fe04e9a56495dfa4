# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Work that is no longer needed is closed: when a customer's items are paid, put in
a payment plan, handed to a collection case, disputed, or the customer is put on
hold, the communications still waiting (for approval or for sending) and the open
collections activities that concern only those items are cancelled or closed, each
with the reason, in the company's language."""

from markupsafe import Markup

from odoo import fields, models

# A communication that has not left yet, or a call not made: cancelling it costs
# nothing.
WAITING_STATES = ("to_approve", "queued", "failed", "call")


# One file per concern of relance.communication, as Odoo splits mail.thread over its
# mail_thread_*.py files: the split is the point.
class RelanceCommunication(models.Model):
    _inherit = "relance.communication"  # pylint: disable=consider-merging-classes-inherited

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
