"""The whole curated table through every GIS format, read back by GDAL (pyogrio) as QGIS would.

Feature counts per layer, the fields, the geometry of each event and, field by field, the
values: every row GDAL returns rebuilds the very Event that was exported (round-trip equality).
"""
from __future__ import annotations

import math

import pyogrio
import pytest
from shapely.geometry import LineString, Point

from atlas.exports import EXPORTERS, Briefing
from atlas.exports.gpkg import PLACE_COLUMNS
from events.geo import event_geometry, event_precision
from events.schema import FIELDS, Event
from events.sources import corroboration, parse_sources
from tests.support.exports_data import with_drafts

# format -> (layer of route events, layer of the other events, layer of places); None = the only layer
LAYOUTS = {
    "geojson": (None, None, None),
    "gpkg": ("events_routes", "events_points", "places"),
    "kml": ("Routes", "Events", "Places"),
}


@pytest.fixture(scope="module")
def briefing(curated_events, gazetteer):
    return with_drafts(curated_events, gazetteer)


@pytest.fixture(scope="module")
def written(briefing, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gdal")
    return {fmt: EXPORTERS[fmt].write(briefing, folder / EXPORTERS[fmt].file_name("curated")) for fmt in LAYOUTS}


def read(path, layer):
    # Dates as text: GDAL would otherwise guess a datetime type for the GeoJSON date columns.
    return pyogrio.read_dataframe(path, layer=layer, datetime_as_string=True)


def as_text(value) -> str:
    """One attribute as GDAL returns it, back to the text form of Event.to_record()."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def event_rows(path, fmt):
    routes_layer, points_layer, _ = LAYOUTS[fmt]
    layers = [routes_layer] if routes_layer == points_layer else [routes_layer, points_layer]
    return {layer: read(path, layer) for layer in layers}


def expected_shape(event, gazetteer, fmt):
    """What a format carries for an event: its whole geometry, except the GeoPackage's one-type layers
    (a journey's line in events_routes; where it happened, apart from the line, in event_locations)."""
    geometry = event_geometry(event, gazetteer)
    if fmt == "gpkg":
        return LineString([p.position.lonlat for p in geometry.line]) if geometry.line else \
            Point(geometry.points[0].position.lonlat)
    return geometry.shape()


@pytest.mark.parametrize("fmt", sorted(LAYOUTS))
def test_gdal_reads_every_event_with_its_fields_and_geometry(written, briefing, fmt):
    frames = event_rows(written[fmt], fmt)
    routes_layer, points_layer, _ = LAYOUTS[fmt]
    routes = [e for e in briefing.events if event_geometry(e, briefing.gazetteer).is_route]
    expected_counts = ({routes_layer: len(briefing.events)} if routes_layer == points_layer else
                       {routes_layer: len(routes), points_layer: len(briefing.events) - len(routes)})
    assert {layer: len(frame) for layer, frame in frames.items()} == expected_counts
    by_id = {e.id: e for e in briefing.events}
    for frame in frames.values():
        assert set(FIELDS) | {"precision", "uncertainty_m"} <= set(frame.columns)
        for row in frame.itertuples():
            event = by_id[row.id]
            assert row.geometry.normalize().equals_exact(
                expected_shape(event, briefing.gazetteer, fmt).normalize(), 1e-6), event.id
            assert row.precision == event_precision(event, briefing.gazetteer)[0]


def test_geopackage_keeps_where_each_journey_event_happened(written, briefing):
    """A journey whose event happened apart from its line (captured on the way) keeps that place."""
    locations = read(written["gpkg"], "event_locations")
    expected = {(e.id, p.id, p.position.lonlat) for e in briefing.events
                for p in event_geometry(e, briefing.gazetteer).points if event_geometry(e, briefing.gazetteer).line}
    found = {(row.id, row.place_id, tuple(round(c, 6) for c in row.geometry.coords[0])) for row in locations.itertuples()}
    assert expected and found == {(i, pid, tuple(round(c, 6) for c in xy)) for i, pid, xy in expected}


@pytest.mark.parametrize("fmt", sorted(LAYOUTS))
def test_every_row_gdal_reads_rebuilds_the_exported_event(written, briefing, fmt):
    rebuilt = []
    for frame in event_rows(written[fmt], fmt).values():
        for record in frame.drop(columns="geometry").to_dict("records"):
            event = Event.from_record({name: as_text(record.get(name)) for name in FIELDS})
            rebuilt.append(event.replace(sources=parse_sources(record.get("sources"))))
            assert int(record["corroboration"]) == corroboration(event.replace(sources=rebuilt[-1].sources))
    order = {e.id: i for i, e in enumerate(briefing.events)}
    assert sorted(rebuilt, key=lambda e: order[e.id]) == list(briefing.events)


@pytest.mark.parametrize("fmt", ["gpkg", "kml"])
def test_places_layer_holds_each_place_once_where_the_gazetteer_puts_it(written, briefing, fmt):
    places = read(written[fmt], LAYOUTS[fmt][2])
    id_column = "place_id" if fmt == "kml" else "id"   # KML keeps its own placemark id in "id"
    expected = {p.id: p for p in briefing.places()}
    assert sorted(places[id_column]) == sorted(expected)
    if fmt == "gpkg":
        assert set(PLACE_COLUMNS) <= set(places.columns)
    for row in places.itertuples():
        place = expected[getattr(row, id_column)]
        assert row.geometry.equals_exact(Point(place.position.lonlat), 1e-6)
        assert row.name_ar == place.name_ar


def test_geopackage_dates_are_date_columns_in_named_layers(written, briefing):
    """QGIS sorts and filters the event dates as dates: DATE columns (not text), in the layers named for them."""
    import sqlite3
    from atlas.exports.gpkg import DATE_COLUMNS, LAYERS
    with sqlite3.connect(written["gpkg"]) as db:
        assert {name for (name,) in db.execute("SELECT table_name FROM gpkg_contents")} == set(LAYERS)
        for layer in ("events_points", "events_routes", "event_locations"):
            types = {name: kind for _cid, name, kind, *_ in db.execute(f'PRAGMA table_info("{layer}")')}
            assert all(types[column] == "DATE" for column in DATE_COLUMNS), (layer, types)
    frame = pyogrio.read_dataframe(written["gpkg"], layer="events_routes")
    assert str(frame["date_start"].dtype).startswith("datetime64")
    by_id = {e.id: e for e in briefing.events}
    dated = [(row.id, row.date_start) for row in frame.itertuples() if row.date_start == row.date_start]
    assert dated and all(stamp.date().isoformat() == by_id[i].to_record()["date_start"] for i, stamp in dated)
