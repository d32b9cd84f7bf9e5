"""The event layers: route lines with arrowheads and outcome end marks, events at a place (a shape per type),
checkpoints and places. (Place names: :mod:`atlas.map.labels`.)

Arrowheads and end marks are small polygons the map's script computes from each route line (``atlas_map.js``), so
no shapes travel in the page and no arrow plugin (and no CDN) is needed.
"""
from __future__ import annotations

import html
import math
from collections import Counter
from typing import MutableMapping, Sequence

import folium
import orjson
from markupsafe import Markup

from atlas.map.drafts import all_drafts, draft_note, draft_route_style
from atlas.map.groups import RouteGroup
from atlas.map.markup import bdi, cached, event_lines_html, people_text, place_label_html, tip_html
from atlas.map.page import feature_layer, geojson_feature, lonlat
from atlas.map.selection import Selection
from atlas.map.style import CHECKPOINT_COLOUR, marker_svg, outcome_colour, point_style, route_weight
from events.schema import Event
from geodata.place import Place

LAYERS = ("basemap", "places", "labels", "checkpoints", "routes", "events", "uncertainty")


DEFAULT_LAYERS = LAYERS


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
