#!/usr/bin/env python3
"""The multi-process stage: relance_avancee as a company runs it.

Real Odoo server processes whose cron thread does the work (Odoo's own runner), a real
SMTP server on loopback (aiosmtpd), real crashes (SIGKILL), two servers at once on one
database. Each scenario works on its own copy of a generated book (two companies, the
database's first company empty, more batches than the runner's ten calls a round),
then checks the database and what the SMTP server received.

Under ``--test-enable`` Odoo sends no email and its cron thread does not run: this is
why these checks live here, outside Odoo's test runner.

Usage: python3 scripts/stage_processes.py [--keep-db] [--only NAME ...]
"""

import argparse
import asyncio
import email
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import xmlrpc.client
from collections import Counter
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env

LOG_DIR = odoo_env.REPO / ".test-logs" / "processes"
CUSTOMERS = 120
INVOICES = 600
# Customers per batch: the book then needs more batches than the runner's ten calls.
BATCH = 8
CUSTOMER_DOMAIN = "@customers.example"
DAILY = "ir_cron_relance_daily_run"
SEND = "ir_cron_relance_send"
MAIL_QUEUE = ("mail", "ir_cron_mail_scheduler_action")
TIMEOUT = 240


class StageFailure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise StageFailure(message)
    print(f"  ok: {message}")


# ----------------------------------------------------------------------------
# The SMTP server
# ----------------------------------------------------------------------------
class SmtpRecorder:
    """An SMTP server on loopback that records what it accepted.

    ``refused``: recipients answered 550 (the server says no); ``delay``: seconds
    before answering DATA. Stopped, its port refuses connections (an outage).
    """

    def __init__(self, port):
        self.port = port
        self.messages = []
        self.refused = set()
        self.delay = 0.0
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if server.transport is None or server.transport.is_closing():
            return "451 Client gone"  # never answered: not delivered
        message = email.message_from_bytes(envelope.content)
        self.messages.append({"to": list(envelope.rcpt_tos), "message_id": message["Message-Id"]})
        return "250 Message accepted for delivery"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def to_customers(self):
        return [m for m in self.messages if any(CUSTOMER_DOMAIN in to for to in m["to"])]


# ----------------------------------------------------------------------------
# Odoo servers and the database
# ----------------------------------------------------------------------------
class Server:
    """An Odoo server process on ``db``: HTTP, and a cron thread unless told not to."""

    def __init__(self, db, name, smtp_port, cron_threads=1):
        self.db, self.port = db, odoo_env.free_port()
        self.log_path = LOG_DIR / f"{db}-{name}.log"
        command = odoo_env.odoo_command(
            db,
            "--http-port",
            str(self.port),
            "--workers",
            "0",
            "--max-cron-threads",
            str(cron_threads),
            "--smtp",
            "127.0.0.1",
            "--smtp-port",
            str(smtp_port),
            "--log-level",
            "info",
        )
        self.process = subprocess.Popen(
            command, stdout=self.log_path.open("a"), stderr=subprocess.STDOUT
        )
        self._wait_up()

    def _wait_up(self):
        for _attempt in range(120):
            if self.process.poll() is not None:
                raise StageFailure(f"Odoo stopped at start; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/web/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise StageFailure(f"Odoo did not start; see {self.log_path}")

    def rpc(self, model, method, *args, **kwargs):
        common = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}/xmlrpc/2/common")
        uid = common.authenticate(self.db, "admin", "admin", {})
        models = xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.port}/xmlrpc/2/object", allow_none=True
        )
        return models.execute_kw(self.db, uid, "admin", model, method, list(args), kwargs)

    def kill(self):
        """SIGKILL: no cleanup, no rollback by Odoo, as a crash or the OOM killer."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")


class Database:
    def __init__(self, name):
        self.name = name
        self.connection = psycopg2.connect(dbname=name)
        self.connection.autocommit = True
        # Cron threads listen on the 'postgres' database (NOTIFY is per database).
        self.postgres = psycopg2.connect(dbname="postgres")
        self.postgres.autocommit = True

    def notify_cron_threads(self):
        with self.postgres.cursor() as cr:
            cr.execute("SELECT pg_notify('cron_trigger', %s)", (self.name,))

    def rows(self, query, params=()):
        with self.connection.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else []

    def value(self, query, params=()):
        rows = self.rows(query, params)
        return rows[0][0] if rows else None

    def cron_id(self, xmlid):
        module, name = xmlid if isinstance(xmlid, tuple) else ("relance_avancee", xmlid)
        return self.value(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", (module, name)
        )

    def wake(self, *xmlids):
        """Make these scheduled actions due now and wake the cron threads; return the
        time to compare their ``lastcall`` with."""
        ids = [self.cron_id(xmlid) for xmlid in xmlids]
        # lastcall is stored to the second: a completion within the second of an
        # earlier one could not be told apart.
        time.sleep(1.1)
        started = self.value("SELECT date_trunc('second', now() AT TIME ZONE 'UTC')")
        self.rows(
            "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 second' "
            "WHERE id = ANY(%s)",
            (ids,),
        )
        self.notify_cron_threads()
        return started

    def wait_done(self, since, *xmlids, timeout=TIMEOUT):
        """Wait until each scheduled action has completed (lastcall) after ``since``."""
        ids = [self.cron_id(xmlid) for xmlid in xmlids]
        deadline = time.time() + timeout
        notified = time.time()
        while time.time() < deadline:
            if time.time() - notified > 5:
                # A server that started listening after the first notice.
                self.notify_cron_threads()
                notified = time.time()
            done = self.value(
                "SELECT count(*) FROM ir_cron WHERE id = ANY(%s) AND lastcall >= %s",
                (ids, since),
            )
            if done == len(ids):
                return
            time.sleep(0.5)
        raise StageFailure(f"scheduled actions {xmlids} not done after {timeout} s")

    def round(self, *xmlids, timeout=TIMEOUT):
        self.wait_done(self.wake(*xmlids), *xmlids, timeout=timeout)

    def wait_lock_waiter(self, timeout=60):
        """Wait until another backend of this database waits for a lock."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.value(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
                (self.name,),
            ):
                return
            time.sleep(0.2)
        raise StageFailure("no server transaction came to wait on the held lock")

    def terminate_other_backends(self):
        """What a dead server's connections come to: PostgreSQL ends them (here at
        once; on its own it notices when it next talks to them)."""
        self.rows(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (self.name,),
        )

    def close(self):
        self.connection.close()
        self.postgres.close()


# ----------------------------------------------------------------------------
# The book
# ----------------------------------------------------------------------------
def build_template(name):
    """A database without demo data (its first company has no customer) and a
    generated book in two more companies; every scheduled action far in the future,
    so that only the ones a scenario wakes run."""
    started = time.time()
    odoo_env.install(name, "--without-demo", "all")
    script = (
        "from odoo.addons.relance_avancee.demo.generator import DemoGenerator\n"
        "DemoGenerator(env).generate(customers=%d, invoices=%d, seed=8)\n"
        "env['ir.config_parameter'].set_param('relance_avancee.run_batch_customers', '%d')\n"
        "env.cr.execute(\"UPDATE ir_cron SET nextcall = now() + interval '1 year'\")\n"
        "env.cr.commit()\n" % (CUSTOMERS, INVOICES, BATCH)
    )
    command = odoo_env.odoo_command(name, "--log-level", "warn", "--no-http")
    # python3 -m odoo shell <options>: the script comes on standard input.
    subprocess.run(
        [*command[:3], "shell", *command[3:]],
        input=script,
        text=True,
        check=True,
        capture_output=True,
    )
    print(f"  book generated in {time.time() - started:.0f} s")


def copy_of(template, scenario):
    name = f"{template}_{scenario}"
    odoo_env.drop_database(name)
    subprocess.run(["createdb", "-T", template, name], check=True)
    return name


def communications_per_customer(db):
    """{(company, partner, currency): number of communications} of today's runs."""
    return Counter(
        db.rows(
            "SELECT company_id, partner_id, currency_id FROM relance_communication "
            "WHERE date = (now() AT TIME ZONE 'UTC')::date"
        )
    )


def email_communications(db):
    return db.rows(
        "SELECT c.id, c.state, c.email_status, c.email_attempts, c.mail_mail_id, p.email "
        "FROM relance_communication c JOIN res_partner p ON p.id = c.partner_id "
        "WHERE c.channel_email AND c.state NOT IN ('cancelled', 'to_approve') ORDER BY c.id"
    )


def mails_per_communication(db):
    return dict(
        db.rows(
            "SELECT m.res_id, count(*) FROM mail_mail mm "
            "JOIN mail_message m ON m.id = mm.mail_message_id "
            "WHERE m.model = 'relance.communication' AND m.message_type = 'comment' "
            "GROUP BY m.res_id"
        )
    )


def check_one_communication_each(db):
    counts = communications_per_customer(db)
    check(counts, "the run created communications")
    check(max(counts.values()) == 1, "one communication per customer and currency today")


def check_runs_done(db):
    companies = db.value("SELECT count(*) FROM res_company")
    done = db.rows(
        "SELECT company_id, count(*) FROM relance_run WHERE mode = 'scheduled' "
        "AND state = 'done' AND date = (now() AT TIME ZONE 'UTC')::date GROUP BY company_id"
    )
    check(len(done) == companies, f"a done scheduled run in each of the {companies} companies")
    check(all(count == 1 for _company, count in done), "and one only per company")


def check_cron_healthy(db, *xmlids):
    for xmlid in xmlids:
        failures = db.value("SELECT failure_count FROM ir_cron WHERE id = %s", (db.cron_id(xmlid),))
        check(failures == 0, f"{xmlid}: no failure counted by Odoo")


def mail_hours(db, hours):
    """``hours`` hourly rounds: Odoo's mail queue, then the sending step's follow-up;
    then the hour passes, and what was put back in the queue is due again."""
    for _hour in range(hours):
        db.round(MAIL_QUEUE)
        db.round(SEND)
        db.rows(
            "UPDATE mail_mail SET scheduled_date = now() AT TIME ZONE 'UTC' "
            "- interval '1 minute' WHERE state = 'outgoing'"
        )


def send_everything(db, rounds=6):
    """Sending rounds until nothing is queued: sender, Odoo's mail queue, follow-up."""
    for _round in range(rounds):
        db.round(SEND)
        db.round(MAIL_QUEUE)
        db.round(SEND)
        if not db.value("SELECT count(*) FROM relance_communication WHERE state = 'queued'"):
            return
    raise StageFailure("communications still queued after the sending rounds")


# ----------------------------------------------------------------------------
# Scenarios
# ----------------------------------------------------------------------------
def scenario_runner(template, smtp):
    """Point 1: the daily run under Odoo's runner collects every company, once."""
    db = Database(copy_of(template, "runner"))
    server = Server(db.name, "runner", smtp.port)
    try:
        first = db.value("SELECT min(id) FROM res_company")
        check(
            not db.value(
                "SELECT count(*) FROM account_move WHERE company_id = %s AND state = 'posted'",
                (first,),
            ),
            "the database's first company has nothing to collect",
        )
        db.round(DAILY)
        check_runs_done(db)
        per_company = dict(
            db.rows("SELECT company_id, count(*) FROM relance_communication GROUP BY company_id")
        )
        check(len(per_company) == 2, "communications in both companies with a book")
        batches = db.value(
            "SELECT count(*) FROM ir_cron_progress WHERE cron_id = %s AND done > 0",
            (db.cron_id(DAILY),),
        )
        check(batches > 10, f"{batches} calls: more than the runner's ten a round")
        check_one_communication_each(db)
        check_cron_healthy(db, DAILY)
        before = db.value("SELECT count(*) FROM relance_communication")
        db.round(DAILY)
        check(
            db.value("SELECT count(*) FROM relance_communication") == before,
            "a second pass the same day creates nothing",
        )
        return sorted(communications_per_customer(db))
    finally:
        server.stop()
        db.close()


def scenario_crash_in_run(template, smtp, expected):
    """Point 3: SIGKILL in the middle of a batch of the daily run."""
    db = Database(copy_of(template, "crash_run"))
    server = Server(db.name, "crash-run", smtp.port)
    try:
        # Hold the items' table: the next batch inserts its communications, then
        # waits here for its items, mid-transaction. Then the server dies.
        blocker = psycopg2.connect(dbname=db.name)
        blocker.cursor().execute("LOCK TABLE relance_communication_line IN SHARE MODE")
        db.wake(DAILY)
        db.wait_lock_waiter()
        server.kill()
        db.terminate_other_backends()
        blocker.close()
        orphans = db.value(
            "SELECT count(*) FROM relance_communication c WHERE NOT EXISTS "
            "(SELECT 1 FROM relance_communication_line l WHERE l.communication_id = c.id)"
        )
        check(orphans == 0, "nothing half-written: no communication without its items")
        server = Server(db.name, "crash-run-restarted", smtp.port)
        db.round(DAILY)
        check_runs_done(db)
        check_one_communication_each(db)
        check(
            sorted(communications_per_customer(db)) == expected,
            "the same customers as an uninterrupted run: nobody skipped, nobody twice",
        )
    finally:
        server.stop()
        db.close()


def scenario_crash_in_sending(template, smtp):
    """Point 3: SIGKILL in the sending step, then in Odoo's mail queue."""
    db = Database(copy_of(template, "crash_send"))
    server = Server(db.name, "crash-send", smtp.port)
    smtp.messages.clear()
    try:
        db.round(DAILY)
        blocker = psycopg2.connect(dbname=db.name)
        blocker.cursor().execute("LOCK TABLE mail_mail IN SHARE MODE")
        db.wake(SEND)
        db.wait_lock_waiter()
        server.kill()
        db.terminate_other_backends()
        blocker.close()
        check(
            not db.value(
                "SELECT count(*) FROM relance_communication WHERE state <> 'queued' "
                "AND state <> 'to_approve' AND state <> 'cancelled'"
            ),
            "the killed sending batch left nothing sent",
        )
        server = Server(db.name, "crash-send-restarted", smtp.port)
        db.round(SEND)
        db.round(SEND)
        # Kill Odoo's mail queue while the SMTP server answers slowly.
        smtp.delay = 0.3
        db.wake(MAIL_QUEUE)
        deadline = time.time() + 60
        while len(smtp.messages) < 3 and time.time() < deadline:
            time.sleep(0.05)
        # Halfway through the next message's answer: the third is committed by then.
        # (Killed within the milliseconds between the server's "250" and Odoo's
        # commit, Odoo's own queue would send that one email again: a window of the
        # mail queue, which commits after each email, not of the sending step.)
        time.sleep(smtp.delay / 2)
        server.kill()
        db.terminate_other_backends()
        smtp.delay = 0.0
        server = Server(db.name, "crash-send-restarted-2", smtp.port)
        send_everything(db)
        emails = email_communications(db)
        check(emails, "communications with an email")
        check(
            all(state == "sent" for _i, state, *_rest in emails), "every email communication sent"
        )
        received = Counter(m["message_id"] for m in smtp.to_customers())
        check(len(received) == len(emails), f"{len(emails)} emails reached the SMTP server")
        check(max(received.values()) == 1, "each exactly once")
        mails = mails_per_communication(db)
        check(all(mails.get(c[0]) == 1 for c in emails), "one mail.mail per communication")
    finally:
        server.stop()
        db.close()


def scenario_mail_outage(template, smtp):
    """Point 4: the SMTP server down for three hourly rounds, a refusal, a bounce."""
    db = Database(copy_of(template, "outage"))
    smtp.stop()  # a morning's outage: the port refuses connections
    smtp.messages.clear()
    server = Server(db.name, "outage", smtp.port)
    try:
        db.round(DAILY)
        db.round(SEND)
        mail_hours(db, 3)
        emails = email_communications(db)
        check(emails, f"{len(emails)} communications with an email")
        check(
            all(row[1] == "sending" and row[2] == "deferred" and row[3] == 0 for row in emails),
            "after three rounds without a mail server: Sending, waiting, no attempt used",
        )
        check(
            all(mails_per_communication(db).get(row[0]) == 1 for row in emails),
            "one email each, put back in the queue, never a copy",
        )
        check("could not be reached" in server.log(), "the server log says the mail server is down")
        notices = db.value(
            "SELECT count(*) FROM mail_message WHERE message_type = 'user_notification' "
            "AND subject = 'Collections emails waiting for the mail server'"
        )
        check(notices >= 1, "the collections responsible was told")
        refused = emails[0][5]
        smtp.refused = {refused}
        smtp.start()
        mail_hours(db, 4)
        emails = email_communications(db)
        failed = [row for row in emails if row[1] == "failed"]
        check(
            len(failed) == 1 and failed[0][5] == refused and failed[0][3] == 3,
            "the address the server refuses: Failed after the policy's 3 attempts",
        )
        check(
            db.value(
                "SELECT count(*) FROM mail_activity WHERE res_model = "
                "'relance.communication' AND res_id = %s",
                (failed[0][0],),
            )
            == 1,
            "and an activity tells its responsible",
        )
        received = Counter(m["message_id"] for m in smtp.to_customers())
        check(len(received) == len(emails) - 1, "every other email reached the SMTP server")
        check(max(received.values()) == 1, "each exactly once")
        # Sent again by hand once the address is fixed on the server's side.
        smtp.refused = set()
        server.rpc("relance.communication", "action_send_now", [failed[0][0]])
        db.round(MAIL_QUEUE)
        db.round(SEND)
        received = Counter(m["message_id"] for m in smtp.to_customers())
        check(
            len(received) == len(emails) and max(received.values()) == 1,
            "Send Now sent that same email once",
        )
        # A hard bounce through Odoo's mail gateway.
        bounced_id, message_id, address = db.rows(
            "SELECT c.id, m.message_id, p.email FROM relance_communication c "
            "JOIN mail_message m ON m.id = c.mail_message_id "
            "JOIN res_partner p ON p.id = c.partner_id "
            "WHERE c.state = 'sent' AND c.email_status = 'sent' ORDER BY c.id LIMIT 1"
        )[0]
        server.rpc("mail.thread", "message_process", False, bounce(address, message_id))
        state = db.rows(
            "SELECT email_status, letter_fallback FROM relance_communication WHERE id = %s",
            (bounced_id,),
        )[0]
        check(state == ("bounced", True), "a hard bounce: bounced, falls back to a letter")
        before = len(smtp.to_customers())
        db.round(MAIL_QUEUE)
        db.round(SEND)
        check(len(smtp.to_customers()) == before, "and is not retried")
    finally:
        server.stop()
        smtp.refused = set()
        if smtp.controller is None:
            smtp.start()
        db.close()


def scenario_races(template, smtp):
    """Point 2: two servers on one database; Run Now during the nightly run, two
    Send Now at once, a payment being recorded while sending."""
    db = Database(copy_of(template, "races"))
    server = Server(db.name, "races-cron", smtp.port)
    other = Server(db.name, "races-user", smtp.port, cron_threads=0)
    try:
        company = db.value("SELECT max(company_id) FROM relance_policy")
        context = {"allowed_company_ids": [company]}
        # A user's Run Now holds that company's collections (the lock a run takes,
        # held here from outside) while the nightly run reaches it.
        user_run = psycopg2.connect(dbname=db.name)
        user_run.cursor().execute(
            "SELECT id FROM relance_run_lock WHERE company_id = %s FOR NO KEY UPDATE", (company,)
        )
        db.round(DAILY)
        done = {
            row[0]
            for row in db.rows(
                "SELECT company_id FROM relance_run WHERE mode = 'scheduled' AND state = 'done'"
            )
        }
        companies = {row[0] for row in db.rows("SELECT id FROM res_company")}
        check(done == companies - {company}, "the nightly run collected every other company")
        check_cron_healthy(db, DAILY)
        trigger = db.value(
            "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s AND call_at > "
            "now() AT TIME ZONE 'UTC' + interval '4 minutes'",
            (db.cron_id(DAILY),),
        )
        check(trigger == 1, "and comes back for the busy one in five minutes")
        try:
            wizard = other.rpc(
                "relance.run.preview", "create", {"company_id": company}, context=context
            )
            other.rpc("relance.run.preview", "action_run", [wizard], context=context)
            told = ""
        except xmlrpc.client.Fault as fault:
            told = fault.faultString
        check("being run or sent" in told, "a second user's Run Now meanwhile is told why not")
        user_run.close()
        # Five minutes later.
        db.rows(
            "UPDATE ir_cron_trigger SET call_at = now() AT TIME ZONE 'UTC' " "WHERE cron_id = %s",
            (db.cron_id(DAILY),),
        )
        db.round(DAILY)
        check_runs_done(db)
        check_one_communication_each(db)
        check_cron_healthy(db, DAILY)
        # The sending step while a run holds a company (the lock taken from outside):
        # that company's communications wait, the others go.
        held = db.value(
            "SELECT company_id FROM relance_communication WHERE state = 'queued' "
            "ORDER BY id LIMIT 1"
        )
        run_holds = psycopg2.connect(dbname=db.name)
        run_holds.cursor().execute(
            "SELECT id FROM relance_run_lock WHERE company_id = %s FOR NO KEY UPDATE", (held,)
        )
        before = dict(
            db.rows(
                "SELECT company_id, count(*) FROM relance_communication "
                "WHERE state = 'queued' GROUP BY company_id"
            )
        )
        db.round(SEND)
        after = dict(
            db.rows(
                "SELECT company_id, count(*) FROM relance_communication "
                "WHERE state = 'queued' GROUP BY company_id"
            )
        )
        check(after.get(held) == before[held], "the sending step leaves the company being run")
        check(
            all(
                after.get(company, 0) < count
                for company, count in before.items()
                if company != held
            ),
            "and sends the others",
        )
        check_cron_healthy(db, SEND)
        run_holds.close()
        # Two users press Send Now on the same communications, on two servers.
        ids = [
            row[0]
            for row in db.rows(
                "SELECT id FROM relance_communication WHERE state = 'queued' AND channel_email "
                "ORDER BY id LIMIT 30"
            )
        ]
        outcomes = []

        def send_now(target):
            try:
                target.rpc("relance.communication", "action_send_now", ids)
                outcomes.append("sent")
            except xmlrpc.client.Fault as fault:
                outcomes.append(fault.faultString.strip().splitlines()[-1])

        users = [threading.Thread(target=send_now, args=(s,)) for s in (server, other)]
        for thread in users:
            thread.start()
        for thread in users:
            thread.join(timeout=TIMEOUT)
        check(outcomes.count("sent") == 1, f"one Send Now sent them: {outcomes}")
        check(
            any("already handled" in o or "right now" in o for o in outcomes),
            "the other was told what happened",
        )
        mails = mails_per_communication(db)
        check(all(mails.get(id_) == 1 for id_ in ids), "one email per communication")
        # A payment being recorded on an invoice while the sending step runs.
        line_id, communication_id = db.rows(
            "SELECT l.move_line_id, l.communication_id FROM relance_communication_line l "
            "JOIN relance_communication c ON c.id = l.communication_id "
            "WHERE c.state = 'queued' AND NOT l.is_credit ORDER BY c.id LIMIT 1"
        )[0]
        payment = psycopg2.connect(dbname=db.name)
        payment.cursor().execute(
            "SELECT id FROM account_move_line WHERE id = %s FOR UPDATE", (line_id,)
        )
        db.round(SEND)
        state = db.value(
            "SELECT state FROM relance_communication WHERE id = %s", (communication_id,)
        )
        check(state == "queued", "the communication whose invoice is being paid waits")
        check_cron_healthy(db, SEND)
        payment.close()
        send_everything(db)
        check(
            not db.value("SELECT count(*) FROM relance_communication WHERE state = 'queued'"),
            "then everything is sent",
        )
    finally:
        other.stop()
        server.stop()
        db.close()


def bounce(address, message_id):
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n"
        "To: bounce@relance.example.com\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        f"Message-Id: <dsn-{uuid.uuid4().hex}@mx.example.com>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nUndeliverable.\n\n"
        "--b\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.com\n\n"
        f"Final-Recipient: rfc822; {address}\nAction: failed\nStatus: 5.1.1\n\n"
        f"--b\nContent-Type: text/rfc822-headers\n\nMessage-Id: {message_id}\n"
        f"To: {address}\n\n--b--\n"
    )


SCENARIOS = ["runner", "crash_run", "crash_send", "outage", "races"]

LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
# Log lines the scenarios cause on purpose; any other WARNING, ERROR or CRITICAL line
# of a server fails the stage.
EXPECTED_LOG_LINES = [
    # The outage scenario: our own line about the unreachable mail server.
    r"WARNING .*\.relance_communication_sending: Collections: the mail server could not",
    # The refusal scenario: Odoo's mail queue logs the server's 550 at ERROR.
    r"ERROR .* odoo\.addons\.mail\.models\.mail_mail: failed sending mail .* Mail Delivery",
]


def unexpected_log_lines():
    """The servers' log records at WARNING or above that no scenario causes on
    purpose (a record: a line with a timestamp and the lines that follow it, such as
    its traceback)."""
    problems = []
    for path in sorted(LOG_DIR.glob("*.log")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not LOG_RECORD.match(line):
                continue  # a traceback or a continuation: judged with its record
            if re.search(r" (WARNING|ERROR|CRITICAL) ", line) and not any(
                re.search(pattern, line) for pattern in EXPECTED_LOG_LINES
            ):
                problems.append(f"{path.name}: {line}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--only", nargs="*", choices=SCENARIOS)
    parser.add_argument("--template", help="reuse this generated book (from --keep-db)")
    args = parser.parse_args()
    odoo_env.require_odoo()
    shutil.rmtree(LOG_DIR, ignore_errors=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    template = args.template or f"relance_mp_{uuid.uuid4().hex[:8]}"
    smtp = SmtpRecorder(odoo_env.free_port())
    smtp.start()
    selected = args.only or SCENARIOS
    started = time.time()
    ok = 0
    try:
        if not args.template:
            print(f"Building {template} ({CUSTOMERS} customers, {INVOICES} invoices)")
            build_template(template)
        expected = None
        for name in selected:
            print(f"Scenario {name}")
            if name == "runner":
                expected = scenario_runner(template, smtp)
            elif name == "crash_run":
                scenario_crash_in_run(template, smtp, expected or scenario_runner(template, smtp))
            elif name == "crash_send":
                scenario_crash_in_sending(template, smtp)
            elif name == "outage":
                scenario_mail_outage(template, smtp)
            elif name == "races":
                scenario_races(template, smtp)
            ok += 1
    except StageFailure as failure:
        print(f"  FAILED: {failure}")
    finally:
        smtp.stop()
        if not args.keep_db:
            for name in [
                *([] if args.template else [template]),
                *(f"{template}_{s}" for s in SCENARIOS),
            ]:
                odoo_env.drop_database(name)
    failed = len(selected) - ok
    problems = unexpected_log_lines()
    for line in problems:
        print(f"unexpected server log line: {line}")
    if problems and not failed:
        ok, failed = ok - 1, failed + 1
    print(f"processes: {ok} passed, {failed} failed ({time.time() - started:.0f} s)")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
