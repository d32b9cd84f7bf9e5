"""The curated-table loader on tables built in tmp_path: good rows load, each bad row is named."""
from __future__ import annotations

import pytest

from tests.support.curated_data import read_curated_records, write_events_csv
from events.curated import load_curated, quote_passages
from events.exc import EventTableError
from events.schema import Event

SEED = "000_ec430bedb0e7b054.txt"
SEED_TEXT_PASSAGE = "خرجوا فجر الخميس ووصلوا عند المغرب تقريباً إلى محافظة إدلب"


def good_record(**changes) -> dict:
    record = {
        "id": "t-01", "event_type": "exit", "seed": SEED, "outlet": "Shaam Network (شبكة شام)",
        "quote_ar": SEED_TEXT_PASSAGE, "summary_en": "Four people reached Idlib (test row).",
        "date_start": "2017-12-28", "date_end": "2017-12-28", "date_precision": "day",
        "origin": "local:southern-damascus", "via": "local:barada-factory", "destination": "geonames:169387",
        "outcome": "arrived", "count_min": "4", "count_max": "4", "count_unit": "people",
        "names": "A (أ)|B (ب)", "paid_usd_min": "4000", "paid_usd_max": "", "confidence": "medium",
        "disputed": "false", "status": "curated",
    }
    record.update(changes)
    return record


def load(tmp_path, records, gazetteer, seeds_dir):
    return load_curated(write_events_csv(tmp_path / "events.csv", records), gazetteer, seeds_dir=seeds_dir)


def test_good_table_loads(tmp_path, small_gazetteer, seed_texts):
    events = load(tmp_path, [good_record(), good_record(id="t-02", related="t-01")], small_gazetteer,
                  seeds_dir=None)
    assert [e.id for e in events] == ["t-01", "t-02"]
    assert events[0].paid_usd_min == 4000 and events[0].paid_usd_max is None
    assert events[0].names == ("A (أ)", "B (ب)")


@pytest.mark.parametrize("changes, field", [
    ({"event_type": "escape"}, "event_type"),
    ({"date_start": "28/12/2017"}, "date_start"),
    ({"date_end": "2017-12-27"}, "date_end"),
    ({"date_end": "2017-12-30"}, "date_precision"),              # a 3-day window cannot be day precision
    ({"date_precision": "month", "date_start": "", "date_end": ""}, "date_start"),
    ({"date_precision": "unknown", "date_end": ""}, "date_end"),
    ({"count_min": "9", "count_max": "4"}, "count_min"),
    ({"count_min": "", "count_max": "4"}, "count_min"),
    ({"count_min": "four"}, "count_min"),
    ({"count_unit": ""}, "count_unit"),
    ({"paid_usd_min": "-1"}, "paid_usd_min"),
    ({"outlet": ""}, "outlet"),
    ({"summary_en": " "}, "summary_en"),
    ({"origin": "Damascus"}, "origin"),
    ({"origin": "", "destination": "", "via": ""}, "location"),
    ({"outcome": "escaped"}, "outcome"),
    ({"confidence": "certain"}, "confidence"),
    ({"disputed": "true"}, "dispute_note"),
    ({"disputed": "maybe"}, "disputed"),
    ({"id": "bad id"}, "id"),
    ({"related": "t-99"}, "related"),
    ({"destination": "geonames:170654"}, "destination"),          # a well-formed id the gazetteer lacks
    ({"quote_ar": "نص غير موجود في التقرير"}, "quote_ar"),
    ({"seed": "999_missing.txt"}, "seed"),
])
def test_bad_row_is_named_by_row_and_field(tmp_path, small_gazetteer, seeds_dir, changes, field):
    records = [good_record(), good_record(**{"id": "t-02", **changes})]
    with pytest.raises(EventTableError) as caught:
        load(tmp_path, records, small_gazetteer, seeds_dir)
    errors = caught.value.errors
    assert [(e.row, e.field) for e in errors] == [(3, field)]
    assert "row 3" in str(caught.value) and f"field '{field}'" in str(caught.value)


def test_every_bad_row_is_reported_in_one_run(tmp_path, small_gazetteer, seeds_dir):
    records = [good_record(event_type="escape"), good_record(id="t-02"), good_record(id="t-03", outcome="x"),
               good_record(id="t-04", location="local:nowhere")]
    with pytest.raises(EventTableError) as caught:
        load(tmp_path, records, small_gazetteer, seeds_dir)
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "event_type"), (4, "outcome"), (5, "location")]


def test_place_and_quote_errors_are_collected_together(tmp_path, small_gazetteer, seeds_dir):
    records = [good_record(location="local:nowhere"), good_record(id="t-02", quote_ar="ليس في التقرير")]
    with pytest.raises(EventTableError) as caught:
        load(tmp_path, records, small_gazetteer, seeds_dir)
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "location"), (3, "quote_ar")]


def test_duplicate_id_names_the_first_row(tmp_path, small_gazetteer):
    with pytest.raises(EventTableError) as caught:
        load(tmp_path, [good_record(), good_record()], small_gazetteer, seeds_dir=None)
    (error,) = caught.value.errors
    assert (error.row, error.field) == (3, "id") and "row 2" in error.message


@pytest.mark.parametrize("header_change, expected", [
    (lambda h: h.replace("summary_en", "summary"), "summary_en"),
    (lambda h: h + ",extra", "extra"),
])
def test_bad_header_names_the_column(tmp_path, small_gazetteer, header_change, expected):
    path = write_events_csv(tmp_path / "events.csv", [good_record()])
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header_change(lines[0]) + "\n" + lines[1], encoding="utf-8")
    with pytest.raises(EventTableError) as caught:
        load_curated(path, small_gazetteer, seeds_dir=None)
    assert caught.value.errors[0].field == "header" and expected in str(caught.value)


@pytest.mark.parametrize("quote, parts", [
    ("أ", ["أ"]),
    ("أ … ب", ["أ", "ب"]),
    ("أ … ب … ج", ["أ", "ب", "ج"]),
])
def test_quote_passages_split_on_the_separator(quote, parts):
    assert quote_passages(quote) == parts


def test_curated_table_round_trips_through_records(tmp_path, gazetteer, seeds_dir):
    """load -> to_record -> CSV -> load gives the same events (the table is its own format)."""
    original = [Event.from_record(r) for r in read_curated_records()]
    again = load(tmp_path, [e.to_record() for e in original], gazetteer, seeds_dir)
    assert again == original


def test_a_link_to_an_invalid_row_is_not_reported_twice(tmp_path, small_gazetteer):
    records = [good_record(event_type="escape"), good_record(id="t-02", related="t-01")]
    with pytest.raises(EventTableError) as caught:
        load(tmp_path, records, small_gazetteer, seeds_dir=None)
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "event_type")]


def test_a_row_with_surplus_cells_is_named(tmp_path, small_gazetteer):
    path = write_events_csv(tmp_path / "events.csv", [good_record(), good_record(id="t-02")])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:-1], lines[-1] + ",surplus"]) + "\n", encoding="utf-8")
    with pytest.raises(EventTableError) as caught:
        load_curated(path, small_gazetteer, seeds_dir=None)
    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "row")]


def test_files_stamp_changes_when_the_table_or_a_seed_changes(tmp_path):
    """The dashboard keeps the loaded table until this stamp changes: an edit to any file must change it."""
    import os
    from events.curated import files_stamp, sources_csv_for
    table, seeds = tmp_path / "events.csv", tmp_path / "seeds"
    seeds.mkdir()
    table.write_text("id\n", encoding="utf-8")
    (seeds / "000.txt").write_text("نص", encoding="utf-8")
    stamp = files_stamp(table, seeds_dir=seeds)
    assert files_stamp(table, seeds_dir=seeds) == stamp
    for path, text in ((table, "id\nx\n"), (seeds / "000.txt", "نص آخر")):
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(10**18, 10**18))          # a new time even on coarse file-system clocks
        assert files_stamp(table, seeds_dir=seeds) != stamp
        stamp = files_stamp(table, seeds_dir=seeds)
    (seeds / "001.txt").write_text("جديد", encoding="utf-8")
    assert files_stamp(table, seeds_dir=seeds) != stamp
    missing = tmp_path / "missing.csv"
    assert files_stamp(missing, seeds_dir=None) == ((str(missing), None, None),
                                                    (str(sources_csv_for(missing)), None, None))
