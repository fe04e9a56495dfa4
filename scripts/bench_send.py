#!/usr/bin/env python3
"""Benchmark the sending step's emails against Odoo's mass-mail composer.

On a copy of a database built by ``make_bench_db.py``: makes every level send an email
(most generated customers are past the email levels), runs the ladder, takes up to
1,000 queued communications, and times, for the same customers:

- ours: rendering their reminder emails (one batch per template and language) and
  posting them (chatter message, outgoing mail, delivery notification, in bulk);
- Odoo: ``mail.compose.message`` in mass-mail mode with a comparable template on the
  customers (greeting, table of open invoices with due dates and amounts, total),
  creating the outgoing mails.

Nothing is sent to a mail server: both only queue their mails. Also prints the time
of the whole sending step (chatter notes on customers and invoices included).

Usage: python3 scripts/bench_send.py [--template relance_bench_20k] [--count 1000]
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
from run_demo import open_env

COMPARABLE_BODY = """
<div>
    <p>Dear <t t-out="object.name or ''"/>,</p>
    <p>Unless we are mistaken, the following amounts are past their due date:</p>
    <table>
        <tr t-foreach="object.invoice_ids.filtered(lambda m: m.state == 'posted'
                and m.payment_state in ('not_paid', 'partial'))" t-as="move">
            <td t-out="move.name"/>
            <td t-out="move.invoice_date_due" t-options="{'widget': 'date'}"/>
            <td t-out="move.amount_residual"
                t-options="{'widget': 'monetary', 'display_currency': move.currency_id}"/>
        </tr>
    </table>
    <p>Kind regards,<br/><t t-out="user.company_id.name or ''"/></p>
</div>
"""


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--template", default="relance_bench_20k")
    parser.add_argument("--db", default="relance_bench_send")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    odoo_env.require_odoo()
    odoo_env.drop_database(args.db)
    subprocess.run(["createdb", "-T", args.template, args.db], check=True)
    env = None
    try:
        odoo_env.run_odoo(args.db, "-u", odoo_env.MODULE)
        env = open_env(args.db)
        # Every level emails, without approval, so that the run gives enough
        # reminder emails (on the generated book most customers are past the email
        # levels of the French ladder).
        levels = env["relance.level"].search([])
        reminder = levels.filtered("mail_template_id")[:1].mail_template_id
        for level in levels:
            level.write(
                {
                    "channel_email": True,
                    "mail_template_id": (level.mail_template_id or reminder).id,
                    "requires_validation": False,
                }
            )
        for company in env["res.company"].search([]):
            env["relance.run"]._run_now(company=company)
        # One reminder per customer, for as many customers as asked.
        queued = env["relance.communication"].search(
            [("state", "=", "queued"), ("channel_email", "=", True)], order="partner_id, id"
        )
        first_per_customer = {}
        for communication in queued:
            first_per_customer.setdefault(communication.partner_id.id, communication.id)
        communications = queued.browse(list(first_per_customer.values())[: args.count])
        partners = communications.partner_id
        print(f"{len(communications)} reminder emails, {len(partners)} customers")
        env.cr.commit()

        def ours():
            queued = communications.with_context(mail_notify_force_send=False)
            queued._post_emails(queued._render_emails())
            env.flush_all()

        ours_seconds, _ = timed(ours)
        env.cr.rollback()

        template = env["mail.template"].create(
            {
                "name": "Benchmark: comparable reminder",
                "model_id": env["ir.model"]._get_id("res.partner"),
                "subject": "{{ user.company_id.name }}: payment reminder",
                "partner_to": "{{ object.id }}",
                "lang": "{{ object.lang }}",
                "body_html": COMPARABLE_BODY,
            }
        )

        def composer():
            wizard = (
                env["mail.compose.message"]
                .with_context(
                    default_composition_mode="mass_mail",
                    default_model="res.partner",
                    default_res_ids=partners.ids,
                    default_template_id=template.id,
                )
                .create({})
            )
            wizard._action_send_mail()
            env.flush_all()

        composer_seconds, _ = timed(composer)
        env.cr.rollback()
        whole_seconds, _ = timed(lambda: (communications._send(), env.flush_all()))
        env.cr.rollback()
        print(f"relance_avancee emails (render + post): {ours_seconds:7.2f} s")
        print(f"Odoo mass-mail composer (render + mail): {composer_seconds:7.2f} s")
        print(f"ratio: {ours_seconds / composer_seconds:.2f}x the composer's time")
        print(
            f"whole sending step (emails, chatter notes on customers and invoices): "
            f"{whole_seconds:7.2f} s"
        )
    finally:
        if env is not None:
            env.cr.close()
        odoo_env.drop_database(args.db)


if __name__ == "__main__":
    main()
