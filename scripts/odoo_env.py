"""Where Odoo and this repository are, for the scripts that drive an Odoo server.

The scripts run on a machine where ``python3`` imports ``odoo`` (Odoo 18.0), however it
was installed (pip, a source checkout on ``sys.path``, Debian's package). Nothing here
imports ``odoo`` at module level, so a machine without Odoo gets a clear message from
:func:`require_odoo` instead of a traceback.
"""

import os
import socket
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULE = "relance_avancee"
# The bridges to other Odoo apps, beside the addon at the repository's root: each is
# installed by itself (auto_install) when the app it bridges to is.
BRIDGES = ("relance_avancee_sale", "relance_avancee_payment")
MODULES = (MODULE, *BRIDGES)


class OdooMissing(SystemExit):
    pass


def require_odoo():
    """Return the imported ``odoo`` package, or exit with what is missing."""
    try:
        import odoo.release
    except ImportError as error:
        raise OdooMissing(
            "Odoo 18.0 is not importable by this python3 "
            f"({sys.executable}: {error}).\n"
            "relance_avancee is an Odoo addon: its tests and demo need an Odoo 18.0 "
            "server importable as `odoo` (see README.rst, 'Requirements')."
        ) from error
    if odoo.release.version_info[0] != 18:
        raise OdooMissing(f"Found Odoo {odoo.release.version}, relance_avancee needs Odoo 18.0.")
    return odoo


def addons_path():
    """Odoo's own addons folders followed by this repository (which holds the addon).

    Odoo's default ``addons_path`` is ``odoo/addons`` plus ``../addons`` beside the
    package when it is a source checkout; passing ``--addons-path`` replaces that
    default, so it is rebuilt here the same way.
    """
    odoo = require_odoo()
    package_dir = Path(odoo.__file__).resolve().parent
    paths = [package_dir / "addons", package_dir.parent / "addons"]
    extra = [Path(p) for p in os.environ.get("RELANCE_EXTRA_ADDONS", "").split(",") if p]
    return ",".join(str(p) for p in [*paths, *extra, REPO] if p.is_dir())


def oca_addons_dir(package, module):
    """Download and unpack an OCA addon's wheel once (``pip download --no-deps``, e.g.
    ``odoo-addon-account-credit-control>=18.0,<18.1``), for the benchmarks that run it
    beside ours; return the folder holding ``module``, for the addons path."""
    target = Path.home() / ".cache" / "relance_avancee" / module
    addons = target / "odoo" / "addons"
    if (addons / module / "__manifest__.py").exists():
        return addons
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", download, package],
            check=True,
        )
        (wheel,) = Path(download).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    return addons


def copy_for_benchmark(template, database, oca_module):
    """``database``, a fresh copy of ``template`` (``createdb -T``), with the addon's
    current code and the OCA module it is compared with installed."""
    drop_database(database)
    subprocess.run(["createdb", "-T", template, database], check=True)
    # First -u, so that the copy runs the addon's current code whenever the template
    # was built (given together, Odoo applies -i and not -u), then OCA's module.
    for step in (["-u", MODULE], ["-i", oca_module]):
        run_odoo(database, *step)
    # The upgrade and the install have just rewritten rows: vacuumed and analysed, as
    # autovacuum leaves a live database, both sides are timed on settled tables
    # (statistics for the planner; index-only scans that need not visit the rows).
    subprocess.run(["vacuumdb", "--analyze", "--quiet", database], check=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_command(database, *args, addons=None):
    """The command line of an Odoo server on ``database`` with this repository's addon
    (or the addons folder ``addons``, e.g. an earlier version of it)."""
    paths = addons_path()
    if addons is not None:
        paths = paths.replace(str(REPO), str(addons))
    return [
        sys.executable,
        "-m",
        "odoo",
        "--addons-path",
        paths,
        "--database",
        database,
        "--db-filter",
        f"^{database}$",
        "--http-interface",
        "127.0.0.1",
        *db_options(),
        *args,
    ]


def export_pot_command(database, path, module=MODULE):
    """The command exporting ``module``'s terms from ``database`` into ``path``."""
    return odoo_command(
        database,
        "--i18n-export",
        str(path),
        "--modules",
        module,
        "--language",
        "en_US",
        "--stop-after-init",
        "--log-level",
        "warn",
    )


def db_options():
    """PostgreSQL connection options taken from the usual PG* variables, if set."""
    options = []
    for variable, option in (
        ("PGHOST", "--db_host"),
        ("PGPORT", "--db_port"),
        ("PGUSER", "--db_user"),
        ("PGPASSWORD", "--db_password"),
    ):
        if os.environ.get(variable):
            options += [option, os.environ[variable]]
    return options


def database_exists(name):
    result = subprocess.run(
        ["psql", "-lqtA", "-d", "postgres"], capture_output=True, text=True, check=True
    )
    return any(line.split("|", 1)[0] == name for line in result.stdout.splitlines())


def drop_database(name):
    # --force: a registry of this process may still hold a pooled connection to it.
    subprocess.run(["dropdb", "--if-exists", "--force", name], check=True)


def run_odoo(database, *args):
    """Run Odoo on ``database`` with ``args`` until it has loaded, then stop."""
    subprocess.run(
        odoo_command(
            database,
            *args,
            "--stop-after-init",
            "--log-level",
            "warn",
            "--http-port",
            str(free_port()),
        ),
        check=True,
    )


def install(database, *args):
    """Install the addon into ``database`` (created by Odoo if missing), then stop."""
    run_odoo(database, "-i", MODULE, *args)
