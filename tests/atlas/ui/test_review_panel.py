"""The editors' review panel through AppTest: a stale click changes nothing; four eyes are explained."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.auth import user_label
from tests.support.apptest import started

pytestmark = pytest.mark.slow   # runs panels of the dashboard under Streamlit's AppTest

ME = user_label(None, {"ATLAS_AUTH": "none"})   # who the panel records with no sign-in and no typed name


def app():
    from atlas.ui.entry_form import open_store, render_entry_form
    from geodata.gazetteer import load_gazetteer

    render_entry_form(open_store(), load_gazetteer())


def start() -> AppTest:
    return started(app)


def test_a_stale_verify_shows_why_and_changes_nothing(team_store, make_event):
    event = team_store.add_event(make_event(), "ana")
    at = start()
    assert any("version 1" in m.value for m in at.markdown)
    team_store.update_event(event.id, {"count_max": 9}, "bob")           # while the reviewer looks at version 1
    at.button(key="entry__status_verified").click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "changed since you looked at it" in errors and "version 1" in errors
    stored = team_store.get_stored(event.id)
    assert (stored.event.status, stored.version, stored.event.count_max) == ("draft", 2, 9)
    assert any("version 2" in m.value for m in at.markdown)              # the panel now shows the new version
    at.button(key="entry__status_verified").click().run()                # verified on what the reviewer now saw
    assert team_store.get_stored(event.id).event.status == "verified"
    assert team_store.history(event.id)[-1].changed_by == ME


@pytest.mark.parametrize("status, button", [("draft", "retracted"), ("retracted", "draft")])
def test_a_stale_retract_or_restore_changes_nothing(team_store, make_event, status, button):
    event = team_store.add_event(make_event(), "ana")
    if status == "retracted":
        team_store.retract(event.id, "carol", "duplicate")
    at = start()
    at.text_input(key="entry_review_reason").input("the outlet withdrew it").run()
    if status == "retracted":
        team_store.set_status(event.id, "draft", "bob")
        team_store.retract(event.id, "bob", "still a duplicate")
    else:
        team_store.update_event(event.id, {"notes": "meanwhile"}, "bob")
    version = team_store.get_stored(event.id).version
    at.button(key=f"entry__status_{button}").click().run()
    assert any("changed since you looked at it" in e.value for e in at.error)
    assert team_store.get_stored(event.id).version == version


@pytest.mark.parametrize("created_by, edited_by", [(ME, None), ("ana", ME), (ME.upper(), None)])
def test_an_editor_cannot_verify_what_they_created_or_last_changed(team_store, make_event, created_by, edited_by):
    event = team_store.add_event(make_event(), created_by)
    if edited_by:
        team_store.update_event(event.id, {"notes": "my edit"}, edited_by)
    at = start()
    verify = at.button(key="entry__status_verified")
    assert verify.disabled
    explained = " ".join(c.value for c in at.caption)
    assert "Four eyes" in explained and "ATLAS\\_ALLOW\\_SELF\\_REVIEW" in explained
    assert ("created" if edited_by is None else "last changed") in explained
    assert not at.button(key="entry__status_retracted").disabled             # retracting is not verifying
    assert team_store.get_event(event.id).status == "draft"


def test_another_editors_event_can_be_verified(team_store, make_event):
    event = team_store.add_event(make_event(), "ana")
    at = start()
    assert not at.button(key="entry__status_verified").disabled
    assert not any("Four eyes" in c.value for c in at.caption)
    at.button(key="entry__status_verified").click().run()
    assert team_store.get_event(event.id).status == "verified"


def test_a_one_person_team_may_verify_its_own_events_with_the_setting(team_store, make_event, monkeypatch):
    monkeypatch.setenv("ATLAS_ALLOW_SELF_REVIEW", "true")
    event = team_store.add_event(make_event(), ME)
    at = start()
    assert not at.button(key="entry__status_verified").disabled
    at.button(key="entry__status_verified").click().run()
    assert not at.exception, at.exception
    assert team_store.get_event(event.id).status == "verified"
    assert [(h.action, h.changed_by) for h in team_store.history(event.id)] == [("create", ME), ("status", ME)]
