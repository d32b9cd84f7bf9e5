"""The "Read a report" tab in the running dashboard: places highlighted right-to-left, a draft
proposed, and "send to the entry form" prefilling the sidebar form (nothing saved)."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import open_tab, screenshot, wait_until_ready

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
# Written for this test: four people left al-Hajar al-Aswad for Idlib through the Barada factory checkpoint.
REPORT = "خرج أربعة عناصر من الحجر الأسود إلى إدلب عبر معمل بردى"
PLACES_IN_TEXT_ORDER = ("الحجر الأسود", "إدلب", "معمل بردى")


def test_reader_highlights_places_and_sends_a_draft_to_the_form(dashboard_app, offline_page):
    page = offline_page
    page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    open_tab(page, "Read a report", TIMEOUT_MS)
    box = page.get_by_label("Report text")
    box.fill(REPORT)
    # While typing, each paragraph takes its own direction (Arabic right-to-left), not the page's LTR.
    assert box.evaluate("t => getComputedStyle(t).unicodeBidi") == "plaintext"
    page.get_by_role("button", name="Read", exact=True).click()

    text = page.locator(".reader-text").first
    text.wait_for(timeout=TIMEOUT_MS)
    assert text.get_attribute("dir") == "rtl" and text.evaluate("d => getComputedStyle(d).direction") == "rtl"
    marks = text.locator("mark.reader-place")
    marks.nth(len(PLACES_IN_TEXT_ORDER) - 1).wait_for(timeout=TIMEOUT_MS)
    assert marks.all_inner_texts() == list(PLACES_IN_TEXT_ORDER)
    # Right to left on screen: each place named later in the text sits further left on the line.
    lefts = [marks.nth(i).bounding_box()["x"] for i in range(len(PLACES_IN_TEXT_ORDER))]
    assert lefts == sorted(lefts, reverse=True), lefts
    screenshot(page, "dashboard-reader-highlighted")

    send = page.get_by_role("button", name="Send to the entry form").first
    send.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    send.click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Prefilled from the report reader").wait_for(timeout=TIMEOUT_MS)
    quote = sidebar.locator(".st-key-entry_quote_ar textarea")
    expect(quote).to_have_value(re.compile(re.escape(REPORT)), timeout=TIMEOUT_MS)   # polls until drawn
    page.get_by_text("Sent to the entry form in the sidebar").wait_for(timeout=TIMEOUT_MS)   # the reader says so
    screenshot(page, "dashboard-reader-sent-to-form")


def test_reader_map_still_draws_after_a_rerun_and_the_tab_stays(dashboard_app, offline_page):
    page = offline_page
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(dashboard_app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)
    open_tab(page, "Read a report", TIMEOUT_MS)
    tab = page.get_by_role("tab", name="Read a report", exact=True)
    page.get_by_label("Report text").fill(REPORT)
    page.get_by_role("button", name="Read", exact=True).click()
    panel = page.get_by_role("tabpanel", name="Read a report")
    frame = panel.frame_locator("iframe").first

    def dots_drawn() -> int:
        frame.locator("path.reader-place").first.wait_for(timeout=TIMEOUT_MS)
        return frame.locator("path.reader-place").count()

    assert dots_drawn() == len(PLACES_IN_TEXT_ORDER)
    # reruns: read the same report again, then reject a draft (a button inside the tab)
    page.get_by_role("button", name="Read", exact=True).click()
    page.get_by_role("button", name="Reject").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Reject").first.click()
    page.get_by_text("1 draft rejected").wait_for(timeout=TIMEOUT_MS)
    expect(tab).to_have_attribute("aria-selected", "true")          # the tab did not jump back
    assert dots_drawn() == len(PLACES_IN_TEXT_ORDER)
    assert frame.locator("body").evaluate("() => typeof window.L === 'object'")
    assert not [e for e in errors if "is not defined" in e], errors
    panel.locator("iframe").first.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    screenshot(page, "dashboard-reader-map-after-rerun")
