#!/usr/bin/env python3
"""Grow a generated benchmark book to a larger one, fast: copies of its customers.

``make_bench_db.py`` builds a book through Odoo (invoices created and posted,
payments reconciled: about 80 ms an invoice on a 2-core machine, more than an hour
for 50,000 invoices). This copies such a database (``createdb -T``) and adds, in
SQL, copies of its customers with their whole book, until the book holds
``--invoices`` customer invoices: each copy of a customer is a new partner (its
reference and email numbered after the copy) owning copies of the original's posted
invoices, credit notes, payments and their journal items, taxes, partial and full
reconciliations and followers, every link pointing into the copy. The rows are the
rows Odoo wrote for the originals, amounts, residuals, due dates and reconciliation
states included, so the copy is a posted Odoo book as the original is; the journal
entries' numbers get the copy's mark (``INV/2026/K1-00042``) to stay unique.

Usage: python3 scripts/grow_bench_db.py [--from relance_bench_20k]
                                        [--db relance_bench_50k] [--invoices 50000]
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env

# The tables copied, each with how its rows are chosen (from the moves copied) and
# the columns that point into the copy: {column: map}.
PLAN = [
    (
        "res_partner",
        "id IN (SELECT old FROM map_res_partner)",
        {"commercial_partner_id": "res_partner", "parent_id": "res_partner"},
    ),
    (
        "account_move",
        "id IN (SELECT old FROM map_account_move)",
        {
            "partner_id": "res_partner",
            "commercial_partner_id": "res_partner",
            "partner_shipping_id": "res_partner",
            "reversed_entry_id": "account_move",
        },
    ),
    (
        "account_payment",
        "id IN (SELECT old FROM map_account_payment)",
        {"move_id": "account_move", "partner_id": "res_partner"},
    ),
    ("account_full_reconcile", "id IN (SELECT old FROM map_account_full_reconcile)", {}),
    (
        "account_move_line",
        "id IN (SELECT old FROM map_account_move_line)",
        {
            "move_id": "account_move",
            "partner_id": "res_partner",
            "full_reconcile_id": "account_full_reconcile",
            "payment_id": "account_payment",
        },
    ),
    (
        "account_partial_reconcile",
        "id IN (SELECT old FROM map_account_partial_reconcile)",
        {
            "debit_move_id": "account_move_line",
            "credit_move_id": "account_move_line",
            "full_reconcile_id": "account_full_reconcile",
        },
    ),
]

# Columns left empty in the copies: links to records that are not copied (none in a
# generated book; emptied so that a copy never shares them with its original).
CLEARED = {
    "account_move": [
        "statement_line_id",
        "auto_post_origin_id",
        "tax_cash_basis_origin_move_id",
        # Set once the payments are copied (they point to their move, it to them).
        "origin_payment_id",
    ],
    "account_payment": ["paired_internal_transfer_payment_id", "source_payment_id"],
    "account_full_reconcile": ["exchange_move_id"],
    "account_partial_reconcile": ["exchange_move_id"],
}


def psql(database, sql, *, fetch=False):
    result = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return [line.split("|") for line in result.stdout.splitlines()] if fetch else None


def columns(database, table):
    return [
        row[0]
        for row in psql(
            database,
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_name = '{table}' AND table_schema = 'public' ORDER BY ordinal_position",
            fetch=True,
        )
    ]


def mapped(column, target):
    return f"COALESCE((SELECT new FROM map_{target} WHERE old = src.{column}), src.{column})"


def copy_sql(database, copy, partner_ids):
    """The SQL that copies the customers ``partner_ids`` (copy number ``copy``)."""
    mark = f"K{copy}-"
    ids = ",".join(map(str, partner_ids))
    statements = [
        # Old id -> new id of every row copied, the new ids drawn from each table's
        # sequence as the ORM's inserts draw them.
        "CREATE TEMP TABLE map_res_partner AS SELECT id AS old, "
        f"nextval('res_partner_id_seq') AS new FROM res_partner WHERE id IN ({ids})",
        "CREATE TEMP TABLE map_account_move AS SELECT id AS old, "
        "nextval('account_move_id_seq') AS new FROM account_move "
        "WHERE commercial_partner_id IN (SELECT old FROM map_res_partner)",
        "CREATE TEMP TABLE map_account_payment AS SELECT id AS old, "
        "nextval('account_payment_id_seq') AS new FROM account_payment "
        "WHERE move_id IN (SELECT old FROM map_account_move)",
        "CREATE TEMP TABLE map_account_move_line AS SELECT id AS old, "
        "nextval('account_move_line_id_seq') AS new FROM account_move_line "
        "WHERE move_id IN (SELECT old FROM map_account_move)",
        "CREATE TEMP TABLE map_account_full_reconcile AS SELECT id AS old, "
        "nextval('account_full_reconcile_id_seq') AS new FROM account_full_reconcile "
        "WHERE id IN (SELECT full_reconcile_id FROM account_move_line "
        "WHERE id IN (SELECT old FROM map_account_move_line))",
        "CREATE TEMP TABLE map_account_partial_reconcile AS SELECT id AS old, "
        "nextval('account_partial_reconcile_id_seq') AS new FROM account_partial_reconcile "
        "WHERE debit_move_id IN (SELECT old FROM map_account_move_line) "
        "OR credit_move_id IN (SELECT old FROM map_account_move_line)",
    ]
    for table in (
        "res_partner",
        "account_move",
        "account_payment",
        "account_move_line",
        "account_full_reconcile",
        "account_partial_reconcile",
    ):
        statements.append(f"CREATE UNIQUE INDEX ON map_{table} (old)")
        statements.append(f"ANALYZE map_{table}")
    # A reconciliation reaching outside the customers copied would link a copy to an
    # original: refused (a generated book reconciles each customer's own lines).
    statements.append(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM account_partial_reconcile WHERE id IN "
        "(SELECT old FROM map_account_partial_reconcile) AND (debit_move_id NOT IN "
        "(SELECT old FROM map_account_move_line) OR credit_move_id NOT IN "
        "(SELECT old FROM map_account_move_line))) THEN RAISE EXCEPTION "
        "'a reconciliation links these customers to others: cannot copy them apart'; "
        "END IF; END $$"
    )
    # The new journal entries' numbers, used by the moves, their lines and payments.
    statements.append(
        "CREATE TEMP TABLE new_name AS SELECT id AS old, CASE WHEN name = '/' OR name IS "
        f"NULL THEN name ELSE sequence_prefix || '{mark}' || "
        "substr(name, length(sequence_prefix) + 1) END AS name FROM account_move "
        "WHERE id IN (SELECT old FROM map_account_move)"
    )
    statements.append("CREATE UNIQUE INDEX ON new_name (old)")
    overrides = {
        "res_partner": {
            "ref": f"src.ref || '-{mark[:-1]}'",
            "email": f"replace(src.email, '@', '.{mark[:-1].lower()}@')",
            "email_normalized": f"replace(src.email_normalized, '@', '.{mark[:-1].lower()}@')",
        },
        "account_move": {
            "name": "(SELECT name FROM new_name WHERE old = src.id)",
            "sequence_prefix": f"src.sequence_prefix || '{mark}'",
            "payment_reference": "CASE WHEN src.payment_reference = src.name THEN "
            "(SELECT name FROM new_name WHERE old = src.id) ELSE src.payment_reference END",
        },
        "account_payment": {
            "name": "(SELECT name FROM new_name WHERE old = src.move_id)",
        },
        "account_move_line": {
            "move_name": "(SELECT name FROM new_name WHERE old = src.move_id)",
            # As account.move.line._compute_matching_number writes it: the full
            # reconciliation's id, or P and the partial's.
            "matching_number": "CASE WHEN src.full_reconcile_id IS NOT NULL THEN "
            "(SELECT new FROM map_account_full_reconcile WHERE old = src.full_reconcile_id)"
            "::varchar WHEN src.matching_number LIKE 'P%' THEN 'P' || (SELECT new FROM "
            "map_account_partial_reconcile WHERE old = substr(src.matching_number, 2)::int) "
            "ELSE src.matching_number END",
        },
    }
    for table, where, links in PLAN:
        names = columns(database, table)
        values = []
        for name in names:
            if name == "id":
                values.append(f"(SELECT new FROM map_{table} WHERE old = src.id)")
            elif name in overrides.get(table, {}):
                values.append(overrides[table][name])
            elif name in links:
                values.append(mapped(name, links[name]))
            elif name in CLEARED.get(table, []):
                values.append("NULL")
            else:
                values.append(f"src.{name}")
        statements.append(
            f"INSERT INTO {table} ({', '.join(names)}) "
            f"SELECT {', '.join(values)} FROM {table} src WHERE {where}"
        )
        if table == "account_payment":
            statements.append(
                "UPDATE account_move move SET origin_payment_id = payment.new "
                "FROM account_move src JOIN map_account_move copy ON copy.old = src.id "
                "JOIN map_account_payment payment ON payment.old = src.origin_payment_id "
                "WHERE move.id = copy.new"
            )
    statements += [
        "INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id) "
        "SELECT map.new, rel.account_tax_id FROM account_move_line_account_tax_rel rel "
        "JOIN map_account_move_line map ON map.old = rel.account_move_line_id",
        "INSERT INTO mail_followers (res_model, res_id, partner_id) "
        "SELECT f.res_model, move.new, COALESCE(partner.new, f.partner_id) "
        "FROM mail_followers f JOIN map_account_move move ON move.old = f.res_id "
        "LEFT JOIN map_res_partner partner ON partner.old = f.partner_id "
        "WHERE f.res_model = 'account.move'",
    ]
    return "BEGIN;\n" + ";\n".join(statements) + ";\nCOMMIT;"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--from", dest="source", default="relance_bench_20k")
    parser.add_argument("--db", default="relance_bench_50k")
    parser.add_argument("--invoices", type=int, default=50000)
    args = parser.parse_args()
    if odoo_env.database_exists(args.db):
        raise SystemExit(f"{args.db} exists: drop it first (dropdb {args.db}).")
    started = time.time()
    subprocess.run(["createdb", "-T", args.source, args.db], check=True)
    # Customer invoices per customer, in id order: each copy takes the customers in
    # that order until the book is as large as asked.
    counts = [
        (int(partner), int(count))
        for partner, count in psql(
            args.db,
            "SELECT commercial_partner_id, count(*) FROM account_move WHERE move_type = "
            "'out_invoice' AND state = 'posted' GROUP BY 1 ORDER BY 1",
            fetch=True,
        )
    ]
    total = sum(count for __, count in counts)
    copy = 0
    while total < args.invoices:
        copy += 1
        chosen = []
        for partner, count in counts:
            if total >= args.invoices:
                break
            chosen.append(partner)
            total += count
        subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", args.db],
            input=copy_sql(args.db, copy, chosen),
            check=True,
            text=True,
            capture_output=True,
        )
        print(f"copy {copy}: {len(chosen)} customers, the book at {total} invoices")
    subprocess.run(["vacuumdb", "--analyze", "--quiet", args.db], check=True)
    print(f"{args.db}: {total} customer invoices in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
