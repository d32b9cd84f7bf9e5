"""Several sources per event: the value type, corroboration, conflicting figures and the curated sources table."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.curated import load_curated, read_sources
from events.exc import EventTableError, EventValidationError
from events.schema import FIELDS, Event
from events.sources import (SOURCE_COLUMNS, EventSource, all_sources, corroboration, figure_conflicts, parse_sources,
                            sources_json)
from events.vocabulary import SOURCE_STANCES
from tests.support.curated_data import write_events_csv

QUOTE = "خرج 8 عناصر"


def _event(**fields) -> Event:
    base = dict(id="e1", event_type="exit", seed="", url="https://example.org/a", outlet="Eqtsad (اقتصاد)",
                quote_ar=QUOTE, summary_en="Eight left.", location="local:al-qadam", count_min=8, count_max=8,
                count_unit="fighters", date_start="2017-12-14", date_end="2017-12-14", date_precision="day")
    return Event(**{**base, **fields})


def test_the_sources_field_is_kept_out_of_the_flat_record():
    event = _event(sources=(EventSource("Human Voice", quote=QUOTE),))
    assert "sources" not in FIELDS and "sources" not in event.to_record()
    assert Event.from_record(event.to_record()).sources == ()


@pytest.mark.parametrize("fields, field", [
    (dict(outlet=""), "outlet"),
    (dict(outlet="X", stance="agrees", quote="q"), "stance"),
    (dict(outlet="X"), "quote"),
    (dict(outlet="X", url="ftp://x"), "url"),
    (dict(outlet="X", quote="q", published="14/12/2017"), "published"),
    (dict(outlet="X", quote="q", date_start="2017-12-14"), "date_end"),
    (dict(outlet="X", quote="q", date_start="2017-12-14", date_end="2017-12-01"), "date_end"),
    (dict(outlet="X", quote="q", count_min=3), "count_unit"),
    (dict(outlet="X", quote="q", count_min=9, count_max=3, count_unit="people"), "count_min"),
    (dict(outlet="X", quote="q", count_max=3, count_unit="people"), "count_min"),
    (dict(outlet="X", quote="q", count_min=-1, count_unit="people"), "count_min"),
    (dict(outlet="X", quote="q", paid_usd_min=20_000_000_000), "paid_usd_min"),
    (dict(outlet="X\x00", quote="q"), "outlet"),
    (dict(outlet="X", quote="q", note="n" * 5_001), "note"),
])
def test_a_bad_source_names_its_field(fields, field):
    with pytest.raises(EventValidationError) as caught:
        EventSource(**fields)
    assert caught.value.field == field


def test_an_event_refuses_what_is_not_a_source():
    with pytest.raises(EventValidationError) as caught:
        _event(sources=({"outlet": "X"},))
    assert caught.value.field == "sources"


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
@st.composite
def sources(draw):
    start = draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
    end = None if start is None else start + dt.timedelta(days=draw(st.integers(0, 60)))
    low = draw(st.none() | st.integers(0, 1000))
    return EventSource(outlet=draw(TEXT.filter(lambda t: t.strip())).strip(), stance=draw(st.sampled_from(SOURCE_STANCES)),
                       quote=draw(TEXT.filter(lambda t: t.strip())), note=draw(TEXT).strip(), date_start=start,
                       date_end=end, count_min=low, count_max=None if low is None else low + draw(st.integers(0, 9)),
                       count_unit="" if low is None else "people", published=draw(st.sampled_from(["", "2017-12-14"])))


@given(st.lists(sources(), max_size=4))
def test_sources_round_trip_through_json(made):
    """What an export writes (a JSON cell) reads back as the same sources: Arabic, quotes, controls aside."""
    assert parse_sources(sources_json(made)) == tuple(made)


@pytest.mark.parametrize("value", ["not json", "{}", "[1, 2]", '[{"outlet": ""}]', '[{"colour": "red"}]'])
def test_a_bad_sources_cell_is_refused(value):
    with pytest.raises(EventValidationError) as caught:
        parse_sources(value)
    assert caught.value.field == "sources"


@pytest.mark.parametrize("sources, cited, expected", [
    ((), "", 1),
    ((EventSource("Human Voice", "confirms", quote=QUOTE),), "", 2),
    ((EventSource("human  VOICE", "confirms", quote=QUOTE), EventSource("Human Voice", "reports", quote=QUOTE)), "", 2),
    ((EventSource("Orient", "denies", quote=QUOTE), EventSource("Manar", "claims", quote=QUOTE)), "", 1),
    ((EventSource("Shaam", "confirms", quote=QUOTE, cited_outlet="Rabie Thawra"),), "Rabie Thawra", 1),
    ((EventSource("Shaam", "confirms", quote=QUOTE, cited_outlet="Rabie Thawra"),), "", 2),
])
def test_corroboration_counts_independent_outlets_that_support(sources, cited, expected):
    assert corroboration(_event(sources=sources, cited_outlet=cited)) == expected


def test_conflicting_figures_stay_side_by_side_with_their_sources():
    nine = EventSource("Al-Araby", "confirms", quote=QUOTE, count_min=9, count_max=9, count_unit="fighters",
                       date_start="2017-12-13", date_end="2017-12-14")
    silent = EventSource("Human Voice", "confirms", quote=QUOTE)
    event = _event(sources=(nine, silent))
    conflicts = figure_conflicts(event)
    assert [(text, source.outlet) for text, source in conflicts["count"]] == [
        ("8 fighters", "Eqtsad (اقتصاد)"), ("9 fighters", "Al-Araby")]
    assert [text for text, _ in conflicts["date"]] == ["2017-12-14", "2017-12-13 – 2017-12-14"]
    assert "paid_usd" not in conflicts
    assert all_sources(event)[0].outlet == event.outlet and all_sources(event)[1:] == (nine, silent)


def test_agreeing_sources_are_no_conflict():
    same = EventSource("Human Voice", "confirms", quote=QUOTE, count_min=8, count_max=8, count_unit="fighters")
    assert figure_conflicts(_event(sources=(same,))) == {}


# -- the curated sources table ---------------------------------------------------------------------------
def test_the_shipped_sources_load_with_their_events(curated_events):
    with_sources = {e.id: e for e in curated_events if e.sources}
    assert {"s000-07", "s001-01"} <= set(with_sources)
    assert corroboration(with_sources["s001-01"]) == 3
    assert {text for text, _ in figure_conflicts(with_sources["s001-01"])["count"]} == {"8 fighters", "9 fighters"}
    assert corroboration(with_sources["s000-07"]) == 2, "a report citing Rabie Thawra again is not a new voice"


def _table(tmp_path, source_rows):
    records = [dict(id="s000-07", event_type="arrest", seed="000_ec430bedb0e7b054.txt", outlet="Shaam",
                    quote_ar="اعتقال الجهاز الأمني للتنظيم سبعة عناصر", summary_en="s", location="local:barada-factory")]
    table = write_events_csv(tmp_path / "events.csv", records)
    with (tmp_path / "event_sources.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SOURCE_COLUMNS)
        writer.writeheader()
        writer.writerows({name: row.get(name, "") for name in SOURCE_COLUMNS} for row in source_rows)
    return table


def test_a_table_and_the_sources_beside_it_load_together(tmp_path, small_gazetteer, seeds_dir):
    table = _table(tmp_path, [dict(event_id="s000-07", outlet="Al-Watan", stance="confirms", quote="8 مسلحين",
                                   count_min="8", count_max="8", count_unit="fighters")])
    [event] = load_curated(table, small_gazetteer, seeds_dir=seeds_dir)
    assert event.sources == (EventSource("Al-Watan", "confirms", quote="8 مسلحين", count_min=8, count_max=8,
                                         count_unit="fighters"),)


@pytest.mark.parametrize("row, field", [
    (dict(event_id="s999-01", outlet="X", quote="q"), "event_sources.csv:event_id"),
    (dict(event_id="s000-07", outlet="X", quote="q", stance="maybe"), "event_sources.csv:stance"),
    (dict(event_id="s000-07", outlet="X", quote="not in the seed", seed="000_ec430bedb0e7b054.txt"),
     "event_sources.csv:quote"),
])
def test_a_bad_sources_row_is_named_with_its_row_and_field(tmp_path, small_gazetteer, seeds_dir, row, field):
    table = _table(tmp_path, [dict(event_id="s000-07", outlet="ok", quote="q"), row])
    with pytest.raises(EventTableError) as caught:
        load_curated(table, small_gazetteer, seeds_dir=seeds_dir)
    [problem] = caught.value.errors
    assert (problem.row, problem.field) == (3, field)


def test_no_sources_file_means_no_further_sources(tmp_path):
    assert read_sources(tmp_path / "event_sources.csv", {"a"}) == ({}, [])
