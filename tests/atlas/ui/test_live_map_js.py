"""atlas/ui/live_map.js in Chromium, on a bare Leaflet page: a big map's script fetched for the live map
(``atlasLive.updateFrom``) after the basemap data it needs, a newer selection winning over a fetch still on its way, a
missing file said on the map, and the click handler streamlit-folium put on the old layers put on the new ones."""
from __future__ import annotations

import json
import shutil

import pytest

from atlas.assets import BUNDLES
from atlas.i18n import translator
from atlas.map_scripts import LOAD_FAILED, shared_name, shared_script
from atlas.ui.folium_component import live_runtime

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html><head><meta charset="utf-8"><script src="leaflet.js"></script></head>
<body><div id="map_div" style="width: 300px; height: 200px"></div></body></html>"""
FIRST_MAP = """var map_div = L.map("map_div", {center: [33.5, 36.3], zoom: 8});
var first_layer = L.circleMarker([33.5, 36.3]).addTo(map_div);"""
# streamlit-folium after the first map: window.map, and its click handler on every layer (stood in for here).
AS_THE_FRONTEND_DOES = """() => {
  window.map = window.map_div;
  window.oldLayer = window.first_layer;
  window.clicks = 0;
  window.onLayerClick = function () { window.clicks += 1; };
  window.map.eachLayer(function (layer) { layer.on("click", window.onLayerClick); });
}"""
# A map's script as the live map runs it: its L.map("map_div") call gets the live map.
FETCHED_MAP = """var map_b = L.map("map_div");
var b_layer = L.circleMarker([33.6, 36.4]).addTo(map_b);
window.bRuns = (window.bRuns || 0) + 1;
window.bSaw = atlasShared["base-k"].name;"""


@pytest.fixture
def live_page(tmp_path, static_server):
    from tests.support.browser import offline_chromium

    base, served = static_server
    shutil.copy(BUNDLES[0].source_dir() / "leaflet.js", tmp_path / "leaflet.js")
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.js").write_text(FETCHED_MAP, encoding="utf-8")
    (tmp_path / shared_name("base-k")).write_text(shared_script("base-k", json.dumps({"name": "معمل بردى"})),
                                                  encoding="utf-8")
    with offline_chromium(tmp_path / "profile") as context:
        page = context.new_page()
        page.goto(f"{base}/index.html")
        page.add_script_tag(content=live_runtime())
        page.evaluate("(run) => atlasLive.first(function () { (0, eval)(run); }, 'a')", FIRST_MAP)
        page.evaluate(AS_THE_FRONTEND_DOES)
        yield page, base, served


def version(page) -> str:
    return page.evaluate("() => document.body.dataset.atlasMapVersion")


def test_a_fetched_map_is_drawn_after_its_shared_data_and_its_layers_report_clicks(live_page):
    page, base, served = live_page
    shared = {"base-k": f"{base}/{shared_name('base-k')}"}
    page.evaluate("([url, shared]) => atlasLive.updateFrom(url, shared, 'b')", [f"{base}/b.js", shared])
    assert version(page) == "b"
    assert page.evaluate("() => [bRuns, bSaw, window.first_layer === undefined]") == [1, "معمل بردى", True]
    assert page.evaluate("() => [map.hasLayer(b_layer), map.hasLayer(oldLayer)]") == [True, False]
    page.evaluate("() => { b_layer.fire('click'); }")
    assert page.evaluate("() => window.clicks") == 1
    page.evaluate("([url, shared]) => atlasLive.updateFrom(url, shared, 'b')", [f"{base}/b.js", shared])
    assert page.evaluate("() => window.bRuns") == 1                     # the map shown already: nothing fetched
    assert served.count("/b.js") == 1 and served.count("/" + shared_name("base-k")) == 1


def test_a_newer_selection_wins_over_a_fetch_still_on_its_way(live_page):
    page, base, _ = live_page
    shown = page.evaluate("""(url) => {
      const pending = atlasLive.updateFrom(url, {}, 'b');
      atlasLive.update(function () { window.c_layer = L.circleMarker([33.7, 36.5]).addTo(L.map('map_div')); }, 'c');
      return pending.then(() => [document.body.dataset.atlasMapVersion, window.bRuns || 0, map.hasLayer(c_layer)]);
    }""", f"{base}/b.js")
    assert shown == ["c", 0, True]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_missing_script_is_said_on_the_map_and_the_map_shown_stays(live_page, language):
    """In the interface's language: the message the dashboard hands over, with the reason in it."""
    page, base, _ = live_page
    failed = translator(language).gettext(LOAD_FAILED)
    page.evaluate("([url, failed]) => atlasLive.updateFrom(url, {}, 'gone', failed)", [f"{base}/gone.js", failed])
    assert failed.replace("{reason}", "HTTP 404") in page.inner_text("body")
    assert version(page) == "a" and page.evaluate("() => map.hasLayer(oldLayer)")
