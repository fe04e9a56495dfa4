#!/usr/bin/env python3
"""Run every check of relance_avancee, and fail on anything short of green.

1. pytest on the top-level ``tests/`` (pure logic, lint, static checks of the addon);
2. on fresh PostgreSQL databases, with the real Odoo 18 that ``python3`` imports:
   - install with demo data, running the addon's Odoo tests
     (``--test-enable --test-tags /relance_avancee``: without the tag Odoo would also
     run the tests of base, mail and account, for hours);
   - upgrade the same database (``-u``), running the tests again;
   - on another database, install the bridges (``relance_avancee_sale``, with Sales;
     ``relance_avancee_payment``, with Odoo's ``payment_demo`` provider to pay with),
     running their tests; upgrade them, running their tests again;
   - install without demo data; export each addon's ``.pot`` there and compare it;
   - install the previous version of the addon (from this repository's history),
     upgrade it to this one and run the upgrade tests (tag ``relance_upgrade``);
3. the multi-process stage (``scripts/stage_processes.py``): real Odoo servers with
   their cron threads, a real SMTP server, SIGKILL in the middle of the run and of the
   sending step, two servers on one database;
4. read the Odoo logs: any WARNING, ERROR or CRITICAL line outside the allow-list below,
   any skipped test (Odoo logs a skip at INFO and still exits 0: a browser test is
   skipped when Chromium or websocket-client is missing), a run with no test, or a
   failure makes the whole command fail.

Usage: python3 scripts/run_tests.py [--keep-db] [--skip-pytest] [--only-pytest]
                                    [--skip-processes]
"""

import argparse
import ast
import re
import subprocess
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_env
import setup

LOG_DIR = odoo_env.REPO / ".test-logs"
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>\S+): (?P<message>.*)$"
)
TEST_COUNT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")

# Known platform noise, never a problem of ours. Each entry: (logger, message regex).
ALLOWED_WARNINGS = [
    # Debian's wkhtmltopdf is built without the patched Qt: it cannot draw report
    # headers and footers (our letters carry the sender in their body instead), and
    # Odoo logs this at WARNING on every real PDF render.
    (
        "odoo.addons.base.models.ir_actions_report",
        r"wkhtmltopdf: The switch --header-html, is not support using unpatched qt",
    ),
    # The same build refuses --header-spacing, which Odoo passes first for a report whose
    # paper format sets a header spacing (Odoo's own invoice, in the case file's PDFs).
    (
        "odoo.addons.base.models.ir_actions_report",
        r"wkhtmltopdf: The switch --header-spacing, is not support using unpatched qt, and "
        r"will be ignored\.The switch --header-html, is not support using unpatched qt",
    ),
]


def run(command, log_path=None):
    """Run ``command``; with ``log_path``, tee its output there. Return the exit code."""
    print("$", " ".join(command), flush=True)
    if log_path is None:
        return subprocess.run(command, check=False).returncode
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for line in process.stdout:
            log.write(line)
            if LOG_LINE.match(line) is None or " INFO " not in line[:40]:
                sys.stdout.write(line)
        return process.wait()


def read_log(path):
    """Return (problems, skipped, tests_run, failures) found in an Odoo log."""
    problems, skipped = [], []
    tests_run = failures = 0
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = LOG_LINE.match(line)
        if not match:
            continue
        level, logger, message = match["level"], match["logger"], match["message"]
        if message.startswith("skipped "):
            skipped.append(line)
        if "when loading database" in message and (count := TEST_COUNT.search(message)):
            failed, errors, run_count = (int(group) for group in count.groups())
            tests_run += run_count
            failures += failed + errors
        if level in ("WARNING", "ERROR", "CRITICAL") and not any(
            logger == allowed_logger and re.search(pattern, message)
            for allowed_logger, pattern in ALLOWED_WARNINGS
        ):
            problems.append(line)
    return problems, skipped, tests_run, failures


def run_pytest():
    code = run([sys.executable, "-m", "pytest", "-q", str(odoo_env.REPO / "tests")])
    if code == 5:
        print("pytest collected no test: that is a failure here.")
    return code == 0


def compare_pot(database, log_path, module=odoo_env.MODULE):
    committed = odoo_env.REPO / module / "i18n" / f"{module}.pot"
    exported = LOG_DIR / f"{module}.pot"
    code = run(odoo_env.export_pot_command(database, exported, module), log_path)

    def body(path):
        # The header carries the export date: compare from the first msgid on.
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        return text[text.find("\n\n#") :]

    if code != 0 or body(committed) != body(exported):
        print(f"{committed} is stale. Regenerate it with:\n" "  python3 scripts/export_pot.py")
        return False
    return True


def run_odoo_suite(keep_db):
    odoo_env.require_odoo()
    LOG_DIR.mkdir(exist_ok=True)
    database = f"relance_test_{uuid.uuid4().hex[:8]}"
    bare_database = f"{database}_nodemo"
    sale_database = f"{database}_sale"

    def tests(*modules):
        return [
            "--test-enable",
            "--test-tags",
            ",".join(f"/{module}" for module in modules),
            "--stop-after-init",
            "--log-level",
            "info",
            "--http-port",
            str(odoo_env.free_port()),
        ]

    bridges = ",".join(odoo_env.BRIDGES)
    # Odoo's demo payment provider: the online payment bridge's tests pay with it.
    bridges_and_demo_provider = f"{bridges},payment_demo"
    stages = [
        # Odoo's French accounting first, as the README's demo command installs it:
        # the French demo company keeps the PCG (tests/test_demo_data.py).
        (
            "install-localisation",
            database,
            [
                "-i",
                "l10n_fr_account",
                "--stop-after-init",
                "--log-level",
                "info",
                "--http-port",
                str(odoo_env.free_port()),
            ],
        ),
        ("install", database, ["-i", odoo_env.MODULE, *tests(odoo_env.MODULE)]),
        ("upgrade", database, ["-u", odoo_env.MODULE, *tests(odoo_env.MODULE)]),
        # With the apps the bridges need (Sales): the bridges' tests.
        (
            "install-bridges",
            sale_database,
            ["-i", bridges_and_demo_provider, *tests(*odoo_env.BRIDGES)],
        ),
        ("upgrade-bridges", sale_database, ["-u", bridges, *tests(*odoo_env.BRIDGES)]),
        (
            "install-without-demo",
            bare_database,
            [
                "-i",
                odoo_env.MODULE,
                "--without-demo",
                "all",
                "--stop-after-init",
                "--log-level",
                "info",
                "--http-port",
                str(odoo_env.free_port()),
            ],
        ),
    ]
    ok, tests_run, failures, logs = True, 0, 0, []
    try:
        for name, db, args in stages:
            log_path = LOG_DIR / f"{name}.log"
            logs.append(log_path)
            if run(odoo_env.odoo_command(db, *args), log_path) != 0:
                print(f"Odoo exited non-zero during '{name}'.")
                ok = False
            if name == "install-without-demo":
                # Exported from the database without demo data, as export_pot.py does:
                # demo records are not the addon's terms.
                ok &= compare_pot(db, LOG_DIR / "export-pot.log")
                logs.append(LOG_DIR / "export-pot.log")
                for bridge in odoo_env.BRIDGES:
                    bridge_log = LOG_DIR / f"install-{bridge}.log"
                    install = [
                        "-i",
                        bridge,
                        "--without-demo",
                        "all",
                        "--stop-after-init",
                        "--log-level",
                        "info",
                        "--http-port",
                        str(odoo_env.free_port()),
                    ]
                    ok &= run(odoo_env.odoo_command(db, *install), bridge_log) == 0
                    ok &= compare_pot(db, LOG_DIR / f"export-pot-{bridge}.log", bridge)
                    logs += [bridge_log, LOG_DIR / f"export-pot-{bridge}.log"]
        for log_path in logs:
            problems, skipped, run_count, failed = read_log(log_path)
            tests_run += run_count
            failures += failed
            for line in problems:
                print(f"{log_path.name}: unexpected log line: {line}")
            for line in skipped:
                print(f"{log_path.name}: skipped test: {line}")
            ok &= not problems and not skipped
    finally:
        if not keep_db:
            odoo_env.drop_database(database)
            odoo_env.drop_database(bare_database)
            odoo_env.drop_database(sale_database)
    if tests_run == 0:
        print("The Odoo stage ran no test: that is a failure here.")
        ok = False
    print(f"odoo: {tests_run - failures} passed, {failures} failed")
    return ok and failures == 0


def previous_version_ref():
    """The commit just before the addon's version was last raised: the previous
    version, as a database built with it holds it."""
    manifest = f"{odoo_env.MODULE}/__manifest__.py"

    def version_at(commit):
        text = git("show", f"{commit}:{manifest}")
        return ast.literal_eval(text)["version"]

    if git("rev-parse", "--is-shallow-repository").strip() == "true":
        # A shallow checkout (some CI clones) lacks the history this stage builds on.
        print("upgrade-from-previous: fetching the history of this shallow checkout")
        subprocess.run(["git", "-C", str(odoo_env.REPO), "fetch", "--unshallow"], check=False)
    current = version_at("HEAD")
    bump = None
    for commit in git("log", "--format=%H", "--", manifest).split():
        if version_at(commit) != current:
            break
        bump = commit
    if bump is None or not git("rev-list", "--parents", "-n", "1", bump).split()[1:]:
        return None
    return f"{bump}^"


def git(*args):
    return subprocess.run(
        ["git", "-C", str(odoo_env.REPO), *args], check=True, capture_output=True, text=True
    ).stdout


def run_upgrade_from_previous(keep_db):
    """Install the previous version of the addon (from this repository's history),
    change what a manager would, upgrade it to this one and run the upgrade tests
    (tag ``relance_upgrade``): the migration scripts, on a real database."""
    ref = previous_version_ref()
    if ref is None:
        print("upgrade-from-previous: no earlier version in the history: that is a failure.")
        return False
    folder = LOG_DIR / "previous-version"
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(odoo_env.REPO), "archive", ref, odoo_env.MODULE],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    database = f"relance_test_{uuid.uuid4().hex[:8]}_previous"
    common = ["--stop-after-init", "--log-level", "info", "--http-port", str(odoo_env.free_port())]
    logs = [LOG_DIR / "install-previous.log", LOG_DIR / "upgrade-from-previous.log"]
    ok = True
    try:
        print(f"upgrade-from-previous: the addon as of {git('rev-parse', '--short', ref).strip()}")
        install = odoo_env.odoo_command(
            # With its demo book: the upgrade has receivables, customers and levels to
            # carry over, as a company's database has.
            database,
            "-i",
            odoo_env.MODULE,
            *common,
            addons=folder,
        )
        ok &= run(install, logs[0]) == 0
        # What a company changed before upgrading: the upgrade must keep it.
        # Then what it holds, for the upgrade test to compare (upgrade_snapshot.sql).
        for script in ("upgrade_fixture.sql", "upgrade_snapshot.sql"):
            subprocess.run(
                [
                    "psql",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    database,
                    "-f",
                    str(odoo_env.REPO / "scripts" / script),
                ],
                check=True,
            )
        upgrade = odoo_env.odoo_command(
            database,
            "-u",
            odoo_env.MODULE,
            "--test-enable",
            "--test-tags",
            f"relance_upgrade/{odoo_env.MODULE}",
            *common,
        )
        ok &= run(upgrade, logs[1]) == 0
        tests_run = failures = 0
        for log_path in logs:
            problems, skipped, run_count, failed = read_log(log_path)
            tests_run += run_count
            failures += failed
            for line in problems + skipped:
                print(f"{log_path.name}: unexpected log line: {line}")
            ok &= not problems and not skipped
        if tests_run == 0:
            print("upgrade-from-previous ran no test: that is a failure here.")
            ok = False
        print(f"upgrade-from-previous: {tests_run - failures} passed, {failures} failed")
        return ok and failures == 0
    finally:
        if not keep_db:
            odoo_env.drop_database(database)


def run_processes_stage():
    """Real server processes, a real SMTP server, crashes: scripts/stage_processes.py."""
    code = run([sys.executable, str(odoo_env.REPO / "scripts" / "stage_processes.py")])
    return code == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the test databases for inspection"
    )
    parser.add_argument("--skip-pytest", action="store_true")
    parser.add_argument("--only-pytest", action="store_true")
    parser.add_argument(
        "--skip-processes", action="store_true", help="without the multi-process stage"
    )
    args = parser.parse_args()
    # The machine first: Debian packages, PostgreSQL, Odoo 18.0 (one line when all
    # is there).
    setup.ensure()
    ok = True
    if not args.skip_pytest:
        ok &= run_pytest()
    if not args.only_pytest:
        ok &= run_odoo_suite(args.keep_db)
        ok &= run_upgrade_from_previous(args.keep_db)
        if not args.skip_processes:
            ok &= run_processes_stage()
    print("ALL CHECKS PASSED" if ok else "CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
