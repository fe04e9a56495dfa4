#!/usr/bin/env python3
"""Set up this machine for relance_avancee: system packages, PostgreSQL, Odoo 18.0.

The README's two commands (the demo, the tests) call this first; it can also run on
its own. On a Debian or Ubuntu machine it:

1. installs the Debian packages that are missing: PostgreSQL, wkhtmltopdf (letters),
   the Liberation fonts, poppler-utils and zbar-tools (the tests read the letters and
   their QR codes back), Chromium (browser tours), git, and what Odoo's pinned Python
   requirements need to build (libpq, libldap, libsasl, libxml2, libxslt, libjpeg);
2. starts PostgreSQL if it does not answer, and gives the current user a role;
3. when the ``python3`` running it cannot import Odoo 18.0, installs Odoo 18.0 into it
   (or into the virtual environment it belongs to) from ``RELANCE_ODOO_SOURCE``: a
   local folder holding Odoo's source, or a git URL (branch ``RELANCE_ODOO_BRANCH``,
   18.0 by default; cloned into ``RELANCE_ODOO_DIR``, by default
   ``~/.cache/relance_avancee/odoo-18.0``). Without it: Odoo's official repository,
   branch 18.0. Odoo's pinned requirements come first, built with a setuptools older
   than 70 (some of the pinned versions do not build with newer ones); a source that is
   not Odoo 18.0 is refused;
4. installs the test requirements (``requirements-test.txt``).

When everything is there it changes nothing and says so in one line.

Usage: python3 scripts/setup.py
"""

import importlib
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = "https://github.com/odoo/odoo.git"
DEFAULT_BRANCH = "18.0"
# Debian package: a command or file that shows it is installed.
PACKAGES = {
    "postgresql": "pg_ctlcluster",
    "wkhtmltopdf": "wkhtmltopdf",
    "chromium": "chromium",
    "poppler-utils": "pdftotext",
    "zbar-tools": "zbarimg",
    "git": "git",
    "fonts-liberation": Path("/usr/share/fonts/truetype/liberation"),
    "libpq-dev": "pg_config",
    "libldap2-dev": Path("/usr/include/ldap.h"),
    "libsasl2-dev": Path("/usr/include/sasl/sasl.h"),
    "libxml2-dev": Path("/usr/include/libxml2"),
    "libxslt1-dev": Path("/usr/include/libxslt"),
    "libjpeg-dev": Path("/usr/include/jpeglib.h"),
    "build-essential": "gcc",
}
# Some of Odoo 18.0's pinned requirements do not build with setuptools 70 or later.
BUILD_CONSTRAINT = "setuptools<70\n"


class SetupError(SystemExit):
    def __init__(self, message):
        super().__init__(f"setup: {message}")


def say(message):
    print(f"setup: {message}", flush=True)


def run(command, **kwargs):
    say("$ " + " ".join(str(part) for part in command))
    subprocess.run(command, check=True, **kwargs)


def missing_packages():
    missing = []
    for package, witness in PACKAGES.items():
        present = witness.exists() if isinstance(witness, Path) else shutil.which(witness)
        if not present:
            missing.append(package)
    return missing


def install_packages(packages):
    if not shutil.which("apt-get"):
        raise SetupError(
            f"missing {', '.join(packages)}, and this is not a Debian or Ubuntu machine: "
            "install them with its package manager."
        )
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    if sudo and not shutil.which("sudo"):
        raise SetupError(f"missing {', '.join(packages)}: run this as root to install them.")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([*sudo, "apt-get", "update", "-qq"], env=environment)
    run([*sudo, "apt-get", "install", "-y", "-qq", *packages], env=environment)


def postgres_ready():
    return subprocess.run(["pg_isready", "-q"], check=False).returncode == 0


def start_postgres():
    """Start PostgreSQL's clusters if it does not answer; give this user a role."""
    changed = False
    if not postgres_ready():
        for cluster in sorted(Path("/etc/postgresql").glob("*/*")):
            run(["pg_ctlcluster", cluster.parent.name, cluster.name, "start"])
        for _second in range(30):
            if postgres_ready():
                break
            subprocess.run(["sleep", "1"], check=True)
        else:
            raise SetupError("PostgreSQL did not start: see /var/log/postgresql.")
        changed = True
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout
    user = user.strip()
    as_postgres = ["su", "postgres", "-c"] if os.geteuid() == 0 else ["sudo", "-u", "postgres"]
    query = f"SELECT 1 FROM pg_roles WHERE rolname = '{user}'"
    if os.geteuid() == 0:
        check = subprocess.run(
            [*as_postgres, f'psql -tAc "{query}"'], capture_output=True, text=True, check=True
        )
    else:
        check = subprocess.run(
            [*as_postgres, "psql", "-tAc", query], capture_output=True, text=True, check=True
        )
    if check.stdout.strip() != "1":
        if os.geteuid() == 0:
            run([*as_postgres, f"createuser --superuser '{user}'"])
        else:
            run([*as_postgres, "createuser", "--superuser", user])
        changed = True
    return changed


def importable_odoo():
    """(version, folder) of the Odoo this python3 imports, or None."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import odoo.release, os; print(odoo.release.version); "
            "print(os.path.dirname(odoo.__file__))",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    if probe.returncode != 0:
        return None
    version, folder = probe.stdout.split()
    return version, folder


def source_version(folder):
    """The version_info of the Odoo source in ``folder``, or None if it is not one."""
    release = Path(folder) / "odoo" / "release.py"
    if not release.is_file():
        return None
    match = re.search(r"^version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text(), re.M)
    return (int(match[1]), int(match[2])) if match else None


def fetch_source():
    """A folder holding Odoo 18.0's source, from RELANCE_ODOO_SOURCE."""
    source = os.environ.get("RELANCE_ODOO_SOURCE", DEFAULT_SOURCE)
    if Path(source).is_dir():
        folder = Path(source).resolve()
    else:
        branch = os.environ.get("RELANCE_ODOO_BRANCH", DEFAULT_BRANCH)
        default_dir = Path.home() / ".cache" / "relance_avancee" / "odoo-18.0"
        folder = Path(os.environ.get("RELANCE_ODOO_DIR", default_dir))
        if not source_version(folder):
            folder.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
            run(["git", "clone", "--depth", "1", "--branch", branch, source, str(folder)])
    version = source_version(folder)
    if version != (18, 0):
        found = f"Odoo {version[0]}.{version[1]}" if version else "no Odoo source"
        raise SetupError(
            f"{source} holds {found}; relance_avancee needs Odoo 18.0. Set "
            "RELANCE_ODOO_SOURCE to a folder or git URL of Odoo 18.0."
        )
    return folder


def install_odoo():
    folder = fetch_source()
    say(f"installing Odoo 18.0 from {folder} into {sys.prefix}")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraint:
        constraint.write(BUILD_CONSTRAINT)
    # PIP_CONSTRAINT reaches the isolated build environments too.
    environment = {**os.environ, "PIP_CONSTRAINT": constraint.name}
    pip = [sys.executable, "-m", "pip", "install", "-q"]
    try:
        run([*pip, "-r", str(folder / "requirements.txt")], env=environment)
        run([*pip, "--no-deps", "-e", str(folder)], env=environment)
    finally:
        os.unlink(constraint.name)
    found = importable_odoo()
    if not found or not found[0].startswith("18.0"):
        raise SetupError(f"Odoo was installed from {folder} but {sys.executable} cannot import it.")
    # The command that called this goes on in this process: read the new .pth files of
    # site-packages (the editable install's path) as a fresh interpreter would.
    site.addsitedir(sysconfig.get_paths()["purelib"])
    importlib.invalidate_caches()
    return found


def missing_test_requirements():
    """The lines of requirements-test.txt this python3 does not satisfy."""
    from importlib import metadata

    missing = []
    for line in (REPO / "requirements-test.txt").read_text().splitlines():
        requirement = line.split("#")[0].strip()
        if not requirement:
            continue
        name, _sep, version = requirement.partition("==")
        try:
            if version and metadata.version(name) != version:
                missing.append(requirement)
        except metadata.PackageNotFoundError:
            missing.append(requirement)
    return missing


def ensure():
    """Install what is missing; return True when something was done."""
    changed = False
    if missing := missing_packages():
        install_packages(missing)
        changed = True
    changed |= start_postgres()
    found = importable_odoo()
    if found and not found[0].startswith("18.0"):
        raise SetupError(
            f"{sys.executable} imports Odoo {found[0]} from {found[1]}; relance_avancee "
            "needs Odoo 18.0: use a virtual environment without it."
        )
    if not found:
        found = install_odoo()
        changed = True
    if missing := missing_test_requirements():
        run([sys.executable, "-m", "pip", "install", "-q", *missing])
        changed = True
    version, folder = found
    if changed:
        say(f"done: Odoo {version} at {folder}, PostgreSQL running, system packages present.")
    else:
        say(f"everything is in place (Odoo {version} at {folder}, PostgreSQL running).")
    return changed


if __name__ == "__main__":
    ensure()
