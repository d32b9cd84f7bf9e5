"""Totals per period: rows per (period, place, review), the undated bin, a clicked period's window, the
altair chart's click selection and the static SVG the snapshot carries."""
import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.period_chart import (
    DATASET,
    DRAFT,
    REVIEWED,
    SELECTION,
    UNDATED,
    period_chart,
    period_rows,
    period_spec,
    period_svg,
    period_window,
)
from tests.support.sample_data import HOSTILE_NOTE, FakeGazetteer, sample_events, sample_places

EVENTS = sample_events()
PLACES = FakeGazetteer(sample_places())


def _event(event_id, day, *, via="local:test-gate", destination="local:test-north", count=None, status="curated"):
    return EVENTS[0].replace(id=event_id, date_start=day, date_end=day, date_precision="day", via=via,
                             destination=destination, count_min=count, count_max=count, status=status)


def test_rows_add_up_events_and_people_per_week_and_checkpoint():
    events = [_event("A", "2017-03-13", count=4), _event("B", "2017-03-19", count=6),   # same ISO week
              _event("C", "2017-03-20", count=1), _event("D", "2017-03-14", via="", count=2)]
    rows = period_rows(events, PLACES, "week", "checkpoint")
    table = {(r["period"], r["place"]): (r["events"], r["people"]) for r in rows}
    assert table == {("2017-03-13", "Test Gate"): (2, 10), ("2017-03-20", "Test Gate"): (1, 1),
                     ("2017-03-13", "(none)"): (1, 2)}
    assert {(r["start"], r["end"]) for r in rows if r["period"] == "2017-03-13"} == {("2017-03-13", "2017-03-19")}


@pytest.mark.parametrize("unit, grouping, expected", [
    ("month", "checkpoint", {("2017-03", "Test Gate"), ("2017-04", "Test Gate")}),
    ("month", "destination", {("2017-03", "Test North City"), ("2017-04", "Test Border Town")}),
])
def test_units_and_groupings(unit, grouping, expected):
    events = [_event("A", "2017-03-31"), _event("B", "2017-04-01", destination="local:test-border")]
    assert {(r["period"], r["place"]) for r in period_rows(events, PLACES, unit, grouping)} == expected


def test_undated_events_are_a_last_bin_and_drafts_their_own_segment():
    events = [_event("A", "2017-03-13"), _event("B", "2017-03-14", status="draft"),
              EVENTS[0].replace(id="U", date_start=None, date_end=None, date_precision="unknown")]
    rows = period_rows(events, PLACES, "week")
    assert rows[-1]["period"] == UNDATED and rows[-1]["events"] == 1
    assert {r["review"] for r in rows if r["period"] == "2017-03-13"} == {REVIEWED, DRAFT}


def test_a_bad_unit_is_refused():
    with pytest.raises(ValueError):
        period_rows(EVENTS, PLACES, "fortnight")


@given(days=st.lists(st.dates(dt.date(2016, 1, 1), dt.date(2018, 12, 31)), max_size=30),
       unit=st.sampled_from(["week", "month"]))
def test_every_event_is_counted_once_in_the_period_holding_its_start(days, unit):
    events = [_event(f"E{i}", day.isoformat(), count=i) for i, day in enumerate(days)]
    rows = period_rows(events, PLACES, unit)
    assert sum(r["events"] for r in rows) == len(events)
    assert sum(r["people"] for r in rows) == sum(range(len(events)))
    for day in days:
        window = period_window(rows, day.strftime("%Y-%m") if unit == "month"
                               else (day - dt.timedelta(days=day.weekday())).isoformat())
        assert window[0] <= day <= window[1]


def test_a_clicked_period_gives_its_window_and_the_undated_bin_none():
    rows = period_rows([_event("A", "2017-02-10")], PLACES, "month")
    assert period_window(rows, "2017-02") == (dt.date(2017, 2, 1), dt.date(2017, 2, 28))
    assert period_window(rows, UNDATED) is None and period_window(rows, "1999-01") is None


def test_chart_is_stacked_and_clickable_by_period():
    spec = period_chart(period_rows(EVENTS, PLACES, "week"), "events").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["aggregate"] == "sum" and spec["encoding"]["color"]["field"] == "place"
    (param,) = spec["params"]
    assert param["name"] == SELECTION and param["select"]["fields"] == ["period"]
    assert spec["encoding"]["x"]["sort"] == {"field": "position", "op": "min"}      # the axis' order is in the data
    # the bars are sums: a field the encoding does not group by is not in a bar's datum, and a click would select {}
    assert spec["encoding"]["detail"]["field"] == "period"
    assert spec["encoding"]["strokeDash"]["field"] == "review"


def test_svg_is_static_escaped_and_draws_drafts_dashed():
    hostile = PLACES.get("local:test-north").__class__(
        id="local:evil", name_en=HOSTILE_NOTE, name_ar="شر", kind="city", lat=35.0, lon=36.0, precision="exact",
        uncertainty_m=0.0, coord_source="synthetic test point")
    places = FakeGazetteer([*sample_places(), hostile])
    events = [_event("A", "2017-03-13", destination="local:evil", count=5),
              _event("B", "2017-03-20", count=3, status="draft")]
    svg = str(period_svg(period_rows(events, places, "week", "destination"), "people", title="<b>t</b>"))
    assert svg.startswith("<svg") and "<script" not in svg and "<b>" not in svg and "&lt;b&gt;" in svg
    assert "<img" not in svg and "&lt;script&gt;" in svg
    assert re.search(r'<rect [^>]*stroke-dasharray="4 2" data-review="draft"', svg)
    assert re.search(r'<rect [^>]*data-review="reviewed"', svg) and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("unit, day, arabic", [("week", dt.date(2017, 12, 11), "11 كانون الأول 2017"),
                                               ("month", dt.date(2018, 2, 3), "شباط 2018")])
def test_arabic_axis_names_periods_with_syriac_months_and_english_keeps_iso(unit, day, arabic):
    from atlas.i18n import translator

    rows = period_rows([_event("E1", day, count=3),
                        EVENTS[0].replace(id="U", date_start=None, date_end=None, date_precision="unknown")],
                       PLACES, unit)
    period = next(r["period"] for r in rows if r["period"] != UNDATED)

    def axis(language):   # (period, words on the axis, place on the axis) of each row the chart reads
        spec = period_chart(rows, t=translator(language)).to_dict()
        assert spec["encoding"]["x"]["field"] == "label"
        return [(v["period"], v["label"], v["position"]) for v in spec["datasets"][spec["data"]["name"]]]
    assert axis("ar") == [(period, arabic, 0), (UNDATED, "غير مؤرخ", 1)]
    assert axis("en") == [(period, period, 0), (UNDATED, "undated", 1)]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("measure", ["people", "events"])
@pytest.mark.parametrize("unit, grouping", [("week", "checkpoint"), ("month", "destination")])
def test_the_spec_from_a_spec_built_once_is_altairs_own(language, measure, unit, grouping):
    """period_spec pays altair once per measure and language; what it gives is what altair gives for these rows."""
    from atlas.i18n import translator

    t = translator(language)
    selections = [sample_events(),
                  [_event("A", "2017-03-13", count=4), _event("B", "2017-12-11", via="", count=2),
                   EVENTS[0].replace(id="U", date_start=None, date_end=None, date_precision="unknown")]]
    for events in selections:                           # a second selection reuses the first one's template
        rows = period_rows(events, PLACES, unit, grouping, language)
        assert period_spec(rows, measure, t=t) == period_chart(rows, measure, t=t).to_dict()


def test_a_spec_does_not_share_rows_with_the_next():
    rows = period_rows([_event("A", "2017-03-13", count=4)], PLACES, "week")
    first = period_spec(rows)
    first["datasets"][first["data"]["name"]][0]["people"] = 999
    first["encoding"]["x"]["axis"]["labelAngle"] = 0
    assert rows[0]["people"] == 4                          # the cached rows are not the spec's
    assert period_spec(rows) == period_chart(rows).to_dict()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_two_selections_differ_only_in_the_data_so_the_drawn_chart_is_kept(language):
    """Streamlit draws a chart anew when its spec changes and only replaces its data otherwise: apart from the rows,
    the spec is the same for any selection (the axis' words and order are in the rows)."""
    from atlas.i18n import translator

    t = translator(language)
    first = period_spec(period_rows(sample_events(), PLACES, "month", "checkpoint", language), t=t)
    second = period_spec(period_rows([_event("A", "2019-05-13", count=4), _event("B", "2016-12-11", count=2)],
                                     PLACES, "month", "checkpoint", language), t=t)
    first_rows, second_rows = first.pop("datasets"), second.pop("datasets")
    assert first == second and first["data"] == {"name": DATASET} and first_rows != second_rows
    assert [(v["label"], v["position"]) for v in second_rows[DATASET]] == (
        [("2016-12", 0), ("2019-05", 1)] if language == "en" else [("كانون الأول 2016", 0), ("أيار 2019", 1)])
