"""The map's own script and style: place names placed without overlap, the southern Damascus inset, tooltips kept
inside the map, the selected event's highlight, a drawn layers icon (see ``atlas_map.js``).

The script is a fixed file; what it shows (names, points) goes into the page as JSON data (``page_json``), and
the script sets every name as text. The call that starts it is a fixed template that only names folium's own
variables.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import folium
from branca.element import MacroElement
from jinja2 import Template

from atlas.i18n import N_
from atlas.map.page import RawText, RenderedScript, page_json

_LAYERS_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 26 26"><g fill="none" stroke="#333" '
                'stroke-width="1.6" stroke-linejoin="round"><path d="M13 5 23 10 13 15 3 10Z" fill="#e8eef3"/>'
                '<path d="M5.5 13.2 3 14.5 13 19.5 23 14.5 20.5 13.2"/><path d="M5.5 17.2 3 18.5 13 23.5 23 18.5 '
                '20.5 17.2"/></g></svg>')

MAP_CSS = """
.leaflet-container { background: #d7e4ec; }
.atlas-label-layer { position: absolute; left: 0; top: 0; }
.atlas-place-label { position: absolute; left: 0; top: 0; display: none; }
.atlas-place-label.atlas-shown, .atlas-place-label.atlas-measuring { display: block; }
.atlas-place-label.atlas-measuring { visibility: hidden; }
.atlas-label-text { position: absolute; left: 0; top: 0; white-space: pre; color: #161616;
  font: 600 12px/1.25 "Noto Sans", "DejaVu Sans", "Noto Naskh Arabic", sans-serif;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.atlas-label-text[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif;
  font-size: 13px; line-height: 1.35; }
.atlas-label-text[dir="rtl"] { text-align: right; }
.atlas-label-dot { position: absolute; left: -3px; top: -3px; width: 6px; height: 6px; border-radius: 50%;
  background: #333; border: 1px solid #fff; box-sizing: border-box; }
.atlas-label-city .atlas-label-text { font-size: 13.5px; font-weight: 700; }
.atlas-label-city .atlas-label-text[dir="rtl"] { text-align: right; }
.atlas-label-dot { width: 8px; height: 8px; left: -4px; top: -4px; background: #111; }
.atlas-label-town .atlas-label-text { font-size: 11px; font-weight: 500; color: #3a3a3a; }
.atlas-label-town .atlas-label-text[dir="rtl"] { text-align: right; }
.atlas-label-dot { width: 5px; height: 5px; left: -2.5px; top: -2.5px; background: #555; }
.atlas-label-neighbourhood .atlas-label-text { font-size: 11.5px; }
.atlas-label-governorate .atlas-label-text { font-size: 10.5px; font-weight: 500; font-style: italic;
  letter-spacing: .06em; text-transform: uppercase; color: #85786a; }
.atlas-label-water .atlas-label-text { font-style: italic; font-weight: 500; color: #2f6f9f; }
.atlas-label-road .atlas-label-text { font: 700 10px/1.2 "Noto Sans", "DejaVu Sans", sans-serif; color: #fff;
  background: #9a6b2f; padding: 0 3px; border-radius: 2px; text-shadow: none; }
.atlas-inset { background: #fff; padding: 3px; cursor: pointer; }
.atlas-inset:focus-visible, .leaflet-bar a:focus-visible, .leaflet-control-layers-toggle:focus-visible {
  outline: 3px solid #1f6feb; outline-offset: 1px; }
.atlas-inset-title { font: 600 11px/1.3 "Noto Sans", "DejaVu Sans", sans-serif; padding: 0 2px 2px; color: #222; }
.atlas-inset-map { width: 240px; height: 180px; }
.atlas-inset-map .leaflet-container, .atlas-inset-map.leaflet-container { background: #d7e4ec; }
.leaflet-control-layers-toggle { background-image: url("data:image/svg+xml,LAYERS_ICON") !important;
  background-size: 26px 26px !important; }
.leaflet-tooltip { width: max-content; max-width: min(380px, 70vw); white-space: normal; }
.leaflet-tooltip .atlas-tip { max-height: 260px; overflow: hidden; }
.atlas-point-icon > svg, .atlas-inset-point-icon > svg { display: block; width: 100%; height: 100%; }
@media (max-width: 640px) { .atlas-inset-map { width: 150px; height: 120px; } }
""".replace("LAYERS_ICON", quote(_LAYERS_ICON))


@lru_cache(maxsize=1)
def map_script() -> str:
    """The fixed script (read once): a big map's canvas route lines (``atlas_lines.js``), then the rest."""
    folder = Path(__file__).resolve().parent
    return "\n".join((folder / name).read_text(encoding="utf-8") for name in ("atlas_lines.js", "atlas_map.js"))


class AtlasMapScript(MacroElement):
    """The map's own script, its data and the call that starts it, added last to the map.

    All of it is the map's script (not the page's), so streamlit-folium, which keeps only the map's scripts,
    hands it to the dashboard's component too. It is placed as plain text, never compiled as a template (branca
    would compile a macro's output, and the names in the data are user text)."""

    def __init__(self, config: dict, labels_group: folium.FeatureGroup | None,
                 routes_group: folium.FeatureGroup | None = None, runtime: bool = True):
        super().__init__()
        self._name = "AtlasMapScript"
        self.config_json, self.labels_group, self.routes_group = page_json(page_config(config)), labels_group, routes_group
        self.runtime = runtime      # False: the script is in the page already (atlas.map.columns.TablesScript)

    def script_text(self) -> str:
        map_name = self._parent.get_name()     # asked late: streamlit-folium renames the map's variable
        labels = self.labels_group.get_name() if self.labels_group is not None else "null"
        routes = self.routes_group.get_name() if self.routes_group is not None else "null"
        return (f"{map_script() if self.runtime else ''}\n(function () {{ var config = {self.config_json};\n"
                f"atlasMap({map_name}, config, {labels}, {routes}); }})();\n")

    def render(self, **kwargs) -> None:
        self._template = RenderedScript(lambda this, kwargs=None: this.script_text())
        self.get_root().script._children[self.get_name()] = RawText(self.script_text())


def as_table(records: list[dict]) -> dict | list[dict]:
    """Records that share their keys as ``{"columns": keys, "rows": values}`` (each key once, not once a record);
    ``atlas_map.js`` reads them back. Records with differing keys stay as they are."""
    if not records or any(record.keys() != records[0].keys() for record in records):
        return records
    return {"columns": list(records[0]), "rows": [list(record.values()) for record in records]}


def page_config(config: dict) -> dict:
    """The script's ``config`` as it travels in the page: its place names (and the inset's) as tables."""
    config = {**config, "labels": as_table(config["labels"])}
    if config.get("inset"):
        config["inset"] = {**config["inset"], "labels": as_table(config["inset"]["labels"])}
    return config


class ScaleBar(MacroElement):
    """Leaflet's metric scale bar on the map (bottom left), kept as ``map.atlasScale`` (its units are set in the
    map's language by ``atlas_map.js``)."""

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.atlasScale = L.control.scale({metric: true, imperial: false, maxWidth: 160})
          .addTo({{ this._parent.get_name() }});
    {% endmacro %}""")


FRAME_WORDS = {"zoomIn": N_("Zoom in"), "zoomOut": N_("Zoom out"), "layers": N_("Layers"), "m": N_("m"),
               "km": N_("km")}
"""Leaflet's own words in the map's frame (button titles, scale units), set in the map's language by the script."""


def frame_words(t) -> dict[str, str]:
    """:data:`FRAME_WORDS` in ``t``'s language (an atlas.i18n.Translator), and its direction."""
    return {**{key: t.gettext(text) for key, text in FRAME_WORDS.items()}, "direction": t.direction}


class MapPrelude(MacroElement):
    """Runs before any layer: markers placed by ``left``/``top`` instead of a 3D transform, and ``L.atlasCanvas(map)``,
    the one canvas per map that a big map's lines and shapes share (``atlas.map.page``, ``atlas_map.js``).

    Each 3D-transformed element is a compositing layer of its own: without a GPU (Chromium's software
    compositing) a map with a few hundred markers took 2.5 s to paint after every change (0.2 s placed flat).
    """

    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  if (L.atlasCanvas) { return; }
  var setPos = L.Marker.prototype._setPos;
  L.Marker.prototype._setPos = function (pos) {
    var any3d = L.Browser.any3d;
    L.Browser.any3d = false;
    try { return setPos.call(this, pos); } finally { L.Browser.any3d = any3d; }
  };
  // A tooltip made on first hover (atlas.map.columns): getContent() gives its HTML, as streamlit-folium expects.
  var Tip = L.Tooltip.extend({getContent: function () {
    var content = this._content;
    return typeof content === "function" ? content(this._source || this) : content;
  }});
  L.atlasTip = function (make, layer) { return new Tip({sticky: true}, layer).setContent(make); };
  L.atlasCanvas = function (map) {
    var canvas = map._atlasCanvas;
    if (!canvas || canvas._atlasRemoved) {      // a live map's update removes every layer, its canvas too
      canvas = map._atlasCanvas = L.canvas({padding: 0.3, tolerance: 3});
      canvas.on("remove", function () { canvas._atlasRemoved = true; });
    }
    return canvas;
  };
})();
{% endmacro %}""")


def add_map_script(folium_map: folium.Map, config: dict, labels_group: folium.FeatureGroup | None = None,
                   routes_group: folium.FeatureGroup | None = None, runtime: bool = True) -> None:
    """The script, its data (``config``: labels, obstacles, inset, the end mark of each outcome's routes) and its
    style on ``folium_map``; the script draws the arrowheads of the route layers in ``routes_group``."""
    folium_map.get_root().header.add_child(RawText(f"<style>{MAP_CSS}</style>"), name="atlas_map_css")
    AtlasMapScript(config, labels_group, routes_group, runtime).add_to(folium_map)
    folium_map.atlas_config = config


def highlight_call(spec: dict | None) -> str:
    """Script that highlights ``spec`` (``{"lines": [[[lat, lon], ...]], "points": [[lat, lon], ...]}``) on the
    map, or clears the highlight (None); run after the map's script (e.g. streamlit-folium's feature group)."""
    data = page_json(spec)
    return (f"window.atlasPendingHighlight = {data};"
            f"if (window.atlasHighlight) {{ window.atlasHighlight({data}); }}")
