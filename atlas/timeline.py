"""The timeline: an exact day is a point, a date window (a "some day in July") a bar as long as the window.

Pure data and chart builders (altair ships with Streamlit, so it renders offline). Undated events
have no place on a time axis; :func:`undated` lists them for the dashboard's "undated" bin. Unreviewed
drafts are drawn hollow and dashed. Playback moves by calendar units (:func:`unit_period`,
:func:`step_period`), not by the window's own length.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Iterable, Sequence

import altair as alt
import pandas as pd
import pyarrow as pa

from atlas.i18n import DEFAULT_LANGUAGE, N_, SYRIAC_MONTHS, Translator, translator
from atlas.map.markup import count_text, date_text
from atlas.map.style import OUTCOME_COLOURS
from atlas.words import word
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


def undated(events: Iterable[Event]) -> list[Event]:
    return [e for e in events if not e.is_dated]


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


def timeline_chart(events: Sequence[Event], *, window: tuple[dt.date, dt.date] | None = None,
                   height: int = 300, t: Translator | None = None) -> alt.Chart | alt.LayerChart:
    """Windows as bars and exact days as points, by event type, coloured by outcome, fainter when less
    precise; drafts hollow and dashed; ``window`` is shaded. The legends say which symbol is which; every word in
    ``t``'s language (English when None)."""
    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    frame = timeline_frame(events, t)
    outcomes = list(OUTCOME_COLOURS)
    scale = alt.Scale(domain=[word(o, t) for o in outcomes], range=[OUTCOME_COLOURS[o] for o in outcomes])
    colour = alt.Color("outcome:N", scale=scale, legend=alt.Legend(orient="bottom", title=_("Outcome")))
    stroke = alt.Stroke("outcome:N", scale=scale, legend=None)
    opacity = alt.Opacity("precision:N", scale=alt.Scale(domain=[word(p, t) for p in PRECISION_OPACITY],
                                                         range=list(PRECISION_OPACITY.values())),
                          legend=alt.Legend(orient="bottom", title=_("Date precision")))
    legend = review_legend(t)
    dash = alt.StrokeDash("review:N", scale=alt.Scale(domain=[word(r, t) for r in REVIEW_DASH],
                                                      range=list(REVIEW_DASH.values())), legend=legend)
    fill = alt.FillOpacity("review:N", scale=alt.Scale(domain=[word(r, t) for r in REVIEW_FILL],
                                                       range=list(REVIEW_FILL.values())), legend=legend)
    shape = alt.Shape("kind:N", scale=alt.Scale(domain=[word(k, t) for k in KIND_SHAPES],
                                                range=list(KIND_SHAPES.values())),
                      legend=alt.Legend(orient="top", title=_("On the axis:"), direction="horizontal",
                                        titleOrient="left", symbolFillColor="#555", symbolSize=120))
    tooltip = [alt.Tooltip(f"{name}:N", title=title) for name, title in (
        ("id", _("Event")), ("summary", _("Summary")), ("when", _("Date")), ("kind", _("On the axis")),
        ("review", _("Review")), ("people", _("People")), ("outcome", _("Outcome")), ("outlet", _("Outlet")),
        ("disputed", _("Disputed")))]
    rtl = t.direction == "rtl"        # right to left: time runs from the right, the types stand on the right
    y = alt.Y("event_type:N", title=None, sort="ascending",
              axis=alt.Axis(labelLimit=220, orient="right" if rtl else "left"))   # full type names
    base = alt.Chart(frame)
    bars = base.mark_bar(height=12, cornerRadius=2, strokeWidth=1.5).transform_filter(
        alt.datum.kind == word(WINDOW, t)).encode(
        x=alt.X("start:T", title=None, axis=_axis_dates(t), scale=alt.Scale(reverse=rtl)), x2="end:T",
        y=y, color=colour, stroke=stroke, opacity=opacity, fillOpacity=fill, strokeDash=dash, tooltip=tooltip)
    dots = base.mark_point(filled=True, size=60, strokeWidth=1.5).transform_filter(
        alt.datum.kind == word(EXACT_DAY, t)).encode(
        x="start:T", y=y, color=colour, stroke=stroke, shape=shape, fillOpacity=fill, strokeDash=dash,
        tooltip=tooltip)
    layers = [bars, dots]
    if window is not None:
        shade = pd.DataFrame([{"start": pd.Timestamp(window[0]), "end": pd.Timestamp(window[1] + dt.timedelta(days=1))}])
        layers.insert(0, alt.Chart(shade).mark_rect(color="#fdb863", opacity=0.25).encode(x="start:T", x2="end:T"))
    return alt.layer(*layers).properties(height=height)


_TEMPLATE_WINDOW = (dt.date(2000, 1, 1), dt.date(2000, 1, 1))


@lru_cache(maxsize=8)
def _spec_without_events(with_window: bool, t: Translator | None = None) -> str:
    """The chart built and validated by altair with no events (JSON), once per language: per selection only its
    data changes, and per date window only the shaded window's one row (altair took ~80 ms a window,
    paid on every playback step)."""
    return json.dumps(timeline_chart([], window=_TEMPLATE_WINDOW if with_window else None, t=t).to_dict())


def _window_rows(window: tuple[dt.date, dt.date]) -> list[dict]:
    """The shaded window as altair writes it: ISO timestamps, the end exclusive (the day after)."""
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
    """A dataset name that changes with the rows (the browser redraws the chart when its data's name changes)."""
    return f"atlas-events-{len(rows)}-{hash(tuple(tuple(row.values()) for row in rows)) & 0xFFFFFFFF:08x}"


def spec_with_rows(rows, name: str, *, window: tuple[dt.date, dt.date] | None = None,
                   t: Translator | None = None) -> dict:
    """The chart as a Vega-Lite dict whose events dataset, called ``name``, is ``rows``: a list of
    :func:`timeline_rows` (made with the same ``t``) or anything Streamlit takes as a dataset (an Arrow table or
    its bytes)."""
    spec = json.loads(_spec_without_events(window is not None, t))
    renamed, datasets = {}, {}
    for key, values in spec["datasets"].items():
        if not values:                                   # the events' dataset
            renamed[key], datasets[name] = name, rows
        else:                                            # the shaded window's
            shade = _window_rows(tuple(window))
            renamed[key] = f"atlas-window-{shade[0]['start'][:10]}-{shade[0]['end'][:10]}"
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
