"""The sidebar form driven through Streamlit's AppTest: errors keep input, valid input saves a draft."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from atlas.store import EventStore
from tests.support.apptest import FORM_OPEN, fill, fill_valid_event, started

pytestmark = pytest.mark.slow   # drives the entry form under AppTest


def app():
    import streamlit as st

    from atlas.ui.entry_form import open_store, render_entry_form, set_map_click
    from geodata.gazetteer import load_gazetteer

    click = st.session_state.get("test_map_click")  # stands in for the map panel's last click
    if click:
        set_map_click(*click)
    st.session_state["preview"] = render_entry_form(open_store(), load_gazetteer())


def start() -> AppTest:
    return started(app)


def test_validation_error_keeps_input_then_valid_submit_saves_a_draft(db_url, team_store):
    at = start()
    fill_valid_event(at)
    at.text_input(key="entry_count_max").input("30")             # min 40 > max 30
    at.date_input(key="entry_date_end").set_value(dt.date(2017, 3, 1))  # end before start
    at.run()
    at.button(key="entry__save").click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Count, at least" in errors and "Latest date" in errors and "Nothing you typed was lost" in errors
    assert team_store.count_events() == 0
    assert at.text_input(key="entry_outlet").value == "<b>Enab Baladi</b>"
    assert at.text_area(key="entry_quote_ar").value == "خرج 40 شخصاً من الحجر الأسود"
    assert at.text_input(key="entry_count_max").value == "30"
    assert at.selectbox(key="entry_origin").value == "geonames:8419677"

    at.text_input(key="entry_count_max").input("45")
    at.date_input(key="entry_date_end").set_value(dt.date(2017, 3, 2))
    at.run()
    assert at.session_state["preview"].event.origin == "geonames:8419677"   # the map can draw it
    at.button(key="entry__save").click().run()
    assert not at.exception, at.exception
    (saved,) = team_store.list_events()
    assert (saved.status, saved.added_by, saved.outlet) == ("draft", "Rana (typed, no sign-in)", "<b>Enab Baladi</b>")
    assert team_store.history(saved.id)[0].changed_by == "Rana (typed, no sign-in)"   # a typed name, said so
    assert (saved.count_min, saved.count_max, saved.origin) == (40, 45, "geonames:8419677")
    assert any("Saved" in s.value for s in at.success)
    assert at.text_input(key="entry_outlet").value == ""                     # ready for the next event


@pytest.mark.parametrize("role, query, expected", [
    ("origin", "الحجر الأسود", "geonames:8419677"),
    ("via", "معمل بردى", "local:barada-factory"),
    ("destination", "Azaz", "geonames:172082"),
    ("location", "yarm", "geonames:166716"),
])
def test_typing_a_name_picks_its_best_suggestion(db_url, role, query, expected):
    at = start()
    at.text_input(key=f"entry_{role}_query").input(query).run()
    assert at.selectbox(key=f"entry_{role}").value == expected
    assert any(o.startswith("Not in the gazetteer") for o in at.selectbox(key=f"entry_{role}").options)


def test_duplicate_is_flagged_before_save(db_url, team_store):
    at = start()
    fill_valid_event(at)
    at.button(key="entry__save").click().run()
    assert team_store.count_events() == 1
    fill_valid_event(at)
    at.button(key="entry__save").click().run()
    assert team_store.count_events() == 1
    assert any("Possible duplicate" in w.value for w in at.warning)
    at.checkbox(key="entry__allow_duplicates").check().run()
    at.button(key="entry__save").click().run()
    assert team_store.count_events() == 2


def valid_event_with_clicked_place(role: str, point: tuple[float, float], **names) -> AppTest:
    """A valid event whose ``role`` is a place placed by a map click, submitted."""
    at = start()
    fill_valid_event(at)
    at.selectbox(key=f"entry_{role}").select("new:map-click").run()
    at.session_state["test_map_click"] = point
    at.run()
    fill(at, **names)
    at.run()
    at.button(key="entry__save").click().run()
    assert not at.exception, at.exception
    return at


def test_place_from_a_map_click_is_saved_with_the_event(db_url, team_store):
    valid_event_with_clicked_place("via", (33.4601, 36.3102), new_place_name_en="Mill checkpoint",
                                   new_place_name_ar="حاجز المطحنة")
    (saved,) = team_store.list_events()
    place = team_store.get_place(saved.via)
    assert place.id == "local:mill-checkpoint" and (place.lat, place.lon) == (33.4601, 36.3102)
    assert place.name_ar == "حاجز المطحنة" and place.precision == "neighbourhood"
    assert team_store.list_stored_places()[0].added_by == "Rana (typed, no sign-in)"


def test_click_outside_region_is_refused_beside_the_field(db_url, team_store):
    at = valid_event_with_clicked_place("location", (48.85, 2.35), new_place_name_en="Paris")
    assert any("outside the region" in e.value for e in at.error)
    assert any(c.value == "Point: 48.85000, 2.35000" for c in at.caption)  # the click is kept to correct
    assert team_store.count_events() == 0 and team_store.list_places() == []


def test_review_verifies_and_retracts_with_history(db_url, team_store, make_event):
    event = team_store.add_event(make_event(summary_en="<img src=x onerror=alert(1)> left"), "ana")
    at = start()
    shown = " ".join(m.value for m in at.markdown)
    assert r"\<img src\=x onerror\=alert\(1\)\> left" in shown           # user text is escaped
    assert re.search(r"(?<!\\)<img", shown) is None
    at.button(key="entry__status_verified").click().run()
    assert team_store.get_event(event.id).status == "verified"
    at.button(key="entry__status_retracted").click().run()
    assert any("reason" in e.value for e in at.error)                    # a reason is required
    assert team_store.get_event(event.id).status == "verified"
    at.text_input(key="entry_review_reason").input("the outlet withdrew it").run()
    at.button(key="entry__status_retracted").click().run()
    assert team_store.get_event(event.id).status == "retracted"
    assert [h.action for h in team_store.history(event.id)] == ["create", "status", "status"]
    assert team_store.history(event.id)[-1].reason == "the outlet withdrew it"


def test_edit_in_the_form_records_the_change(db_url, team_store, make_event):
    event = team_store.add_event(make_event(), "ana")
    at = started(app, form_open=False)      # "Edit in the form" opens the closed form
    at.button(key="entry__edit").click().run()
    assert at.text_input(key="entry_outlet").value == event.outlet
    at.text_input(key="entry_count_max").input("9").run()
    at.button(key="entry__save").click().run()
    assert not at.exception, at.exception
    assert team_store.get_event(event.id).count_max == 9
    last = team_store.history(event.id)[-1]
    assert (last.action, last.changed_by, last.changes) == ("edit", "analyst (typed, no sign-in)",
                                                                 {"count_max": {"old": 6, "new": 9}})


def test_sources_added_in_the_form_are_saved_and_edited(db_url, team_store, make_event):
    from events.sources import EventSource

    event = team_store.add_event(make_event(sources=(EventSource("Human Voice", "confirms", quote="ثمانية"),)), "ana")
    at = start()
    at.button(key="entry__edit").click().run()
    editor = f"entry_sources_editor_{at.session_state['entry__sources_version']}"
    # what the data editor reports after a row is added and the first one edited
    at.session_state[editor] = {"edited_rows": {0: {"note": "names five men"}}, "deleted_rows": [],
                                "added_rows": [{"outlet": "Al-Araby", "stance": "denies", "quote": "لم يخرج",
                                                "count_min": 9, "count_max": 9, "count_unit": "fighters"}]}
    at.run()
    at.button(key="entry__save").click().run()
    assert not at.exception, at.exception
    saved = team_store.get_event(event.id).sources
    assert [(s.outlet, s.stance, s.note, s.count_min) for s in saved] == [
        ("Human Voice", "confirms", "names five men", None), ("Al-Araby", "denies", "", 9)]
    assert team_store.history(event.id)[-1].changes["sources"]["old"][0]["note"] == ""


def test_stale_edit_is_refused_in_the_form(db_url, team_store, make_event):
    event = team_store.add_event(make_event(), "ana")
    at = start()
    at.button(key="entry__edit").click().run()
    team_store.update_event(event.id, {"notes": "someone else"}, "bob")
    at.text_input(key="entry_count_max").input("9").run()
    at.button(key="entry__save").click().run()
    assert any("changed by someone else" in e.value for e in at.error)
    assert team_store.get_event(event.id).count_max == 6


def test_readers_see_no_form_when_sign_in_is_configured(db_url, monkeypatch, oidc_auth_section):
    monkeypatch.setenv("ATLAS_AUTH", "oidc")
    monkeypatch.setenv("ATLAS_EDITORS", "editor@example.org")
    at = AppTest.from_function(app, default_timeout=60)
    at.session_state[FORM_OPEN] = True   # as a user opens it
    at.secrets["auth"] = oidc_auth_section
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Editors: sign in"]
    assert len(at.text_input) == 0 and at.session_state["preview"] is None
    assert not at.error


def map_app():
    import streamlit as st

    from atlas.ui.entry_form import open_store, render_entry_form
    from geodata.gazetteer import load_gazetteer

    st.session_state["map"] = st.session_state.get("fake_map_value")  # what st_folium(key="map") leaves
    render_entry_form(open_store(), load_gazetteer(), map_key="map")


@pytest.mark.parametrize("value, caption", [
    ({"last_clicked": {"lat": 33.4601, "lng": 36.3102}}, "Point: 33.46010, 36.31020"),
    ({"last_clicked": None}, "Point: not clicked yet"),
    (None, "Point: not clicked yet"),
])
def test_the_map_click_is_read_from_the_map_widget(db_url, value, caption):
    at = AppTest.from_function(map_app, default_timeout=60)
    at.session_state[FORM_OPEN] = True   # as a user opens it
    at.session_state["fake_map_value"] = value
    at.run()
    at.selectbox(key="entry_location").select("new:map-click").run()
    assert not at.exception, at.exception
    assert any(c.value == caption for c in at.caption)


@pytest.mark.parametrize("form_open", [True, False])   # closed, the reader's draft opens the form
def test_a_reader_draft_prefills_the_form_once(db_url, team_store, form_open):
    at = started(app, form_open=form_open)
    at.session_state["reader_draft"] = {
        "id": "reader-s1-1", "event_type": "exit", "origin": "geonames:8419677", "destination": "",
        "date_start": "2017-03-02", "date_end": "2017-03-02", "date_precision": "day",
        "quote_ar": "خرج 40 شخصاً من الحجر الأسود", "count_min": 40, "count_max": 40, "count_unit": "people",
        "names": "", "status": "draft", "outlet": "Enab Baladi", "summary_en": "", "url": ""}
    at.run()
    assert not at.exception, at.exception
    assert at.text_area(key="entry_quote_ar").value == "خرج 40 شخصاً من الحجر الأسود"
    assert at.selectbox(key="entry_origin").value == "geonames:8419677"
    assert at.date_input(key="entry_date_start").value == dt.date(2017, 3, 2)
    assert any("Prefilled from the report reader" in s.value for s in at.success)
    assert "reader_draft" not in at.session_state
    fill(at, summary_en="About 40 people left al-Hajar al-Aswad.", url="https://example.org/r1", user="Rana")
    at.run()
    at.button(key="entry__save").click().run()
    (saved,) = team_store.list_events()
    assert saved.id.startswith("team-") and saved.count_min == 40 and saved.outlet == "Enab Baladi"


def signed_in_app():
    import streamlit as st

    from atlas.ui.entry_form import open_store, render_entry_form
    from geodata.gazetteer import load_gazetteer

    render_entry_form(open_store(), load_gazetteer(), user_info=st.session_state["fake_user"])


@pytest.mark.parametrize("email, sees_form", [("editor@example.org", True), ("reader@example.org", False)])
def test_only_listed_editors_see_the_form(db_url, monkeypatch, oidc_auth_section, shown_text, email, sees_form):
    monkeypatch.setenv("ATLAS_AUTH", "oidc")
    monkeypatch.setenv("ATLAS_EDITORS", "Editor@Example.org")
    at = AppTest.from_function(signed_in_app, default_timeout=60)
    at.session_state[FORM_OPEN] = True   # as a user opens it
    at.secrets["auth"] = oidc_auth_section
    at.session_state["fake_user"] = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception, at.exception
    captions = " ".join(shown_text(c.value) for c in at.caption)
    if sees_form:
        assert "Signed in as editor@example" in captions and "Your name" not in captions
        assert at.text_input(key="entry_outlet") is not None
        assert "entry_user" not in [w.key for w in at.text_input]
    else:
        assert f"Signed in as {email}, a reader" in captions.replace("\\", "") and len(at.text_input) == 0
    assert "Sign out" in [b.label for b in at.button]


def impatient_app():
    import os

    import streamlit as st

    from atlas.store import EventStore   # AppTest runs this function's source alone: it imports what it uses
    from atlas.ui.entry_form import render_entry_form
    from geodata.gazetteer import load_gazetteer

    if "store" not in st.session_state:
        st.session_state["store"] = EventStore(os.environ["EVENTS_DB_URL"], busy_timeout_s=0.05, attempts=2)
    render_entry_form(st.session_state["store"], load_gazetteer())


def test_busy_database_shows_a_clear_error_and_keeps_the_input(db_url, team_store):
    import sqlite3

    import sqlalchemy as sa
    team_store.migrate()
    at = AppTest.from_function(impatient_app, default_timeout=60)
    at.session_state[FORM_OPEN] = True   # as a user opens it
    at.run()
    fill_valid_event(at)
    locker = sqlite3.connect(sa.engine.make_url(db_url).database, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        at.button(key="entry__save").click().run()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert not at.exception, at.exception
    assert any("busy" in e.value and "try again" in e.value for e in at.error)
    assert at.text_area(key="entry_quote_ar").value == "خرج 40 شخصاً من الحجر الأسود"
    assert at.selectbox(key="entry_origin").value == "geonames:8419677"
    assert team_store.count_events() == 0
    at.button(key="entry__save").click().run()                        # the same input, saved once free
    assert team_store.count_events() == 1
    at.session_state["store"].dispose()


def test_direction_controls_in_a_name_get_a_warning_beside_the_field_and_still_save(db_url, team_store, shown_text):
    at = start()
    fill_valid_event(at)
    fill(at, names="Abu \u202eKhaled")
    at.run()
    warning = [shown_text(w.value) for w in at.warning if "Names" in w.value]
    assert warning and "U+202E" in warning[0] and "direction control" in warning[0]
    at.button(key="entry__save").click().run()
    assert not at.exception, at.exception
    (saved,) = team_store.list_events(include_drafts=True)
    assert saved.names == ("Abu \u202eKhaled",)                 # a warning, not a refusal: kept as typed


def given_auth_app():
    import streamlit as st

    from atlas.ui.entry_form import open_store, render_entry_form
    from geodata.gazetteer import load_gazetteer

    st.session_state["preview"] = render_entry_form(open_store(), load_gazetteer(), user_info=None,
                                                    auth=st.session_state["fake_auth"])


@pytest.mark.parametrize("auth, message", [
    ({"ATLAS_AUTH": "odic", "ATLAS_EDITORS": ""}, "not a sign-in mode"),
    ({"ATLAS_AUTH": "", "ATLAS_EDITORS": ""}, "set but empty"),
    ({"ATLAS_AUTH": "none", "ATLAS_EDITORS": "", "problem": "The secrets file could not be read"}, "could not be read"),
])
def test_the_form_stays_closed_with_one_message_under_bad_auth_settings(db_url, auth, message):
    at = AppTest.from_function(given_auth_app, default_timeout=60)
    at.session_state[FORM_OPEN] = True   # as a user opens it
    at.session_state["fake_auth"] = auth
    at.run()
    assert not at.exception, at.exception
    assert len(at.text_input) == 0 and len(at.button) == 0 and at.session_state["preview"] is None
    (error,) = at.error
    assert message in error.value.replace("\\", "") and "read-only" in error.value


def map_first_app():
    """The dashboard's order: the form's preview read first, the map drawn with it, the form drawn after."""
    import streamlit as st

    from atlas.ui.entry_form import draw_entry_form, open_store, prepare_entry_form
    from geodata.gazetteer import load_gazetteer

    form = prepare_entry_form(open_store(), load_gazetteer())
    draft = form.draft
    st.markdown(f"map preview: {draft.event.count_min}-{draft.event.count_max}" if draft else "map preview: none")
    draw_entry_form(form)


def test_the_preview_drawn_before_the_form_has_this_runs_values(db_url, team_store):
    at = started(map_first_app)
    assert [m.value for m in at.main.markdown] == ["map preview: none"]
    fill_valid_event(at)
    assert [m.value for m in at.main.markdown] == ["map preview: 40-45"]
    at.text_input(key="entry_count_max").input("52").run()       # the run this value arrives with shows it
    assert not at.exception, at.exception
    assert [m.value for m in at.main.markdown] == ["map preview: 40-52"]
    assert at.sidebar.text_input(key="entry_count_max").value == "52"     # the form itself is in the sidebar
    assert any("Preview shown on the map." in c.value for c in at.sidebar.caption)


def test_the_form_starts_closed_and_keeps_what_was_typed_while_closed(db_url, team_store):
    """Closed, the form draws none of its fields (a filter change need not redraw them) and says how to open it;
    what was typed survives closing and opening, and a valid draft is still previewed while the form is closed."""
    at = started(app, form_open=False)
    assert "entry_outlet" not in [w.key for w in at.text_input]
    assert any("Open the form to add an event" in c.value for c in at.caption)
    at.session_state[FORM_OPEN] = True
    at.run()
    fill_valid_event(at)
    at.session_state[FORM_OPEN] = False
    at.run()
    assert not at.exception, at.exception
    assert "entry_outlet" not in [w.key for w in at.text_input]
    assert any("A draft is being entered" in c.value for c in at.caption)
    assert at.session_state["preview"] is not None        # the map still previews it
    at.session_state[FORM_OPEN] = True
    at.run()
    assert at.text_input(key="entry_outlet").value == "<b>Enab Baladi</b>"
    assert at.selectbox(key="entry_origin").value == "geonames:8419677"
