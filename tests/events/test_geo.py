"""Event geometry: route order, weakest-point precision, GeoDataFrames and GeoJSON round trips."""
from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, shape

from tests.events.curated_data import SMALL_PLACE_IDS, shipped_place_rows, write_places
from events.geo import (event_geometry, event_precision, places_to_geodataframe, point_place_id,
                        route_positions, to_feature_collection, to_geodataframes)
from events.schema import Event
from geodata.coords import LatLon
from geodata.gazetteer import load_gazetteer
from geodata.place import PRECISIONS

REQUIRED_PROPERTIES = ("id", "date_start", "date_end", "date_precision", "event_type", "origin", "via",
                       "destination", "location", "outcome", "count_min", "count_max", "names", "paid_usd_min",
                       "paid_usd_max", "outlet", "seed", "quote_ar", "summary_en", "disputed")
SDAM, HAJAR, BARADA, IDLIB, AZAZ, ASHARA, QADAM = SMALL_PLACE_IDS


def make_event(**places) -> Event:
    return Event(id="t-geo", event_type="exit", seed="test.txt", outlet="Test outlet (اختبار)",
                 quote_ar="نص", summary_en="Test event.", **places)


def position(gazetteer, place_id) -> LatLon:
    place = gazetteer.get(place_id)
    return LatLon.of(place.lat, place.lon)


@pytest.mark.parametrize("places, expected_ids", [
    ({"origin": HAJAR, "via": BARADA, "destination": IDLIB}, [HAJAR, BARADA, IDLIB]),
    ({"origin": ASHARA, "destination": AZAZ}, [ASHARA, AZAZ]),
    ({"origin": SDAM, "destination": QADAM, "location": AZAZ}, [SDAM, QADAM]),   # location is not on the path
    ({"origin": HAJAR, "via": "local:not-in-this-gazetteer", "destination": IDLIB}, [HAJAR, IDLIB]),
])
def test_route_runs_origin_via_destination(small_gazetteer, places, expected_ids):
    event = make_event(**places)
    expected = [position(small_gazetteer, pid) for pid in expected_ids]
    assert route_positions(event, small_gazetteer) == expected
    line = event_geometry(event, small_gazetteer)
    assert isinstance(line, LineString)
    assert [LatLon.from_lonlat(xy) for xy in line.coords] == expected


@pytest.mark.parametrize("places, expected_id", [
    ({"location": BARADA}, BARADA),
    ({"origin": HAJAR}, HAJAR),
    ({"origin": HAJAR, "via": BARADA}, BARADA),        # last known point of an open-ended exit
    ({"destination": AZAZ}, AZAZ),
    ({"origin": HAJAR, "location": QADAM}, QADAM),
])
def test_single_place_events_are_points(small_gazetteer, places, expected_id):
    event = make_event(**places)
    assert point_place_id(event) == expected_id
    geometry = event_geometry(event, small_gazetteer)
    assert isinstance(geometry, Point)
    assert LatLon.from_lonlat(geometry.coords[0]) == position(small_gazetteer, expected_id)


def test_unknown_places_give_no_geometry_and_no_precision(small_gazetteer):
    event = make_event(location="local:not-in-this-gazetteer")
    assert event_geometry(event, small_gazetteer) is None
    assert event_precision(event, small_gazetteer) == ("", None)


@pytest.mark.parametrize("precisions, expected", [
    (("exact", "between", "governorate"), "governorate"),
    (("exact", "region", "exact"), "region"),
    (("neighbourhood", "exact", "settlement"), "settlement"),
    (("exact", "exact", "exact"), "exact"),
])
def test_route_carries_its_weakest_points_precision(tmp_path, precisions, expected):
    rows = shipped_place_rows((HAJAR, BARADA, IDLIB))
    for row, precision, uncertainty in zip(rows, precisions, (100, 5000, 300)):
        row["precision"], row["uncertainty_m"] = precision, str(uncertainty)
    gazetteer = load_gazetteer(write_places(tmp_path / "places.csv", rows))
    precision, uncertainty = event_precision(make_event(origin=HAJAR, via=BARADA, destination=IDLIB), gazetteer)
    assert precision == expected
    assert uncertainty == 5000
    assert PRECISIONS.index(precision) == max(PRECISIONS.index(p) for p in precisions)


def test_curated_routes_start_at_origin_and_end_at_destination(curated_events, gazetteer):
    routes = [e for e in curated_events if e.is_route]
    assert routes
    for event in routes:
        coords = [LatLon.from_lonlat(xy) for xy in event_geometry(event, gazetteer).coords]
        assert coords[0] == position(gazetteer, event.origin)
        assert coords[-1] == position(gazetteer, event.destination)
        if event.via:
            assert coords[1:-1] == [position(gazetteer, event.via)]


def test_geodataframes_split_points_and_routes(curated_events, gazetteer):
    points, routes = to_geodataframes(curated_events, gazetteer)
    assert points.crs.to_epsg() == 4326 and routes.crs.to_epsg() == 4326
    assert set(points.geom_type) == {"Point"} and set(routes.geom_type) == {"LineString"}
    assert sorted([*points["id"], *routes["id"]]) == sorted(e.id for e in curated_events)
    assert set(routes["id"]) == {e.id for e in curated_events if e.is_route}
    assert {"precision", "uncertainty_m", *REQUIRED_PROPERTIES} <= set(points.columns)


def test_empty_input_gives_empty_frames_with_columns(gazetteer):
    points, routes = to_geodataframes([], gazetteer)
    assert len(points) == len(routes) == 0
    assert set(REQUIRED_PROPERTIES) <= set(points.columns)


def test_places_frame_has_one_point_per_known_place(small_gazetteer):
    frame = places_to_geodataframe([HAJAR, HAJAR, AZAZ, "local:not-in-this-gazetteer"], small_gazetteer)
    assert list(frame["id"]) == [HAJAR, AZAZ]
    assert LatLon.from_lonlat(frame.geometry.iloc[1].coords[0]) == position(small_gazetteer, AZAZ)


def test_feature_collection_round_trips_through_geopandas(tmp_path, curated_events, gazetteer):
    collection = to_feature_collection(curated_events, gazetteer)
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    frame = gpd.read_file(path)
    assert list(frame["id"]) == [e.id for e in curated_events]
    assert set(REQUIRED_PROPERTIES) <= set(frame.columns)
    by_id = {e.id: e for e in curated_events}
    for _, row in frame.iterrows():
        event = by_id[row["id"]]
        assert row["quote_ar"] == event.quote_ar
        assert row["event_type"] == event.event_type and bool(row["disputed"]) == event.disputed
        assert row.geometry.equals(event_geometry(event, gazetteer))
    for feature in collection["features"]:
        assert shape(feature["geometry"]).geom_type == ("LineString" if by_id[feature["id"]].is_route else "Point")
