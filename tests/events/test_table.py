"""EventTable, the columnar form of many events: the same events back, and every filter keeps exactly what
EventFilter.apply keeps on the events themselves."""
import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.exc import EventValidationError
from events.filters import EventFilter
from events.schema import FIELDS
from events.sources import EventSource
from events.table import EventTable, date_span
from events.filters import date_span as object_date_span
from events.vocabulary import EVENT_TYPES, OUTCOMES, PLACE_ROLES, VISIBLE_STATUSES
from tests.support.sample_data import sample_events, sample_places

EVENTS = sample_events()
PLACE_IDS = [p.id for p in sample_places()]
OUTLETS = ["Test Outlet", "Other Outlet", "Third Outlet"]
NAMES = ["Abu Test", "Umm Example", "أبو علي", ""]


@st.composite
def events(draw):
    """Variations of the sample events over the fields filters look at."""
    made = []
    for number in range(draw(st.integers(0, 8))):
        base = draw(st.sampled_from(EVENTS))
        changes = {"id": f"E{number}", "status": draw(st.sampled_from(VISIBLE_STATUSES + ("retracted",))),
                   "outcome": draw(st.sampled_from(OUTCOMES)), "outlet": draw(st.sampled_from(OUTLETS)),
                   "names": tuple(n for n in draw(st.lists(st.sampled_from(NAMES), max_size=2)) if n),
                   "cited_outlet": draw(st.sampled_from(["", *OUTLETS]))}
        if draw(st.booleans()):
            start = dt.date(2017, 1, 1) + dt.timedelta(days=draw(st.integers(0, 20)))   # windows meet often
            changes.update(date_start=start, date_end=start + dt.timedelta(days=draw(st.integers(0, 6))),
                           date_precision="week")
        else:
            changes.update(date_start=None, date_end=None, date_precision="unknown")
        if draw(st.booleans()):
            changes["sources"] = tuple(EventSource(outlet=o, url="https://example.org/r") for o in draw(st.lists(st.sampled_from(OUTLETS),
                                                                                      max_size=3)))
        made.append(base.replace(**changes))
    return made


DAYS = st.one_of(st.none(), st.dates(dt.date(2016, 12, 30), dt.date(2017, 1, 30)))


@st.composite
def windows(draw):
    ends = sorted(draw(st.lists(DAYS, min_size=2, max_size=2)), key=lambda d: (d is None, d))
    return ends if draw(st.booleans()) else [ends[0], None]


def sometimes(default, values):
    """Mostly the default (no restriction), so that the rows one field decides often reach it."""
    return st.one_of(st.just(default), st.just(default), st.just(default), values)


filters = windows().flatmap(lambda window: st.builds(
    EventFilter,
    date_from=st.just(window[0]), date_to=st.just(window[1]),
    event_types=sometimes((), st.lists(st.sampled_from(EVENT_TYPES), max_size=2)),
    outcomes=sometimes((), st.lists(st.sampled_from(OUTCOMES), max_size=2)),
    places=sometimes((), st.lists(st.sampled_from(PLACE_IDS), max_size=2)),
    place_roles=st.lists(st.sampled_from(PLACE_ROLES), min_size=1, max_size=4),
    outlets=sometimes((), st.lists(st.sampled_from(OUTLETS), max_size=2)),
    person=sometimes("", st.sampled_from(["abu", "TEST", "علي", "nobody"])),
    disputed=sometimes(None, st.booleans()),
    include_undated=st.booleans(),
    statuses=sometimes((), st.lists(st.sampled_from(VISIBLE_STATUSES + ("retracted",)), max_size=3)),
    min_outlets=sometimes(0, st.integers(1, 4)),
))


@pytest.mark.parametrize("kwargs", [
    {}, {"event_types": ["exit"]}, {"outcomes": ("captured", "arrived")}, {"outlets": ["Other Outlet"]},
    {"places": ["local:test-gate"]}, {"places": ["local:test-gate"], "place_roles": ["destination"]},
    {"places": ["local:test-quarter"], "place_roles": ["origin", "location"]}, {"person": "abu TEST"},
    {"person": "umm"}, {"person": "nobody"}, {"disputed": True}, {"disputed": False},
    {"date_from": "2017-07-31", "date_to": "2017-07-31"}, {"date_from": "2017-12-28", "include_undated": False},
    {"date_to": "2017-12-01"}, {"date_to": "2017-06-30", "include_undated": False}, {"statuses": ["draft"]},
    {"statuses": ["curated"], "min_outlets": 2},
])
def test_each_field_as_a_column_mask(kwargs):
    event_filter = EventFilter(**kwargs)
    assert EventTable.from_events(EVENTS).select(event_filter) == event_filter.apply(EVENTS)


@settings(max_examples=150, deadline=None)
@given(events(), filters)
def test_column_masks_keep_what_the_filter_keeps(some, event_filter):
    table = EventTable.from_events(some)
    assert table.select(event_filter) == event_filter.apply(some)
    fresh = EventTable.from_columns({name: table.column(name) for name in table.codes})   # events made from columns
    assert fresh.select(event_filter) == event_filter.apply(some)


@settings(max_examples=40, deadline=None)
@given(events(), events())
def test_concat_and_take_keep_rows_in_order(first, second):
    second = [e.replace(id=f"S{e.id}") for e in second]
    joined = EventTable.concat([EventTable.from_events(first),
                                EventTable.from_columns({n: [getattr(e, n) for e in second]
                                                         for n in (*FIELDS, "sources")})])
    assert joined.events() == first + second
    assert len(joined) == len(first) + len(second)
    picked = [i for i in range(len(joined)) if i % 2]
    assert joined.take(picked).events() == [joined.event(i) for i in picked]
    assert date_span(joined) == object_date_span(first + second)


@settings(max_examples=40, deadline=None)
@given(some=events(), rows=st.lists(st.integers(0, 7), max_size=10))
def test_take_of_every_row_in_order_is_the_table_itself(some, rows):
    """A filter that keeps everything makes no copy; any other choice of rows is a table of those rows."""
    table = EventTable.from_events(some)
    assert table.take(np.ones(len(some), dtype=bool)) is table
    assert table.take(list(range(len(some)))) is table
    rows = [row for row in rows if row < len(some)]
    picked = table.take(rows)
    assert picked.events() == [some[row] for row in rows]
    assert (picked is table) == (rows == list(range(len(some))))
    if some:
        assert table.take(np.arange(len(some)) == 0).events() == some[:1]


def raw_rows(events):
    """Columns as a database hands them back: dates as text, lists joined, None for empty text."""
    columns = {name: [] for name in FIELDS}
    for event in events:
        for name, value in event.to_record().items():
            columns[name].append(None if value == "" else value)
    return columns


def test_trusted_rows_become_the_same_events():
    table = EventTable.from_columns(raw_rows(EVENTS), trusted=True)
    assert table.events() == EVENTS
    assert [table.event(i) for i in range(len(EVENTS))] == EVENTS
    # each distinct value is held once: every row names the same quote object
    quotes = {id(e.quote_ar) for e in table.events()}
    assert len(quotes) == 1


@pytest.mark.parametrize("field, value", [
    ("outcome", "won"), ("event_type", "parade"), ("id", "has space"), ("origin", "Damascus"),
    ("date_start", "28/12/2017"), ("count_min", -3), ("url", "ftp://example.org"), ("status", "maybe"),
    ("summary_en", "a NUL \x00 in it"), ("notes", "x" * 20_001), ("quote_ar", "\ud800 broken"), ("names", "a|b\x07"),
])
def test_a_bad_stored_value_names_its_field(field, value):
    columns = raw_rows(EVENTS)
    columns[field][2] = value
    with pytest.raises(EventValidationError) as caught:
        EventTable.from_columns(columns, trusted=True)
    assert caught.value.field == field


def test_frame_is_categorical_columns():
    frame = EventTable.from_events(EVENTS).frame(["id", "outcome", "origin"])
    assert list(frame["id"]) == [e.id for e in EVENTS]
    assert str(frame["outcome"].dtype) == "category"
    assert set(frame["outcome"].cat.categories) == {e.outcome for e in EVENTS}


def test_an_empty_table():
    table = EventTable.from_events([])
    assert len(table) == 0 and table.events() == [] and table.select(EventFilter()) == []
    assert date_span(table) is None


@settings(max_examples=40, deadline=None)
@given(some=events(), rows=st.lists(st.integers(0, 7), max_size=10))
def test_per_distinct_works_a_cell_out_once_per_distinct_combination(some, rows):
    """Each row gets the function of its own event, computed once per distinct combination of the fields read."""
    rows = [row for row in rows if row < len(some)]
    table = EventTable.from_events(some).take(rows)
    seen = []

    def when(event):
        seen.append((event.date_start, event.date_end))
        return f"{event.date_start}/{event.date_end}"
    codes, values = table.per_distinct(("date_start", "date_end"), when)
    assert [values[code] for code in codes] == [f"{some[r].date_start}/{some[r].date_end}" for r in rows]
    assert sorted(seen, key=str) == sorted({(some[r].date_start, some[r].date_end) for r in rows}, key=str)
    assert table.arrow({"id": "id", "when": (("date_start", "date_end"), when)}).to_pylist() == [
        {"id": some[r].id, "when": when(some[r])} for r in rows]
    assert list(table.dated()) == [some[r].is_dated for r in rows]


def test_per_distinct_with_more_combinations_than_an_integer_holds():
    """Six fields with 2,000 distinct values each: more combinations than 2**62, numbered one field at a time."""
    many = [EVENTS[0].replace(id=f"E{n}", summary_en=f"summary {n}", outlet=f"Outlet {n}", quote_ar=f"نص {n}",
                              cited_outlet=f"Cited {n}", url=f"https://example.org/{n}") for n in range(2000)]
    table = EventTable.from_events(many)
    fields = ("id", "summary_en", "outlet", "quote_ar", "cited_outlet", "url")
    codes, values = table.per_distinct(fields, lambda e: "|".join(getattr(e, f) for f in fields))
    assert [values[code] for code in codes] == ["|".join(getattr(e, f) for f in fields) for e in many]
