"""Event geometry: route order, weakest-point precision, GeoDataFrames and GeoJSON round trips."""
from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import GeometryCollection, LineString, Point, shape

from tests.support.curated_data import SMALL_PLACE_IDS, shipped_place_rows, write_places
from events.geo import event_geometry, event_precision, places_to_geodataframe, to_feature_collection, to_geodataframes
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


@pytest.mark.parametrize("places, line_ids, point_ids", [
    ({"origin": HAJAR, "via": BARADA, "destination": IDLIB}, [HAJAR, BARADA, IDLIB], []),
    ({"origin": ASHARA, "destination": AZAZ}, [ASHARA, AZAZ], []),
    # where it happened, apart from the journey (captured on the way): a point of its own
    ({"origin": SDAM, "destination": QADAM, "location": AZAZ}, [SDAM, QADAM], [AZAZ]),
    ({"origin": HAJAR, "via": "local:not-in-this-gazetteer", "destination": IDLIB}, [HAJAR, IDLIB], []),
    ({"origin": HAJAR, "via": BARADA}, [HAJAR, BARADA], []),                   # stopped at the checkpoint
    ({"origin": HAJAR, "location": QADAM}, [HAJAR, QADAM], []),                # no destination: ends where it happened
    ({"origin": HAJAR, "destination": IDLIB, "location": IDLIB}, [HAJAR, IDLIB], []),   # arrived: one place, once
])
def test_a_journey_is_a_line_in_travel_order_and_where_it_happened_a_point(small_gazetteer, places, line_ids,
                                                                            point_ids):
    event = make_event(**places)
    geometry = event_geometry(event, small_gazetteer)
    assert [p.id for p in geometry.line] == line_ids and [p.id for p in geometry.points] == point_ids
    assert geometry.is_route
    shape_ = geometry.shape()
    line = shape_ if isinstance(shape_, LineString) else shape_.geoms[0]
    assert [LatLon.from_lonlat(xy) for xy in line.coords] == [position(small_gazetteer, pid) for pid in line_ids]
    if point_ids:
        assert isinstance(shape_, GeometryCollection)
        assert [LatLon.from_lonlat(g.coords[0]) for g in list(shape_.geoms)[1:]] == [position(small_gazetteer, pid)
                                                                             for pid in point_ids]


@pytest.mark.parametrize("places, expected_ids", [
    ({"location": BARADA}, [BARADA]),
    ({"origin": HAJAR}, [HAJAR]),
    ({"destination": AZAZ}, [AZAZ]),
    ({"destination": AZAZ, "location": QADAM}, [QADAM, AZAZ]),                # where it happened first
    ({"origin": "local:not-in-this-gazetteer", "location": QADAM}, [QADAM]),
])
def test_events_that_are_not_journeys_are_points(small_gazetteer, places, expected_ids):
    event = make_event(**places)
    geometry = event_geometry(event, small_gazetteer)
    assert not geometry.is_route and [p.id for p in geometry.points] == expected_ids
    shape_ = geometry.shape()
    coords = [shape_.coords[0]] if isinstance(shape_, Point) else [g.coords[0] for g in shape_.geoms]
    assert [LatLon.from_lonlat(xy) for xy in coords] == [position(small_gazetteer, pid) for pid in expected_ids]


def test_unknown_places_give_no_geometry_and_no_precision(small_gazetteer):
    event = make_event(location="local:not-in-this-gazetteer")
    assert event_geometry(event, small_gazetteer).shape() is None
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
        coords = [p.position for p in event_geometry(event, gazetteer).line]
        assert coords[0] == position(gazetteer, event.origin)
        assert coords[-1] == position(gazetteer, event.destination)
        if event.via:
            assert coords[1:-1] == [position(gazetteer, event.via)]


def test_geodataframes_split_points_and_routes(curated_events, gazetteer):
    points, routes, locations = to_geodataframes(curated_events, gazetteer)
    assert points.crs.to_epsg() == 4326 and routes.crs.to_epsg() == 4326 and locations.crs.to_epsg() == 4326
    assert set(points.geom_type) == {"Point"} and set(routes.geom_type) == {"LineString"}
    assert sorted([*points["id"], *routes["id"]]) == sorted(e.id for e in curated_events)
    journeys = {e.id for e in curated_events if event_geometry(e, gazetteer).is_route}
    assert set(routes["id"]) == journeys and {e.id for e in curated_events if e.is_route} <= journeys
    # the Inkhil capture: a journey to the Yarmouk basin, caught at Inkhil on the way
    assert ("s001-06", "geonames:169375") in set(zip(locations["id"], locations["place_id"]))
    assert {"precision", "uncertainty_m", *REQUIRED_PROPERTIES} <= set(points.columns)


def test_empty_input_gives_empty_frames_with_columns(gazetteer):
    points, routes, locations = to_geodataframes([], gazetteer)
    assert len(points) == len(routes) == len(locations) == 0
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
        assert row.geometry.equals(event_geometry(event, gazetteer).shape())
    for feature in collection["features"]:
        geometry = event_geometry(by_id[feature["id"]], gazetteer)
        assert shape(feature["geometry"]).equals(geometry.shape())


def test_geojson_geometry_is_the_shapely_shape_of_every_curated_event():
    """Exports build the GeoJSON geometry directly; it must be the same geometry the map's shape gives."""
    from shapely.geometry import mapping

    from events.curated import load_curated

    gazetteer = load_gazetteer()
    checked = 0
    for event in load_curated():
        geometry = event_geometry(event, gazetteer)
        shape_ = geometry.shape()
        direct = geometry.geojson()
        if shape_ is None:
            assert direct is None
            continue
        assert json.loads(json.dumps(direct)) == json.loads(json.dumps(mapping(shape_))), event.id
        checked += 1
    assert checked >= 40
