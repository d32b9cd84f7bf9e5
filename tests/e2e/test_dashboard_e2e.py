"""The dashboard in real headless Chromium with every non-loopback request refused.

Proves the map draws offline (Leaflet panes, route paths, checkpoint markers inside the
streamlit-folium frame), a click shows details beside the map, a filter changes what is drawn,
and the Arabic quote renders right-to-left. Screenshots go to artifacts/screenshots/.
"""
import re

import pytest

from tests.support.browser import MAP_FRAME, screenshot, wait_until_ready

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000


def open_dashboard(page, app):
    page.goto(app.url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, timeout=TIMEOUT_MS)
    wait_until_ready(page, TIMEOUT_MS)
    return page.frame_locator(MAP_FRAME)


def count(frame, selector: str) -> int:
    return frame.locator(selector).count()


def test_map_draws_offline(dashboard_app, offline_page):
    frame = open_dashboard(offline_page, dashboard_app)
    main_pane = "#map_div > .leaflet-map-pane"            # (the southern Damascus inset is a second, small map)
    assert count(frame, main_pane) == 1 and count(frame, f"{main_pane} > .leaflet-overlay-pane svg") == 1
    assert count(frame, "path.atlas-route") >= 5
    assert 0 < count(frame, "path.atlas-arrow") <= count(frame, "path.atlas-route")   # one arrow path per route
    assert count(frame, "path.atlas-arrow.leaflet-interactive") == 0    # clicks go through to the route line
    assert count(frame, "path.atlas-route.leaflet-interactive") == count(frame, "path.atlas-route")
    assert count(frame, ".atlas-checkpoint") >= 2            # the Barada factory and the al-Qadam police station
    assert count(frame, ".leaflet-control-layers") == 1
    # Leaflet really ran (not just markup): the library object exists in the frame.
    assert frame.locator("body").evaluate("() => typeof window.L === 'object' && !!window.L.version")
    assert not [u for u in offline_page.blocked if re.search(r"cdn|unpkg|jsdelivr|cloudflare|jquery\.com", u)]
    screenshot(offline_page, "dashboard-overview-offline")
    timeline = offline_page.locator('[data-testid="stVegaLiteChart"]').first
    timeline.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    timeline.locator("canvas, svg").first.wait_for(timeout=TIMEOUT_MS)      # vega drew, offline
    screenshot(offline_page, "dashboard-timeline")


def test_click_on_checkpoint_shows_details_with_arabic_rtl(dashboard_app, offline_page):
    frame = open_dashboard(offline_page, dashboard_app)
    frame.locator(".atlas-checkpoint").first.click()
    details = offline_page.locator(".atlas-details").first
    details.wait_for(timeout=TIMEOUT_MS)
    quote = offline_page.locator('.atlas-quote[dir="rtl"]').first
    assert re.search(r"[\u0600-\u06FF]", quote.inner_text())
    assert quote.evaluate("q => getComputedStyle(q).direction") == "rtl"
    assert quote.bounding_box()["height"] > 10
    screenshot(offline_page, "dashboard-details-after-click")
    quote.scroll_into_view_if_needed()
    screenshot(offline_page, "dashboard-details-arabic-quote")


def test_outcome_filter_changes_what_is_drawn(dashboard_app, offline_page):
    frame = open_dashboard(offline_page, dashboard_app)
    before = count(frame, "path.atlas-route")
    outcome = offline_page.locator('[data-testid="stMultiSelect"]').filter(has_text="Outcome")
    outcome.locator("input").click()
    offline_page.get_by_role("option", name="captured").click()
    offline_page.keyboard.press("Escape")
    frame = offline_page.frame_locator(MAP_FRAME)
    offline_page.wait_for_function(
        """([selector, before]) => {
            const f = document.querySelector(selector);
            const doc = f && f.contentDocument;
            if (!doc) return false;
            const n = doc.querySelectorAll('path.atlas-route').length;
            return n > 0 && n < before;
        }""", arg=[MAP_FRAME, before], timeout=TIMEOUT_MS)
    after = count(frame, "path.atlas-route")
    assert 0 < after < before
    assert count(frame, "path.atlas-outcome-captured") == after
    screenshot(offline_page, "dashboard-filter-captured")


def test_southern_damascus_view(dashboard_app, offline_page):
    """The neighbourhoods a few km apart are named, in English and, chosen, in Arabic."""
    open_dashboard(offline_page, dashboard_app)
    offline_page.get_by_text("Southern Damascus (detail)").click()
    frame = offline_page.frame_locator(MAP_FRAME)
    shown = frame.locator(".atlas-place-label.atlas-shown .atlas-label-text")
    # The view's map replaces the overview's: wait for its labels, not the first label of whichever frame is up.
    offline_page.wait_for_function(
        """([selector, wanted]) => {
            const f = document.querySelector(selector);
            const doc = f && f.contentDocument;
            if (!doc) return false;
            const names = new Set([...doc.querySelectorAll('.atlas-place-label.atlas-shown .atlas-label-text')]
                .flatMap(e => e.innerText.split('\\n')));
            return wanted.every(name => names.has(name));
        }""", arg=[MAP_FRAME, ["Yalda", "al-Hajar al-Aswad"]], timeout=TIMEOUT_MS)
    names = {line for text in shown.all_inner_texts() for line in text.splitlines()}   # a label may stack names
    assert {"Yalda", "al-Hajar al-Aswad"} <= names, names
    offline_page.get_by_text("العربية").click()
    offline_page.wait_for_function(
        """(selector) => {
            const doc = document.querySelector(selector)?.contentDocument;
            return !!doc && [...doc.querySelectorAll('.atlas-place-label.atlas-shown .atlas-label-text')]
                .some(t => /[\u0600-\u06FF]/.test(t.textContent) && t.getAttribute('dir') === 'rtl');
        }""", arg=MAP_FRAME, timeout=TIMEOUT_MS)
    screenshot(offline_page, "dashboard-southern-damascus")


def test_selecting_a_table_row_shows_its_details(dashboard_app, offline_page):
    page = offline_page
    open_dashboard(page, dashboard_app)
    table = page.locator(".st-key-table")
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)      # the row-selection cell of the first row
    details = page.locator(".atlas-details").first
    details.wait_for(timeout=TIMEOUT_MS)
    from events.curated import load_curated
    assert details.get_attribute("data-event") == load_curated()[0].id   # the store is empty: curated rows first
    screenshot(page, "dashboard-table-row-selected")
