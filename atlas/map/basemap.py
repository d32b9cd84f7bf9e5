"""The offline basemap under the events (shipped outlines) and the views' framing."""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import folium
from folium.map import CustomPane

from atlas.map.page import InlineGeoJson, page_json
from geodata.coords import LatLon

VIEWS = ("overview", "southern-damascus")


# The neighbourhoods of the southern Damascus pocket in the reports; the detail view frames
# whichever of them the gazetteer holds (their own coordinates, never a hand-drawn box).
SOUTHERN_DAMASCUS_IDS = (
    "geonames:8419677", "geonames:166716", "geonames:171998", "local:al-qadam", "local:al-qadam-police-station",
    "local:al-madaniya", "local:al-asali", "local:al-tadamon", "local:yalda", "local:beit-sahm", "local:sbeineh",
    "local:barada-factory", "local:yarmouk-rijeh-sector", "local:yarmouk-shuhada-sector",
)


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
def shipped_basemap() -> tuple[tuple[str, dict], ...]:
    """The shipped outlines, read once: geodata hands out fresh copies, which cost a rerun ~50 ms each time.

    folium only reads them (GeoJson with a style function adds nothing to the features).
    """
    from geodata.basemap import countries_geojson, governorates_geojson
    return ("Countries", countries_geojson()), ("Governorates", governorates_geojson())


@lru_cache(maxsize=1)
def shipped_basemap_json() -> tuple[str, ...]:
    """The shipped outlines as page JSON, serialised once (a third of a 10k-event map's JSON time otherwise)."""
    return tuple(page_json(collection) for _, collection in shipped_basemap())


def basemap_layers(m: folium.Map, basemap: Sequence[tuple[str, dict]], texts: Sequence[str | None] = ()):
    CustomPane("basemap", z_index=250, pointer_events=False).add_to(m)
    styles = ({"color": "#8c8c8c", "weight": 1.2, "fillColor": "#f4f1ea", "fillOpacity": 1.0},
              {"color": "#a6a6a6", "weight": 0.8, "dashArray": "4 3", "fillColor": "#fbfaf6", "fillOpacity": 0.6})
    for index, (name, collection) in enumerate(basemap):
        style = dict(styles[min(index, len(styles) - 1)], interactive=False)
        InlineGeoJson(collection, name=name, pane="basemap", control=True,
                       data_json=texts[index] if index < len(texts) else None,
                       style_function=lambda feature, style=style: style).add_to(m)


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
