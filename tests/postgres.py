"""A throwaway PostgreSQL server for tests and benches: Debian's initdb and pg_ctl, a data
directory in a temporary folder, listening on a Unix socket in that folder only (no TCP port:
none to probe for, none another process can take first), stopped and removed at the end.
Nothing here is a mock: the console's history talks to it as to any PostgreSQL.

Its sessions' time zone is not UTC (TIMEZONE), so that code reading a UTC day from a
timestamptz as the server hands it back, in the session's zone, fails a test.

As root (CI may be), PostgreSQL refuses to run: the server then runs as an unprivileged
user (`postgres` when Debian's package made it, else `nobody`), owning the folder.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL's server binaries (initdb, pg_ctl) were not found under "
    "/usr/lib/postgresql/*/bin. Install Debian's package: `make postgresql` "
    "(or `sudo apt-get install -y postgresql`)."
)
SUPERUSER = "kyc"
TIMEZONE = "Asia/Kolkata"  # UTC+05:30: a UTC day and the local one differ from 18:30 UTC
PORT = 5432  # only names the socket file (.s.PGSQL.5432) in the server's own folder


class PostgresMissing(RuntimeError):
    """The binaries are not installed; the message says how to install them."""


def binaries() -> Path:
    """The newest installed PostgreSQL's bin folder."""
    found = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "pg_ctl").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not found:
        raise PostgresMissing(INSTALL_HINT)
    return found[-1]


def _unprivileged() -> str | None:
    """Whom to run the server as: None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run as")


class PostgresServer:
    def __init__(self) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="kyc-postgres-"))
        self.data = self.folder / "data"
        self.user = _unprivileged()
        self.started = False

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}")

    def start(self) -> "PostgresServer":
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
            "--no-locale", "--no-sync",
        )  # fmt: skip
        # Durability off: a test server that is thrown away needs no fsync.
        options = (
            f"-c listen_addresses='' -c port={PORT} -c unix_socket_directories='{self.folder}' "
            f"-c timezone={TIMEZONE} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=300"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        self.started = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.folder}&port={PORT}"

    def new_database(self, prefix: str = "t") -> str:
        """A fresh empty database's URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host=str(self.folder), port=PORT, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
