"""The one place that knows streamlit-folium's internals (0.27, pinned).

``st_folium`` renders its folium map again on every rerun (a second render of the same object yields a
broken script), which for a big selection costs more than everything else on the page. The dashboard
therefore renders a map once (:func:`render`), keeps the strings, and hands them to the component on
each rerun (:func:`show`). Both steps use private functions of streamlit-folium; keeping them here means
an upgrade breaks this module and its contract test (tests/atlas/ui/test_folium_component.py), not the app.

A live map (:func:`live_first`, :func:`live_update`, ``live_map.js``) keeps the component's frame across
selections: it relies on the frontend setting ``window.map`` and running a changed feature-group script.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import streamlit_folium as sf

from atlas.map.page import deferred_layer_data, page_json


@dataclass
class RenderedMap:
    """A folium map as streamlit-folium's component takes it."""

    script: str
    header: str
    html: str
    id: str
    css_links: list[str]
    js_links: list[str]
    hash_keys: dict[tuple[str, str], str] = field(default_factory=dict)   # (script, key) -> component key
    shared: dict[str, str] = field(default_factory=dict)   # key -> page JSON the script points at (basemap data)


def render(folium_map, *, share: bool = False) -> RenderedMap:
    """The map rendered the way ``st_folium`` does it, once. The map's feature layers stay out of
    streamlit-folium's text passes (variable renaming, dedent), which skip their megabytes of data.

    ``share``: the basemap's data (the same on every map) stays out of the script, which points at it by key
    (``RenderedMap.shared``); the page must then load it first (:mod:`atlas.map_scripts`)."""
    folium_map.get_root().render()
    html, header = sf._get_html(folium_map), sf._get_header(folium_map)   # before _get_map_string alters the map
    shared: dict[str, str] = {}
    with deferred_layer_data(folium_map, shared if share else None) as fill:
        script = fill(sf._get_map_string(folium_map))
    css_links, js_links, stack = [], [], [folium_map]
    while stack:
        element = stack.pop(0)
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
        stack.extend(getattr(element, "_children", {}).values())
    return RenderedMap(script, header, html, sf.get_full_id(folium_map), list(dict.fromkeys(css_links)),
                       list(dict.fromkeys(js_links)), shared=shared)


def hash_key(rendered: RenderedMap, script: str, key: str) -> str:
    """The component key ``st_folium`` gives ``script`` under the widget key ``key`` (hashed once per script)."""
    found = rendered.hash_keys.get((script, key))
    if found is None:
        found = rendered.hash_keys[(script, key)] = sf.generate_js_hash(script, key, False)
    return found


@lru_cache(maxsize=1)
def live_runtime() -> str:
    """The fixed script that keeps the map alive across updates (``live_map.js``, read once)."""
    return (Path(__file__).resolve().parent / "live_map.js").read_text(encoding="utf-8")


def live_first(run: str, name: str) -> str:
    """The component's script for a live map: ``run`` (a map's script, or a loader of it) draws the first map,
    whose additions are noted so that :func:`live_update` can replace them. ``name``: the map's content hash."""
    return f"{live_runtime()}\natlasLive.first(function () {{\n{run}\n}}, {page_json(name)});\n"


def live_update(run: str, name: str) -> str:
    """Script for the feature-group slot that draws the map of ``run`` onto the live map in place of the one
    shown (nothing when ``name`` is already shown): same frame, no new Leaflet, no refit."""
    return f"{live_runtime()}\natlasLive.update(function () {{\n{run}\n}}, {page_json(name)});\n"


def live_update_from(url: str, shared_urls: dict[str, str], name: str, failed: str) -> str:
    """Like :func:`live_update` for a map's script at ``url`` (after the shared data it points at, key -> URL):
    fetched without blocking the page, so the rest of the rerun is drawn while it comes. ``failed``: what the frame
    says if that fetch fails (``atlas.map_scripts.LOAD_FAILED``, translated)."""
    return (f"{live_runtime()}\natlasLive.updateFrom({page_json(url)}, {page_json(dict(shared_urls))}, "
            f"{page_json(name)}, {page_json(failed)});\n")


def show(rendered: RenderedMap, script: str, key: str, *, height: int, returned_objects: Sequence[str],
         on_change: Callable[[str], None], extra_script: str | None = None,
         center: tuple[float, float] | None = None, zoom: float | None = None, live_key: str | None = None):
    """``st_folium``'s last step: the component with ``script`` (the map's own, or a loader of it). Returns
    the component's value (a dict of ``returned_objects``, None before the first report).
    ``on_change(component_key)`` runs when the map reports.

    ``extra_script``: code run on the drawn map whenever it changes, without redrawing the map (streamlit-folium's
    "feature group" slot; the map is ``map_div`` there). ``center``/``zoom``: turn the map there when they change.

    ``live_key``: the component keeps its frame while this stays the same (a live map: ``script`` from
    :func:`live_first`, updated by ``extra_script`` from :func:`live_update`); None: a new frame for a new script."""
    component_key = hash_key(rendered, script if live_key is None else f"live:{live_key}", key)
    return sf._component_func(
        script=script, header=rendered.header, html=rendered.html, id=rendered.id, key=component_key,
        height=height, width=None, returned_objects=list(returned_objects),
        default={name: None for name in returned_objects}, zoom=zoom, center=list(center) if center else None,
        feature_group=extra_script,
        return_on_hover=False, layer_control=None, pixelated=False, css_links=rendered.css_links,
        js_links=rendered.js_links, on_change=lambda: on_change(component_key), wrap_longitude=False)
