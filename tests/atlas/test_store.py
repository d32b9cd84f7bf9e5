"""EventStore against SQLite and a real PostgreSQL: round trips, history, review workflow, places, migrations."""
from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa

from atlas import settings
from atlas.exc import (AtlasError, DuplicateIdError, EditConflictError, StatusChangeError, StoreBusyError,
                       StoreValueError, UnknownEventError)
from atlas.store import STATUS_CHANGES, EventStore, new_team_id
from events.exc import EventValidationError
from events.schema import FIELDS
from geodata.place import Place

EVENT_VARIANTS = [
    {},
    {"date_start": None, "date_end": None, "date_precision": "unknown", "count_min": None, "count_max": None,
     "count_unit": ""},
    {"paid_usd_min": 4000.0, "paid_usd_max": None, "names": ("أبو أحمد", "Abu Omar"), "actors": ("ISIS", "FSA")},
    {"disputed": True, "dispute_note": "Rabie Thawra says 40, the ISIS statement says 10",
     "related": ("team-aaaaaaaaaaaa",), "confidence": "low"},
    {"notes": "<script>alert(1)</script> & \"quotes\"", "quote_ar": "  نص\nبسطرين  ", "via": ""},
    {"origin": "", "via": "", "destination": "", "location": "local:al-qadam-police-station",
     "event_type": "arrest", "outcome": "not_applicable", "date_start": "2017-03-01", "date_end": "2017-03-31",
     "date_precision": "month"},
    {"status": "verified", "seed": "000.txt", "url": ""},
]


def _local_place(slug="clicked-checkpoint", **overrides) -> Place:
    values = dict(id=f"local:{slug}", name_en="Clicked checkpoint", name_ar="حاجز", kind="checkpoint",
                  lat=33.47, lon=36.30, precision="neighbourhood", uncertainty_m=500.0,
                  coord_source="map click by ana on 2026-11-24", variants_en=("Checkpoint X",),
                  variants_ar=("الحاجز",), notes="placed by hand")
    values.update(overrides)
    return Place(**values)


@pytest.mark.parametrize("overrides", EVENT_VARIANTS)
def test_add_then_get_round_trips_every_field(store, make_event, overrides):
    event = make_event(**overrides)
    saved = store.add_event(event, "ana", allow_self_review=True)   # a verified variant is created as such
    assert saved == event.replace(added_by="ana")
    assert store.get_event(event.id) == saved
    assert store.list_events(include_drafts=True) == [saved]
    stored = store.get_stored(event.id)
    assert (stored.version, stored.created_by, stored.updated_by) == (1, "ana", "ana")
    assert stored.created_at.tzinfo is not None


def test_lookups_of_unknown_ids_return_none(store):
    assert store.get_event("team-000000000000") is None
    assert store.get_stored("team-000000000000") is None
    assert store.get_place("local:nowhere") is None
    assert store.history("team-000000000000") == []


@pytest.mark.parametrize("overrides, error, field", [
    ({"id": "curated-001"}, StoreValueError, "id"),
    ({"status": "curated"}, StoreValueError, "status"),
    ({"status": "retracted"}, StoreValueError, "status"),
])
def test_add_rejects_events_that_are_not_new_team_events(store, make_event, overrides, error, field):
    with pytest.raises(error) as raised:
        store.add_event(make_event(**overrides), "ana")
    assert raised.value.field == field
    assert store.count_events() == 0


@pytest.mark.parametrize("user", ["", "   ", None])
def test_every_write_names_its_user(store, make_event, user):
    with pytest.raises(StoreValueError, match="user"):
        store.add_event(make_event(), user)
    assert store.count_events() == 0


def test_an_id_is_never_reused(store, make_event):
    event = store.add_event(make_event(), "ana")
    with pytest.raises(DuplicateIdError):
        store.add_event(make_event(id=event.id, summary_en="other"), "bob")
    assert store.list_events() == [event]


def test_edit_records_field_level_diff_and_bumps_version(store, make_event):
    event = store.add_event(make_event(), "ana")
    edited = store.update_event(event.id, {"count_min": 10, "count_max": "12", "notes": "second source"}, "bob",
                                expected_version=1)
    assert (edited.count_min, edited.count_max, edited.notes) == (10, 12, "second source")
    assert store.get_event(event.id) == edited
    history = store.history(event.id)
    assert [h.action for h in history] == ["create", "edit"]
    assert [h.version for h in history] == [1, 2]
    assert history[1].changed_by == "bob"
    assert history[1].changes == {"count_min": {"old": 4, "new": 10}, "count_max": {"old": 6, "new": 12},
                                  "notes": {"old": "", "new": "second source"}}
    assert history[0].changes["summary_en"] == {"old": None, "new": event.summary_en}
    assert store.get_stored(event.id).version == 2


def test_edit_without_change_adds_no_history(store, make_event):
    event = store.add_event(make_event(), "ana")
    store.update_event(event.id, {"outlet": event.outlet}, "bob")
    assert len(store.history(event.id)) == 1


def test_stale_edit_is_refused_and_changes_nothing(store, make_event):
    event = store.add_event(make_event(), "ana")
    store.update_event(event.id, {"notes": "first editor"}, "bob", expected_version=1)
    with pytest.raises(EditConflictError) as raised:
        store.update_event(event.id, {"notes": "second editor"}, "carol", expected_version=1)
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert store.get_event(event.id).notes == "first editor"
    assert len(store.history(event.id)) == 2


@pytest.mark.parametrize("changes, error, field", [
    ({"count_min": 9, "count_max": 3}, EventValidationError, "count_min"),
    ({"date_end": "2017-02-01"}, EventValidationError, "date_end"),
    ({"url": "javascript:alert(1)"}, EventValidationError, "url"),
    ({"status": "verified"}, StoreValueError, "status"),
    ({"id": "team-other"}, StoreValueError, "id"),
    ({"colour": "red"}, StoreValueError, "colour"),
])
def test_invalid_edits_name_the_field_and_change_nothing(store, make_event, changes, error, field):
    event = store.add_event(make_event(), "ana")
    with pytest.raises(error) as raised:
        store.update_event(event.id, changes, "bob")
    assert raised.value.field == field
    assert store.get_event(event.id) == event.replace(added_by="ana")
    assert store.get_stored(event.id).version == 1


def test_editing_an_unknown_event_is_an_error(store):
    with pytest.raises(UnknownEventError):
        store.update_event("team-000000000000", {"notes": "x"}, "bob")
    with pytest.raises(UnknownEventError):
        store.set_status("team-000000000000", "verified", "bob")


TRANSITIONS = [(old, new) for old in ("draft", "verified", "retracted") for new in ("draft", "verified", "retracted")
               if old != new]


@pytest.mark.parametrize("old, new", TRANSITIONS)
def test_review_workflow_allows_only_listed_status_changes(store, make_event, old, new):
    event = store.add_event(make_event(), "ana")
    if old == "verified":
        store.set_status(event.id, "verified", "editor")
    elif old == "retracted":
        store.retract(event.id, "editor", "duplicate of another report")
    before = store.get_stored(event.id)
    if new in STATUS_CHANGES[old]:
        changed = store.set_status(event.id, new, "editor", reason="review")
        assert changed.status == new
        assert store.history(event.id)[-1].changes == {"status": {"old": old, "new": new}}
    else:
        with pytest.raises(StatusChangeError):
            store.set_status(event.id, new, "editor", reason="review")
        assert store.get_stored(event.id) == before


def test_retract_keeps_the_event_and_its_reason(store, make_event):
    kept = store.add_event(make_event(), "ana")
    gone = store.add_event(make_event(summary_en="Wrong report"), "ana")
    with pytest.raises(StoreValueError, match="reason"):
        store.retract(gone.id, "editor", "  ")
    store.retract(gone.id, "editor", "the outlet corrected its report")
    assert store.list_events() == [kept]
    assert {e.id for e in store.list_events(include_retracted=True)} == {kept.id, gone.id}
    assert store.count_events() == 2
    assert store.history(gone.id)[-1].reason == "the outlet corrected its report"
    with pytest.raises(StatusChangeError):
        store.update_event(gone.id, {"notes": "edit after retraction"}, "bob")


@pytest.mark.parametrize("include_drafts, include_retracted, expected", [
    (True, False, {"draft", "verified"}),
    (False, False, {"verified"}),
    (True, True, {"draft", "verified", "retracted"}),
    (False, True, {"verified", "retracted"}),
])
def test_list_filters_by_status(store, make_event, include_drafts, include_retracted, expected):
    for status in ("draft", "verified", "retracted"):
        event = store.add_event(make_event(summary_en=status), "ana")
        if status == "verified":
            store.set_status(event.id, "verified", "editor")
        if status == "retracted":
            store.retract(event.id, "editor", "test")
    listed = store.list_events(include_drafts=include_drafts, include_retracted=include_retracted)
    assert {e.status for e in listed} == expected
    assert all(e.summary_en == e.status for e in listed)


def test_places_round_trip_with_who_added_them(store):
    place = _local_place()
    assert store.add_place(place, "ana") == place
    assert store.get_place(place.id) == place
    assert store.list_places() == [place]
    assert store.list_stored_places()[0].added_by == "ana"
    with pytest.raises(DuplicateIdError):
        store.add_place(_local_place(name_en="Another"), "bob")


def test_places_need_local_ids(store):
    with pytest.raises(StoreValueError) as raised:
        store.add_place(_local_place(id="geonames:1"), "ana")
    assert raised.value.field == "place.id"
    assert store.list_places() == []


def test_event_and_its_new_place_are_saved_together_or_not_at_all(store, make_event):
    first = store.add_event(make_event(location="local:clicked-checkpoint"), "ana", new_places=[_local_place()])
    assert store.get_place("local:clicked-checkpoint") is not None
    other = _local_place(slug="second-place")
    with pytest.raises(DuplicateIdError):
        store.add_event(make_event(id=first.id), "ana", new_places=[other])
    assert store.get_place(other.id) is None
    assert store.count_events() == 1


def test_errors_share_the_atlas_root_and_builtins():
    assert issubclass(StoreBusyError, AtlasError) and issubclass(StoreBusyError, TimeoutError)
    assert issubclass(StoreValueError, ValueError) and issubclass(UnknownEventError, LookupError)


# -- migrations ------------------------------------------------------------------------------------
def test_fresh_store_migrates_itself_to_head(store):
    assert store.count_events() == 0
    assert store.current_revision() == "0004"


def test_upgrade_from_first_revision_keeps_data(store_url, make_event):
    old = EventStore(store_url)
    try:
        old.migrate("0001")
        assert old.current_revision() == "0001"
        event = make_event(names=("أبو محمد",))
        now = dt.datetime(2017, 3, 5, 12, 0, tzinfo=dt.timezone.utc)
        row = {k: ("|".join(v) if isinstance(v, tuple) else v) for k, v in
               ((name, getattr(event, name)) for name in FIELDS)}
        with old._engine.begin() as conn:  # write as the old schema did, without the store's newer tables
            conn.execute(sa.text("INSERT INTO team_events (" + ", ".join(row) + ", created_by, created_at, "
                                 "updated_by, updated_at, version) VALUES (" + ", ".join(f":{k}" for k in row)
                                 + ", 'ana', :now, 'ana', :now, 1)"), {**row, "now": now})
            conn.execute(sa.text("INSERT INTO event_history (event_id, version, action, changed_by, changed_at, "
                                 "changes, reason) VALUES (:id, 1, 'create', 'ana', :now, '{}', '')"),
                         {"id": event.id, "now": now})
    finally:
        old.dispose()
    upgraded = EventStore(store_url)
    try:
        assert upgraded.current_revision() == "0001"
        assert upgraded.get_event(event.id) == event  # first use migrates
        assert upgraded.current_revision() == "0004"
        assert upgraded.get_stored(event.id).created_at == now
        assert [h.action for h in upgraded.history(event.id)] == ["create"]
        upgraded.add_place(_local_place(), "ana")  # the new table works
        assert upgraded.update_event(event.id, {"notes": "after upgrade"}, "bob").notes == "after upgrade"
    finally:
        upgraded.dispose()


def test_migrating_twice_is_harmless(store, make_event):
    event = store.add_event(make_event(), "ana")
    store.migrate()
    assert store.get_event(event.id) == event


# -- busy database ---------------------------------------------------------------------------------
def test_locked_sqlite_gives_busy_error_and_loses_nothing(sqlite_url, make_event):
    store = EventStore(sqlite_url, busy_timeout_s=0.05, attempts=2)
    try:
        kept = store.add_event(make_event(), "ana")
        locker = sqlite3.connect(sa.engine.make_url(sqlite_url).database, isolation_level=None)
        try:
            locker.execute("BEGIN EXCLUSIVE")
            with pytest.raises(StoreBusyError) as raised:
                store.add_event(make_event(), "ana")
            assert raised.value.attempts == 2
            assert "Nothing was lost" in str(raised.value)
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        assert store.list_events() == [kept]
        assert store.add_event(make_event(), "ana")  # and it recovers
        assert store.count_events() == 2
    finally:
        store.dispose()


@pytest.mark.postgres
def test_locked_postgres_table_gives_busy_error_and_loses_nothing(pg_url, make_event):
    import psycopg
    store = EventStore(pg_url, busy_timeout_s=0.05, attempts=2)
    try:
        kept = store.add_event(make_event(), "ana")
        dsn = sa.engine.make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn) as locker:
            locker.execute("LOCK TABLE team_events IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StoreBusyError):
                store.add_event(make_event(), "ana")
            locker.rollback()
        assert store.list_events() == [kept]
    finally:
        store.dispose()


def test_the_store_of_the_settings_is_a_file_in_the_data_folder(tmp_path):
    config = settings.resolve(environ={"ATLAS_DATA_DIR": str(tmp_path / "data")}, secrets={})
    store = EventStore(config.database_url)
    try:
        assert store.url == f"sqlite:///{tmp_path / 'data' / 'atlas.sqlite3'}"
        assert store.count_events() == 0
        assert (tmp_path / "data" / "atlas.sqlite3").exists()
    finally:
        store.dispose()


def test_new_team_ids_are_unique_and_prefixed():
    ids = {new_team_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(i.startswith("team-") for i in ids)


def test_edit_and_its_new_place_are_saved_together_or_not_at_all(store, make_event):
    event = store.add_event(make_event(), "ana")
    place = _local_place(slug="edit-place")
    with pytest.raises(EditConflictError):
        store.update_event(event.id, {"via": place.id}, "bob", expected_version=7, new_places=[place])
    assert store.get_place(place.id) is None
    edited = store.update_event(event.id, {"via": place.id}, "bob", expected_version=1, new_places=[place])
    assert edited.via == place.id and store.get_place(place.id) == place


def test_missing_postgres_binaries_are_a_clear_error(tmp_path, pg_tools):
    """The fixture turns this into a test failure (not a skip) unless ATLAS_SKIP_PG=1."""
    pg_test_server = pg_tools
    with pytest.raises(pg_test_server.PgServerError, match="apt-get install postgresql"):
        pg_test_server.pg_bin_dir(tmp_path)
    (tmp_path / "15" / "bin").mkdir(parents=True)
    (tmp_path / "15" / "bin" / "postgres").touch()
    (tmp_path / "9" / "bin").mkdir(parents=True)
    (tmp_path / "9" / "bin" / "postgres").touch()
    assert pg_test_server.pg_bin_dir(tmp_path) == tmp_path / "15" / "bin"


def test_in_memory_sqlite_is_one_database_for_every_thread(make_event):
    import threading
    store = EventStore("sqlite://")
    try:
        first = store.add_event(make_event(), "ana")
        seen = []
        thread = threading.Thread(target=lambda: seen.append(store.add_event(make_event(), "bob")))
        thread.start()
        thread.join()
        assert store.list_events() == [first, seen[0]]
    finally:
        store.dispose()


@pytest.mark.parametrize("busy_timeout_s", [0.25, 2.0, 7.5])
def test_sqlite_file_is_in_wal_mode_with_the_busy_timeout(sqlite_url, make_event, busy_timeout_s):
    """WAL lets the map read while someone saves; the busy timeout makes writers queue, not fail."""
    store = EventStore(sqlite_url, busy_timeout_s=busy_timeout_s)
    try:
        store.add_event(make_event(), "ana")
        with store._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == int(busy_timeout_s * 1000)
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.dispose()
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    with contextlib.closing(sqlite3.connect(sa.engine.make_url(sqlite_url).database)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_no_workflow_step_ever_deletes_a_row(store_url, make_event):
    """Add (with a new place), edit, verify, retract: the database sees no DELETE, DROP or TRUNCATE,
    and every event and history entry written is still there at the end."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement.lstrip().upper())

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    store = EventStore(store_url)
    try:
        place = Place(id="local:test-checkpoint", name_en="Test checkpoint", name_ar="حاجز تجريبي",
                      kind="checkpoint", lat=33.47, lon=36.30, precision="neighbourhood", uncertainty_m=500.0,
                      coord_source="placed by hand on the map")
        kept = store.add_event(make_event(via=place.id), "ana", new_places=[place])
        store.update_event(kept.id, {"notes": "checked"}, "bob")
        store.set_status(kept.id, "verified", "editor")
        gone = store.add_event(make_event(), "ana")
        store.retract(gone.id, "editor", "duplicate of another report")
        stored = {s.event.id: s for s in store.list_stored(include_drafts=True, include_retracted=True)}
        assert set(stored) == {kept.id, gone.id} and stored[gone.id].event.status == "retracted"
        assert len(store.history(kept.id)) == 3 and len(store.history(gone.id)) == 2
        assert store.get_place(place.id) == place
    finally:
        store.dispose()
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)
    assert statements, "the listener saw no statements"
    destructive = [s for s in statements if s.startswith(("DELETE", "DROP", "TRUNCATE"))
                   and "ALEMBIC_VERSION" not in s]
    assert destructive == []


def test_revision_changes_with_every_write_and_only_then(store, make_event):
    """The dashboard re-reads the store only when its revision changed: every write must change it,
    reads and refused writes must not."""
    seen = [store.revision()]

    def changed():
        seen.append(store.revision())
        assert seen[-1] != seen[-2]

    event = store.add_event(make_event(), "ana")
    changed()
    store.list_stored(include_drafts=True, include_retracted=True), store.get_event(event.id), store.history(event.id)
    store.update_event(event.id, {"outlet": event.outlet}, "bob")                 # no change: nothing written
    with pytest.raises(DuplicateIdError):
        store.add_event(event, "ana")
    assert store.revision() == seen[-1]
    store.update_event(event.id, {"notes": "second source"}, "bob")
    changed()
    store.set_status(event.id, "verified", "carol")          # four eyes: not bob, who last changed it
    changed()
    store.retract(event.id, "bob", "duplicate report")
    changed()
    store.add_place(_local_place(), "ana")
    changed()
    assert len(set(seen)) == len(seen)
