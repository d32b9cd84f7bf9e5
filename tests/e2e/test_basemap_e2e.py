"""The basemap travels encoded (atlas.map.polyline) and Chromium draws the shipped outlines and reference layers from
it: every feature, each position where the shipped file puts it (to the page's five decimals), offline."""
from __future__ import annotations

import pytest

from atlas.exports import EXPORTERS, Briefing
from atlas.map.basemap import reference_drawing, shipped_basemap
from atlas.map.polyline import PRECISION
from tests.support.browser import open_local_file

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
BASEMAP_LAYERS_JS = """() => {
  const map = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])
    .find(m => m instanceof L.Map);
  const found = [];
  map.eachLayer(layer => {
    if (layer instanceof L.GeoJSON && layer.options.pane === 'basemap') { found.push(layer.toGeoJSON(false)); }
  });
  return found;
}"""


@pytest.fixture
def exported_page(curated_events, gazetteer, chromium, tmp_path):
    """The curated HTML briefing, opened offline with its map drawn."""
    path = tmp_path / "briefing.html"
    path.write_bytes(EXPORTERS["html"].render(Briefing(curated_events, gazetteer)))
    page = open_local_file(chromium, path)
    page.locator(".leaflet-container[data-atlas-ready]").wait_for(state="attached", timeout=TIMEOUT_MS)
    return page


def positions(coordinates):
    """Every [lon, lat] of a GeoJSON geometry's coordinates, in order."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [coordinates]
    return [p for part in coordinates for p in positions(part)]


def test_the_exported_page_draws_every_shipped_outline_where_the_file_puts_it(exported_page):
    page = exported_page
    drawn = page.evaluate(BASEMAP_LAYERS_JS)
    shipped = [c for _, c in shipped_basemap()] + [c for _, c, _ in reference_drawing()]
    assert len(drawn) == len(shipped)
    tolerance = 0.5 / 10 ** PRECISION + 1e-9
    for layer, collection in zip(drawn, shipped):
        assert len(layer["features"]) == len(collection["features"])
        for got, want in zip(layer["features"], collection["features"]):
            assert got["properties"] == want["properties"]
            assert got["geometry"]["type"] == want["geometry"]["type"]
            got_at, want_at = positions(got["geometry"]["coordinates"]), positions(want["geometry"]["coordinates"])
            assert len(got_at) == len(want_at), want["properties"]
            assert all(abs(a - b) <= tolerance for p, q in zip(got_at, want_at) for a, b in zip(p, q))
    assert page.blocked == []


def test_the_page_decodes_the_formats_own_example(exported_page):
    decoded = exported_page.evaluate("""() => atlasColumns.lines({type: 'FeatureCollection', features: [
      {type: 'Feature', id: 3, properties: {n: 1},
       geometry: {type: 'LineString', coordinates: '_p~iF~ps|U_ulLnnqC_mqNvxq`@'}},
      {type: 'Feature', properties: {n: 2}, geometry: {type: 'Point', coordinates: [36.25, 33.47]}}]})""")
    line, point = decoded["features"]
    assert line == {"type": "Feature", "id": 3, "properties": {"n": 1},
                    "geometry": {"type": "LineString", "coordinates": [[-120.2, 38.5], [-120.95, 40.7],
                                                                       [-126.453, 43.252]]}}
    assert point["geometry"] == {"type": "Point", "coordinates": [36.25, 33.47]}
