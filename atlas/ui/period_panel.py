"""The totals-per-period chart under the map; clicking a bar sets the sidebar's date window to its period."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from atlas.cache_keys import EventList, periods_key
from atlas.period_chart import (
    CHART_HEIGHT,
    GROUPINGS,
    MEASURES,
    PERIOD_UNITS,
    SELECTION,
    period_rows,
    period_spec,
    period_window,
)
from atlas.ui.language import _, labels, language, t, words
from events.schema import Event


def _clicked(key: str, dates_key: str, rows: list[dict], span: tuple[dt.date, dt.date] | None) -> None:
    """Runs before the next run (a callback), so the date slider may still take the new window."""
    chosen = (st.session_state.get(key) or {}).get("selection", {}).get(SELECTION) or []
    period = chosen[0].get("period") if chosen and isinstance(chosen[0], dict) else None
    window = period_window(rows, period) if period else None
    if window is None or span is None:
        return
    start, end = max(window[0], span[0]), min(window[1], span[1])
    if start <= end:
        st.session_state[dates_key] = (start, end)


@st.cache_resource(show_spinner=False, max_entries=16)
def _rows_and_spec(cache_key: tuple, _events: EventList, _places, unit: str, grouping: str,
                   measure: str, language: str = "en") -> tuple[list[dict], dict]:
    """Rows and the Vega-Lite spec, once per selection and choice (altair's validation is not paid per rerun)."""
    rows = period_rows(_events.columns(), _places, unit, grouping, language)   # counted on the columns
    return rows, (period_spec(rows, measure, height=CHART_HEIGHT[t().direction], t=t()) if rows else {})


def render_period_chart(events: Sequence[Event], places, span: tuple[dt.date, dt.date] | None, *,
                        key: str = "periods", dates_key: str = "filters-dates") -> None:
    """``events``: the filtered events with every date (so other periods stay clickable); ``span``: the
    slider's range."""
    st.subheader(_("People moved and events per period"))
    unit_column, group_column, measure_column = st.columns(3)
    unit = unit_column.radio(_("Period"), PERIOD_UNITS, horizontal=True, key=f"{key}-unit", format_func=words())
    grouping = group_column.radio(_("Stacked by"), list(GROUPINGS), horizontal=True, key=f"{key}-grouping",
                                  format_func=words())
    measure = measure_column.radio(_("Bars show"), list(MEASURES), format_func=labels(MEASURES), horizontal=True,
                                   key=f"{key}-measure")
    events = EventList.of(events)
    rows, spec = _rows_and_spec((periods_key(events, places, unit, grouping, measure), language()), events, places,
                                unit, grouping, measure, language())
    if not rows:
        st.caption(_("No event in the current filter."))
        return
    st.vega_lite_chart(spec=spec, width="stretch", key=key, selection_mode=SELECTION,
                       on_select=lambda: _clicked(key, dates_key, rows, span))
    st.caption(_("Click a bar to set the date window to its period. Hollow dashed segments are unreviewed drafts; "
                 "the last bar counts undated events. An event counts in the period where its date window starts."))
