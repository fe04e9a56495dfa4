# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The read step of a batch: the customers still to handle, their open receivable
lines and everything the engine needs to decide, in a few queries."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from odoo import models
from odoo.tools import SQL

from ..engine import ladder

# The columns of account.move.line a run reads, in OpenLine's order.
OPEN_LINE_COLUMNS = [
    "id",
    "partner_id",
    "currency_id",
    "amount_residual_currency",
    "date_maturity",
    "move_id",
]


# The columns of relance.line.state a run reads: the line, then OpenLine's last ones.
STATE_COLUMNS = ["move_line_id", "level_id", "next_level_id", "next_action_date"]


class BatchReading(NamedTuple):
    """What the read step of a batch found and the engine decided; nothing of it is
    written yet (``relance.run._record``)."""

    partner_ids: list
    decisions: list
    lines: dict  # {line id: OpenLine}
    promises_due: object  # relance.promise: open, their date passed
    promises_broken: object  # relance.promise: broken and not yet escalated
    # What the next steps are planned from (relance.run._plan_next_steps).
    customers: dict  # {partner id: ladder.Customer}, the suspended ones too
    resume_dates: dict  # {partner id: date}, the suspended ones; None: indefinitely
    # Ids of the invoices the run leaves alone: under a running dispute, or in an
    # active payment plan.
    set_aside: set
    plans_resuming: object  # relance.payment.plan: broken, the ladder not resumed yet
    # {line id: last day it stays at its level}: the items under a formal notice.
    holds: dict
    # {line id: ladder.Item}: the lines as the engine decided them (not the ones set
    # aside), reused to plan the next steps.
    items: dict = {}


class OpenLine(NamedTuple):
    """An open receivable line as the run reads it."""

    id: int
    partner_id: int
    currency_id: int
    residual: float
    date_maturity: date | None
    move_id: int
    level_id: int | None = None
    # What the last run planned for it (relance.line.state).
    next_level_id: int | None = None
    next_action_date: date | None = None

    def item(self, level_id, resume_level_id=None, held_until=None):
        """The line as the engine sees it, at ``level_id``; ``resume_level_id``: the
        level its broken payment plan resumes it at; ``held_until``: the last day the
        formal notice it is under holds it."""
        return ladder.Item(
            line_id=self.id,
            partner_id=self.partner_id,
            currency_id=self.currency_id,
            residual=Decimal(str(self.residual)),
            due_date=self.date_maturity,
            level_id=level_id,
            resume_level_id=resume_level_id,
            held_until=held_until,
        )


# One file per concern of relance.run, as relance.communication is split: the split
# is the point.
class RelanceRun(models.Model):
    _inherit = "relance.run"  # pylint: disable=consider-merging-classes-inherited

    def _decide_batch(self, limit, partner_ids=None, lines=None):
        """Read the next customers' (or ``partner_ids``') open lines, unless given, and
        let the engine decide. Writes nothing: returns a BatchReading, for the write
        step (empty when no customer is left)."""
        if partner_ids is None:
            partner_ids = self._next_customers(limit)
        Promise, Plan = self.env["relance.promise"], self.env["relance.payment.plan"]
        if not partner_ids:
            return BatchReading([], [], {}, Promise, Promise, {}, {}, set(), Plan, {})
        if lines is None:
            lines = self._read_open_lines(
                self._get_overdue_domain() + [("partner_id", "in", partner_ids)]
            )
        move_ids = {line.move_id for line in lines.values()}
        set_aside = self._set_aside_moves(move_ids)
        resuming, resume_levels = self._plans_resuming(partner_ids)
        holds = self._notice_holds(lines)
        items = {
            line.id: line.item(line.level_id, resume_levels.get(line.move_id), holds.get(line.id))
            for line in lines.values()
            if line.move_id not in set_aside
        }
        partners = self.env["res.partner"].with_company(self.company_id).browse(partner_ids)
        # Only what the run reads: a partner's first read would load all its fields.
        partners.fetch(["is_company", "relance_policy_id", "relance_hold", "relance_hold_until"])
        # On hold or with an open promise to pay: the engine decides nothing for them.
        suspended = self._suspended_customers(partners)
        due, broken = self._promise_breakers(partners - suspended)
        customers = self._engine_customers(partners, escalating=broken.partner_id)
        suspended_ids = set(suspended.ids)
        active = {key: value for key, value in customers.items() if key not in suspended_ids}
        decisions = ladder.decide(active, items.values(), self.date)
        return BatchReading(
            partner_ids,
            decisions,
            lines,
            due,
            broken,
            customers,
            self._resume_dates(suspended),
            set_aside,
            resuming.filtered(lambda plan: plan.partner_id.id in active),
            holds,
            items,
        )

    def _read_open_lines(self, domain):
        """The open lines matching ``domain`` as plain rows, levels included, in two
        queries.

        Plain rows rather than records: a batch reads thousands of lines and the
        attribute access of records would be the run's main cost. The ORM still
        builds the queries, record rules included.
        """
        AccountMoveLine = self.env["account.move.line"]
        AccountMoveLine.flush_model(OPEN_LINE_COLUMNS)
        query = AccountMoveLine._search(domain)
        # On the columns themselves: ordered through the ORM, partner_id would join
        # the partners to sort by their names, which the engine does not need.
        query.order = SQL(", ").join(
            SQL.identifier(query.table, name) for name in ("partner_id", "date_maturity", "id")
        )
        rows = self.env.execute_query(
            query.select(*(SQL.identifier(query.table, name) for name in OPEN_LINE_COLUMNS))
        )
        States = self.env["relance.line.state"]
        States.flush_model(STATE_COLUMNS)
        state_query = States._search([("move_line_id", "in", [row[0] for row in rows])])
        states = {
            line_id: state
            for line_id, *state in self.env.execute_query(
                state_query.select(
                    *(SQL.identifier(state_query.table, name) for name in STATE_COLUMNS)
                )
            )
        }
        return {row[0]: OpenLine(*row, *states.get(row[0], ())) for row in rows}

    def _notice_holds(self, lines):
        """{line id: the last day it stays at its level} for the ``lines`` (OpenLine by
        id) at a formal-notice level, from the last formal notice that put each on
        notice at that level (``engine.ladder.notice_expiry``): its sending, and for a
        registered letter its posting and receipt, as recorded since.

        A line whose notice was cancelled or never recorded stays held without end:
        the ladder never goes past a formal notice that was not sent (a rejected one
        puts its lines back at their earlier level: relance.communication._reject).
        One query for the batch.
        """
        Level = self.env["relance.level"].with_context(active_test=False)
        notice_levels = Level.search_fetch(
            [
                ("id", "in", list({line.level_id for line in lines.values() if line.level_id})),
                ("formal_notice", "=", True),
            ],
            ["policy_id", "payment_deadline_days", "channel_registered_letter", "sequence"],
        )
        noticed = {
            line.id: line.level_id
            for line in lines.values()
            if line.level_id in notice_levels.ids and line.residual > 0
        }
        if not noticed:
            return {}
        self.env["relance.communication"].flush_model()
        self.env["relance.communication.line"].flush_model()
        # The line's communications at the level it is at, the latest first; a
        # cancelled one counts for nothing.
        rows = self.env.execute_query(
            SQL(
                """SELECT item.move_line_id, communication.level_id, communication.state,
                          communication.sent_date, communication.channel_registered_letter,
                          communication.registered_sent_date,
                          communication.registered_receipt_date
                     FROM relance_communication_line item
                     JOIN relance_communication communication
                       ON communication.id = item.communication_id
                    WHERE item.move_line_id = ANY(%s)
                      AND item.level_id = communication.level_id
                      AND communication.state != 'cancelled'
                 ORDER BY item.move_line_id, communication.date DESC, communication.id DESC""",
                list(noticed),
            )
        )
        engine = {level.id: (level._to_engine(), level.policy_id) for level in notice_levels}
        policies, holds = {}, {}
        for line_id, level_id, state, sent, registered, posted, receipt in rows:
            if line_id in holds or level_id != noticed[line_id]:
                continue
            level, policy = engine[level_id]
            if policy not in policies:
                policies[policy] = policy._to_engine()
            sent_on = sent.date() if sent and state in ("sending", "sent") else None
            holds[line_id] = ladder.notice_expiry(
                replace(level, registered=registered), policies[policy], sent_on, posted, receipt
            )
        return {line_id: holds.get(line_id, date.max) for line_id in noticed}

    def _get_overdue_domain(self):
        """Hook: the open receivable lines a run looks at (debts and credits).

        Debts once overdue (or once old enough for a level before the due date), or
        already on the ladder: the others, most of a large book, decide nothing and
        plan nothing the worklist shows.
        """
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", "!=", 0),
            ("partner_id", "!=", False),
            ("move_id.relance_excluded", "=", False),
            "|",
            "|",
            ("amount_residual", "<", 0),
            # Overdue, or due soon enough for a level before the due date.
            ("date_maturity", "<=", self.date - timedelta(days=min(self._earliest_delay(), 1))),
            ("relance_level_id", "!=", False),
        ]

    def _earliest_delay(self):
        """The smallest delay of any level of the company's policies (in days; a
        level may come before the due date)."""
        # Archived policies too: a customer may still follow one.
        delays = (
            self.env["relance.level"]
            .with_context(active_test=False)
            .search_fetch(
                [("policy_id.company_id", "=", self.company_id.id)],
                ["delay"],
                order="delay",
                limit=1,
            )
        )
        return delays.delay

    def _customer_domain(self):
        domain = self._get_overdue_domain()
        if self.last_partner_id:
            # Not with 0: the ORM reads a many2one compared to 0 as "is null".
            domain.append(("partner_id", ">", self.last_partner_id))
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        return domain

    def _customer_query(self):
        """The customers still to handle, as a query on their open lines.

        Ordered by partner id, the cursor the batches advance on (a many2one ordered
        through the ORM sorts by the partner's name, which a cursor on ids cannot
        follow).
        """
        query = self.env["account.move.line"]._search(self._customer_domain())
        partner = SQL.identifier(query.table, "partner_id")
        return query, partner

    def _next_customers(self, limit):
        query, partner = self._customer_query()
        query.order = partner
        query.limit = limit
        return [row[0] for row in self.env.execute_query(query.select(SQL("DISTINCT %s", partner)))]

    def _count_remaining_customers(self):
        query, partner = self._customer_query()
        return self.env.execute_query(query.select(SQL("COUNT(DISTINCT %s)", partner)))[0][0]

    def _engine_customers(self, partners, escalating):
        """The customers of a batch as the engine sees them (policy, last contact);
        ``escalating``: those who broke a promise."""
        default = self.env["relance.policy"]._get_company_default(self.company_id)
        last_dates = dict(
            self.env["relance.communication"]._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "in", partners.ids),
                    ("state", "not in", ("cancelled", "to_approve")),
                ],
                ["partner_id"],
                ["date:max"],
            )
        )
        engine_policies = {}
        customers = {}
        for partner in partners:
            policy = partner.relance_policy_id or default
            if not policy:
                continue
            if policy not in engine_policies:
                engine_policies[policy] = policy._to_engine()
            customers[partner.id] = ladder.Customer(
                partner_id=partner.id,
                policy=engine_policies[policy],
                last_communication=last_dates.get(partner),
                consumer=not partner.is_company,
                escalate=partner in escalating,
            )
        return customers
