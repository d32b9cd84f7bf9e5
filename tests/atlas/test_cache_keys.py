"""atlas.cache_keys: the keys every dashboard cache is looked up by. A wrong key is a stale map."""
from __future__ import annotations

import dataclasses

import pytest

from atlas.cache_keys import EventList, places_key
from atlas.catalog import CombinedPlaces
from geodata.gazetteer import Gazetteer
from tests.support.sample_data import sample_events, sample_places


def test_key_is_the_contents_hash_and_stays():
    events = sample_events()
    listed = EventList(events)
    assert listed == tuple(events) and len(listed) == len(events)
    assert listed.key == hash(tuple(events)) == EventList(list(events)).key
    assert listed.key == listed.key


@pytest.mark.parametrize("change", [
    lambda events: events[:-1],
    lambda events: events[::-1],
    lambda events: [dataclasses.replace(events[0], summary_en=events[0].summary_en + " (edited)"), *events[1:]],
])
def test_different_events_have_different_keys(change):
    events = sample_events()
    assert EventList(change(events)).key != EventList(events).key


def test_derived_key_names_where_the_list_came_from():
    events = EventList(sample_events())
    picked = EventList(events[:2], derived_from=(events.key, "filter A"))
    assert picked == events[:2]
    assert picked.key == EventList(events[:2], derived_from=(events.key, "filter A")).key
    assert picked.key != EventList(events[:2], derived_from=(events.key, "filter B")).key
    assert picked.key != EventList(events[:2]).key          # same events, other derivation: a miss, not a wrong hit


def test_of_keeps_an_event_list_and_wraps_anything_else():
    events = EventList(sample_events(), derived_from="x")
    assert EventList.of(events) is events
    wrapped = EventList.of(list(events))
    assert isinstance(wrapped, EventList) and wrapped == events


def test_places_key_follows_the_team_places_and_the_gazetteer():
    gazetteer = Gazetteer(sample_places())
    plain = CombinedPlaces(gazetteer)
    assert places_key(plain) == places_key(CombinedPlaces(Gazetteer(sample_places())))
    assert places_key(plain) == places_key(gazetteer)
    team_place = dataclasses.replace(sample_places()[0], id="local:new-spot", name_en="New spot")
    with_team = CombinedPlaces(gazetteer, [team_place])
    assert places_key(with_team) != places_key(plain)
    renamed = CombinedPlaces(gazetteer, [dataclasses.replace(team_place, name_en="New spot (moved)")])
    assert places_key(renamed) != places_key(with_team)
    assert places_key(CombinedPlaces(Gazetteer(sample_places()[:-1]))) != places_key(plain)


def test_each_cache_key_changes_with_the_data_and_the_settings_that_shape_it():
    from atlas.cache_keys import EventList, catalog_key, data_key, map_key, table_key, timeline_key
    from tests.support.sample_data import FakeGazetteer, sample_events, sample_places

    places = FakeGazetteer(sample_places())
    some, more = EventList(sample_events()[:2]), EventList(sample_events())
    base = map_key("filter", some, places, "overview", (False, "/app/static/vendor"))
    assert base == map_key("filter", EventList(sample_events()[:2]), places, "overview", (False, "/app/static/vendor"))
    assert len({base, map_key("other filter", some, places, "overview", (False, "/app/static/vendor")),
                map_key("filter", more, places, "overview", (False, "/app/static/vendor")),
                map_key("filter", some, places, "southern-damascus", (False, "/app/static/vendor")),
                map_key("filter", some, places, "overview", (True, "/app/static/vendor")),        # online tiles on
                map_key("filter", some, places, "overview", (False, "/proxy/static/vendor"))}) == 6
    assert catalog_key("sqlite:///a", (1, 1, 0), (5,)) != catalog_key("sqlite:///a", (2, 2, 0), (5,))
    assert catalog_key("sqlite:///a", (1, 1, 0), (5,)) != catalog_key("sqlite:///a", (1, 1, 0), (6,))
    assert data_key(some, places) != data_key(more, places)
    assert table_key(some, places) != table_key(more, places)
    assert timeline_key(some, None) != timeline_key(more, None)
    assert timeline_key(some, None) != timeline_key(some, ("2017-01-01", "2017-02-01"))
    assert len({base[0], catalog_key("u", (), ())[0], data_key(some, places)[0], table_key(some, places)[0],
                timeline_key(some, None)[0]}) == 5                       # one cache's key never equals another's


@pytest.mark.parametrize("kwargs", [{}, {"outcomes": ["captured"]}, {"date_from": "2017-12-05"}, {"person": "umm"}])
def test_filtered_lists_from_a_table_and_from_events_agree(kwargs):
    from events.filters import EventFilter
    from events.table import EventTable

    event_filter = EventFilter(**kwargs)
    plain = EventList(sample_events(), derived_from="catalog")
    columnar = EventList.of_table(EventTable.from_events(sample_events()), derived_from="catalog")
    assert columnar.filtered(event_filter) == plain.filtered(event_filter) == tuple(event_filter.apply(plain))
    assert columnar.filtered(event_filter).key == plain.filtered(event_filter).key   # keyed by derivation
    picked = columnar.filtered(event_filter)
    assert picked.table.events() == list(picked)                # its table holds exactly its rows
    assert picked.filtered(event_filter) == picked               # and filters again on those
