"""A big map in headless Chromium: its lines on a canvas still answer hover with their escaped tooltip, its markers
are placed flat (no 3D transform each), its names are placed, and nothing is fetched from the network."""
from __future__ import annotations

import pytest

from atlas import assets
from atlas.map.build import build_map

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
# A point a third of the way along the first segment of the first route line that has a tooltip, in page pixels.
ROUTE_POINT_JS = """() => {
  const map = window.atlasMainMap;
  let found = null;
  map.eachLayer(layer => {
    if (!found && layer.feature && /\\batlas-route\\b/.test(layer.options.className || '') && layer.getTooltip()) {
      found = layer;
    }
  });
  const [a, b] = found.getLatLngs().slice(0, 2).map(p => map.latLngToContainerPoint(p));
  const box = map.getContainer().getBoundingClientRect();
  return [box.left + a.x + (b.x - a.x) / 3, box.top + a.y + (b.y - a.y) / 3, found.options.renderer instanceof L.Canvas];
}"""


@pytest.fixture
def canvas_page(chromium, curated_events, gazetteer, tmp_path):
    """The curated events' map drawn as a big map would be (canvas from the first route on), opened offline."""
    path = tmp_path / "canvas-map.html"
    page_html = assets.standalone_html(build_map(curated_events, gazetteer, canvas_above=0),
                                       vendor_dir=assets.install_assets())
    path.write_text(page_html, encoding="utf-8")
    page = chromium.new_page()
    page.blocked = []

    def guard(route):
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort("internetdisconnected")
    page.route("**/*", guard)
    page.goto(path.as_uri(), wait_until="load")
    page.locator(".leaflet-container[data-atlas-ready]").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    return page


def test_canvas_lines_keep_their_tooltips(canvas_page):
    page = canvas_page
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert page.locator("path.atlas-route, path.atlas-arrow").count() == 0
    # Markers and names above the line would take the hover: let it reach the canvas.
    page.add_style_tag(content=".leaflet-marker-pane, .atlas-label-layer { pointer-events: none !important; "
                               "visibility: hidden; }")
    x, y, on_canvas = page.evaluate(ROUTE_POINT_JS)
    assert on_canvas
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip .atlas-tip")
    tooltip.first.wait_for(timeout=TIMEOUT_MS)
    assert "event(s)" in tooltip.first.inner_text()
    assert page.blocked == []


def test_markers_are_placed_without_a_3d_transform(canvas_page):
    transforms = canvas_page.locator(".leaflet-marker-icon").evaluate_all(
        "icons => icons.map(icon => icon.style.transform)")
    assert transforms and all(not t for t in transforms)
    assert canvas_page.locator(".atlas-place-label.atlas-shown").count() > 0
