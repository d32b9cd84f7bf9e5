"""A view of the map as the dashboard's address holds it (``view``, ``lang``, ``from``/``to``, ``type``, ``place``,
``event``, ``lat``/``lon``/``zoom`` ...; atlas.ui.view_state writes the same names), read without Streamlit: checked
(:func:`check_view`), as the events filter it asks for (:func:`view_filter`) and as the bounds a map of a given
size shows around its centre (:func:`view_bounds`). A narrative's step (atlas.narratives) is such a view.
"""
from __future__ import annotations

import math
from typing import Mapping

from atlas.exc import AtlasError
from events.filters import EventFilter
from events.vocabulary import PLACE_ROLES, VISIBLE_STATUSES
from geodata.plaintext import text_problem

VIEW_KEYS = ("view", "lang", "type", "outcome", "place", "role", "outlet", "person", "disputed", "undated", "drafts",
             "source", "from", "to", "event", "select", "lat", "lon", "zoom")
"""The address parameters a view may hold (atlas.ui.view_state writes the same names)."""
VIEWS = ("overview", "southern-damascus")   # atlas.map.basemap.VIEWS (checked against it by a test)
LANGUAGES = ("en", "ar")                    # atlas.map.labels.LANGUAGES (likewise)
MAX_VALUE = 2_000


class ViewError(AtlasError, ValueError):
    """A view's address holds a parameter this app does not know, or a value that does not parse."""


def _fail(name: str, message: str):
    raise ViewError(f"{name}: {message}" if name else message)


def _text(name: str, value: str) -> str:
    value = value.strip()
    problem = text_problem(value, MAX_VALUE)
    if problem:
        _fail(name, problem)
    return value


def check_view(view) -> tuple[tuple[str, str], ...]:
    """A view (address parameters) checked: known names, values that parse; returned as sorted pairs."""
    if view is None:
        view = {}
    if not isinstance(view, Mapping):
        _fail("", f"expected an object of address parameters, got {type(view).__name__}")
    unknown = sorted(str(k) for k in view if k not in VIEW_KEYS)
    if unknown:
        _fail("", f"unknown parameter(s) {', '.join(repr(u[:40]) for u in unknown)} (known: "
                  f"{', '.join(VIEW_KEYS)})")
    params = {}
    for name, value in view.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            _fail(name, f"expected text, got {type(value).__name__}")
        params[name] = _text(name, str(value))
    if params.get("view", VIEWS[0]) not in VIEWS:
        _fail("view", f"{params['view'][:40]!r} is not one of {', '.join(VIEWS)}")
    if params.get("lang", "en") not in LANGUAGES:
        _fail("lang", f"{params['lang'][:40]!r} is not one of {', '.join(LANGUAGES)}")
    for name, low, high in (("lat", -85, 85), ("lon", -180, 180), ("zoom", 1, 19)):
        if name in params:
            try:
                number = float(params[name])
            except ValueError:
                number = math.nan
            if not (math.isfinite(number) and low <= number <= high):
                _fail(name, f"{params[name][:40]!r} is not a number from {low} to {high}")
    if len({"lat", "lon", "zoom"} & set(params)) not in (0, 3):
        _fail("", "give lat, lon and zoom together (the map's centre and zoom) or none of them")
    try:
        view_filter(params)
    except (ValueError, AtlasError) as error:
        _fail("", str(error))
    return tuple(sorted(params.items()))


def view_filter(params: Mapping[str, str]) -> EventFilter:
    """The events filter a view's address asks for (the sidebar filters of atlas.ui.filters_panel)."""
    from atlas.catalog import source_statuses

    def items(name):
        return tuple(item for item in params.get(name, "").split(",") if item)

    def flag(name):
        value = params.get(name, "1")
        if value not in ("0", "1"):
            raise ViewError(f"{name}: {value[:40]!r} is not 1 or 0")
        return value == "1"

    disputed = {"any": None, "yes": True, "no": False}
    if params.get("disputed", "any") not in disputed:
        raise ViewError(f"disputed: {params['disputed'][:40]!r} is not one of {', '.join(disputed)}")
    try:
        statuses = source_statuses(params.get("source", "both"), include_drafts=flag("drafts"))
    except AtlasError as error:
        raise ViewError(str(error)) from None
    return EventFilter(date_from=params.get("from") or None, date_to=params.get("to") or None,
                       event_types=items("type"), outcomes=items("outcome"), places=items("place"),
                       place_roles=items("role") or PLACE_ROLES, outlets=items("outlet"),
                       person=params.get("person", ""), disputed=disputed[params.get("disputed", "any")],
                       include_undated=flag("undated"), statuses=statuses or VISIBLE_STATUSES)


def view_bounds(params: Mapping[str, str], width: int, height: int) -> tuple | None:
    """((south, west), (north, east)) that a map of ``width`` x ``height`` CSS pixels shows around the view's
    centre at its zoom (Web Mercator, 256-pixel tiles), or None when the view names no centre."""
    if not {"lat", "lon", "zoom"} <= set(params):
        return None
    lat, lon, zoom = float(params["lat"]), float(params["lon"]), float(params["zoom"])
    world = 256 * 2 ** zoom

    def y_of(latitude):
        s = math.sin(math.radians(latitude))
        return (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * world

    def lat_of(y):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / world))))

    half_lon = width / 2 / world * 360
    centre_y = y_of(lat)
    south, north = lat_of(min(centre_y + height / 2, world)), lat_of(max(centre_y - height / 2, 0))
    return (south, max(lon - half_lon, -180)), (north, min(lon + half_lon, 180))


__all__ = ["VIEW_KEYS", "VIEWS", "LANGUAGES", "ViewError", "check_view", "view_filter", "view_bounds"]
