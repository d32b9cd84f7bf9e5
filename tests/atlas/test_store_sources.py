"""Further sources of team events in the store (migration 0003): on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from atlas.exc import StoreValueError
from atlas.store import EventStore
from events.sources import EventSource, sources_json

HUMAN_VOICE = EventSource("Human Voice (هيومن فويس)", "confirms", quote="ثمانية عناصر", url="https://example.org/hv",
                          count_min=8, count_max=8, count_unit="fighters")
ARABY = EventSource("Al-Araby Al-Jadeed", "confirms", published="2017-12-14", quote="تسعة عناصر", count_min=9,
                    count_max=9, count_unit="fighters", date_start="2017-12-13", date_end="2017-12-14",
                    note="<b>nine</b> & \"quotes\"")
DENIAL = EventSource("Orient Net", "denies", published="2015-12-26/2016-01-02", quote="لم يخرج مقاتل واحد")


def test_an_event_and_its_sources_round_trip_in_order(store, make_event):
    event = make_event(sources=(ARABY, HUMAN_VOICE, DENIAL))
    saved = store.add_event(event, "ana")
    assert store.get_event(event.id).sources == (ARABY, HUMAN_VOICE, DENIAL) == saved.sources
    plain = store.add_event(make_event(), "ana")
    assert {e.id: e.sources for e in store.list_events()} == {event.id: saved.sources, plain.id: ()}
    assert store.history(event.id)[0].changes["sources"]["new"][0]["outlet"] == ARABY.outlet


def test_an_edit_replaces_the_sources_and_the_history_keeps_the_old_list(store, make_event):
    event = store.add_event(make_event(sources=(HUMAN_VOICE,)), "ana")
    edited = store.update_event(event.id, {"sources": (ARABY, HUMAN_VOICE)}, "bob", expected_version=1)
    assert edited.sources == (ARABY, HUMAN_VOICE) == store.get_event(event.id).sources
    change = store.history(event.id)[-1].changes["sources"]
    assert [s["outlet"] for s in change["old"]] == [HUMAN_VOICE.outlet]
    assert [s["outlet"] for s in change["new"]] == [ARABY.outlet, HUMAN_VOICE.outlet]
    # records or a JSON list (as an export carries them) work too; an unchanged list writes no version
    again = store.update_event(event.id, {"sources": sources_json((ARABY, HUMAN_VOICE))}, "bob")
    assert again == edited and store.get_stored(event.id).version == 2
    store.update_event(event.id, {"sources": []}, "bob")
    assert store.get_event(event.id).sources == ()


def test_bad_sources_in_an_edit_change_nothing(store, make_event):
    event = store.add_event(make_event(sources=(HUMAN_VOICE,)), "ana")
    with pytest.raises(StoreValueError) as raised:
        store.update_event(event.id, {"sources": [{"outlet": "", "quote": "q"}]}, "bob")
    assert raised.value.field == "sources"
    assert store.get_event(event.id).sources == (HUMAN_VOICE,)
    assert store.get_stored(event.id).version == 1


def test_a_batch_import_writes_the_sources_too(store, make_event):
    events = [make_event(sources=(HUMAN_VOICE,)), make_event(), make_event(sources=(ARABY, DENIAL))]
    assert store.add_events(events, "ana") == 3
    assert {e.id: e.sources for e in store.list_events()} == {e.id: e.sources for e in events}


def test_upgrade_from_0002_keeps_events_and_adds_the_sources_table(store_url, make_event):
    old = EventStore(store_url)
    try:
        old.migrate("0002")
        kept = old_event = make_event()
        with old._engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO team_events (id, event_type, url, seed, outlet, quote_ar, summary_en, "
                                 "date_precision, outcome, confidence, status, created_by, created_at, updated_by, "
                                 "updated_at, version, origin, via, destination) VALUES (:id, 'exit', :url, '', 'Test Outlet', "
                                 ":q, 'Families left.', 'unknown', 'unknown', 'medium', 'draft', 'ana', :now, 'ana', "
                                 ":now, 1, 'geonames:8419677', 'local:barada-factory', 'local:northern-syria')"),
                         {"id": old_event.id, "q": old_event.quote_ar, "url": old_event.url,
                          "now": dt.datetime(2017, 3, 5, tzinfo=dt.timezone.utc)})
    finally:
        old.dispose()
    upgraded = EventStore(store_url)
    try:
        assert upgraded.current_revision() == "0002"
        assert upgraded.get_event(kept.id).sources == ()           # first use migrates
        assert upgraded.current_revision() == "0004"
        upgraded.update_event(kept.id, {"sources": (HUMAN_VOICE,)}, "bob")
        assert upgraded.get_event(kept.id).sources == (HUMAN_VOICE,)
    finally:
        upgraded.dispose()
