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
