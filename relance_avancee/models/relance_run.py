# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import ladder
from .relance_level import CHANNEL_FIELDS
from .relance_run_lock import CONCURRENCY_ERRORS, CollectionsBusy

_logger = logging.getLogger(__name__)

# The columns of account.move.line a run reads, in OpenLine's order.
OPEN_LINE_COLUMNS = [
    "id",
    "partner_id",
    "currency_id",
    "amount_residual_currency",
    "date_maturity",
    "move_id",
]


class OpenLine(NamedTuple):
    """An open receivable line as the run reads it."""

    id: int
    partner_id: int
    currency_id: int
    residual: float
    date_maturity: date | None
    move_id: int
    level_id: int | None = None


# Customers handled per batch: one transaction, a few queries, whatever their size.
# Each batch scans the company's open receivable lines once: 1,000 customers (a few
# thousand lines, well under a second) keeps that scan off the run's time.
BATCH_CUSTOMERS = 1000
# Minutes after which the scheduled run comes back to a company it found busy.
BUSY_RETRY_MINUTES = 5


class RelanceRun(models.Model):
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
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "Collections run of %(date)s (%(company)s)",
                date=run.date,
                company=run.company_id.name,
            )

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
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
                run.state = "done"
            return handled, left

    @api.model
    def _batch_size(self):
        """Customers per batch: ``relance_avancee.run_batch_customers``, else 1,000."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param("relance_avancee.run_batch_customers")
        )
        return max(int(value), 1) if value and value.isdigit() else BATCH_CUSTOMERS

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

    def _get_result_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "relance.run",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # One batch: read, decide, write
    # ------------------------------------------------------------------
    def _process_batch(self, limit=None, partner_ids=None, lines=None):
        """Handle the next ``limit`` customers (or ``partner_ids``, the next ones in id
        order, with their open ``lines`` if already read); return how many were
        handled."""
        self.ensure_one()
        self._acquire_lock()
        partner_ids, decisions, lines = self._decide_batch(
            limit or self._batch_size(), partner_ids, lines
        )
        if not partner_ids:
            return 0
        self._record(decisions, lines)
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
            _partners, batch, _lines = self._decide_batch(BATCH_CUSTOMERS, partner_ids, lines)
            decisions += batch
        return decisions

    def _decide_batch(self, limit, partner_ids=None, lines=None):
        """Read the next customers' (or ``partner_ids``') open lines, unless given, and
        let the engine decide.

        Returns the customers' ids, the engine's decisions and the lines read
        ({line id: OpenLine}).
        """
        if partner_ids is None:
            partner_ids = self._next_customers(limit)
        if not partner_ids:
            return [], [], {}
        if lines is None:
            lines = self._read_open_lines(
                self._get_overdue_domain() + [("partner_id", "in", partner_ids)]
            )
        disputed = self._disputed_moves({line.move_id for line in lines.values()})
        items = [
            ladder.Item(
                line_id=line.id,
                partner_id=line.partner_id,
                currency_id=line.currency_id,
                residual=Decimal(str(line.residual)),
                due_date=line.date_maturity,
                level_id=line.level_id,
            )
            for line in lines.values()
            if line.move_id not in disputed
        ]
        decisions = ladder.decide(self._engine_customers(partner_ids), items, self.date)
        return partner_ids, decisions, lines

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
        States.flush_model(["move_line_id", "level_id"])
        state_query = States._search([("move_line_id", "in", [row[0] for row in rows])])
        levels = dict(
            self.env.execute_query(
                state_query.select(
                    SQL.identifier(state_query.table, "move_line_id"),
                    SQL.identifier(state_query.table, "level_id"),
                )
            )
        )
        return {row[0]: OpenLine(*row, level_id=levels.get(row[0])) for row in rows}

    def _disputed_moves(self, move_ids):
        """The invoices among ``move_ids`` under a running dispute (one query)."""
        disputes = self.env["relance.dispute"].search_fetch(
            self.env["relance.dispute"]._active_domain(self.date)
            + [("move_id", "in", list(move_ids))],
            ["move_id"],
        )
        return set(disputes.move_id.ids)

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

    def _get_overdue_domain(self):
        """Hook: the open receivable lines a run looks at (debts and credits).

        Debts are read only once old enough for the company's earliest level, or
        already on the ladder: on a large book most open lines are not due yet, and
        reading them would be most of the run's work for no decision.
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
            ("date_maturity", "<=", self.date - timedelta(days=self._earliest_delay())),
            ("relance_level_id", "!=", False),
        ]

    def _earliest_delay(self):
        """The smallest delay of any level of the company's policies (in days)."""
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

    def _engine_customers(self, partner_ids):
        """The customers of a batch as the engine sees them (policy, last contact).

        Customers on hold or with an open promise to pay are left out: the engine
        decides nothing for them.
        """
        partners = self.env["res.partner"].with_company(self.company_id).browse(partner_ids)
        # Only what the run reads: a partner's first read would load all its fields.
        partners.fetch(["is_company", "relance_policy_id", "relance_hold", "relance_hold_until"])
        partners -= self._suspended_customers(partners)
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
        escalating = self._promise_breakers(partners)
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

    def _suspended_customers(self, partners):
        """Hook: customers whose collections are suspended on the run's date."""
        on_hold = partners.filtered(
            lambda p: p.relance_hold
            and (not p.relance_hold_until or p.relance_hold_until >= self.date)
        )
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

    def _promise_breakers(self, partners):
        """Customers who broke a promise that has not yet escalated their items."""
        Promise = self.env["relance.promise"]
        broken = Promise.search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "in", partners.ids),
                ("state", "=", "broken"),
                ("escalated", "=", False),
            ],
            ["partner_id"],
        )
        if self.id:
            # A real run (a preview runs on a new record, whose id is false): settle
            # the promises due and remember who escalates.
            broken |= Promise._settle_due_promises(self.company_id, self.date, partners)
            broken.escalated = True
        else:
            broken |= Promise._due_promises(self.company_id, self.date, partners)._broken()
        return broken.partner_id

    def _record(self, decisions, lines):
        """Write the decisions: communications and their items, then the new levels."""
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
        self.env["relance.communication.line"]._insert_items(
            list(zip(communications.ids, decisions, strict=True)), lines
        )
        new_levels = {}
        for decision in decisions:
            escalated = set(decision.escalated)
            new_levels.update(
                (line_id, level_id) for line_id, level_id in decision.items if line_id in escalated
            )
        self.env["relance.line.state"]._set_levels(new_levels)
        return communications

    def _level_communication_values(self, level):
        """Hook: what a communication copies from its level and the run."""
        return {
            "company_id": self.company_id.id,
            "run_id": self.id,
            "date": self.date,
            "level_id": level.id,
            "state": "to_approve" if level.requires_validation else "queued",
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
        }
