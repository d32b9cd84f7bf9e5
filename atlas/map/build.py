"""The event map: events + gazetteer in, an offline folium map out (the dashboard's and the snapshot's)."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, MutableMapping, Sequence

import folium

from atlas.assets import DEFAULT_STATIC_URL, offline_map
from atlas.i18n import translator
from atlas.map.basemap import (INSET_HIDE_ZOOM, VIEW_TITLES, basemap_bounds, basemap_layers, detail_bounds,
                               detail_places, reference_layers, shipped_basemap, shipped_basemap_json, syria_bounds,
                               view_bounds)
from atlas.map.columns import PageTables, TablesScript, columnar_layer, events_row, route_row
from atlas.map.groups import split_events
from atlas.map.interactive import MapPrelude, ScaleBar, add_map_script, frame_words
from atlas.map.labels import DEFAULT_LANGUAGE, label_candidates, obstacles
from atlas.map.layers import DEFAULT_LAYERS, GROUP_TITLES, LAYERS, checkpoint_icon, point_radius
from atlas.map.style import OUTCOME_MARKS, kind_and_precision, precision_words
from events.schema import Event
from geodata.place import Place

CHECKPOINT_RADIUS, PLACE_RADIUS = 12, 5
CANVAS_ABOVE = 600
HALO_STYLE = {"color": "#666", "weight": 0.8, "opacity": 0.7, "fillColor": "#888", "fillOpacity": 0.08}
PLACE_STYLE = {"radius": 4, "color": "#222", "weight": 1.5, "fillColor": "#fff", "fillOpacity": 1}
"""Route groups and places beyond which lines, arrowheads, halos and place dots are drawn on a canvas: an SVG
element each is easy to style and inspect, but thousands of them took seconds to lay out and paint."""


def build_map(events: Sequence[Event], gazetteer, *, view: str = "overview", layers: Iterable[str] = DEFAULT_LAYERS,
              basemap: Sequence[tuple[str, dict]] | None = None, online_tiles: bool = False,
              static_url: str = DEFAULT_STATIC_URL, language: str = DEFAULT_LANGUAGE, digits: str = "latin",
              height: str | int = "100%", hidden: Iterable[str] | None = None,
              feature_cache: MutableMapping | None = None, canvas_above: int = CANVAS_ABOVE) -> folium.Map:
    """The map of ``events``: basemap, places, checkpoints, routes, point events, uncertainty halos, place names
    (in ``language``, "en" or "ar", placed without overlap at every zoom) and, on the overview, an inset of
    southern Damascus. The frame's words (layer control, inset title, tooltips, buttons, scale) are in ``language``
    too, numbers in ``digits`` (ATLAS_DIGITS; Arabic-Indic only in Arabic).

    ``hidden``: layers drawn but unticked in the layer control (None: none).

    ``basemap`` is a list of (layer name, GeoJSON FeatureCollection); None means the shipped
    governorates and country outlines from :mod:`geodata.basemap` with the reference layers (rivers, lakes, main
    roads, towns). ``online_tiles``: add OpenStreetMap tiles as an extra, unticked layer (the caller passes the
    setting ATLAS_ONLINE_TILES); ``static_url``: where the page finds the offline Leaflet assets (the setting
    ATLAS_STATIC_URL).

    ``feature_cache``: a mapping the caller keeps for one version of the data (events and places),
    in which the features of route groups and of the events at a place are kept by their event ids
    and reused: most filter changes redraw groups that were drawn before. Only give it when every
    event id stands for one content (not, e.g., with an entry-form preview whose id stays put).

    ``canvas_above``: more route groups and places than this draw their vector layers on a canvas.
    """
    t = translator(language, digits)
    layers = set(layers)
    unknown = layers - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layer(s) {', '.join(sorted(unknown))}; choose from {', '.join(LAYERS)}")
    routes, points, _unmapped = split_events(events, gazetteer)
    used: dict[str, Place] = {}
    for group in routes:
        used.update((p.id, p) for p in group.places)
    for place_id in points:
        used[place_id] = gazetteer.get(place_id)
    place_weight = Counter()     # events at or through each place: the busiest get their names first
    for group in routes:
        place_weight.update({p.id: len(group.events) for p in group.places})
    place_weight.update({pid: len(evs) for pid, evs in points.items()})
    checkpoint_ids = {p.id for p in used.values() if p.kind == "checkpoint"}
    checkpoint_ids |= {g.events[0].via for g in routes if g.events[0].via in used}
    vector = {"atlasCanvas": True} if len(routes) + len(used) > canvas_above else {}

    m = offline_map(static_url=static_url, height=height, control_scale=False, prefer_canvas=False, zoom_control=True)
    ScaleBar().add_to(m)
    MapPrelude().add_to(m)
    tables = PageTables(t, feature_cache)         # the columnar page: atlas.map.columns
    TablesScript(tables).add_to(m)                # before every layer that points into the tables
    shipped = basemap is None
    # Framed before any layer is added: a view set afterwards projects every feature again.
    bounds = view_bounds(view, list(used.values()), gazetteer, frame=syria_bounds() if shipped else None)
    if bounds is None:
        bounds = basemap_bounds(basemap) if basemap else syria_bounds()
    if bounds:
        m.fit_bounds(bounds, padding=(24, 24))
    m.atlas_bounds = bounds      # what the view frames (the snapshot names the places outside it)
    if "basemap" in layers:
        if shipped:
            basemap_layers(m, shipped_basemap(), shipped_basemap_json(), reference=True, t=t)
        else:
            basemap_layers(m, basemap, t=t)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name=t.gettext("OpenStreetMap (online)"), overlay=True, show=False,
                         control=True).add_to(m)

    hidden = set(hidden or ())
    groups = {name: folium.FeatureGroup(name=t.gettext(title), show=name not in hidden)
              for name, title in GROUP_TITLES.items() if name in layers}

    if "uncertainty" in groups:
        # Solid, thin outlines: a dashed circle hundreds of km wide seen at street zoom is millions of
        # dashes, and Chromium then takes tens of seconds to paint each zoom step (dashboard and snapshot).
        halos = [[tables.place(p), precision_words(p, t), p.uncertainty_m]
                 for p in used.values() if p.is_approximate and p.uncertainty_m > 0]
        if halos:
            columnar_layer("places", halos, "atlas-halo", extra={"style": HALO_STYLE},
                           marker=_on(folium.Circle(radius=1, class_name="atlas-halo"), vector), **vector
                           ).add_to(groups["uncertainty"])

    if "routes" in groups:
        rows_by_outcome: dict[str, list[list]] = defaultdict(list)
        for group in sorted(routes, key=lambda g: -(g.people or (0, 0))[0]):
            rows_by_outcome[group.outcome].append(route_row(group, tables))
        for outcome, rows in rows_by_outcome.items():
            columnar_layer("routes", rows, f"atlas-route atlas-outcome-{outcome}", extra={"outcome": outcome},
                           **vector).add_to(groups["routes"])
        # Arrowheads and end marks are drawn by the map's script from these lines (atlas_map.js), shapes only:
        # hover and click go through to the route line, which has the tooltip.

    marker_radius: dict[str, float] = {}
    if "events" in groups and points:
        dots = [events_row(used[place_id], place_events, tables) for place_id, place_events in points.items()]
        marker_radius.update({pid: point_radius(len(evs)) + 1 for pid, evs in points.items()})
        columnar_layer("points", dots, "atlas-point-event",
                       marker=folium.Marker(icon=folium.DivIcon(html=""))).add_to(groups["events"])

    if "places" in groups:
        plain = [p for p in used.values()
                 if p.id not in checkpoint_ids and not ("events" in groups and p.id in points)]
        marker_radius.update({p.id: PLACE_RADIUS for p in plain})
        if plain:
            columnar_layer("places", [[tables.place(p), kind_and_precision(p, t)] for p in plain], "atlas-place",
                           extra={"style": PLACE_STYLE},
                           marker=_on(folium.CircleMarker(radius=4, fill=True, class_name="atlas-place"), vector),
                           **vector).add_to(groups["places"])

    checkpoints = [p for p in used.values() if p.id in checkpoint_ids]
    if "checkpoints" in groups and checkpoints:
        marker_radius.update({p.id: CHECKPOINT_RADIUS for p in checkpoints})
        columnar_layer("places", [[tables.place(p), kind_and_precision(p, t)] for p in checkpoints], "atlas-icons",
                       extra={"icon": checkpoint_icon(t)},
                       marker=folium.Marker(icon=folium.DivIcon(html=""))).add_to(groups["checkpoints"])

    for group in groups.values():
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    reference = reference_layers() if shipped else {}
    candidates = label_candidates(used, gazetteer, language=language, marker_radius=marker_radius,
                                  weight=place_weight, detail_ids=[p.id for p in detail_places(gazetteer)],
                                  reference=reference)
    config = {"labels": candidates if "labels" in groups else [],
              "obstacles": obstacles(used, marker_radius), "inset": None,
              "arrows": OUTCOME_MARKS if "routes" in groups else None, "words": frame_words(t)}
    inset, inset_title = detail_bounds(gazetteer), VIEW_TITLES["southern-damascus"]
    if view == "overview" and inset and any(_within(inset, p) for p in used.values()):
        config["inset"] = {"bounds": inset, "title": t.gettext(inset_title), "hideAtZoom": INSET_HIDE_ZOOM,
                           "labels": [dict(c, minZoom=0) for c in candidates
                                      if c["kind"] in ("event-place", "neighbourhood") and _within(inset, c)],
                           "obstacles": [o for o in config["obstacles"] if _within(inset, {"lat": o[0], "lon": o[1]})]}
    add_map_script(m, config, groups.get("labels"), groups.get("routes"), runtime=False)
    return m


def _on(marker, options: dict):
    """``marker`` (the point layer a GeoJSON layer makes for each feature) with ``options`` added."""
    marker.options.update(options)
    return marker


def _within(bounds: list[list[float]], item) -> bool:
    lat, lon = (item.lat, item.lon) if isinstance(item, Place) else (item["lat"], item["lon"])
    (south, west), (north, east) = bounds
    return south <= lat <= north and west <= lon <= east
