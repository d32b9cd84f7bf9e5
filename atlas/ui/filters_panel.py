"""Sidebar filters: the widgets that build an ``EventFilter`` (plus stepping/playback through time)."""
from __future__ import annotations

import datetime as dt
import time
from typing import Sequence

import streamlit as st

from atlas.cache_keys import EventList, data_key
from atlas.catalog import SOURCES, source_statuses
from atlas.i18n import N_
from atlas.timeline import PLAY_UNITS, period_title, step_period
from atlas.ui.language import _, labels, place_names, t, w, words
from events.filters import PLACE_ROLES, EventFilter, date_span
from events.schema import Event

DISPUTED_CHOICES = {"any": None, "disputed only": True, "undisputed only": False}
DISPUTED_LABELS = {"any": N_("any"), "disputed only": N_("disputed only"), "undisputed only": N_("undisputed only")}
PLAY_INTERVAL_S = 1.5
PLAY_SPEEDS = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0)      # seconds per step
PLAYBACK_ROW = "atlas-playback"
"""The back / play / step buttons, side by side in the sidebar, each as wide as its label, with less padding (the
page's stylesheet, :data:`atlas.ui.selection_view.LAYOUT_CSS`). In three equal columns (~69 px) with Streamlit's
12 px of padding a side, the Arabic labels were cut to "تش…" and "خطو…"; now the longest row ("◀ رجوع",
"⏸ إيقاف مؤقت", "خطوة ▶") fits the sidebar in one line."""
SOURCE_LABELS = {"curated": N_("curated table"), "team": N_("team"), "both": N_("both")}


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


def _unit(key: str) -> str:
    return st.session_state.get(f"{key}-unit") or "week"


def _step(key: str, span: tuple[dt.date, dt.date], steps: int) -> None:
    """Move the date window by ``steps`` of the chosen unit (a day, week or month), whatever its length."""
    dates_key = f"{key}-dates"
    window = st.session_state.get(dates_key, span)
    st.session_state[dates_key] = step_period(tuple(window), span, _unit(key), steps)


def _toggle_play(key: str, span: tuple[dt.date, dt.date]) -> None:
    playing = not st.session_state.get(f"{key}-playing", False)
    st.session_state[f"{key}-playing"] = playing
    if playing:                 # start on the unit holding the window's start, not on the whole window
        _step(key, span, 0)


def _playback(key: str, interval: float) -> None:
    """While playing, ask for one step forward every ``interval`` seconds.

    The step itself is applied at the top of the next full run (before the slider exists), since a
    widget's value may not change after the widget is drawn in a run.
    """
    @st.fragment(run_every=interval)
    def tick():
        now = time.monotonic()
        if now - st.session_state.get(f"{key}-played-at", 0.0) >= interval * 0.9:
            st.session_state[f"{key}-played-at"] = now
            st.session_state[f"{key}-pending-steps"] = 1
            st.rerun(scope="app")
    tick()


def map_title(event_filter: EventFilter, key: str = "filters") -> str:
    """The map's title: the dates of the window (the playback step) it shows."""
    if event_filter.date_from is None or event_filter.date_to is None:
        return _("Map · all dates")
    playing = (" · " + _("playing by {unit}").format(unit=w(_unit(key)))) if st.session_state.get(f"{key}-playing") \
        else ""
    period = period_title((event_filter.date_from, event_filter.date_to), t())
    return _("Map · {period}").format(period=period) + playing


def _multiselect(label: str, options, **kwargs):
    """st.multiselect with its empty-state text in the interface language."""
    return st.multiselect(label, options, placeholder=_("Choose options"), **kwargs)


def render_filters(events: Sequence[Event], places, *, key: str = "filters") -> EventFilter:
    """Filter widgets for ``events``; returns the filter they describe. Every widget has a key."""
    st.header(_("Filters"))
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
            _step(key, span, 1)
        date_from, date_to = st.slider(_("Date window"), min_value=span[0], max_value=span[1], key=dates_key,
                                       format="YYYY-MM-DD",
                                       help=_("Events whose date window overlaps this range are shown."))
        st.radio(_("Step by"), PLAY_UNITS, format_func=words(), index=PLAY_UNITS.index("week"), horizontal=True,
                 key=f"{key}-unit",
                 help=_("Step and playback move the window to the previous or next day, week or month"))
        speed = st.select_slider(_("Playback speed (seconds a step)"), PLAY_SPEEDS, value=PLAY_INTERVAL_S,
                                 key=f"{key}-speed")
        playing = st.session_state.get(f"{key}-playing", False)
        row = st.container(key=PLAYBACK_ROW, horizontal=True, gap="xsmall")   # each button as wide as its label
        row.button(_("◀ back"), key=f"{key}-back", on_click=_step, args=(key, span, -1),
                   help=_("Move the window to the previous unit"))
        row.button(_("⏸ pause") if playing else _("▶ play"), key=f"{key}-play", on_click=_toggle_play,
                   args=(key, span),
                   help=_("Step forward automatically (wraps at the end)"))
        row.button(_("step ▶"), key=f"{key}-forward", on_click=_step, args=(key, span, 1),
                   help=_("Move the window to the next unit"))
        if playing:
            _playback(key, speed)
    include_undated = st.checkbox(_("Include undated events"), value=True, key=f"{key}-undated")

    event_types = _multiselect(_("Event type"), choices["event_type"], key=f"{key}-types", format_func=words())
    outcomes = _multiselect(_("Outcome"), choices["outcome"], key=f"{key}-outcomes", format_func=words())
    chosen_places = _multiselect(_("Place"), choices["places"], key=f"{key}-places",
                                   format_func=place_names(places))
    roles = _multiselect(_("…as"), PLACE_ROLES, format_func=words(), default=list(PLACE_ROLES), key=f"{key}-roles",
                           help=_("Which part of an event the chosen places must fill")) or list(PLACE_ROLES)
    outlets = _multiselect(_("Outlet"), choices["outlet"], key=f"{key}-outlets")
    person = st.text_input(_("Named person contains"), key=f"{key}-person", max_chars=80)
    disputed = st.radio(_("Disputed"), list(DISPUTED_CHOICES), horizontal=True,
                        format_func=labels(DISPUTED_LABELS), key=f"{key}-disputed")
    min_outlets = st.number_input(_("At least N independent outlets"), min_value=0, max_value=10, value=0, step=1,
                                  key=f"{key}-min-outlets",
                                  help=_("Only events reported or confirmed by this many independent outlets "
                                         "(a report citing another outlet counts as that outlet); 0 or 1 = all"))
    show_drafts = st.toggle(_("Show draft (unverified) team events"), value=True, key=f"{key}-drafts",
                            help=_("Drafts are saved by the team but not yet checked by an editor"))
    source = st.radio(_("Events from"), SOURCES, index=SOURCES.index("both"),
                      format_func=labels(SOURCE_LABELS),
                      horizontal=True, key=f"{key}-source",
                      help=_("The reviewed curated table, the team's own events, or both; exports follow this choice"))
    statuses = source_statuses(source, include_drafts=show_drafts)
    return EventFilter(date_from=date_from, date_to=date_to, event_types=event_types, outcomes=outcomes,
                       places=chosen_places, place_roles=roles, outlets=outlets, person=person,
                       disputed=DISPUTED_CHOICES[disputed], include_undated=include_undated,
                       statuses=statuses, min_outlets=int(min_outlets))


def _place_label(places, place_id: str) -> str:
    place = places.get(place_id) if places is not None else None
    return place.label() if place is not None else place_id
