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

from atlas.i18n import DEFAULT_LANGUAGE, N_, Translator, translator
from atlas.map.drafts import all_drafts, draft_note, draft_route_style
from atlas.map.groups import RouteGroup
from atlas.map.markup import bdi, cached, event_lines_html, people_text, place_label_html, tip_html
from atlas.map.page import feature_layer, geojson_feature, lonlat
from atlas.map.selection import Selection
from atlas.map.style import CHECKPOINT_COLOUR, marker_svg, outcome_colour, point_style, route_weight
from atlas.words import word
from events.schema import Event
from geodata.place import Place

LAYERS = ("basemap", "places", "labels", "checkpoints", "routes", "events", "uncertainty")


DEFAULT_LAYERS = LAYERS
GROUP_TITLES = {"uncertainty": N_("Uncertainty halos"), "routes": N_("Routes"), "places": N_("Places"),
                "events": N_("Events at a place"), "labels": N_("Place names"), "checkpoints": N_("Checkpoints")}
"""The layer control's title of each event layer (English; shown in the map's language). The layer's own name
(``LAYERS``) is what code and settings use; ``atlas.ui.map_panel.shown_layers`` reads a title back in any language."""


def checkpoint_icon(place: Place, t: Translator | None = None) -> dict:
    """Leaflet ``L.divIcon`` options for a checkpoint: a red-edged diamond with a bar (no image, no font); its
    accessible name in ``t``'s language."""
    kind = "checkpoint" if t is None or t.language == DEFAULT_LANGUAGE else word("checkpoint", t)
    label = html.escape(f"{kind} {place.name_en}")
    return {"className": "atlas-checkpoint-icon", "iconSize": [22, 22], "iconAnchor": [11, 11],
            "html": (f'<div class="atlas-checkpoint" aria-label="{label}" style="width:16px;height:16px;'
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


def route_feature(group: RouteGroup, cache: MutableMapping | None = None, t: Translator | None = None
                  ) -> tuple[dict, str]:
    """A route group's line (style and escaped tooltip, its words in ``t``'s language) and its JSON."""
    t = t or translator(DEFAULT_LANGUAGE)
    path = Markup(" → ").join(bdi(p.name_en) for p in group.places)
    outcome = group.outcome if t.language == DEFAULT_LANGUAGE else word(group.outcome, t)
    counts = t.gettext("{count} event(s); people: {people}; outcome: {outcome}").format(
        count=t.digits(len(group.events)), people=people_text(group.people, t), outcome=outcome)
    tip = tip_html([path, counts + (t.gettext("; approximate points") if group.approximate else ""),
                      *filter(None, [draft_note(group.events, t)])],
                    Selection("route", group.key), event_lines_html(group.events, cache=cache, t=t), t=t)
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


def events_feature(place: Place, events: Sequence[Event], cache: MutableMapping | None = None,
                   t: Translator | None = None) -> tuple[dict, str]:
    """The marker for the events at one place, in the colour and shape of their most common type, and its JSON
    (the tooltip's words in ``t``'s language)."""
    t = t or translator(DEFAULT_LANGUAGE)
    types = Counter(e.event_type for e in events)
    colour, shape = point_style(types.most_common(1)[0][0])
    english = t.language == DEFAULT_LANGUAGE
    kinds = ", ".join(f"{kind if english else word(kind, t)} ({t.digits(n)})" for kind, n in types.most_common())
    lines = [place_label_html(place), kinds, *filter(None, [draft_note(events, t)])]
    size = 2 * point_radius(len(events)) + 2
    feature = geojson_feature("Point", list(place.position.lonlat), None,
                       tip_html(lines, Selection("events", place.id), event_lines_html(events, cache=cache, t=t), t=t))
    feature["properties"]["icon"] = {
        "className": "atlas-point-icon", "iconSize": [size, size], "iconAnchor": [size / 2, size / 2],
        "html": str(marker_svg(shape, colour, size, css_class="atlas-point-event", draft=all_drafts(events)))}
    return feature, orjson.dumps(feature).decode()          # made script-safe with its layer
