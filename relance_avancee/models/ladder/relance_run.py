# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import logging
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ...engine import ladder
from .relance_level import CHANNEL_FIELDS
from .relance_run_lock import CONCURRENCY_ERRORS, CollectionsBusy

# Customers handled per batch: one transaction, a few queries, whatever their size.
# Each batch scans the company's open receivable lines once: 1,000 customers (a few
# thousand lines, well under a second) keeps that scan off the run's time.
BATCH_CUSTOMERS = 1000

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
    # The records that resume the ladder at a set level in this batch (a broken payment
    # plan), each told once the batch is written (_relance_ladder_resumed).
    resuming: tuple
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


_logger = logging.getLogger(__name__)

# Minutes after which the scheduled run comes back to a company it found busy.
BUSY_RETRY_MINUTES = 5


class RelanceRun(models.Model):
    """A collections run: one company's ladder applied on one day, scheduled or by hand.

    The record and how a run goes batch after batch live here; the scheduled action
    in relance_run_scheduled.py, a batch's read step in relance_run_read.py and its
    write step in relance_run_write.py.
    """

    _name = "relance.run"
    _description = "Collections run"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    mode = fields.Selection(
        [("scheduled", "Scheduled"), ("manual", "Manual")],
        required=True,
        default="manual",
        readonly=True,
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")], required=True, default="running", readonly=True
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Selected Customers",
        readonly=True,
        check_company=True,
        help="Empty: every customer of the company.",
    )
    last_partner_id = fields.Integer(
        readonly=True, help="Technical: the batches handled customers up to this id."
    )
    customer_count = fields.Integer("Customers Reviewed", readonly=True)
    escalated_count = fields.Integer("Items Escalated", readonly=True)
    communication_ids = fields.One2many("relance.communication", "run_id", readonly=True)
    communication_count = fields.Integer(compute="_compute_communication_count")

    @api.depends("communication_ids")
    def _compute_communication_count(self):
        counts = dict(
            self.env["relance.communication"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count"]
            )
        )
        for run in self:
            run.communication_count = counts.get(run, 0)

    @api.depends("company_id", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "Collections run of %(date)s (%(company)s)",
                date=format_date(self.env, run.date),
                company=run.company_id.name,
            )

    def init(self):
        # One scheduled run per company and day, whatever happens around the lock: a
        # second one would collect the same customers twice.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS relance_run_scheduled_unique "
                "ON %s (company_id, date) WHERE mode = 'scheduled'",
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _run_now(self, partners=None, company=None):
        """Run the ladder at once for ``partners`` (all customers if empty), every batch."""
        company = company or self.env.company
        run = self.with_company(company).create(
            {
                "company_id": company.id,
                "mode": "manual",
                "partner_ids": [Command.set(partners.commercial_partner_id.ids)]
                if partners
                else [],
            }
        )
        run._process_all()
        return run

    def _process_all(self):
        """Every batch of the run in this transaction (Run Now, the demo, benchmarks).

        The open lines are read once, then handled ``BATCH_CUSTOMERS`` customers at a
        time.
        """
        self.ensure_one()
        # Before the one read of the open lines: it must see the last run committed.
        self._acquire_lock()
        for partner_ids, lines in self._batches():
            self._process_batch(partner_ids=partner_ids, lines=lines)
        self._close()

    def _close(self):
        """Hook: the run is done. The capabilities that follow the levels it reached
        extend it with ``super()`` (the credit capability refreshes the customers'
        exposure, holds and reliability scores: ``models/credit/relance_run.py``)."""
        self.ensure_one()
        self.state = "done"

    def _batches(self):
        """(customer ids, their open lines) of every batch still to handle, from one
        read: a query per batch would scan the receivable lines once per batch."""
        lines = self._read_open_lines(self._customer_domain())
        lines_by_partner = {}
        for line_id, line in lines.items():
            lines_by_partner.setdefault(line.partner_id, {})[line_id] = line
        customers = sorted(lines_by_partner)
        for start in range(0, len(customers), BATCH_CUSTOMERS):
            partner_ids = customers[start : start + BATCH_CUSTOMERS]
            batch_lines = {}
            for partner_id in partner_ids:
                batch_lines.update(lines_by_partner[partner_id])
            yield partner_ids, batch_lines

    def _set_aside_moves(self, move_ids):
        """Hook: the invoices among ``move_ids`` the run leaves alone on its date (a
        set of ids): those under a running dispute here; the payment plans and the
        collection cases add theirs (``super()``)."""
        return self._disputed_moves(move_ids)

    def _resuming_moves(self, partner_ids):
        """Hook: what resumes the ladder at a set level for ``partner_ids``: (a tuple of
        recordsets, each with a ``partner_id`` and a ``_relance_ladder_resumed()``
        method the write step calls once, {invoice id: level id it resumes at}).
        Nothing here; the payment plans add their broken plans (``super()``)."""
        return (), {}

    def _get_result_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "relance.run",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _process_batch(self, limit=None, partner_ids=None, lines=None):
        """Handle the next ``limit`` customers (or ``partner_ids``, the next ones in id
        order, with their open ``lines`` if already read); return how many were
        handled."""
        self.ensure_one()
        self._acquire_lock()
        reading = self._decide_batch(limit or self._batch_size(), partner_ids, lines)
        partner_ids, decisions = reading.partner_ids, reading.decisions
        if not partner_ids:
            return 0
        self._record(reading)
        self.write(
            {
                "last_partner_id": max(partner_ids),
                "customer_count": self.customer_count + len(partner_ids),
                "escalated_count": self.escalated_count + sum(len(d.escalated) for d in decisions),
            }
        )
        return len(partner_ids)

    def _preview(self):
        """Every decision the run would take, batch after batch, writing nothing.

        Called on a new (in-memory) run.
        """
        decisions = []
        for partner_ids, lines in self._batches():
            decisions += self._decide_batch(BATCH_CUSTOMERS, partner_ids, lines).decisions
        return decisions

    def _acquire_lock(self):
        """Take the company's collections lock, or refuse: another transaction runs or
        sends this company's collections right now. Taken again by the same
        transaction, it is a no-op."""
        try:
            self.env["relance.run.lock"]._acquire_exclusive(self.company_id)
        except CollectionsBusy:
            raise UserError(
                self.env._(
                    "Collections are being run or sent for %(company)s right now. Wait a "
                    "minute for that to finish, then try again.",
                    company=self.company_id.name,
                )
            ) from None

    # ------------------------------------------------------------------
    # The read step of a batch: the customers still to handle, their open receivable
    # lines and everything the engine needs to decide, in a few queries.
    # ------------------------------------------------------------------
    def _decide_batch(self, limit, partner_ids=None, lines=None):
        """Read the next customers' (or ``partner_ids``') open lines, unless given, and
        let the engine decide. Writes nothing: returns a BatchReading, for the write
        step (empty when no customer is left)."""
        if partner_ids is None:
            partner_ids = self._next_customers(limit)
        Promise = self.env["relance.promise"]
        if not partner_ids:
            return BatchReading([], [], {}, Promise, Promise, {}, {}, set(), (), {})
        if lines is None:
            lines = self._read_open_lines(
                self._get_overdue_domain() + [("partner_id", "in", partner_ids)]
            )
        move_ids = {line.move_id for line in lines.values()}
        set_aside = self._set_aside_moves(move_ids)
        resuming, resume_levels = self._resuming_moves(partner_ids)
        holds = self._notice_holds(lines)
        items = {
            line.id: line.item(line.level_id, resume_levels.get(line.move_id), holds.get(line.id))
            for line in lines.values()
            if line.move_id not in set_aside
        }
        partners = self.env["res.partner"].with_company(self.company_id).browse(partner_ids)
        # Only what the run reads: a partner's first read would load all its fields.
        partners.fetch(
            [
                "is_company",
                "relance_policy_id",
                "relance_hold",
                "relance_hold_until",
                # Whose the work is (relance.run._record).
                "relance_collector_id",
                "user_id",
            ]
        )
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
            # A suspended customer's records resume the ladder when it does.
            tuple(
                records.filtered(lambda record: record.partner_id.id in active)
                for records in resuming
            ),
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

    # ------------------------------------------------------------------
    # The write step of a batch: the engine's decisions recorded in bulk, as
    # communications, their items and the lines' new levels.
    # ------------------------------------------------------------------
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
            # What resumes the ladder (a broken plan's items) resumes it once, at this run.
            for records in reading.resuming:
                records._relance_ladder_resumed()
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
        # Each communication is its customer's collector's (else its salesperson's,
        # else whoever ran collections by hand, else the company's responsible).
        responsibles = (
            self.env["res.partner"]
            .browse({decision.partner_id for decision in decisions})
            ._relance_collection_responsibles(self.company_id, self.env.user)
        )
        vals_list = [
            self._prepare_communication_vals(
                decision,
                {
                    **values_by_level[decision.level.id],
                    "user_id": responsibles[decision.partner_id].id,
                },
            )
            for decision in decisions
        ]
        communications = self.env["relance.communication"]._insert_facts(vals_list)
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
            # Whoever ran it; the write step makes it the customer's responsible.
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

    # ------------------------------------------------------------------
    # The scheduled daily run, as Odoo's runner drives it: one batch per call, company
    # after company, and a busy company tried again a few minutes later.
    # ------------------------------------------------------------------
    @api.model
    def _cron_daily_run(self):
        """Scheduled action: the next batch of today's run, company after company.

        Odoo's runner (``ir.cron._run_job``) calls this again, each call in its own
        transaction, while the progress it reports has ``remaining`` > 0 *and*
        ``done`` > 0: ``done == 0`` reads as "finished". So each call handles one batch
        of customers, moving on in the same call past the companies with nothing left
        to collect, and counts each company it closes as done. After ten calls Odoo
        puts the job back in the queue at once: the day goes on in the next round.

        A company whose collections are busy (a user's *Run Now*, the sending step)
        is skipped: the action triggers itself a few minutes later rather than fail,
        which Odoo would count toward deactivating it and would postpone to tomorrow.
        """
        today = fields.Date.context_today(self)
        # Every company: a database holds a handful, never enough to batch.
        companies = self.env["res.company"].search([], order="id")  # pylint: disable=no-search-all
        # A hint for the count only: each company's run is read again under its lock.
        closed = self.search(
            [("date", "=", today), ("mode", "=", "scheduled"), ("state", "=", "done")]
        ).company_id
        open_companies = companies - closed
        done = remaining = 0
        busy = False
        for position, company in enumerate(open_companies):
            try:
                handled, left = self._run_company_batch(company, today)
            except (CollectionsBusy, *CONCURRENCY_ERRORS) as error:
                _logger.info("Collections run of %s postponed: %s", company.name, error)
                busy = True
                continue
            done += handled or 1
            if handled:
                # The companies after this one are work left too: without them, the
                # runner would stop once this company is done.
                remaining = left + len(open_companies) - position - 1
                break
        if busy:
            self.env["relance.run.lock"]._retry_later(
                "relance_avancee.ir_cron_relance_daily_run", BUSY_RETRY_MINUTES
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _run_company_batch(self, company, today):
        """One batch of ``company``'s scheduled run of ``today``, under its lock.

        Returns (customers handled, customers left). Raises ``CollectionsBusy`` or a
        concurrency error, in which case nothing of this company was written (the
        savepoint is rolled back).
        """
        with self.env.cr.savepoint():
            # The lock first: the run read below must be the last one committed.
            self.env["relance.run.lock"]._acquire_exclusive(company)
            run = self.search(
                [("company_id", "=", company.id), ("date", "=", today), ("mode", "=", "scheduled")],
                limit=1,
            )
            if run.state == "done":
                return 0, 0
            run = run or self.with_company(company).create(
                {"company_id": company.id, "date": today, "mode": "scheduled"}
            )
            limit = run._batch_size()
            handled = run._process_batch(limit=limit)
            left = run._count_remaining_customers() if handled >= limit else 0
            if not left:
                run._close()
            return handled, left

    @api.model
    def _batch_size(self):
        """Customers per batch: ``relance_avancee.run_batch_customers``, else 1,000."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param("relance_avancee.run_batch_customers")
        )
        return max(int(value), 1) if value and value.isdigit() else BATCH_CUSTOMERS

    # ------------------------------------------------------------------
    # What holds a batch's customers back, as the read step finds it: disputes on their
    # invoices, holds and open promises, the promises due or broken, and when each
    # suspension ends (for the next steps the write step plans).
    # ------------------------------------------------------------------
    def _disputed_moves(self, move_ids):
        """The invoices among ``move_ids`` under a running dispute (one query)."""
        disputes = self.env["relance.dispute"].search_fetch(
            self.env["relance.dispute"]._active_domain(self.date)
            + [("move_id", "in", list(move_ids))],
            ["move_id"],
        )
        return set(disputes.move_id.ids)

    def _suspended_customers(self, partners):
        """Hook: customers whose collections are suspended on the run's date."""
        on_hold = self._held_customers(partners)
        promised = (
            self.env["relance.promise"]
            .search_fetch(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "in", partners.ids),
                    ("state", "=", "open"),
                    ("date", ">=", self.date),
                ],
                ["partner_id"],
            )
            .partner_id
        )
        return on_hold | promised

    def _held_customers(self, partners):
        """The ``partners`` (in the run's company) on hold on the run's date."""
        return partners.filtered(
            lambda p: p.relance_hold
            and (not p.relance_hold_until or p.relance_hold_until >= self.date)
        )

    def _resume_dates(self, suspended):
        """{partner id: the last day of its suspension} for the ``suspended``
        customers: the end of the hold, the latest open promise's date; None when the
        hold has no end."""
        promised = dict(
            self.env["relance.promise"]._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "in", suspended.ids),
                    ("state", "=", "open"),
                    ("date", ">=", self.date),
                ],
                ["partner_id"],
                ["date:max"],
            )
        )
        resume = {}
        for partner in suspended:
            ends = [promised[partner]] if partner in promised else []
            if partner.relance_hold and (
                not partner.relance_hold_until or partner.relance_hold_until >= self.date
            ):
                if not partner.relance_hold_until:
                    resume[partner.id] = None
                    continue
                ends.append(partner.relance_hold_until)
            resume[partner.id] = max(ends) if ends else None
        return resume

    def _promise_breakers(self, partners):
        """(the promises due, the broken ones) of ``partners``, read only.

        Due: open promises whose date has passed, kept or broken by what the customer
        paid since. Broken: those of them not paid, and the promises already broken
        that have not escalated their customer yet. The write step settles them
        (``relance.promise._settle``).
        """
        Promise = self.env["relance.promise"]
        already_broken = Promise.search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "in", partners.ids),
                ("state", "=", "broken"),
                ("escalated", "=", False),
            ],
            ["partner_id"],
        )
        due = Promise._due_promises(self.company_id, self.date, partners)
        return due, already_broken | due._broken()
