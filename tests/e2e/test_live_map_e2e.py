"""The dashboard map stays alive across filter changes (atlas/ui/live_map.js): the same frame (Leaflet not loaded
again) gets the new selection's layers, keeps the view the analyst had, and the change costs exactly one rerun:
the map has nothing new to report, so it echoes none."""
import re

import pytest

from tests.support.browser import (
    MAP_FRAME,
    awaiting_rerun,
    choose_option,
    screenshot,
    start_app,
    wait_idle,
    wait_until_ready,
)

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
# In the map's frame: what the map shows, and how often it moved or changed its layers (the events on which
# streamlit-folium reports the map's state, which would rerun the script) since WATCH_JS.
BASE_PATHS_JS = """const basePaths = (doc) => [...doc.querySelectorAll('.leaflet-basemap-pane path')]
  .filter((p) => !p.closest('.atlas-inset'));   // the main map's outlines, rivers and roads (the inset has its own)
"""
MAP_STATE_JS = BASE_PATHS_JS + """() => {
  const frame = document.querySelector('iframe[title*="streamlit_folium"]');
  const win = frame.contentWindow, map = win.map, doc = frame.contentDocument, center = map.getCenter();
  return {
    mark: win.atlasTestMark || null, version: doc.body.dataset.atlasMapVersion || null,
    routes: doc.querySelectorAll('path.atlas-route').length,
    captured: doc.querySelectorAll('path.atlas-outcome-captured').length,
    controls: doc.querySelectorAll('.leaflet-control-layers').length,
    insets: doc.querySelectorAll('.atlas-inset').length, zooms: doc.querySelectorAll('.leaflet-control-zoom').length,
    labels: doc.querySelectorAll('#map_div .atlas-label-layer').length,
    view: [center.lat, center.lng, map.getZoom()], moves: win.atlasTestMoves,
    layers: Object.keys(win).filter((k) => /^geo_json_/.test(k)).length,
    stale: Object.keys(win).filter((k) => /^geo_json_/.test(k) && win[k].atlasTestOld
                                   && (win[k].options || {}).pane !== 'basemap').length,
    base: Object.keys(win).filter((k) => /^geo_json_/.test(k) && (win[k].options || {}).pane === 'basemap')
      .map((k) => [win[k].atlasTestOld === true, win[k].getLayers().length, map.hasLayer(win[k])]),
    basePaths: basePaths(doc).length,
    oldBasePaths: basePaths(doc).filter((p) => p.atlasTestOld).length,
  };
}"""


WATCH_JS = BASE_PATHS_JS + """() => {
  const win = document.querySelector('iframe[title*="streamlit_folium"]').contentWindow;
  win.atlasTestMark = 'the first frame';
  win.atlasTestMoves = 0;
  Object.keys(win).filter((k) => /^geo_json_/.test(k)).forEach((k) => { win[k].atlasTestOld = true; });
  basePaths(win.document).forEach((p) => { p.atlasTestOld = true; });
  win.map.on('movestart moveend zoomend overlayadd overlayremove', () => { win.atlasTestMoves += 1; });
}"""


def map_state(page) -> dict:
    return page.evaluate(MAP_STATE_JS)


def choose_outcome(page, outcome: str) -> None:
    choose_option(page, page.locator(".st-key-filters-outcomes").locator("input"), outcome, TIMEOUT_MS)


def wait_for_new_map(page, version: str) -> None:
    page.wait_for_function("""(version) => {
        const f = document.querySelector('iframe[title*="streamlit_folium"]');
        const doc = f && f.contentDocument;
        return !!doc && !!doc.body.dataset.atlasMapVersion && doc.body.dataset.atlasMapVersion !== version;
    }""", arg=version, timeout=TIMEOUT_MS)
    wait_idle(page, TIMEOUT_MS)


@pytest.fixture
def live_page(dashboard_app, offline_page):
    offline_page.goto(dashboard_app.url, wait_until="domcontentloaded")
    offline_page.wait_for_selector(MAP_FRAME, timeout=TIMEOUT_MS)
    wait_until_ready(offline_page, TIMEOUT_MS)
    offline_page.evaluate(WATCH_JS)
    return offline_page, offline_page.reruns


def test_a_filter_change_redraws_the_layers_in_the_same_frame(live_page):
    page, _ = live_page
    before = map_state(page)
    assert before["routes"] > before["captured"] > 0
    choose_outcome(page, "captured")
    wait_for_new_map(page, before["version"])
    after = map_state(page)
    assert after["mark"] == "the first frame"                   # the same window: no new frame, no new Leaflet
    assert 0 < after["routes"] == after["captured"] < before["routes"]
    assert after["view"] == before["view"] and after["moves"] == 0     # not refitted to the new selection
    assert before["layers"] > 0 and after["stale"] == 0           # the previous map's layers are not kept alive by its script's globals
    # The previous map's controls, inset and names were taken off; the new map's are there once.
    assert before["controls"] == before["zooms"] == 1 and before["insets"] == 1
    assert [after[k] for k in ("controls", "insets", "zooms", "labels")] == [1, 1, 1, before["labels"]]
    screenshot(page, "dashboard-live-filter-captured")
    page.keyboard.press("Escape")
    page.locator(".st-key-filters-outcomes").locator('[aria-label="Clear all"], svg[title="Clear all"]').first.click()
    wait_for_new_map(page, after["version"])
    back = map_state(page)
    assert (back["mark"], back["routes"], back["captured"]) == ("the first frame", before["routes"],
                                                                before["captured"])


def test_a_filter_change_costs_exactly_one_rerun(live_page):
    page, reruns = live_page
    before, sent = map_state(page), reruns.sent
    choose_outcome(page, "captured")
    wait_for_new_map(page, before["version"])
    assert map_state(page)["moves"] == 0     # the map has nothing new to report: it echoes no second rerun
    assert reruns.sent - sent == 1


# In the page: the element containers Streamlit marks stale while a rerun runs (not yet sent again), with their
# computed opacity and transition then, and the opacity transitions started on element containers.
STALE_WATCH_JS = """() => {
  window.atlasTestStale = [];
  window.atlasTestFades = 0;
  new MutationObserver((changes) => {
    for (const change of changes) {
      const element = change.target;
      if (element.dataset.testid === 'stElementContainer' && element.dataset.stale === 'true') {
        const style = getComputedStyle(element);
        window.atlasTestStale.push([style.opacity, style.transitionDuration]);
      }
    }
  }).observe(document.body, {attributes: true, subtree: true, attributeFilter: ['data-stale']});
  document.addEventListener('transitionrun', (event) => {
    if (event.propertyName === 'opacity' && event.target.dataset.testid === 'stElementContainer') {
      window.atlasTestFades += 1;
    }
  }, true);
}"""


def test_a_filter_change_starts_no_fade_on_the_elements_it_redraws(live_page):
    """Streamlit fades what a rerun has not sent again yet (after 0.5 s); a change here ends sooner, so the fade was
    never seen, but its ~50 transitions, started and cancelled on every change, cost the page a fifth of its work.
    selection_view.LAYOUT_CSS turns them off: the elements are still marked stale, and stay as they are."""
    page, _ = live_page
    page.evaluate(STALE_WATCH_JS)
    before = map_state(page)
    choose_outcome(page, "captured")
    wait_for_new_map(page, before["version"])
    stale = page.evaluate("window.atlasTestStale")
    assert len(stale) >= 10, "Streamlit no longer marks stale elements (data-stale): LAYOUT_CSS's rule is void"
    assert {tuple(marks) for marks in stale} == {("1", "0s")}
    assert page.evaluate("window.atlasTestFades") == 0


def test_a_filter_change_keeps_the_basemap_drawn_once(live_page):
    """The outlines, rivers and roads are the same on every map of the frame: a change keeps their layers and their
    drawn paths (not drawn again), listed once in the layer control, and a basemap layer the analyst unticked
    stays off."""
    page, _ = live_page
    before = map_state(page)
    assert len(before["base"]) >= 3 and all(on and count > 0 for _, count, on in before["base"])
    assert before["basePaths"] > 0 and before["oldBasePaths"] == before["basePaths"]
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator(".leaflet-control-layers").hover()
    rivers = frame.locator(".leaflet-control-layers-overlays label").filter(has_text="River")
    with awaiting_rerun(page, TIMEOUT_MS):       # the map reports its ticked layers: a rerun
        rivers.locator("input").uncheck()
    unticked = map_state(page)
    choose_outcome(page, "captured")
    wait_for_new_map(page, before["version"])
    after = map_state(page)
    assert [(old, count) for old, count, _ in after["base"]] == [(True, count) for _, count, _ in before["base"]]
    assert [on for _, _, on in after["base"]] == [on for _, _, on in unticked["base"]]   # the rivers stay off
    assert after["oldBasePaths"] == after["basePaths"] == unticked["basePaths"] > 0      # no path drawn again
    frame.locator(".leaflet-control-layers").hover()
    labels = frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert sum("River" in label for label in labels) == 1
    assert not rivers.locator("input").is_checked()


def test_the_basemap_data_is_fetched_once_and_a_small_map_comes_with_its_rerun(live_page):
    """The basemap's data (the same on every map) is a file of its own, loaded once by the frame; a curated map's
    script is small enough to come with the rerun's message, so a filter change fetches nothing."""
    page, _ = live_page
    shared = page.evaluate("""() => Object.keys(
        document.querySelector('iframe[title*="streamlit_folium"]').contentWindow.atlasShared || {})""")
    assert len(shared) >= 3 and all(key.startswith("base-") for key in shared)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "/static/maps/" in request.url else None)
    before = map_state(page)
    choose_outcome(page, "captured")
    wait_for_new_map(page, before["version"])
    after = map_state(page)
    assert 0 < after["captured"] == after["routes"] < before["routes"]
    assert fetched == []                                  # neither the map's script nor the basemap's data again
    assert [(old, count) for old, count, _ in after["base"]] == [(True, count) for _, count, _ in before["base"]]


# Each big-map event's summary made long (as a report's summary can be): the map's script is then well over what
# goes with a rerun whatever the page's encoding saves (5,000 events with short summaries came under the limit
# once the page's event lines were packed).
LONG_SUMMARY = " Reported by two outlets with the same figure; the route and the checkpoint are as they name them." * 3


@pytest.fixture(scope="module")
def big_app(tmp_path_factory):
    """The dashboard over 5,000 team events with long summaries: its map's script is too big to come with a
    rerun (``map_panel.INLINE_SCRIPT_LIMIT``)."""
    from benchmarks.bench_browser import team_store

    data_dir = tmp_path_factory.mktemp("atlas-big")
    env = {"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": team_store(5_000, data_dir, summary_suffix=LONG_SUMMARY),
           "ATLAS_ONLINE_TILES": "false"}
    with start_app("dashboard.py", env=env, log_dir=data_dir) as app:
        yield app


MAIN_MAP_MARKER = ".leaflet-marker-icon.leaflet-interactive:not(.atlas-inset .leaflet-marker-icon)"   # not the inset
CLICKS_JS = "() => document.querySelector('iframe[title*=\"streamlit_folium\"]').contentWindow" \
            ".__GLOBAL_DATA__.last_object_clicked_count"


def test_a_big_map_is_fetched_without_holding_the_page_and_its_layers_report_clicks(big_app, offline_page):
    """A map too big for the rerun's message is fetched (not by a synchronous request, which held the page while the
    busy server sent it), drawn onto the same frame, and a click on one of its new layers is reported as before."""
    page = offline_page
    page.goto(big_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    page.evaluate(WATCH_JS)
    scripts = []
    page.on("request", lambda request: scripts.append(request.resource_type)
            if re.search(r"/static/maps/[0-9a-f]{32}\.js$", request.url) else None)
    before = map_state(page)
    page.locator(".st-key-filters-dates input[type=range]").first.focus()
    page.keyboard.press("PageUp")             # a new date window over most events: a new, big map
    wait_for_new_map(page, before["version"])
    after = map_state(page)
    assert scripts == ["fetch"], "the new map came with the rerun: is its script still over INLINE_SCRIPT_LIMIT?"
    assert after["mark"] == "the first frame" and after["stale"] == 0 and after["view"] == before["view"]
    clicks = page.evaluate(CLICKS_JS)
    page.frame_locator(MAP_FRAME).locator(MAIN_MAP_MARKER).first.dispatch_event("click")
    page.wait_for_function(f"() => ({CLICKS_JS})() > {clicks}", timeout=TIMEOUT_MS)
    assert page.blocked == []


NAMES_JS = """() => {
  const win = document.querySelector('iframe[title*="streamlit_folium"]').contentWindow;
  const main = win.document.querySelector('#map_div');
  return {measured: Number(main.dataset.atlasLabelsMeasured), placed: Number(main.dataset.atlasLabels),
          sameAddData: win.L.GeoJSON.prototype.addData === win.atlasTestAddData};
}"""


def test_a_filter_change_measures_no_name_measured_before(live_page):
    """The map's runtime (atlas_map.js) runs once per frame: its names' sizes stay known across filter changes, so a
    change back to a view seen before measures no name (a layout of every name in view each time), and GeoJSON's
    addData is not wrapped once more on each change."""
    page, _ = live_page
    page.evaluate("""() => { const win = document.querySelector('iframe[title*="streamlit_folium"]').contentWindow;
                             win.atlasTestAddData = win.L.GeoJSON.prototype.addData; }""")
    first = page.evaluate(NAMES_JS)
    assert first["placed"] > 0 and first["measured"] > 0          # the first map measured its names
    before = map_state(page)
    choose_outcome(page, "captured")
    wait_for_new_map(page, before["version"])
    narrowed = map_state(page)
    page.keyboard.press("Escape")
    page.locator(".st-key-filters-outcomes").locator('[aria-label="Clear all"], svg[title="Clear all"]').first.click()
    wait_for_new_map(page, narrowed["version"])
    back = page.evaluate(NAMES_JS)
    assert back["placed"] == first["placed"] and back["measured"] == 0
    assert back["sameAddData"]


MARKERS_JS = """() => {
  const win = document.querySelector('iframe[title*="streamlit_folium"]').contentWindow, found = [];
  win.map.eachLayer((layer) => {
    if (layer instanceof win.L.Marker && layer._icon && layer.feature && layer.getTooltip()) found.push(layer);
  });
  const kept = found.filter((m) => m._icon.atlasTestOld).length;   // icons marked by the previous call
  found.forEach((m) => { m._icon.atlasTestOld = true; });
  return {count: found.length, kept,
          tipsNew: found.every((m) => m.getTooltip().getContent() === m.feature.properties.tip())};
}"""


def test_a_filter_change_keeps_the_markers_it_draws_again(live_page):
    """A marker drawn again at the same place with the same icon is the same marker (its icon not made anew), with
    the new map's feature and tooltip; the others are made anew or taken off."""
    page, _ = live_page
    before, version = page.evaluate(MARKERS_JS), map_state(page)["version"]
    assert before["count"] > 0 and before["tipsNew"]
    page.locator(".st-key-filters-dates input[type=range]").first.focus()
    page.keyboard.press("PageUp")                 # the window's start a tenth of the span later
    wait_for_new_map(page, version)
    after, version = page.evaluate(MARKERS_JS), map_state(page)["version"]
    assert 0 < after["kept"] <= after["count"] and after["tipsNew"]
    choose_outcome(page, "captured")
    wait_for_new_map(page, version)
    narrowed = page.evaluate(MARKERS_JS)
    assert 0 < narrowed["count"] < after["count"] and narrowed["tipsNew"]
