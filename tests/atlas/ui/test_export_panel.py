"""The export panel through Streamlit's AppTest: one button per format, sizes, a clear Chromium notice."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.exports import DATA_FORMATS, EXPORTERS, PLACE_FORMATS

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest


def app():
    import streamlit as st

    from atlas.ui.export_panel import render_export_panel
    from events.curated import load_curated
    from events.filters import EventFilter
    from geodata.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    event_filter = EventFilter(event_types=st.session_state.get("test_types", ()))
    render_export_panel(event_filter.apply(load_curated(gazetteer=gazetteer)), gazetteer, event_filter, key="export")


def start(monkeypatch, chromium: str | None = None, **state) -> AppTest:
    if chromium is not None:
        monkeypatch.setenv("ATLAS_CHROMIUM", chromium)
    at = AppTest.from_function(app, default_timeout=60)
    for name, value in state.items():
        at.session_state[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def labels(at: AppTest) -> list[str]:
    return [button.label for button in at.get("download_button")]


def test_every_format_has_a_download_button(monkeypatch):
    at = start(monkeypatch)
    found = labels(at)
    for name in (*DATA_FORMATS, *PLACE_FORMATS, "html"):
        assert EXPORTERS[name].label in found
    assert any(label.startswith("PNG 1600 x 900") for label in found)
    assert not at.warning


@pytest.mark.parametrize("types,expected", [(("exit",), "types: exit"), ((), "All events")])
def test_caption_says_what_will_be_exported(monkeypatch, shown_text, types, expected):
    at = start(monkeypatch, test_types=types)
    captions = " ".join(shown_text(c.value) for c in at.caption)
    assert expected in captions


def test_size_choice_changes_the_png_button(monkeypatch):
    at = start(monkeypatch)
    at.radio(key="export-size").set_value("3200 x 1800 (print, 2x)").run()
    assert any(label.startswith("PNG 3200 x 1800") for label in labels(at))


def test_missing_chromium_is_explained_and_offers_no_png(monkeypatch, tmp_path, shown_text):
    at = start(monkeypatch, chromium=str(tmp_path / "no-chromium"))
    assert "apt-get install chromium" in shown_text(at.warning[0].value)
    assert not any(label.startswith("PNG") for label in labels(at))
    assert EXPORTERS["html"].label in labels(at)


@pytest.mark.parametrize("result,expected", [
    ({"bounds": {"_southWest": {"lat": 33.4, "lng": 36.2}, "_northEast": {"lat": 33.6, "lng": 36.4}}},
     ((33.4, 36.2), (33.6, 36.4))),
    ({"bounds": {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}}}, None),
    ({}, None),
    (None, None),
])
def test_bounds_from_st_folium(result, expected):
    from atlas.ui.export_panel import bounds_from_st_folium

    assert bounds_from_st_folium(result) == expected


@pytest.mark.parametrize("text", ["CSV (Excel)", "GeoJSON"])
def test_button_labels_stay_distinct(monkeypatch, text):
    """Browser tests find a button by a part of its label: each such part names one button."""
    found = labels(start(monkeypatch))
    assert len(found) == len(set(found))
    assert sum(text in label for label in found) == 1


@pytest.mark.parametrize("name", PLACE_FORMATS)
def test_places_buttons_sit_beside_the_event_files(monkeypatch, name):
    """A places file never takes the name of the events file of the same suffix."""
    at = start(monkeypatch, test_types=("exit",))
    assert EXPORTERS[name].label in labels(at)
    events_format = name.removeprefix("places_")
    assert EXPORTERS[name].file_name("stem") != EXPORTERS[events_format].file_name("stem")
