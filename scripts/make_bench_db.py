#!/usr/bin/env python3
"""Build a database of generated receivables for benchmarks, and time it.

Installs the addon without demo data into a new database, then generates the book
with the demo generator (``relance_avancee/demo/generator.py``: two companies,
instalments, partial payments, credit notes). Copy the result for each benchmark run
instead of rebuilding it:
``createdb -T relance_bench_20k my_copy``.

Usage: python3 scripts/make_bench_db.py [--db relance_bench_20k] [--customers 2000]
                                        [--invoices 20000]
"""

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
from run_demo import open_env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="relance_bench_20k")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--invoices", type=int, default=20000)
    args = parser.parse_args()
    odoo_env.require_odoo()
    if odoo_env.database_exists(args.db):
        raise SystemExit(f"{args.db} exists: drop it first (dropdb {args.db}).")
    started = time.time()
    odoo_env.install(args.db, "--without-demo", "all")
    installed = time.time()
    env = open_env(args.db)
    # The generator logs its progress (batches posted) at INFO.
    logging.getLogger("odoo.addons.relance_avancee").setLevel(logging.INFO)
    from odoo.addons.relance_avancee.demo.generator import DemoGenerator

    created = DemoGenerator(env).generate(customers=args.customers, invoices=args.invoices, seed=20)
    env.cr.commit()
    generated = time.time()
    print(
        f"{args.db}: installed in {installed - started:.0f} s; generated "
        f"{len(created['customers'])} customers, {len(created['invoices'])} invoices, "
        f"{len(created['credit_notes'])} credit notes, {len(created['payments'])} payments "
        f"in {generated - installed:.0f} s "
        f"({(generated - installed) / max(len(created['invoices']), 1) * 1000:.0f} ms "
        "per invoice, payments and credit notes included)"
    )
    env.cr.close()


if __name__ == "__main__":
    main()
