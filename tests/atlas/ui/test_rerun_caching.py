"""What a rerun may skip: the store's events are read again only after a write, and the table and
timeline rows a filter shows are the rows built for it directly (picked from ones built once)."""
from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from atlas.cache_keys import EventList
from atlas.catalog import CombinedPlaces
from atlas.store import EventStore
from atlas.ui import map_panel
from geodata.gazetteer import Gazetteer
from tests.support.apptest import table_ids
from tests.support.sample_data import sample_events, sample_places

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest


@pytest.fixture
def counted_reads(monkeypatch):
    """How many times the store's events were read (the bulk read)."""
    calls = []
    listed = EventStore.read_table

    def read_table(self, *args, **kwargs):
        calls.append(args)
        return listed(self, *args, **kwargs)
    monkeypatch.setattr(EventStore, "read_table", read_table)
    return calls


def test_reruns_read_the_store_only_after_a_write(monkeypatch, tmp_path, project_root, sqlite_url, make_event,
                                                  counted_reads):
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVENTS_DB_URL", sqlite_url)
    monkeypatch.setenv("ATLAS_AUTH", "none")
    store = EventStore(sqlite_url)
    try:
        first = store.add_event(make_event(), "ana")
        at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120).run()
        assert not at.exception, at.exception
        assert first.id in table_ids(at) and counted_reads
        counted_reads.clear()
        at.multiselect(key="filters-outcomes").set_value(["captured"]).run()
        at.multiselect(key="filters-outcomes").set_value([]).run()
        assert not at.exception, at.exception
        assert counted_reads == []                              # nothing written: nothing read again
        second = store.add_event(make_event(summary_en="Written by another editor."), "bob")
        at.run()
        assert {first.id, second.id} <= table_ids(at)            # the write shows on the next rerun
        assert counted_reads
    finally:
        store.dispose()


def _table_rows(table: pa.Table) -> list[dict]:
    """Rows as dicts; the padded count column compared without its padding (its width is the widest count)."""
    return [{**row, "people_min": row["people_min"].strip()} for row in table.to_pylist()]


@pytest.fixture
def catalog():
    events = sample_events()
    extra = [dataclasses.replace(events[0], id=f"X{n}", count_min=10 ** n, count_max=10 ** n) for n in range(1, 5)]
    return EventList([*events, *extra]), CombinedPlaces(Gazetteer(sample_places()))


@pytest.mark.parametrize("pick", [
    lambda events: events[::2],
    lambda events: events[::-1],
    lambda events: events[:1],
    lambda events: [],
    lambda events: events,
])
def test_rows_picked_from_the_catalog_equal_rows_built_for_the_selection(catalog, pick):
    events, places = catalog
    chosen = list(pick(events))
    table = map_panel._Rows.of(map_panel._arrow(map_panel._table(events, places)), events).take(chosen)
    assert _table_rows(table) == _table_rows(map_panel._arrow(map_panel._table(chosen, places)))
    dated_all = [e for e in events if e.is_dated]
    dated = [e for e in chosen if e.is_dated]
    timeline = map_panel._Rows.of(map_panel._timeline_table(dated_all), dated_all).take(dated)
    assert timeline.to_pylist() == map_panel._timeline_table(dated).to_pylist()


def test_rows_are_not_picked_for_unknown_or_repeated_ids(catalog):
    events, places = catalog
    rows = map_panel._Rows.of(map_panel._arrow(map_panel._table(events, places)), events)
    stranger = dataclasses.replace(events[0], id="not-in-the-catalog")
    assert rows.take([events[0], stranger]) is None
    twice = [*events, events[0]]
    assert map_panel._Rows.of(map_panel._arrow(map_panel._table(twice, places)), twice).take(events[:1]) is None
