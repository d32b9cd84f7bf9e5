"""A throw-away PostgreSQL server for tests and for trying the team deployment on one machine.

    python scripts/pg_test_server.py        # prints EVENTS_DB_URL=...; Ctrl-C stops and deletes it

It runs ``initdb`` in a fresh temporary folder (as the ``postgres`` OS user when run as root, since
postgres refuses root), listens on 127.0.0.1 on a free port with its socket in that folder, and is
stopped by its PID. The test fixture in tests/atlas/conftest.py uses the same class.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PG_ROOT = Path("/usr/lib/postgresql")
READY_TIMEOUT_S = 60.0


class PgServerError(RuntimeError):
    """The server could not be set up or started; the message says why (and holds its log)."""


def pg_bin_dir(root: Path = PG_ROOT) -> Path:
    """The newest installed server's bin folder (Debian layout: /usr/lib/postgresql/<major>/bin)."""
    found = sorted((p.parent for p in root.glob("*/bin/postgres")),
                   key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if not found:
        raise PgServerError(f"PostgreSQL server binaries not found under {root}/<version>/bin. Install the Debian "
                            "package: apt-get install postgresql (scripts/setup.sh does this).")
    return found[-1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class PostgresServer:
    """One throw-away cluster: ``start()``, ``create_database()``, ``url(name)``, ``stop()``."""

    def __init__(self):
        self.bin = pg_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        os.chmod(self.root, 0o700)

    def start(self) -> "PostgresServer":
        init = subprocess.run(_as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                                            "--auth=trust", "-E", "UTF8", "--no-locale"]),
                              capture_output=True, text=True)
        if init.returncode != 0:
            raise PgServerError(f"initdb failed ({init.returncode}):\n{init.stdout}\n{init.stderr}")
        with open(self.log, "wb") as log:
            # fsync off: a throw-away cluster trades durability for speed.
            self.process = subprocess.Popen(
                _as_postgres([str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                              "-h", "127.0.0.1", "-k", str(self.root), "-c", "max_connections=200",
                              "-c", "fsync=off", "-c", "full_page_writes=off"]),
                stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        import psycopg
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if self.process.poll() is not None:
                raise PgServerError(f"postgres exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise PgServerError(f"postgres not ready after {READY_TIMEOUT_S}s:\n{self.log.read_text()}")
                time.sleep(0.1)  # polling for readiness

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def url(self, database: str) -> str:
        """SQLAlchemy URL (psycopg 3), as EVENTS_DB_URL takes it."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        import psycopg
        name = name or f"atlas_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Fast shutdown of the postmaster by its PID (from postmaster.pid), then delete the folder."""
        try:
            pid_file = self.data / "postmaster.pid"
            if pid_file.exists():
                try:
                    os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGINT)
                except ProcessLookupError:
                    pass
            if self.process is not None:
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.kill(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def main() -> int:
    try:
        server = PostgresServer()
    except PgServerError as error:
        print(error, file=sys.stderr)
        return 1
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    try:
        server.start()
        print(f"EVENTS_DB_URL={server.url(server.create_database('atlas'))}", flush=True)
        print("Ctrl-C stops the server and deletes its data.", flush=True)
        while not stop:
            time.sleep(0.5)  # idle until Ctrl-C / SIGTERM
    except KeyboardInterrupt:
        pass
    except PgServerError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
