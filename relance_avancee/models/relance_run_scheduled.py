# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The scheduled daily run, as Odoo's runner drives it: one batch per call, company
after company, and a busy company tried again a few minutes later."""

import logging

from odoo import api, fields, models

from .relance_run import BATCH_CUSTOMERS
from .relance_run_lock import CONCURRENCY_ERRORS, CollectionsBusy

_logger = logging.getLogger(__name__)

# Minutes after which the scheduled run comes back to a company it found busy.
BUSY_RETRY_MINUTES = 5


# One file per concern of relance.run, as relance.communication is split: the split
# is the point.
class RelanceRun(models.Model):
    _inherit = "relance.run"  # pylint: disable=consider-merging-classes-inherited

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
