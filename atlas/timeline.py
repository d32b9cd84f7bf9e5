"""The timeline: each dated event drawn as its date window, so a "some day in July" shows as a month.

Pure data and chart builders (altair ships with Streamlit, so it renders offline). Undated events
have no place on a time axis; :func:`undated` lists them for the dashboard to show apart.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Iterable, Sequence

import altair as alt
import pandas as pd

from atlas.map.markup import count_text, date_text
from atlas.map.style import OUTCOME_COLOURS
from events.schema import Event

PRECISION_OPACITY = {"day": 1.0, "week": 0.8, "month": 0.55, "year": 0.35, "unknown": 0.35}
COLUMNS = ("id", "start", "end", "precision", "event_type", "outcome", "summary", "when", "people", "outlet",
           "disputed")


def timeline_rows(events: Iterable[Event]) -> list[dict]:
    """One row per dated event, dates as ISO timestamps; ``end`` is exclusive (the day after), so a
    one-day window has width."""
    return [{
        "id": e.id, "start": f"{e.date_start.isoformat()}T00:00:00",
        "end": f"{(e.date_end + dt.timedelta(days=1)).isoformat()}T00:00:00",
        "precision": e.date_precision, "event_type": e.event_type, "outcome": e.outcome, "summary": e.summary_en,
        "when": date_text(e), "people": count_text(e), "outlet": e.outlet, "disputed": "yes" if e.disputed else "no",
    } for e in events if e.is_dated]


def timeline_frame(events: Iterable[Event]) -> pd.DataFrame:
    """:func:`timeline_rows` as a data frame with real timestamps."""
    return pd.DataFrame(timeline_rows(events), columns=list(COLUMNS)).astype(
        {"start": "datetime64[ns]", "end": "datetime64[ns]"})


def undated(events: Iterable[Event]) -> list[Event]:
    return [e for e in events if not e.is_dated]


def timeline_chart(events: Sequence[Event], *, window: tuple[dt.date, dt.date] | None = None,
                   height: int = 220) -> alt.Chart | alt.LayerChart:
    """Intervals by event type, coloured by outcome, fainter when less precise; ``window`` is shaded."""
    frame = timeline_frame(events)
    outcomes = list(OUTCOME_COLOURS)
    colour = alt.Color("outcome:N", scale=alt.Scale(domain=outcomes, range=[OUTCOME_COLOURS[o] for o in outcomes]),
                       legend=alt.Legend(orient="bottom", title="Outcome"))
    opacity = alt.Opacity("precision:N", scale=alt.Scale(domain=list(PRECISION_OPACITY),
                                                         range=list(PRECISION_OPACITY.values())),
                          legend=alt.Legend(orient="bottom", title="Date precision"))
    tooltip = [alt.Tooltip(f"{name}:N", title=title) for name, title in (
        ("id", "Event"), ("summary", "Summary"), ("when", "Date"), ("people", "People"), ("outcome", "Outcome"),
        ("outlet", "Outlet"), ("disputed", "Disputed"))]
    y = alt.Y("event_type:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=220))   # full type names
    base = alt.Chart(frame)
    bars = base.mark_bar(height=12, cornerRadius=2).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%d %b %Y")), x2="end:T",
        y=y, color=colour, opacity=opacity, tooltip=tooltip)
    # A dot at each window's start keeps one-day events visible on a months-long axis.
    dots = base.mark_point(filled=True, size=45).encode(x="start:T", y=y, color=colour, tooltip=tooltip)
    layers = [bars, dots]
    if window is not None:
        shade = pd.DataFrame([{"start": pd.Timestamp(window[0]), "end": pd.Timestamp(window[1] + dt.timedelta(days=1))}])
        layers.insert(0, alt.Chart(shade).mark_rect(color="#fdb863", opacity=0.25).encode(x="start:T", x2="end:T"))
    return alt.layer(*layers).properties(height=height)


_TEMPLATE_WINDOW = (dt.date(2000, 1, 1), dt.date(2000, 1, 1))


@lru_cache(maxsize=2)
def _spec_without_events(with_window: bool) -> str:
    """The chart built and validated by altair with no events (JSON), once: per selection only its
    data changes, and per date window only the shaded window's one row (altair took ~80 ms a window,
    paid on every playback step)."""
    return json.dumps(timeline_chart([], window=_TEMPLATE_WINDOW if with_window else None).to_dict())


def _window_rows(window: tuple[dt.date, dt.date]) -> list[dict]:
    """The shaded window as altair writes it: ISO timestamps, the end exclusive (the day after)."""
    return [{"start": f"{window[0].isoformat()}T00:00:00",
             "end": f"{(window[1] + dt.timedelta(days=1)).isoformat()}T00:00:00"}]


def timeline_spec(events: Sequence[Event], *, window: tuple[dt.date, dt.date] | None = None) -> dict:
    """The chart as a Vega-Lite dict with the events inline. Any number of rows.

    Same spec as ``timeline_chart(events).to_dict()``, but altair builds and validates only the
    empty chart (once per window); the rows go straight in. At 10k events that saves most of a
    rerun's timeline time.
    """
    rows = timeline_rows(events)
    return spec_with_rows(rows, rows_name(rows), window=window)


def rows_name(rows: Sequence[dict]) -> str:
    """A dataset name that changes with the rows (the browser redraws the chart when its data's name changes)."""
    return f"atlas-events-{len(rows)}-{hash(tuple(tuple(row.values()) for row in rows)) & 0xFFFFFFFF:08x}"


def spec_with_rows(rows, name: str, *, window: tuple[dt.date, dt.date] | None = None) -> dict:
    """The chart as a Vega-Lite dict whose events dataset, called ``name``, is ``rows``: a list of
    :func:`timeline_rows` or anything Streamlit takes as a dataset (an Arrow table or its bytes)."""
    spec = json.loads(_spec_without_events(window is not None))
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


def step_windows(first: dt.date, last: dt.date, days: int) -> list[tuple[dt.date, dt.date]]:
    """Consecutive windows of ``days`` covering first..last, for stepping and playback through time."""
    if days < 1:
        raise ValueError(f"a step window needs at least one day, got {days}")
    if last < first:
        raise ValueError(f"last date {last} is before first date {first}")
    windows, start = [], first
    while start <= last:
        end = min(start + dt.timedelta(days=days - 1), last)
        windows.append((start, end))
        start = end + dt.timedelta(days=1)
    return windows


def shift_window(window: tuple[dt.date, dt.date], span: tuple[dt.date, dt.date],
                 steps: int) -> tuple[dt.date, dt.date]:
    """The same-length window moved by ``steps`` lengths, kept inside ``span`` (wraps at the ends for playback)."""
    (start, end), (first, last) = window, span
    length = (end - start).days + 1
    start = start + dt.timedelta(days=steps * length)
    if start > last:
        start = first
    elif start + dt.timedelta(days=length - 1) < first:
        start = max(first, last - dt.timedelta(days=length - 1))
    start = max(start, first)
    return start, min(start + dt.timedelta(days=length - 1), last)
