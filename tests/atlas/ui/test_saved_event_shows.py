"""The whole dashboard under AppTest: an event saved from the sidebar form shows at once on the map,
the timeline and the table, beside the curated events (no restart, no second click)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.store import EventStore
from tests.support.apptest import FORM_OPEN, fill_valid_event, table_ids

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest


def map_ids(at: AppTest) -> set[str]:
    return {option.split(":")[0] for option in at.selectbox(key="map-pick").options}


def timeline_text(at: AppTest) -> str:
    """Everything the timeline chart carries (spec and data), as text."""
    charts = at.get("vega_lite_chart")
    assert charts, "no timeline chart"
    return " ".join(str(chart.proto) for chart in charts)


def test_a_saved_event_appears_at_once_on_map_timeline_and_table(monkeypatch, tmp_path, project_root,
                                                                   sqlite_url):
    monkeypatch.chdir(project_root)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EVENTS_DB_URL", sqlite_url)
    monkeypatch.setenv("ATLAS_AUTH", "none")
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.session_state[FORM_OPEN] = True   # the entry form open, as a user opens it
    at.run()
    assert not at.exception, at.exception
    before_table, before_map = table_ids(at), map_ids(at)
    assert before_table and not any(i.startswith("team-") for i in before_table)
    assert "team-" not in timeline_text(at)

    fill_valid_event(at)
    at.button(key="entry__save").click().run()
    assert not at.exception, at.exception
    store = EventStore(sqlite_url)
    try:
        (saved,) = store.list_events()
    finally:
        store.dispose()

    assert table_ids(at) == before_table | {saved.id}
    assert saved.id in map_ids(at) and before_map <= map_ids(at)
    assert saved.id in timeline_text(at)
