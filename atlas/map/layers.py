"""The event layers: route lines with arrowheads, events at a place, checkpoints, places and name labels.

Arrowheads are small polygons computed here, so no arrow plugin (and no CDN) is needed.
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

from atlas.map.drafts import draft_note, draft_point_style, draft_route_style
from atlas.map.groups import RouteGroup
from atlas.map.markup import bdi, cached, event_lines_html, people_text, place_label_html, tip_html
from atlas.map.page import feature_layer, geojson_feature, lonlat, page_json
from atlas.map.selection import Selection
from atlas.map.style import DEFAULT_POINT_COLOUR, EVENT_TYPE_COLOURS, OUTCOME_COLOURS, route_weight
from events.schema import Event
from geodata.coords import LatLon
from geodata.place import Place

LAYERS = ("basemap", "places", "labels", "checkpoints", "routes", "events", "uncertainty")


DEFAULT_LAYERS = LAYERS


LABEL_LIMIT = 150   # name labels for the places with most events; the rest keep their tooltips


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


@lru_cache(maxsize=50_000)
def arrow_feature(positions: tuple[LatLon, ...], colour: str) -> tuple[dict, str] | None:
    """The arrowheads of a route as a feature and its page JSON, or None for a route of one point.

    Kept per (route, colour): the same corridors come back in every filter, and serialising the
    arrowheads' coordinates was the slowest part of a big map's JSON.
    """
    heads = [arrowhead(a, b) for a, b in zip(positions, positions[1:])]
    # Drawn shapes, not data: 5 decimals (~1 m) keep them exact on screen at a third of the size.
    rings = [[[[round(x, 5), round(y, 5)] for x, y in lonlat(head + head[:1])]] for head in heads if head]
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
                     'margin:3px;transform:rotate(45deg);background:#fff;border:3px solid #b2182b;'
                     'box-shadow:0 0 2px #000;"><div style="width:10px;height:3px;margin:6.5px 3px;'
                     'background:#b2182b;transform:rotate(-45deg)"></div></div>')}


def label_line(place: Place) -> str:
    arabic = Markup(' <bdi dir="rtl" lang="ar">{}</bdi>').format(place.name_ar) if place.name_ar else ""
    return str(Markup('<div class="atlas-label">{}{}</div>').format(bdi(place.name_en), arabic))


def label_icon(places: Sequence[Place]) -> dict:
    """``L.divIcon`` options for the names at one point, English then Arabic, one line per place.

    Places recorded at (nearly) the same point, such as a police station placed at its
    neighbourhood's centre, share one stacked label instead of printing over each other.
    """
    lines = "".join(label_line(p) for p in places)
    return {"className": "atlas-label-icon", "iconSize": [220, 14 * len(places)], "iconAnchor": [-14, 7],
            "html": (f'<div style="font:600 11px/14px sans-serif;color:#222;white-space:nowrap;'
                     f'text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;">{lines}</div>')}


LABEL_MERGE_DEG = 0.003   # ~300 m: closer points get one stacked label (they overlap at any useful zoom)


def label_groups(places: Sequence[Place]) -> list[tuple[Place, ...]]:
    """Places grouped greedily with the first group within LABEL_MERGE_DEG, in the given order."""
    groups: list[list[Place]] = []
    for place in places:
        for group in groups:
            anchor = group[0]
            if abs(anchor.lat - place.lat) <= LABEL_MERGE_DEG and abs(anchor.lon - place.lon) <= LABEL_MERGE_DEG:
                group.append(place)
                break
        else:
            groups.append([place])
    return [tuple(group) for group in groups]


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
    style = {"color": OUTCOME_COLOURS.get(group.outcome, OUTCOME_COLOURS["unknown"]),
             "weight": route_weight(group.people), "opacity": 0.85}
    if group.approximate:
        style["dashArray"] = "10 7"
    style = draft_route_style(group.events, style)          # drafts: atlas.map.drafts
    feature = geojson_feature("LineString", cached(cache, ("line-of", tuple(p.id for p in group.places)),
                                             lambda: lonlat(p.position for p in group.places)), style, tip)
    return feature, orjson.dumps(feature).decode()          # made script-safe with its layer


def events_feature(place: Place, events: Sequence[Event], cache: MutableMapping | None = None) -> tuple[dict, str]:
    """The dot for the events at one place (coloured by their most common type) and its JSON."""
    types = Counter(e.event_type for e in events)
    colour = EVENT_TYPE_COLOURS.get(types.most_common(1)[0][0], DEFAULT_POINT_COLOUR)
    lines = [place_label_html(place), ", ".join(f"{t} ({n})" for t, n in types.most_common()),
             *filter(None, [draft_note(events)])]
    feature = geojson_feature("Point", list(place.position.lonlat),
                       draft_point_style(events, {"radius": round(7 + 2 * math.log2(len(events)), 2), "color": "#fff",
                                                  "weight": 2, "fillColor": colour, "fillOpacity": 0.9}),
                       tip_html(lines, Selection("events", place.id), event_lines_html(events, cache=cache)))
    return feature, orjson.dumps(feature).decode()          # made script-safe with its layer
