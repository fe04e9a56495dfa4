# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The lock that keeps a company's daily run, its manual runs and its senders apart.

Odoo runs every transaction in REPEATABLE READ: a transaction sees the database as it
was at its first query, whatever commits afterwards. A lock that is merely held
(PostgreSQL's advisory locks) therefore protects nothing once the holder commits: the
next transaction may have read its view before that commit and go on working on
stale data. A row that every holder *updates* is different: locking it in a
transaction whose view predates the last holder's commit raises a serialization
failure, so a caller can never work on what it read before the lock was free.

Two ways in:
- exclusive (a run: the daily one or *Run Now*): ``FOR NO KEY UPDATE NOWAIT`` then an
  update of the row, so that any later locker sees this run's commit or fails;
- shared (a sender: the sending step or *Send Now*): ``FOR SHARE``; senders of one
  company do not wait for each other (their communications are locked row by row),
  but a run and a sender of the same company never overlap.

Neither way waits: a caller that finds the lock taken is told (a user), or comes back
a few minutes later (a scheduled action, through ``ir.cron._trigger``)."""

from datetime import timedelta

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL

# What a caller of the lock may meet: the lock is held (NOWAIT), or the row changed
# since this transaction's view was taken (REPEATABLE READ), or a deadlock PostgreSQL
# broke. Each one means "come back with a fresh transaction", which Odoo's RPC layer
# does on its own for a user's request (it retries these errors).
CONCURRENCY_ERRORS = (
    errors.LockNotAvailable,
    errors.SerializationFailure,
    errors.DeadlockDetected,
)


class CollectionsBusy(Exception):
    """The company's collections are run or sent by another transaction right now."""

    def __init__(self, company_ids):
        super().__init__(company_ids)
        self.company_ids = company_ids


class RelanceRunLock(models.Model):
    _name = "relance.run.lock"
    _description = "Collections lock of a company"
    _rec_name = "company_id"
    # Updated by every run: who and when adds nothing.
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    serial = fields.Integer(
        readonly=True, help="Technical: bumped by every run, so a later locker sees it."
    )

    _sql_constraints = [
        ("company_unique", "UNIQUE(company_id)", "A company has one collections lock."),
    ]

    def init(self):
        # A row per existing company (installation, upgrade); new companies get theirs
        # from res.company.create.
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (company_id, serial) SELECT id, 0 FROM res_company "
                "ON CONFLICT (company_id) DO NOTHING",
                SQL.identifier(self._table),
            )
        )

    def _ensure_rows(self, company_ids):
        """Create the missing lock rows of ``company_ids``.

        A plain read first: an ``INSERT ... ON CONFLICT`` on a row that a run has
        updated and not yet committed would wait for that run, and a sender or a user
        must never wait for one.
        """
        existing = self.env.execute_query(
            SQL(
                "SELECT company_id FROM %s WHERE company_id IN %s",
                SQL.identifier(self._table),
                tuple(company_ids),
            )
        )
        missing = set(company_ids) - {row[0] for row in existing}
        if missing:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (company_id, serial) SELECT unnest(%s::int[]), 0 "
                    "ON CONFLICT (company_id) DO NOTHING",
                    SQL.identifier(self._table),
                    sorted(missing),
                )
            )

    def _acquire_exclusive(self, company):
        """Take ``company``'s lock for a run, or raise :class:`CollectionsBusy`.

        Call it before reading anything the run decides on. Raises a serialization
        failure (one of ``CONCURRENCY_ERRORS``) when another run committed after this
        transaction's view was taken: the caller must start again.
        """
        self._ensure_rows([company.id])
        try:
            # A savepoint: a refused NOWAIT must not abort the caller's transaction.
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE company_id = %s FOR NO KEY UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        company.id,
                    ),
                    # Expected when the lock is taken: not an error to log.
                    log_exceptions=False,
                )
        except errors.LockNotAvailable:
            raise CollectionsBusy([company.id]) from None
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET serial = serial + 1 WHERE company_id = %s",
                SQL.identifier(self._table),
                company.id,
            )
        )

    def _acquire_shared(self, company_ids):
        """Take the lock of each company of ``company_ids`` free of a run; return their
        ids (the others are being run right now).

        Raises a serialization failure when a run of one of them committed after this
        transaction's view was taken.
        """
        if not company_ids:
            return set()
        self._ensure_rows(company_ids)
        rows = self.env.execute_query(
            SQL(
                "SELECT company_id FROM %s WHERE company_id IN %s FOR SHARE SKIP LOCKED",
                SQL.identifier(self._table),
                tuple(company_ids),
            )
        )
        return {row[0] for row in rows}

    @api.model
    def _retry_later(self, cron_xmlid, minutes):
        """Have the scheduled action ``cron_xmlid`` come back in ``minutes``, unless
        it is due to come back already (one trigger, however many calls met a busy
        company)."""
        cron = self.env.ref(cron_xmlid)
        now = fields.Datetime.now()
        when = now + timedelta(minutes=minutes)
        pending = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_count(
                [("cron_id", "=", cron.id), ("call_at", ">", now), ("call_at", "<=", when)],
                limit=1,
            )
        )
        if not pending:
            cron._trigger(when)
