"""The import panel through Streamlit's AppTest: an upload adds valid rows, reports bad ones, refuses non-exports."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.store import EventStore
from events.curated import load_curated
from events.exports import EXPORTERS, Briefing
from geodata.gazetteer import load_gazetteer

USER = "editor@example.org"


def app():
    import os

    from atlas.store import EventStore
    from atlas.ui.export_panel import render_import_panel
    from geodata.gazetteer import load_gazetteer

    store = EventStore(os.environ["TEST_IMPORT_DB"])
    try:
        render_import_panel(store, load_gazetteer(), "editor@example.org", key="import")
    finally:
        store.dispose()


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("TEST_IMPORT_DB", url)
    return url


def team_events():
    """Curated events re-issued as team drafts: real places, real quotes."""
    return [e.replace(id=f"team-{e.id}", status="draft", added_by=USER) for e in load_curated()[:4]]


def upload(name: str, data: bytes) -> AppTest:
    at = AppTest.from_function(app, default_timeout=60)
    at.run()
    at.file_uploader(key="import-file").set_value((name, data, "text/csv")).run()
    at.button(key="import-run").click().run()
    assert not at.exception, at.exception
    return at


def stored(db_url) -> list:
    store = EventStore(db_url)
    try:
        return store.list_events(include_drafts=True, include_retracted=True)
    finally:
        store.dispose()


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_upload_of_an_export_adds_its_events(db_url, fmt):
    events = team_events()
    data = EXPORTERS[fmt].render(Briefing(events, load_gazetteer()))
    at = upload(f"team.{fmt}", data)
    assert f"{len(events)} event(s) added, 0 row(s) rejected" in at.success[0].value
    assert sorted(stored(db_url), key=lambda e: e.id) == sorted(events, key=lambda e: e.id)


def test_bad_rows_are_listed_and_the_rest_added(db_url):
    events = team_events()
    events[1] = events[1].replace(status="retracted")      # the store accepts only new drafts/verified events
    data = EXPORTERS["csv"].render(Briefing(events, load_gazetteer()))
    at = upload("team.csv", data)
    assert "3 event(s) added, 1 row(s) rejected" in at.warning[0].value
    table = at.dataframe[0].value
    assert table["row"].tolist() == [3] and table["field"].tolist() == ["status"]
    assert len(stored(db_url)) == 3


def test_a_file_that_is_not_an_export_adds_nothing(db_url):
    at = upload("notes.csv", "title,body\nhello,world\n".encode())
    assert "Nothing was imported" in at.error[0].value and "unknown column" in at.error[0].value
    assert stored(db_url) == []
