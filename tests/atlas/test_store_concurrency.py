"""20 concurrent writers x 50 events each, against SQLite and PostgreSQL: exactly 1,000 events, no error.

Each writer thread opens its own EventStore (own engine and connections), as separate app
processes would, so the database's own locking is what keeps the writes apart.
"""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from atlas.store import EventStore

pytestmark = pytest.mark.slow   # many writers at once on a real database

WRITERS = 20
EVENTS_EACH = 50


def run_together(target, count: int) -> list[BaseException]:
    """Run ``target(n)`` in ``count`` threads at once; return every exception raised."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def guarded(number: int) -> None:
        try:
            barrier.wait()
            target(number)
        except BaseException as exc:  # collected: the caller's assertion shows them all
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_writers_lose_nothing(store_url, make_event):
    # No migration beforehand: the writers also race to create the schema on first use.
    written: list[list[str]] = [[] for _ in range(WRITERS)]

    def writer(number: int) -> None:
        store = EventStore(store_url)
        try:
            for i in range(EVENTS_EACH):
                event = store.add_event(make_event(summary_en=f"writer {number} event {i}"), f"writer-{number}")
                written[number].append(event.id)
        finally:
            store.dispose()

    assert run_together(writer, WRITERS) == []
    reader = EventStore(store_url)
    try:
        events = reader.list_events()
        assert len(events) == WRITERS * EVENTS_EACH == reader.count_events()
        assert {e.id for e in events} == {i for ids in written for i in ids}
        assert {e.summary_en for e in events} == {f"writer {n} event {i}" for n in range(WRITERS)
                                                  for i in range(EVENTS_EACH)}
        assert all(len(reader.history(e.id)) == 1 for e in events[:: EVENTS_EACH])
    finally:
        reader.dispose()


def test_concurrent_edits_of_one_event_keep_every_change(store_url, make_event):
    """Editors without an expected version are serialised: every edit lands, versions have no gaps."""
    store = EventStore(store_url)
    event = store.add_event(make_event(), "ana")
    editors = 8

    def edit(number: int) -> None:
        own = EventStore(store_url)
        try:
            own.update_event(event.id, {"notes": f"edit {number}"}, f"editor-{number}")
        finally:
            own.dispose()

    errors = run_together(edit, editors)
    try:
        assert errors == []
        history = store.history(event.id)
        assert [h.version for h in history] == list(range(1, editors + 2))
        assert {h.changed_by for h in history[1:]} == {f"editor-{n}" for n in range(editors)}
        assert store.get_stored(event.id).version == editors + 1
    finally:
        store.dispose()


def test_concurrent_form_submissions_all_save_and_show_no_error(store_url):
    """The same load through the entry form's ``submit`` (what a user sees): no Submission carries an error."""
    from atlas.catalog import CombinedPlaces
    from atlas.forms import DEFAULTS, submit
    from atlas.store import new_team_id
    from geodata.gazetteer import load_gazetteer

    places = CombinedPlaces(load_gazetteer())
    values = {**DEFAULTS, "event_type": "exit", "date_start": dt.date(2017, 3, 2), "date_end": dt.date(2017, 3, 2),
              "date_precision": "day", "origin": "geonames:166716", "via": "local:barada-factory",
              "destination": "local:northern-syria", "count_min": "3", "count_max": "5", "count_unit": "families",
              "outlet": "Test Outlet", "url": "https://example.org/r", "quote_ar": "خرجت عائلات من مخيم اليرموك"}
    shown: list[dict] = []

    def writer(number: int) -> None:
        store = EventStore(store_url)
        try:
            for i in range(EVENTS_EACH):
                result = submit({**values, "summary_en": f"form {number} event {i}"}, places, store,
                                user=f"writer-{number}", event_id=new_team_id())
                if result.saved is None:
                    shown.append(result.errors)
        finally:
            store.dispose()

    assert run_together(writer, WRITERS) == []
    assert shown == []
    reader = EventStore(store_url)
    try:
        assert reader.count_events() == WRITERS * EVENTS_EACH
        assert {e.summary_en for e in reader.list_events()} == {f"form {n} event {i}" for n in range(WRITERS)
                                                               for i in range(EVENTS_EACH)}
    finally:
        reader.dispose()
