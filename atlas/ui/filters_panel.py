"""Sidebar filters: the widgets that build an ``EventFilter`` (plus stepping/playback through time)."""
from __future__ import annotations

import datetime as dt
import time
from typing import Sequence

import streamlit as st

from atlas.cache_keys import EventList, data_key
from atlas.catalog import SOURCES, source_statuses
from atlas.timeline import shift_window
from events.filters import PLACE_ROLES, EventFilter, date_span
from events.schema import Event

DISPUTED_CHOICES = {"any": None, "disputed only": True, "undisputed only": False}
PLAY_INTERVAL_S = 1.5
SOURCE_LABELS = {"curated": "curated table", "team": "team", "both": "both"}


def _options(events: Sequence[Event], attribute: str) -> list[str]:
    return sorted({getattr(e, attribute) for e in events if getattr(e, attribute)})


@st.cache_resource(show_spinner=False, max_entries=8)
def _choices(cache_key: tuple, _events: tuple[Event, ...], _places) -> dict[str, list[str]]:
    """Every widget's options, once per data (not on every rerun)."""
    place_ids = sorted({pid for e in _events for pid in e.place_ids},
                       key=lambda pid: _place_label(_places, pid).casefold())
    return {"event_type": _options(_events, "event_type"),
            "outcome": _options(_events, "outcome"), "outlet": _options(_events, "outlet"), "places": place_ids}


@st.cache_resource(show_spinner=False, max_entries=8)
def _span(cache_key: int, _events: tuple[Event, ...]) -> tuple[dt.date, dt.date] | None:
    return date_span(_events)


def event_span(events: Sequence[Event]) -> tuple[dt.date, dt.date] | None:
    """``events.filters.date_span`` of ``events``, once per data (the slider and the dashboard both ask)."""
    events = EventList.of(events)
    return _span(events.key, events)


def _step(key: str, span: tuple[dt.date, dt.date], steps: int) -> None:
    window = st.session_state.get(key, span)
    st.session_state[key] = shift_window(tuple(window), span, steps)


def _playback(key: str) -> None:
    """While "play" is on, ask for one step forward every PLAY_INTERVAL_S seconds.

    The step itself is applied at the top of the next full run (before the slider exists), since a
    widget's value may not change after the widget is drawn in a run.
    """
    @st.fragment(run_every=PLAY_INTERVAL_S)
    def tick():
        now = time.monotonic()
        if now - st.session_state.get(f"{key}-played-at", 0.0) >= PLAY_INTERVAL_S * 0.9:
            st.session_state[f"{key}-played-at"] = now
            st.session_state[f"{key}-pending-steps"] = 1
            st.rerun(scope="app")
    tick()


def render_filters(events: Sequence[Event], places, *, key: str = "filters") -> EventFilter:
    """Filter widgets for ``events``; returns the filter they describe. Every widget has a key."""
    st.header("Filters")
    events = EventList.of(events)
    choices = _choices(data_key(events, places), events, places)
    span = event_span(events)
    date_from = date_to = None
    if span is not None and span[0] < span[1]:
        dates_key = f"{key}-dates"
        current = st.session_state.get(dates_key)
        if current is None or current[0] < span[0] or current[1] > span[1]:   # new data moved the span
            st.session_state[dates_key] = span
        if st.session_state.pop(f"{key}-pending-steps", 0):
            _step(dates_key, span, 1)
        date_from, date_to = st.slider("Date window", min_value=span[0], max_value=span[1], key=dates_key,
                                       format="YYYY-MM-DD",
                                       help="Events whose date window overlaps this range are shown.")
        back, forward = st.columns(2)
        back.button("◀ step", key=f"{key}-back", on_click=_step, args=(dates_key, span, -1),
                    help="Move the window back by its own length")
        forward.button("step ▶", key=f"{key}-forward", on_click=_step, args=(dates_key, span, 1),
                       help="Move the window forward by its own length")
        if st.toggle("Play through time", key=f"{key}-play",
                     help=f"Step forward automatically every {PLAY_INTERVAL_S:g} s (wraps at the end)"):
            _playback(key)
    include_undated = st.checkbox("Include undated events", value=True, key=f"{key}-undated")

    event_types = st.multiselect("Event type", choices["event_type"], key=f"{key}-types")
    outcomes = st.multiselect("Outcome", choices["outcome"], key=f"{key}-outcomes")
    chosen_places = st.multiselect("Place", choices["places"], key=f"{key}-places",
                                   format_func=lambda pid: _place_label(places, pid))
    roles = st.multiselect("…as", PLACE_ROLES, default=list(PLACE_ROLES), key=f"{key}-roles",
                           help="Which part of an event the chosen places must fill") or list(PLACE_ROLES)
    outlets = st.multiselect("Outlet", choices["outlet"], key=f"{key}-outlets")
    person = st.text_input("Named person contains", key=f"{key}-person", max_chars=80)
    disputed = st.radio("Disputed", list(DISPUTED_CHOICES), horizontal=True, key=f"{key}-disputed")
    show_drafts = st.toggle("Show draft (unverified) team events", value=True, key=f"{key}-drafts",
                            help="Drafts are saved by the team but not yet checked by an editor")
    source = st.radio("Events from", SOURCES, index=SOURCES.index("both"), format_func=SOURCE_LABELS.get,
                      horizontal=True, key=f"{key}-source",
                      help="The reviewed curated table, the team's own events, or both; exports follow this choice")
    statuses = source_statuses(source, include_drafts=show_drafts)
    return EventFilter(date_from=date_from, date_to=date_to, event_types=event_types, outcomes=outcomes,
                       places=chosen_places, place_roles=roles, outlets=outlets, person=person,
                       disputed=DISPUTED_CHOICES[disputed], include_undated=include_undated,
                       statuses=statuses)


def _place_label(places, place_id: str) -> str:
    place = places.get(place_id) if places is not None else None
    return place.label() if place is not None else place_id
