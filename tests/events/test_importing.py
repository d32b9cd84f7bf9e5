"""Import of our own CSV / GeoJSON exports: a whole file or nothing, every bad row named by its line.

Whole-file problems (encoding, shape, size, nesting) are ImportFormatError; bad rows are all
listed (CSV: the physical line where the row starts, header = 1; GeoJSON: the feature number);
in both cases nothing is written. A valid file is written in one transaction.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from atlas.exc import DuplicateIdError
from atlas.store import BATCH_SIZE
from atlas.exports import EXPORTERS, Briefing
from events.csv_format import COLUMNS, neutralise_cell
from events.import_files import ImportFormatError, ImportLimits, read_records
from events.importing import KnownPlaces, import_bytes, import_file, import_stream, validate_records
from events.schema import FIELDS
from tests.support.exports_data import with_drafts

USER = "importer@example.org"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import-example.csv"


def csv_text(records, columns=COLUMNS) -> tuple[str, list[int]]:
    """The CSV an export would write, and the physical line (header = 1) where each record starts,
    counted from the text written: every line break holds one '\\n', inside a quoted cell or not."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    starts = []
    for record in records:
        starts.append(buffer.getvalue().count("\n") + 1)
        writer.writerow({k: neutralise_cell(record.get(k)) for k in columns})
    return buffer.getvalue(), starts


def write_csv(path, records, columns=COLUMNS):
    path.write_bytes(csv_text(records, columns)[0].encode("utf-8-sig"))
    return path


def write_geojson(path, records):
    features = [{"type": "Feature", "geometry": None, "properties": r} for r in records]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def stored_ids(store) -> set[str]:
    return {e.id for e in store.list_events(include_drafts=True, include_retracted=True)}


MALFORMED = [
    ("latin1.csv", (",".join(FIELDS) + "\r\nteam-x,exit\r\nteam-y,caf\xe9\r\n").encode("latin-1"),
     "not UTF-8 text (a bad byte on line 3)"),
    ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
    ("nul.csv", b"id,event_type\x00\n", "NUL"),
    ("empty.csv", b"\xef\xbb\xbf  \n", "empty"),
    ("empty.geojson", b"", "empty"),
    ("places.csv", "id,name_en,name_ar,lat,lon\ngeonames:1,x,y,1,2\n".encode(), "unknown column"),
    ("few.csv", "id,outlet\nteam-x,o\n".encode(), "missing column(s): event_type"),
    ("doubled.csv", ("id,id," + ",".join(FIELDS[1:]) + "\n").encode(), "repeated column"),
    ("unclosed.csv", (",".join(FIELDS) + '\r\nteam-x,exit,"' + "a" * 200_000).encode(), "line 2: not a readable CSV"),
    ("broken.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ("trailing.geojson", b'{"type": "FeatureCollection", "features": []} {"x": 1}', "not valid JSON"),
    ("latin1.geojson", b'{"type": "FeatureCollection", "features": [{"properties": {"id": "caf\xe9"}}]}',
     "not UTF-8"),
    ("list.json", b"[1, 2, 3]", "not a GeoJSON FeatureCollection"),
    ("no-features.geojson", b'{"type": "FeatureCollection"}', "not a GeoJSON FeatureCollection"),
    ("feature.geojson", b'{"type": "Feature", "features": []}', "not a GeoJSON FeatureCollection"),
    ("other.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"}, "geometry": None}]}).encode(), "unknown column"),
]


@pytest.mark.parametrize("name,data,expected", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_is_a_clear_error_and_changes_nothing(tmp_path, import_store, sample_places_by_id,
                                                             name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFormatError, match=re.escape(expected)) as caught:
        import_file(path, import_store, sample_places_by_id, USER)
    assert name in str(caught.value)
    assert import_store.count_events() == 0


BAD_ROWS = [
    ("event_type", lambda r: r.update(event_type="bogus")),
    ("date_start", lambda r: r.update(date_start="2 March 2017")),
    ("origin", lambda r: r.update(origin="local:nowhere-known")),
    ("count_min", lambda r: r.update(count_min="many")),
    ("count_min", lambda r: r.update(count_min="1e30")),                      # the events.limits maximum
    ("paid_usd_max", lambda r: r.update(paid_usd_min="1", paid_usd_max="1000000001")),
    ("notes", lambda r: r.update(notes="n" * 20_001)),
    ("notes", lambda r: r.update(notes="a NUL \x00 here")),
    ("status", lambda r: r.update(status="curated")),
    ("status", lambda r: r.update(status="retracted")),                       # the store's own refusal
    ("id", lambda r: r.update(id="team-point0002")),          # same id as the next row
    ("id", lambda r: r.update(id="s000-01")),                 # not a team id: the store's refusal
    ("quote_ar", lambda r: r.update(quote_ar="")),
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


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
@pytest.mark.parametrize("field,spoil", BAD_ROWS, ids=[f"{n}-{b[0]}" for n, b in enumerate(BAD_ROWS)])
def test_one_bad_row_is_named_and_nothing_is_written(tmp_path, import_store, team_sample, sample_places_by_id,
                                                     fmt, field, spoil):
    rows = [e.to_record() for e in team_sample]
    spoiled = dict(rows[0])
    spoil(spoiled)
    rows = [rows[1], spoiled, rows[2]] if spoiled["id"] == "team-point0002" else [spoiled, rows[1], rows[2]]
    writer = write_csv if fmt == "csv" else write_geojson
    report = import_file(writer(tmp_path / f"in.{fmt}", rows), import_store, sample_places_by_id, USER,
                         allow_self_review=True)
    position = rows.index(spoiled) + 1                          # 1-based among the data rows
    expected = (position + 1, "line") if fmt == "csv" else (position, "feature")   # CSV: header is line 1
    assert [(r.row, r.unit, r.field) for r in report.rejected] == [(*expected, field)]
    assert str(report.rejected[0]).startswith(f"{expected[1]} {expected[0]}") and f"field '{field}'" in \
        str(report.rejected[0])
    assert report.added == ()
    assert "nothing was imported: 1 row(s) rejected" in report.summary()
    assert import_store.count_events() == 0


def many_records(team_sample, count: int) -> list[dict]:
    """``count`` valid drafts, every third one with a note over several lines ('\\n' and '\\r\\n')."""
    base = team_sample[0].to_record()
    records = []
    for n in range(count):
        notes = "" if n % 3 else "first line\nsecond line" + "\r\nthird line" * (n % 2)
        records.append({**base, "id": f"team-many{n:06d}", "notes": notes})
    return records


BAD_AT = {7: ("count_min", "-1"), 10: ("date_start", "yesterday"), 150: ("outlet", ""),
          151: ("event_type", "bogus"), 298: ("notes", "x" * 20_001)}


def test_every_bad_row_among_many_is_listed_with_its_physical_line(tmp_path, import_store, team_sample,
                                                                   sample_places_by_id):
    records = many_records(team_sample, 300)
    for index, (field, value) in BAD_AT.items():
        records[index][field] = value
    text, starts = csv_text(records)
    assert text.count("\n") > len(records) + 100          # many rows span several lines before the bad ones
    path = tmp_path / "many.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    report = import_file(path, import_store, sample_places_by_id, USER)
    assert [(r.row, r.field, r.event_id) for r in report.rejected] == [
        (starts[index], field, records[index]["id"]) for index, (field, _) in BAD_AT.items()]
    # the bad rows 7 and 10 follow rows with a two-line (6) and a three-line (9) note
    assert (starts[7] - starts[6], starts[10] - starts[9]) == (2, 3)
    assert report.added == () and import_store.count_events() == 0


def test_every_bad_feature_is_listed_by_number(tmp_path, import_store, team_sample, sample_places_by_id):
    records = many_records(team_sample, 40)
    records[3]["count_min"] = "-1"
    records[30]["origin"] = "geonames:0"
    features = [{"type": "Feature", "geometry": None, "properties": r} for r in records]
    features.insert(10, "not a feature")
    path = tmp_path / "many.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    report = import_file(path, import_store, sample_places_by_id, USER)
    assert [(r.unit, r.row, r.field) for r in report.rejected] == [
        ("feature", 4, "count_min"), ("feature", 11, "(row)"), ("feature", 32, "origin")]
    assert import_store.count_events() == 0


def test_a_valid_file_is_written_in_one_transaction(tmp_path, import_store, team_sample, sample_places_by_id):
    records = many_records(team_sample, 2 * BATCH_SIZE + 7)
    path = write_csv(tmp_path / "many.csv", records)
    import_store.count_events()                                # migrated before we count commits
    commits = []

    def count(_conn):
        commits.append(1)

    sa.event.listen(import_store._engine, "commit", count)
    try:
        report = import_file(path, import_store, sample_places_by_id, USER)
    finally:
        sa.event.remove(import_store._engine, "commit", count)
    assert not report.rejected and len(report.added) == len(records)
    assert len(commits) == 1
    assert stored_ids(import_store) == {r["id"] for r in records}
    history = import_store.history(records[-1]["id"])
    assert [(h.action, h.changed_by, h.version) for h in history] == [("create", USER, 1)]


def test_a_failure_while_writing_rolls_back_every_batch(tmp_path, import_store, team_sample, sample_places_by_id):
    """An id taken after the check pass (here: a check that did not know it) fails the write after
    two full batches went in: the transaction leaves nothing of them."""
    records = many_records(team_sample, 2 * BATCH_SIZE + 7)
    taken = team_sample[2].replace(id=records[-1]["id"])
    import_store.add_event(taken, "someone")
    path = write_csv(tmp_path / "many.csv", records)
    with pytest.raises(DuplicateIdError, match=records[-1]["id"]):
        import_file(path, import_store, sample_places_by_id, USER, existing_ids=())
    assert stored_ids(import_store) == {taken.id}


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_imported_events_equal_the_originals(tmp_path, import_store, team_sample, sample_places_by_id, fmt):
    originals = sorted((e.replace(added_by=USER) for e in team_sample), key=lambda e: e.id)
    writer = write_csv if fmt == "csv" else write_geojson
    path = writer(tmp_path / f"in.{fmt}", [e.to_record() for e in originals])
    report = import_file(path, import_store, sample_places_by_id, USER, allow_self_review=True)
    assert not report.rejected and report.added == tuple(e.id for e in originals)
    assert sorted(import_store.list_events(include_retracted=True), key=lambda e: e.id) == originals


def test_verified_rows_are_four_eyes_refusals_unless_self_review_is_allowed(tmp_path, import_store, team_sample,
                                                                           sample_places_by_id):
    path = write_csv(tmp_path / "in.csv", [e.to_record() for e in team_sample])
    report = import_file(path, import_store, sample_places_by_id, USER)
    verified = next(e for e in team_sample if e.status == "verified")
    assert [(r.row, r.field, r.event_id) for r in report.rejected] == [(2 + team_sample.index(verified), "status",
                                                                        verified.id)]
    assert "another editor must verify it" in report.rejected[0].message
    assert import_store.count_events() == 0
    assert len(import_file(path, import_store, sample_places_by_id, USER, allow_self_review=True).added) == 3


def test_ids_already_in_the_store_are_rejected_not_overwritten(tmp_path, import_store, team_sample,
                                                                sample_places_by_id):
    path = write_csv(tmp_path / "in.csv", [e.to_record() for e in team_sample])
    first = import_file(path, import_store, sample_places_by_id, USER, allow_self_review=True)
    second = import_file(path, import_store, sample_places_by_id, USER, allow_self_review=True)
    assert len(first.added) == 3 and not first.rejected
    assert not second.added
    assert [(r.row, r.field) for r in second.rejected] == [(2, "id"), (3, "id"), (4, "id")]
    assert import_store.count_events() == 3


def test_places_added_to_the_store_count_as_known(tmp_path, import_store, team_sample, sample_places_by_id):
    damascus = sample_places_by_id["geonames:170654"]
    local = damascus.__class__(
        id="local:test-quarter", name_en="Test quarter", name_ar="حي تجريبي", kind="neighbourhood",
        lat=damascus.lat, lon=damascus.lon, precision="settlement", uncertainty_m=3000.0,
        coord_source="test: the point of its parent city (Damascus, GeoNames)", parent_id="geonames:170654")
    import_store.add_place(local, USER)
    event = team_sample[1].replace(location=local.id)
    raw = read_records(write_csv(tmp_path / "in.csv", [event.to_record()]).read_bytes(), "in.csv")
    assert validate_records(raw, sample_places_by_id)[1][0].field == "location"
    valid, rejected = validate_records(raw, KnownPlaces(sample_places_by_id, import_store))
    assert not rejected and valid[0][1] == event


# -- limits: size and nesting ----------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_naming_the_setting(tmp_path, import_store, team_sample,
                                                                 sample_places_by_id):
    drafts = [e.to_record() for e in team_sample if e.status == "draft"]
    path = write_csv(tmp_path / "in.csv", drafts)
    size = path.stat().st_size
    with pytest.raises(ImportFormatError, match=f"{size:,} bytes.*ATLAS_IMPORT_MAX_BYTES"):
        import_file(path, import_store, sample_places_by_id, USER, limits=ImportLimits(max_bytes=size - 1))
    assert import_store.count_events() == 0
    with pytest.raises(ImportFormatError, match="ATLAS_IMPORT_MAX_BYTES"):
        import_bytes(path.read_bytes(), "in.csv", import_store, sample_places_by_id, USER,
                     limits=ImportLimits(max_bytes=size - 1))
    assert len(import_file(path, import_store, sample_places_by_id, USER,
                           limits=ImportLimits(max_bytes=size)).added) == 2


@pytest.mark.parametrize("where", ["geometry", "properties", "top"])
def test_deeply_nested_geojson_is_a_clear_error_not_a_recursion_error(tmp_path, import_store, team_sample,
                                                                      sample_places_by_id, where):
    bomb = "[" * 200_000 + "]" * 200_000
    record = json.dumps(team_sample[0].to_record())
    feature = {"geometry": f'{{"type": "Point", "coordinates": {bomb}}}', "properties": record,
               "top": "null"}
    properties = record[:-1] + f', "notes": {bomb}}}' if where == "properties" else record
    extra = f', "bbox": {bomb}' if where == "top" else ""
    text = (f'{{"type": "FeatureCollection"{extra}, "features": [{{"type": "Feature", "geometry": '
            f'{feature["geometry"] if where == "geometry" else "null"}, "properties": {properties}}}]}}')
    path = tmp_path / "bomb.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFormatError, match="nested deeper than 32 levels.*ATLAS_IMPORT_MAX_DEPTH"):
        import_file(path, import_store, sample_places_by_id, USER)
    assert import_store.count_events() == 0


def test_the_depth_limit_counts_levels_exactly(tmp_path, import_store, team_sample, sample_places_by_id):
    """A route feature nests 6 levels (collection, features, feature, geometry, coordinates, point)."""
    route = team_sample[0]
    data = EXPORTERS["geojson"].render(with_drafts([route], sample_places_by_id))
    assert json.loads(data)["features"][0]["geometry"]["type"] == "LineString"
    with pytest.raises(ImportFormatError, match="deeper than 5 levels"):
        import_bytes(data, "route.geojson", import_store, sample_places_by_id, USER,
                     limits=ImportLimits(max_depth=5))
    assert import_bytes(data, "route.geojson", import_store, sample_places_by_id, USER,
                        limits=ImportLimits(max_depth=6)).added == (route.id,)


def test_a_stream_is_read_twice_and_left_open(import_store, team_sample, sample_places_by_id):
    drafts = [e.to_record() for e in team_sample if e.status == "draft"]
    stream = io.BytesIO(csv_text(drafts)[0].encode("utf-8-sig"))
    report = import_stream(stream, "upload.csv", import_store, sample_places_by_id, USER)
    assert len(report.added) == 2 and not stream.closed


# -- the worked example (README, docs/EXPORTS.md) -----------------------------------------------------

def test_the_worked_example_imports_and_is_in_the_export_format(tmp_path, import_store):
    from geodata.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    report = import_file(EXAMPLE, import_store, gazetteer, "analyst@example.org")
    assert not report.rejected and len(report.added) == 3
    assert "\n" in import_store.get_event(report.added[0]).notes          # a multi-line cell, kept
    again = EXPORTERS["csv"].render(with_drafts(import_store.list_events(include_drafts=True), gazetteer))
    assert again == EXAMPLE.read_bytes()
    readme = (EXAMPLE.parents[2] / "README.md").read_text(encoding="utf-8")
    assert "docs/examples/import-example.csv" in readme
