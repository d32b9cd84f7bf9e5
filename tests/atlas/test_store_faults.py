"""Every fault of the team store ends in a typed error that says what is wrong and what to do, and
loses nothing committed: each fault is made for real (garbage bytes, a cut file, permissions, SQLite's
own size limit, an unknown schema revision, held locks, a closed port, a read-only database), met by a
fresh process, then removed, and the committed events are checked."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from dataclasses import dataclass

import psycopg
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from atlas.exc import (AtlasError, StoreBusyError, StoreCorruptError, StoreError, StoreFaultError, StoreFullError,
                       StoreReadOnlyError, StoreSchemaTooNewError, StoreUnavailableError)
from atlas.store import EventStore
from atlas.store_engine import head_revision
from atlas.store_faults import hide_passwords

pytestmark = pytest.mark.slow   # makes real store faults and observes them from fresh processes

# Runs in a fresh process (bound by file permissions where the fault needs it): what the store says
# before any change, when read, when written, when asked to migrate.
OBSERVE = r"""
import json
from atlas import settings
from atlas.store import EventStore, new_team_id
from events.curated import load_curated


def outcome(call):
    try:
        return {"value": call()}
    except Exception as error:
        return {"error": type(error).__name__, "message": str(error)}

store = EventStore(settings.resolve().database_url, busy_timeout_s=0.2, attempts=2)   # the process's settings
event = load_curated()[5].replace(id=new_team_id(), status="draft")
problem = store.problem()
seen = {"problem": None if problem is None else {"error": type(problem).__name__, "message": str(problem)},
        "read": outcome(lambda: sorted(e.id for e in store.list_events(include_drafts=True))),
        "write": outcome(lambda: store.add_event(event, "tester").id),
        "migrate": outcome(lambda: store.migrate() or "done")}
store.dispose()
print(json.dumps(seen))
"""


def observe(fault) -> dict:
    run = subprocess.run([*fault.prefix, sys.executable, "-c", OBSERVE], env=fault.env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@dataclass(frozen=True)
class Expected:
    error: str                    # the class of the problem and of the failed write
    says: tuple[str, ...]         # what is wrong and what to do, in the message
    readable: bool = False        # the committed events can still be read during the fault
    file_untouched: bool = False  # the store file keeps every byte (never recreated or migrated over)


EXPECTED = {
    "corrupt": Expected("StoreCorruptError", ("is not a readable SQLite database", "corrupt or truncated",
                                              "restore it from a backup", "move it aside"), file_untouched=True),
    "truncated": Expected("StoreCorruptError", ("is not a readable SQLite database", "restore it from a backup"),
                          file_untouched=True),
    "read-only folder": Expected("StoreReadOnlyError", ("cannot be written", "is read-only",
                                                        "make the folder writable", "ATLAS_DATA_DIR")),
    "read-only file": Expected("StoreReadOnlyError", ("cannot be written", "the file is read-only", "chmod u+w"),
                               readable=True),
    "folder under a file": Expected("StoreUnavailableError", ("does not exist and cannot be created",
                                                              "Not a directory", "ATLAS_DATA_DIR")),
    "folder under a read-only parent": Expected("StoreUnavailableError", ("does not exist and cannot be created",
                                                                          "Permission denied", "ATLAS_DATA_DIR")),
    "full": Expected("StoreFullError", ("is full", "free some disk space"), readable=True),
    "newer schema": Expected("StoreSchemaTooNewError", ("9999_from_the_future", "does not know", "newer version",
                                                        "update Checkpoint Atlas", "not migrated or changed"),
                             file_untouched=True),
    "locked": Expected("StoreBusyError", ("busy", "Nothing was lost", "try again")),
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_sqlite_fault_is_a_clear_error_and_loses_nothing(sqlite_fault, kind):
    fault = sqlite_fault(kind)
    expected = EXPECTED[kind]
    before = fault.file_bytes() if expected.file_untouched else None   # (reading would drop the test's locks)

    seen = observe(fault)
    assert seen["problem"]["error"] == expected.error
    for words in expected.says:
        assert words in seen["problem"]["message"]
    if kind not in ("locked",):     # (a lock names no file)
        assert str(fault.data_dir) in seen["problem"]["message"]
    assert seen["write"].get("error") == expected.error, seen["write"]
    if expected.readable:       # up to date already: migrating has nothing to write
        assert seen["read"] == {"value": sorted(fault.committed)}
        assert seen["migrate"] == {"value": "done"}
    else:
        assert seen["read"]["error"] == expected.error
        assert seen["migrate"].get("error") == expected.error, seen["migrate"]
    if expected.file_untouched:
        assert fault.file_bytes() == before

    fault.restore()
    recovered = observe(fault)
    assert recovered["problem"] is None
    assert recovered["read"] == {"value": sorted(fault.committed)}   # all committed, the failed write absent
    assert "value" in recovered["write"]


def test_a_store_busy_with_a_writer_is_not_a_fault_and_saves_wait(sqlite_fault):
    """Someone saving right now: reads go on (WAL), the check says nothing is wrong, a save gives up
    only after the busy timeout and its retries, with a busy error; nothing is lost."""
    fault = sqlite_fault("write-locked")
    seen = observe(fault)
    assert seen["problem"] is None
    assert seen["read"] == {"value": sorted(fault.committed)}
    assert seen["write"]["error"] == "StoreBusyError" and "try again" in seen["write"]["message"]
    fault.restore()
    assert observe(fault)["read"] == {"value": sorted(fault.committed)}


def test_a_corrupt_store_is_never_recreated_in_process(sqlite_fault):
    """The same store object meets the fault and recovers once a backup is restored (fresh connections)."""
    fault = sqlite_fault("corrupt")
    garbage = fault.file_bytes()
    store = EventStore(fault.url)
    try:
        for call in (store.count_events, store.migrate, store.current_revision, store.list_places):
            with pytest.raises(StoreCorruptError):
                call()
        assert isinstance(store.problem(), StoreCorruptError)
        assert fault.file_bytes() == garbage
        fault.restore()
        assert store.problem() is None
        assert sorted(e.id for e in store.list_events()) == sorted(fault.committed)
    finally:
        store.dispose()


def test_fault_classes_share_the_store_root_and_carry_problem_and_advice():
    for cls in (StoreUnavailableError, StoreCorruptError, StoreReadOnlyError, StoreFullError, StoreSchemaTooNewError):
        assert issubclass(cls, StoreFaultError) and issubclass(cls, StoreError) and issubclass(cls, AtlasError)
        error = cls("what is wrong", "what to do", store="somewhere")
        assert str(error) == "what is wrong; what to do" and error.store == "somewhere"
    assert issubclass(StoreBusyError, StoreError)


@pytest.mark.parametrize("url, words", [
    ("not a url at all", "cannot be parsed"),
    ("nosuchdialect://host/db", "no database driver"),
])
def test_an_unusable_url_is_a_clear_error_without_the_url(url, words):
    with pytest.raises(StoreUnavailableError) as raised:
        EventStore(url)
    assert words in str(raised.value) and "EVENTS_DB_URL" in str(raised.value)
    assert raised.value.__cause__ is None   # (the chained parse error would quote the URL)


PASSWORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="@/:*"),
                    min_size=1, max_size=30)


@given(user=st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), password=PASSWORDS,
       before=st.text(max_size=20), after=st.text(max_size=20))
def test_the_password_of_a_url_in_any_text_is_hidden(user, password, before, after):
    url = f"postgresql+psycopg://{user}:{password}@db.example.org:5432/atlas"
    hidden = hide_passwords(f"{before} {url} {after}")
    assert f"postgresql+psycopg://{user}:***@db.example.org:5432/atlas" in hidden
    assert url not in hidden


@given(password=PASSWORDS, text=st.text(max_size=40))
def test_a_known_password_is_hidden_wherever_it_appears(password, text):
    assert password not in hide_passwords(f"{text}{password}{text}", password)


# -- PostgreSQL --------------------------------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as sock:   # bound, never listening: connections are refused
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _committed(url: str, make_event, count: int = 3) -> list[str]:
    store = EventStore(url)
    try:
        return sorted(store.add_event(make_event(), "committer").id for _ in range(count))
    finally:
        store.dispose()


def _team_ids(url: str) -> list[str]:
    store = EventStore(url)
    try:
        return sorted(e.id for e in store.list_events(include_drafts=True, include_retracted=True))
    finally:
        store.dispose()


def _psycopg_dsn(url: str) -> str:
    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


SECRET = "hunter2-very-secret"


@pytest.mark.postgres
@pytest.mark.parametrize("fault, says", [
    ("server down", ("cannot reach the database server", "Connection refused", "check that the server is running")),
    ("unknown user", ("refused the login", 'role "ghost" does not exist', "check the user name and password")),
    ("missing database", ("does not exist", "createdb")),
])
def test_postgres_that_cannot_be_reached_is_a_clear_error_without_the_password(pg_server, pg_url, make_event,
                                                                               fault, says):
    committed = _committed(pg_url, make_event)
    good = sa.engine.make_url(pg_url)
    bad = {"server down": good.set(port=_closed_port(), password=SECRET),
           "unknown user": good.set(username="ghost", password=SECRET),
           "missing database": good.set(database="no_such_atlas", password=SECRET)}[fault]
    store = EventStore(bad.render_as_string(hide_password=False))
    try:
        problem = store.problem()
        assert isinstance(problem, StoreUnavailableError)
        for call in (store.count_events, lambda: store.add_event(make_event(), "ana")):
            with pytest.raises(StoreUnavailableError) as raised:
                call()
            message = str(raised.value)
            assert all(words in message for words in says), message
            assert SECRET not in message and SECRET not in repr(store) and "***" in message
    finally:
        store.dispose()
    assert _team_ids(pg_url) == committed


@pytest.mark.postgres
def test_postgres_schema_from_a_newer_version_is_left_alone(pg_url, make_event):
    committed = _committed(pg_url, make_event)
    with psycopg.connect(_psycopg_dsn(pg_url), autocommit=True) as admin:
        admin.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    store = EventStore(pg_url)
    try:
        assert isinstance(store.problem(), StoreSchemaTooNewError)
        for call in (store.count_events, store.migrate, lambda: store.add_event(make_event(), "ana")):
            with pytest.raises(StoreSchemaTooNewError, match="9999_from_the_future.*update Checkpoint Atlas"):
                call()
    finally:
        store.dispose()
    with psycopg.connect(_psycopg_dsn(pg_url), autocommit=True) as admin:
        assert admin.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999_from_the_future",)]
        assert admin.execute("SELECT count(*) FROM team_events").fetchone() == (len(committed),)
        admin.execute("UPDATE alembic_version SET version_num = %s", (head_revision(),))
    assert _team_ids(pg_url) == committed


@pytest.mark.postgres
def test_postgres_lock_held_past_lock_timeout_is_busy_and_loses_nothing(pg_url, make_event):
    committed = _committed(pg_url, make_event)
    store = EventStore(pg_url, busy_timeout_s=0.2, attempts=2)
    try:
        assert store.problem() is None
        with psycopg.connect(_psycopg_dsn(pg_url)) as locker:
            locker.execute("LOCK TABLE team_events IN ACCESS EXCLUSIVE MODE")
            for call in (store.count_events, lambda: store.add_event(make_event(), "ana")):
                with pytest.raises(StoreBusyError, match="busy.*Nothing was lost: try again"):
                    call()
            locker.rollback()
        assert sorted(e.id for e in store.list_events()) == committed
    finally:
        store.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("migrated", [True, False], ids=["migrated", "fresh"])
def test_postgres_read_only_database_reads_but_refuses_changes(pg_server, pg_url, make_event, migrated):
    committed = _committed(pg_url, make_event) if migrated else []
    name = sa.engine.make_url(pg_url).database
    with psycopg.connect(pg_server.dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    store = EventStore(pg_url)
    try:
        problem = store.problem()
        assert isinstance(problem, StoreReadOnlyError) and "only allows reading" in str(problem)
        assert "allow writes" in str(problem)
        if migrated:
            assert sorted(e.id for e in store.list_events()) == committed
        with pytest.raises(StoreReadOnlyError):
            store.add_event(make_event(), "ana")
    finally:
        store.dispose()
    with psycopg.connect(pg_server.dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
    assert _team_ids(pg_url) == committed
    store = EventStore(pg_url)
    try:
        assert store.problem() is None
        store.add_event(make_event(), "ana")
    finally:
        store.dispose()
