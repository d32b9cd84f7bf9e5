"""The offline basemap under the events (shipped outlines and reference layers) and the views' framing."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence

import folium
from folium.map import CustomPane

from atlas.i18n import DEFAULT_LANGUAGE, N_, Translator, translator
from atlas.map.page import InlineGeoJson, page_json
from atlas.map.polyline import DECODER, encoded_collection
from geodata.coords import LatLon
from geodata.place import Place

VIEWS = ("overview", "southern-damascus")
VIEW_TITLES = {"overview": N_("Overview"), "southern-damascus": N_("Southern Damascus")}
"""Each view's title (English; shown in the map's language: the overview's inset is titled Southern Damascus)."""
OUTLINE_TITLES = (N_("Countries"), N_("Governorates"))
"""The shipped outlines' layer names (keys of :func:`shipped_basemap`; the layer control shows them translated)."""


# The neighbourhoods of the southern Damascus pocket in the reports; the detail view and the overview's inset
# frame whichever of them the gazetteer holds (their own coordinates, never a hand-drawn box).
SOUTHERN_DAMASCUS_IDS = (
    "geonames:8419677", "geonames:166716", "geonames:171998", "local:al-qadam", "local:al-qadam-police-station",
    "local:al-madaniya", "local:al-asali", "local:al-tadamon", "local:yalda", "local:beit-sahm", "local:sbeineh",
    "local:barada-factory", "local:yarmouk-rijeh-sector", "local:yarmouk-shuhada-sector",
)
FAR_UNCERTAINTY_M = 50_000
"""Places less precise than this (a country, a vast region) do not pull the overview's frame: their halo would
fill it (the Egypt circle). They stay drawn; the frame's caption names what is outside it."""
PAD_DEG = 0.005   # ~500 m, so a lone point is not fitted at maximum zoom
INSET_HIDE_ZOOM = 11   # from this zoom on the map itself shows southern Damascus: no inset


# -- the map --------------------------------------------------------------------------------
def _bounds(points: Iterable[tuple[float, float]]) -> list[list[float]] | None:
    points = list(points)
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats) - PAD_DEG, min(lons) - PAD_DEG], [max(lats) + PAD_DEG, max(lons) + PAD_DEG]]


def detail_places(gazetteer) -> list[Place]:
    """The southern Damascus places the gazetteer holds."""
    return [p for p in (gazetteer.get(pid) for pid in SOUTHERN_DAMASCUS_IDS) if p is not None]


def detail_bounds(gazetteer) -> list[list[float]] | None:
    return _bounds((p.lat, p.lon) for p in detail_places(gazetteer) if p.kind != "region")


def framed_places(places: Sequence[Place]) -> list[Place]:
    """The places the overview frames: all but the far-off approximate ones (unless nothing else is left)."""
    near = [p for p in places if p.uncertainty_m <= FAR_UNCERTAINTY_M]
    return near or list(places)


def view_bounds(view: str, positions: Sequence[LatLon | Place], gazetteer,
                frame: list[list[float]] | None = None) -> list[list[float]] | None:
    """[[south, west], [north, east]] to fit: the events (overview, with ``frame``, e.g. Syria, included) or
    southern Damascus. ``positions``: the events' places (far-off approximate ones are left out of the frame)
    or bare positions."""
    if view not in VIEWS:
        raise ValueError(f"view {view!r} is not one of {', '.join(VIEWS)}")
    if view == "southern-damascus":
        detail = detail_bounds(gazetteer)
        if detail:
            return detail
    places = [p for p in positions if isinstance(p, Place)]
    points = [(p.lat, p.lon) for p in framed_places(places)] + [
        (p.lat, p.lon) for p in positions if not isinstance(p, Place)]
    if frame:
        points += [tuple(frame[0]), tuple(frame[1])]
    return _bounds(points)


def outside(bounds: list[list[float]] | None, places: Iterable[Place]) -> list[Place]:
    """The places whose point lies outside ``bounds`` (named in the snapshot's caption)."""
    if not bounds:
        return []
    (south, west), (north, east) = bounds
    return [p for p in places if not (south <= p.lat <= north and west <= p.lon <= east)]


@lru_cache(maxsize=1)
def syria_bounds() -> list[list[float]] | None:
    from geodata.basemap import country_shape
    syria = country_shape("Syria")
    if syria is None:
        return None
    west, south, east, north = syria.bounds
    return [[south, west], [north, east]]


@lru_cache(maxsize=1)
def shipped_basemap() -> tuple[tuple[str, dict], ...]:
    """The shipped outlines, read once and shared with geodata (no copy: ~0.1 s of a start), read only.

    folium only reads them (GeoJson with a style function adds nothing to the features).
    """
    from geodata.basemap import countries_geojson, governorates_geojson
    countries, governorates = OUTLINE_TITLES
    return (countries, countries_geojson(shared=True)), (governorates, governorates_geojson(shared=True))


@lru_cache(maxsize=1)
def shipped_basemap_json() -> tuple[str, ...]:
    """The shipped outlines as page JSON, their rings encoded (``atlas.map.polyline``), serialised once (a third of a
    10k-event map's JSON time otherwise)."""
    return tuple(page_json(encoded_collection(collection)) for _, collection in shipped_basemap())


@lru_cache(maxsize=1)
def reference_layers() -> dict[str, dict]:
    """The reference layers (rivers, lakes, roads, towns; governorates with a ``label_at`` point), read once and
    shared (read only)."""
    from shapely.geometry import shape

    from geodata.basemap import REFERENCE_LAYERS, reference_geojson
    layers = {name: reference_geojson(name, shared=True) for name in REFERENCE_LAYERS}
    governorates = dict(shipped_basemap())["Governorates"]
    layers["governorates"] = {"type": "FeatureCollection", "features": [
        {"properties": f["properties"], "label_at": list(shape(f["geometry"]).representative_point().coords[0])}
        for f in governorates["features"]]}
    return layers


RIVERS_AND_LAKES, MAIN_ROADS = N_("Rivers and lakes"), N_("Main roads")
REFERENCE_STYLES = {
    RIVERS_AND_LAKES: {"color": "#6A9FC4", "weight": 1.3, "opacity": 0.9, "fillColor": "#BCD6E8",
                         "fillOpacity": 1.0},
    MAIN_ROADS: {"color": "#B08850", "weight": 1.6, "opacity": 0.85},
}


@lru_cache(maxsize=1)
def reference_drawing() -> tuple[tuple[str, dict, str], ...]:
    """(layer title, FeatureCollection, its page JSON with the lines encoded: ``atlas.map.polyline``) of the reference
    layers drawn under the events: the lines and areas only (their names are labels)."""
    layers = reference_layers()
    drawn = ((RIVERS_AND_LAKES, [*layers["lakes"]["features"], *layers["rivers"]["features"]]),
             (MAIN_ROADS, layers["roads"]["features"]))
    found = []
    for title, features in drawn:
        collection = {"type": "FeatureCollection",
                      "features": [f for f in features if f["geometry"]["type"] != "Point"]}
        found.append((title, collection, page_json(encoded_collection(collection))))
    return tuple(found)


def basemap_layers(m: folium.Map, basemap: Sequence[tuple[str, dict]], encoded: Sequence[str] = (),
                   reference: bool = False, t: Translator | None = None):
    """The outlines (and, with ``reference``, the rivers, lakes and roads) in their own pane under the events,
    quiet colours, no hover or click; their layer-control names in ``t``'s language. ``encoded``: the page JSON of
    the first outlines with their lines encoded (:func:`shipped_basemap_json`); the others go as plain GeoJSON."""
    t = t or translator(DEFAULT_LANGUAGE)
    CustomPane("basemap", z_index=250, pointer_events=False).add_to(m)
    styles = ({"color": "#8c8c8c", "weight": 1.2, "fillColor": "#f4f1ea", "fillOpacity": 1.0},
              {"color": "#a6a6a6", "weight": 0.8, "dashArray": "4 3", "fillColor": "#fbfaf6", "fillOpacity": 0.6})
    for index, (name, collection) in enumerate(basemap):
        style = dict(styles[min(index, len(styles) - 1)], interactive=False)
        given = index < len(encoded)
        InlineGeoJson(collection, name=t.gettext(name), pane="basemap", control=True, shared=True,
                      data_json=encoded[index] if given else None, decoder=DECODER if given else None,
                      style_function=lambda feature, style=style: style).add_to(m)
    if reference:
        for title, collection, text in reference_drawing():
            style = dict(REFERENCE_STYLES[title], interactive=False)
            InlineGeoJson(collection, name=t.gettext(title), pane="basemap", control=True, data_json=text,
                          decoder=DECODER, shared=True, style_function=lambda feature, style=style: style).add_to(m)


def basemap_bounds(basemap: Sequence[tuple[str, dict]]) -> list[list[float]] | None:
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
