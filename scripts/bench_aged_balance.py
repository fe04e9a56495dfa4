#!/usr/bin/env python3
"""Benchmark the aged balance against OCA account_financial_report, side by side.

On a copy of a database built by ``make_bench_db.py`` (``createdb -T``), installs OCA
``account_financial_report`` 18.0 and what it needs (``date_range``, ``report_xlsx``;
wheels downloaded with ``pip download --no-deps``) and, in one process on the same
data, at today's date and at a date six months back, for every company:

- OCA: the aged partner balance's report values, as its wizard asks for them
  (``report.account_financial_report.aged_partner_balance._get_report_values``);
- ours: the aged balance's rows (``relance.aged.balance._read_rows``), then the
  screen (rows computed and stored, ``action_show``);

each timed seven times, taking turns, the best counting (this machine's timings
vary by half between calls); then the whole book (every company at once; OCA: the sum of its
companies). Then the totals per customer and bucket of both, compared to the cent.
The conventions differ in one documented way: OCA nets the credits not yet
matched (payments on account, credit notes) into the bucket of their own due date,
ours shows them apart as unallocated credit; the comparison puts ours back into
OCA's convention (each credit in its bucket, from
``account.move.line._relance_aged_items``) and reports any customer or bucket that
still differs. Last, the workbook of the whole book (every company), timed.

Usage: python3 scripts/bench_aged_balance.py [--template relance_bench_20k] [--keep]
"""

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from dateutil.relativedelta import relativedelta

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
from run_demo import open_env

OCA_PACKAGES = {
    "account_financial_report": "odoo-addon-account-financial-report>=18.0,<18.1",
    "date_range": "odoo-addon-date-range>=18.0,<18.1",
    "report_xlsx": "odoo-addon-report-xlsx>=18.0,<18.1",
}
OCA_BUCKETS = ("current", "30_days", "60_days", "90_days", "120_days", "older")
ROUNDS = 7


def best_of(function):
    """The best time of ``ROUNDS`` calls of ``function`` and its last result."""
    ((best, result),) = best_of_each(function)
    return best, result


def best_of_each(*functions):
    """The best time of each of ``functions`` over ``ROUNDS`` rounds, and its last
    result. A round calls each function once, in turn: this machine's speed drifts
    by half over a few seconds, and taking turns gives every side the same moments
    (timed one after the other, a slow spell could fall on one side only)."""
    times = [[] for _function in functions]
    results = [None] * len(functions)
    for _round in range(ROUNDS):
        for index, function in enumerate(functions):
            started = time.perf_counter()
            results[index] = function()
            times[index].append(time.perf_counter() - started)
    return [(min(spent), result) for spent, result in zip(times, results, strict=True)]


def oca_wizard(env, company, on_date):
    wizard = env["aged.partner.balance.report.wizard"].create(
        {
            "date_at": on_date,
            "company_id": company.id,
            "receivable_accounts_only": True,
            "target_move": "posted",
        }
    )
    wizard.onchange_type_accounts_only()
    return wizard


def oca_report(env, company, on_date):
    """OCA's report values, as the wizard's *View* or *Export* asks for them."""
    wizard = oca_wizard(env, company, on_date)
    data = wizard._prepare_report_data()
    data["date_at"] = str(data["date_at"])
    report = env["report.account_financial_report.aged_partner_balance"]
    return report._get_report_values(wizard.ids, data)


def oca_totals(env, company, on_date):
    """OCA's amounts per customer id and bucket, summed over its receivable accounts
    (the report values name customers without their id)."""
    wizard = oca_wizard(env, company, on_date)
    report = env["report.account_financial_report.aged_partner_balance"].with_context(
        age_partner_config=env["account.age.report.configuration"]
    )
    by_account = report._get_move_lines_data(
        company.id, wizard.account_ids.ids, [], on_date, False, True, False
    )[0]
    totals = defaultdict(lambda: [0.0] * len(OCA_BUCKETS))
    for account_data in by_account.values():
        for partner_id, amounts in account_data.items():
            if not isinstance(partner_id, int):
                continue
            for index, key in enumerate(OCA_BUCKETS):
                totals[partner_id or None][index] += amounts[key]
    return totals


def our_totals_in_oca_convention(env, company, on_date, rows):
    """Our rows per customer and bucket (the default buckets, as OCA's), with the
    unallocated credits put back in the bucket of their own due date."""
    from odoo.addons.relance_avancee.engine import ageing

    buckets = company._relance_ageing_buckets()
    keys = [key for key, _first, _last in buckets]
    totals = defaultdict(lambda: [0.0] * len(keys))
    for row in rows:
        for index in range(len(keys)):
            totals[row["partner_id"]][index] += row.get(f"amount_{index}", 0.0)
    items = env["account.move.line"]._relance_aged_items(on_date, company.ids)
    for item in items:
        if item["residual"] < 0:
            key = ageing.bucket_of(item["due_date"], on_date, buckets)
            totals[item["partner_id"]][keys.index(key)] += item["residual"]
    return totals


def compare(oca, ours):
    """Customers and buckets that differ by a cent or more."""
    differences = []
    for partner_id in set(oca) | set(ours):
        left = oca.get(partner_id, [0.0] * len(OCA_BUCKETS))
        right = ours.get(partner_id, [0.0] * len(OCA_BUCKETS))
        for index, key in enumerate(OCA_BUCKETS):
            if abs(round(left[index] - right[index], 2)) >= 0.01:
                differences.append((partner_id, key, left[index], right[index]))
    return differences


def report(env):
    from odoo import fields

    today = fields.Date.context_today(env["relance.aged.balance"])
    companies = env["res.company"].search([])
    print(f"Database: {env.cr.dbname}; companies: {', '.join(companies.mapped('name'))}")
    lines = env["account.move.line"].search_count([("account_type", "=", "asset_receivable")])
    print(f"Receivable lines in the book: {lines}")
    failed = False
    for on_date in (today, today - relativedelta(months=6)):
        print(f"\n== Aged balance on {on_date} ==")
        for company in companies:
            aged = env["relance.aged.balance"].create(
                {"date": on_date, "company_ids": [(6, 0, company.ids)]}
            )
            (oca_time, _values), (ours_time, rows), (screen_time, _action) = best_of_each(
                lambda company=company, on_date=on_date: oca_report(env, company, on_date),
                aged._read_rows,
                aged.action_show,
            )
            oca = oca_totals(env, company, on_date)
            ours = our_totals_in_oca_convention(env, company, on_date, rows)
            differences = compare(oca, ours)
            customers = len({partner for partner, amounts in oca.items() if any(amounts)})
            print(
                f"{company.name}: OCA {oca_time:.3f} s; ours {ours_time:.3f} s "
                f"({oca_time / ours_time:.1f}x faster), screen (rows stored) "
                f"{screen_time:.3f} s ({oca_time / screen_time:.1f}x); "
                f"{customers} customers, {len(rows)} rows; "
                f"total OCA {sum(map(sum, oca.values())):,.2f}, "
                f"ours {sum(row['total'] for row in rows):,.2f}; "
                f"customer x bucket differences: {len(differences)}"
            )
            for difference in differences[:10]:
                print("   differs:", difference)
            failed = failed or bool(differences)
        # The book, as an accountant asks for it: every company at once (OCA: one
        # report per company, so the sum of its companies' best times).
        book = env["relance.aged.balance"].create(
            {"date": on_date, "company_ids": [(6, 0, companies.ids)]}
        )
        *oca_bests, (ours_book, _rows), (screen_book, _action) = best_of_each(
            *(
                lambda company=company, on_date=on_date: oca_report(env, company, on_date)
                for company in companies
            ),
            book._read_rows,
            book.action_show,
        )
        oca_book = sum(best for best, _values in oca_bests)
        print(
            f"The book ({len(companies)} companies): OCA {oca_book:.3f} s; ours {ours_book:.3f} s "
            f"({oca_book / ours_book:.1f}x faster); screen {screen_book:.3f} s "
            f"({oca_book / screen_book:.1f}x)"
        )
        failed = failed or oca_book / ours_book < 10
    whole = env["relance.aged.balance"].create(
        {"date": today, "company_ids": [(6, 0, companies.ids)]}
    )
    workbook_time, data = best_of(whole._workbook_bytes)
    print(
        f"\nWorkbook of the whole book on {today} ({len(companies)} companies): "
        f"{workbook_time:.2f} s, {len(data) / 1024:.0f} KiB"
    )
    failed = failed or workbook_time >= 5
    print("\nRESULT:", "FAILED" if failed else "OK (>= 10x, same totals, workbook < 5 s)")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--template", default="relance_bench_20k")
    parser.add_argument("--db", default="relance_bench_aged")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    args = parser.parse_args()
    odoo_env.require_odoo()
    # odoo_env.addons_path() adds them to the addons path of every Odoo started here.
    os.environ["RELANCE_EXTRA_ADDONS"] = ",".join(
        str(odoo_env.oca_addons_dir(package, module)) for module, package in OCA_PACKAGES.items()
    )
    env = None
    try:
        odoo_env.copy_for_benchmark(args.template, args.db, "account_financial_report")
        env = open_env(args.db)
        failed = report(env)
        env.cr.rollback()
    finally:
        if env is not None:
            env.cr.close()
        if not args.keep:
            odoo_env.drop_database(args.db)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
