"""Pure form logic: raw widget values -> Draft or field -> message; map-click places; duplicates; preview."""
from __future__ import annotations

import datetime as dt

import pytest

from atlas.catalog import CombinedPlaces
from atlas.duplicates import find_duplicates
from atlas.form_places import in_region, on_land, place_from_click
from atlas.forms import (DEFAULTS, NEW_PLACE, PREVIEW_ID, Draft, apply_editor_changes, build_draft, changes_between,
                         preview, source_records, split_lines, values_from_event, values_from_record, warnings)
from events.schema import Event
from events.sources import EventSource
from geodata.gazetteer import load_gazetteer

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def places():
    return CombinedPlaces(load_gazetteer())


def valid_values(**overrides) -> dict:
    values = {
        **DEFAULTS,
        "event_type": "exit", "outcome": "arrived",
        "date_start": dt.date(2017, 3, 2), "date_end": dt.date(2017, 3, 2), "date_precision": "day",
        "date_relative": "فجر الخميس", "date_basis": "publication date minus one day",
        "origin": "geonames:8419677", "via": "local:barada-factory", "destination": "local:northern-syria",
        "count_min": "30", "count_max": "40", "count_unit": "people",
        "paid_usd_min": "4,000", "paid_usd_max": "",
        "names": "أبو أحمد\nAbu Omar", "actors": "ISIS | FSA",
        "outlet": "Enab Baladi", "cited_outlet": "Rabie Thawra", "url": "https://example.org/report",
        "quote_ar": "خرج نحو 40 شخصاً من الحجر الأسود", "summary_en": "About 30-40 people left al-Hajar al-Aswad.",
        "confidence": "medium", "notes": "<b>not bold</b>",
    }
    values.update(overrides)
    return values


def clicked(**overrides) -> dict:
    values = {"new_place_lat": 33.4601, "new_place_lon": 36.3102, "new_place_name_en": "Mill checkpoint",
              "new_place_name_ar": "حاجز المطحنة", "new_place_kind": "checkpoint",
              "new_place_precision": "neighbourhood", "new_place_uncertainty_m": "750"}
    values.update(overrides)
    return values


def test_valid_values_make_a_draft_with_every_field(places):
    draft = build_draft(valid_values(), places, user="ana", event_id="team-abc123")
    assert isinstance(draft, Draft) and draft.new_places == ()
    event = draft.event
    assert (event.id, event.status, event.added_by) == ("team-abc123", "draft", "ana")
    assert (event.date_start, event.date_end, event.date_precision) == (dt.date(2017, 3, 2),) * 2 + ("day",)
    assert (event.origin, event.via, event.destination) == ("geonames:8419677", "local:barada-factory",
                                                            "local:northern-syria")
    assert (event.count_min, event.count_max, event.paid_usd_min, event.paid_usd_max) == (30, 40, 4000.0, None)
    assert event.names == ("أبو أحمد", "Abu Omar") and event.actors == ("ISIS", "FSA")
    assert event.notes == "<b>not bold</b>"  # stored verbatim; escaping happens on display


@pytest.mark.parametrize("overrides", [
    {},
    {"date_start": None, "date_end": None, "date_precision": "unknown", "count_min": "", "count_max": "",
     "count_unit": "", "paid_usd_min": ""},
    {"origin": "", "via": "", "destination": "", "location": "local:al-qadam-police-station",
     "event_type": "arrest", "outcome": "not_applicable"},
    {"disputed": True, "dispute_note": "two outlets disagree", "related": "s000-01\ns001-02", "confidence": "low"},
    {"date_start": "2017-03-01", "date_end": "2017-03-31", "date_precision": "month", "names": ""},
    {"paid_usd_min": "1234567", "paid_usd_max": "1234567.5", "count_min": "1000000", "count_max": ""},
])
def test_event_to_values_to_event_round_trips(places, overrides):
    first = build_draft(valid_values(**overrides), places, user="ana", event_id="team-round1")
    assert isinstance(first, Draft), first
    again = build_draft(values_from_event(first.event), places, user="ana", event_id="team-round1")
    assert isinstance(again, Draft), again
    assert again.event == first.event


@pytest.mark.parametrize("overrides, field, words", [
    ({"date_end": dt.date(2017, 3, 1)}, "date_end", "before"),
    ({"date_start": "2017-02-30"}, "date_start", "date"),
    ({"date_start": "yesterday"}, "date_start", "YYYY-MM-DD"),
    ({"date_start": None}, "date_start", "earliest"),
    ({"date_end": dt.date(2017, 3, 20), "date_precision": "week"}, "date_precision", "7"),
    ({"count_min": "50", "count_max": "40"}, "count_min", "more than"),
    ({"paid_usd_min": "2500000", "paid_usd_max": "1000000.5"}, "paid_usd_min", "2,500,000 is more than at most 1,000,000.5"),
    ({"count_min": "-3"}, "count_min", "negative"),
    ({"count_min": "3.5"}, "count_min", "whole"),
    ({"count_max": "many"}, "count_max", "not a number"),
    ({"count_min": "", "count_max": "40"}, "count_min", "minimum"),
    ({"paid_usd_min": "five thousand"}, "paid_usd_min", "not a number"),
    ({"paid_usd_min": "nan"}, "paid_usd_min", "finite"),
    ({"count_unit": ""}, "count_unit", "unit"),
    ({"outlet": "  "}, "outlet", "required"),
    ({"quote_ar": ""}, "quote_ar", "required"),
    ({"summary_en": ""}, "summary_en", "required"),
    ({"url": ""}, "url", "required"),
    ({"url": "javascript:alert(1)"}, "url", "http"),
    ({"event_type": "massacre"}, "event_type", "choose"),
    ({"confidence": None}, "confidence", "choose"),
    ({"origin": "geonames:999999999"}, "origin", "unknown place"),
    ({"destination": "", "destination_query": "Atlantis"}, "destination", "Atlantis"),
    ({"origin": "", "via": "", "destination": "", "location": ""}, "location", "location"),
    ({"disputed": True}, "dispute_note", "why"),
    ({"location": NEW_PLACE}, "new_place_lat", "click the map"),
])
def test_each_problem_is_named_beside_its_field(places, overrides, field, words):
    errors = build_draft(valid_values(**overrides), places, user="ana", event_id="team-x")
    assert isinstance(errors, dict)
    assert field in errors, errors
    assert words.lower() in errors[field].lower()


@pytest.mark.parametrize("record, expected", [
    ({"date_start": "2017-03-02", "names": "A|B", "count_min": 40, "paid_usd_min": 4000.0, "disputed": "True"},
     {"date_start": dt.date(2017, 3, 2), "names": "A\nB", "count_min": "40", "paid_usd_min": "4000",
      "disputed": True}),
    ({"date_start": "2017-02-30", "event_type": "massacre", "confidence": "", "disputed": "False"},
     {"date_start": None, "event_type": DEFAULTS["event_type"], "confidence": DEFAULTS["confidence"],
      "disputed": False}),
    ({"origin": "geonames:999999999", "id": "reader-1", "status": "draft", "added_by": "reader"},
     {"origin": "geonames:999999999"}),
    ({"count_max": float("nan"), "quote_ar": "  نص  "}, {"count_max": "", "quote_ar": "  نص  "}),
])
def test_values_from_a_record_show_what_can_be_shown(record, expected):
    values = values_from_record(record)
    assert {name: values[name] for name in expected} == expected
    assert set(values) == set(DEFAULTS)


def test_a_reader_draft_with_gaps_prefills_and_then_asks_for_the_rest(places):
    record = {"event_type": "exit", "origin": "geonames:8419677", "date_start": "2017-03-02",
              "date_end": "2017-03-02", "date_precision": "day", "quote_ar": "خرج 40 شخصاً", "count_min": 40,
              "count_max": 40, "count_unit": "people", "outlet": "", "summary_en": "", "url": "", "status": "draft"}
    errors = build_draft(values_from_record(record), places, user="ana", event_id="team-x")
    assert set(errors) == {"outlet", "summary_en", "url"}


def test_all_problems_are_reported_at_once(places):
    errors = build_draft(valid_values(date_end=dt.date(2017, 3, 1), count_min="9", count_max="2", outlet="",
                                      origin="geonames:999999999"), places, user="ana", event_id="team-x")
    assert {"date_end", "count_min", "outlet", "origin"} <= set(errors)


def test_clicked_place_becomes_a_local_place_with_honest_precision(places):
    draft = build_draft(valid_values(via=NEW_PLACE, **clicked()), places, user="ana", event_id="team-x",
                        today=TODAY)
    assert isinstance(draft, Draft), draft
    (place,) = draft.new_places
    assert draft.event.via == place.id == "local:mill-checkpoint"
    assert (place.lat, place.lon, place.precision, place.uncertainty_m) == (33.4601, 36.3102, "neighbourhood", 750.0)
    assert "ana" in place.coord_source and "2026-11-24" in place.coord_source


def test_one_clicked_place_may_serve_two_roles(places):
    draft = build_draft(valid_values(via=NEW_PLACE, location=NEW_PLACE, **clicked()), places, user="ana",
                        event_id="team-x")
    assert len(draft.new_places) == 1 and draft.event.via == draft.event.location == draft.new_places[0].id


@pytest.mark.parametrize("overrides, field, words", [
    ({"new_place_lat": 48.85, "new_place_lon": 2.35}, "new_place_lat", "outside the region"),
    ({"new_place_lat": 33.5, "new_place_lon": 20.0}, "new_place_lat", "outside the region"),
    ({"new_place_lat": 95.0}, "new_place_lat", "latitude"),
    ({"new_place_lat": "north"}, "new_place_lat", "not a valid coordinate"),
    ({"new_place_lat": None}, "new_place_lat", "click the map"),
    ({"new_place_name_en": ""}, "new_place_name_en", "required"),
    ({"new_place_name_en": "حاجز"}, "new_place_name_en", "Latin"),
    ({"new_place_precision": "exact"}, "new_place_precision", "not one of"),
    ({"new_place_kind": "country"}, "new_place_kind", "not one of"),
    ({"new_place_uncertainty_m": "-5"}, "new_place_uncertainty_m", "negative"),
    ({"new_place_uncertainty_m": ""}, "new_place_uncertainty_m", "metres"),
])
def test_bad_clicked_places_are_refused(places, overrides, field, words):
    result = place_from_click(clicked(**overrides), places, user="ana")
    assert isinstance(result, dict) and words.lower() in result[field].lower()
    errors = build_draft(valid_values(via=NEW_PLACE, **clicked(**overrides)), places, user="ana", event_id="team-x")
    assert field in errors and "via" in errors


def test_clicked_place_ids_never_shadow_existing_ones(places):
    place = place_from_click(clicked(new_place_name_en="Barada factory"), places, user="ana")
    assert place.id == "local:barada-factory-2"
    team = CombinedPlaces(places.gazetteer, [place])
    assert place_from_click(clicked(new_place_name_en="Barada factory"), team, user="ana").id == \
        "local:barada-factory-3"


@pytest.mark.parametrize("lat, lon, inside", [
    (33.51, 36.29, True),    # Damascus
    (36.58, 37.04, True),    # Azaz
    (33.89, 35.50, True),    # Beirut
    (31.95, 35.93, True),    # Amman
    (30.04, 31.24, False),   # Cairo
    (41.01, 28.98, False),   # Istanbul
    (0.0, 0.0, False),
])
def test_region(lat, lon, inside):
    assert in_region(lat, lon) is inside


@pytest.mark.parametrize("lat, lon, land", [
    (33.51, 36.29, True),    # Damascus
    (35.52, 35.78, True),    # Latakia, on the coast
    (34.50, 34.60, False),   # the Mediterranean, inside the region's box
    (35.00, 35.40, False),   # between Cyprus and Syria
])
def test_on_land(lat, lon, land):
    assert on_land(lat, lon) is land


def test_a_click_at_sea_is_refused(places):
    result = place_from_click(clicked(new_place_lat=34.5, new_place_lon=34.6), places, user="ana")
    assert "not on land" in result["new_place_lat"]


def test_preview_is_the_event_to_be_saved_or_none(places):
    shown = preview(valid_values(), places)
    assert shown.event.id == PREVIEW_ID and shown.event.status == "draft"
    assert shown.event.origin == "geonames:8419677"
    assert preview(valid_values(outlet=""), places) is None


def _event(**overrides) -> Event:
    values = dict(id="team-a", event_type="exit", seed="", url="https://example.org/a", outlet="X",
                  quote_ar="نص", summary_en="s", date_start="2017-03-02", date_end="2017-03-04",
                  date_precision="week", origin="geonames:8419677", destination="local:northern-syria",
                  count_min=30, count_max=40, count_unit="people", status="draft")
    values.update(overrides)
    return Event(**values)


@pytest.mark.parametrize("other, duplicate", [
    ({"id": "team-b"}, True),
    ({"id": "team-b", "date_start": "2017-03-04", "date_end": "2017-03-06"}, True),     # windows overlap
    ({"id": "team-b", "count_min": 35, "count_max": 50}, True),                         # counts overlap
    ({"id": "team-b", "count_min": 40, "count_max": None}, True),                       # "at least 40"
    ({"id": "s000-01", "status": "curated", "seed": "000.txt"}, True),
    ({"id": "team-b", "date_start": "2017-03-05", "date_end": "2017-03-06"}, False),
    ({"id": "team-b", "count_min": 41, "count_max": 50}, False),
    ({"id": "team-b", "count_min": None, "count_max": None, "count_unit": ""}, False),
    ({"id": "team-b", "destination": "geonames:172082"}, False),
    ({"id": "team-b", "via": "local:barada-factory"}, False),
    ({"id": "team-b", "date_start": None, "date_end": None, "date_precision": "unknown"}, False),
    ({"id": "team-b", "status": "retracted"}, False),
    ({}, False),                                                                         # itself
])
def test_duplicates(other, duplicate):
    event, candidate = _event(), _event(**other)
    assert (find_duplicates(event, [candidate]) == [candidate]) is duplicate
    if candidate.status != "retracted":  # the relation is symmetric among live events
        assert (find_duplicates(candidate, [event]) == [event]) is duplicate


def test_changes_between_lists_only_edited_fields():
    old = _event()
    new = old.replace(count_max=45, notes="second source", names=("A", "B"))
    assert changes_between(old, new) == {"count_max": 45, "notes": "second source", "names": "A|B"}
    assert changes_between(old, old) == {}


@pytest.mark.parametrize("text, items", [
    ("a\nb", ("a", "b")), (" a | b |", ("a", "b")), ("", ()), (None, ()), (["x", " "], ("x",)),
])
def test_split_lines(text, items):
    assert split_lines(text) == items


@pytest.mark.parametrize("values, fields", [
    ({"names": "Abu \u202eKhaled", "notes": "plain"}, {"names"}),
    ({"summary_en": "\u2066x\u2069", "new_place_name_en": "Post \u202d"}, {"summary_en", "new_place_name_en"}),
    ({"quote_ar": "خرج\u200f أربعة"}, set()),           # a right-to-left mark is ordinary in Arabic
    ({"count_min": "\u202e4"}, set()),                  # only free-text fields are looked at
])
def test_direction_controls_in_typed_text_get_a_warning(values, fields):
    found = warnings(values)
    assert set(found) == fields
    assert all("direction control" in message for message in found.values())


@pytest.mark.parametrize("field", ["outlet", "summary_en", "quote_ar", "names", "notes", "new_place_name_ar"])
def test_a_control_character_is_an_error_beside_its_field(field, places):
    errors = build_draft(valid_values(**{field: "bad\x00text"}), places, user="tester", event_id="team-abc",
                         today=TODAY)
    assert isinstance(errors, dict) and "control character" in errors[field]


# -- further sources -------------------------------------------------------------------------------------
HUMAN_VOICE = {"outlet": "Human Voice", "stance": "confirms", "quote": "ثمانية عناصر", "count_min": 8.0,
               "count_max": 8.0, "count_unit": "fighters", "published": None, "url": None, "note": float("nan")}


def test_source_rows_become_sources_blank_rows_dropped(places):
    values = valid_values(sources=[HUMAN_VOICE, {"outlet": "", "quote": None}])
    draft = build_draft(values, places, user="ana", event_id="team-000000000001", today=TODAY)
    assert draft.event.sources == (EventSource("Human Voice", "confirms", quote="ثمانية عناصر", count_min=8,
                                               count_max=8, count_unit="fighters", added_by="ana"),)


@pytest.mark.parametrize("row, words", [
    ({"outlet": "", "quote": "q"}, "source 1, outlet"),
    ({"outlet": "X", "stance": "maybe", "quote": "q"}, "source 1, stance"),
    ({"outlet": "X", "quote": "q", "count_min": 3}, "source 1, count_unit"),
])
def test_a_bad_source_row_is_reported_beside_the_sources(places, row, words):
    errors = build_draft(valid_values(sources=[row]), places, user="ana", event_id="team-000000000001", today=TODAY)
    assert words in errors["sources"]


def test_sources_round_trip_through_the_form_and_count_as_an_edit(places):
    old = build_draft(valid_values(), places, user="ana", event_id="team-000000000001", today=TODAY).event
    with_source = old.replace(sources=(EventSource("Human Voice", "confirms", quote="q", added_by="ana"),))
    shown = values_from_event(with_source)
    assert shown["sources"] == source_records(with_source.sources)
    again = build_draft({**shown, **{f"{r}_query": "" for r in ("origin", "via", "destination", "location")}},
                        places, user="ana", event_id=old.id, today=TODAY).event
    assert again.sources == with_source.sources
    assert changes_between(old, with_source) == {"sources": with_source.sources}


@pytest.mark.parametrize("changes, expected", [
    (None, ["a", "b"]),
    ({"edited_rows": {"1": {"outlet": "B2"}}}, ["a", "B2"]),
    ({"deleted_rows": [0], "added_rows": [{"outlet": "c"}]}, ["b", "c"]),
    ({"edited_rows": {0: {"outlet": "A2"}}, "deleted_rows": [1], "added_rows": []}, ["A2"]),
])
def test_apply_editor_changes(changes, expected):
    rows = [{"outlet": "a", "quote": "q"}, {"outlet": "b", "quote": "q"}]
    assert [row["outlet"] for row in apply_editor_changes(rows, changes)] == expected
    assert rows[0]["outlet"] == "a", "the rows given are not changed"
