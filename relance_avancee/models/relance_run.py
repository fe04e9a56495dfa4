# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from .relance_run_lock import CollectionsBusy

# Customers handled per batch: one transaction, a few queries, whatever their size.
# Each batch scans the company's open receivable lines once: 1,000 customers (a few
# thousand lines, well under a second) keeps that scan off the run's time.
BATCH_CUSTOMERS = 1000


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
