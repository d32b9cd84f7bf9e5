"""The event layers: route lines with arrowheads and outcome end marks, events at a place (a shape per type),
checkpoints and places. (Place names: :mod:`atlas.map.labels`.)

Arrowheads and end marks are small polygons computed here, so no arrow plugin (and no CDN) is needed.
"""
from __future__ import annotations

import html
import math
from collections import Counter
from functools import lru_cache
from typing import MutableMapping, Sequence

import folium
import orjson
from markupsafe import Markup

from atlas.map.drafts import all_drafts, draft_note, draft_route_style
from atlas.map.groups import RouteGroup
from atlas.map.markup import bdi, cached, event_lines_html, people_text, place_label_html, tip_html
from atlas.map.page import feature_layer, geojson_feature, lonlat, page_json
from atlas.map.selection import Selection
from atlas.map.style import CHECKPOINT_COLOUR, marker_svg, outcome_colour, point_style, route_weight
from events.schema import Event
from geodata.coords import LatLon
from geodata.place import Place

LAYERS = ("basemap", "places", "labels", "checkpoints", "routes", "events", "uncertainty")


DEFAULT_LAYERS = LAYERS


def arrowhead(start: LatLon, end: LatLon, *, at: float = 0.6, size: float = 0.06) -> list[LatLon]:
    """A triangle pointing from ``start`` to ``end``, ``size`` of the segment long, placed ``at`` along it.

    Computed on a local equirectangular plane (longitudes shrunk by cos(latitude)), which keeps
    the triangle's shape true at the few hundred km a route spans.
    """
    scale = math.cos(math.radians((start.lat + end.lat) / 2))
    ax, ay, bx, by = start.lon * scale, start.lat, end.lon * scale, end.lat
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length == 0:
        return []
    ux, uy = dx / length, dy / length
    tip_x, tip_y = ax + dx * at + ux * length * size / 2, ay + dy * at + uy * length * size / 2
    base_x, base_y = tip_x - ux * length * size, tip_y - uy * length * size
    half = length * size * 0.45
    corners = ((tip_x, tip_y), (base_x - uy * half, base_y + ux * half), (base_x + uy * half, base_y - ux * half))
    return [LatLon.of(y, x / scale) for x, y in corners]


def _plane(start: LatLon, end: LatLon):
    """The local equirectangular plane of a segment: (to plane, back to LatLon, unit vector, length)."""
    scale = math.cos(math.radians((start.lat + end.lat) / 2))
    ax, ay, bx, by = start.lon * scale, start.lat, end.lon * scale, end.lat
    length = math.hypot(bx - ax, by - ay)
    unit = ((bx - ax) / length, (by - ay) / length) if length else (0.0, 0.0)
    return (ax, ay), (lambda x, y: LatLon.of(y, x / scale)), unit, length


def end_mark(start: LatLon, end: LatLon, mark: str, *, at: float = 0.88, size: float = 0.05) -> list[list[LatLon]]:
    """The outcome's mark near the end of the last segment, as rings of a polygon: a cross (captured), a bar
    across the line (blocked), a ring (unknown); nothing for "arrow" and "none" (the arrowheads say it)."""
    (ax, ay), back, (ux, uy), length = _plane(start, end)
    if length == 0 or mark in ("arrow", "none"):
        return []
    cx, cy, half = ax + ux * length * at, ay + uy * length * at, length * size / 2
    px, py = -uy, ux                                                  # across the line

    def rect(dx, dy, long, short):                                     # a bar along (dx, dy)
        ox, oy = -dy, dx
        return [back(cx + dx * long + ox * short, cy + dy * long + oy * short),
                back(cx - dx * long + ox * short, cy - dy * long + oy * short),
                back(cx - dx * long - ox * short, cy - dy * long - oy * short),
                back(cx + dx * long - ox * short, cy + dy * long - oy * short)]
    if mark == "bar":
        return [rect(px, py, half * 1.3, half * 0.28)]
    if mark == "cross":
        d1 = ((ux + px) / math.sqrt(2), (uy + py) / math.sqrt(2))
        d2 = ((ux - px) / math.sqrt(2), (uy - py) / math.sqrt(2))
        return [rect(*d1, half * 1.2, half * 0.25), rect(*d2, half * 1.2, half * 0.25)]
    if mark == "ring":
        outer = [back(cx + math.cos(a) * half, cy + math.sin(a) * half)
                 for a in (2 * math.pi * i / 16 for i in range(16))]
        inner = [back(cx + math.cos(a) * half * 0.55, cy + math.sin(a) * half * 0.55)
                 for a in (2 * math.pi * i / 16 for i in range(16))]
        return [outer, inner[::-1]]
    raise ValueError(f"unknown end mark {mark!r}")


@lru_cache(maxsize=50_000)
def arrow_feature(positions: tuple[LatLon, ...], colour: str, mark: str = "arrow") -> tuple[dict, str] | None:
    """The arrowheads of a route (and its outcome's end mark) as a feature and its page JSON, or None for a route
    of one point.

    Kept per (route, colour, mark): the same corridors come back in every filter, and serialising the
    arrowheads' coordinates was the slowest part of a big map's JSON.
    """
    heads = [arrowhead(a, b) for a, b in zip(positions, positions[1:])]
    # Drawn shapes, not data: 5 decimals (~1 m) keep them exact on screen at a third of the size.
    rings = [[[[round(x, 5), round(y, 5)] for x, y in lonlat(head + head[:1])]] for head in heads if head]
    if len(positions) > 1:
        shapes = end_mark(positions[-2], positions[-1], mark)
        if mark == "ring" and shapes:
            rings.append([[[round(x, 5), round(y, 5)] for x, y in lonlat(ring + ring[:1])] for ring in shapes])
        else:
            rings.extend([[[round(x, 5), round(y, 5)] for x, y in lonlat(ring + ring[:1])]] for ring in shapes)
    if not rings:
        return None
    feature = geojson_feature("MultiPolygon", rings, {"color": colour, "weight": 1, "fillColor": colour,
                                               "fillOpacity": 0.95, "opacity": 1}, None)
    return feature, page_json(feature)


def checkpoint_icon(place: Place) -> dict:
    """Leaflet ``L.divIcon`` options for a checkpoint: a red-edged diamond with a bar (no image, no font)."""
    label = html.escape(place.name_en)
    return {"className": "atlas-checkpoint-icon", "iconSize": [22, 22], "iconAnchor": [11, 11],
            "html": (f'<div class="atlas-checkpoint" aria-label="checkpoint {label}" style="width:16px;height:16px;'
                     f'margin:3px;transform:rotate(45deg);background:#fff;border:3px solid {CHECKPOINT_COLOUR};'
                     'box-shadow:0 0 2px #000;"><div style="width:10px;height:3px;margin:6.5px 3px;'
                     f'background:{CHECKPOINT_COLOUR};transform:rotate(-45deg)"></div></div>')}


def icon_layer(items: Sequence, icon, tip=None, interactive: bool = True, *,
                position=lambda place: place.position) -> folium.GeoJson:
    """One GeoJSON layer of DivIcon markers; each feature carries its icon (and tooltip)."""
    features = []
    for item in items:
        feature = geojson_feature("Point", list(position(item).lonlat), None, tip(item) if tip else None)
        feature["properties"]["icon"] = icon(item)
        features.append(feature)
    marker = folium.Marker(icon=folium.DivIcon(html=""), interactive=interactive)
    return feature_layer(features, "atlas-icons", marker=marker)


def route_feature(group: RouteGroup, cache: MutableMapping | None = None) -> tuple[dict, str]:
    """A route group's line (style and escaped tooltip) and its JSON."""
    path = Markup(" → ").join(bdi(p.name_en) for p in group.places)
    tip = tip_html([path, f"{len(group.events)} event(s); people: {people_text(group.people)}; "
                           f"outcome: {group.outcome}" + ("; approximate points" if group.approximate else ""),
                      *filter(None, [draft_note(group.events)])],
                    Selection("route", group.key), event_lines_html(group.events, cache=cache))
    style = {"color": outcome_colour(group.outcome),
             "weight": route_weight(group.people), "opacity": 0.85}
    if group.approximate:
        style["dashArray"] = "10 7"
    style = draft_route_style(group.events, style)          # drafts: atlas.map.drafts
    feature = geojson_feature("LineString", cached(cache, ("line-of", tuple(p.id for p in group.places)),
                                             lambda: lonlat(p.position for p in group.places)), style, tip)
    return feature, orjson.dumps(feature).decode()          # made script-safe with its layer


def point_radius(count: int) -> float:
    """Half the size in px of the marker of ``count`` events at one place (grows with their number)."""
    return round(7 + 2 * math.log2(max(count, 1)), 2)


def events_feature(place: Place, events: Sequence[Event], cache: MutableMapping | None = None) -> tuple[dict, str]:
    """The marker for the events at one place, in the colour and shape of their most common type, and its JSON."""
    types = Counter(e.event_type for e in events)
    colour, shape = point_style(types.most_common(1)[0][0])
    lines = [place_label_html(place), ", ".join(f"{t} ({n})" for t, n in types.most_common()),
             *filter(None, [draft_note(events)])]
    size = 2 * point_radius(len(events)) + 2
    feature = geojson_feature("Point", list(place.position.lonlat), None,
                       tip_html(lines, Selection("events", place.id), event_lines_html(events, cache=cache)))
    feature["properties"]["icon"] = {
        "className": "atlas-point-icon", "iconSize": [size, size], "iconAnchor": [size / 2, size / 2],
        "html": str(marker_svg(shape, colour, size, css_class="atlas-point-event", draft=all_drafts(events)))}
    return feature, orjson.dumps(feature).decode()          # made script-safe with its layer
