"""The import panel through Streamlit's AppTest: a valid upload is added whole; one with bad rows adds nothing and
lists every bad row by line; non-exports and files over the size setting are refused."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from atlas.exports import EXPORTERS, Briefing
from atlas.store import EventStore
from events.curated import load_curated
from geodata.gazetteer import load_gazetteer
from tests.support.exports_data import with_drafts

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest

USER = "editor@example.org"


def app():
    import os

    from atlas.store import EventStore
    from atlas.ui.import_panel import render_import_panel
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
    for name in ("ATLAS_IMPORT_MAX_BYTES", "ATLAS_IMPORT_MAX_DEPTH", "ATLAS_ALLOW_SELF_REVIEW"):
        monkeypatch.delenv(name, raising=False)
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


def as_text(markdown: str) -> str:
    """What a reader sees of escaped Markdown: each backslash escape undone."""
    return re.sub(r"\\(.)", r"\1", markdown)


def stored(db_url) -> list:
    store = EventStore(db_url)
    try:
        return store.list_events(include_drafts=True, include_retracted=True)
    finally:
        store.dispose()


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_upload_of_an_export_adds_its_events(db_url, fmt):
    events = team_events()
    data = EXPORTERS[fmt].render(with_drafts(events, load_gazetteer()))
    at = upload(f"team.{fmt}", data)
    assert f"{len(events)} events added" in at.success[0].value
    assert sorted(stored(db_url), key=lambda e: e.id) == sorted(events, key=lambda e: e.id)


def test_bad_rows_are_all_listed_by_line_and_nothing_is_added(db_url):
    events = team_events()
    events[0] = events[0].replace(notes="a note\nover two lines")             # row 1 spans lines 2-3
    events[1] = events[1].replace(status="retracted")      # the store accepts only new drafts/verified events
    events[3] = events[3].replace(status="verified")       # four eyes: the importer cannot create it verified
    data = EXPORTERS["csv"].render(with_drafts(events, load_gazetteer()))
    at = upload("team.csv", data)
    assert "Nothing was imported: 2 rows rejected" in at.warning[0].value
    table = at.dataframe[0].value
    assert table["line"].tolist() == [5, 7] and table["field"].tolist() == ["status", "status"]
    assert table["event"].tolist() == [events[1].id, events[3].id]
    assert stored(db_url) == []


def test_a_file_that_is_not_an_export_adds_nothing(db_url):
    at = upload("notes.csv", "title,body\nhello,world\n".encode())
    assert "Nothing was imported" in at.error[0].value and "unknown column" in at.error[0].value
    assert stored(db_url) == []


def test_file_text_in_the_error_is_shown_as_text_not_markdown(db_url):
    at = upload("x.csv", "![beacon](http://tracker.example/x.png),**bold**\n1,2\n".encode())
    shown = at.error[0].value
    assert "unknown column" in shown
    assert "![beacon](http" not in shown and r"\!\[beacon\]\(http" in shown and "**bold**" not in shown


def test_a_file_over_the_size_setting_is_refused_naming_it(db_url, monkeypatch):
    data = EXPORTERS["csv"].render(with_drafts(team_events(), load_gazetteer()))
    monkeypatch.setenv("ATLAS_IMPORT_MAX_BYTES", str(len(data) - 1))
    at = upload("team.csv", data)
    assert "Nothing was imported" in at.error[0].value and "ATLAS_IMPORT_MAX_BYTES" in as_text(at.error[0].value)
    assert stored(db_url) == []


def test_a_deeply_nested_upload_is_refused_naming_the_setting(db_url):
    bomb = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": ' + b"[" * 100_000 \
        + b"]" * 100_000 + b', "properties": {}}]}'
    at = upload("bomb.geojson", bomb)
    shown = as_text(at.error[0].value)
    assert "nested deeper than 32 levels" in shown and "ATLAS_IMPORT_MAX_DEPTH" in shown
    assert stored(db_url) == []
