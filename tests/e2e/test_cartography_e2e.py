"""Maps a briefer can put on a slide, checked in headless Chromium: the snapshot names Damascus, Idlib and Azaz
as visible text, the PNG has its labels drawn, no name overlaps another, a view is an address (a new page opened
at it shows that view; the back button steps back), a click selects and draws out, and 800 px still fit."""
from __future__ import annotations

import re
from itertools import combinations

import pytest
from playwright.sync_api import expect

from atlas.exports import EXPORTERS, Briefing
from atlas.snapshot import render_png
from tests.support.browser import MAP_FRAME, open_local_file, screenshot, wait_until_ready

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
REFERENCE = {"Damascus", "Idlib", "Azaz"}
LABELS_JS = """() => [...document.querySelectorAll('.atlas-place-label.atlas-shown .atlas-label-text')].map(t => {
    const r = t.getBoundingClientRect();
    const s = getComputedStyle(t);
    return {text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height,
            visible: t.checkVisibility() && s.visibility === 'visible' && Number(s.opacity) > 0,
            inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight};
})"""


def overlaps(a, b) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def names(labels) -> set[str]:
    """The names labels show (a label may stack the names of places at one spot, a line each)."""
    return {line for label in labels for line in (label if isinstance(label, str) else label["text"]).splitlines()}


def assert_no_overlap(labels):
    assert labels, "no labels shown"
    clashes = [(a["text"], b["text"]) for a, b in combinations(labels, 2) if overlaps(a, b)]
    assert not clashes, clashes


@pytest.fixture(scope="module")
def briefing(curated_events, gazetteer):
    return Briefing(curated_events, gazetteer)


def open_local(chromium, path):
    """``path`` in a page that may load only local files; what else it asks for is recorded."""
    page = open_local_file(chromium, path)
    page.locator(".atlas-place-label.atlas-shown .atlas-label-text").first.wait_for(timeout=TIMEOUT_MS)
    return page


def test_html_briefing_names_the_reference_places_offline_with_title_and_controls(briefing, chromium, tmp_path):
    path = tmp_path / "briefing.html"
    path.write_bytes(EXPORTERS["html"].render(briefing))
    page = open_local(chromium, path)
    labels = page.evaluate(LABELS_JS)
    shown = names(label for label in labels if label["visible"] and label["inside"])
    assert REFERENCE <= shown, shown
    assert_no_overlap(labels)
    assert page.title().strip()
    assert page.locator(".leaflet-control-zoom-in").count() == 1
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.blocked == []
    page.screenshot(path=str(tmp_path / "briefing.png"))


def test_html_briefing_inset_names_southern_damascus_apart(briefing, chromium, tmp_path):
    """The inset's names are placed again once the page has moved it above the footer (placed before, the
    lowest of them, Sbeineh, was dropped as if under the footer)."""
    path = tmp_path / "briefing.html"
    path.write_bytes(EXPORTERS["html"].render(briefing))
    page = open_local(chromium, path)
    inset_names = page.locator(".atlas-inset-map .atlas-place-label.atlas-shown .atlas-label-text")
    for name in ("Sbeineh", "Barada factory checkpoint", "al-Qadam police station", "al-Hajar al-Aswad"):
        expect(inset_names.filter(has_text=re.compile(f"^{re.escape(name)}$"))).to_have_count(1, timeout=TIMEOUT_MS)
    assert_no_overlap(page.evaluate(LABELS_JS))


REMADE_LABELS_JS = """async () => {
  const old = window.atlasLabels, map = window.atlasMainMap;
  await document.fonts.ready;
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth');
  let measured = 0;
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {configurable: true, get() {
    if (this.classList.contains('atlas-label-text')) { measured += 1; }
    return width.get.call(this);
  }});
  try {
    const before = old.placed.map(p => p.id);
    old.remove();
    const again = new old.constructor(old._items.map(item => item.c), old._obstacles).addTo(map);
    return {measured, before, after: again.placed.map(p => p.id)};
  } finally {
    Object.defineProperty(HTMLElement.prototype, 'offsetWidth', width);
  }
}"""


def test_names_made_again_are_placed_from_their_kept_sizes(briefing, chromium, tmp_path):
    """The live map makes its names anew on every filter change: names measured before are placed from their kept
    sizes (no name measured again, ~450 at 10,000 events) and land where they were."""
    path = tmp_path / "briefing.html"
    path.write_bytes(EXPORTERS["html"].render(briefing))
    page = open_local(chromium, path)
    remade = page.evaluate(REMADE_LABELS_JS)
    assert remade["before"] and remade["after"] == remade["before"], remade
    assert remade["measured"] == 0, remade


def test_png_snapshot_has_its_labels_drawn(briefing):
    """The labels are known elements of the page the PNG is drawn from: read them there, then find ink in the
    PNG where each reference name sits."""
    from io import BytesIO

    from PIL import Image
    seen = {}

    def inspect(page):
        seen["labels"] = page.evaluate(LABELS_JS)
    png = render_png(briefing, inspect=inspect)
    labels = seen["labels"]
    assert REFERENCE <= names(label for label in labels if label["visible"] and label["inside"])
    assert_no_overlap(labels)
    image = Image.open(BytesIO(png)).convert("L")
    scale = image.width / briefing.width
    reference = [label for label in labels if label["text"] in REFERENCE]
    assert len(reference) == len(REFERENCE)
    for label in reference:
        box = tuple(round(v * scale) for v in (label["x"], label["y"], label["x"] + label["w"],
                                               label["y"] + label["h"]))
        darkest, _lightest = image.crop(box).getextrema()
        assert darkest < 80, (label["text"], darkest)           # dark text drawn on its light halo


def test_southern_damascus_view_is_an_address_a_new_page_opens(dashboard_app, chromium, offline_page):
    page = offline_page
    page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    page.get_by_text("Southern Damascus (detail)").click()
    page.wait_for_url(re.compile(r"[?&]view=southern-damascus"), timeout=TIMEOUT_MS)
    address = page.url

    other = chromium.new_page()            # a new page of the same browser, opened at the address
    other.goto(address, wait_until="domcontentloaded")
    wait_until_ready(other, TIMEOUT_MS)
    assert other.get_by_role("radio", name="Southern Damascus (detail)").is_checked()
    frame = other.frame_locator(MAP_FRAME)
    frame.locator(".atlas-place-label.atlas-shown .atlas-label-text").first.wait_for(timeout=TIMEOUT_MS)
    labels = frame.locator("body").evaluate(f"({LABELS_JS})")
    # each on its own sourced point now (Sbeineh and the Barada factory were stacked on al-Hajar al-Aswad, the
    # police station on al-Qadam): each is shown, and on a label of its own
    assert {"Yalda", "Yarmouk camp"} <= names(labels), names(labels)
    alone = {label["text"] for label in labels}
    assert {"al-Hajar al-Aswad", "Sbeineh", "Barada factory checkpoint", "al-Qadam police station"} <= alone, alone
    assert_no_overlap(labels)
    screenshot(other, "dashboard-southern-damascus-from-address")
    other.close()

    page.go_back()                          # the back button returns to the overview
    page.wait_for_url(lambda url: "view=" not in url, timeout=TIMEOUT_MS)
    expect(page.get_by_role("radio", name="Overview (all filtered events)")).to_be_checked(timeout=TIMEOUT_MS)


def test_overview_names_do_not_overlap_in_the_dashboard(dashboard_app, offline_page):
    offline_page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(offline_page, TIMEOUT_MS)
    frame = offline_page.frame_locator(MAP_FRAME)
    frame.locator(".atlas-place-label.atlas-shown .atlas-label-text").first.wait_for(timeout=TIMEOUT_MS)
    labels = frame.locator("body").evaluate(f"({LABELS_JS})")
    assert REFERENCE <= names(labels)
    assert_no_overlap(labels)


def test_a_click_on_the_map_selects_draws_out_and_addresses(dashboard_app, offline_page):
    page = offline_page
    page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".atlas-checkpoint").first.click()
    page.locator(".atlas-details").first.wait_for(timeout=TIMEOUT_MS)
    frame.locator("path.atlas-highlight").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    page.wait_for_url(re.compile(r"[?&]select=place"), timeout=TIMEOUT_MS)
    assert "lat=" not in page.url              # the map was not moved: no centre in the address
    details = page.locator(".st-key-atlas-details").bounding_box()
    assert details and details["y"] < page.viewport_size["height"]       # in view
    screenshot(page, "dashboard-selected")


def test_at_800_px_the_map_keeps_its_height_and_the_details_go_under_it(dashboard_app, offline_page):
    page = offline_page
    page.set_viewport_size({"width": 800, "height": 1000})
    page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    map_box = page.locator(MAP_FRAME).bounding_box()
    details_box = page.locator(".st-key-atlas-details").bounding_box()
    assert map_box["height"] >= 0.6 * 1000
    assert details_box["y"] >= map_box["y"] + map_box["height"] - 1     # under the map, not squeezing it
    main = page.locator('[data-testid="stMain"]').bounding_box()
    assert map_box["width"] >= 0.8 * main["width"] - 100
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1")   # no sideways scroll
    screenshot(page, "dashboard-800px")


def test_a_tooltip_at_the_map_edge_stays_inside_and_readable(dashboard_app, offline_page):
    page = offline_page
    page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    frame = page.frame_locator(MAP_FRAME)
    # The marker nearest the right edge, panned to 15 px from it.
    x, y = frame.locator("body").evaluate("""() => { let best = null, point = null;
        map.eachLayer(l => { if (l.getLatLng && l.getTooltip && l.getTooltip()) {
            const p = map.latLngToContainerPoint(l.getLatLng());
            if (!best || p.x > point.x) { best = l; point = p; } } });
        map.panBy([point.x - (map.getSize().x - 15), 0], {animate: false});
        const p = map.latLngToContainerPoint(best.getLatLng()); return [p.x, p.y]; }""")
    map_box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(map_box["x"] + x, map_box["y"] + y)
    tip = frame.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=TIMEOUT_MS)
    box = tip.bounding_box()
    assert box["width"] > 100                                          # lines, not a word a line
    assert map_box["x"] <= box["x"] and box["x"] + box["width"] <= map_box["x"] + map_box["width"]
    assert map_box["y"] <= box["y"] and box["y"] + box["height"] <= map_box["y"] + map_box["height"]


def test_keyboard_focus_reaches_the_map_controls(dashboard_app, offline_page):
    page = offline_page
    page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    frame = page.frame_locator(MAP_FRAME)
    page.locator(MAP_FRAME).focus()
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(frame.locator("body").evaluate(
            "() => { const a = document.activeElement; return a ? (a.className || a.tagName) + '' : ''; }"))
    assert any("leaflet-control-zoom-in" in name for name in reached), reached
    assert any("leaflet-control-layers-toggle" in name for name in reached), reached


FRAME_WORDS_JS = """() => {
  const map = document.querySelector('.leaflet-container');
  const text = s => [...map.querySelectorAll(s)].map(e => e.textContent.trim()).filter(Boolean);
  const title = s => { const e = map.querySelector(s); return e ? [e.title, e.getAttribute('aria-label')] : []; };
  return {layers: text('.leaflet-control-layers-overlays label'), inset: text('.atlas-inset-title'),
          scale: text('.leaflet-control-scale-line'),
          buttons: [...title('.leaflet-control-zoom-in'), ...title('.leaflet-control-zoom-out'),
                    ...title('.leaflet-control-layers-toggle')]};
}"""
ENGLISH_FRAME_WORDS = re.compile(r"\b(Countries|Governorates|Rivers|lakes|roads|Uncertainty|Routes|Places|Events|"
                                 r"Place names|Checkpoints|Southern Damascus|Zoom|Layers|km|m)\b")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_map_frame_speaks_the_briefing_language(curated_events, gazetteer, chromium, tmp_path, language):
    """Layer-control names, the inset's title, the scale's unit and the buttons' titles are in the map's language:
    in Arabic none of the English words is left; in English they are all there."""
    path = tmp_path / f"briefing-{language}.html"
    path.write_bytes(EXPORTERS["html"].render(Briefing(curated_events, gazetteer, language=language)))
    page = open_local(chromium, path)
    page.locator(".leaflet-control-layers").first.hover()
    words = page.evaluate(FRAME_WORDS_JS)
    assert len(words["layers"]) >= 8 and words["inset"] and words["scale"] and len(words["buttons"]) == 6, words
    shown = " ".join(" ".join(values) for values in words.values())
    if language == "ar":
        assert not ENGLISH_FRAME_WORDS.search(shown), shown
        assert "جنوب دمشق" in words["inset"] and "المسارات" in words["layers"], words
        assert re.search(r"\d (كم|م)$", words["scale"][0]), words["scale"]
        assert "تكبير" in words["buttons"] and "الطبقات" in words["buttons"], words["buttons"]
    else:
        assert "Southern Damascus" in words["inset"] and "Routes" in words["layers"], words
        assert re.search(r"\d (km|m)$", words["scale"][0]) and "Zoom in" in words["buttons"], words
    screenshot(page, f"map-frame-{language}")
