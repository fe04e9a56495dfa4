#!/usr/bin/env python3
"""Benchmark a collection case's file export against rendering its invoices alone.

In a new database (the addon installed without demo data), a French customer with a
complete identity gets ``--count`` posted invoices (none with a stored PDF), all
overdue, handed over in one collection case. With an Odoo server running on that
database (wkhtmltopdf fetches the reports' styles from it, as in production), the
script times, side by side:

- Odoo alone: each invoice's PDF rendered by Odoo's invoice report, one wkhtmltopdf
  call per invoice (``ir.actions.report._render_qweb_pdf``; Debian's wkhtmltopdf,
  built without the patched Qt, cannot render a batch);
- the export: the whole case file (the same PDFs, the workbook, the JSON, the zip,
  stored on the case).

Usage: python3 scripts/bench_casefile.py [--count 500] [--db relance_bench_casefile]
"""

import argparse
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
from run_demo import open_env


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def serve(database):
    """An Odoo server on ``database``, answering once its login page does."""
    port = odoo_env.free_port()
    server = subprocess.Popen(
        odoo_env.odoo_command(database, "--http-port", str(port), "--log-level", "warn"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            urllib.request.urlopen(f"{url}/web/login", timeout=5)
            return server, url
        except OSError:
            time.sleep(1)
    server.kill()
    raise SystemExit("The Odoo server did not answer in two minutes.")


def build_case(env, count):
    """A French customer with ``count`` overdue invoices, and their collection case."""
    from odoo import Command, fields

    from odoo.addons.relance_avancee.demo.generator import DemoGenerator

    # The demo generator's French company: its chart, euros, its legal identity.
    company = DemoGenerator(env).get_demo_companies()[0]
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    customer, agency = env["res.partner"].create(
        [
            {
                "name": "Garage Durand SARL",
                "is_company": True,
                "street": "8 rue de la Gare",
                "zip": "38000",
                "city": "Grenoble",
                "country_id": env.ref("base.fr").id,
                "company_registry": "987 654 324",
            },
            {
                "name": "Recouvrement Rhône SARL",
                "is_company": True,
                "relance_collection_role": "agency",
            },
        ]
    )
    today = fields.Date.context_today(env.user)
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": today - timedelta(days=60 + number % 120),
                "invoice_payment_term_id": env.ref("account.account_payment_term_immediate").id,
                "invoice_line_ids": [
                    Command.create({"name": f"Pose {number}", "price_unit": 100.0 + number})
                ],
            }
            for number in range(count)
        ]
    )
    invoices.action_post()
    case = env["relance.collection.case"].create(
        {
            "partner_id": customer.id,
            "move_ids": [Command.set(invoices.ids)],
            "recipient_id": agency.id,
            "mandate": "percentage",
            "commission_rate": 10.0,
            "include_penalties": False,
        }
    )
    return case, invoices


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="relance_bench_casefile")
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    odoo_env.require_odoo()
    odoo_env.drop_database(args.db)
    odoo_env.install(args.db, "--without-demo", "all")
    env = server = None
    try:
        env = open_env(args.db)
        case, invoices = build_case(env, args.count)
        env.cr.commit()
        server, url = serve(args.db)
        env["ir.config_parameter"].set_param("report.url", url)
        env.cr.commit()
        report = env["ir.actions.report"].with_context(report_pdf_no_attachment=True)

        def odoo_alone():
            return [
                report._render_qweb_pdf("account.account_invoices", invoice.ids)[0]
                for invoice in invoices
            ]

        odoo_seconds, pdfs = timed(odoo_alone)
        env.cr.rollback()
        export_seconds, attachment = timed(lambda: case._export_file())
        size = len(attachment.raw)
        env.cr.rollback()
        print(f"{len(invoices)} invoices, no stored PDF ({sum(map(len, pdfs)) // 1024} KiB of PDF)")
        print(f"Odoo rendering the invoices alone: {odoo_seconds:8.2f} s")
        print(
            f"case file export (PDFs, workbook, JSON, zip): {export_seconds:8.2f} s "
            f"({size // 1024} KiB)"
        )
        print(f"ratio: {export_seconds / odoo_seconds:.2f}x the rendering alone (at most 1.5x)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if env is not None:
            env.cr.close()
        odoo_env.drop_database(args.db)


if __name__ == "__main__":
    main()
