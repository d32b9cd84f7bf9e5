"""Timeline: windows become intervals, undated events are kept apart, stepping covers the span."""
import datetime as dt

import pytest

from atlas.timeline import shift_window, step_windows, timeline_chart, timeline_frame, timeline_spec, undated
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
def test_chart_layers_and_encodings(window, layers):
    spec = timeline_chart(EVENTS, window=window).to_dict()
    assert len(spec["layer"]) == layers
    bars = spec["layer"][-2]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "end"
    assert bars["encoding"]["color"]["field"] == "outcome"
    assert bars["encoding"]["opacity"]["field"] == "precision"


@pytest.mark.parametrize("first, last, days", [
    (dt.date(2017, 7, 1), dt.date(2017, 12, 31), 7),
    (dt.date(2017, 12, 28), dt.date(2017, 12, 28), 30),
    (dt.date(2017, 1, 1), dt.date(2017, 1, 10), 1),
])
def test_step_windows_tile_the_span(first, last, days):
    windows = step_windows(first, last, days)
    assert windows[0][0] == first and windows[-1][1] == last
    for (_, end), (start, _) in zip(windows, windows[1:]):
        assert start == end + dt.timedelta(days=1)          # no gap, no overlap
    assert all((end - start).days < days for start, end in windows)


@pytest.mark.parametrize("first, last, days", [
    (dt.date(2017, 1, 2), dt.date(2017, 1, 1), 7),
    (dt.date(2017, 1, 1), dt.date(2017, 1, 2), 0),
])
def test_step_windows_refuse_bad_input(first, last, days):
    with pytest.raises(ValueError):
        step_windows(first, last, days)


SPAN = (dt.date(2017, 7, 1), dt.date(2017, 12, 31))


@pytest.mark.parametrize("window, steps, expected", [
    ((dt.date(2017, 7, 1), dt.date(2017, 7, 7)), 1, (dt.date(2017, 7, 8), dt.date(2017, 7, 14))),
    ((dt.date(2017, 7, 8), dt.date(2017, 7, 14)), -1, (dt.date(2017, 7, 1), dt.date(2017, 7, 7))),
    ((dt.date(2017, 12, 25), dt.date(2017, 12, 31)), 1, (dt.date(2017, 7, 1), dt.date(2017, 7, 7))),   # wraps
    ((dt.date(2017, 7, 1), dt.date(2017, 7, 7)), -1, (dt.date(2017, 12, 25), dt.date(2017, 12, 31))),  # wraps back
    ((dt.date(2017, 12, 20), dt.date(2017, 12, 29)), 1, (dt.date(2017, 12, 30), dt.date(2017, 12, 31))),  # clipped
])
def test_shift_window(window, steps, expected):
    assert shift_window(window, SPAN, steps) == expected


def test_shift_there_and_back_is_identity_inside_the_span():
    window = (dt.date(2017, 8, 1), dt.date(2017, 8, 10))
    assert shift_window(shift_window(window, SPAN, 3), SPAN, -3) == window


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
