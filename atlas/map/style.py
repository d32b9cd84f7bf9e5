"""How the map looks: one colour per outcome and per event type, line widths, precision in words.
The legend (dashboard and snapshot) and the KML read the same colours from here."""
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
