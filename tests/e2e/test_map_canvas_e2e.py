"""The map's own drawing in headless Chromium: arrowheads drawn by its script from each route line (on the line,
pointing along it, one shape per route, not clickable; on a canvas, drawn by the line itself); a big map's lines on a
canvas still answer hover with their tooltip; every tooltip the script assembles from the columnar page is the one
tests.support.map_features reads, hostile names and summaries in it are text; markers placed flat (no 3D transform
each); names placed; nothing fetched from the network."""
from __future__ import annotations

import pytest

from atlas import assets
from atlas.map.build import build_map
from atlas.map.selection import parse_selection
from tests.support.browser import open_local_file
from tests.support.map_features import event_lines, map_tips
from tests.support.sample_data import HOSTILE_NOTE, FakeGazetteer, sample_events, sample_places

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
# A point a third of the way along the first segment of the first route line that has a tooltip, in page pixels.
ROUTE_POINT_JS = """() => {
  const map = window.atlasMainMap;
  let found = null, at = null;
  map.eachLayer(layer => {
    if (!found && /\\batlas-route\\b/.test(layer.options.className || '') && layer.getTooltip()) {
      if (layer.feature) { found = layer; at = layer.getLatLngs(); }
      else if (layer instanceof L.AtlasLines && layer.atlasCount()) { found = layer; at = layer.atlasLatLngs(0); }
    }
  });
  const [a, b] = at.slice(0, 2).map(p => map.latLngToContainerPoint(p));
  const box = map.getContainer().getBoundingClientRect();
  return [box.left + a.x + (b.x - a.x) / 3, box.top + a.y + (b.y - a.y) / 3, found.options.renderer instanceof L.Canvas];
}"""


# Each arrow shape's first polygon (the first segment's arrowhead: tip, then the two base corners), checked against
# the route lines: it lies on the first segment of one, a few percent of it long, and points from start to end.
ARROWS_JS = """() => {
  const map = window.atlasMainMap, lines = [], heads = [];
  map.eachLayer(layer => {
    if (layer instanceof L.AtlasLines) {      // a big map's canvas: the lines draw their arrowheads themselves
      for (let i = 0; i < layer.atlasCount(); i++) lines.push(layer.atlasLatLngs(i).map(p => [p.lng, p.lat]));
      layer.atlasFirstArrowheads().forEach(ring => heads.push({ring: ring, interactive: false}));
      return;
    }
    if (!layer.feature) return;
    const name = layer.options.className || '';
    if (/\\batlas-route\\b/.test(name)) lines.push(layer.feature.geometry.coordinates);
    if (/\\batlas-arrow\\b/.test(name)) heads.push({ring: layer.feature.geometry.coordinates[0][0],
                                                   interactive: layer.options.interactive});
  });
  const fits = heads.map(head => {
    const [tip, left, right] = head.ring, base = [(left[0] + right[0]) / 2, (left[1] + right[1]) / 2];
    return lines.some(line => {
      const [a, b] = line, d = [b[0] - a[0], b[1] - a[1]], length = Math.hypot(d[0], d[1]);
      const along = ((tip[0] - a[0]) * d[0] + (tip[1] - a[1]) * d[1]) / (length * length);
      const off = Math.abs((tip[0] - a[0]) * d[1] - (tip[1] - a[1]) * d[0]) / length;
      const pointing = (tip[0] - base[0]) * d[0] + (tip[1] - base[1]) * d[1];
      const size = Math.hypot(tip[0] - base[0], tip[1] - base[1]) / length;
      return along > 0.5 && along < 0.7 && off < 0.01 * length && pointing > 0 && size > 0.02 && size < 0.2;
    });
  });
  return {lines: lines.length, heads: heads.length, fits: fits.filter(Boolean).length,
          interactive: heads.filter(h => h.interactive !== false).length};
}"""


def open_map(chromium, tmp_path, folium_map):
    """``folium_map`` as a standalone page opened offline (what else it asks for is recorded in ``page.blocked``)."""
    path = tmp_path / "map.html"
    page_html = assets.standalone_html(folium_map, vendor_dir=assets.install_assets())
    path.write_text(page_html, encoding="utf-8")
    page = open_local_file(chromium, path)
    page.locator(".leaflet-container[data-atlas-ready]").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    return page


@pytest.fixture
def canvas_page(chromium, curated_events, gazetteer, tmp_path):
    """The curated events' map drawn as a big map would be (canvas from the first route on)."""
    return open_map(chromium, tmp_path, build_map(curated_events, gazetteer, canvas_above=0))


@pytest.mark.parametrize("canvas_above", [0, 10_000])
def test_arrowheads_sit_on_their_lines_and_point_along_them(chromium, curated_events, gazetteer, tmp_path,
                                                            canvas_above):
    page = open_map(chromium, tmp_path, build_map(curated_events, gazetteer, canvas_above=canvas_above))
    found = page.evaluate(ARROWS_JS)
    assert found["lines"] >= 5 and found["heads"] == found["lines"]      # one shape per route line
    assert found["fits"] == found["heads"] and found["interactive"] == 0
    if canvas_above:      # a small map: SVG paths, which clicks pass through to the line
        assert page.locator("path.atlas-arrow").count() == found["heads"]
        assert page.locator("path.atlas-arrow.leaflet-interactive").count() == 0


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
    # A click gives what streamlit-folium returns: the clicked layer's tooltip, whose hidden key names the route.
    page.evaluate("""() => window.atlasMainMap.eachLayer(layer => layer.on && layer.on('click', e => {
      const box = document.createElement('span');
      box.innerHTML = e.sourceTarget.getTooltip().getContent();
      window.__clicked = box.textContent;
    }))""")
    page.mouse.click(x, y)
    clicked = page.evaluate("() => window.__clicked")
    assert clicked == tooltip.first.text_content()
    assert parse_selection(clicked).kind == "route"
    assert page.blocked == []


def test_markers_are_placed_without_a_3d_transform(canvas_page):
    transforms = canvas_page.locator(".leaflet-marker-icon").evaluate_all(
        "icons => icons.map(icon => icon.style.transform)")
    assert transforms and all(not t for t in transforms)
    assert canvas_page.locator(".atlas-place-label.atlas-shown").count() > 0


HOSTILE_NAME = "<img src=x onerror=window.__pwned=3>\u202eevil{{ 7*7 }} $` $' $&"   # ($`: a JS replace pattern)
# Every tooltip the script made from the tables (what getContent() gives streamlit-folium), and the text of each.
TIPS_JS = """() => {
  const found = [];
  const read = html => {
    const box = document.createElement('span');
    box.innerHTML = html;                         // as streamlit-folium's extractContent() reads it
    found.push({html: html, text: box.textContent});
  };
  window.atlasMainMap.eachLayer(layer => {
    if (layer instanceof L.AtlasLines) layer.atlasTips().forEach(read);       // a big map's canvas lines
    else if (layer.feature && typeof layer.feature.properties.tip === 'function' && layer.getTooltip()) {
      read(layer.getTooltip().getContent());
    }
  });
  return found;
}"""


@pytest.mark.parametrize("canvas_above, copies", [(0, 1), (10_000, 1), (0, 6)])
def test_tooltips_assembled_in_the_browser_keep_hostile_text_as_text(chromium, tmp_path, canvas_above, copies):
    """Names and summaries holding markup, a right-to-left override and template syntax are shown as typed, in
    every tooltip the script assembles, which is the HTML tests.support.map_features reads; nothing runs. Six copies
    of each event: tooltips that list some and count the rest, disputed ones among them; the lines of a row given
    as indexes (not one after another) read the same in both too."""
    places = [place.__class__(**{**{f: getattr(place, f) for f in place.__slots__},
                                 "name_en": HOSTILE_NAME + place.name_en, "name_ar": HOSTILE_NAME})
              for place in sample_places()]
    events = [e.replace(id=f"{e.id}-{n}") for n in range(copies) for e in sample_events()]
    folium_map = build_map(events, FakeGazetteer(places), canvas_above=canvas_above)
    page = open_map(chromium, tmp_path, folium_map)
    found = page.evaluate(TIPS_JS)
    assert sorted(tip["html"] for tip in found) == sorted(map_tips(folium_map))
    if copies > 1:
        assert any("… and " in tip["text"] for tip in found) and any("(disputed)" in tip["text"] for tip in found)
    for listed, total in (([2, 0], 2), ([1], 5), (1, 3), (0, 9)):
        assert page.evaluate("([listed, total]) => window.atlasColumns.tables.eventLines(listed, total)",
                             [listed, total]) == event_lines(folium_map, listed, total)
    assert all(HOSTILE_NAME in tip["text"] and parse_selection(tip["text"]) for tip in found)
    assert any(HOSTILE_NOTE in tip["text"] for tip in found)
    # Hovered, the tooltip shows the name as text: no element made from it, no script run.
    page.evaluate("""() => window.atlasMainMap.eachLayer(layer => {
      if (layer.feature && typeof layer.feature.properties.tip === 'function' && layer.getLatLng) {
        layer.openTooltip(layer.getLatLng());
      }
    })""")
    shown = page.locator(".leaflet-tooltip .atlas-tip")
    assert shown.count() >= 1 and HOSTILE_NAME in shown.first.inner_text()
    assert page.locator(".leaflet-tooltip-pane img, .leaflet-tooltip-pane script").count() == 0
    checkpoints = page.locator(".atlas-checkpoint").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert checkpoints and all(HOSTILE_NAME in label for label in checkpoints)    # the icon's name, as typed
    assert page.evaluate("() => window.__pwned") is None
    assert page.blocked == []
