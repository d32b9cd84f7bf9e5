"""The timeline in real headless Chromium, offline: clicking a bar of the totals chart sets the date window,
playback by week (started and paused from the keyboard) moves the map and its title, and an unreviewed
draft looks different from a verified event and is absent from a default snapshot; above the limit the timeline
draws groups of events (and says so), and single events again once the filters narrow the selection."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support.browser import (
    MAP_FRAME,
    awaiting_rerun,
    open_tab,
    screenshot,
    start_app,
    wait_idle,
    wait_until_ready,
)
from tests.support.browser import download as save_download

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
DRAFT_SUMMARY = "Draft test convoy from Damascus to Azaz"
VERIFIED_SUMMARY = "Verified test convoy from Yarmouk camp to Idlib"


def map_title(page) -> str:
    return page.locator("h3").filter(has_text=re.compile(r"^Map ·")).inner_text(timeout=TIMEOUT_MS)


def wait_for_title(page, pattern: str) -> str:
    page.locator("h3").filter(has_text=re.compile(pattern)).wait_for(timeout=TIMEOUT_MS)
    return map_title(page)


def period_of(title: str) -> str:
    return re.match(r"^Map · (.+?)( · playing by \w+)?$", title).group(1)


def wait_for_playing_past(page, period: str) -> str:
    """Poll (with a deadline) until the map plays a period other than ``period``: a play started on the
    week already shown shows it again until its first step, and a pause before that step would show no change."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        title = map_title(page)
        if title.endswith("playing by week") and period_of(title) != period:
            return title
        page.wait_for_timeout(200)   # polling interval, not a wait for a result
    raise AssertionError(f"playback did not move past {period}")


def map_drawing(page) -> list[str]:
    """What the map draws: each route and event dot's class, colour and outline."""
    return page.frame_locator(MAP_FRAME).first.locator("path.atlas-route, path.atlas-point-event").evaluate_all(
        "els => els.map(e => [e.getAttribute('class'), e.getAttribute('stroke'), e.getAttribute('d')].join('|'))")


def wait_for_new_drawing(page, before: list[str]) -> list[str]:
    """Poll (with a deadline) until the map frame draws something other than ``before``."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        try:
            now = map_drawing(page)
        except PlaywrightError:      # the frame is being replaced by the new map
            now = before
        if now != before:
            return now
        page.wait_for_timeout(200)   # polling interval, not a wait for a result
    raise AssertionError("the map did not change")


def choose(page, key: str, label: str) -> None:
    """Pick ``label`` in the radio buttons ``key`` and wait for the rerun that causes (none if it was picked)."""
    if page.locator(f".st-key-{key}").get_by_role("radio", name=label, exact=True).is_checked():
        return
    with awaiting_rerun(page, TIMEOUT_MS):
        page.locator(f".st-key-{key}").get_by_text(label, exact=True).click()


def click_period_bar(page, period: str) -> None:
    """Show events per month and click the bar of ``period`` (its SVG path carries the period's words in its
    aria-label: in English, the period)."""
    page.locator(".st-key-periods").scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    choose(page, "periods-unit", "month")
    choose(page, "periods-measure", "Events")
    bar = page.locator(f'.st-key-periods path[aria-roledescription="bar"][aria-label*="Period: {period};"]').first
    with awaiting_rerun(page, TIMEOUT_MS):
        bar.click(timeout=TIMEOUT_MS)


def open_dashboard(page, app) -> None:
    page.goto(app.url, wait_until="domcontentloaded")
    wait_until_ready(page, TIMEOUT_MS)


def test_clicking_a_chart_bar_sets_the_date_window(dashboard_app, offline_page):
    page = offline_page
    open_dashboard(page, dashboard_app)
    assert map_title(page) == "Map · 1 Oct 2014 – 31 Dec 2017"
    before = map_drawing(page)
    click_period_bar(page, "2017-12")
    assert wait_for_title(page, r"^Map · 1 Dec 2017 – 31 Dec 2017$")
    assert wait_for_new_drawing(page, before) != before                 # the map shows December only
    sidebar = page.get_by_test_id("stSidebar")
    assert "2017-12-01" in sidebar.inner_text() and "2017-12-31" in sidebar.inner_text()   # the slider moved
    screenshot(page, "timeline-chart-click")
    assert page.blocked == []


def test_playback_by_week_moves_the_map_and_its_title_from_the_keyboard(dashboard_app, offline_page):
    page = offline_page
    open_dashboard(page, dashboard_app)
    click_period_bar(page, "2017-12")
    wait_for_title(page, r"^Map · 1 Dec 2017 – 31 Dec 2017$")
    page.get_by_test_id("stSidebar").locator(".st-key-filters-unit").scroll_into_view_if_needed()
    choose(page, "filters-unit", "week")
    play = page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile(r"^(▶ play|⏸ pause)$"))
    seen, shown = [], map_title(page)
    for _ in range(2):
        before = map_drawing(page)
        play.focus()
        page.keyboard.press("Enter")                         # play: starts on the week holding the window's start
        wait_for_playing_past(page, period_of(shown))       # ... and steps on: the second play waits for a step
        play.focus()
        page.keyboard.press("Enter")                         # pause
        title = wait_for_title(page, r"^Map · \d+ \w+ 2017 – \d+ \w+ 2017$")
        wait_idle(page, TIMEOUT_MS)
        seen.append((title, wait_for_new_drawing(page, before)))
        shown = title
    (first_title, first_map), (second_title, second_map) = seen
    assert first_title != second_title and first_map != second_map
    for title, _ in seen:                                     # each step is one Monday-to-Sunday week
        start, end = re.match(r"^Map · (\d+ \w+ 2017) – (\d+ \w+ 2017)$", title).groups()
        days = (time.mktime(time.strptime(end, "%d %b %Y")) - time.mktime(time.strptime(start, "%d %b %Y"))) / 86400
        assert round(days) == 6 and time.strptime(start, "%d %b %Y").tm_wday == 0
    assert page.blocked == []


@pytest.fixture(scope="module")
def app_with_a_draft(tmp_path_factory):
    """The dashboard over a store holding one draft and one verified team event on routes of their own."""
    from atlas.store import EventStore
    from atlas.store_schema import new_team_id
    from events.schema import Event

    data_dir = tmp_path_factory.mktemp("atlas-drafts")
    store = EventStore(f"sqlite:///{data_dir / 'atlas.sqlite3'}")
    common = dict(event_type="exit", seed="", url="https://example.org/report/1", outlet="Test Outlet",
                  quote_ar="خرجت قافلة تجريبية", date_start="2017-06-05", date_end="2017-06-05", date_precision="day",
                  count_min=20, count_max=20, count_unit="people", outcome="arrived")
    try:
        store.add_event(Event(id=new_team_id(), summary_en=DRAFT_SUMMARY, origin="geonames:170654",
                              destination="geonames:172082", status="draft", **common), "a@example.org")
        store.add_event(Event(id=new_team_id(), summary_en=VERIFIED_SUMMARY, origin="geonames:166716",
                              destination="geonames:169389", status="verified", **common), "a@example.org",
                        allow_self_review=True)
    finally:
        store.dispose()
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "",
                                        "ATLAS_ONLINE_TILES": "false"}, log_dir=data_dir) as app:
        yield app


def download(page, button_name: str, tmp_path) -> str:
    return save_download(page, button_name, tmp_path, TIMEOUT_MS).read_text(encoding="utf-8")


def test_a_draft_looks_different_and_is_absent_from_a_default_snapshot(app_with_a_draft, offline_page, tmp_path):
    page = offline_page
    open_dashboard(page, app_with_a_draft)
    frame = page.frame_locator(MAP_FRAME).first
    shown = frame.locator("body").get_attribute("data-atlas-map-version", timeout=TIMEOUT_MS)
    choose(page, "filters-source", "team")
    # the live map draws the team's map onto the same frame once the rerun is over: wait for it, not for the old one
    expect(frame.locator("body")).not_to_have_attribute("data-atlas-map-version", shown or "", timeout=TIMEOUT_MS)
    frame.locator('path.atlas-route[stroke-dasharray="2 8"]').first.wait_for(timeout=TIMEOUT_MS)
    routes = frame.locator("path.atlas-route").evaluate_all(
        "els => els.map(e => [e.getAttribute('stroke-dasharray'), Number(e.getAttribute('stroke-opacity'))])")
    drafts = [r for r in routes if r[0] == "2 8"]
    reviewed = [r for r in routes if r[0] != "2 8"]
    assert len(drafts) == 1 and len(reviewed) == 1 and drafts[0][1] < reviewed[0][1]       # dotted and fainter
    # the chart and the timeline draw the draft hollow and dashed, and label it
    charts = page.locator(".vega-embed")                     # the totals chart under the map, then the timeline
    charts.nth(1).scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    assert charts.count() == 2
    for index in range(2):
        chart = charts.nth(index)
        draft_mark = chart.locator('path[aria-label*="review: draft"]').first
        draft_mark.wait_for(timeout=TIMEOUT_MS)
        reviewed_mark = chart.locator('path[aria-label*="review: reviewed"]').first
        assert draft_mark.get_attribute("stroke-dasharray") == "4,2"
        assert reviewed_mark.get_attribute("stroke-dasharray") in (None, "1,0")       # solid
        assert float(draft_mark.get_attribute("fill-opacity")) < float(reviewed_mark.get_attribute("fill-opacity") or 1)
    screenshot(page, "timeline-draft-styles")
    open_tab(page, "Export", TIMEOUT_MS)
    default = download(page, "Interactive HTML (offline)", tmp_path)
    assert VERIFIED_SUMMARY in default and DRAFT_SUMMARY not in default
    assert "includes unreviewed drafts" not in default
    with awaiting_rerun(page, TIMEOUT_MS):          # the export made after the rerun that takes the tick
        page.get_by_text("Include unreviewed drafts", exact=True).click()
    asked = download(page, "Interactive HTML (offline)", tmp_path)
    assert DRAFT_SUMMARY in asked and "includes unreviewed drafts" in asked
    assert page.blocked == []


def is_blocked(n: int) -> bool:
    """Whether the fixture's exit ``n`` was blocked: one in ten, the 14 March one (n = 13) among them."""
    return n % 10 == 3


@pytest.fixture(scope="module")
def app_with_many_events(tmp_path_factory):
    """The dashboard over a store holding more dated team events than the timeline draws one by one: exits on
    every day of March 2017, one in ten blocked (``is_blocked``: few enough to be drawn one by one, as SVG marks
    that a test can read)."""
    from atlas.store import EventStore
    from events.limits import TIMELINE_MARKS
    from events.schema import Event

    data_dir = tmp_path_factory.mktemp("atlas-many")
    store = EventStore(f"sqlite:///{data_dir / 'atlas.sqlite3'}")
    events = [Event(id=f"team-many-{n}", event_type="exit", seed="", url="https://example.org/report/many",
                    outlet="Test Outlet", quote_ar="خرجت قافلة تجريبية", summary_en=f"Many test convoy {n}",
                    origin="geonames:170654", destination="geonames:172082", status="verified",
                    date_start=f"2017-03-{1 + n % 31:02d}", date_end=f"2017-03-{1 + n % 31:02d}", date_precision="day",
                    outcome="blocked" if is_blocked(n) else "arrived", count_min=5, count_max=5, count_unit="people")
              for n in range(TIMELINE_MARKS + 300)]
    try:
        store.add_events(events, "a@example.org", allow_self_review=True)
    finally:
        store.dispose()
    with start_app("dashboard.py", env={"ATLAS_DATA_DIR": str(data_dir), "EVENTS_DB_URL": "",
                                        "ATLAS_ONLINE_TILES": "false"}, log_dir=data_dir) as app:
        yield app


AGGREGATED = "The timeline shows groups of events"


def test_a_large_selection_draws_groups_and_a_narrow_one_single_events(app_with_many_events, offline_page):
    from atlas.ui.map_panel import CANVAS_ROWS
    from events.limits import TIMELINE_MARKS

    page = offline_page
    open_dashboard(page, app_with_many_events)
    caption = page.get_by_text(AGGREGATED)
    caption.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    timeline = page.locator(".vega-embed").last
    # one mark per day and outcome of the exits, its count in its description (no single event's summary)
    grouped = timeline.locator('path[aria-label*="Period: 14 Mar 2017"][aria-label*="Outcome: blocked"]')
    grouped.first.wait_for(timeout=TIMEOUT_MS)
    assert grouped.count() == 1 and "Summary" not in grouped.first.get_attribute("aria-label")
    screenshot(page, "timeline-aggregated")
    page.locator(".st-key-filters-outcomes").locator("input").click()
    page.get_by_role("option", name="blocked", exact=True).click()
    wait_idle(page, TIMEOUT_MS)
    expect(page.get_by_text(AGGREGATED)).to_have_count(0, timeout=TIMEOUT_MS)     # under the limit: single events
    single = page.locator(".vega-embed").last.locator('path[aria-label*="Summary: Many test convoy"]')
    single.first.wait_for(timeout=TIMEOUT_MS)     # one mark an event, its summary in its description
    blocked = sum(map(is_blocked, range(TIMELINE_MARKS + 300)))
    assert blocked <= CANVAS_ROWS       # drawn as SVG (a longer timeline is a canvas: no mark in the page to read)
    assert single.count() == blocked and page.get_by_text(AGGREGATED).count() == 0
    screenshot(page, "timeline-single-events")
    assert page.blocked == []
