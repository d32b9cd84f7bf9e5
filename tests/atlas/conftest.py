"""Fixtures of the atlas tests: a real PostgreSQL server for the session, store URLs for both backends.

The server is initialised in a fresh temporary folder (as the ``postgres`` OS user, since the
tests may run as root), listens on 127.0.0.1 on a free port with its socket in that folder, and is
stopped by PID when the session ends. Missing binaries FAIL the tests; only ``ATLAS_SKIP_PG=1``
skips them.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

PG_ROOT = Path("/usr/lib/postgresql")
READY_TIMEOUT_S = 60.0


def _pg_bin() -> Path:
    candidates = sorted(PG_ROOT.glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name)
                        if p.parent.parent.name.isdigit() else 0)
    if not candidates:
        pytest.fail(f"PostgreSQL server binaries not found under {PG_ROOT}/<version>/bin. Install the Debian "
                    "package (apt-get install postgresql, done by scripts/setup) or set ATLAS_SKIP_PG=1 to skip "
                    "the PostgreSQL half of the store tests explicitly.", pytrace=False)
    return candidates[-1].parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(argv: list[str]) -> list[str]:
    """Run as the postgres OS user when we are root (postgres refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class PostgresServer:
    """One throw-away PostgreSQL cluster: initdb, start, create databases, stop by PID."""

    def __init__(self):
        self.bin = _pg_bin()
        self.root = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        os.chmod(self.root, 0o700)

    def start(self) -> None:
        init = subprocess.run(_as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                                            "--auth=trust", "-E", "UTF8", "--no-locale"]),
                              capture_output=True, text=True)
        if init.returncode != 0:
            pytest.fail(f"initdb failed ({init.returncode}):\n{init.stdout}\n{init.stderr}", pytrace=False)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                _as_postgres([str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                              "-h", "127.0.0.1", "-k", str(self.root), "-c", "max_connections=200",
                              "-c", "fsync=off", "-c", "full_page_writes=off"]),
                stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self) -> None:
        import psycopg
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"postgres exited with {self.process.returncode}:\n{self.log.read_text()}", pytrace=False)
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    pytest.fail(f"postgres not ready after {READY_TIMEOUT_S}s:\n{self.log.read_text()}", pytrace=False)
                time.sleep(0.1)  # polling the server's readiness, not timing a result

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg
        name = f"atlas_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Fast shutdown of the postmaster by its PID (from postmaster.pid), then clean up."""
        try:
            pid_file = self.data / "postmaster.pid"
            if pid_file.exists():
                pid = int(pid_file.read_text().splitlines()[0])
                try:
                    os.kill(pid, signal.SIGINT)
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


@pytest.fixture(scope="session")
def pg_server():
    if os.environ.get("ATLAS_SKIP_PG") == "1":
        pytest.skip("ATLAS_SKIP_PG=1: PostgreSQL tests skipped on request")
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the session's server, dropped afterwards."""
    name = pg_server.create_database()
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store' / 'atlas.sqlite3'}"


BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store_url(request):
    """The URL of an empty store, once per backend."""
    return request.getfixturevalue("pg_url" if request.param == "postgresql" else "sqlite_url")


@pytest.fixture
def store(store_url):
    from atlas.store import EventStore
    event_store = EventStore(store_url)
    try:
        yield event_store
    finally:
        event_store.dispose()


@pytest.fixture
def make_event():
    """Factory of valid team events (places from the CONTRACTS id list); keyword arguments override."""
    from atlas.store import new_team_id
    from events.schema import Event

    def make(**overrides):
        values = dict(id=new_team_id(), event_type="exit", seed="", url="https://example.org/report/1",
                      outlet="Test Outlet", quote_ar="خرجت عائلات من الحجر الأسود", summary_en="Families left.",
                      date_start="2017-03-02", date_end="2017-03-02", date_precision="day",
                      origin="geonames:8419677", via="local:barada-factory", destination="local:northern-syria",
                      count_min=4, count_max=6, count_unit="families", status="draft")
        values.update(overrides)
        return Event(**values)
    return make
