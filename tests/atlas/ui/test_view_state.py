"""The view in the address bar (atlas.ui.view_state): what a link holds comes back as the same widget state, a
link that does not parse is read as far as it can be with a notice, and the dashboard reads and writes it."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from atlas.map.basemap import VIEWS
from atlas.ui.view_state import DISPUTED, Choices, address_of, parse_address

SPAN = (dt.date(2014, 10, 1), dt.date(2017, 12, 29))
CHOICES = Choices(event_types=["arrest", "exit", "claim"], outcomes=["arrived", "captured"],
                  places=["geonames:170654", "local:yalda"], outlets=["Shaam Network"],
                  event_ids=["s000-01", "s000-02"], span=SPAN)


def test_the_default_view_has_an_empty_address():
    defaults = parse_address({}, CHOICES)
    assert not defaults.problems and defaults.map_view is None
    assert address_of(defaults.state, span=SPAN, map_view=None) == {}


@pytest.mark.parametrize("params", [
    {"view": "southern-damascus"},
    {"lang": "ar"},
    {"type": "arrest,exit", "outcome": "captured"},
    {"place": "local:yalda", "role": "origin,via"},
    {"from": "2015-01-01", "to": "2016-06-30", "event": "s000-02"},
    {"disputed": "yes", "undated": "0", "source": "team", "person": "أبو خالد"},
    {"select": "place:local:yalda", "lat": "33.4700", "lon": "36.3000", "zoom": "13"},
])
def test_an_address_comes_back_as_it_was_written(params):
    reading = parse_address(params, CHOICES)
    assert not reading.problems
    assert address_of(reading.state, span=SPAN, map_view=reading.map_view) == params


@pytest.mark.parametrize("params, problem, key, default", [
    ({"view": "moon"}, "view", "map-view", VIEWS[0]),
    ({"lang": "fr"}, "lang", "map-lang", "en"),
    ({"type": "arrest,teleport"}, "type", "filters-types", ["arrest"]),
    ({"from": "yesterday"}, "from", "filters-dates", SPAN),
    ({"from": "2017-01-01", "to": "2015-01-01"}, "from/to", "filters-dates", SPAN),
    ({"event": "nope"}, "event", "map-details", None),
    ({"disputed": "maybe"}, "disputed", "filters-disputed", DISPUTED["any"]),
    ({"undated": "2"}, "undated", "filters-undated", True),
])
def test_what_does_not_parse_is_named_and_left_at_its_default(params, problem, key, default):
    reading = parse_address(params, CHOICES)
    assert any(text.startswith(f"{problem}:") for text in reading.problems), reading.problems
    assert reading.state[key] == default


def test_a_half_given_map_view_is_not_used():
    reading = parse_address({"lat": "33.5", "lon": "999", "zoom": "9"}, CHOICES)
    assert reading.map_view is None and any(p.startswith("lon:") for p in reading.problems)


def test_dates_outside_the_span_are_clamped():
    reading = parse_address({"from": "2001-01-01", "to": "2016-01-01"}, CHOICES)
    assert reading.state["filters-dates"] == (SPAN[0], dt.date(2016, 1, 1))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["view", "lang", "type", "outcome", "place", "role", "outlet", "person",
                                        "disputed", "undated", "drafts", "source", "from", "to", "event",
                                        "select", "lat", "lon", "zoom", "other"]),
                       st.text(max_size=300)))
def test_any_address_reads_without_raising_and_writes_back_what_it_kept(params):
    reading = parse_address(params, CHOICES)
    written = address_of(reading.state, span=SPAN, map_view=reading.map_view)
    again = parse_address(written, CHOICES)
    assert not again.problems, (params, written, again.problems)
    assert again.state == reading.state and again.map_view == reading.map_view


@pytest.mark.slow
def test_the_dashboard_reads_the_address_and_writes_the_view_back(monkeypatch, tmp_path, project_root):
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVENTS_DB_URL", "")
    monkeypatch.setenv("ATLAS_ONLINE_TILES", "false")
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.query_params["view"] = "southern-damascus"
    at.query_params["lang"] = "ar"
    at.query_params["zoom"] = "banana"
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="map-view").value == "southern-damascus"
    assert at.radio(key="map-lang").value == "ar"
    assert any("zoom" in info.value for info in at.info)          # the notice names what was not understood
    at.radio(key="map-view").set_value("overview").run()
    assert not at.exception, at.exception
    assert at.query_params.get("view") in (None, [], "") and at.query_params.get("lang") in ("ar", ["ar"])


def test_an_addressed_event_is_picked_and_a_map_selection_is_not():
    assert parse_address({"event": "s000-02"}, CHOICES).state["map-pick"] == "s000-02"
    reading = parse_address({"select": "place:local:yalda"}, CHOICES)
    assert reading.state["map-pick"] is None and reading.state["map-details"][0] == "map"
