"""The team event store: every database read and write of the app goes through EventStore.

SQLite (a file under ATLAS_DATA_DIR, WAL, busy timeout, foreign keys) for one analyst, PostgreSQL
(psycopg 3) for a team; the same SQLAlchemy Core code serves both. Nothing is ever deleted:
a retraction is a status, every change appends a row to ``event_history`` with a field-level
diff, and edits carry the version they started from (optimistic concurrency).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from atlas import settings, store_faults
from atlas.exc import (DuplicateIdError, EditConflictError, SelfReviewError, StaleReviewError, StatusChangeError,
                       StoreBusyError, StoreError, StoreValueError, UnknownEventError)
from events import limits
from events.exc import EventsError
from events.vocabulary import STATUS_CHANGES, TEAM_STATUSES
from events.schema import FIELDS, LIST_SEPARATOR, Event
from geodata.place import Place

TEAM_ID_PREFIX = "team-"
# Fields an edit may not touch: identity, review state and authorship have their own operations.
READ_ONLY_FIELDS = ("id", "status", "added_by")
# add_events writes this many events (and their history rows) per INSERT.
BATCH_SIZE = 500

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_PG_RETRY_STATES = store_faults.PG_RETRY_STATES
_MIGRATION_LOCK_KEY = 7_311_045  # arbitrary constant for pg_advisory_xact_lock

_metadata = sa.MetaData()
team_events = sa.Table(
    "team_events", _metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("event_type", sa.String(32)),
    sa.Column("seed", sa.Text), sa.Column("outlet", sa.Text),
    sa.Column("quote_ar", sa.Text), sa.Column("summary_en", sa.Text),
    sa.Column("date_start", sa.Date), sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String(16)),
    sa.Column("date_relative", sa.Text), sa.Column("date_basis", sa.Text),
    sa.Column("origin", sa.String(80)), sa.Column("via", sa.String(80)),
    sa.Column("destination", sa.String(80)), sa.Column("location", sa.String(80)),
    sa.Column("outcome", sa.String(32)),
    sa.Column("count_min", sa.Integer), sa.Column("count_max", sa.Integer),
    sa.Column("count_unit", sa.String(16)), sa.Column("names", sa.Text),
    sa.Column("paid_usd_min", sa.Float), sa.Column("paid_usd_max", sa.Float),
    sa.Column("actors", sa.Text), sa.Column("cited_outlet", sa.Text), sa.Column("url", sa.Text),
    sa.Column("confidence", sa.String(8)), sa.Column("disputed", sa.Boolean),
    sa.Column("related", sa.Text), sa.Column("dispute_note", sa.Text),
    sa.Column("status", sa.String(16)), sa.Column("added_by", sa.Text), sa.Column("notes", sa.Text),
    sa.Column("created_by", sa.Text), sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("updated_by", sa.Text), sa.Column("updated_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer),
)
event_history = sa.Table(
    "event_history", _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64)), sa.Column("version", sa.Integer),
    sa.Column("action", sa.String(16)), sa.Column("changed_by", sa.Text),
    sa.Column("changed_at", sa.DateTime(timezone=True)), sa.Column("changes", sa.JSON),
    sa.Column("reason", sa.Text),
)
team_places = sa.Table(
    "team_places", _metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    *(sa.Column(name, sa.Float if name in ("lat", "lon", "uncertainty_m") else sa.Text)
      for name in (f.name for f in dataclasses.fields(Place) if f.name != "id")),
    sa.Column("added_by", sa.Text), sa.Column("added_at", sa.DateTime(timezone=True)),
)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A team event with its bookkeeping: who created / last changed it, when, and its version."""

    event: Event
    version: int
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of one event. ``changes`` maps field -> {"old": ..., "new": ...} (record values)."""

    event_id: str
    version: int
    action: str            # create / edit / status
    changed_by: str
    changed_at: dt.datetime
    changes: Mapping[str, Mapping[str, Any]]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class StoredPlace:
    """A team-added place with who added it and when."""

    place: Place
    added_by: str
    added_at: dt.datetime


def new_team_id() -> str:
    """A fresh team event id; the prefix keeps team ids apart from curated ones."""
    return f"{TEAM_ID_PREFIX}{uuid.uuid4().hex[:12]}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything this store writes is UTC.
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def _event_row(event: Event) -> dict:
    row = {}
    for name in FIELDS:
        value = getattr(event, name)
        row[name] = LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value
    return row


def _row_event(row: Mapping) -> Event:
    return Event(**{name: row[name] for name in FIELDS})


def _place_row(place: Place) -> dict:
    row = {}
    for f in dataclasses.fields(Place):
        value = getattr(place, f.name)
        row[f.name] = LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value
    return row


def _row_place(row: Mapping) -> Place:
    data = {f.name: row[f.name] for f in dataclasses.fields(Place)}
    for name in ("variants_en", "variants_ar"):
        data[name] = tuple(v for v in (data[name] or "").split(LIST_SEPARATOR) if v)
    return Place(**data)


def _diff(old: Event | None, new: Event) -> dict:
    before = old.to_record() if old is not None else {}
    after = new.to_record()
    changes = {}
    for name in FIELDS:
        was, now = before.get(name), after[name]
        if old is None and now in ("", None, False):
            continue
        if was != now:
            changes[name] = {"old": was, "new": now}
    return changes


def _is_busy(exc: sa.exc.DBAPIError) -> bool:
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        return "locked" in text or "busy" in text
    return getattr(orig, "sqlstate", None) in _PG_RETRY_STATES


class _Retry(Exception):
    """Internal: a row changed between read and write; run the transaction again."""


class EventStore:
    """All reads and writes of team events, their history and team-added places.

    ``url`` defaults to ``atlas.settings.database_url()``. The schema is migrated to the newest
    revision on first use. Writes wait up to ``busy_timeout_s`` for a lock, retry ``attempts`` times
    with backoff (about 12 s in all by default, so a user is not left waiting long) and then raise
    :class:`~atlas.exc.StoreBusyError`; nothing is half-written.

    Faults of the database (down, corrupt, read-only, full, newer schema, ...) raise the
    :class:`~atlas.exc.StoreError` subclass of their kind, whose message says what to do
    (see :mod:`atlas.store_faults`); :meth:`problem` tells beforehand whether changes would go through.
    Nothing here touches the disk or the network before the first use.
    """

    def __init__(self, url: str | None = None, *, busy_timeout_s: float = 2.0, attempts: int = 5):
        self.url = url or settings.database_url()
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
    def alembic_config(connection=None) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        if connection is not None:
            config.attributes["connection"] = connection
        return config

    def current_revision(self) -> str | None:
        self._ensure_folder()
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
                if heads != (_head_revision(),):
                    self.migrate()
                self._migrated = True

    def _known_heads(self, conn) -> tuple[str, ...]:
        """The store's schema revision(s); one this code does not know is refused, never migrated over."""
        heads = tuple(MigrationContext.configure(conn).get_current_heads())
        unknown = tuple(h for h in heads if h not in _known_revisions())
        if unknown:
            raise store_faults.schema_too_new(self._location, unknown, _head_revision())
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
                if not _is_busy(exc):
                    fault = self._fault(exc, operation)
                    if fault is None:
                        raise
                    raise fault from exc
                last = exc
            except _Retry as exc:
                last = exc
            if attempt < self.attempts:
                time.sleep(min(1.0, 0.02 * 2 ** attempt) * random.uniform(0.5, 1.5))
        raise StoreBusyError(operation, self.attempts, last)

    def _read(self, work: Callable[[sa.Connection], Any]):
        self._ensure_migrated()
        with self._translated("reading the store"), self._engine.connect() as conn:
            return work(conn)

    # -- events -------------------------------------------------------------------------------
    def add_event(self, event: Event, user: str, *, new_places: Iterable[Place] = (),
                  allow_self_review: bool | None = None) -> Event:
        """Store a new team event (and the local places it introduces) in one transaction.

        A new event is a draft; creating it as ``verified`` is verifying one's own event, refused
        unless self-review is allowed (``allow_self_review``, else the setting ATLAS_ALLOW_SELF_REVIEW).
        """
        user = _require_user(user)
        event = self.check_new_event(event, user, allow_self_review=allow_self_review)
        places = [_check_local_place(p) for p in new_places]

        def work(conn):
            if conn.execute(sa.select(team_events.c.id).where(team_events.c.id == event.id)).first():
                raise DuplicateIdError("team event", event.id)
            for place in places:
                self._insert_place(conn, place, user)
            now = _now()
            conn.execute(team_events.insert().values(
                **_event_row(event), created_by=user, created_at=now, updated_by=user, updated_at=now, version=1))
            self._append_history(conn, event.id, 1, "create", user, now, _diff(None, event))
            return event
        return self._write(f"adding event {event.id}", work)

    def check_new_event(self, event: Event, user: str, *, allow_self_review: bool | None = None) -> Event:
        """The event as :meth:`add_event` would store it (``added_by`` = ``user``), or the error it would
        raise for it without touching the database (import checks every row first with this)."""
        user = _require_user(user)
        if not event.id.startswith(TEAM_ID_PREFIX):
            raise StoreValueError("id", f"team event ids start with {TEAM_ID_PREFIX!r} (use new_team_id()), "
                                        f"got {event.id!r}")
        if event.status not in ("draft", "verified"):
            raise StoreValueError("status", f"a new team event is 'draft' or 'verified', not {event.status!r}")
        if event.status == "verified" and not self_review_allowed(allow_self_review):
            raise SelfReviewError(event.id, user, "creates")
        try:
            return event.replace(added_by=user)
        except EventsError as exc:   # a user name longer than events.limits allows
            raise StoreValueError("user", getattr(exc, "message", str(exc))) from None

    def add_events(self, events: Iterable[Event], user: str, *, allow_self_review: bool | None = None) -> int:
        """Store many new team events in ONE transaction: all of them, or (on any error) none.

        Each event is checked as :meth:`add_event` checks it; an id already stored (or repeated) is a
        :class:`~atlas.exc.DuplicateIdError` and nothing is written. Rows and history rows go in
        batches of :data:`BATCH_SIZE`, so memory stays bounded however many events there are. The
        transaction is retried while the database is busy, walking ``events`` again, so pass something
        that can be iterated more than once (a list, or a re-readable source such as the importer's);
        a one-shot iterator is read into a list first. Returns how many events were added.
        """
        user = _require_user(user)
        if isinstance(events, Iterator):   # a generator: a retry could not walk it again
            events = list(events)

        def work(conn) -> int:
            added, batch = 0, []
            for event in events:
                batch.append(self.check_new_event(event, user, allow_self_review=allow_self_review))
                if len(batch) >= BATCH_SIZE:
                    added += self._insert_batch(conn, batch, user)
                    batch = []
            if batch:
                added += self._insert_batch(conn, batch, user)
            return added
        return self._write("importing events", work)

    def _insert_batch(self, conn, batch: list[Event], user: str) -> int:
        ids = [event.id for event in batch]
        if len(set(ids)) != len(ids):
            raise DuplicateIdError("team event", next(i for i in ids if ids.count(i) > 1))
        taken = conn.execute(sa.select(team_events.c.id).where(team_events.c.id.in_(ids))).scalars().first()
        if taken is not None:
            raise DuplicateIdError("team event", taken)
        now = _now()
        conn.execute(team_events.insert(), [
            {**_event_row(event), "created_by": user, "created_at": now, "updated_by": user, "updated_at": now,
             "version": 1} for event in batch])
        conn.execute(event_history.insert(), [
            {"event_id": event.id, "version": 1, "action": "create", "changed_by": user, "changed_at": now,
             "changes": _diff(None, event), "reason": ""} for event in batch])
        return len(batch)

    def event_ids(self) -> set[str]:
        """Every stored team event id, retracted ones too (ids are never reused)."""
        return self._read(lambda conn: set(conn.execute(sa.select(team_events.c.id)).scalars()))

    def get_event(self, event_id: str) -> Event | None:
        stored = self.get_stored(event_id)
        return stored.event if stored else None

    def get_stored(self, event_id: str) -> StoredEvent | None:
        """The event with its version and authorship, or None."""
        def work(conn):
            row = conn.execute(sa.select(team_events).where(team_events.c.id == event_id)).mappings().first()
            return _stored(row) if row else None
        return self._read(work)

    def list_events(self, include_drafts: bool = True, include_retracted: bool = False) -> list[Event]:
        """Team events, oldest first. Verified always; drafts and retracted ones on request."""
        return [s.event for s in self.list_stored(include_drafts=include_drafts, include_retracted=include_retracted)]

    def list_stored(self, include_drafts: bool = True, include_retracted: bool = False) -> list[StoredEvent]:
        statuses = ["verified"] + (["draft"] if include_drafts else []) + (["retracted"] if include_retracted else [])
        def work(conn):
            query = (sa.select(team_events).where(team_events.c.status.in_(statuses))
                     .order_by(team_events.c.created_at, team_events.c.id))
            return [_stored(row) for row in conn.execute(query).mappings()]
        return self._read(work)

    def revision(self) -> tuple[int, int, int]:
        """A value that changes with every write: every event write appends to the history in its
        transaction, places are only ever added, and nothing is deleted. A cheap key for caching what
        was read (reading 10k events back costs ~300 ms). Counts and the highest history id together,
        so that a transaction committing after a later-numbered one still changes it."""
        query = sa.select(sa.select(sa.func.count()).select_from(event_history).scalar_subquery(),
                          sa.select(sa.func.coalesce(sa.func.max(event_history.c.id), 0)).scalar_subquery(),
                          sa.select(sa.func.count()).select_from(team_places).scalar_subquery())
        return self._read(lambda conn: tuple(conn.execute(query).one()))

    def count_events(self) -> int:
        """Every stored team event, whatever its status."""
        return self._read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(team_events)).scalar_one())

    def update_event(self, event_id: str, changes: Mapping[str, Any], user: str, *,
                     expected_version: int | None = None, new_places: Iterable[Place] = ()) -> Event:
        """Apply field changes (values as in ``Event.to_record`` or typed) and record the diff.

        ``expected_version`` is the version the editor started from; if someone saved in between,
        :class:`~atlas.exc.EditConflictError` is raised and nothing changes. ``new_places`` (hand-placed
        local places the edit refers to) are saved in the same transaction.
        """
        user = _require_user(user)
        places = [_check_local_place(p) for p in new_places]
        for name in changes:
            if name in READ_ONLY_FIELDS:
                raise StoreValueError(name, "cannot be edited (use set_status / retract for the status)")
            if name not in FIELDS:
                raise StoreValueError(name, "is not a field of an event")

        def build(old: Event) -> Event:
            record = old.to_record()
            for name, value in changes.items():
                if isinstance(value, tuple | list):
                    value = LIST_SEPARATOR.join(str(v) for v in value)
                elif isinstance(value, dt.date):
                    value = value.isoformat()
                record[name] = value
            return Event.from_record(record)

        def check(stored: StoredEvent) -> None:
            if stored.event.status == "retracted":
                raise StatusChangeError(f"event {event_id!r} is retracted; restore it as a draft before editing")

        return self._change(event_id, user, expected_version, "edit", build, check, reason="", new_places=places)

    def set_status(self, event_id: str, status: str, user: str, *, reason: str = "",
                   expected_version: int | None = None, allow_self_review: bool | None = None) -> Event:
        """Move an event through the review workflow (draft -> verified, ... -> retracted).

        ``expected_version`` is the version the reviewer saw: if the event changed since,
        :class:`~atlas.exc.StaleReviewError` is raised and nothing changes (the review panel always
        passes it). Four eyes: ``user`` may not verify an event they created or last changed
        (:class:`~atlas.exc.SelfReviewError`) unless ``allow_self_review`` (default: the setting
        ATLAS_ALLOW_SELF_REVIEW) is true.
        """
        user = _require_user(user)
        if status not in TEAM_STATUSES:
            raise StoreValueError("status", f"{status!r} is not one of {', '.join(TEAM_STATUSES)}")

        def check(stored: StoredEvent) -> None:
            current = stored.event.status
            if status not in STATUS_CHANGES.get(current, ()):
                raise StatusChangeError(f"event {event_id!r} is {current!r}; it cannot become {status!r} "
                                        f"(allowed: {', '.join(STATUS_CHANGES.get(current, ())) or 'none'})")
            if status == "verified":
                role = self_review_role(stored, user)
                if role and not self_review_allowed(allow_self_review):
                    raise SelfReviewError(event_id, user, role)

        action = {"verified": "verify", "retracted": "retract"}.get(status, "move back to draft")
        return self._change(event_id, user, expected_version, "status",
                            lambda old: old.replace(status=status), check, reason=reason.strip(),
                            stale=lambda expected, actual: StaleReviewError(event_id, expected, actual, action))

    def retract(self, event_id: str, user: str, reason: str, *, expected_version: int | None = None) -> Event:
        """Withdraw an event (it stays stored, with the reason, in its history)."""
        if not (reason or "").strip():
            raise StoreValueError("reason", "say why the event is retracted")
        return self.set_status(event_id, "retracted", user, reason=reason, expected_version=expected_version)

    def _change(self, event_id, user, expected_version, action, build, check, *, reason: str,
                new_places: Iterable[Place] = (), stale: Callable[[int, int], Exception] | None = None) -> Event:
        stale = stale or (lambda expected, actual: EditConflictError(event_id, expected, actual))

        def work(conn):
            row = conn.execute(sa.select(team_events).where(team_events.c.id == event_id)
                               .with_for_update()).mappings().first()
            if row is None:
                raise UnknownEventError(event_id)
            stored = _stored(row)
            if expected_version is not None and stored.version != expected_version:
                raise stale(expected_version, stored.version)
            check(stored)
            new = build(stored.event)
            changes = _diff(stored.event, new)
            if not changes:
                return stored.event
            for place in new_places:
                self._insert_place(conn, place, user)
            now, version = _now(), stored.version + 1
            result = conn.execute(
                team_events.update()
                .where(team_events.c.id == event_id, team_events.c.version == stored.version)
                .values(**_event_row(new), updated_by=user, updated_at=now, version=version))
            if result.rowcount != 1:
                if expected_version is not None:
                    raise stale(expected_version, stored.version + 1)
                raise _Retry()
            self._append_history(conn, event_id, version, action, user, now, changes, reason)
            return new
        return self._write(f"{action} of event {event_id}", work)

    def history(self, event_id: str) -> list[HistoryEntry]:
        """Every change of one event, oldest first (empty when the id is unknown)."""
        def work(conn):
            query = (sa.select(event_history).where(event_history.c.event_id == event_id)
                     .order_by(event_history.c.version))
            return [HistoryEntry(event_id=r["event_id"], version=r["version"], action=r["action"],
                                 changed_by=r["changed_by"], changed_at=_as_utc(r["changed_at"]),
                                 changes=r["changes"], reason=r["reason"] or "")
                    for r in conn.execute(query).mappings()]
        return self._read(work)

    @staticmethod
    def _append_history(conn, event_id, version, action, user, when, changes, reason: str = "") -> None:
        conn.execute(event_history.insert().values(
            event_id=event_id, version=version, action=action, changed_by=user, changed_at=when,
            changes=changes, reason=reason))

    # -- places -------------------------------------------------------------------------------
    def add_place(self, place: Place, user: str) -> Place:
        """Store a team-added ``local:`` place (placed by a map click) with who added it."""
        user = _require_user(user)
        place = _check_local_place(place)
        return self._write(f"adding place {place.id}", lambda conn: self._insert_place(conn, place, user))

    @staticmethod
    def _insert_place(conn, place: Place, user: str) -> Place:
        if conn.execute(sa.select(team_places.c.id).where(team_places.c.id == place.id)).first():
            raise DuplicateIdError("place", place.id)
        conn.execute(team_places.insert().values(**_place_row(place), added_by=user, added_at=_now()))
        return place

    def get_place(self, place_id: str) -> Place | None:
        def work(conn):
            row = conn.execute(sa.select(team_places).where(team_places.c.id == place_id)).mappings().first()
            return _row_place(row) if row else None
        return self._read(work)

    def list_places(self) -> list[Place]:
        return [s.place for s in self.list_stored_places()]

    def list_stored_places(self) -> list[StoredPlace]:
        def work(conn):
            rows = conn.execute(sa.select(team_places).order_by(team_places.c.added_at, team_places.c.id)).mappings()
            return [StoredPlace(_row_place(r), r["added_by"], _as_utc(r["added_at"])) for r in rows]
        return self._read(work)


def _stored(row: Mapping) -> StoredEvent:
    return StoredEvent(event=_row_event(row), version=row["version"],
                       created_by=row["created_by"], created_at=_as_utc(row["created_at"]),
                       updated_by=row["updated_by"], updated_at=_as_utc(row["updated_at"]))


def _require_user(user: str) -> str:
    user = (user or "").strip()
    if not user:
        raise StoreValueError("user", "every change names who made it")
    return user


def _check_local_place(place: Place) -> Place:
    if not isinstance(place, Place):
        raise StoreValueError("place", f"expected a Place, got {type(place).__name__}")
    if not place.id.startswith("local:"):
        raise StoreValueError("place.id", f"team-added places have local: ids, got {place.id!r}")
    if len(place.id) > limits.PLACE_ID_CHARS:
        raise StoreValueError("place.id", f"is {len(place.id):,} characters long; at most "
                                          f"{limits.PLACE_ID_CHARS:,} are accepted")
    return place


def _same_person(a: str, b: str) -> bool:
    return bool(a) and (a or "").strip().casefold() == (b or "").strip().casefold()


def self_review_role(stored: StoredEvent, user: str) -> str:
    """'created' / 'last changed' when ``user`` did that to the event (four eyes forbid them to verify
    it), else ''. Names and e-mails compare without case."""
    if _same_person(user, stored.created_by):
        return "created"
    if _same_person(user, stored.updated_by):
        return "last changed"
    return ""


def self_review_allowed(allow_self_review: bool | None = None) -> bool:
    """Whether an editor may verify their own events: the argument, else ATLAS_ALLOW_SELF_REVIEW."""
    return bool(settings.get("ATLAS_ALLOW_SELF_REVIEW")) if allow_self_review is None else bool(allow_self_review)


_HEAD: list[str] = []
_KNOWN: set[str] = set()


def _head_revision() -> str:
    if not _HEAD:
        _HEAD.append(ScriptDirectory.from_config(EventStore.alembic_config()).get_current_head())
    return _HEAD[0]


def _known_revisions() -> set[str]:
    if not _KNOWN:
        _KNOWN.update(s.revision for s in ScriptDirectory.from_config(EventStore.alembic_config()).walk_revisions())
    return _KNOWN


__all__ = ["EventStore", "StoredEvent", "StoredPlace", "HistoryEntry", "new_team_id", "TEAM_ID_PREFIX",
           "TEAM_STATUSES", "STATUS_CHANGES", "self_review_role", "self_review_allowed", "BATCH_SIZE"]
