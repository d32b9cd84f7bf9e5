"""Import of our own CSV / GeoJSON exports: whole-file errors change nothing, bad rows are reported."""
from __future__ import annotations

import csv
import json
import re

import pytest

from atlas.store import EventStore
from events.exports.csv import COLUMNS, neutralise_cell
from events.importing import (ImportFormatError, KnownPlaces, import_file, read_records,
                              validate_records)
from events.schema import FIELDS
from tests.events.exports_data import places_by_id, sample_events, sample_places

USER = "importer@example.org"


def write_csv(path, records, columns=COLUMNS):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow({k: neutralise_cell(record.get(k)) for k in columns})
    return path


def write_geojson(path, records):
    features = [{"type": "Feature", "geometry": None, "properties": r} for r in records]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    store = EventStore(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield store
    store.dispose()


def records():
    return [e.to_record() for e in sample_events()]


MALFORMED = [
    ("latin1.csv", "id,event_type\nx,caf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
    ("nul.csv", b"id,event_type\x00\n", "NUL"),
    ("empty.csv", b"\xef\xbb\xbf  \n", "empty"),
    ("places.csv", "id,name_en,name_ar,lat,lon\ngeonames:1,x,y,1,2\n".encode(), "unknown column"),
    ("few.csv", "id,outlet\nteam-x,o\n".encode(), "missing column(s): event_type"),
    ("doubled.csv", ("id,id," + ",".join(FIELDS[1:]) + "\n").encode(), "repeated column"),
    ("broken.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ("list.json", b"[1, 2, 3]", "not a GeoJSON FeatureCollection"),
    ("other.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"}, "geometry": None}]}).encode(), "unknown column"),
]


@pytest.mark.parametrize("name,data,expected", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_is_a_clear_error_and_changes_nothing(tmp_path, store, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    before = store.count_events()
    with pytest.raises(ImportFormatError, match=re.escape(expected)) as caught:
        import_file(path, store, places_by_id(), USER)
    assert name in str(caught.value)
    assert store.count_events() == before


BAD_ROWS = [
    ("event_type", lambda r: r.update(event_type="bogus")),
    ("date_start", lambda r: r.update(date_start="2 March 2017")),
    ("origin", lambda r: r.update(origin="local:nowhere-known")),
    ("count_min", lambda r: r.update(count_min="many")),
    ("status", lambda r: r.update(status="curated")),
    ("id", lambda r: r.update(id="team-point0002")),          # same id as the next row
    ("quote_ar", lambda r: r.update(quote_ar="")),
    # The entry form's own refusals (tests/atlas/test_bad_inputs.py), met again on import:
    ("date_end", lambda r: r.update(date_end="2017-03-01")),                  # end before start
    ("date_precision", lambda r: r.update(date_end="2017-03-09")),            # a week is not a day
    ("count_min", lambda r: r.update(count_min="40", count_max="30")),
    ("count_min", lambda r: r.update(count_min="-4")),
    ("count_unit", lambda r: r.update(count_unit="")),
    ("paid_usd_min", lambda r: r.update(paid_usd_min="$ lots")),
    ("url", lambda r: r.update(url="javascript:alert(document.cookie)")),
    ("seed", lambda r: r.update(url="", seed="")),                             # no source (URL or seed file)
    ("outlet", lambda r: r.update(outlet="")),
    ("summary_en", lambda r: r.update(summary_en="  ")),
    ("confidence", lambda r: r.update(confidence="certain")),
    ("dispute_note", lambda r: r.update(disputed="true", dispute_note="", related="")),
    ("location", lambda r: r.update(origin="", via="", destination="", location="")),
    ("destination", lambda r: r.update(destination="Idlib")),                 # a name, not a gazetteer id
]


@pytest.mark.parametrize("writer", [write_csv, write_geojson], ids=["csv", "geojson"])
@pytest.mark.parametrize("field,spoil", BAD_ROWS, ids=[f"{n}-{b[0]}" for n, b in enumerate(BAD_ROWS)])
def test_each_bad_row_is_rejected_with_row_and_field_and_the_rest_added(tmp_path, store, writer, field, spoil):
    rows = records()
    spoiled = dict(rows[0])
    spoil(spoiled)
    rows = [rows[1], spoiled, rows[2]] if field == "id" else [spoiled, rows[1], rows[2]]
    suffix = ".csv" if writer is write_csv else ".geojson"
    report = import_file(writer(tmp_path / f"in{suffix}", rows), store, places_by_id(), USER)
    bad_position = 2 if field == "id" else 1             # 1-based position among the data rows
    expected_row = bad_position + 1 if writer is write_csv else bad_position   # CSV: header is row 1
    assert [(r.row, r.field) for r in report.rejected] == [(expected_row, field)]
    assert f"field '{field}'" in str(report.rejected[0]) and str(expected_row) in str(report.rejected[0])
    assert len(report.added) == 2
    assert store.count_events() == 2
    assert {e.id for e in store.list_events(include_retracted=True)} == {e.id for e in report.added}


def test_row_with_wrong_cell_count_is_rejected(tmp_path, store):
    path = write_csv(tmp_path / "in.csv", records())
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path.write_text(lines[0] + "team-short,exit\r\n" + "".join(lines[1:]), encoding="utf-8-sig")
    report = import_file(path, store, places_by_id(), USER)
    assert [(r.row, r.field) for r in report.rejected] == [(2, "(row)")]
    assert len(report.added) == 3


def test_ids_already_in_the_store_are_rejected_not_overwritten(tmp_path, store):
    path = write_csv(tmp_path / "in.csv", records())
    first = import_file(path, store, places_by_id(), USER)
    second = import_file(path, store, places_by_id(), USER)
    assert len(first.added) == 3 and not first.rejected
    assert not second.added
    assert [r.field for r in second.rejected] == ["id"] * 3
    assert store.count_events() == 3


@pytest.mark.parametrize("writer", [write_csv, write_geojson], ids=["csv", "geojson"])
def test_imported_events_equal_the_originals(tmp_path, store, writer):
    originals = sorted((e.replace(added_by=USER) for e in sample_events()), key=lambda e: e.id)
    path = writer(tmp_path / ("in.csv" if writer is write_csv else "in.geojson"), [e.to_record() for e in originals])
    report = import_file(path, store, places_by_id(), USER)
    assert not report.rejected
    assert sorted(store.list_events(include_retracted=True), key=lambda e: e.id) == originals


def test_places_added_to_the_store_count_as_known(tmp_path, store):
    local = sample_places()[0].__class__(
        id="local:test-quarter", name_en="Test quarter", name_ar="حي تجريبي", kind="neighbourhood",
        lat=sample_places()[0].lat, lon=sample_places()[0].lon, precision="settlement", uncertainty_m=3000.0,
        coord_source="test: the point of its parent city (Damascus, GeoNames)", parent_id="geonames:170654")
    store.add_place(local, USER)
    event = sample_events()[1].replace(location=local.id)
    raw = read_records(write_csv(tmp_path / "in.csv", [event.to_record()]).read_bytes(), "in.csv")
    assert validate_records(raw, places_by_id())[1][0].field == "location"
    valid, rejected = validate_records(raw, KnownPlaces(places_by_id(), store))
    assert not rejected and valid[0][1] == event


def test_geojson_entry_that_is_not_a_feature_is_rejected_by_number(tmp_path, store):
    features = [{"type": "Feature", "geometry": None, "properties": r} for r in records()]
    features.insert(1, "not a feature")
    path = tmp_path / "in.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    report = import_file(path, store, places_by_id(), USER)
    assert [(r.unit, r.row, r.field) for r in report.rejected] == [("feature", 2, "(row)")]
    assert str(report.rejected[0]).startswith("feature 2")
    assert len(report.added) == 3
