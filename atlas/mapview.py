"""Pure builders for the event map: events + gazetteer in, an offline folium map out.

Design choices, and why:
- Events sharing a route (origin, via, destination, outcome) are drawn as one line whose width
  follows the people moved and whose tooltip counts the events; events at one place are one
  marker. The page then grows with the number of distinct places and routes, not events, so
  100k events stay as light as a hundred.
- Every tooltip carries a hidden selection key (``⟦route:...⟧``, ``⟦place:...⟧``,
  ``⟦events@...⟧``): streamlit-folium returns a clicked layer's tooltip text, and
  :func:`parse_selection` / :func:`events_for_selection` turn it back into events for the
  details panel. All visible text is HTML-escaped before it reaches Leaflet.
- Arrowheads are small polygons computed here, so no arrow plugin (and no CDN) is needed.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from types import SimpleNamespace
from typing import Iterable, MutableMapping, Sequence

import folium
import orjson
from branca.element import Element
from folium.map import CustomPane
from folium.utilities import JsCode
from markupsafe import Markup

from atlas import settings
from atlas.assets import offline_map
from events.geo import EventGeometry, event_geometry
from events.schema import Event
from events.vocabulary import PLACE_ROLES
from geodata.coords import LatLon
from geodata.place import Place

VIEWS = ("overview", "southern-damascus")
LABEL_LIMIT = 150   # name labels for the places with most events; the rest keep their tooltips
LAYERS = ("basemap", "places", "labels", "checkpoints", "routes", "events", "uncertainty")
DEFAULT_LAYERS = LAYERS

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

# The neighbourhoods of the southern Damascus pocket in the reports; the detail view frames
# whichever of them the gazetteer holds (their own coordinates, never a hand-drawn box).
SOUTHERN_DAMASCUS_IDS = (
    "geonames:8419677", "geonames:166716", "geonames:171998", "local:al-qadam", "local:al-qadam-police-station",
    "local:al-madaniya", "local:al-asali", "local:al-tadamon", "local:yalda", "local:beit-sahm", "local:sbeineh",
    "local:barada-factory", "local:yarmouk-rijeh-sector", "local:yarmouk-shuhada-sector",
)

_KEY = re.compile(r"⟦(?P<kind>route|place|events)[:@](?P<key>[^⟧]+)⟧")


@dataclass(frozen=True)
class Selection:
    """What a click on the map picked: a route group, a place, or the point events at a place."""

    kind: str   # "route" | "place" | "events"
    key: str

    @property
    def token(self) -> str:
        return f"⟦{self.kind}{'@' if self.kind == 'events' else ':'}{self.key}⟧"


def parse_selection(text: str | None) -> Selection | None:
    """The selection hidden in a clicked tooltip's text (None if there is none)."""
    match = _KEY.search(text or "")
    return Selection(match["kind"], match["key"]) if match else None


# -- geometry of events -------------------------------------------------------------------
# What each event looks like is events.geo.event_geometry (one definition for the map and every export):
# a journey's line, and points apart from it. Here events sharing a line and an outcome become one group.
def route_key(line_ids: Sequence[str], outcome: str) -> str:
    return ">".join((*line_ids, outcome))


@dataclass(frozen=True)
class RouteGroup:
    """Events that travelled the same drawn line with the same outcome."""

    key: str
    places: tuple[Place, ...]
    outcome: str
    events: tuple[Event, ...]

    @property
    def approximate(self) -> bool:
        return any(p.is_approximate for p in self.places)

    @cached_property
    def people(self) -> tuple[int, int | None] | None:
        counted = [e for e in self.events if e.count_min is not None]
        if not counted:
            return None
        high = None if any(e.count_max is None for e in counted) else sum(e.count_max for e in counted)
        return sum(e.count_min for e in counted), high


def split_events(events: Iterable[Event], gazetteer) -> tuple[list[RouteGroup], dict[str, list[Event]], list[Event]]:
    """(route groups, events drawn at each point place by id, events with no mappable place).

    A journey's event is in its route group, and also at its location when that lies apart from the line.
    """
    routes: dict[tuple[str, ...], list] = {}
    points: dict[str, list[Event]] = defaultdict(list)
    unmapped = []
    known: dict[tuple[str, ...], EventGeometry] = {}     # many events share their places: work them out once
    for event in events:
        ids = (event.origin, event.via, event.destination, event.location)
        geometry = known.get(ids)
        if geometry is None:
            geometry = known[ids] = event_geometry(event, gazetteer)
        if geometry.line:
            line_ids = tuple(p.id for p in geometry.line)
            routes.setdefault((*line_ids, event.outcome), [geometry.line, []])[1].append(event)
        for place in geometry.points:
            points[place.id].append(event)
        if not geometry.places:
            unmapped.append(event)
    groups = [RouteGroup(route_key(key[:-1], key[-1]), line, key[-1], tuple(evs))
              for key, (line, evs) in routes.items()]
    return groups, dict(points), unmapped


def selection_title(selection: Selection | None, places) -> str:
    """Plain-text name of what was clicked (for the details heading)."""
    if selection is None:
        return ""
    if selection.kind == "route":
        ids = selection.key.split(">")[:-1]
        outcome = selection.key.rsplit(">", 1)[-1]
        names = [p.name_en if (p := places.get(pid)) is not None else pid for pid in ids]
        return f"Route {' → '.join(names)} ({outcome.replace('_', ' ')})"
    place = places.get(selection.key)
    name = place.label() if place is not None else selection.key
    return f"Events at {name}" if selection.kind == "events" else f"Place {name}"


def events_for_selection(selection: Selection | None, events: Iterable[Event], gazetteer) -> list[Event]:
    """The events behind a clicked map feature (an empty list when nothing matches any more)."""
    if selection is None:
        return []
    if selection.kind == "route":
        groups, _, _ = split_events(events, gazetteer)
        return next((list(g.events) for g in groups if g.key == selection.key), [])
    if selection.kind == "place":
        return [e for e in events if selection.key in e.place_ids]
    if selection.kind == "events":
        _, points, _ = split_events(events, gazetteer)
        return points.get(selection.key, [])
    return []


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
def _arrow_feature(positions: tuple[LatLon, ...], colour: str) -> tuple[dict, str] | None:
    """The arrowheads of a route as a feature and its page JSON, or None for a route of one point.

    Kept per (route, colour): the same corridors come back in every filter, and serialising the
    arrowheads' coordinates was the slowest part of a big map's JSON.
    """
    heads = [arrowhead(a, b) for a, b in zip(positions, positions[1:])]
    # Drawn shapes, not data: 5 decimals (~1 m) keep them exact on screen at a third of the size.
    rings = [[[[round(x, 5), round(y, 5)] for x, y in _lonlat(head + head[:1])]] for head in heads if head]
    if not rings:
        return None
    feature = _feature("MultiPolygon", rings, {"color": colour, "weight": 1, "fillColor": colour,
                                               "fillOpacity": 0.95, "opacity": 1}, None)
    return feature, page_json(feature)


def collection_json(feature_texts: Iterable[str]) -> str:
    """The page JSON of a FeatureCollection from its features' JSON (page JSON or plain orjson output):
    equal to ``page_json`` of the collection. Escaping the joined text once beats escaping each feature."""
    return script_safe('{"type":"FeatureCollection","features":[' + ",".join(feature_texts) + "]}")


def route_weight(people: tuple[int, int | None] | None) -> float:
    """Line width in pixels: grows with the logarithm of the people moved (unknown = thin)."""
    if people is None:
        return 2.5
    return round(2.5 + 2.5 * math.log10(1 + people[0]), 2)


# -- text -----------------------------------------------------------------------------------
def date_text(event: Event) -> str:
    if not event.is_dated:
        return "date unknown"
    if event.date_start == event.date_end:
        return f"{event.date_start} ({event.date_precision})"
    return f"{event.date_start} – {event.date_end} ({event.date_precision})"


def count_text(event: Event) -> str:
    if event.count_min is None:
        return "no figure"
    if event.count_max is None:
        return f"at least {event.count_min} {event.count_unit}"
    if event.count_min == event.count_max:
        return f"{event.count_min} {event.count_unit}"
    return f"{event.count_min}–{event.count_max} {event.count_unit}"


def people_text(people: tuple[int, int | None] | None) -> str:
    if people is None:
        return "no figure"
    low, high = people
    if high is None:
        return f"at least {low}"
    return str(low) if low == high else f"{low}–{high}"


def bdi(text) -> Markup:
    """``text`` escaped and isolated (``<bdi>``): direction controls or Arabic in it cannot reorder
    what is around it. Markup (already safe HTML) is isolated as it is."""
    return Markup("<bdi>{}</bdi>").format(text)


def place_label_html(place: Place) -> Markup:
    """'English / عربي', each name escaped and isolated."""
    english = bdi(place.name_en)
    if not place.name_ar:
        return english
    return english + Markup(' / <bdi dir="rtl" lang="ar">{}</bdi>').format(place.name_ar)


def _tip_html(lines: Sequence[str | Markup], selection: Selection, escaped: Sequence[str | Markup] = ()) -> str:
    """Tooltip HTML: each line escaped and isolated (Markup lines are safe HTML already), then the
    hidden selection key (escaped too, though it holds ids only)."""
    body = Markup("<br>").join(bdi(line) for line in [*lines, *(Markup(text) for text in escaped)])
    return str(Markup('<div class="atlas-tip">{}<span style="display:none">{}</span></div>').format(
        body, selection.token))


# Each GeoJSON feature carries its own style and (escaped) tooltip; one layer then draws thousands
# of features with a single folium element, which keeps building and rendering the page fast.
_APPLY_FEATURE_PROPERTIES = JsCode("""function (feature, layer) {
    var p = feature.properties || {};
    if (p.style && layer.setStyle) { layer.setStyle(p.style); }
    if (p.style && p.style.radius !== undefined && layer.setRadius) { layer.setRadius(p.style.radius); }
    if (p.icon && layer.setIcon) { layer.setIcon(L.divIcon(p.icon)); }
    if (p.tip) { layer.bindTooltip(p.tip, {sticky: true}); }
}""")


def _feature(geometry_type: str, coordinates, style: dict | None, tip: str | None) -> dict:
    return {"type": "Feature", "geometry": {"type": geometry_type, "coordinates": coordinates},
            "properties": {"style": style, "tip": tip}}


def _lonlat(positions: Iterable[LatLon]) -> list[list[float]]:
    return [list(p.lonlat) for p in positions]


class RawText(Element):
    """Finished text (HTML or script) placed in the page as it is. branca's ``Element(text)`` would
    compile ``text`` as a Jinja template, running any template syntax a user typed into it."""

    def __init__(self, text: str):
        super().__init__()
        self._text = str(text)

    def render(self, **kwargs) -> str:
        return self._text


_SCRIPT_UNSAFE = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027"),
                  ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def page_json(data) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element.

    Escapes what Jinja's ``tojson`` (which folium uses) escapes, and the two line separators older
    JavaScript rejects in a string, but serialises with orjson (compact, UTF-8, keys in their given
    order): several times faster, and a fifth smaller with Arabic names.
    """
    return script_safe(orjson.dumps(data).decode())


def script_safe(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element (idempotent: escaping twice changes nothing)."""
    for unsafe, escaped in _SCRIPT_UNSAFE:
        text = text.replace(unsafe, escaped)
    return text


class _RenderedScript:
    """Stands in for the layer's compiled template once its script macro has been rendered."""

    def __init__(self, script):
        self.module = SimpleNamespace(script=script)


_STUB_SCRIPT = _RenderedScript(lambda this, kwargs=None: "")


class _InlineGeoJson(folium.GeoJson):
    """folium.GeoJson whose script (the features inline, megabytes for big selections) goes into the page
    as plain text: branca would otherwise compile that text as a Jinja template on every map render,
    which was a third of a dashboard rerun at 10k events, and read user text such as "{{ 7*7 }}" in a
    tooltip as template code. The page is otherwise the same.

    The script is rendered once, with a token where the features go; the features are serialised
    once, by :func:`page_json`. While ``defer_data`` is set, asking the layer for its script again
    (as streamlit-folium does after the page render) gives the script with the token, so text
    processing of the whole script skips the megabytes of features; :func:`fill_layer_data` puts them in.
    """

    def __init__(self, *args, data_json: str | None = None, **kwargs):
        """``data_json``: ``page_json(data)`` when already known (the shipped basemap, same on every map)."""
        super().__init__(*args, **kwargs)
        self.data_token = f"atlasdata{self._id}"   # no "_": streamlit-folium's variable renaming leaves it be
        self.defer_data = False
        self._script: str | None = None
        self._data_json = data_json

    def data_json(self) -> str:
        if self._data_json is None:
            self._data_json = page_json(self.data)
        return self._data_json

    def fill_data(self, text: str) -> str:
        return text.replace(json.dumps(self.data_token), self.data_json(), 1)

    def script_text(self) -> str:
        return self._script if self.defer_data else self.fill_data(self._script)

    def render(self, **kwargs):
        template = self._template
        self._template = _STUB_SCRIPT                   # folium renders the rest of the element
        try:
            super().render(**kwargs)
            if self._script is None:
                data, self.data = self.data, self.data_token
                try:
                    self._script = template.module.script(self, kwargs)
                finally:
                    self.data = data
        finally:
            if self._script is None:
                del self._template                      # back to the class's template
            else:
                self._template = _RenderedScript(lambda this, kwargs=None: this.script_text())
        self.get_root().script._children[self.get_name()] = RawText(self.fill_data(self._script))


def _elements(root) -> list:
    """``root`` and every element below it."""
    found, stack = [], [root]
    while stack:
        element = stack.pop()
        found.append(element)
        stack.extend(getattr(element, "_children", {}).values())
    return found


def inline_layers(folium_map) -> list[_InlineGeoJson]:
    return [element for element in _elements(folium_map) if isinstance(element, _InlineGeoJson)]


def discard_map(folium_map) -> None:
    """Empty a map that is no longer needed, so its megabytes of features are freed at once.

    folium elements point at their parents (and layers at their map), so a dropped map is a
    reference cycle that only Python's full garbage collection frees: a pause of 100+ ms on some
    later dashboard rerun, growing with every big map built meanwhile.
    """
    for element in _elements(folium_map.get_root()):
        element.__dict__.clear()


def fill_layer_data(text: str, layers: Iterable[_InlineGeoJson]) -> str:
    """``text`` (a script made while the layers' ``defer_data`` was set) with their features put in."""
    for layer in layers:
        text = layer.fill_data(text)
    return text


@contextmanager
def deferred_layer_data(folium_map):
    """While open, the map's feature layers give their script with a token where their features go;
    the function it yields puts the features into a script made meanwhile."""
    layers = inline_layers(folium_map)
    for layer in layers:
        layer.defer_data = True
    try:
        yield lambda text: fill_layer_data(text, layers)
    finally:
        for layer in layers:
            layer.defer_data = False


def _feature_layer(features: list[dict], class_name: str, marker=None, **options) -> folium.GeoJson:
    return _InlineGeoJson({"type": "FeatureCollection", "features": features}, control=False, marker=marker,
                         on_each_feature=_APPLY_FEATURE_PROPERTIES, className=class_name, **options)


def tooltip_points(points: Sequence[tuple[LatLon, dict, str]], class_name: str) -> folium.GeoJson:
    """Circle markers, each ``(position, style, tooltip HTML)``, as one layer whose features travel as JSON
    data. folium's own Tooltip puts its text between JavaScript backticks and branca compiles the result as
    a template, so a name holding "${...}" or "{{ ... }}" would run; here no text is ever read as code."""
    features = [_feature("Point", list(position.lonlat), style, tip) for position, style, tip in points]
    return _feature_layer(features, class_name, marker=folium.CircleMarker(radius=6, fill=True, class_name=class_name))


def _serialised_layer(pairs: Sequence[tuple[dict, str]], class_name: str, **options) -> folium.GeoJson:
    """A feature layer from (feature, its JSON) pairs, its page JSON joined from theirs."""
    return _feature_layer([feature for feature, _ in pairs], class_name,
                          data_json=collection_json([text for _, text in pairs]), **options)


def _event_line_html(event: Event) -> str:
    """One event's tooltip line, escaped, its summary isolated."""
    return str(Markup("• {} [{}; {}]{}").format(bdi(event.summary_en), date_text(event), count_text(event),
                                               " (disputed)" if event.disputed else ""))


def _event_lines_html(events: Sequence[Event], limit: int = 4, cache: MutableMapping | None = None) -> list[str]:
    """Escaped tooltip lines for the first ``limit`` events, and how many more there are."""
    lines = [_cached(cache, ("line", e.id), lambda e=e: _event_line_html(e)) for e in events[:limit]]
    if len(events) > limit:
        lines.append(f"… and {len(events) - limit} more")
    return lines


def _precision_text(place: Place) -> str:
    if not place.is_approximate:
        return "exact point"
    return f"approximate ({place.precision}, ±{place.uncertainty_m / 1000:.1f} km)"


# -- the map --------------------------------------------------------------------------------
def view_bounds(view: str, positions: Sequence[LatLon], gazetteer) -> list[list[float]] | None:
    """[[south, west], [north, east]] to fit: the events (overview) or southern Damascus."""
    if view not in VIEWS:
        raise ValueError(f"view {view!r} is not one of {', '.join(VIEWS)}")
    if view == "southern-damascus":
        known = [gazetteer.get(pid) for pid in SOUTHERN_DAMASCUS_IDS]
        detail = [p.position for p in known if p is not None]
        if detail:
            positions = detail
    if not positions:
        return None
    lats, lons = [p.lat for p in positions], [p.lon for p in positions]
    pad = 0.005  # ~500 m, so a lone point is not fitted at maximum zoom
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


@lru_cache(maxsize=1)
def _shipped_basemap() -> tuple[tuple[str, dict], ...]:
    """The shipped outlines, read once: geodata hands out fresh copies, which cost a rerun ~50 ms each time.

    folium only reads them (GeoJson with a style function adds nothing to the features).
    """
    from geodata.basemap import countries_geojson, governorates_geojson
    return ("Countries", countries_geojson()), ("Governorates", governorates_geojson())


@lru_cache(maxsize=1)
def _shipped_basemap_json() -> tuple[str, ...]:
    """The shipped outlines as page JSON, serialised once (a third of a 10k-event map's JSON time otherwise)."""
    return tuple(page_json(collection) for _, collection in _shipped_basemap())


def _basemap_layers(m: folium.Map, basemap: Sequence[tuple[str, dict]], texts: Sequence[str | None] = ()):
    CustomPane("basemap", z_index=250, pointer_events=False).add_to(m)
    styles = ({"color": "#8c8c8c", "weight": 1.2, "fillColor": "#f4f1ea", "fillOpacity": 1.0},
              {"color": "#a6a6a6", "weight": 0.8, "dashArray": "4 3", "fillColor": "#fbfaf6", "fillOpacity": 0.6})
    for index, (name, collection) in enumerate(basemap):
        style = dict(styles[min(index, len(styles) - 1)], interactive=False)
        _InlineGeoJson(collection, name=name, pane="basemap", control=True,
                       data_json=texts[index] if index < len(texts) else None,
                       style_function=lambda _feature, style=style: style).add_to(m)


def _checkpoint_icon(place: Place) -> dict:
    """Leaflet ``L.divIcon`` options for a checkpoint: a red-edged diamond with a bar (no image, no font)."""
    label = html.escape(place.name_en)
    return {"className": "atlas-checkpoint-icon", "iconSize": [22, 22], "iconAnchor": [11, 11],
            "html": (f'<div class="atlas-checkpoint" aria-label="checkpoint {label}" style="width:16px;height:16px;'
                     'margin:3px;transform:rotate(45deg);background:#fff;border:3px solid #b2182b;'
                     'box-shadow:0 0 2px #000;"><div style="width:10px;height:3px;margin:6.5px 3px;'
                     'background:#b2182b;transform:rotate(-45deg)"></div></div>')}


def _label_line(place: Place) -> str:
    arabic = Markup(' <bdi dir="rtl" lang="ar">{}</bdi>').format(place.name_ar) if place.name_ar else ""
    return str(Markup('<div class="atlas-label">{}{}</div>').format(bdi(place.name_en), arabic))


def _label_icon(places: Sequence[Place]) -> dict:
    """``L.divIcon`` options for the names at one point, English then Arabic, one line per place.

    Places recorded at (nearly) the same point, such as a police station placed at its
    neighbourhood's centre, share one stacked label instead of printing over each other.
    """
    lines = "".join(_label_line(p) for p in places)
    return {"className": "atlas-label-icon", "iconSize": [220, 14 * len(places)], "iconAnchor": [-14, 7],
            "html": (f'<div style="font:600 11px/14px sans-serif;color:#222;white-space:nowrap;'
                     f'text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;">{lines}</div>')}


LABEL_MERGE_DEG = 0.003   # ~300 m: closer points get one stacked label (they overlap at any useful zoom)


def _label_groups(places: Sequence[Place]) -> list[tuple[Place, ...]]:
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


def _icon_layer(items: Sequence, icon, tip=None, interactive: bool = True, *,
                position=lambda place: place.position) -> folium.GeoJson:
    """One GeoJSON layer of DivIcon markers; each feature carries its icon (and tooltip)."""
    features = []
    for item in items:
        feature = _feature("Point", list(position(item).lonlat), None, tip(item) if tip else None)
        feature["properties"]["icon"] = icon(item)
        features.append(feature)
    marker = folium.Marker(icon=folium.DivIcon(html=""), interactive=interactive)
    return _feature_layer(features, "atlas-icons", marker=marker)


def _cached(cache: MutableMapping | None, key, make):
    if cache is None:
        return make()
    found = cache.get(key)
    if found is None:
        found = cache[key] = make()
    return found


def _route_feature(group: RouteGroup, cache: MutableMapping | None = None) -> tuple[dict, str]:
    """A route group's line (style and escaped tooltip) and its JSON."""
    path = Markup(" → ").join(bdi(p.name_en) for p in group.places)
    tip = _tip_html([path, f"{len(group.events)} event(s); people: {people_text(group.people)}; "
                           f"outcome: {group.outcome}" + ("; approximate points" if group.approximate else "")],
                    Selection("route", group.key), _event_lines_html(group.events, cache=cache))
    style = {"color": OUTCOME_COLOURS.get(group.outcome, OUTCOME_COLOURS["unknown"]),
             "weight": route_weight(group.people), "opacity": 0.85}
    if group.approximate:
        style["dashArray"] = "10 7"
    feature = _feature("LineString", _cached(cache, ("line-of", tuple(p.id for p in group.places)),
                                             lambda: _lonlat(p.position for p in group.places)), style, tip)
    return feature, orjson.dumps(feature).decode()          # made script-safe with its layer


def _events_feature(place: Place, events: Sequence[Event], cache: MutableMapping | None = None) -> tuple[dict, str]:
    """The dot for the events at one place (coloured by their most common type) and its JSON."""
    types = Counter(e.event_type for e in events)
    colour = EVENT_TYPE_COLOURS.get(types.most_common(1)[0][0], DEFAULT_POINT_COLOUR)
    lines = [place_label_html(place), ", ".join(f"{t} ({n})" for t, n in types.most_common())]
    feature = _feature("Point", list(place.position.lonlat),
                       {"radius": round(7 + 2 * math.log2(len(events)), 2), "color": "#fff", "weight": 2,
                        "fillColor": colour, "fillOpacity": 0.9},
                       _tip_html(lines, Selection("events", place.id), _event_lines_html(events, cache=cache)))
    return feature, orjson.dumps(feature).decode()          # made script-safe with its layer


def build_map(events: Sequence[Event], gazetteer, *, view: str = "overview", layers: Iterable[str] = DEFAULT_LAYERS,
              basemap: Sequence[tuple[str, dict]] | None = None, online_tiles: bool | None = None,
              height: str | int = "100%", hidden: Iterable[str] | None = None,
              feature_cache: MutableMapping | None = None) -> folium.Map:
    """The map of ``events``: basemap, places, checkpoints, routes, point events, uncertainty halos.

    ``hidden``: layers drawn but unticked in the layer control. None: place names are hidden in the
    overview (too many at that scale) and shown in the detail view; a snapshot of the layers an analyst
    ticked passes ``()`` so what was ticked is what shows.

    ``basemap`` is a list of (layer name, GeoJSON FeatureCollection); None means the shipped
    governorates and country outlines from :mod:`geodata.basemap`.

    ``feature_cache``: a mapping the caller keeps for one version of the data (events and places),
    in which the features of route groups and of the events at a place are kept by their event ids
    and reused: most filter changes redraw groups that were drawn before. Only give it when every
    event id stands for one content (not, e.g., with an entry-form preview whose id stays put).
    """
    layers = set(layers)
    unknown = layers - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layer(s) {', '.join(sorted(unknown))}; choose from {', '.join(LAYERS)}")
    if online_tiles is None:
        online_tiles = bool(settings.get("ATLAS_ONLINE_TILES"))
    routes, points, _unmapped = split_events(events, gazetteer)
    used: dict[str, Place] = {}
    for group in routes:
        used.update((p.id, p) for p in group.places)
    for place_id in points:
        used[place_id] = gazetteer.get(place_id)
    place_weight = Counter()     # events at or through each place: the busiest get name labels
    for group in routes:
        place_weight.update({p.id: len(group.events) for p in group.places})
    place_weight.update({pid: len(evs) for pid, evs in points.items()})
    checkpoint_ids = {p.id for p in used.values() if p.kind == "checkpoint"}
    checkpoint_ids |= {g.events[0].via for g in routes if g.events[0].via in used}

    m = offline_map(height=height, control_scale=True, prefer_canvas=False, zoom_control=True)
    if "basemap" in layers:
        if basemap is None:
            _basemap_layers(m, _shipped_basemap(), _shipped_basemap_json())
        else:
            _basemap_layers(m, basemap)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=True, show=False,
                         control=True).add_to(m)

    detail = view == "southern-damascus"
    hidden = (set() if detail else {"labels"}) if hidden is None else set(hidden)
    groups = {name: folium.FeatureGroup(name=title, show=name not in hidden) for name, title in (
        ("uncertainty", "Uncertainty halos"),
        ("routes", "Routes"),
        ("places", "Places"),
        ("events", "Events at a place"),
        ("labels", "Place names"),
        ("checkpoints", "Checkpoints"),
    ) if name in layers}

    if "uncertainty" in groups:
        # Solid, thin outlines: a dashed circle hundreds of km wide seen at street zoom is millions of
        # dashes, and Chromium then takes tens of seconds to paint each zoom step (dashboard and snapshot).
        halos = [_feature("Point", list(p.position.lonlat),
                          {"radius": p.uncertainty_m, "color": "#666", "weight": 0.8, "opacity": 0.7,
                           "fillColor": "#888", "fillOpacity": 0.08},
                          _tip_html([place_label_html(p), _precision_text(p)], Selection("place", p.id)))
                 for p in used.values() if p.is_approximate and p.uncertainty_m > 0]
        if halos:
            _feature_layer(halos, "atlas-halo", marker=folium.Circle(radius=1, class_name="atlas-halo")
                           ).add_to(groups["uncertainty"])

    if "routes" in groups:
        lines_by_outcome: dict[str, list[dict]] = defaultdict(list)
        arrows = []
        for group in sorted(routes, key=lambda g: -(g.people or (0, 0))[0]):
            key = ("route", group.key, tuple(e.id for e in group.events))
            lines_by_outcome[group.outcome].append(
                _cached(feature_cache, key, lambda: _route_feature(group, feature_cache)))
            arrow = _arrow_feature(tuple(p.position for p in group.places),
                                   OUTCOME_COLOURS.get(group.outcome, OUTCOME_COLOURS["unknown"]))
            if arrow is not None:
                arrows.append(arrow)
        for outcome, features in lines_by_outcome.items():
            _serialised_layer(features, f"atlas-route atlas-outcome-{outcome}").add_to(groups["routes"])
        if arrows:   # shapes only: hover and click go through to the route line, which has the tooltip
            _serialised_layer(arrows, "atlas-arrow", interactive=False).add_to(groups["routes"])

    if "events" in groups and points:
        dots = [_cached(feature_cache, ("events", place_id, tuple(e.id for e in place_events)),
                        lambda: _events_feature(used[place_id], place_events, feature_cache))
                for place_id, place_events in points.items()]
        _serialised_layer(dots, "atlas-point-event",
                          marker=folium.CircleMarker(radius=7, fill=True, class_name="atlas-point-event")
                          ).add_to(groups["events"])

    if "places" in groups:
        plain = [p for p in used.values()
                 if p.id not in checkpoint_ids and not ("events" in groups and p.id in points)]
        if plain:
            _feature_layer([_feature("Point", list(p.position.lonlat),
                                     {"radius": 4, "color": "#222", "weight": 1.5, "fillColor": "#fff",
                                      "fillOpacity": 1},
                                     _tip_html([place_label_html(p), f"{p.kind}; {_precision_text(p)}"],
                                               Selection("place", p.id))) for p in plain],
                           "atlas-place", marker=folium.CircleMarker(radius=4, fill=True, class_name="atlas-place")
                           ).add_to(groups["places"])

    checkpoints = [p for p in used.values() if p.id in checkpoint_ids]
    if "checkpoints" in groups and checkpoints:
        _icon_layer(checkpoints, _checkpoint_icon, tip=lambda p: _tip_html(
            [Markup("Checkpoint: ") + place_label_html(p), f"{p.kind}; {_precision_text(p)}"],
            Selection("place", p.id)),
        ).add_to(groups["checkpoints"])
    if "labels" in groups and used:
        # Regions get no name label: printed at a centroid, a region reads as a point (and in the
        # detail view "southern Damascus" covered the Yarmouk camp labels). Their halo and tooltip stay.
        labelled = sorted((p for p in used.values() if p.kind != "region"),
                          key=lambda p: -place_weight[p.id])[:LABEL_LIMIT]
        _icon_layer(_label_groups(labelled), _label_icon, interactive=False,
                    position=lambda group: group[0].position).add_to(groups["labels"])

    for group in groups.values():
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    bounds = view_bounds(view, [p.position for p in used.values()], gazetteer)
    if bounds is None:
        bounds = _basemap_bounds(basemap) if basemap else None
    if bounds:
        m.fit_bounds(bounds, padding=(24, 24))
    return m


def _basemap_bounds(basemap: Sequence[tuple[str, dict]]) -> list[list[float]] | None:
    """Bounds of the basemap outlines, used when no event has a place on the map."""
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for item in coords:
                walk(item)
    for _name, collection in basemap[-1:]:
        for feature in collection.get("features", []):
            walk((feature.get("geometry") or {}).get("coordinates", []))
    return [[min(ys), min(xs)], [max(ys), max(xs)]] if xs else None


# -- the details panel beside the map ---------------------------------------------------------
def _place_html(places, place_id: str) -> Markup:
    place = places.get(place_id) if place_id else None
    if place is None:
        return bdi(place_id)
    return place_label_html(place) + f" ({_precision_text(place)})"


def _joined(items, separator: str = ", ") -> Markup:
    return Markup(separator).join(bdi(item) for item in items)


def event_details_html(event: Event, places) -> str:
    """Everything an analyst checks about one event, as HTML with every value escaped and every piece of
    user text isolated (``<bdi>``), so direction controls in it cannot reorder the panel.

    The Arabic quote is its own right-to-left block (``dir="rtl"``) so punctuation and mixed
    Latin digits fall where a reader of Arabic expects them.
    """
    date = Markup("{}").format(date_text(event))
    if event.date_relative:
        date += Markup(" — “{}”").format(bdi(event.date_relative))
    if event.date_basis:
        date += Markup("; {}").format(bdi(event.date_basis))
    rows = [("Type", f"{event.event_type}; outcome {event.outcome}; status {event.status}; "
                     f"confidence {event.confidence}"), ("Date", date)]
    route = [Markup("{}: {}").format(role, _place_html(places, getattr(event, role)))
             for role in PLACE_ROLES if getattr(event, role)]
    rows.append(("Places", Markup(" · ").join(route)))
    rows.append(("Count", count_text(event)))
    if event.paid_usd_min is not None:
        high = "" if event.paid_usd_max in (None, event.paid_usd_min) else f"–{event.paid_usd_max:,.0f}"
        floor = "at least " if event.paid_usd_max is None else ""
        rows.append(("Paid (USD)", f"{floor}{event.paid_usd_min:,.0f}{high}"))
    if event.names:
        rows.append(("Names", _joined(event.names)))
    if event.actors:
        rows.append(("Actors", _joined(event.actors)))
    source = bdi(event.outlet)
    if event.cited_outlet:
        source += Markup(", citing {}").format(bdi(event.cited_outlet))
    if event.seed:
        source += Markup("; seed {}").format(bdi(event.seed))
    if event.url:
        source += Markup("; {}").format(bdi(event.url))
    rows.append(("Source", source))
    if event.disputed or event.dispute_note or event.related:
        dispute = Markup("DISPUTED. " if event.disputed else "") + (bdi(event.dispute_note) if event.dispute_note
                                                                     else "")
        if event.related:
            dispute += Markup(" (related: {})").format(_joined(event.related))
        rows.append(("Dispute", dispute))
    if event.notes:
        rows.append(("Notes", bdi(event.notes)))
    if event.added_by:
        rows.append(("Added by", bdi(event.added_by)))
    body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(label, value) for label, value in rows)
    badges = Markup("" if event.is_dated else ' <span class="atlas-undated">undated</span>')
    if event.disputed:
        badges += Markup(' <span class="atlas-disputed">disputed</span>')
    return str(Markup('<div class="atlas-details" data-event="{id}"><div class="atlas-summary">{summary}{badges}</div>'
                      '<div class="atlas-event-id">{id}</div><dl>{body}</dl>'
                      '<div class="atlas-quote" dir="rtl" lang="ar">{quote}</div></div>').format(
        id=event.id, summary=bdi(event.summary_en), badges=badges, body=body, quote=event.quote_ar))
