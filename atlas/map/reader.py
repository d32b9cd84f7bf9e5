"""A small offline map of the places a report names (for the reader panel)."""
from __future__ import annotations

from typing import Iterable

import folium
from markupsafe import Markup

from atlas.assets import DEFAULT_STATIC_URL, offline_map
from atlas.map.markup import place_label_html
from atlas.map.page import tooltip_points
from geodata.gazetteer import Gazetteer

BASEMAP_STYLE = {"color": "#9a9a9a", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1.0, "interactive": False}
MARK_COLOUR = "#c27c0e"


def places_map(place_ids: Iterable[str], gazetteer: Gazetteer, *, basemap: bool = True,
               static_url: str = DEFAULT_STATIC_URL) -> folium.Map:
    """Every known place as a dot plus its uncertainty circle (dashed when approximate)."""
    places = [p for p in (gazetteer.get(pid) for pid in dict.fromkeys(place_ids)) if p is not None]
    m = offline_map(static_url=static_url, control_scale=True, zoom_start=7, location=(34.8, 38.5))
    if basemap:
        from geodata.basemap import countries_geojson, governorates_geojson
        for name, collection in (("Countries", countries_geojson()), ("Governorates", governorates_geojson())):
            folium.GeoJson(collection, name=name, style_function=lambda _f: BASEMAP_STYLE).add_to(m)
    dots = []
    for place in places:
        tip = Markup('<div class="atlas-tip">{}<br>{}, {} (± {} km)<br><code>{}</code></div>').format(
            place_label_html(place), place.kind, place.precision, f"{place.uncertainty_m / 1000:.1f}", place.id)
        if place.uncertainty_m > 0 and place.kind not in ("country",):
            folium.Circle(place.position.latlon, radius=place.uncertainty_m, color=MARK_COLOUR, weight=1,
                          fill=True, fill_opacity=0.08, dash_array="4 4" if place.is_approximate else None,
                          interactive=False).add_to(m)
        dots.append((place.position, {"radius": 6, "color": "#5b3a00", "weight": 1, "fillColor": MARK_COLOUR,
                                      "fillOpacity": 0.95}, str(tip)))
    if dots:
        tooltip_points(dots, "reader-place").add_to(m)
    points = [p.position.latlon for p in places if p.kind != "country"]
    if len(points) > 1:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(20, 20), max_zoom=12)
    elif points:
        m.location, m.options["zoom"] = list(points[0]), 11
    return m
