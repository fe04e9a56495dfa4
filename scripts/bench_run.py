#!/usr/bin/env python3
"""Benchmark the daily run against OCA account_credit_control, side by side.

On a copy of a database built by ``make_bench_db.py`` (``createdb -T``), installs OCA
``account_credit_control`` 18.0 (the ``odoo-addon-account-credit-control`` package,
downloaded with ``pip download --no-deps``), gives it a policy with the same delays as
our French ladder (3, 15, 30, 45, 60 days after the due date) and times, in one
process on the same data:

- OCA: ``credit.control.run.generate_credit_lines()`` for each company;
- ours: the full run of each company (levels decided, communications and their items
  recorded, levels written), batch after batch, counting the SQL queries of each batch;
- ours again, as scheduled: the daily action's method called directly in a loop, and
  driven by Odoo's own runner (``ir.cron._process_jobs``, as a server's cron thread
  calls it), each on a fresh copy of the database each round.

Each is timed three times on the same data (rolled back and vacuumed in between); the
best counts.

Both cover the overdue receivable lines at least 3 days late; ours nets credit notes
and payments on account, so a customer whose credits cover the debt gets nothing: the
script counts those lines apart, so that the two totals can be reconciled.

Before the timed runs, it measures the queries per batch on customer subsets holding
about 5,000, 10,000 and 20,000 invoices (rolled back).

Usage: python3 scripts/bench_run.py [--template relance_bench_20k] [--keep]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
from run_demo import open_env

OCA_PACKAGE = "odoo-addon-account-credit-control>=18.0,<18.1"
DELAYS = (3, 15, 30, 45, 60)
ROUNDS = 3
# account_credit_control skips lines whose open amount is below the company's
# credit_control_tolerance, 0.10 by default.
OCA_TOLERANCE = 0.10


def setup_oca_policies(env):
    template = env.ref("account_credit_control.email_template_credit_control_base")
    for company in env["res.company"].search([]):
        accounts = env["account.account"].search(
            [("company_ids", "in", company.ids), ("account_type", "=", "asset_receivable")]
        )
        policy = env["credit.control.policy"].create(
            {
                "name": f"Benchmark ladder ({company.name})",
                "company_id": company.id,
                "account_ids": [(6, 0, accounts.ids)],
                "level_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Level {number}",
                            "level": number,
                            "computation_mode": "net_days",
                            "delay_days": delay,
                            "email_template_id": template.id,
                            "channel": "email",
                            "custom_text": "Reminder",
                            "custom_mail_text": "<p>Reminder</p>",
                        },
                    )
                    for number, delay in enumerate(DELAYS, start=1)
                ],
            }
        )
        company.credit_policy_id = policy


def run_oca(env, today):
    started = time.perf_counter()
    lines = 0
    for company in env["res.company"].search([]):
        run = (
            env["credit.control.run"]
            .with_company(company)
            .create(
                {
                    "date": today,
                    "company_id": company.id,
                    "policy_ids": [(6, 0, company.credit_policy_id.ids)],
                }
            )
        )
        run.generate_credit_lines()
        lines += len(run.line_ids)
    return time.perf_counter() - started, lines


class StepTimer:
    """Where our run's time goes, step by step: lines (the one read of the open
    lines), read (the rest of each batch's reading: holds, plans and cases,
    customers, promises), decide (the engine), plan (the next steps, engine included),
    write (the levels, communications and items) and close (credit exposure and
    score, timed apart: not part of the comparison with OCA, which has none). Wraps the
    run's methods for the time of a ``with`` block."""

    def __init__(self, env):
        self.env = env
        self.seconds = dict.fromkeys(("lines", "read", "decide", "plan", "write", "close"), 0.0)

    def _timed(self, owner, name, step, minus=()):
        original = getattr(owner, name)
        timer = self

        def wrapper(*args, **kwargs):
            inner = sum(timer.seconds[other] for other in minus)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                # What nested steps took is theirs, not this one's.
                timer.seconds[step] += elapsed - (
                    sum(timer.seconds[other] for other in minus) - inner
                )

        return mock.patch.object(owner, name, wrapper)

    def __enter__(self):
        from odoo.addons.relance_avancee.engine import ladder

        Run = type(self.env["relance.run"])
        self._patches = [
            self._timed(Run, "_read_open_lines", "lines"),
            self._timed(Run, "_decide_batch", "read", minus=("decide", "lines")),
            self._timed(ladder, "decide", "decide"),
            self._timed(Run, "_plan_next_steps", "plan"),
            self._timed(Run, "_record", "write", minus=("plan",)),
            self._timed(Run, "_close", "close"),
        ]
        for patch in self._patches:
            patch.start()
        return self

    def __exit__(self, *exc):
        for patch in reversed(self._patches):
            patch.stop()

    def line(self):
        return ", ".join(f"{step} {seconds:.3f} s" for step, seconds in self.seconds.items())


def run_ours(env, partner_ids=None, timer=None):
    """Every batch of every company; returns (seconds, item lines, credit lines,
    communications, queries per batch). With a ``timer`` (StepTimer), each run is also
    closed, its close timed apart from the seconds returned."""
    started = time.perf_counter()
    queries = []
    closing = 0.0
    for company in env["res.company"].search([]):
        run = (
            env["relance.run"]
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "partner_ids": [(6, 0, partner_ids or [])],
                }
            )
        )
        # As run._process_all() does, counting the queries of each batch (the
        # first batch's count includes the one read of every batch's lines).
        before = env.cr.sql_log_count
        for batch_partners, lines in run._batches():
            run._process_batch(partner_ids=batch_partners, lines=lines)
            queries.append(env.cr.sql_log_count - before)
            before = env.cr.sql_log_count
        if timer is None:
            run.state = "done"
        else:
            closed = time.perf_counter()
            run._close()
            closing += time.perf_counter() - closed
    seconds = time.perf_counter() - started - closing
    lines = env["relance.communication.line"].search_fetch([], ["is_credit"])
    items = sum(1 for line in lines if not line.is_credit)
    credits = len(lines) - items
    communications = env["relance.communication"].search_count([])
    return seconds, items, credits, communications, queries


def run_daily_direct(source):
    """The scheduled action's method called in a loop, as the runner would but in one
    transaction, on a fresh copy of ``source`` (as the runner's rounds are: both start
    from the same cold copy, so that their ratio measures the runner alone); returns
    (seconds, calls, communications)."""
    odoo = odoo_env.require_odoo()
    copy = f"{source}_direct"
    odoo_env.drop_database(copy)
    subprocess.run(["createdb", "-T", source, copy], check=True)
    try:
        registry = odoo.modules.registry.Registry(copy)  # loaded before timing
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            Run = env["relance.run"]
            companies = env["res.company"].search_count([])
            started = time.perf_counter()
            for calls in range(1, 1000):
                Run._cron_daily_run()
                done = Run.search_count([("mode", "=", "scheduled"), ("state", "=", "done")])
                if done == companies:
                    seconds = time.perf_counter() - started
                    communications = env["relance.communication"].search_count([])
                    cr.rollback()
                    return seconds, calls, communications
        raise SystemExit("the daily run did not finish")
    finally:
        odoo.modules.registry.Registry.delete(copy)
        odoo_env.drop_database(copy)


def run_daily_through_runner(source, today):
    """The daily run as a server's cron thread runs it: Odoo's runner
    (``ir.cron._process_jobs``, ten calls a round, a commit after each call), on a
    fresh copy of ``source``; returns (seconds, rounds, communications)."""
    odoo = odoo_env.require_odoo()
    copy = f"{source}_runner"
    odoo_env.drop_database(copy)
    subprocess.run(["createdb", "-T", source, copy], check=True)
    try:
        registry = odoo.modules.registry.Registry(copy)  # loaded before timing
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            cron = env.ref("relance_avancee.ir_cron_relance_daily_run")
            # Only the daily run is due: the runner runs every job that is.
            cr.execute("UPDATE ir_cron SET nextcall = now() + interval '1 year'")
            cr.execute(
                "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 second' "
                "WHERE id = %s",
                (cron.id,),
            )
            companies = env["res.company"].search_count([])
        IrCron = registry["ir.cron"]
        started = time.perf_counter()
        rounds, finished = 0, False
        while not finished and rounds < 1000:
            IrCron._process_jobs(copy)
            rounds += 1
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM relance_run WHERE mode = 'scheduled' "
                    "AND state = 'done' AND date = %s",
                    (today,),
                )
                finished = cr.fetchone()[0] == companies
        seconds = time.perf_counter() - started
        with registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM relance_communication")
            communications = cr.fetchone()[0]
        return seconds, rounds, communications
    finally:
        odoo.modules.registry.Registry.delete(copy)
        odoo_env.drop_database(copy)


def netted_out_lines(env, today):
    """Overdue lines (3 days or more) of customers whose credits cover them.

    As the ladder nets: what is overdue against every credit (credit notes, payments
    on account), per company, customer and currency; debts not yet due do not count.
    """
    lines = env["account.move.line"].search_fetch(
        [
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("partner_id", "!=", False),
        ],
        ["partner_id", "company_id", "currency_id", "amount_residual_currency", "date_maturity"],
    )

    def key(line):
        return (line.company_id.id, line.partner_id.id, line.currency_id.id)

    def overdue(line):
        return (
            line.amount_residual_currency > 0
            and line.date_maturity
            and (today - line.date_maturity).days >= DELAYS[0]
        )

    net = {}
    for line in lines:
        if overdue(line) or line.amount_residual_currency < 0:
            net[key(line)] = net.get(key(line), 0.0) + line.amount_residual_currency
    # Lines under OCA's per-line tolerance are left out on both sides.
    return sum(
        1
        for line in lines
        if overdue(line) and net[key(line)] <= 0 and line.amount_residual_currency >= OCA_TOLERANCE
    )


def queries_per_batch_by_size(env, sizes):
    """Queries of each batch on customer subsets holding about ``sizes`` invoices."""
    counts = env["account.move"]._read_group(
        [("move_type", "=", "out_invoice"), ("state", "=", "posted")],
        ["partner_id"],
        ["__count"],
        order="partner_id",
    )
    results = {}
    for size in sizes:
        chosen, total = [], 0
        for partner, count in counts:
            if total >= size:
                break
            chosen.append(partner.id)
            total += count
        *_, queries = run_ours(env, chosen)
        results[total] = queries
        env.cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--template", default="relance_bench_20k")
    parser.add_argument("--db", default="relance_bench_run")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    args = parser.parse_args()
    odoo = odoo_env.require_odoo()
    # odoo_env.addons_path() adds it to the addons path of every Odoo started here.
    os.environ["RELANCE_EXTRA_ADDONS"] = str(
        odoo_env.oca_addons_dir(OCA_PACKAGE, "account_credit_control")
    )
    env = None
    try:
        odoo_env.copy_for_benchmark(args.template, args.db, "account_credit_control")
        # The runner's rounds each start from a copy of this one (a database cannot be
        # copied while this process is connected to it).
        odoo_env.drop_database(f"{args.db}_source")
        subprocess.run(["createdb", "-T", args.db, f"{args.db}_source"], check=True)
        env = open_env(args.db)
        report(env, odoo.fields.Date.context_today(env["relance.run"]), args.db)
    finally:
        if env is not None:
            env.cr.close()
        odoo_env.drop_database(f"{args.db}_source")
        if not args.keep:
            odoo_env.drop_database(args.db)


def settle(env, database):
    """Before a timed run: the rows the last one wrote and rolled back vacuumed away,
    as autovacuum leaves a live database (left there, their dead index entries slow
    the next run's inserts down, whichever side it is), and an empty cache."""
    env.cr.rollback()
    subprocess.run(["vacuumdb", "--analyze", "--quiet", database], check=True)
    env.invalidate_all()


def report(env, today, database):
    invoices = env["account.move"].search_count([("move_type", "=", "out_invoice")])
    customers = env["res.partner"].search_count([("customer_rank", ">", 0)])
    print(f"{database}: {invoices} invoices, {customers} customers")
    for total, queries in queries_per_batch_by_size(env, (5000, 10000, 20000)).items():
        print(f"  queries per batch, customers holding {total} invoices: {queries}")
    setup_oca_policies(env)
    env.cr.commit()
    # Each side runs ROUNDS times, alternating, each time on the same data (rolled
    # back after), from an empty cache; the best time of each counts, as timeit does:
    # the slower rounds measure the machine's other work, not the code.
    oca_times, our_times, direct_times, runner_times, steps = [], [], [], [], []
    for _round in range(ROUNDS):
        env.invalidate_all()
        direct_seconds, direct_calls, direct_communications = run_daily_direct(f"{database}_source")
        direct_times.append(direct_seconds)
        runner_seconds, runner_rounds, runner_communications = run_daily_through_runner(
            f"{database}_source", today
        )
        runner_times.append(runner_seconds)
        settle(env, database)
        oca_seconds, oca_lines = run_oca(env, today)
        oca_times.append(oca_seconds)
        env.cr.rollback()
        settle(env, database)
        with StepTimer(env) as timer:
            ours_seconds, items, credits, communications, queries = run_ours(env, timer=timer)
        our_times.append(ours_seconds)
        steps.append(timer)
        below_oca_tolerance = env["relance.communication.line"].search_count(
            [("is_credit", "=", False), ("amount_residual", "<", OCA_TOLERANCE)]
        )
        env.cr.rollback()
    oca_seconds, ours_seconds = min(oca_times), min(our_times)
    netted = netted_out_lines(env, today)
    print(f"OCA account_credit_control: {oca_seconds:8.2f} s, {oca_lines} credit lines")
    print(f"  rounds: {', '.join(f'{seconds:.2f}' for seconds in oca_times)} s")
    print(
        f"relance_avancee:            {ours_seconds:8.2f} s, {items} overdue items "
        f"(+ {credits} credits netted) in {communications} communications; "
        f"queries per batch: {queries}"
    )
    print(f"  rounds: {', '.join(f'{seconds:.2f}' for seconds in our_times)} s")
    best = steps[our_times.index(ours_seconds)]
    print(f"  where the time goes (best round): {best.line()}")
    print(
        f"Overdue lines left out by netting (credits cover the debt): {netted}; "
        f"items under OCA's per-line tolerance ({OCA_TOLERANCE:.2f}), which OCA leaves "
        f"out: {below_oca_tolerance}; items + netted - under tolerance = "
        f"{items + netted - below_oca_tolerance} vs OCA {oca_lines}"
    )
    print(f"ratio: relance_avancee takes {ours_seconds / oca_seconds:.1%} of OCA's time")
    direct_seconds, runner_seconds = min(direct_times), min(runner_times)
    print(
        f"Daily run, the scheduled action called directly: {direct_seconds:.2f} s "
        f"({direct_calls} calls, {direct_communications} communications); rounds: "
        f"{', '.join(f'{seconds:.2f}' for seconds in direct_times)} s"
    )
    print(
        f"Daily run through Odoo's runner (ir.cron._process_jobs): {runner_seconds:.2f} s "
        f"({runner_rounds} rounds, {runner_communications} communications); rounds: "
        f"{', '.join(f'{seconds:.2f}' for seconds in runner_times)} s"
    )
    print(f"runner / direct: {runner_seconds / direct_seconds:.1%}")


if __name__ == "__main__":
    main()
