"""Timeline: windows become intervals, undated events are kept apart, stepping covers the span."""
import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from atlas.i18n import translator
from atlas.timeline import (
    BIN_UNITS,
    DRAFT,
    EXACT_DAY,
    NO_WINDOW_DATASET,
    PLAY_UNITS,
    REVIEWED,
    WINDOW,
    TimelineGroups,
    aggregate_timeline,
    aggregated_chart,
    aggregation_caption,
    bin_period,
    period_title,
    spec_with_rows,
    step_period,
    timeline_chart,
    timeline_frame,
    timeline_rows,
    timeline_spec,
    undated,
    unit_period,
)
from events.limits import TIMELINE_MARKS
from events.table import EventTable
from tests.support.sample_data import sample_events

EVENTS = sample_events()


def test_frame_rows_are_the_dated_events_with_exclusive_ends():
    frame = timeline_frame(EVENTS)
    dated = [e for e in EVENTS if e.is_dated]
    assert list(frame["id"]) == [e.id for e in dated]
    for event, (_, row) in zip(dated, frame.iterrows()):
        assert row["start"].date() == event.date_start
        # round trip: the drawn interval is exactly the window (end exclusive)
        assert (row["end"] - row["start"]).days == (event.date_end - event.date_start).days + 1
        assert row["precision"] == event.date_precision


def test_undated_events_are_listed_apart():
    assert [EVENTS[int(row)].id for row in undated(EventTable.from_events(EVENTS))] == ["T3"]
    assert "T3" not in set(timeline_frame(EVENTS)["id"])


def test_empty_selection_gives_an_empty_chart():
    spec = timeline_chart([]).to_dict()
    assert timeline_frame([]).empty and "layer" in spec


@pytest.mark.parametrize("window, shaded", [(None, 0), ((dt.date(2017, 12, 1), dt.date(2017, 12, 31)), 1)])
def test_windows_are_bars_and_exact_days_points(window, shaded):
    spec = timeline_chart(EVENTS, window=window).to_dict()
    shade = spec["layer"][0]                      # always there (a row when a window is set): the shape stays
    assert len(spec["layer"]) == 3 and shade["mark"]["type"] == "rect"
    assert len(spec["datasets"][shade["data"]["name"]]) == shaded
    bars, dots = spec["layer"][-2:]
    assert bars["mark"]["type"] == "bar" and dots["mark"]["type"] == "point"
    assert bars["transform"] == [{"filter": f"(datum.kind === '{WINDOW}')"}]
    assert dots["transform"] == [{"filter": f"(datum.kind === '{EXACT_DAY}')"}]
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "end"
    assert bars["encoding"]["color"]["field"] == "outcome"
    assert bars["encoding"]["opacity"]["field"] == "precision"
    # the legend says which symbol is which, both listed even when only one kind is drawn
    assert dots["encoding"]["shape"]["scale"]["domain"] == [EXACT_DAY, WINDOW]
    assert dots["encoding"]["shape"]["legend"]["title"]
    for layer in (bars, dots):      # drafts: hollow and dashed
        assert layer["encoding"]["strokeDash"]["field"] == "review"
        assert layer["encoding"]["fillOpacity"]["field"] == "review"


@pytest.mark.parametrize("start, end, kind", [("2017-12-28", "2017-12-28", EXACT_DAY),
                                              ("2017-12-01", "2017-12-07", WINDOW)])
def test_each_row_says_point_or_bar(start, end, kind):
    event = EVENTS[0].replace(date_start=start, date_end=end, date_precision="day" if start == end else "window")
    (row,) = timeline_rows([event])
    assert row["kind"] == kind


@pytest.mark.parametrize("status, review", [("curated", REVIEWED), ("verified", REVIEWED), ("draft", DRAFT)])
def test_rows_say_whether_reviewed(status, review):
    assert timeline_rows([EVENTS[0].replace(status=status)])[0]["review"] == review


@pytest.mark.parametrize("day, unit, expected", [
    (dt.date(2017, 3, 15), "day", (dt.date(2017, 3, 15), dt.date(2017, 3, 15))),
    (dt.date(2017, 3, 15), "week", (dt.date(2017, 3, 13), dt.date(2017, 3, 19))),     # Monday to Sunday
    (dt.date(2017, 3, 13), "week", (dt.date(2017, 3, 13), dt.date(2017, 3, 19))),
    (dt.date(2017, 2, 10), "month", (dt.date(2017, 2, 1), dt.date(2017, 2, 28))),
    (dt.date(2016, 2, 10), "month", (dt.date(2016, 2, 1), dt.date(2016, 2, 29))),      # leap year
    (dt.date(2017, 12, 31), "month", (dt.date(2017, 12, 1), dt.date(2017, 12, 31))),
])
def test_unit_period(day, unit, expected):
    assert unit_period(day, unit) == expected


def test_unit_period_refuses_an_unknown_unit():
    with pytest.raises(ValueError):
        unit_period(dt.date(2017, 1, 1), "fortnight")


SPAN = (dt.date(2017, 7, 1), dt.date(2017, 12, 31))


@pytest.mark.parametrize("window, unit, steps, expected", [
    # a long window steps by a week, not by its own length
    ((dt.date(2017, 7, 3), dt.date(2017, 9, 30)), "week", 1, (dt.date(2017, 7, 10), dt.date(2017, 7, 16))),
    ((dt.date(2017, 7, 12), dt.date(2017, 7, 12)), "week", 0, (dt.date(2017, 7, 10), dt.date(2017, 7, 16))),
    ((dt.date(2017, 7, 1), dt.date(2017, 7, 10)), "week", 0, (dt.date(2017, 7, 1), dt.date(2017, 7, 2))),  # clipped
    ((dt.date(2017, 8, 20), dt.date(2017, 8, 31)), "month", 1, (dt.date(2017, 9, 1), dt.date(2017, 9, 30))),
    ((dt.date(2017, 8, 20), dt.date(2017, 8, 31)), "month", -1, (dt.date(2017, 7, 1), dt.date(2017, 7, 31))),
    ((dt.date(2017, 12, 31), dt.date(2017, 12, 31)), "day", 1, (dt.date(2017, 7, 1), dt.date(2017, 7, 1))),  # wraps
    ((dt.date(2017, 7, 1), dt.date(2017, 7, 1)), "day", -1, (dt.date(2017, 12, 31), dt.date(2017, 12, 31))),
    ((dt.date(2017, 12, 5), dt.date(2017, 12, 5)), "month", 1, (dt.date(2017, 7, 1), dt.date(2017, 7, 31))),
])
def test_step_period(window, unit, steps, expected):
    assert step_period(window, SPAN, unit, steps) == expected


@given(start=st.dates(dt.date(2017, 7, 1), dt.date(2017, 12, 31)), unit=st.sampled_from(PLAY_UNITS),
       steps=st.integers(-3, 3))
def test_a_step_is_one_unit_inside_the_span(start, unit, steps):
    moved = step_period((start, start), SPAN, unit, steps)
    assert SPAN[0] <= moved[0] <= moved[1] <= SPAN[1]
    assert unit_period(moved[0], unit) == unit_period(moved[1], unit)          # one unit, never two
    assert step_period(moved, SPAN, unit, 0) == moved                         # a step lands on a unit's start


@given(start=st.dates(dt.date(2017, 8, 1), dt.date(2017, 11, 30)), unit=st.sampled_from(PLAY_UNITS),
       steps=st.integers(-3, 3))
def test_forward_then_back_returns_home_when_no_end_is_passed(start, unit, steps):
    home = step_period((start, start), SPAN, unit, 0)
    there = step_period(home, SPAN, unit, steps)
    assume((there[0] > home[0]) == (steps > 0) and (there[0] < home[0]) == (steps < 0))   # no wrap at an end
    assert step_period(there, SPAN, unit, -steps) == home


@pytest.mark.parametrize("window, words", [
    ((dt.date(2017, 3, 6), dt.date(2017, 3, 12)), "6 Mar 2017 – 12 Mar 2017"),
    ((dt.date(2017, 3, 14), dt.date(2017, 3, 14)), "14 Mar 2017"),
])
def test_period_title(window, words):
    assert period_title(window) == words


def test_spec_holds_every_dated_event_even_past_altairs_row_limit():
    base = EVENTS[0]
    many = [base.replace(id=f"M{i}") for i in range(6000)]
    spec = timeline_spec(many)
    (values,) = [d for d in spec["datasets"].values() if d]     # (and the shade's, empty without a window)
    assert len(values) == 6000 and {v["id"] for v in values} == {e.id for e in many}
    import altair as alt
    assert alt.data_transformers.options.get("max_rows", 5000) == 5000   # the global limit is left as it was


def _by_data(spec):
    """The spec with dataset names replaced by their contents (names differ, meaning must not)."""
    import json
    datasets = spec["datasets"]
    text = json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True)
    for name, values in datasets.items():
        text = text.replace(json.dumps(name), json.dumps(sorted(json.dumps(v, sort_keys=True) for v in values)))
    return json.loads(text)


@pytest.mark.parametrize("events, window", [
    (EVENTS, None),
    (EVENTS, (dt.date(2017, 7, 1), dt.date(2017, 12, 1))),
    (EVENTS[:1], None),
    ([], None),
    ([e for e in EVENTS if not e.is_dated], (dt.date(2017, 1, 1), dt.date(2017, 1, 2))),
])
def test_fast_spec_equals_the_altair_chart(events, window):
    """timeline_spec skips altair for the rows; the result must be the chart altair itself would write."""
    assert _by_data(timeline_spec(events, window=window)) == _by_data(timeline_chart(events, window=window).to_dict())


def test_spec_data_name_changes_with_the_events():
    first, second = timeline_spec(EVENTS[:1]), timeline_spec(EVENTS[:2])
    assert set(first["datasets"]) != set(second["datasets"])
    assert timeline_spec(EVENTS[:1])["datasets"] == first["datasets"]


def test_the_chart_keeps_its_shape_when_a_window_is_first_set():
    """The browser draws a chart anew when its shape changes and only replaces its data otherwise: with and
    without a window the spec differs only in its datasets and their names."""
    import json

    def shape(spec):
        text = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
        for number, name in enumerate(spec["datasets"]):
            text = text.replace(json.dumps(name), f'"dataset {number}"')
        return text
    without = timeline_spec(EVENTS)
    narrowed = timeline_spec(EVENTS, window=(dt.date(2017, 7, 1), dt.date(2017, 9, 30)))
    assert shape(without) == shape(narrowed) and without["datasets"] != narrowed["datasets"]
    assert without["datasets"][NO_WINDOW_DATASET] == []


def test_each_window_gets_its_own_shaded_dataset():
    """Each window's shade is a dataset named after the window, holding the window's bounds (the end exclusive)."""
    first = timeline_spec(EVENTS, window=(dt.date(2017, 7, 1), dt.date(2017, 9, 30)))
    second = timeline_spec(EVENTS, window=(dt.date(2017, 8, 1), dt.date(2017, 10, 31)))
    shaded = [{name: rows for name, rows in spec["datasets"].items() if name.startswith("atlas-window-")}
              for spec in (first, second)]
    assert all(len(found) == 1 for found in shaded)
    assert set(shaded[0]) != set(shaded[1])
    assert list(shaded[1].values()) == [[{"start": "2017-08-01T00:00:00", "end": "2017-11-01T00:00:00"}]]


# -- many events: groups of events instead of one mark each ----------------------------------------------------------
def _event(n: int, start: str | None, end: str | None = None, *, outcome: str = "arrived", status: str = "curated",
           base: int = 0):
    """An event of ``EVENTS[base]``'s type on ``start``..``end`` (an exact day when no end; undated when no start)."""
    end = end or start
    precision = "unknown" if start is None else "day" if start == end else "window"
    return EVENTS[base].replace(id=f"G{n}", date_start=start, date_end=end, date_precision=precision,
                                outcome=outcome, status=status)


def _marks(groups: TimelineGroups) -> list[tuple]:
    return sorted((r["start"][:10], r["end"][:10], r["kind"], r["outcome"], r["review"], r["count"])
                  for r in groups.rows.to_pylist())


@pytest.mark.parametrize("events, most, unit, marks", [
    # the same day, type, outcome and review: one mark counting both (lossless)
    ([_event(1, "2017-03-06"), _event(2, "2017-03-06")], 10, "day",
     [("2017-03-06", "2017-03-07", EXACT_DAY, "arrived", REVIEWED, 2)]),
    # another outcome, or a draft, is another mark
    ([_event(1, "2017-03-06"), _event(2, "2017-03-06", outcome="blocked"), _event(3, "2017-03-06", status="draft")],
     10, "day", [("2017-03-06", "2017-03-07", EXACT_DAY, "arrived", DRAFT, 1),
                 ("2017-03-06", "2017-03-07", EXACT_DAY, "arrived", REVIEWED, 1),
                 ("2017-03-06", "2017-03-07", EXACT_DAY, "blocked", REVIEWED, 1)]),
    # three days, at most two marks: by ISO week (Monday to Sunday)
    ([_event(1, "2017-03-06"), _event(2, "2017-03-12"), _event(3, "2017-03-13")], 2, "week",
     [("2017-03-06", "2017-03-13", EXACT_DAY, "arrived", REVIEWED, 2),
      ("2017-03-13", "2017-03-20", EXACT_DAY, "arrived", REVIEWED, 1)]),
    # weeks still too many: by month
    ([_event(1, "2017-03-06"), _event(2, "2017-03-20"), _event(3, "2017-04-03")], 2, "month",
     [("2017-03-01", "2017-04-01", EXACT_DAY, "arrived", REVIEWED, 2),
      ("2017-04-01", "2017-05-01", EXACT_DAY, "arrived", REVIEWED, 1)]),
    # a window keeps its own span however coarse the days' bins; the same window is one bar; undated not counted
    ([_event(1, "2017-03-06"), _event(2, "2017-03-01", "2017-03-07"), _event(3, "2017-03-01", "2017-03-07"),
      _event(4, "2018-05-01"), _event(5, None)], 2, "year",
     [("2017-01-01", "2018-01-01", EXACT_DAY, "arrived", REVIEWED, 1),
      ("2017-03-01", "2017-03-08", WINDOW, "arrived", REVIEWED, 2),
      ("2018-01-01", "2019-01-01", EXACT_DAY, "arrived", REVIEWED, 1)]),
    ([_event(5, None)], 2, "day", []),
])
def test_aggregate_timeline(events, most, unit, marks):
    groups = aggregate_timeline(EventTable.from_events(events), most=most)
    assert groups.unit == unit and _marks(groups) == marks
    assert groups.events == sum(e.is_dated for e in events)


_DAY0 = dt.date(2016, 12, 20)
_spans = st.one_of(st.none(), st.tuples(st.integers(0, 800), st.integers(0, 40)))


@given(spans=st.lists(st.tuples(_spans, st.sampled_from(["arrived", "blocked", "unknown"]),
                                st.sampled_from(["curated", "draft", "verified"]), st.integers(0, 1)), max_size=40),
       most=st.integers(1, 30))
def test_groups_count_every_dated_event_once_and_never_narrow_a_window(spans, most):
    events = []
    for n, (span, outcome, status, base) in enumerate(spans):
        start = end = None
        if span is not None:
            start = (_DAY0 + dt.timedelta(days=span[0])).isoformat()
            end = (_DAY0 + dt.timedelta(days=span[0] + span[1])).isoformat()
        events.append(_event(n, start, end, outcome=outcome, status=status, base=base))
    groups = aggregate_timeline(EventTable.from_events(events), most=most)
    rows = groups.rows.to_pylist()
    dated = [e for e in events if e.is_dated]
    assert sum(r["count"] for r in rows) == groups.events == len(dated)
    assert len(rows) <= most or groups.unit == BIN_UNITS[-1]
    windows = {(e.date_start, e.date_end) for e in dated if e.date_start != e.date_end}
    for row in rows:
        start = dt.date.fromisoformat(row["start"][:10])
        last = dt.date.fromisoformat(row["end"][:10]) - dt.timedelta(days=1)
        if row["kind"] == WINDOW:
            assert (start, last) in windows                    # a bar spans exactly some event's own window
        else:
            assert (start, last) == bin_period(start, groups.unit)
    for event in dated:                                        # each event is in a mark of its kind, type and period
        kind = EXACT_DAY if event.date_start == event.date_end else WINDOW
        period = ((event.date_start, event.date_end) if kind == WINDOW
                  else bin_period(event.date_start, groups.unit))
        assert any(r["kind"] == kind and r["event_type"] == event.event_type and r["outcome"] == event.outcome
                   and r["start"][:10] == period[0].isoformat() and r["period"] for r in rows)


@pytest.mark.parametrize("window", [None, (dt.date(2017, 7, 1), dt.date(2017, 9, 30))])
def test_aggregated_spec_draws_groups_sized_by_their_count(window):
    events = [_event(n, f"2017-0{1 + n % 9}-{1 + n % 28:02d}", outcome=("arrived", "blocked")[n % 2])
              for n in range(300)]
    groups = aggregate_timeline(EventTable.from_events(events), most=20)
    spec = spec_with_rows(groups.rows.to_pylist(), "groups", window=window, aggregated=True)
    assert spec["datasets"]["groups"] == groups.rows.to_pylist()
    bars, dots = spec["layer"][-2:]
    assert len(spec["layer"]) == 3 and len(spec["datasets"][spec["layer"][0]["data"]["name"]]) == (1 if window else 0)
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "end"
    assert (bars["encoding"]["size"]["field"], dots["encoding"]["size"]["field"]) == ("thickness", "area")
    for layer in (bars, dots):     # sized by the count against the chart's largest group
        assert layer["transform"][0] == {"joinaggregate": [{"op": "max", "field": "count", "as": "most"}]}
        assert "datum.count / datum.most" in layer["transform"][-1]["calculate"]
        assert {t["field"] for t in layer["encoding"]["tooltip"]} >= {"events", "period"}
        assert "summary" not in {t["field"] for t in layer["encoding"]["tooltip"]}     # no single event
    same = aggregated_chart(pd.DataFrame(groups.rows.to_pylist()).astype(
        {"start": "datetime64[ns]", "end": "datetime64[ns]", "middle": "datetime64[ns]"}), window=window).to_dict()
    assert _by_data(spec) == _by_data(same)


@pytest.mark.parametrize("language, unit, words", [
    ("en", "day", ["2,500 dated events", f"the {TIMELINE_MARKS:,} it draws", f"to {TIMELINE_MARKS:,} events or fewer",
                   "Narrow the filters"]),
    ("en", "week", ["grouped by week", "keeps its own span"]),
    ("ar", "month", ["شهرًا شهرًا", "ضيّق المرشِّحات"]),
])
def test_the_caption_says_why_and_how_to_see_single_events(language, unit, words):
    caption = aggregation_caption(TimelineGroups(pa.table({}), unit, 2_500), translator(language))
    assert all(w in caption for w in words), caption

