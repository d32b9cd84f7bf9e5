"""Data exports read back by GDAL (pyogrio) and by the importer: counts, fields, Arabic, round trips."""
from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re

import pyogrio
import pytest

from atlas.map.style import OUTCOME_COLOURS
from atlas.store import EventStore
from atlas.exports import (DATA_FORMATS, EXPORTERS, PLACE_FORMATS, Briefing, ExportError, exporter_for,
                            exporter_for_path)
from events.csv_format import COLUMNS, FORMULA_STARTS, neutralise_cell, restore_cell
from atlas.exports.gpkg import LAYERS
from events.filters import EventFilter
from events.import_files import read_records
from events.importing import import_file, validate_records
from events.schema import FIELDS, LIST_SEPARATOR
from tests.support.exports_data import sample_events, sample_gazetteer, sample_places, csv_records
from tests.support.exports_data import with_drafts

AUTHOR = "analyst@example.org"   # the added_by of the sample events


@pytest.fixture
def briefing():
    return with_drafts(sample_events(), sample_gazetteer(), event_filter=EventFilter(date_from="2017-01-01"))


def export(briefing, name, tmp_path):
    return EXPORTERS[name].write(briefing, tmp_path / EXPORTERS[name].file_name("out"))


# -- CSV ---------------------------------------------------------------------------------------

CELLS = [
    ("=SUM(A1:A9)", True), ("+33 612", True), ("-1", True), ("@cmd", True), ("\tindent", True),
    ("\rreturn", True), ("'already quoted", True), ("'", True), ("=", True),
    ("plain text", False), ("نص عربي", False), ("", False), ("a=b", False), ("1-2", False), (" =x", False),
]


@pytest.mark.parametrize("value,dangerous", CELLS)
def test_cell_neutralisation_guards_formulas_and_round_trips(value, dangerous):
    written = neutralise_cell(value)
    assert written.startswith("'") == dangerous
    assert not written.startswith(FORMULA_STARTS)
    assert restore_cell(written) == value


def read_csv(path):
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return csv_records(data)


def test_csv_has_bom_all_columns_joined_lists_and_no_live_formula(briefing, tmp_path):
    rows = read_csv(export(briefing, "csv", tmp_path))
    assert list(rows[0]) == list(COLUMNS)
    assert [r["id"] for r in rows] == [e.id for e in briefing.events]
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS), cell
    by_id = {r["id"]: r for r in rows}
    for event in briefing.events:
        assert by_id[event.id]["names"] == LIST_SEPARATOR.join(event.names)
        assert restore_cell(by_id[event.id]["quote_ar"]) == event.quote_ar
        assert restore_cell(by_id[event.id]["summary_en"]) == event.summary_en
        assert by_id[event.id]["precision"] == "settlement"


# -- GeoJSON, GeoPackage, KML read back by GDAL ------------------------------------------------

def test_geojson_reads_back_with_every_event_and_field(briefing, tmp_path):
    path = export(briefing, "geojson", tmp_path)
    frame = pyogrio.read_dataframe(path)
    assert sorted(frame["id"]) == sorted(e.id for e in briefing.events)
    assert set(FIELDS) | {"precision", "uncertainty_m"} <= set(frame.columns)
    kinds = dict(zip(frame["id"], frame.geometry.geom_type))
    assert all(kinds[e.id] == ("LineString" if e.is_route else "Point") for e in briefing.events)
    assert set(frame["quote_ar"]) == {e.quote_ar for e in briefing.events}
    assert json.loads(path.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_geopackage_has_three_layers_with_the_right_counts_and_fields(briefing, tmp_path):
    path = export(briefing, "gpkg", tmp_path)
    assert [name for name, _ in pyogrio.list_layers(path)] == list(LAYERS)
    routes = [e for e in briefing.events if e.is_route]
    expected = {"events_points": len(briefing.events) - len(routes), "events_routes": len(routes),
                "places": len({pid for e in briefing.events for pid in e.place_ids})}
    for layer, count in expected.items():
        assert pyogrio.read_info(path, layer=layer)["features"] == count, layer
    points = pyogrio.read_dataframe(path, layer="events_points")
    assert set(FIELDS) <= set(points.columns)
    places = pyogrio.read_dataframe(path, layer="places")
    by_id = {p.id: p for p in sample_places()}
    for row in places.itertuples():
        assert row.name_ar == by_id[row.id].name_ar
        assert (row.geometry.x, row.geometry.y) == pytest.approx(by_id[row.id].position.lonlat)


def test_geopackage_export_replaces_an_old_file(briefing, tmp_path):
    path = export(briefing, "gpkg", tmp_path)
    smaller = with_drafts(briefing.events[:1], briefing.gazetteer)
    EXPORTERS["gpkg"].write(smaller, path)
    assert pyogrio.read_info(path, layer="events_routes")["features"] == 1
    assert pyogrio.read_info(path, layer="events_points")["features"] == 0


def test_kml_has_styled_routes_points_and_places_with_names_in_both_languages(briefing, tmp_path):
    path = export(briefing, "kml", tmp_path)
    assert [name for name, _ in pyogrio.list_layers(path)] == ["Routes", "Events", "Places"]
    routes = pyogrio.read_dataframe(path, layer="Routes")
    points = pyogrio.read_dataframe(path, layer="Events")
    places = pyogrio.read_dataframe(path, layer="Places")
    assert sorted(routes["id"]) == sorted(e.id for e in briefing.events if e.is_route)
    assert sorted(points["id"]) == sorted(e.id for e in briefing.events if not e.is_route)
    assert len(places) == len({pid for e in briefing.events for pid in e.place_ids})
    assert set(routes.geometry.geom_type) == {"LineString"} and set(points.geometry.geom_type) == {"Point"}
    arabic = {p.id: p.name_ar for p in sample_places()}
    english = {p.id: p.name_en for p in sample_places()}
    route = next(e for e in briefing.events if e.is_route)
    stops = (route.origin, route.via, route.destination)
    assert routes["Name"].iloc[0] == (" ← ".join(arabic[p] for p in stops) + " / "
                                      + " → ".join(english[p] for p in stops))
    assert all(f"{arabic[p]} / {english[p]}" in set(places["Name"]) for p in stops)
    text = path.read_text(encoding="utf-8")
    assert "http://maps.google" not in text and "<href>" not in text      # no icon linked online
    assert "<LineStyle" in text and "<width>4</width>" in text
    colour = OUTCOME_COLOURS[route.outcome].lstrip("#")        # the map's colour, in KML's aabbggrr order
    assert f"<color>e6{colour[4:6]}{colour[2:4]}{colour[0:2]}</color>" in text


def test_kmz_carries_the_map_symbols_as_icons(briefing, tmp_path):
    import io
    import re
    import zipfile

    from PIL import Image

    from atlas.map.style import point_style
    path = export(briefing, "kmz", tmp_path)
    with zipfile.ZipFile(path) as kmz:
        names = kmz.namelist()
        assert names[0] == "doc.kml"
        text = kmz.read("doc.kml").decode("utf-8")
        hrefs = set(re.findall(r"<href>([^<]*)</href>", text))
        assert hrefs and hrefs == {name for name in names if name != "doc.kml"}      # every icon used is carried
        assert not any(href.startswith(("http:", "https:", "//")) for href in hrefs)
        for href in hrefs:
            image = Image.open(io.BytesIO(kmz.read(href)))
            assert image.format == "PNG" and image.mode == "RGBA" and image.getbbox() is not None
    point = next(e for e in briefing.events if not e.is_route)
    colour, shape = point_style(point.event_type)
    assert f"files/{shape}-{colour.lstrip('#').lower()}.png" in hrefs                # the map's colour and shape
    layers = [name for name, _ in pyogrio.list_layers(f"/vsizip/{path}/doc.kml")]
    assert layers == ["Routes", "Events", "Places"]


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "a & b </description><x>", "]]>",
                                     "<![CDATA[<img src=x onerror=alert(1)>]]>"])
def test_kml_escapes_hostile_text(briefing, tmp_path, hostile):
    event = briefing.events[0].replace(summary_en=hostile, notes=hostile)
    path = export(with_drafts([event], briefing.gazetteer), "kml", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert hostile not in text and "<script" not in text and "<img" not in text
    frame = pyogrio.read_dataframe(path, layer="Routes")
    # The balloon is HTML: the text arrives there escaped once more, so it shows as text.
    assert html.escape(hostile) in frame["description"].iloc[0]
    assert frame["notes"].iloc[0] == hostile and frame["summary_en"].iloc[0] == hostile


# -- round trips: export -> import -> export -----------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_export_import_export_is_lossless(briefing, tmp_path, fmt):
    first = export(briefing, fmt, tmp_path)
    store = EventStore(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        report = import_file(first, store, briefing.gazetteer, AUTHOR, allow_self_review=True)  # verified ones too
        assert not report.rejected, report.summary()
        order = {e.id: i for i, e in enumerate(briefing.events)}
        stored = sorted(store.list_events(include_retracted=True), key=lambda e: order[e.id])
    finally:
        store.dispose()
    assert stored == list(briefing.events)
    again = EXPORTERS[fmt].write(with_drafts(stored, briefing.gazetteer, event_filter=briefing.event_filter,
                                             generated_at=briefing.generated_at), tmp_path / f"again.{fmt}")
    assert again.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_reading_an_export_gives_back_the_same_events(briefing, tmp_path, fmt):
    path = export(briefing, fmt, tmp_path)
    valid, rejected = validate_records(read_records(path.read_bytes(), path.name), briefing.gazetteer)
    assert not rejected
    assert [event for _raw, event in valid] == list(briefing.events)


# -- registry and briefing ------------------------------------------------------------------------

def test_every_registered_exporter_is_named_after_its_key():
    assert set(DATA_FORMATS) | set(PLACE_FORMATS) <= set(EXPORTERS) and {"png", "html"} <= set(EXPORTERS)
    for name, exporter in EXPORTERS.items():
        assert exporter.name == name and exporter_for(name) is exporter
        by_suffix = exporter_for_path(f"x/brief{exporter.suffix.upper()}")
        # A places format shares its suffix with an events format, which a bare file name means.
        assert by_suffix is exporter if name not in PLACE_FORMATS else by_suffix.name in DATA_FORMATS
    file_names = {exporter.file_name("brief") for exporter in EXPORTERS.values()}
    assert len(file_names) == len(EXPORTERS)   # the dashboard's downloads never overwrite each other


@pytest.mark.parametrize("call,field", [
    (lambda: exporter_for("xlsx"), "format"),
    (lambda: exporter_for_path("brief.docx"), "out"),
    (lambda: with_drafts([], None, width=10), "width"),
    (lambda: with_drafts([], None, height=90000), "height"),
    (lambda: with_drafts([], None, scale=5), "scale"),
    (lambda: with_drafts(["not an event"], None), "events"),
    (lambda: with_drafts([], None, bounds=((33.4, 36.2), (33.6,))), "bounds"),
    (lambda: with_drafts([], None, bounds=((95.0, 36.2), (33.6, 36.4))), "bounds"),
    (lambda: with_drafts([], None, bounds=((33.6, 36.2), (33.4, 36.4))), "bounds"),
])
def test_bad_requests_are_errors_naming_the_field(call, field):
    with pytest.raises(ExportError, match=f"^{field}:"):
        call()


@pytest.mark.parametrize("width,height,scale", [(1600, 900, 1), (1600, 900, 2), (1024, 768, 3)])
def test_pixel_size_is_css_size_times_scale(width, height, scale):
    briefing = with_drafts([], None, width=width, height=height, scale=scale)
    assert briefing.pixel_size == (width * scale, height * scale)


@pytest.mark.parametrize("places", [("geonames:8419677",), ("geonames:8419677", "geonames:169389"), ("local:nowhere",)])
def test_filter_words_name_places_instead_of_ids(places):
    gazetteer = sample_gazetteer()
    words = with_drafts([], gazetteer, event_filter=EventFilter(places=places)).filter_words()
    for place_id in places:
        place = gazetteer.get(place_id)
        assert (place.name_en in words and place_id not in words) if place else place_id in words


@pytest.mark.parametrize("fmt", ["kml", "gpkg"])
def test_a_streamed_file_holds_what_render_returns(briefing, tmp_path, fmt):
    """KML and GeoPackage write their files themselves (KML a placemark at a time); the file must read back
    as the bytes the download button serves."""
    path = EXPORTERS[fmt].write(briefing, tmp_path / f"streamed.{fmt}")
    if fmt == "kml":
        unstamped = lambda text: re.sub(r"Generated [^.<]*", "", text)   # the minute may turn between the two
        rendered = EXPORTERS[fmt].render(briefing).decode("utf-8")
        assert unstamped(path.read_text(encoding="utf-8")) == unstamped(rendered) and "<Placemark>" in rendered
    else:
        assert pyogrio.read_info(path, layer="events_routes")["features"] == sum(e.is_route for e in briefing.events)


def test_kml_is_written_a_placemark_at_a_time(briefing):
    from atlas.exports.kml import chunks

    pieces = list(chunks(briefing))
    placemarks = sum(piece.count("<Placemark>") for piece in pieces)
    assert placemarks >= len(briefing.events) and max(piece.count("<Placemark>") for piece in pieces) == 1
