"""What a rerun may skip: the store's events are read again only after a write; and the table and timeline rows a
filter shows, made from the events' columns, are the rows made an event at a time."""
from __future__ import annotations

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

from atlas.cache_keys import EventList
from atlas.catalog import CombinedPlaces
from atlas.i18n import translator
from atlas.timeline import timeline_rows, timeline_table
from atlas.store import EventStore
from atlas.ui import map_panel
from events.table import EventTable, cell_values
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


@pytest.fixture
def catalog():
    events = sample_events()
    extra = [dataclasses.replace(events[0], id=f"X{n}", count_min=10 ** n, count_max=10 ** n) for n in range(1, 5)]
    undated = dataclasses.replace(events[1], id="U1", date_start=None, date_end=None, date_precision="unknown")
    return EventList([*events, *extra, undated]), CombinedPlaces(Gazetteer(sample_places()))


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("pick", [
    lambda events: events[::2],
    lambda events: events[::-1],
    lambda events: events[:1],
    lambda events: [],
    lambda events: events,
])
def test_rows_made_from_columns_equal_rows_made_an_event_at_a_time(catalog, pick, language):
    """The table and timeline rows of a selection picked from the catalog's columns (as a filter picks them) are
    the cells worked out for each event alone."""
    events, places = catalog
    rows = list(pick(range(len(events))))
    chosen = [events[row] for row in rows]
    picked = EventTable.from_events(events).take(rows)
    t = translator(language)
    width = map_panel.count_width(picked)
    assert width == max((len(str(e.count_min)) for e in chosen if e.count_min is not None), default=1)
    cells = map_panel.table_cells(places, t, width)
    assert list(cells) == list(map_panel.TABLE_HEADERS)                  # every column has its header
    assert picked.arrow(cells).to_pylist() == [cell_values(e, cells) for e in chosen]
    assert timeline_table(picked, t).to_pylist() == timeline_rows(chosen, t)
