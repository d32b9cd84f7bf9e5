"""How map data goes into the page: features as JSON *data* in plain script text, never template source.

folium's GeoJson has branca compile each layer's script, features included, as a Jinja template: a
third of a big rerun, and user text such as "{{ 7*7 }}" in a tooltip would run. Here each layer's
features are serialised once (orjson), made safe inside ``<script>``, and put into the page as text.
Each feature carries its own style and (escaped) tooltip, so one layer draws thousands of features.
"""
from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Iterable, Sequence

import folium
import orjson
from branca.element import Element, MacroElement
from folium.utilities import JsCode

from geodata.coords import LatLon

# Each GeoJSON feature carries its own style and (escaped) tooltip; one layer then draws thousands
# of features with a single folium element, which keeps building and rendering the page fast.
# A layer made with ``atlasCanvas: true`` (a big map, see ``build.CANVAS_ABOVE``) draws its lines and shapes on one
# canvas per map (``L.atlasCanvas``, atlas.map.interactive.MapPrelude) instead of an SVG element each: no DOM
# node per feature to lay out and paint.
APPLY_FEATURE_PROPERTIES = JsCode("""function (feature, layer) {
    var p = feature.properties || {};
    if (layer.options.atlasCanvas && layer instanceof L.Path) {
        layer.beforeAdd = function (map) {
            this.options.renderer = L.atlasCanvas(map);
            return L.Path.prototype.beforeAdd.call(this, map);
        };
    }
    if (p.style && layer.setStyle) { layer.setStyle(p.style); }
    if (p.style && p.style.radius !== undefined && layer.setRadius) { layer.setRadius(p.style.radius); }
    if (p.icon && layer.setIcon) { layer.setIcon(L.divIcon(p.icon)); }
    if (typeof p.tip === "function") { layer.bindTooltip(L.atlasTip(p.tip, layer)); }
    else if (p.tip) { layer.bindTooltip(p.tip, {sticky: true}); }
}""")
"""A feature's ``tip`` is its tooltip HTML, or (the columnar page, :mod:`atlas.map.columns`) a function that makes
it on first hover; ``L.atlasTip`` (``atlas.map.interactive.MapPrelude``) answers ``getContent()`` with the HTML
either way, which streamlit-folium reads on a click."""


def geojson_feature(geometry_type: str, coordinates, style: dict | None, tip: str | None) -> dict:
    return {"type": "Feature", "geometry": {"type": geometry_type, "coordinates": coordinates},
            "properties": {"style": style, "tip": tip}}


def lonlat(positions: Iterable[LatLon]) -> list[list[float]]:
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


def collection_json(feature_texts: Iterable[str]) -> str:
    """The page JSON of a FeatureCollection from its features' JSON (page JSON or plain orjson output):
    equal to ``page_json`` of the collection. Escaping the joined text once beats escaping each feature."""
    return script_safe('{"type":"FeatureCollection","features":[' + ",".join(feature_texts) + "]}")


class RenderedScript:
    """Stands in for the layer's compiled template once its script macro has been rendered."""

    def __init__(self, script):
        self.module = SimpleNamespace(script=script)


_STUB_SCRIPT = RenderedScript(lambda this, kwargs=None: "")


class InlineGeoJson(folium.GeoJson):
    """folium.GeoJson whose script (the features inline, megabytes for big selections) goes into the page
    as plain text: branca would otherwise compile that text as a Jinja template on every map render,
    which was a third of a dashboard rerun at 10k events, and read user text such as "{{ 7*7 }}" in a
    tooltip as template code. The page is otherwise the same.

    The script is rendered once, with a token where the features go; the features are serialised
    once, by :func:`page_json`. While ``defer_data`` is set, asking the layer for its script again
    (as streamlit-folium does after the page render) gives the script with the token, so text
    processing of the whole script skips the megabytes of features; :func:`fill_layer_data` puts them in.
    """

    def __init__(self, *args, data_json: str | None = None, shared: bool = False, decoder: str | None = None,
                 **kwargs):
        """``data_json``: ``page_json(data)`` when already known (the shipped basemap, same on every map).
        ``shared``: the data is the same on every map (the basemap), so a page that holds it once for all its maps
        (the dashboard's live map, :func:`fill_layer_data` with ``shared``) may point at it instead of carrying it.
        ``decoder``: the script function the page data goes through before Leaflet reads it (the basemap's encoded
        lines, ``atlas.map.polyline``); the data, shared or not, stays as it was written."""
        super().__init__(*args, **kwargs)
        self.data_token = f"atlasdata{self._id}"   # no "_": streamlit-folium's variable renaming leaves it be
        self.defer_data = False
        self.shared = shared
        self.decoder = decoder
        self._script: str | None = None
        self._data_json = data_json

    def data_json(self) -> str:
        if self._data_json is None:
            self._data_json = page_json(self.data)
        return self._data_json

    def fill_data(self, text: str, data: str | None = None) -> str:
        """``text`` with the layer's data (or the expression ``data`` standing for it) where its token is."""
        data = self.data_json() if data is None else data
        return text.replace(json.dumps(self.data_token), f"{self.decoder}({data})" if self.decoder else data, 1)

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
                self._template = RenderedScript(lambda this, kwargs=None: this.script_text())
        self.get_root().script._children[self.get_name()] = RawText(self.fill_data(self._script))


class DeferredScript(MacroElement):
    """A map script that carries big data (``make_data_json``, placed where ``script_text_with`` puts its
    argument), placed as plain text and deferred like an :class:`InlineGeoJson`'s features."""

    def __init__(self):
        super().__init__()
        self.data_token = f"atlasdata{self._id}"
        self.defer_data = False
        self._data_json: str | None = None

    def script_text_with(self, data: str) -> str:
        raise NotImplementedError

    def make_data_json(self) -> str:
        raise NotImplementedError

    def data_json(self) -> str:
        if self._data_json is None:
            self._data_json = self.make_data_json()
        return self._data_json

    def fill_data(self, text: str) -> str:
        return text.replace(json.dumps(self.data_token), self.data_json(), 1)

    def script_text(self) -> str:
        text = self.script_text_with(json.dumps(self.data_token))
        return text if self.defer_data else self.fill_data(text)

    def render(self, **kwargs) -> None:
        self._template = RenderedScript(lambda this, kwargs=None: this.script_text())
        self.get_root().script._children[self.get_name()] = RawText(
            self.fill_data(self.script_text_with(json.dumps(self.data_token))))


def _elements(root) -> list:
    """``root`` and every element below it."""
    found, stack = [], [root]
    while stack:
        element = stack.pop()
        found.append(element)
        stack.extend(getattr(element, "_children", {}).values())
    return found


def inline_layers(folium_map) -> list[InlineGeoJson]:
    return [element for element in _elements(folium_map) if isinstance(element, InlineGeoJson)]


def deferred_elements(folium_map) -> list[InlineGeoJson | DeferredScript]:
    """The map's elements whose big data can be deferred (feature layers, the columnar page's tables)."""
    return [element for element in _elements(folium_map) if isinstance(element, (InlineGeoJson, DeferredScript))]


def discard_map(folium_map) -> None:
    """Empty a map that is no longer needed, so its megabytes of features are freed at once.

    folium elements point at their parents (and layers at their map), so a dropped map is a
    reference cycle that only Python's full garbage collection frees: a pause of 100+ ms on some
    later dashboard rerun, growing with every big map built meanwhile.
    """
    for element in _elements(folium_map.get_root()):
        element.__dict__.clear()


SHARED_DATA = "atlasShared"
"""The page's global that holds shared layer data by key (``atlas.map_scripts.shared_script`` fills it)."""


def shared_reference(key: str) -> str:
    """The script expression that stands for the shared data ``key`` in a map's script."""
    return f"{SHARED_DATA}[{json.dumps(key)}]"


def shared_key(data_json: str) -> str:
    """A shared layer's key: named by its content, so one file serves every map, session and process."""
    return "base-" + hashlib.sha256(data_json.encode("utf-8")).hexdigest()[:24]


def fill_layer_data(text: str, layers: Iterable[InlineGeoJson | DeferredScript], shared: dict | None = None) -> str:
    """``text`` (a script made while the layers' ``defer_data`` was set) with their features put in.

    ``shared``: the data of a shared layer (:class:`InlineGeoJson` ``shared``) is not put in; the script points at it
    (:func:`shared_reference`) and ``shared`` gets it (key -> page JSON), for the page to load once."""
    for layer in layers:
        if shared is not None and getattr(layer, "shared", False):
            key = shared_key(layer.data_json())
            shared[key] = layer.data_json()
            text = layer.fill_data(text, shared_reference(key))
        else:
            text = layer.fill_data(text)
    return text


def fill_shared_data(text: str, shared: dict[str, str]) -> str:
    """A script made with ``shared`` references, with the shared data put back in (a page on its own)."""
    for key, data_json in shared.items():
        text = text.replace(shared_reference(key), data_json)
    return text


@contextmanager
def deferred_layer_data(folium_map, shared: dict | None = None):
    """While open, the map's feature layers give their script with a token where their features go;
    the function it yields puts the features into a script made meanwhile (shared data into ``shared``, see
    :func:`fill_layer_data`)."""
    layers = deferred_elements(folium_map)
    for layer in layers:
        layer.defer_data = True
    try:
        yield lambda text: fill_layer_data(text, layers, shared)
    finally:
        for layer in layers:
            layer.defer_data = False


def feature_layer(features: list[dict], class_name: str, marker=None, **options) -> folium.GeoJson:
    return InlineGeoJson({"type": "FeatureCollection", "features": features}, control=False, marker=marker,
                         on_each_feature=APPLY_FEATURE_PROPERTIES, className=class_name, **options)


def tooltip_points(points: Sequence[tuple[LatLon, dict, str]], class_name: str) -> folium.GeoJson:
    """Circle markers, each ``(position, style, tooltip HTML)``, as one layer whose features travel as JSON
    data. folium's own Tooltip puts its text between JavaScript backticks and branca compiles the result as
    a template, so a name holding "${...}" or "{{ ... }}" would run; here no text is ever read as code."""
    features = [geojson_feature("Point", list(position.lonlat), style, tip) for position, style, tip in points]
    return feature_layer(features, class_name, marker=folium.CircleMarker(radius=6, fill=True, class_name=class_name))


def serialised_layer(pairs: Sequence[tuple[dict, str]], class_name: str, **options) -> folium.GeoJson:
    """A feature layer from (feature, its JSON) pairs, its page JSON joined from theirs."""
    return feature_layer([feature for feature, _ in pairs], class_name,
                          data_json=collection_json([text for _, text in pairs]), **options)
