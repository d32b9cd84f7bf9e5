"""One click in the running dashboard downloads what is on screen: data files and a PNG snapshot."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.support.browser import MAP_FRAME, open_tab, wait_until_ready
from tests.support.browser import download as save_download

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000


def download(page, button_name: str, tmp_path):
    return save_download(page, button_name, tmp_path, TIMEOUT_MS)


@pytest.fixture
def dashboard(dashboard_app, offline_page):
    offline_page.goto(dashboard_app.url)
    wait_until_ready(offline_page, TIMEOUT_MS)   # a click during the map's first rerun can be lost
    open_tab(offline_page, "Export", TIMEOUT_MS)
    caption = offline_page.get_by_text(re.compile(r"events? in the current selection"))
    caption.wait_for(timeout=TIMEOUT_MS)
    selected = int(re.match(r"\s*(\d+) event", caption.inner_text()).group(1))
    return offline_page, selected


def test_data_downloads_hold_the_selected_events(dashboard, tmp_path):
    page, selected = dashboard
    rows = list(csv.DictReader(io.StringIO(download(page, "CSV (Excel)", tmp_path).read_text(encoding="utf-8-sig"))))
    features = json.loads(download(page, "GeoJSON", tmp_path).read_text(encoding="utf-8"))["features"]
    assert len(rows) == len(features) == selected > 0
    assert [r["id"] for r in rows] == [f["properties"]["id"] for f in features]
    assert page.blocked == []


def test_png_snapshot_downloads_at_slide_size(dashboard, tmp_path):
    page, _selected = dashboard
    path = download(page, "PNG 1600 x 900", tmp_path)
    with Image.open(path) as image:
        assert path.suffix == ".png" and image.size == (1600, 900)
        assert max(band_max - band_min for band_min, band_max in image.convert("RGB").getextrema()) > 100
    assert page.blocked == []


def test_unticked_layer_is_left_out_of_the_exported_snapshot(dashboard, tmp_path):
    """Untick "Uncertainty halos" in the map's layer control: the HTML snapshot then lacks that layer."""
    page, _selected = dashboard
    before = download(page, "Interactive HTML (offline)", tmp_path).read_text(encoding="utf-8")
    assert "Uncertainty halos" in before and "Routes" in before
    control = page.frame_locator(MAP_FRAME).locator(".leaflet-control-layers")
    control.hover()
    control.get_by_text("Uncertainty halos").click()
    caption = page.get_by_text(re.compile(r"Snapshot layers, as ticked on the map"))
    caption.wait_for(timeout=TIMEOUT_MS)
    expect(caption).not_to_contain_text("uncertainty", timeout=TIMEOUT_MS)
    expect(caption).to_contain_text("routes")
    wait_until_ready(page, TIMEOUT_MS)
    after = download(page, "Interactive HTML (offline)", tmp_path / "after").read_text(encoding="utf-8")
    assert "Uncertainty halos" not in after and "Routes" in after
    assert page.blocked == []


def test_places_download_lists_the_places_of_the_selected_events(dashboard, tmp_path):
    page, _selected = dashboard
    events = list(csv.DictReader(io.StringIO(download(page, "CSV (Excel)", tmp_path).read_text(encoding="utf-8-sig"))))
    path = download(page, "Places table (spreadsheet)", tmp_path)
    places = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    named = {pid for row in events for role in ("origin", "via", "destination", "location") if (pid := row[role])}
    assert path.name.endswith("-places.csv")
    assert {row["id"] for row in places} == named and len(places) == len(named) > 0
    assert all(row["precision"] for row in places)
    assert page.blocked == []
