#!/usr/bin/env python3
"""The main job of relance_avancee, on a local database with demo data.

1. creates the database (or reuses it, updating the addon) with the addon, its demo
   data and French;
   ``--customers``/``--invoices`` add a generated book of that size to a new database;
2. starts Odoo on http://localhost:8069 (wkhtmltopdf fetches the letters' styles there);
3. runs the daily collections job once, as the scheduled actions do: the run (levels
   and communications), then the sending step (emails, activities), renders the
   letters to print into one PDF, and exports the case file of each collection case at
   its recipient that has none yet;
4. prints a summary, then keeps serving until Ctrl-C (``--no-serve``: stops instead).

Usage: python3 scripts/run_demo.py [--db relance_demo] [--no-serve] [--port 8069]
                                   [--customers N --invoices N]
"""

import argparse
import collections
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
import setup

OUTPUT = odoo_env.REPO / "demo-output"
# Safety bound on the scheduled actions' re-runs (each handles one batch).
MAX_CRON_ROUNDS = 500


# Installed first, for the demo to use them: Odoo's French accounting (the French
# demo company keeps the PCG) and Odoo's demo payment provider (published for the
# French demo company: its customers pay online, in test mode).
DEMO_APPS = "l10n_fr_account,payment_demo"


def create_database(database):
    print(f"Creating database {database} with relance_avancee and its demo data...")
    odoo_env.run_odoo(database, "-i", DEMO_APPS, "--load-language", "fr_FR")
    odoo_env.install(database, "--load-language", "fr_FR")


def start_server(database, port, log_path):
    command = odoo_env.odoo_command(
        database, "--http-port", str(port), "--log-level", "warn", "--max-cron-threads", "0"
    )
    server = subprocess.Popen(command, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/web/health"
    for _attempt in range(120):
        if server.poll() is not None:
            raise SystemExit(f"Odoo stopped at start; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise SystemExit(f"Odoo did not answer on {url}; see {log_path}")


def open_env(database):
    """A superuser environment on ``database`` in this process (Odoo is configured once)."""
    odoo = odoo_env.require_odoo()
    if not getattr(open_env, "configured", False):
        odoo.tools.config.parse_config(
            [
                "--addons-path",
                odoo_env.addons_path(),
                "--database",
                database,
                "--log-level",
                "warn",
                *odoo_env.db_options(),
            ]
        )
        open_env.configured = True
    registry = odoo.modules.registry.Registry(database)
    cr = registry.cursor()
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})


def trigger_until_done(env, cron_xmlid, pending):
    """Run a scheduled action the way ir.cron does, batch after batch, until done."""
    cron = env.ref(cron_xmlid)
    for _round in range(MAX_CRON_ROUNDS):
        cron.method_direct_trigger()
        env.cr.commit()
        if not pending():
            return
    raise SystemExit(f"{cron.name} still had work after {MAX_CRON_ROUNDS} rounds")


def run_daily_job(env, port):
    today = odoo_env.require_odoo().fields.Date.context_today(env["relance.run"])
    companies = env["res.company"].search([])
    runs = env["relance.run"]

    def runs_pending():
        done = runs.search_count(
            [("date", "=", today), ("mode", "=", "scheduled"), ("state", "=", "done")]
        )
        return done < len(companies)

    started = time.time()
    trigger_until_done(env, "relance_avancee.ir_cron_relance_daily_run", runs_pending)
    trigger_until_done(
        env,
        "relance_avancee.ir_cron_relance_send",
        lambda: env["relance.communication"].search_count([("state", "=", "queued")]),
    )
    todays = runs.search([("date", "=", today), ("mode", "=", "scheduled")])
    letters_pdf = render_letters(env, todays.communication_ids, port, today)
    export_case_files(env)
    export_aged_balance(env, port, today)
    return todays, letters_pdf, time.time() - started


def export_aged_balance(env, port, today):
    """Today's aged balance of every company, as a workbook and a PDF in demo-output
    (the server up: the PDF fetches its styles there)."""
    env["ir.config_parameter"].set_param("report.url", f"http://127.0.0.1:{port}")
    report = env["relance.aged.balance"].create(
        {"date": today, "company_ids": [(6, 0, env["res.company"].search([]).ids)]}
    )
    OUTPUT.mkdir(exist_ok=True)
    workbook = OUTPUT / f"aged-balance-{today}.xlsx"
    workbook.write_bytes(report._workbook_bytes())
    pdf, _kind = env["ir.actions.report"]._render_qweb_pdf(
        "relance_avancee.action_report_relance_aged_balance", report.ids
    )
    (OUTPUT / f"aged-balance-{today}.pdf").write_bytes(pdf)
    env.cr.commit()
    return workbook


def export_case_files(env):
    """The case file of each collection case at its recipient without one, with the
    server up (its PDFs fetch their styles there; the module's demo data cannot render
    them while Odoo installs it)."""
    cases = env["relance.collection.case"].search(
        [("state", "in", ("sent", "in_progress")), ("file_attachment_id", "=", False)]
    )
    for case in cases:
        case.with_company(case.company_id)._export_file()
    # The request of each injonction de payer (with its documents' PDFs).
    for case in env["relance.collection.case"].search(
        [
            ("procedure", "in", ("fr_order_commercial", "fr_order_judicial")),
            ("court_request_pdf", "=", False),
        ]
    ):
        case.with_company(case.company_id).action_court_request()
    env.cr.commit()
    return cases


def render_letters(env, communications, port, today):
    """Render today's letters to print into one PDF, with the server up."""
    letters = communications.filtered(
        lambda c: c.state in ("sending", "sent")
        and (c.channel_letter or c.channel_registered_letter)
    )
    if not letters:
        return None
    # wkhtmltopdf loads the report's CSS from this address.
    env["ir.config_parameter"].set_param("report.url", f"http://127.0.0.1:{port}")
    env.cr.commit()
    pdf, _kind = env["ir.actions.report"]._render_qweb_pdf(
        "relance_avancee.action_report_relance_letter", letters.ids
    )
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"letters-{today}.pdf"
    path.write_bytes(pdf)
    return path


def print_summary(env, runs, letters_pdf, seconds, port, serve):
    communications = runs.communication_ids
    print()
    print(f"Collections run of {runs[:1].date} ({seconds:.1f} s)")
    for run in runs:
        print(
            f"  {run.company_id.name}: {run.customer_count} customers reviewed, "
            f"{run.escalated_count} items moved up, {run.communication_count} communications"
        )
    by_level = collections.Counter(c.level_id.name for c in communications)
    print("  Communications per level:")
    for name, count in sorted(by_level.items()):
        print(f"    {name}: {count}")
    lines = env["account.move.line"].search_fetch(
        [
            ("relance_level_id", "!=", False),
            ("reconciled", "=", False),
            ("parent_state", "=", "posted"),
        ],
        ["move_id", "relance_level_id"],
    )
    invoices = collections.defaultdict(set)
    for line in lines:
        invoices[line.relance_level_id.name].add(line.move_id.id)
    print("  Open invoices per level reached:")
    for name, moves in sorted(invoices.items()):
        print(f"    {name}: {len(moves)}")
    states = collections.Counter(c.state for c in communications)
    # Sending: carried out, the email in Odoo's mail queue until the mail server has it.
    sent = communications.filtered(lambda c: c.state in ("sending", "sent"))
    letters = sent.filtered(lambda c: c.channel_letter or c.channel_registered_letter)
    print(f"  Emails handed to the mail queue: {len(sent.filtered('channel_email'))}")
    print(f"  Letters rendered: {len(letters)}" + (f" -> {letters_pdf}" if letters_pdf else ""))
    cases = env["relance.collection.case"].search([("file_attachment_id", "!=", False)])
    print(f"  Case files exported (on the case, Collections > Collection Cases): {len(cases)}")
    print(f"  Aged balance of today (workbook and PDF): {OUTPUT}/aged-balance-*.xlsx, .pdf")
    calls = communications.filtered(lambda c: c.channel_call and c.state in ("call", "sent"))
    print(f"  Calls scheduled: {len(calls)}")
    print(
        f"  Waiting for approval: {states.get('to_approve', 0)}; "
        f"cancelled (paid meanwhile): {states.get('cancelled', 0)}; "
        f"failed: {states.get('failed', 0)}"
    )
    if serve:
        print(
            f"\nOdoo is serving http://localhost:{port}: admin / admin (a Collections "
            "manager), demo / demo (Marc Demo, the French company's collector), client / "
            "client (a French customer on the portal, with a running payment plan); "
            "Ctrl-C stops it."
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="relance_demo")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--no-serve", action="store_true", help="stop after the run")
    parser.add_argument("--customers", type=int, default=0)
    parser.add_argument("--invoices", type=int, default=0)
    args = parser.parse_args()
    # The machine first: Debian packages, PostgreSQL, Odoo 18.0 (one line when all
    # is there).
    setup.ensure()
    odoo_env.require_odoo()
    if not odoo_env.database_exists(args.db):
        create_database(args.db)
        if args.invoices:
            env = open_env(args.db)
            from odoo.addons.relance_avancee.demo.generator import DemoGenerator

            DemoGenerator(env).generate(
                customers=args.customers or args.invoices // 10, invoices=args.invoices, seed=1
            )
            env.cr.commit()
            env.cr.close()
    else:
        # A database from an earlier version of the addon: bring it up to date first.
        print(f"Updating relance_avancee in {args.db}...")
        odoo_env.run_odoo(args.db, "-u", odoo_env.MODULE)
    OUTPUT.mkdir(exist_ok=True)
    server = start_server(args.db, args.port, OUTPUT / "server.log")
    try:
        env = open_env(args.db)
        runs, letters_pdf, seconds = run_daily_job(env, args.port)
        print_summary(env, runs, letters_pdf, seconds, args.port, not args.no_serve)
        env.cr.close()
        if not args.no_serve:
            server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
