#!/usr/bin/env python3
"""Count what the ladder repeats over weeks, on a database's collections history.

Optionally replays weekly runs first (``--replay N``: N weekly runs ending today, each
dated its own day, what waits approved, then sent, the registered letters posted and
acknowledged, as ``relance_avancee/demo/history.py`` lives them), on a copy of the
database (``--template``), then counts, per company:

- items put on formal notice more than once (moved up to a formal-notice level by
  two communications that were not cancelled);
- items handed over more than once (likewise at a hand-over level);
- items *listed* in more than one formal notice (the later ones list them apart, as
  already claimed: informative);
- customers with more than one open hand-over task;
- communications at a level none of their moved items reached (a level sent again).

Usage:
    python3 scripts/count_ladder_weeks.py --db relance_demo
    python3 scripts/count_ladder_weeks.py --template relance_bench_2k --replay 8
"""

import argparse
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
from run_demo import open_env

COUNTS = {
    "put on formal notice twice": """
        SELECT communication.company_id, COUNT(*) FROM (
            SELECT item.move_line_id, MIN(communication.company_id) AS company_id
              FROM relance_communication_line item
              JOIN relance_communication communication ON communication.id = item.communication_id
              JOIN relance_level level ON level.id = item.level_id
             WHERE item.moved_up AND level.formal_notice AND communication.state != 'cancelled'
          GROUP BY item.move_line_id HAVING COUNT(*) > 1
        ) communication GROUP BY communication.company_id""",
    "handed over twice": """
        SELECT communication.company_id, COUNT(*) FROM (
            SELECT item.move_line_id, MIN(communication.company_id) AS company_id
              FROM relance_communication_line item
              JOIN relance_communication communication ON communication.id = item.communication_id
              JOIN relance_level level ON level.id = item.level_id
             WHERE item.moved_up AND level.channel_hand_over
               AND communication.state != 'cancelled'
          GROUP BY item.move_line_id HAVING COUNT(*) > 1
        ) communication GROUP BY communication.company_id""",
    "listed in several formal notices (apart, as claimed)": """
        SELECT communication.company_id, COUNT(*) FROM (
            SELECT item.move_line_id, MIN(communication.company_id) AS company_id
              FROM relance_communication_line item
              JOIN relance_communication communication ON communication.id = item.communication_id
              JOIN relance_level level ON level.id = communication.level_id
             WHERE level.formal_notice AND NOT item.is_credit
               AND communication.state != 'cancelled'
          GROUP BY item.move_line_id HAVING COUNT(*) > 1
        ) communication GROUP BY communication.company_id""",
    "customers with several open hand-over tasks": """
        SELECT company_id, COUNT(*) FROM (
            SELECT communication.company_id, communication.partner_id
              FROM mail_activity activity
              JOIN relance_communication communication
                ON activity.res_model = 'relance.communication'
               AND activity.res_id = communication.id
             WHERE communication.channel_hand_over
               AND activity.activity_type_id = %(todo)s
               AND activity.active
          GROUP BY communication.company_id, communication.partner_id
            HAVING COUNT(*) > 1
        ) tasks GROUP BY company_id""",
    "communications at a level no moved item reached": """
        SELECT communication.company_id, COUNT(*)
          FROM relance_communication communication
         WHERE communication.state != 'cancelled'
           AND NOT EXISTS (
               SELECT 1 FROM relance_communication_line item
                WHERE item.communication_id = communication.id
                  AND item.moved_up AND item.level_id = communication.level_id)
      GROUP BY communication.company_id""",
}
TOTALS = """
    SELECT communication.company_id, COUNT(DISTINCT communication.id),
           COUNT(DISTINCT communication.id) FILTER (WHERE level.formal_notice),
           COUNT(DISTINCT communication.id) FILTER (WHERE level.channel_hand_over)
      FROM relance_communication communication
      JOIN relance_level level ON level.id = communication.level_id
     WHERE communication.state != 'cancelled'
  GROUP BY communication.company_id"""


def replay(env, weeks):
    from odoo import fields

    from odoo.addons.relance_avancee.demo.history import DemoHistory

    companies = env["res.company"].search([], order="id")  # pylint: disable=no-search-all
    history = DemoHistory(env)
    history.replay(companies, weeks=weeks)
    # And today's run, as the scheduled action would do it.
    today = fields.Date.context_today(env.user)
    for company in companies:
        communications = history._run(company, today)
        history._carry_out(communications, today, acknowledged=False)
    env.cr.commit()
    return today - timedelta(days=7 * weeks), today


def count(env):
    todo = env.ref("mail.mail_activity_data_todo").id
    names = dict(env["res.company"].search([]).mapped(lambda c: (c.id, c.name)))  # pylint: disable=no-search-all
    totals = {}
    env.cr.execute(TOTALS)
    for company_id, communications, notices, hand_overs in env.cr.fetchall():
        totals[company_id] = (communications, notices, hand_overs)
    for company_id, (communications, notices, hand_overs) in sorted(totals.items()):
        print(
            f"{names[company_id]}: {communications} communications, {notices} formal notices, "
            f"{hand_overs} hand-overs"
        )
    failures = 0
    for label, query in COUNTS.items():
        env.cr.execute(query, {"todo": todo})
        rows = dict(env.cr.fetchall())
        print(f"  {label}: {sum(rows.values())} " + str({names[k]: v for k, v in rows.items()}))
        if not label.startswith("listed"):
            failures += sum(rows.values())
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="count on this database as it is")
    parser.add_argument("--template", help="copy this database first")
    parser.add_argument("--replay", type=int, default=0, help="weekly runs to replay first")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    args = parser.parse_args()
    odoo_env.require_odoo()
    database = args.db
    if args.template:
        database = f"relance_weeks_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", "-T", args.template, database], check=True)
    try:
        env = open_env(database)
        if args.replay:
            start, end = replay(env, args.replay)
            print(f"replayed {args.replay} weekly runs from {start} and one on {end}")
        failures = count(env)
        env.cr.close()
    finally:
        if args.template and not args.keep:
            odoo_env.drop_database(database)
    print("nothing repeated" if not failures else f"{failures} repetitions")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
