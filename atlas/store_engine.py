"""The team store's database: one engine (SQLite or PostgreSQL), migrations on first use, transactions with
busy retries, and every fault (down, corrupt, read-only, full, newer schema, locked) turned into the typed
error of its kind (atlas.store_faults). :class:`atlas.store.EventStore` adds the operations on events."""
from __future__ import annotations

import contextlib
import random
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa

from atlas import store_faults
from atlas.exc import StoreBusyError, StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
REVISIONS = ("0001", "0002", "0003", "0004")
"""The schema's revisions, oldest first: the files in ``migrations/versions`` (a test checks them against Alembic's
script directory). Knowing them without Alembic keeps its import (~0.2 s, ~15 MB) out of every start whose store is
already current; Alembic is imported only to migrate."""
VERSION_TABLE = "alembic_version"


_PG_RETRY_STATES = store_faults.PG_RETRY_STATES


_MIGRATION_LOCK_KEY = 7_311_045  # arbitrary constant for pg_advisory_xact_lock


def is_busy(exc: sa.exc.DBAPIError) -> bool:
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        return "locked" in text or "busy" in text
    return getattr(orig, "sqlstate", None) in _PG_RETRY_STATES


class Retry(Exception):
    """Internal: a row changed between read and write; run the transaction again."""


class StoreEngine:
    """The connection side of the store (see the module docstring); subclassed by EventStore.

    All reads and writes of team events, their history and team-added places.
    
    ``url`` is the store's SQLAlchemy URL (the app passes its settings' ``database_url``). The schema is migrated to the newest
    revision on first use. Writes wait up to ``busy_timeout_s`` for a lock, retry ``attempts`` times
    with backoff (about 12 s in all by default, so a user is not left waiting long) and then raise
    :class:`~atlas.exc.StoreBusyError`; nothing is half-written.
    
    Faults of the database (down, corrupt, read-only, full, newer schema, ...) raise the
    :class:`~atlas.exc.StoreError` subclass of their kind, whose message says what to do
    (see :mod:`atlas.store_faults`); :meth:`problem` tells beforehand whether changes would go through.
    Nothing here touches the disk or the network before the first use.
    """

    def __init__(self, url: str, *, busy_timeout_s: float = 2.0, attempts: int = 5):
        self.url = url
        self.attempts = max(1, attempts)
        self.busy_timeout_s = busy_timeout_s
        try:
            parsed = sa.engine.make_url(self.url)
        except sa.exc.ArgumentError:
            raise store_faults.bad_url("it cannot be parsed") from None   # the message would quote the URL
        self.dialect = parsed.get_backend_name()
        self._location = store_faults.Location.of(parsed)
        try:
            if self.dialect == "sqlite":
                self._engine = self._sqlite_engine(parsed, busy_timeout_s)
            else:
                # lock_timeout turns "waiting forever for a lock" into SQLSTATE 55P03, which we retry;
                # connect_timeout bounds the wait for a server that does not answer.
                self._engine = sa.create_engine(self.url, pool_pre_ping=True, connect_args={
                    "options": f"-c lock_timeout={int(busy_timeout_s * 1000)}", "connect_timeout": 10})
        except (sa.exc.NoSuchModuleError, ImportError) as exc:
            raise store_faults.bad_url(f"no database driver for {parsed.drivername!r}: {exc}") from None
        # Same pool; the option makes SQLite open the transaction with BEGIN IMMEDIATE.
        self._write_engine = self._engine.execution_options(atlas_write=True)
        self._migrated = False
        self._migrate_lock = threading.Lock()

    @staticmethod
    def _sqlite_engine(parsed: sa.URL, busy_timeout_s: float) -> sa.Engine:
        if parsed.database and parsed.database != ":memory:":   # its folder is made on first use
            engine = sa.create_engine(parsed, connect_args={"timeout": busy_timeout_s})
        else:  # in-memory (tests, demos): one shared connection, else each thread sees its own empty database
            engine = sa.create_engine(parsed, poolclass=sa.pool.StaticPool,
                                      connect_args={"timeout": busy_timeout_s, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            # Let SQLAlchemy's "begin" event decide how transactions start (see below).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn):
            # A write that starts as a reader cannot wait for the lock (SQLITE_BUSY at once);
            # taking the write lock up front lets the busy timeout do its job.
            immediate = conn.get_execution_options().get("atlas_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def dispose(self) -> None:
        """Close every pooled connection (tests, shutdown)."""
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"EventStore({sa.engine.make_url(self.url).render_as_string(hide_password=True)!r})"

    # -- migrations ---------------------------------------------------------------------------
    @staticmethod
    def alembic_config(connection=None):
        """Alembic's configuration for the migrations (Alembic imported here: only a migration needs it)."""
        from alembic.config import Config
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        if connection is not None:
            config.attributes["connection"] = connection
        return config

    def current_revision(self) -> str | None:
        self._ensure_folder()
        from alembic.runtime.migration import MigrationContext
        with self._translated("reading the schema version"), self._engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` (default: newest), keeping every row.

        A schema this code does not know (written by a newer version) raises
        :class:`~atlas.exc.StoreSchemaTooNewError` and is left as it is; an existing SQLite store is
        checked for corruption before it is changed."""
        def run(conn):
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            heads = self._known_heads(conn)
            if heads and self.dialect == "sqlite":
                self._check_intact(conn)
            from alembic import command
            command.upgrade(self.alembic_config(conn), revision)
        self._ensure_folder()
        self._write("migrating the store", run, migrate_first=False)
        if revision == "head":
            self._migrated = True

    def _ensure_migrated(self) -> None:
        if self._migrated:
            return
        with self._migrate_lock:
            if not self._migrated:
                self._ensure_folder()
                with self._translated("opening the store"), self._engine.connect() as conn:
                    heads = self._known_heads(conn)
                if heads != (head_revision(),):
                    self.migrate()
                self._migrated = True

    def _known_heads(self, conn) -> tuple[str, ...]:
        """The store's schema revision(s); one this code does not know is refused, never migrated over."""
        heads = _stored_heads(conn)
        unknown = tuple(h for h in heads if h not in known_revisions())
        if unknown:
            raise store_faults.schema_too_new(self._location, unknown, head_revision())
        return heads

    def _check_intact(self, conn) -> None:
        problems = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise store_faults.corrupt(self._location, "; ".join(problems))

    def _ensure_folder(self) -> None:
        """Create the data folder of a SQLite store on first use (the constructor touches no disk)."""
        folder = self._location.folder
        if folder is None or folder.is_dir():
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise store_faults.folder_fault(self._location, exc) from exc

    # -- faults -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _translated(self, operation: str):
        """Turn driver errors raised inside into the atlas error of their kind (see atlas.store_faults);
        constraint and programming errors pass unchanged."""
        try:
            yield
        except (sa.exc.DBAPIError, sqlite3.Error) as exc:
            fault = self._fault(exc, operation)
            if fault is None:
                raise
            raise fault from exc

    def _fault(self, exc: BaseException, operation: str) -> StoreError | None:
        fault = store_faults.translate(exc, self._location, operation)
        if fault is not None:
            self._forget(fault)
        return fault

    def _forget(self, fault: StoreError) -> None:
        """After a fault (not a busy lock), check the schema again on the next use, with fresh
        connections: open ones may point at a file since replaced (a restored backup) or carry a
        setting of their own. Never for an in-memory store: its data lives in its one connection."""
        if isinstance(fault, StoreBusyError):
            return
        self._migrated = False
        if not (self.dialect == "sqlite" and self._location.path is None):
            self._engine.dispose()

    def problem(self) -> StoreError | None:
        """Why changes would not go through now, or None.

        Opens the store (creating or migrating it, like any first use) and tries a write it rolls
        back, without waiting for locks: another user saving at this moment is not a problem (saves
        wait for them). SQLite stores are also checked for a full disk. Cheap enough for every run.
        """
        try:
            self._ensure_migrated()
            with self._translated("checking the store"):
                if self.dialect == "sqlite":
                    self._probe_sqlite()
                else:
                    self._probe_server()
        except StoreError as error:
            self._forget(error)
            return error
        return None

    def _probe_sqlite(self) -> None:
        with self._engine.connect() as conn:
            raw = conn.connection.driver_connection
            raw.execute("PRAGMA busy_timeout=0")
            try:
                try:
                    raw.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (5, 6):   # BUSY / LOCKED: someone is saving
                        return
                    raise
                try:
                    raw.execute("UPDATE alembic_version SET version_num = version_num")   # rolled back below
                finally:
                    if raw.in_transaction:
                        raw.execute("ROLLBACK")
                pages, limit, free = (raw.execute(f"PRAGMA {name}").fetchone()[0]
                                      for name in ("page_count", "max_page_count", "freelist_count"))
            finally:
                raw.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_s * 1000)}")
        if free == 0 and pages >= limit:
            raise store_faults.full(self._location, f"it reached its size limit of {limit} pages")
        folder = self._location.folder
        if folder is not None and store_faults.disk_free_bytes(folder) < store_faults.MIN_FREE_BYTES:
            raise store_faults.full(self._location, "the disk holding it has less than 1 MB free")

    def _probe_server(self) -> None:
        with self._engine.connect() as conn:
            read_only, may_insert = conn.execute(sa.text(
                "SELECT current_setting('transaction_read_only') = 'on', "
                "has_table_privilege(current_user, 'team_events', 'INSERT')")).one()
            conn.rollback()
        if read_only:
            raise store_faults.read_only(self._location, "the database only allows reading (transaction_read_only "
                                         "is on)", "ask the database administrator to allow writes "
                                         "(default_transaction_read_only off, the primary server rather than a standby)")
        if not may_insert:
            raise store_faults.read_only(self._location, "its database user may not add events",
                                         "grant the user the rights to insert and update the store's tables")

    # -- transactions -------------------------------------------------------------------------
    def _write(self, operation: str, work: Callable[[sa.Connection], Any], *, migrate_first: bool = True):
        """Run ``work`` in one write transaction, retrying while the database is busy."""
        if migrate_first:
            self._ensure_migrated()
        last: BaseException | None = None
        for attempt in range(1, self.attempts + 1):
            try:
                with self._write_engine.begin() as conn:
                    return work(conn)
            except sa.exc.DBAPIError as exc:
                if not is_busy(exc):
                    fault = self._fault(exc, operation)
                    if fault is None:
                        raise
                    raise fault from exc
                last = exc
            except Retry as exc:
                last = exc
            if attempt < self.attempts:
                time.sleep(min(1.0, 0.02 * 2 ** attempt) * random.uniform(0.5, 1.5))
        raise StoreBusyError(operation, self.attempts, last)

    def _read(self, work: Callable[[sa.Connection], Any]):
        self._ensure_migrated()
        with self._translated("reading the store"), self._engine.connect() as conn:
            return work(conn)



def _stored_heads(conn: sa.Connection) -> tuple[str, ...]:
    """The revision(s) the store's version table holds (none for a new store), read as Alembic writes them."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return ()
    return tuple(row[0] for row in conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}"))


def head_revision() -> str:
    return REVISIONS[-1]


def known_revisions() -> set[str]:
    return set(REVISIONS)
