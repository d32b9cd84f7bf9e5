"""Catalogue of bad inputs: each gets a clear error naming its field, and the store is left unchanged.

Form inputs go through ``atlas.forms.submit`` (what the sidebar form calls); edits and review
actions go through the store. Runs against SQLite and PostgreSQL.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa

from atlas.catalog import CombinedPlaces
from atlas.exc import AtlasError
from atlas.forms import DEFAULTS, FORM_ERROR, NEW_PLACE, submit
from atlas.store import EventStore, new_team_id
from events.exc import EventsError
from geodata.gazetteer import load_gazetteer

pytestmark = pytest.mark.slow   # runs the form and the store under AppTest and many threads


def good_values(**overrides) -> dict:
    values = {**DEFAULTS, "event_type": "exit", "date_start": dt.date(2017, 3, 2), "date_end": dt.date(2017, 3, 2),
              "date_precision": "day", "origin": "geonames:166716", "destination": "local:northern-syria",
              "count_min": "12", "count_max": "12", "count_unit": "families", "outlet": "Test Outlet",
              "url": "https://example.org/r", "quote_ar": "خرجت 12 عائلة من مخيم اليرموك",
              "summary_en": "Twelve families left Yarmouk camp."}
    values.update(overrides)
    return values


def click(lat, lon) -> dict:
    return {"new_place_lat": lat, "new_place_lon": lon, "new_place_name_en": "Clicked", "new_place_name_ar": "",
            "new_place_kind": "checkpoint", "new_place_precision": "neighbourhood", "new_place_uncertainty_m": "500"}


FORM_CASES = [
    ("impossible date", {"date_start": "2017-13-45"}, "date_start"),
    ("date in words", {"date_start": "last Thursday"}, "date_start"),
    ("end before start", {"date_end": dt.date(2017, 3, 1)}, "date_end"),
    ("window too wide for precision", {"date_end": dt.date(2017, 3, 4)}, "date_precision"),
    ("dates without precision", {"date_precision": ""}, "date_precision"),
    ("count min > max", {"count_min": "40", "count_max": "30"}, "count_min"),
    ("negative count", {"count_min": "-4"}, "count_min"),
    ("non-numeric count", {"count_max": "dozens"}, "count_max"),
    ("fractional count", {"count_min": "2.5", "count_max": "3"}, "count_min"),
    ("count without unit", {"count_unit": ""}, "count_unit"),
    ("non-numeric money", {"paid_usd_min": "$ lots"}, "paid_usd_min"),
    ("negative money", {"paid_usd_min": "10", "paid_usd_max": "-100"}, "paid_usd_max"),
    ("infinite money", {"paid_usd_min": "inf"}, "paid_usd_min"),
    ("unknown place id", {"origin": "geonames:123456789"}, "origin"),
    ("malformed place id", {"origin": "Damascus"}, "origin"),
    ("typed place never chosen", {"destination": "", "destination_query": "Atlantis"}, "destination"),
    ("no place at all", {"origin": "", "destination": ""}, "location"),
    ("clicked point outside the region", {"via": NEW_PLACE, **click(51.5, -0.12)}, "new_place_lat"),
    ("clicked point at sea", {"via": NEW_PLACE, **click(34.5, 34.6)}, "new_place_lat"),
    ("clicked point not a number", {"via": NEW_PLACE, **click("33,5", "36.3")}, "new_place_lat"),
    ("empty outlet", {"outlet": ""}, "outlet"),
    ("empty Arabic quote", {"quote_ar": "   "}, "quote_ar"),
    ("empty summary", {"summary_en": ""}, "summary_en"),
    ("no source", {"url": ""}, "url"),
    ("script URL", {"url": "javascript:alert(document.cookie)"}, "url"),
    ("unknown event type", {"event_type": "<script>"}, "event_type"),
    ("unknown confidence", {"confidence": "certain"}, "confidence"),
    ("disputed without saying why", {"disputed": True}, "dispute_note"),
]


@pytest.fixture(scope="module")
def places():
    return CombinedPlaces(load_gazetteer())


@pytest.fixture
def seeded(store, make_event):
    """A store holding a draft, a verified and a retracted event and one place: what must survive."""
    draft = store.add_event(make_event(notes="first"), "ana")
    verified = store.set_status(store.add_event(make_event(), "ana").id, "verified", "editor")
    retracted = store.retract(store.add_event(make_event(), "ana").id, "editor", "duplicate")
    return store, {"draft": draft, "verified": verified, "retracted": retracted}


def snapshot(store: EventStore):
    stored = store.list_stored(include_drafts=True, include_retracted=True)
    return (stored, {s.event.id: store.history(s.event.id) for s in stored}, store.list_stored_places())


@pytest.mark.parametrize("overrides, field", [pytest.param(o, f, id=name) for name, o, f in FORM_CASES])
def test_bad_form_input_is_named_and_saves_nothing(seeded, places, overrides, field):
    store, _ = seeded
    before = snapshot(store)
    result = submit(good_values(**overrides), places, store, user="ana", event_id=new_team_id())
    assert result.saved is None
    assert field in result.errors, result.errors
    assert len(result.errors[field]) > 5
    assert snapshot(store) == before


def test_the_good_values_do_save(seeded, places):
    """The catalogue's baseline is valid: each case above fails only because of its own change."""
    store, _ = seeded
    result = submit(good_values(), places, store, user="ana", event_id=new_team_id())
    assert result.errors == {} and result.saved is not None
    assert store.get_event(result.saved.id) == result.saved


STORE_CASES = [
    ("stale edit", lambda s, e: s.update_event(e["draft"].id, {"notes": "late"}, "bob", expected_version=0), "version"),
    ("edit makes min > max", lambda s, e: s.update_event(e["draft"].id, {"count_min": 9, "count_max": 1}, "bob"),
     "count_min"),
    ("edit with a bad date", lambda s, e: s.update_event(e["draft"].id, {"date_start": "02/03/2017"}, "bob"),
     "date_start"),
    ("edit of a read-only field", lambda s, e: s.update_event(e["draft"].id, {"status": "verified"}, "bob"),
     "status"),
    ("edit of a retracted event", lambda s, e: s.update_event(e["retracted"].id, {"notes": "x"}, "bob"),
     "retracted"),
    ("verify a retracted event", lambda s, e: s.set_status(e["retracted"].id, "verified", "ed"), "retracted"),
    ("unknown status", lambda s, e: s.set_status(e["draft"].id, "published", "ed"), "status"),
    ("retract without a reason", lambda s, e: s.retract(e["draft"].id, "ed", ""), "reason"),
    ("edit of an unknown event", lambda s, e: s.update_event("team-000000000000", {"notes": "x"}, "bob"),
     "team-000000000000"),
    ("change without a user", lambda s, e: s.update_event(e["draft"].id, {"notes": "x"}, ""), "user"),
    ("curated id in the team store", lambda s, e: s.add_event(e["draft"].replace(id="s000-01"), "ana"), "id"),
    ("id already taken", lambda s, e: s.add_event(e["verified"].replace(status="draft"), "ana"), "already exists"),
]


@pytest.mark.parametrize("action, words", [pytest.param(a, w, id=n) for n, a, w in STORE_CASES])
def test_bad_store_input_is_named_and_changes_nothing(seeded, action, words):
    store, events = seeded
    before = snapshot(store)
    with pytest.raises((AtlasError, EventsError)) as raised:
        action(store, events)
    assert words in str(raised.value)
    assert snapshot(store) == before


@contextlib.contextmanager
def locked(url: str):
    """Hold the write lock from another connection, as a long-running writer would."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        conn = sqlite3.connect(parsed.database, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
    else:
        import psycopg
        with psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False)) as conn:
            conn.execute("LOCK TABLE team_events IN ACCESS EXCLUSIVE MODE")
            yield
            conn.rollback()


def test_locked_database_gives_a_clear_error_and_keeps_the_input(store_url, make_event, places):
    impatient = EventStore(store_url, busy_timeout_s=0.05, attempts=2)
    try:
        impatient.add_event(make_event(), "ana")
        before = snapshot(impatient)
        values = good_values()
        typed = dict(values)
        with locked(store_url):
            result = submit(values, places, impatient, user="ana", event_id=new_team_id())
        assert result.saved is None
        assert "busy" in result.errors[FORM_ERROR] and "try again" in result.errors[FORM_ERROR]
        assert values == typed  # the form's values are untouched, ready to submit again
        assert snapshot(impatient) == before
        again = submit(values, places, impatient, user="ana", event_id=new_team_id())
        assert again.saved is not None
    finally:
        impatient.dispose()


def test_html_in_text_is_stored_verbatim(seeded, places):
    """Not an error: markup is data. It is kept exactly and escaped where it is displayed."""
    store, _ = seeded
    markup = '<img src=x onerror="alert(1)"> & <b>bold</b>'
    result = submit(good_values(notes=markup, summary_en=markup, names=markup), places, store, user="ana",
                    event_id=new_team_id())
    saved = store.get_event(result.saved.id)
    assert (saved.notes, saved.summary_en, saved.names) == (markup, markup, (markup,))


def test_catalogue_is_large_enough():
    assert len(FORM_CASES) + len(STORE_CASES) + 1 >= 25
