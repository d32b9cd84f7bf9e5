"""The dashboard's view in the address bar (``st.query_params``), so a view can be sent to a colleague and the
browser's back button steps back through views.

The address holds what makes a view: the filters and the time window (the sidebar's widgets), the map view and
the label language, the selected event or map feature, and the map's centre and zoom once the analyst has moved
it. Only what differs from the defaults is written.

Each run: :func:`read_address` first (before any widget): when the address is not the one this session last
wrote (a pasted link, a new browser, the back button), its values are put into the widgets' state; a value that
does not parse or names nothing known is left out with a clear notice, the default kept. Then, once every widget
has drawn, :func:`write_address` writes the view back; Streamlit pushes a new history entry for it.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from atlas.map.basemap import VIEWS
from atlas.map.labels import DEFAULT_LANGUAGE, LANGUAGES
from atlas.map.selection import parse_selection
from events.filters import PLACE_ROLES

LAST_WRITTEN = "atlas__address"          # the query this session wrote last (as a sorted tuple of pairs)
NOTICE = "atlas__address_notice"
MAP_VIEW = "atlas__map_view"             # (lat, lon, zoom) asked for by the address, for the map component
MAX_TEXT = 200
DISPUTED = {"any": "any", "yes": "disputed only", "no": "undisputed only"}
SOURCES = ("curated", "team", "both")


@dataclass(frozen=True)
class Choices:
    """What the address may name: the values the sidebar's widgets offer, and the events there are."""

    event_types: Sequence[str] = ()
    outcomes: Sequence[str] = ()
    places: Sequence[str] = ()
    outlets: Sequence[str] = ()
    event_ids: Sequence[str] = ()
    span: tuple[dt.date, dt.date] | None = None


@dataclass
class Reading:
    """Widget state read from an address, and what could not be read."""

    state: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    map_view: tuple[float, float, float] | None = None


def _items(value: str) -> list[str]:
    return [item for item in (value or "").split(",") if item]


def _listed(name: str, value: str, allowed: Sequence[str], reading: Reading, what: str) -> list[str]:
    items, known = _items(value), set(allowed)
    bad = [item for item in items if item not in known]
    if bad:
        reading.problems.append(f"{name}: {', '.join(repr(b[:40]) for b in bad[:5])} is not {what}")
    return [item for item in items if item in known]


def _date(name: str, value: str, reading: Reading) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        reading.problems.append(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)")
        return None


def _number(name: str, value: str, low: float, high: float, reading: Reading) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not (math.isfinite(number) and low <= number <= high):
        reading.problems.append(f"{name}: {value[:40]!r} is not a number from {low:g} to {high:g}")
        return None
    return number


def _flag(name: str, value: str, reading: Reading) -> bool | None:
    if value in ("1", "0"):
        return value == "1"
    reading.problems.append(f"{name}: {value[:40]!r} is not 1 or 0")
    return None


def parse_address(params: Mapping[str, str], choices: Choices, *, filters: str = "filters",
                  map_key: str = "map") -> Reading:
    """The widget state an address asks for (every widget the address can set gets its value or its default) and
    the problems found; never raises. ``filters``/``map_key``: the widget-key prefixes of the sidebar filters and
    of the map panel."""
    reading = Reading()
    state = reading.state
    get = {name: str(value) for name, value in params.items()}

    state[f"{map_key}-view"] = VIEWS[0]
    if "view" in get:
        if get["view"] in VIEWS:
            state[f"{map_key}-view"] = get["view"]
        else:
            reading.problems.append(f"view: {get['view'][:40]!r} is not one of {', '.join(VIEWS)}")
    state[f"{map_key}-lang"] = DEFAULT_LANGUAGE
    if "lang" in get:
        if get["lang"] in LANGUAGES:
            state[f"{map_key}-lang"] = get["lang"]
        else:
            reading.problems.append(f"lang: {get['lang'][:40]!r} is not one of {', '.join(LANGUAGES)}")

    state[f"{filters}-types"] = _listed("type", get.get("type", ""), choices.event_types, reading, "an event type")
    state[f"{filters}-outcomes"] = _listed("outcome", get.get("outcome", ""), choices.outcomes, reading,
                                           "an outcome")
    state[f"{filters}-places"] = _listed("place", get.get("place", ""), choices.places, reading,
                                         "a place of these events")
    roles = _listed("role", get.get("role", ""), PLACE_ROLES, reading, "a place role")
    state[f"{filters}-roles"] = roles or list(PLACE_ROLES)
    state[f"{filters}-outlets"] = _listed("outlet", get.get("outlet", ""), choices.outlets, reading, "an outlet")
    person = get.get("person", "")
    if len(person) > 80:
        reading.problems.append("person: longer than 80 characters")
        person = ""
    state[f"{filters}-person"] = person
    disputed = get.get("disputed", "any")
    if disputed not in DISPUTED:
        reading.problems.append(f"disputed: {disputed[:40]!r} is not one of {', '.join(DISPUTED)}")
        disputed = "any"
    state[f"{filters}-disputed"] = DISPUTED[disputed]
    for name, key, default in (("undated", "undated", True), ("drafts", "drafts", True)):
        value = _flag(name, get[name], reading) if name in get else None
        state[f"{filters}-{key}"] = default if value is None else value
    source = get.get("source", "both")
    if source not in SOURCES:
        reading.problems.append(f"source: {source[:40]!r} is not one of {', '.join(SOURCES)}")
        source = "both"
    state[f"{filters}-source"] = source

    if choices.span is not None:
        low, high = choices.span
        start = _date("from", get["from"], reading) if "from" in get else None
        end = _date("to", get["to"], reading) if "to" in get else None
        start = low if start is None else min(max(start, low), high)
        end = high if end is None else min(max(end, low), high)
        if start > end:
            reading.problems.append("from/to: the window starts after it ends")
            start, end = low, high
        state[f"{filters}-dates"] = (start, end)

    details = None
    if "event" in get:
        if get["event"] in set(choices.event_ids):
            details = ("pick", get["event"])
        else:
            reading.problems.append(f"event: {get['event'][:40]!r} is not an event shown here")
    elif "select" in get:
        selection = parse_selection(f"⟦{get['select'][:MAX_TEXT]}⟧".replace("events:", "events@", 1))
        if selection is None:
            reading.problems.append(f"select: {get['select'][:40]!r} is not a map selection")
        else:
            details = ("map", selection.token)
    state[f"{map_key}-details"] = details
    state[f"{map_key}-pick"] = details[1] if details and details[0] == "pick" else None   # the picker shows it
    state[f"{map_key}-last-tooltip"] = details[1] if details and details[0] == "map" else None

    if any(name in get for name in ("lat", "lon", "zoom")):
        lat = _number("lat", get.get("lat", ""), -85, 85, reading)
        lon = _number("lon", get.get("lon", ""), -180, 180, reading)
        zoom = _number("zoom", get.get("zoom", ""), 1, 19, reading)
        if None not in (lat, lon, zoom):
            reading.map_view = (lat, lon, zoom)
    return reading


def address_of(state: Mapping, *, span: tuple[dt.date, dt.date] | None, map_view: tuple | None,
               filters: str = "filters", map_key: str = "map") -> dict[str, str]:
    """The address (query parameters) of the view the widgets show; defaults are left out."""
    params: dict[str, str] = {}
    view = state.get(f"{map_key}-view", VIEWS[0])
    if view != VIEWS[0]:
        params["view"] = view
    language = state.get(f"{map_key}-lang", DEFAULT_LANGUAGE)
    if language != DEFAULT_LANGUAGE:
        params["lang"] = language
    for name, key in (("type", "types"), ("outcome", "outcomes"), ("place", "places"), ("outlet", "outlets")):
        values = [str(v) for v in state.get(f"{filters}-{key}") or ()]
        if values:
            params[name] = ",".join(values)
    roles = list(state.get(f"{filters}-roles") or PLACE_ROLES)
    if set(roles) != set(PLACE_ROLES):
        params["role"] = ",".join(roles)
    person = state.get(f"{filters}-person") or ""
    if person:
        params["person"] = person
    disputed = {label: name for name, label in DISPUTED.items()}.get(state.get(f"{filters}-disputed"), "any")
    if disputed != "any":
        params["disputed"] = disputed
    for name in ("undated", "drafts"):
        if state.get(f"{filters}-{name}", True) is False:
            params[name] = "0"
    source = state.get(f"{filters}-source", "both")
    if source != "both":
        params["source"] = source
    window = state.get(f"{filters}-dates")
    if span is not None and window is not None and tuple(window) != tuple(span):
        params["from"], params["to"] = window[0].isoformat(), window[1].isoformat()
    details = state.get(f"{map_key}-details")
    if details and details[0] == "pick" and details[1]:
        params["event"] = str(details[1])
    elif details and details[0] == "map":
        selection = parse_selection(details[1])
        if selection is not None:
            params["select"] = selection.token.strip("⟦⟧").replace("@", ":", 1)
    if map_view is not None:
        lat, lon, zoom = map_view
        params.update(lat=f"{lat:.4f}", lon=f"{lon:.4f}", zoom=f"{zoom:g}")
    return params


def _canonical(params: Mapping[str, str]) -> tuple:
    return tuple(sorted((str(k), str(v)) for k, v in params.items()))


def read_address(choices: Choices | Callable[[], Choices], *, filters: str = "filters", map_key: str = "map") -> None:
    """Put the address's view into the widgets' state, unless this session wrote that address itself. Call
    before any widget is drawn; :func:`render_notice` shows what could not be read. ``choices`` may be a function
    (it is then only called when there is an address to read)."""
    current = _canonical(st.query_params.to_dict())
    if st.session_state.get(LAST_WRITTEN) == current:
        return
    choices = choices() if callable(choices) else choices
    reading = parse_address(dict(current), choices, filters=filters, map_key=map_key)
    defaults = parse_address({}, choices, filters=filters, map_key=map_key).state
    for key, value in reading.state.items():
        # A widget not drawn yet starts at its default anyway: set only what differs (or what it holds now).
        if key in st.session_state or value != defaults.get(key):
            st.session_state[key] = value
    st.session_state[MAP_VIEW] = reading.map_view
    st.session_state[f"{map_key}-moved"] = reading.map_view
    st.session_state[NOTICE] = reading.problems
    st.session_state[LAST_WRITTEN] = current


def render_notice(plain: Callable[[str], str]) -> None:
    """One notice naming what the address asked for that could not be used (kept until the address changes)."""
    problems = st.session_state.get(NOTICE) or []
    if problems:
        st.info(plain("Some settings in the address were not understood and were left at their defaults: "
                      + "; ".join(problems[:8]) + "."), icon=":material/link_off:")


def requested_map_view() -> tuple[float, float, float] | None:
    """The map centre and zoom the address asked for (the map component is turned there), or None."""
    return st.session_state.get(MAP_VIEW)


def write_address(*, span: tuple[dt.date, dt.date] | None, filters: str = "filters", map_key: str = "map",
                  extra: Mapping[str, str] | None = None) -> None:
    """Write the view the widgets show into the address (a new history entry when it changed); ``extra``: more
    parameters to keep there (the narrative and step being played, atlas.ui.narrative_panel)."""
    params = address_of(st.session_state, span=span, map_view=st.session_state.get(f"{map_key}-moved"),
                        filters=filters, map_key=map_key)
    params.update(extra or {})
    wanted = _canonical(params)
    if wanted != _canonical(st.query_params.to_dict()):
        st.query_params.from_dict(params)
    st.session_state[LAST_WRITTEN] = wanted


def address_choices(events, places, span: tuple[dt.date, dt.date] | None) -> Choices:
    """What an address may name for these events (the values the sidebar offers)."""
    return Choices(event_types=sorted({e.event_type for e in events}), outcomes=sorted({e.outcome for e in events}),
                   places=sorted({pid for e in events for pid in e.place_ids}),
                   outlets=sorted({e.outlet for e in events if e.outlet}), event_ids=[e.id for e in events],
                   span=span)
