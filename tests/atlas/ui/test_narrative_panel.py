"""The narrative panel in the whole dashboard under AppTest: add views as steps, edit, reorder, play (the view and
the address follow each step), save to the team store, and a link naming a narrative and step opens that view."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.narratives import Citation, Step, load
from atlas.ui import MAIN_TABS
from atlas.ui.text import isolated, plain

pytestmark = pytest.mark.slow   # runs the whole dashboard under AppTest


@pytest.fixture
def app(db_url, monkeypatch, project_root):
    monkeypatch.chdir(project_root)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.session_state[MAIN_TABS] = "Narrative"     # only the chosen tab's panel runs (lazy tabs)
    return at.run()


def widget(collection, prefix: str):
    found = [w for w in collection if (w.key or "").startswith(prefix)]
    assert len(found) == 1, f"{len(found)} widgets keyed {prefix}*"
    return found[0]


def narrative_of(at):
    return at.session_state["narrative-state"]["narrative"]


def test_add_views_edit_reorder_play_and_save(app, team_store):
    at = app
    assert not at.exception
    at.button(key="narrative-add").click().run()
    at.radio(key="map-view").set_value("southern-damascus").run()
    at.button(key="narrative-add").click().run()
    narrative = narrative_of(at)
    assert [s.params.get("view") for s in narrative.steps] == [None, "southern-damascus"]
    widget(at.text_input, "narrative-s1-title-en-").input("Barada factory <b>exits</b>").run()
    widget(at.text_area, "narrative-s1-caption-ar-").input("الخروج عبر معمل بردى").run()
    step = narrative_of(at).steps[1]
    assert step.title_in("en")[1] == "Barada factory <b>exits</b>"
    assert step.caption_in("ar") == ("ar", "الخروج عبر معمل بردى")
    widget(at.button, "narrative-s1-up-").click().run()
    assert narrative_of(at).steps[0] == step
    widget(at.radio, "narrative-language-").set_value("ar").run()
    assert narrative_of(at).language == "ar"
    at.button(key="narrative-add").click().run()
    assert len(narrative_of(at).steps) == 3
    widget(at.button, "narrative-s2-delete-").click().run()
    assert len(narrative_of(at).steps) == 2 and narrative_of(at).steps[0] == step

    at.radio(key="map-view").set_value("overview").run()
    at.button(key="narrative-play").click().run()
    assert not at.exception
    assert at.query_params["narrative"] == narrative_of(at).id and at.query_params["step"] == "1"
    assert at.radio(key="map-view").value == "southern-damascus"       # the map went to the step's view
    at.button(key="narrative-next").click().run()
    assert at.query_params["step"] == "2" and at.radio(key="map-view").value == "overview"
    assert at.button(key="narrative-next").disabled
    at.button(key="narrative-previous").click().run()
    assert at.query_params["step"] == "1" and at.radio(key="map-view").value == "southern-damascus"

    at.button(key="narrative-save").click().run()
    assert not at.exception and not at.error
    stored = team_store.get_narrative(narrative_of(at).id)
    assert stored is not None and stored.narrative == narrative_of(at) and stored.status == "draft"
    at.button(key="narrative-stop").click().run()
    assert "narrative" not in at.query_params


def test_a_link_to_a_stored_narrative_step_opens_its_view(db_url, team_store, monkeypatch, project_root):
    narrative = load(project_root / "docs/examples/narrative.json")
    team_store.save_narrative(narrative, "ana")
    monkeypatch.chdir(project_root)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.query_params["narrative"] = narrative.id
    at.query_params["step"] = "2"
    at.run()
    assert not at.exception
    step = narrative.steps[1]
    assert at.radio(key="map-view").value == step.params["view"]
    assert tuple(d.isoformat() for d in at.slider(key="filters-dates").value) == (step.params["from"],
                                                                                    step.params["to"])
    assert any(isolated(step.title_in("en")[1]) in m.value for m in at.markdown)   # the player names the step


def test_a_link_to_an_unknown_narrative_says_so(db_url, monkeypatch, project_root):
    monkeypatch.chdir(project_root)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.query_params["narrative"] = "nothing-like-it"
    at.run()
    assert not at.exception
    assert any(plain("nothing-like-it") in i.value for i in at.info)
    assert "narrative" not in at.query_params


def test_a_step_citing_an_event_that_is_gone_is_flagged_in_the_editor(db_url, team_store, monkeypatch, project_root):
    narrative = load(project_root / "docs/examples/narrative.json")
    gone = Step(title={"en": "Cites a withdrawn report"}, view={"view": "southern-damascus"},
                cite=(Citation("s999-01", "sha256:0000000000000000"),))
    narrative = narrative.with_step(gone)
    team_store.save_narrative(narrative, "ana")
    monkeypatch.chdir(project_root)
    at = AppTest.from_file(str(project_root / "dashboard.py"), default_timeout=120)
    at.query_params["narrative"] = narrative.id
    at.query_params["step"] = str(len(narrative.steps))
    at.session_state[MAIN_TABS] = "Narrative"     # the editor's flags are in the Narrative tab
    at.run()
    assert not at.exception
    flagged = [w.value for w in at.warning]
    assert flagged == [plain(f"step {len(narrative.steps)}: event s999-01 is no longer in the catalogue")]
    assert any(e.label.endswith("⚠") and "Cites a withdrawn report" in e.label for e in at.expander)


def test_retracted_events_are_the_stored_retracted_ones(team_store, make_event):
    from atlas.store_table import StoredEvents
    from atlas.ui.narrative_panel import retracted_events

    kept, gone, also_gone = make_event(id="team-kept"), make_event(id="team-gone"), make_event(id="team-also-gone")
    team_store.add_events([kept, gone, also_gone], "alice", allow_self_review=True)
    for event in (gone, also_gone):
        team_store.retract(event.id, "carol", "duplicate")
    stored = StoredEvents(team_store.read_table())
    expected = [stored[i].event for i in stored if stored[i].event.status == "retracted"]
    assert sorted(e.id for e in expected) == ["team-also-gone", "team-gone"]
    assert retracted_events(stored) == expected
