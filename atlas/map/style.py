"""How the map looks: one colour per outcome and per event type, line widths, precision in words, and the
legend rows for what a map of some events draws. The snapshot frame and the KML read them from here."""
from __future__ import annotations

import math

from geodata.place import Place

OUTCOME_COLOURS = {
    "arrived": "#1b7837",
    "captured": "#b2182b",
    "blocked": "#762a83",
    "unknown": "#4d4d4d",
    "not_applicable": "#2166ac",
}


EVENT_TYPE_COLOURS = {
    "arrest": "#b2182b", "capture": "#b2182b", "defection": "#e08214", "agreement": "#2166ac",
    "security_campaign": "#542788", "road_closure": "#8c510a", "road_opening": "#35978f",
    "movement_blocked": "#762a83", "claim": "#878787", "denial": "#878787",
}


DEFAULT_POINT_COLOUR = "#01665e"


def route_weight(people: tuple[int, int | None] | None) -> float:
    """Line width in pixels: grows with the logarithm of the people moved (unknown = thin)."""
    if people is None:
        return 2.5
    return round(2.5 + 2.5 * math.log10(1 + people[0]), 2)


def precision_text(place: Place) -> str:
    if not place.is_approximate:
        return "exact point"
    return f"approximate ({place.precision}, ±{place.uncertainty_m / 1000:.1f} km)"


def legend_rows(events) -> list[tuple[str, str, str]]:
    """(shape, colour, label) rows for what the map draws, in the map builder's own colours.

    Only what the snapshot's events put on the map is listed, so the legend stays short and true.
    """
    routes = [e for e in events if e.is_route]
    rows = [("line", colour, f"Route, outcome: {outcome.replace('_', ' ')}")
            for outcome, colour in OUTCOME_COLOURS.items() if any(e.outcome == outcome for e in routes)]
    if routes:
        rows.append(("dashed", OUTCOME_COLOURS["unknown"], "Dashed: route through an approximate point"))
    for event_type in sorted({e.event_type for e in events if not e.is_route}):
        colour = EVENT_TYPE_COLOURS.get(event_type, DEFAULT_POINT_COLOUR)
        rows.append(("point", colour, f"Event at a place: {event_type.replace('_', ' ')}"))
    if any(e.via for e in routes):
        rows.append(("checkpoint", "#b2182b", "Checkpoint"))
    if events:
        rows.append(("place", "#ffffff", "Named place"))
        rows.append(("area", "#888888", "Uncertainty radius of an approximate place"))
    return rows
