"""Places of the selected events as CSV and GeoJSON: each place once, gazetteer columns, lossless."""
from __future__ import annotations

import codecs
import dataclasses
import csv
import io

import pyogrio
import pytest
from shapely.geometry import Point

from atlas.cli import EXIT_OK, main
from atlas.exports import EXPORTERS, PLACE_FORMATS, Briefing
from events.csv_format import FORMULA_STARTS, restore_cell
from events.filters import EventFilter
from geodata.gazetteer import COLUMNS, Gazetteer, place_record, read_places
from tests.support.exports_data import sample_events, sample_places
from tests.support.exports_data import with_drafts


def write(briefing, name, tmp_path):
    return EXPORTERS[name].write(briefing, tmp_path / EXPORTERS[name].file_name("brief"))


def csv_records(path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_places_csv_lists_each_named_place_once_in_gazetteer_columns(tmp_path, count):
    events = sample_events()[:count]
    briefing = with_drafts(events, Gazetteer(list(sample_places())))
    rows = csv_records(write(briefing, "places_csv", tmp_path))
    expected = sorted({pid for e in events for pid in e.place_ids})
    assert [r["id"] for r in rows] == expected
    by_id = {p.id: p for p in sample_places()}
    assert rows == [place_record(by_id[pid]) for pid in expected]


def test_places_csv_reads_back_as_the_same_places(tmp_path):
    briefing = with_drafts(sample_events(), Gazetteer(list(sample_places())))
    path = write(briefing, "places_csv", tmp_path)
    assert read_places(path) == briefing.places()


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://evil.example\")", "+1", "-2", "@SUM(A1)", "'quoted"])
def test_places_csv_neutralises_formulas_and_restores_exactly(tmp_path, hostile):
    place = sample_places()[0]
    spoiled = dataclasses.replace(place, name_en=hostile, notes=hostile)
    event = next(e for e in sample_events() if place.id in e.place_ids)
    briefing = with_drafts([event], Gazetteer([spoiled, *sample_places()[1:]]))
    rows = csv_records(write(briefing, "places_csv", tmp_path))
    for row in rows:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row.values())
    row = next(r for r in rows if r["id"] == place.id)
    assert {name: restore_cell(cell) for name, cell in row.items()} == place_record(spoiled)


def test_places_geojson_reads_back_in_gdal_with_points_where_the_gazetteer_puts_them(tmp_path):
    briefing = with_drafts(sample_events(), Gazetteer(list(sample_places())))
    frame = pyogrio.read_dataframe(write(briefing, "places_geojson", tmp_path))
    expected = {p.id: p for p in briefing.places()}
    assert sorted(frame["id"]) == sorted(expected) and len(frame) == len(expected)
    assert set(COLUMNS) <= set(frame.columns)
    for row in frame.itertuples():
        place = expected[row.id]
        assert row.geometry.equals_exact(Point(place.position.lonlat), 1e-9)
        assert (row.name_ar, row.precision, row.coord_source) == (place.name_ar, place.precision,
                                                                   place.coord_source)


@pytest.mark.parametrize("fmt", PLACE_FORMATS)
def test_cli_exports_the_places_of_the_filtered_events(tmp_path, capsys, curated_events, gazetteer, fmt):
    out = tmp_path / f"places{EXPORTERS[fmt].suffix}"
    assert main(["export", "--format", fmt, "--out", str(out), "--type", "exit"]) == EXIT_OK
    chosen = EventFilter(event_types=("exit",)).apply(curated_events)
    expected = sorted({pid for e in chosen for pid in e.place_ids})
    ids = [r["id"] for r in csv_records(out)] if fmt == "places_csv" else \
        sorted(pyogrio.read_dataframe(out)["id"])
    assert ids == expected and len(expected) < len({pid for e in curated_events for pid in e.place_ids})
