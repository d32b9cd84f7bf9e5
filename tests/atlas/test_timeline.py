"""Timeline: windows become intervals, undated events are kept apart, stepping covers the span."""
import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from atlas.timeline import (
    DRAFT,
    EXACT_DAY,
    PLAY_UNITS,
    REVIEWED,
    WINDOW,
    period_title,
    step_period,
    timeline_chart,
    timeline_frame,
    timeline_rows,
    timeline_spec,
    undated,
    unit_period,
)
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
    assert [e.id for e in undated(EVENTS)] == ["T3"]
    assert "T3" not in set(timeline_frame(EVENTS)["id"])


def test_empty_selection_gives_an_empty_chart():
    spec = timeline_chart([]).to_dict()
    assert timeline_frame([]).empty and "layer" in spec


@pytest.mark.parametrize("window, layers", [(None, 2), ((dt.date(2017, 12, 1), dt.date(2017, 12, 31)), 3)])
def test_windows_are_bars_and_exact_days_points(window, layers):
    spec = timeline_chart(EVENTS, window=window).to_dict()
    assert len(spec["layer"]) == layers
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
    (values,) = [d for d in spec["datasets"].values()]
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


def test_each_window_gets_its_own_shaded_dataset():
    """The browser redraws a chart when a dataset's name changes: a new window must bring a new name."""
    first = timeline_spec(EVENTS, window=(dt.date(2017, 7, 1), dt.date(2017, 9, 30)))
    second = timeline_spec(EVENTS, window=(dt.date(2017, 8, 1), dt.date(2017, 10, 31)))
    shaded = [{name: rows for name, rows in spec["datasets"].items() if name.startswith("atlas-window-")}
              for spec in (first, second)]
    assert all(len(found) == 1 for found in shaded)
    assert set(shaded[0]) != set(shaded[1])
    assert list(shaded[1].values()) == [[{"start": "2017-08-01T00:00:00", "end": "2017-11-01T00:00:00"}]]
