"""The entry form's unsaved preview is drawn on the map without ever being written to the public static folder.

``static/`` is served to anyone who can reach the server (``/app/static``), signed in or not; the map of
saved events is published there (``static/maps``), a map holding unsaved form text is handed inline to
the session's component instead.
"""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas import map_scripts
from tests.support.apptest import FORM_OPEN

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest


def files_containing(folder: Path, marker: str) -> list[Path]:
    if not folder.exists():
        return []
    needle = marker.encode("utf-8")
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def component_args(at: AppTest) -> str:
    """Everything handed to custom components (the folium map) in the last run, as text."""
    return " ".join(str(element.proto) for element in at.get("component_instance"))


def test_a_preview_never_lands_in_static_but_a_saved_event_does(monkeypatch, tmp_path, project_root, sqlite_url):
    marker = f"PREVIEW-{uuid.uuid4().hex}"
    static = tmp_path / "static"
    monkeypatch.chdir(project_root)
    monkeypatch.setattr(map_scripts, "MAPS_DIR", static / "maps")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EVENTS_DB_URL", sqlite_url)
    monkeypatch.setenv("ATLAS_AUTH", "none")
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.session_state[FORM_OPEN] = True   # the entry form open, as a user opens it
    at.run()
    assert not at.exception, at.exception
    assert list((static / "maps").glob("*.js")), "the map of saved events is published as before"

    at.text_input(key="entry_outlet").input("Test outlet")
    at.text_input(key="entry_url").input("https://example.org/report")
    at.text_area(key="entry_quote_ar").input(f"خرج 40 شخصاً من الحجر الأسود {marker}")
    at.text_area(key="entry_summary_en").input(f"About 40 people left {marker}.")
    at.text_input(key="entry_count_min").input("40")
    at.selectbox(key="entry_count_unit").select("people")
    at.date_input(key="entry_date_start").set_value(dt.date(2017, 3, 2))
    at.date_input(key="entry_date_end").set_value(dt.date(2017, 3, 2))
    at.run()
    at.text_input(key="entry_origin_query").input("الحجر الأسود").run()
    at.selectbox(key="entry_origin").select("geonames:8419677")
    at.text_input(key="entry_destination_query").input("northern").run()
    at.selectbox(key="entry_destination").select("local:northern-syria").run()
    assert not at.exception, at.exception
    assert any(c.value == "Preview shown on the map." for c in at.caption)
    assert marker in component_args(at), "the preview is drawn: its script goes to the map component inline"
    assert files_containing(static, marker) == []
    assert files_containing(project_root / "static", marker) == []

    at.button(key="entry__save").click().run()        # saved: now an event every visitor may see
    assert not at.exception, at.exception
    assert any("Saved" in s.value for s in at.success)
    assert files_containing(static, marker), "the scan finds the text once the map of saved events holds it"
    assert "fetchAndRun(" in component_args(at)         # a live map of saved events: its frame loads a published script
