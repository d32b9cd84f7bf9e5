"""The team store read in bulk (atlas.store_table): the same events and bookkeeping as list_stored, on both
backends, in any number of chunks; a value no event would hold is refused, naming its field."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from atlas.catalog import all_events, catalog_table
from atlas.store_schema import team_events
from atlas.store_table import StoredEvents, StoredLabels, read_table
from events.exc import EventValidationError
from events.filters import EventFilter
from events.sources import EventSource
from events.vocabulary import SHOWN_TEAM_STATUSES
from geodata.plaintext import isolate


@pytest.fixture
def filled(store, make_event):
    """Seven team events: drafts and verified ones, one retracted, one with further sources, one undated."""
    events = [make_event(outlet=f"Outlet {i % 3}", count_min=i, count_max=i + 1, names=("Abu Test",) * (i % 2))
              for i in range(5)]
    events.append(make_event(date_start=None, date_end=None, date_precision="unknown", count_min=None,
                             count_max=None, count_unit="", destination="", disputed=True, dispute_note="denied"))
    events.append(make_event(sources=(EventSource(outlet="Second Outlet", url="https://example.org/2"),)))
    for event in events:
        store.add_event(event, "alice")
    store.set_status(events[1].id, "verified", "bob")
    store.retract(events[2].id, "bob", "duplicate")
    return store


@pytest.mark.parametrize("chunk_rows", [1, 3, 1000])
def test_read_table_gives_what_list_stored_gives(filled, chunk_rows):
    table = read_table(filled, chunk_rows=chunk_rows)
    expected = filled.list_stored(include_drafts=True, include_retracted=True)
    assert table.events() == [s.event for s in expected]
    by_id = StoredEvents(table)
    assert list(by_id) == [s.event.id for s in expected]
    assert [by_id[s.event.id] for s in expected] == expected


def test_stored_events_makes_only_what_is_looked_up(filled):
    by_id = StoredEvents(read_table(filled))
    some = next(iter(by_id))
    assert by_id[some] == filled.get_stored(some)
    assert by_id.table._events is None      # one lookup made one event, not all of them
    assert len(by_id) == 7 and "team-nobody" not in by_id


@pytest.mark.parametrize("missing", ["team-nobody", "", "zzz", "a", None, 7])
def test_stored_events_finds_every_id_and_no_other(filled, missing):
    by_id = StoredEvents(read_table(filled))
    assert by_id._index is None             # the lookup's index is made on the first lookup
    for row, event_id in enumerate(by_id):
        assert by_id.row(event_id) == row and by_id[event_id].event.id == event_id
    assert missing not in by_id and by_id.get(missing) is None
    with pytest.raises(KeyError):
        by_id.row(missing)


def test_labels_name_each_stored_event_when_asked(filled):
    by_id = StoredEvents(read_table(filled))
    labels = StoredLabels(by_id)
    expected = {s.event.id: f"{s.event.id} [{s.event.status}] {isolate(s.event.summary_en[:50])}"
                for s in filled.list_stored(include_drafts=True, include_retracted=True)}
    assert dict(labels) == expected and list(labels) == list(expected)
    assert list(labels.items()) == list(expected.items()) and ("team-nobody", "") not in labels.items()
    assert all((event_id, label) in labels.items() for event_id, label in expected.items())
    assert "[retracted]" in "".join(labels.values()) and "team-nobody" not in labels
    assert by_id.table._events is None      # labels made no event


def test_the_catalog_table_is_the_catalog(filled):
    table = read_table(filled)
    shown = table.take(table.mask(EventFilter(statuses=SHOWN_TEAM_STATUSES)))
    assert catalog_table([], shown).events() == all_events(filled, source="team")


def test_an_empty_store_reads_as_an_empty_table(store):
    table = read_table(store)
    assert len(table) == 0 and table.events() == [] and len(StoredEvents(table)) == 0


@pytest.mark.parametrize("column, value", [("outcome", "won"), ("origin", "Damascus"), ("count_min", -2)])
def test_a_value_no_event_holds_is_refused_naming_its_field(filled, column, value):
    with filled._engine.begin() as conn:    # what only a hand edit of the database could write
        first = conn.execute(sa.select(team_events.c.id).limit(1)).scalar_one()
        conn.execute(team_events.update().where(team_events.c.id == first).values(**{column: value}))
    with pytest.raises(EventValidationError) as caught:
        read_table(filled)
    assert caught.value.field == column
