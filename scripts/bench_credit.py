#!/usr/bin/env python3
"""Benchmark credit control (beside OCA account_financial_risk) and the reliability score.

On a copy of a database built by ``make_bench_db.py`` (``createdb -T``), installs OCA
``account_financial_risk`` 18.0 (the ``odoo-addon-account-financial-risk`` package,
downloaded with ``pip download --no-deps``) beside the addon, then, in one process on
the same data:

- turns Odoo's credit limits on in every company and gives every customer a limit
  (Odoo's ``credit_limit``, which both modules read): one customer in five a low one,
  the others a comfortable one; OCA counts draft, open and overdue invoices and other
  receivables in its risk (every ``risk_*_include``), as our exposure does; our
  company's hold rules are all on (the formal notice, 90 days overdue, the limit), and
  the daily run has put the items at their levels;
- times refreshing every customer's stored exposure and holds
  (``relance.credit.exposure._refresh`` per company), counting its queries, and again
  on subsets of 500 and 1,000 customers to show the count does not grow with them;
  OCA stores nothing: the same figures are its computed ``risk_total`` and
  ``risk_exception``, read for every customer from an empty cache;
- times recomputing every customer's reliability score
  (``relance.partner.score._recompute`` per company) and counts its queries, on the
  same subsets too;
- times the customer list's "over limit" filter (the search and the first page of the
  list, ``web_search_read``), ours on the stored flag, OCA's on ``risk_exception``.

Each timing is the best of several rounds from an empty cache (the slower rounds
measure the machine's other work, as timeit's do). Posting an invoice for a customer
with a limit is counted in a test, not here (``assertQueryCount``, tests of
``relance_avancee``).

Usage: python3 scripts/bench_credit.py [--template relance_bench_20k] [--keep]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
from run_demo import open_env

OCA_PACKAGE = "odoo-addon-account-financial-risk>=18.0,<18.1"
ROUNDS = 5
LOW_LIMIT, HIGH_LIMIT = 500.0, 100_000.0
OCA_INCLUDES = (
    "risk_invoice_draft_include",
    "risk_invoice_open_include",
    "risk_invoice_unpaid_include",
    "risk_account_amount_include",
    "risk_account_amount_unpaid_include",
)
# The customer list's columns when the filter is on (a first page of 80).
LIST_SPECIFICATION = {"display_name": {}, "email": {}, "phone": {}, "city": {}}


def customers(env):
    return env["res.partner"].search(
        [("customer_rank", ">", 0), "|", ("is_company", "=", True), ("parent_id", "=", False)],
        order="id",
    )


def set_up_limits(env):
    """Limits, OCA's risk includes and our hold rules; then the daily run, so that
    items stand at their levels. Committed: the timed rounds roll back to here."""
    partners = customers(env)
    companies = env["res.company"].search([])
    # Written in the columns (credit_limit is company-dependent: a jsonb keyed by
    # company), not customer by customer through the ORM: this is set-up, not timed.
    env.cr.execute(
        """
        UPDATE res_partner p
           SET credit_limit = (SELECT jsonb_object_agg(c.id::text,
                                      CASE WHEN p.id %% 5 = 0 THEN %s ELSE %s END)
                                 FROM res_company c)
         WHERE p.id IN %s
        """,
        (LOW_LIMIT, HIGH_LIMIT, tuple(partners.ids)),
    )
    env.cr.execute(
        f"UPDATE res_partner SET {', '.join(f'{name} = TRUE' for name in OCA_INCLUDES)} "
        "WHERE id IN %s",
        (tuple(partners.ids),),
    )
    env.invalidate_all()
    for company in companies:
        policy = env["relance.policy"].search(
            [("company_id", "=", company.id), ("is_default", "=", True)], limit=1
        )
        formal_notice = policy.level_ids.filtered("channel_registered_letter")[:1]
        policy.credit_hold_level_id = formal_notice
        company.write(
            {
                "account_use_credit_limit": True,
                "relance_credit_hold_overdue_days": 90,
                "relance_credit_hold_over_limit": True,
            }
        )
    Run = env["relance.run"]
    for _call in range(1000):
        Run._cron_daily_run()
        done = Run.search_count([("mode", "=", "scheduled"), ("state", "=", "done")])
        if done == len(companies):
            break
    env.cr.commit()
    return partners


def best(rounds):
    """(best seconds, queries of that round) of [(seconds, queries)]."""
    return min(rounds)


def timed(env, function):
    env.invalidate_all()
    env.registry.clear_cache()
    before = env.cr.sql_log_count
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    return seconds, env.cr.sql_log_count - before, result


def refresh_ours(env, partners=None):
    exposure = env["relance.credit.exposure"]
    for company in env["res.company"].search([]):
        exposure._refresh(company, partners)
    exposure.flush_model()


def recompute_scores(env, partners=None):
    scores = env["relance.partner.score"]
    for company in env["res.company"].search([]):
        scores._recompute(company, partners)
    scores.flush_model()


def refresh_oca(env, partners):
    for company in env["res.company"].search([]):
        # OCA's figures are computed per company (with_company), read for each customer.
        partners.with_company(company).mapped("risk_total")
        partners.with_company(company).mapped("risk_exception")


def filter_list(env, company, field):
    """The customer list filtered on ``field``: the count and the first page."""
    Partner = env["res.partner"].with_company(company)
    domain = [(field, "=", True)]
    found = Partner.search_count(domain)
    Partner.web_search_read(domain, LIST_SPECIFICATION, limit=80)
    return found


def report(env, database):
    invoices = env["account.move"].search_count([("move_type", "=", "out_invoice")])
    partners = set_up_limits(env)
    companies = env["res.company"].search([])
    print(f"{database}: {invoices} invoices, {len(partners)} customers, {len(companies)} companies")

    ours, oca = [], []
    for _round in range(ROUNDS):
        seconds, queries, _ = timed(env, lambda: refresh_ours(env))
        ours.append((seconds, queries))
        env.cr.rollback()
        seconds, queries, _ = timed(env, lambda: refresh_oca(env, partners))
        oca.append((seconds, queries))
        env.cr.rollback()
    for label, rounds in (("relance_avancee", ours), ("OCA account_financial_risk", oca)):
        seconds, queries = best(rounds)
        print(
            f"Refresh every customer's exposure and holds, {label}: {seconds:.3f} s, "
            f"{queries} queries; rounds: {', '.join(f'{s:.3f}' for s, _q in rounds)} s"
        )
    for size in (500, 1000, len(partners)):
        subset = partners[:size]
        _s, our_queries, _ = timed(env, lambda subset=subset: refresh_ours(env, subset))
        env.cr.rollback()
        _s, oca_queries, _ = timed(env, lambda subset=subset: refresh_oca(env, subset))
        env.cr.rollback()
        print(
            f"  queries for {len(subset)} customers: relance_avancee {our_queries}, "
            f"OCA {oca_queries}"
        )

    rounds = []
    for _round in range(ROUNDS):
        seconds, queries, _ = timed(env, lambda: recompute_scores(env))
        rounds.append((seconds, queries))
        env.cr.rollback()
    seconds, queries = best(rounds)
    scored = env["relance.partner.score"].search_count([("has_score", "=", True)])
    print(
        f"Recompute every customer's reliability score: {seconds:.3f} s, {queries} queries "
        f"({scored} customer scores); rounds: {', '.join(f'{s:.3f}' for s, _q in rounds)} s"
    )
    for size in (500, 1000, len(partners)):
        subset = partners[:size]
        _s, queries, _ = timed(env, lambda subset=subset: recompute_scores(env, subset))
        env.cr.rollback()
        print(f"  queries for {len(subset)} customers: {queries}")

    for company in companies:
        rounds = {"relance_avancee": [], "OCA account_financial_risk": []}
        found = {}
        for _round in range(ROUNDS):
            for label, field in (
                ("relance_avancee", "relance_over_limit"),
                ("OCA account_financial_risk", "risk_exception"),
            ):
                seconds, queries, count = timed(
                    env, lambda f=field, c=company: filter_list(env, c, f)
                )
                rounds[label].append((seconds, queries))
                found[label] = count
        for label, timings in rounds.items():
            seconds, queries = best(timings)
            print(
                f'"Over limit" filter, {company.name}, {label}: {seconds * 1000:.1f} ms, '
                f"{queries} queries, {found[label]} customers found; rounds: "
                f"{', '.join(f'{s * 1000:.1f}' for s, _q in timings)} ms"
            )
    holds = env["relance.credit.hold"].search_count([("state", "=", "active")])
    print(f"Credit holds active after the refresh: {holds}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--template", default="relance_bench_20k")
    parser.add_argument("--db", default="relance_bench_credit")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    args = parser.parse_args()
    odoo_env.require_odoo()
    # odoo_env.addons_path() adds it to the addons path of every Odoo started here.
    os.environ["RELANCE_EXTRA_ADDONS"] = str(
        odoo_env.oca_addons_dir(OCA_PACKAGE, "account_financial_risk")
    )
    env = None
    try:
        odoo_env.copy_for_benchmark(args.template, args.db, "account_financial_risk")
        env = open_env(args.db)
        report(env, args.db)
    finally:
        if env is not None:
            env.cr.close()
        if not args.keep:
            odoo_env.drop_database(args.db)


if __name__ == "__main__":
    main()
