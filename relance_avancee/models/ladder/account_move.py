# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import Command, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    relance_excluded = fields.Boolean(
        "Excluded from Collections",
        copy=False,
        tracking=True,
        help="No reminder is ever sent for this invoice.",
    )
    relance_dispute_ids = fields.One2many("relance.dispute", "move_id", "Disputes")
    relance_communication_line_ids = fields.One2many(
        "relance.communication.line",
        string="Collections History",
        compute="_compute_relance_communication_line_ids",
    )
    relance_held = fields.Boolean(
        "Held by a Collections File",
        compute="_compute_relance_held",
        help="An open payment plan or collection case holds this invoice: the collections "
        "run leaves it alone, and no other may take it.",
    )
    relance_penalty_line_ids = fields.One2many(
        "account.move.line",
        "relance_penalty_source_id",
        "Penalties Claimed",
        help="The lines of penalty invoices that claim this invoice's late-payment "
        "interest and recovery indemnity.",
    )

    def _compute_relance_communication_line_ids(self):
        lines = self.env["relance.communication.line"].search(
            [("move_line_id.move_id", "in", self.ids)]
        )
        line_ids_by_move = {}
        for line in lines:
            line_ids_by_move.setdefault(line.move_line_id.move_id.id, []).append(line.id)
        for move in self:
            move.relance_communication_line_ids = [Command.set(line_ids_by_move.get(move.id, []))]

    def _compute_relance_held(self):
        # Through the registry of holders, one query per holding model; as the
        # superuser: a billing user sees the banner's reason, not the holder itself.
        held = set()
        for model in self._relance_holding_models():
            Holder = self.env[model].sudo()
            holders = Holder.search_fetch(
                [("state", "in", Holder._relance_open_states), ("move_ids", "in", self.ids)],
                ["move_ids"],
            )
            held.update(holders.move_ids.ids)
        for move in self:
            move.relance_held = move.id in held

    def _relance_first_disputed(self, on_date):
        """The first of these documents under a dispute active on ``on_date``, if any
        (one query)."""
        Dispute = self.env["relance.dispute"]
        dispute = Dispute.search(
            Dispute._active_domain(on_date) + [("move_id", "in", self.ids)], limit=1
        )
        return dispute.move_id

    def _relance_paid(self):
        """Hook: these invoices were just matched with a payment or a credit (a
        reconciliation), in the environment of whoever reconciles, who may see no
        collections record; each capability settles at once what that completes (a
        payment plan paid off, a collection case recovered), calling ``super()``. The
        core closes the collections work that waited for it (the reconciliation's
        own step, ``account.move.line._reconcile_plan_with_sync``)."""

    def _relance_holding_models(self):
        """Hook, the registry of holders: the models (relance.invoice.holder) whose
        open records hold an invoice. None here; the payment plans and the collection
        cases add theirs (``super()``)."""
        return []

    def _relance_held_by(self, model, states, excluding=None):
        """(the first ``model`` record, a payment plan or a collection case, in
        ``states`` that holds any of these documents, other than ``excluding``; the
        first document it holds), in one query."""
        Holder = self.env[model]
        holder = Holder.search(
            [
                ("id", "not in", (excluding or Holder).ids),
                ("state", "in", states),
                ("move_ids", "in", self.ids),
            ],
            limit=1,
        )
        return holder, (holder.move_ids & self)[:1]
