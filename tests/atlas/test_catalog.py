"""Curated + team events together; the gazetteer + team places, with type-ahead search."""
from __future__ import annotations

import pytest

from atlas.catalog import CombinedPlaces, all_events
from atlas.exc import CatalogError
from events.curated import load_curated
from geodata.gazetteer import load_gazetteer
from geodata.place import Place


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _team_place(**overrides) -> Place:
    values = dict(id="local:clicked-checkpoint", name_en="Clicked checkpoint", name_ar="حاجز الطاحونة",
                  kind="checkpoint", lat=33.47, lon=36.30, precision="neighbourhood", uncertainty_m=800.0,
                  coord_source="placed by hand on the map by ana on 2026-11-24", variants_en=("Mill checkpoint",))
    values.update(overrides)
    return Place(**values)


def test_all_events_are_curated_then_team(sqlite_url, make_event):
    from atlas.store import EventStore
    store = EventStore(sqlite_url)
    try:
        curated = load_curated()
        draft = store.add_event(make_event(), "ana")
        verified = store.set_status(store.add_event(make_event(), "ana").id, "verified", "editor")
        retracted = store.retract(store.add_event(make_event(), "ana").id, "editor", "wrong")
        assert all_events(store) == curated + [draft, verified]
        assert all_events(store, include_drafts=False) == curated + [verified]
        assert all_events(store, include_retracted=True)[-1] == retracted
        ids = [e.id for e in all_events(store)]
        assert len(ids) == len(set(ids))
    finally:
        store.dispose()


def test_curated_ids_in_the_team_namespace_are_refused(sqlite_url, make_event):
    from atlas.store import EventStore
    store = EventStore(sqlite_url)
    try:
        clash = make_event(id="team-curated1", status="curated", seed="000.txt", url="")
        with pytest.raises(CatalogError, match="team-curated1"):
            all_events(store, curated=[clash])
    finally:
        store.dispose()


def test_combined_places_get(gazetteer):
    team = _team_place()
    places = CombinedPlaces(gazetteer, [team])
    assert places.get(team.id) == team
    assert places.get("geonames:8419677") == gazetteer.get("geonames:8419677")
    assert places.get("local:nowhere") is None
    assert team.id in places and "local:nowhere" not in places
    assert len(places) == len(gazetteer) + 1
    assert {p.id for p in places} == {p.id for p in gazetteer} | {team.id}


@pytest.mark.parametrize("query, expected_first", [
    ("الحجر الأسود", "geonames:8419677"),
    ("al-Hajar al-Aswad", "geonames:8419677"),
    ("Hajar", "geonames:8419677"),          # type-ahead: a prefix of the name
    ("yarm", "geonames:166716"),
    ("معمل بردى", "local:barada-factory"),
    ("Sbein", "local:sbeineh"),
    ("geonames:171998", "geonames:171998"),  # an id typed directly
    ("الطاحونة", "local:clicked-checkpoint"),  # a team place, Arabic
    ("mill check", "local:clicked-checkpoint"),  # a team place, Latin variant
    ("Yarmok", "geonames:166716"),           # one-letter typos: the gazetteer's ranked fuzzy candidates
    ("Azza z", "geonames:172082"),
    ("الحجرالاسود", "geonames:8419677"),
    ("Arsall", "local:arsal"),
])
def test_type_ahead_in_arabic_or_latin(gazetteer, query, expected_first):
    results = CombinedPlaces(gazetteer, [_team_place()]).search(query)
    assert results and results[0].id == expected_first
    assert len({p.id for p in results}) == len(results)


@pytest.mark.parametrize("query", ["", "   ", "Xylophone Bvd"])
def test_type_ahead_without_matches(gazetteer, query):
    assert CombinedPlaces(gazetteer, [_team_place()]).search(query) == []


def test_type_ahead_respects_limit(gazetteer):
    assert len(CombinedPlaces(gazetteer).search("a", limit=3)) == 3


def test_from_store_sees_places_the_team_added(sqlite_url, gazetteer):
    from atlas.store import EventStore
    store = EventStore(sqlite_url)
    try:
        store.add_place(_team_place(), "ana")
        assert CombinedPlaces.from_store(store, gazetteer).get("local:clicked-checkpoint") == _team_place()
    finally:
        store.dispose()


def test_with_preview_adds_the_unsaved_event_and_its_new_place(gazetteer, make_event):
    from atlas.catalog import with_preview
    from atlas.forms import Draft
    places = CombinedPlaces(gazetteer)
    new_place = _team_place()
    draft = Draft(make_event(id="team-preview", via=new_place.id), (new_place,))
    curated = load_curated()
    events, shown_places = with_preview(curated, places, draft)
    assert events == curated + [draft.event]
    assert shown_places.get(new_place.id) == new_place and places.get(new_place.id) is None
    assert with_preview(curated, places, None) == (curated, places)


@pytest.mark.parametrize("source,include_drafts,expected", [
    ("both", True, ["curated", "draft", "verified"]),
    ("both", False, ["curated", "verified"]),
    ("curated", True, ["curated"]),
    ("team", True, ["draft", "verified"]),
    ("team", False, ["verified"]),
])
def test_a_source_picks_curated_team_or_both_and_matches_its_statuses(sqlite_url, make_event, source,
                                                                       include_drafts, expected):
    from atlas.catalog import source_statuses
    from atlas.store import EventStore
    from events.filters import EventFilter
    store = EventStore(sqlite_url)
    try:
        curated = load_curated()
        draft = store.add_event(make_event(), "ana")
        verified = store.set_status(store.add_event(make_event(), "ana").id, "verified", "editor")
        by_status = {"curated": curated, "draft": [draft], "verified": [verified]}
        chosen = all_events(store, include_drafts, curated=curated, source=source)
        assert chosen == [e for status in expected for e in by_status[status]]
        # The same choice as a filter over everything, for views that already hold both.
        every = all_events(store, curated=curated)
        assert EventFilter(statuses=source_statuses(source, include_drafts)).apply(every) == chosen
    finally:
        store.dispose()


def test_the_curated_source_needs_no_store():
    assert all_events(None, source="curated") == load_curated()


@pytest.mark.parametrize("source", ["all", "", "Team", None])
def test_an_unknown_source_is_an_error_naming_it(source):
    from atlas.catalog import source_statuses
    for call in (lambda: all_events(None, source=source), lambda: source_statuses(source)):
        with pytest.raises(CatalogError, match="^source:"):
            call()
