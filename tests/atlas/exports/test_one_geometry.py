"""One geometry per event: the map and every export carry the same places for every curated event.

The map's route lines and event dots, the GeoJSON geometry, the KML placemark and the GeoPackage
rows of an event must name the same coordinates, and the CSV the same precision. (The curated
capture at Inkhil, on the way to the Yarmouk basin, once kept its place on the map only.)
"""
from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pyogrio
import pytest

from atlas.map.build import build_map
from atlas.map.columns import PRECISION
from atlas.exports import EXPORTERS, Briefing
from events.geo import event_geometry
from tests.support.exports_data import with_drafts, csv_records
from tests.support.map_features import map_features

KML = "{http://www.opengis.net/kml/2.2}"


def _points(coordinates) -> set[tuple[float, float]]:
    """Every (lon, lat) in nested GeoJSON coordinates, rounded to a centimetre or so."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return {(round(coordinates[0], 7), round(coordinates[1], 7))}
    return set().union(*(_points(item) for item in coordinates)) if coordinates else set()


def _geojson_points(geometry) -> set:
    if geometry is None:
        return set()
    if geometry["type"] == "GeometryCollection":
        return set().union(*(_geojson_points(part) for part in geometry["geometries"]))
    return _points(geometry["coordinates"])


def map_places(event, gazetteer) -> set:
    """Coordinates of the event's route lines and dots on the dashboard map (which carries PRECISION decimals)."""
    found, folium_map = set(), build_map([event], gazetteer, online_tiles=False)
    for feature in map_features(folium_map, "atlas-route") + map_features(folium_map, "atlas-point-event"):
        found |= _geojson_points(feature["geometry"])
    return on_map(found)


def on_map(points: set) -> set:
    """``points`` at the map's precision."""
    return {(round(x, PRECISION), round(y, PRECISION)) for x, y in points}


def kml_places(page: bytes) -> dict[str, set]:
    by_id = {}
    for placemark in ET.fromstring(page).iter(f"{KML}Placemark"):
        data = {d.get("name"): d.find(f"{KML}value").text for d in placemark.iter(f"{KML}Data")}
        if "id" not in data or data.get("place_id"):
            continue
        points = set()
        for text in placemark.iter(f"{KML}coordinates"):
            for triple in text.text.split():
                lon, lat = (float(v) for v in triple.split(",")[:2])
                points.add((round(lon, 7), round(lat, 7)))
        by_id[data["id"]] = points
    return by_id


def gpkg_places(path) -> dict[str, set]:
    by_id: dict[str, set] = {}
    for layer in ("events_routes", "events_points", "event_locations"):
        frame = pyogrio.read_dataframe(path, layer=layer)
        for row in frame.itertuples():
            by_id.setdefault(row.id, set()).update(_points(json.loads(json.dumps(row.geometry.__geo_interface__))
                                                           ["coordinates"]))
    return by_id


@pytest.fixture(scope="module")
def exported(curated_events, gazetteer, tmp_path_factory):
    briefing = with_drafts(curated_events, gazetteer)
    folder = tmp_path_factory.mktemp("one-geometry")
    geojson = json.loads(EXPORTERS["geojson"].render(briefing))
    return {
        "geojson": {f["id"]: _geojson_points(f["geometry"]) for f in geojson["features"]},
        "kml": kml_places(EXPORTERS["kml"].render(briefing)),
        "gpkg": gpkg_places(EXPORTERS["gpkg"].write(briefing, folder / "events.gpkg")),
        "csv": {row["id"]: (row["precision"], row["uncertainty_m"]) for row in
                csv_records(EXPORTERS["csv"].render(briefing))},
    }


def test_map_and_every_export_carry_the_same_places_for_every_curated_event(curated_events, gazetteer, exported):
    checked = 0
    for event in curated_events:
        geometry = event_geometry(event, gazetteer)
        expected = {(round(x, 7), round(y, 7)) for x, y in (p.position.lonlat for p in geometry.places)}
        assert map_places(event, gazetteer) == on_map(expected), event.id
        for fmt in ("geojson", "kml", "gpkg"):
            assert exported[fmt].get(event.id, set()) == expected, (fmt, event.id)
        precision, uncertainty = geometry.precision
        assert exported["csv"][event.id] == (precision, "" if uncertainty is None else str(uncertainty)), event.id
        checked += 1
    assert checked == len(curated_events) > 40


def test_the_inkhil_capture_keeps_its_place_everywhere(curated_events, gazetteer, exported):
    (event,) = [e for e in curated_events if e.location == "geonames:169375"]
    inkhil = gazetteer.get("geonames:169375").position.lonlat
    spot = (round(inkhil[0], 7), round(inkhil[1], 7))
    assert event.is_route and on_map({spot}) <= map_places(event, gazetteer)
    assert all(spot in exported[fmt][event.id] for fmt in ("geojson", "kml", "gpkg"))
