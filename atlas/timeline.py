"""The timeline: an exact day is a point, a date window (a "some day in July") a bar as long as the window.

Pure data and chart builders (altair ships with Streamlit, so it renders offline). Undated events
have no place on a time axis; :func:`undated` finds their rows for the dashboard's "undated" bin. Unreviewed
drafts are drawn hollow and dashed. Playback moves by calendar units (:func:`unit_period`,
:func:`step_period`), not by the window's own length. Above ``events.limits.TIMELINE_MARKS`` dated events the
chart draws groups of events instead (:func:`aggregate_timeline`, :func:`aggregated_chart`): a browser redrawing
10,000 marks took most of a filter change's second. A little over 400 lines: one module per chart.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from atlas.i18n import DEFAULT_LANGUAGE, N_, SYRIAC_MONTHS, Translator, translator
from atlas.map.markup import count_text, date_text
from atlas.map.style import OUTCOME_COLOURS
from atlas.words import word
from events.limits import TIMELINE_MARKS
from events.schema import Event
from events.table import EventTable, cell_values

PRECISION_OPACITY = {"day": 1.0, "week": 0.8, "window": 0.7, "month": 0.55, "year": 0.35, "unknown": 0.35}
EXACT_DAY, WINDOW = "exact day", "date window"       # how an event sits on the axis: a point or a bar
REVIEWED, DRAFT = "reviewed", "draft"               # drafts: saved by the team, not yet checked by an editor
# Legend symbols: a dot for an exact day, a bar (an SVG path in the shape legend) for a window.
KIND_SHAPES = {EXACT_DAY: "circle", WINDOW: "M-1,-0.35H1V0.35H-1Z"}
REVIEW_DASH = {REVIEWED: [1, 0], DRAFT: [4, 2]}
REVIEW_FILL = {REVIEWED: 0.95, DRAFT: 0.08}
REVIEW_TITLE = N_("Review (draft = hollow, dashed)")


def review_legend(t: Translator | None = None) -> alt.Legend:
    """One legend for both encodings of review (same title: Vega-Lite merges them): a filled and a hollow dashed
    box."""
    return alt.Legend(orient="bottom", title=(t or translator(DEFAULT_LANGUAGE)).gettext(REVIEW_TITLE),
                      titleLimit=320, symbolType="square", symbolFillColor="#777", symbolStrokeColor="#333",
                      symbolStrokeWidth=1.5)





def axis_kind(event: Event) -> str:
    """A point for an exact day, a bar for any wider window."""
    return EXACT_DAY if event.date_start == event.date_end else WINDOW


def review_label(event: Event) -> str:
    return DRAFT if event.status == "draft" else REVIEWED


def timeline_cells(t: Translator | None = None) -> dict:
    """How each column of a timeline row is made from an event: a field's name (its value as it is) or (the fields
    read, a function of the event). Dates as ISO timestamps; ``end`` is exclusive (the day after), so a one-day
    window has width. Words (types, outcomes, precision…) in ``t``'s language (English when None). One definition
    for both the rows of a few events (:func:`timeline_rows`) and the columns of many (:func:`timeline_table`)."""
    t = t or translator(DEFAULT_LANGUAGE)
    yes, no = t.gettext("yes"), t.gettext("no")
    return {
        "id": "id",
        "start": (("date_start",), lambda e: f"{e.date_start.isoformat()}T00:00:00"),
        "end": (("date_end",), lambda e: f"{(e.date_end + dt.timedelta(days=1)).isoformat()}T00:00:00"),
        "precision": (("date_precision",), lambda e: word(e.date_precision, t)),
        "event_type": (("event_type",), lambda e: word(e.event_type, t)),
        "outcome": (("outcome",), lambda e: word(e.outcome, t)),
        "summary": "summary_en",
        "when": (("date_start", "date_end", "date_precision"), lambda e: date_text(e, t)),
        "people": (("count_min", "count_max", "count_unit"), lambda e: count_text(e, t)),
        "outlet": "outlet",
        "disputed": (("disputed",), lambda e: yes if e.disputed else no),
        "kind": (("date_start", "date_end"), lambda e: word(axis_kind(e), t)),
        "review": (("status",), lambda e: word(review_label(e), t)),
    }


def timeline_rows(events: Iterable[Event], t: Translator | None = None) -> list[dict]:
    """One row per dated event (:func:`timeline_cells`)."""
    cells = timeline_cells(t)
    return [cell_values(e, cells) for e in events if e.is_dated]


def timeline_table(table: EventTable, t: Translator | None = None) -> pa.Table:
    """:func:`timeline_rows` of a table's events as Arrow columns, each word worked out once per distinct value:
    at 100,000 events one dict a row took ~170 MB and seconds of a cold start."""
    return table.take(table.dated()).arrow(timeline_cells(t))


def timeline_frame(events: Iterable[Event], t: Translator | None = None) -> pd.DataFrame:
    """:func:`timeline_rows` as a data frame with real timestamps."""
    return pd.DataFrame(timeline_rows(events, t), columns=list(timeline_cells(t))).astype(
        {"start": "datetime64[ns]", "end": "datetime64[ns]"})


def undated(table: EventTable) -> np.ndarray:
    """The rows of ``table`` whose event has no date (for the dashboard's "undated" bin), in table order."""
    return np.flatnonzero(~table.dated())


def _axis_dates(t: Translator) -> alt.Axis:
    """The time axis: '3 Mar 2019', or in Arabic '3 آذار 2019' (Syriac month names; Vega has no Arabic locale)."""
    if t.language != "ar":
        return alt.Axis(format="%d %b %Y")
    months = json.dumps(list(SYRIAC_MONTHS), ensure_ascii=False)       # a JSON array is a Vega expression array
    expression = (f"timeFormat(datum.value, '%-d') + ' ' + {months}[month(datum.value)] + ' ' + "
                  "timeFormat(datum.value, '%Y')")
    for digit in "0123456789" if t.digits("0") != "0" else "":
        expression = f"replace({expression}, regexp('{digit}', 'g'), {json.dumps(t.digits(digit))})"
    return alt.Axis(labelExpr=expression)


def _channels(t: Translator) -> dict:
    """The encodings both charts share (one mark an event, or a group): colour and outline by outcome, opacity by
    date precision, fill and dash by review, shape by point or bar, the type axis, the time axis (the bars')."""
    _ = t.gettext
    outcomes = list(OUTCOME_COLOURS)
    scale = alt.Scale(domain=[word(o, t) for o in outcomes], range=[OUTCOME_COLOURS[o] for o in outcomes])
    legend = review_legend(t)
    rtl = t.direction == "rtl"        # right to left: time runs from the right, the types stand on the right
    precision = alt.Scale(domain=[word(p, t) for p in PRECISION_OPACITY], range=list(PRECISION_OPACITY.values()))
    dash = alt.Scale(domain=[word(r, t) for r in REVIEW_DASH], range=list(REVIEW_DASH.values()))
    fill = alt.Scale(domain=[word(r, t) for r in REVIEW_FILL], range=list(REVIEW_FILL.values()))
    shape = alt.Scale(domain=[word(k, t) for k in KIND_SHAPES], range=list(KIND_SHAPES.values()))
    return {
        "color": alt.Color("outcome:N", scale=scale, legend=alt.Legend(orient="bottom", title=_("Outcome"))),
        "stroke": alt.Stroke("outcome:N", scale=scale, legend=None),
        "opacity": alt.Opacity("precision:N", scale=precision,
                               legend=alt.Legend(orient="bottom", title=_("Date precision"))),
        "strokeDash": alt.StrokeDash("review:N", scale=dash, legend=legend),
        "fillOpacity": alt.FillOpacity("review:N", scale=fill, legend=legend),
        "shape": alt.Shape("kind:N", scale=shape,
                           legend=alt.Legend(orient="top", title=_("On the axis:"), direction="horizontal",
                                             titleOrient="left", symbolFillColor="#555", symbolSize=120)),
        "y": alt.Y("event_type:N", title=None, sort="ascending",
                   axis=alt.Axis(labelLimit=220, orient="right" if rtl else "left")),   # full type names
        "x": alt.X("start:T", title=None, axis=_axis_dates(t), scale=alt.Scale(reverse=rtl)),
    }


def _with_shade(layers: list, window: tuple[dt.date, dt.date] | None, height) -> alt.LayerChart:
    """``layers`` over the shaded date ``window``. The shade's layer is there without a window too, with no row, so
    that the chart keeps its shape when a window is first set (the browser then keeps the drawn chart and replaces
    its data; a new shape is a new embed, ~100-200 ms of the page's time at 10,000 events)."""
    rows = [] if window is None else [(pd.Timestamp(window[0]), pd.Timestamp(window[1] + dt.timedelta(days=1)))]
    shade = pd.DataFrame(rows, columns=["start", "end"]).astype("datetime64[ns]")
    layers.insert(0, alt.Chart(shade).mark_rect(color="#fdb863", opacity=0.25).encode(x="start:T", x2="end:T"))
    return alt.layer(*layers).properties(height=height)


def timeline_chart(events: Sequence[Event], *, window: tuple[dt.date, dt.date] | None = None,
                   height: int = 300, t: Translator | None = None) -> alt.Chart | alt.LayerChart:
    """Windows as bars and exact days as points, by event type, coloured by outcome, fainter when less
    precise; drafts hollow and dashed; ``window`` is shaded. The legends say which symbol is which; every word in
    ``t``'s language (English when None)."""
    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    c = _channels(t)
    tooltip = [alt.Tooltip(f"{name}:N", title=title) for name, title in (
        ("id", _("Event")), ("summary", _("Summary")), ("when", _("Date")), ("kind", _("On the axis")),
        ("review", _("Review")), ("people", _("People")), ("outcome", _("Outcome")), ("outlet", _("Outlet")),
        ("disputed", _("Disputed")))]
    shared = {name: c[name] for name in ("y", "color", "stroke", "fillOpacity", "strokeDash")} | {"tooltip": tooltip}
    base = alt.Chart(timeline_frame(events, t))
    bars = base.mark_bar(height=12, cornerRadius=2, strokeWidth=1.5).transform_filter(
        alt.datum.kind == word(WINDOW, t)).encode(x=c["x"], x2="end:T", opacity=c["opacity"], **shared)
    dots = base.mark_point(filled=True, size=60, strokeWidth=1.5).transform_filter(
        alt.datum.kind == word(EXACT_DAY, t)).encode(x="start:T", shape=c["shape"], **shared)
    return _with_shade([bars, dots], window, height)


# -- many events: groups of events instead of one mark each ------------------------------------------------------
BIN_UNITS = ("day", "week", "month", "year")
"""How exact days are grouped, finest first: the finest that keeps the marks within the limit is used ("day" groups
nothing but events of the same day: lossless). Date windows are never binned: a window stays a bar over its own
days, grouped only with events of the very same window."""
GROUP_COLUMNS = ("start", "end", "middle", "event_type", "outcome", "precision", "kind", "review", "count",
                 "events", "period")
BIN_CAPTIONS = {
    "day": N_("Each mark is the events of one day or one date window with the same type, outcome, review and date "
              "precision; its size is their number (hover for the count and the period)."),
    "week": N_("Exact days are grouped by week (a dot in the middle of its week); a date window keeps its own span. "
               "Each mark's size is its number of events (hover for the count and the period)."),
    "month": N_("Exact days are grouped by month (a dot in the middle of its month); a date window keeps its own "
                "span. Each mark's size is its number of events (hover for the count and the period)."),
    "year": N_("Exact days are grouped by year (a dot in the middle of its year); a date window keeps its own span. "
               "Each mark's size is its number of events (hover for the count and the period)."),
}


@dataclass(frozen=True)
class TimelineGroups:
    """The marks of an aggregated timeline: ``rows`` (Arrow, :data:`GROUP_COLUMNS`), one a group of events;
    ``unit``: how exact days were grouped (:data:`BIN_UNITS`); ``events``: the dated events counted."""

    rows: pa.Table
    unit: str
    events: int


def bin_period(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The period of :data:`BIN_UNITS` holding ``day`` (a calendar year, or as :func:`unit_period`)."""
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return unit_period(day, unit)


def _ordinals(values) -> np.ndarray:
    return np.fromiter((-1 if v is None else v.toordinal() for v in values), dtype=np.int64, count=len(values))


def _bins(table: EventTable, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct start day's period of ``unit`` (first and last day, as ordinals)."""
    periods = [bin_period(v, unit) if v is not None else (None, None) for v in table.values["date_start"]]
    return _ordinals([p[0] for p in periods]), _ordinals([p[1] for p in periods])


def _one_key(columns: list[np.ndarray]) -> np.ndarray:
    """One integer a row, equal for rows equal in every column (each column numbered densely, then combined)."""
    key, size = np.zeros(len(columns[0]), np.int64), 1
    for column in columns:
        values, codes = np.unique(np.asarray(column, dtype=np.int64), return_inverse=True)
        if size * max(len(values), 1) >= 2 ** 62:
            size, key = len(key), np.unique(key, return_inverse=True)[1].astype(np.int64)
        key, size = key * max(len(values), 1) + codes.ravel(), size * max(len(values), 1)
    return key


def aggregate_timeline(table: EventTable, t: Translator | None = None, most: int = TIMELINE_MARKS) -> TimelineGroups:
    """The dated events of ``table`` as groups: one a distinct (event type, outcome, review, date precision, point or
    bar, period), where an exact day's period is its day, week, month or year (the finest of :data:`BIN_UNITS`
    giving at most ``most`` groups, else years) and a window's period is the window itself. Worked out on the
    columns (no Python object an event); words in ``t``'s language."""
    t = t or translator(DEFAULT_LANGUAGE)
    table = table.take(table.dated())
    start_codes = table.codes["date_start"]
    start = _ordinals(table.values["date_start"])[start_codes]
    end = _ordinals(table.values["date_end"])[table.codes["date_end"]]
    exact = start == end
    drafts = np.fromiter((v == "draft" for v in table.values["status"]), dtype=bool,
                         count=len(table.values["status"]))[table.codes["status"]]
    fixed = [table.codes["event_type"], table.codes["outcome"], drafts, table.codes["date_precision"], exact]
    for unit in BIN_UNITS:
        first_day, last_day = _bins(table, unit)
        starts = np.where(exact, first_day[start_codes], start)
        ends = np.where(exact, last_day[start_codes], end)
        _, first, counts = np.unique(_one_key([*fixed, starts, ends]), return_index=True, return_counts=True)
        if len(first) <= most:
            break
    return TimelineGroups(_group_rows(table, first, counts, starts, ends, exact, t), unit, len(table))


def _group_rows(table: EventTable, first: np.ndarray, counts: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                exact: np.ndarray, t: Translator) -> pa.Table:
    """One row a group (its first event's row ``first``), as :data:`GROUP_COLUMNS`."""
    words: dict[str, str] = {}

    def said(code: str) -> str:
        if code not in words:
            words[code] = word(code, t)
        return words[code]

    def of(name: str) -> list:
        return list(table.values[name][table.codes[name][first]])

    periods = [(dt.date.fromordinal(int(a)), dt.date.fromordinal(int(b))) for a, b in zip(starts[first], ends[first])]
    timestamp = "{:%Y-%m-%dT%H:%M:%S}".format
    columns = {
        "start": [f"{a.isoformat()}T00:00:00" for a, _ in periods],
        "end": [f"{(b + dt.timedelta(days=1)).isoformat()}T00:00:00" for _, b in periods],   # exclusive
        "middle": [timestamp(dt.datetime.combine(a, dt.time()) + (b - a + dt.timedelta(days=1)) / 2)
                   for a, b in periods],
        "event_type": [said(v) for v in of("event_type")],
        "outcome": [said(v) for v in of("outcome")],
        "precision": [said(v) for v in of("date_precision")],
        "kind": [said(EXACT_DAY if point else WINDOW) for point in exact[first]],
        "review": [said(DRAFT if status == "draft" else REVIEWED) for status in of("status")],
        "count": [int(c) for c in counts],
        "events": [t.digits(f"{int(c):,}") for c in counts],
        "period": [period_title(p, t) for p in periods],
    }
    return pa.table({name: pa.array(columns[name], type=pa.int64() if name == "count" else pa.string())
                     for name in GROUP_COLUMNS})


def _empty_groups() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="int64" if name == "count" else "datetime64[ns]"
                                         if name in ("start", "end", "middle") else object) for name in GROUP_COLUMNS})


def aggregated_chart(groups: pd.DataFrame, *, window: tuple[dt.date, dt.date] | None = None, row_height: int = 28,
                     t: Translator | None = None) -> alt.LayerChart:
    """:func:`timeline_chart` for groups of events (:func:`aggregate_timeline`'s rows as a frame): the same colours,
    shapes, opacities and dashes, each mark as large as its number of events (a dot's area, a bar's thickness);
    the tooltip gives the count and the period, no single event."""
    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    c = _channels(t)
    tooltip = [alt.Tooltip(f"{name}:N", title=title) for name, title in (
        ("events", _("Events")), ("period", _("Period")), ("kind", _("On the axis")), ("event_type", _("Type")),
        ("outcome", _("Outcome")), ("precision", _("Date precision")), ("review", _("Review")))]
    shared = {name: c[name] for name in ("y", "color", "stroke", "fillOpacity", "strokeDash")} | {"tooltip": tooltip}
    # Sizes relative to the largest group of the chart (bars and dots alike): a dot's area, a bar's thickness.
    base = alt.Chart(groups).transform_joinaggregate(most="max(count)")
    windows = base.transform_filter(alt.datum.kind == word(WINDOW, t)).transform_calculate(
        thickness="4 + 14 * sqrt(datum.count / datum.most)")
    days = base.transform_filter(alt.datum.kind == word(EXACT_DAY, t)).transform_calculate(
        area="8 + 82 * datum.count / datum.most")
    bars = windows.mark_bar(cornerRadius=2, strokeWidth=1.5).encode(
        x=c["x"], x2="end:T", opacity=c["opacity"], size=alt.Size("thickness:Q", scale=None), **shared)
    dots = days.mark_point(filled=True, strokeWidth=1.5).encode(
        x="middle:T", shape=c["shape"], size=alt.Size("area:Q", scale=None), **shared)
    # A row a type, each as tall as needed (an aggregated timeline holds every type of a large selection).
    return _with_shade([bars, dots], window, alt.Step(row_height))


def aggregation_caption(groups: TimelineGroups, t: Translator | None = None, most: int = TIMELINE_MARKS) -> str:
    """What an aggregated timeline shows, why, and how to see single events again (in ``t``'s language)."""
    t = t or translator(DEFAULT_LANGUAGE)
    why = t.ngettext("The timeline shows groups of events: {count} dated event is more than the {most} it draws one "
                     "by one (more marks make every filter change slow).",
                     "The timeline shows groups of events: {count} dated events are more than the {most} it draws one "
                     "by one (more marks make every filter change slow).", groups.events)
    narrow = t.gettext("Narrow the filters (dates, outcome, type…) to {most} events or fewer to see single events.")
    most_text = t.digits(f"{most:,}")
    return " ".join([why.format(count=t.digits(f"{groups.events:,}"), most=most_text),
                     t.gettext(BIN_CAPTIONS[groups.unit]), narrow.format(most=most_text)])


_TEMPLATE_WINDOW = (dt.date(2000, 1, 1), dt.date(2000, 1, 1))


@lru_cache(maxsize=8)
def _spec_without_events(t: Translator | None = None, aggregated: bool = False) -> str:
    """The chart built and validated by altair with no events (JSON), once per language: per selection only its
    data changes, and per date window only the shaded window's one row (altair took ~80 ms a window,
    paid on every playback step). Built with a window, so that its shade's dataset has a row (the events' has
    none). ``aggregated``: the chart of groups (:func:`aggregated_chart`)."""
    chart = (aggregated_chart(_empty_groups(), window=_TEMPLATE_WINDOW, t=t) if aggregated
             else timeline_chart([], window=_TEMPLATE_WINDOW, t=t))
    return json.dumps(chart.to_dict())


def _window_rows(window: tuple[dt.date, dt.date] | None) -> list[dict]:
    """The shaded window as altair writes it: ISO timestamps, the end exclusive (the day after); none without one."""
    if window is None:
        return []
    return [{"start": f"{window[0].isoformat()}T00:00:00",
             "end": f"{(window[1] + dt.timedelta(days=1)).isoformat()}T00:00:00"}]


def timeline_spec(events: Sequence[Event], *, window: tuple[dt.date, dt.date] | None = None,
                  t: Translator | None = None) -> dict:
    """The chart as a Vega-Lite dict with the events inline. Any number of rows.

    Same spec as ``timeline_chart(events).to_dict()``, but altair builds and validates only the
    empty chart (once per window); the rows go straight in. At 10k events that saves most of a
    rerun's timeline time.
    """
    rows = timeline_rows(events, t)
    return spec_with_rows(rows, rows_name(rows), window=window, t=t)


def rows_name(rows: Sequence[dict]) -> str:
    """A dataset name that changes with the rows: it says which rows a spec carries. (Streamlit 1.67 keeps the chart
    and replaces a dataset in its view when the dataset's bytes change; the name alone redraws nothing.)"""
    return f"atlas-events-{len(rows)}-{hash(tuple(tuple(row.values()) for row in rows)) & 0xFFFFFFFF:08x}"


NO_WINDOW_DATASET = "atlas-window-none"
"""The shaded window's dataset when no window is set: empty, so the chart keeps its layers (and its spec)."""


def spec_with_rows(rows, name: str, *, window: tuple[dt.date, dt.date] | None = None,
                   t: Translator | None = None, aggregated: bool = False) -> dict:
    """The chart as a Vega-Lite dict whose events dataset, called ``name``, is ``rows``: a list of
    :func:`timeline_rows` (made with the same ``t``) or anything Streamlit takes as a dataset (an Arrow table or
    its bytes). ``aggregated``: ``rows`` are the groups of :func:`aggregate_timeline`, drawn by
    :func:`aggregated_chart`."""
    spec = json.loads(_spec_without_events(t, aggregated))
    renamed, datasets = {}, {}
    for key, values in spec["datasets"].items():
        if not values:                                   # the events' dataset
            renamed[key], datasets[name] = name, rows
        else:                                            # the shaded window's
            shade = _window_rows(tuple(window) if window else None)
            renamed[key] = (f"atlas-window-{shade[0]['start'][:10]}-{shade[0]['end'][:10]}" if shade
                            else NO_WINDOW_DATASET)
            datasets[renamed[key]] = shade
    spec["datasets"] = datasets
    for holder in (spec, *spec.get("layer", ())):
        data = holder.get("data")
        if isinstance(data, dict) and data.get("name") in renamed:
            holder["data"] = {"name": renamed[data["name"]]}
    return spec


# -- playback by calendar unit ---------------------------------------------------------------
PLAY_UNITS = ("day", "week", "month")


def unit_period(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The day, the ISO week (Monday to Sunday) or the calendar month holding ``day``."""
    if unit == "day":
        return day, day
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if unit == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - dt.timedelta(days=1)
    raise ValueError(f"unit {unit!r} is not one of {', '.join(PLAY_UNITS)}")


def _moved(period_start: dt.date, unit: str, steps: int) -> dt.date:
    if unit == "month":
        months = period_start.year * 12 + period_start.month - 1 + steps
        return dt.date(months // 12, months % 12 + 1, 1)
    return period_start + dt.timedelta(days=steps * (7 if unit == "week" else 1))


def step_period(window: tuple[dt.date, dt.date], span: tuple[dt.date, dt.date], unit: str,
                steps: int) -> tuple[dt.date, dt.date]:
    """The ``unit`` period ``steps`` units after the one holding the window's start, clipped to ``span``;
    past the end it wraps to the first period, before the start to the last (for playback)."""
    first, last = span
    start, _ = unit_period(window[0], unit)
    start = _moved(start, unit, steps)
    if start > last:
        start = unit_period(first, unit)[0]
    elif unit_period(start, unit)[1] < first:
        start = unit_period(last, unit)[0]
    period = unit_period(start, unit)
    return max(period[0], first), min(period[1], last)


def period_title(window: tuple[dt.date, dt.date], t: Translator | None = None) -> str:
    """A window in words for the map's title: "14 Mar 2017" or "6 Mar 2017 – 12 Mar 2017" (in ``t``'s language:
    "14 آذار 2017")."""
    t = t or translator(DEFAULT_LANGUAGE)
    start, end = window
    words = [t.date(d) for d in (start, end)]
    return words[0] if start == end else f"{words[0]} – {words[1]}"
