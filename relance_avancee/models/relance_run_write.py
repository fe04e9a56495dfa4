# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The write step of a batch: the engine's decisions recorded in bulk, as
communications, their items and the lines' new levels."""

from dataclasses import replace
from datetime import timedelta

from odoo import models

from ..engine import ladder
from .relance_level import CHANNEL_FIELDS


# One file per concern of relance.run, as relance.communication is split: the split
# is the point.
class RelanceRun(models.Model):
    _inherit = "relance.run"  # pylint: disable=consider-merging-classes-inherited

    def _record(self, reading):
        """Write what a batch's read step decided (a BatchReading): the promises
        settled, the lines' new levels and next steps, then the communications and
        their items."""
        if self.id:
            # A real run: a preview (a new record, whose id is false) writes nothing.
            # What the company's people read, in the company's language.
            self.env["relance.promise"].with_context(lang=self.company_id._relance_lang())._settle(
                reading.promises_due, reading.promises_broken
            )
            # The broken plans' items resume the ladder once, at this run.
            reading.plans_resuming.ladder_resumed = True
        decisions, lines = reading.decisions, reading.lines
        new_levels = {}
        for decision in decisions:
            escalated = set(decision.escalated)
            new_levels.update(
                (line_id, level_id) for line_id, level_id in decision.items if line_id in escalated
            )
        self._refresh_line_states(reading, new_levels)
        if not decisions:
            return self.env["relance.communication"]
        levels = self.env["relance.level"].browse({d.level.id for d in decisions})
        # Read once per level, not once per communication: a batch records thousands.
        values_by_level = {level.id: self._level_communication_values(level) for level in levels}
        communications = self.env["relance.communication"]._insert_facts(
            [
                self._prepare_communication_vals(decision, values_by_level[decision.level.id])
                for decision in decisions
            ]
        )
        # The rows come from this run's lines and communications: of its company.
        self.env["relance.communication.line"]._insert_items(
            list(zip(communications.ids, decisions, strict=True)), lines, self.company_id
        )
        return communications

    def _refresh_line_states(self, reading, new_levels):
        """Every overdue line of the batch: its level after this run (``new_levels``:
        {line id: level id}, the lines moved up) and the next step planned."""
        levels = {
            line_id: new_levels.get(line_id, line.level_id)
            for line_id, line in reading.lines.items()
            if line.residual > 0 and line.date_maturity
        }
        plans = self._plan_next_steps(reading, levels)
        rows = [
            (line_id, level_id or None, *plans.get(line_id, (None, None)))
            for line_id, level_id in levels.items()
        ]
        # Only what changed: from one day to the next, most plans stay as they were.
        lines = reading.lines
        self.env["relance.line.state"]._set_states(
            [
                row
                for row in rows
                if row[1:]
                != (
                    lines[row[0]].level_id,
                    lines[row[0]].next_level_id,
                    lines[row[0]].next_action_date,
                )
            ],
            # The lines were read from the run's company.
            self.company_id,
        )

    def _plan_next_steps(self, reading, levels):
        """{line id: (level id, date)}: when each line moves up next, by the engine's
        simulation of the runs to come (``ladder.next_steps``), from the state this
        run leaves: the items' ``levels``, today's communications sent.

        A communication waiting for approval (a level that requires validation, a
        customer's first formal notice or hand-over) is the next step of its lines,
        today's, and nothing is planned after it for its customer: a person decides
        first. A
        suspended customer's plan starts when the suspension ends (none for an open
        hold); an invoice under dispute or in an active payment plan has none.
        """
        today = self.date
        plans, decided, waiting = {}, set(), set()
        validated = set(
            self.env["relance.level"]
            .browse({decision.level.id for decision in reading.decisions})
            .filtered("requires_validation")
            .ids
        )
        for decision in reading.decisions:
            if decision.needs_approval or decision.level.id in validated:
                plans.update(
                    (line_id, (decision.level.id, today)) for line_id in decision.escalated
                )
                waiting.add(decision.partner_id)
            else:
                decided.add(decision.partner_id)
        items_by_partner = {}
        for line_id, item in reading.items.items():
            if line_id in plans:
                continue
            level_id = levels.get(line_id)
            if level_id != item.level_id or item.resume_level_id:
                # Moved up by this run, or resumed: a broken plan resumes its items at
                # this run only.
                item = ladder.Item(
                    line_id=line_id,
                    partner_id=item.partner_id,
                    currency_id=item.currency_id,
                    residual=item.residual,
                    due_date=item.due_date,
                    level_id=level_id,
                    held_until=self._planned_hold(reading, reading.lines[line_id], levels, today),
                )
            items_by_partner.setdefault(item.partner_id, []).append(item)
        tomorrow = today + timedelta(days=1)
        for partner_id, items in items_by_partner.items():
            customer = reading.customers.get(partner_id)
            if customer is None or partner_id in waiting:
                continue
            start = tomorrow
            if partner_id in reading.resume_dates:
                resume = reading.resume_dates[partner_id]
                if resume is None:
                    continue
                start = max(start, resume + timedelta(days=1))
            customer = replace(
                customer,
                last_communication=today if partner_id in decided else customer.last_communication,
                escalate=False,
            )
            for line_id, (level, day) in ladder.next_steps(customer, items, start).items():
                plans[line_id] = (level.id, day)
        return plans

    def _planned_hold(self, reading, line, levels, today):
        """The last day ``line`` stays at its level after this run, as the next steps
        are planned: the hold of the formal notice it is under, or, when this run puts
        it on notice, the deadline of a notice sent ``today``, the run's date (its
        receipt unknown)."""
        if levels.get(line.id) == line.level_id:
            return reading.holds.get(line.id)
        customer = reading.customers.get(line.partner_id)
        if customer is None or not levels.get(line.id):
            return None
        policy = customer.policy
        index = policy.index_of(levels[line.id])
        if index < 0:
            return None
        return ladder.notice_expiry(policy.levels[index], policy, today, today)

    def _level_communication_values(self, level):
        """Hook: what a communication copies from its level and the run."""
        return {
            "company_id": self.company_id.id,
            "run_id": self.id,
            "date": self.date,
            "level_id": level.id,
            "state": "to_approve" if level.requires_validation else "queued",
            # Stored, computed from the state: filled here as the ORM would compute it.
            "progress": "to_approve" if level.requires_validation else "queued",
            "policy_id": level.policy_id.id,
            "user_id": self.env.uid,
            # The channels are copied: the history keeps what this level did that day.
            **{name: level[name] for name in CHANNEL_FIELDS},
        }

    def _prepare_communication_vals(self, decision, level_values):
        """Hook: the values of the communication recorded for ``decision``;
        ``level_values``: :meth:`_level_communication_values` of its level."""
        return {
            **level_values,
            "partner_id": decision.partner_id,
            "currency_id": decision.currency_id,
            "amount_due": float(decision.amount_due),
            "amount_credit": float(decision.amount_credit),
            "amount_net": float(decision.amount_net),
            "first_contact": decision.first_contact,
            # A customer's first communication at a formal-notice or hand-over level
            # waits for a person, whatever the level says.
            **(
                {"state": "to_approve", "progress": "to_approve"} if decision.needs_approval else {}
            ),
        }
