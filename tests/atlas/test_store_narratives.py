"""Narratives in the team store: saved as drafts, versioned, reviewed by another editor, every version kept."""
from __future__ import annotations

import pytest

from atlas.exc import EditConflictError, SelfReviewError, StatusChangeError, StoreValueError
from atlas.narratives import Narrative, Step, load
from atlas.store import EventStore


@pytest.fixture
def narrative(project_root) -> Narrative:
    return load(project_root / "docs/examples/narrative.json")


def test_a_saved_narrative_reads_back_equal_as_a_draft(store, narrative):
    saved = store.save_narrative(narrative, "ana")
    assert (saved.status, saved.version, saved.created_by) == ("draft", 1, "ana")
    got = store.get_narrative(narrative.id)
    assert got.narrative == narrative and got.status == "draft"
    assert [s.narrative.id for s in store.list_narratives()] == [narrative.id]
    assert store.get_narrative("nothing-here") is None


def test_edits_need_the_version_they_started_from_and_keep_every_version(store, narrative):
    store.save_narrative(narrative, "ana")
    shorter = narrative.without_step(0)
    second = store.save_narrative(shorter, "bob", expected_version=1)
    assert second.version == 2 and second.updated_by == "bob" and second.created_by == "ana"
    with pytest.raises(EditConflictError, match="version 1, it is now at version 2"):
        store.save_narrative(narrative.with_step(Step(title="late")), "cy", expected_version=1)
    with pytest.raises(EditConflictError):
        store.save_narrative(narrative, "cy")           # a new narrative with an id that is taken
    history = store.narrative_history(narrative.id)
    assert [(h.version, h.action, h.changed_by) for h in history] == [(1, "create", "ana"), (2, "edit", "bob")]
    assert history[0].narrative == narrative and history[1].narrative == shorter
    assert store.save_narrative(shorter, "bob", expected_version=2).version == 2   # no change, no new version


def test_review_is_four_eyes_and_an_edit_makes_a_draft_again(store, narrative):
    store.save_narrative(narrative, "ana")
    with pytest.raises(SelfReviewError, match="another editor must review it"):
        store.set_narrative_status(narrative.id, "reviewed", "ANA ", expected_version=1)
    reviewed = store.set_narrative_status(narrative.id, "reviewed", "bob", expected_version=1)
    assert (reviewed.status, reviewed.version) == ("reviewed", 2)
    with pytest.raises(StatusChangeError):
        store.set_narrative_status(narrative.id, "reviewed", "cy", expected_version=2)
    with pytest.raises(EditConflictError):
        store.set_narrative_status(narrative.id, "draft", "cy", expected_version=1)
    edited = store.save_narrative(narrative.without_step(0), "cy", expected_version=2)
    assert edited.status == "draft"
    with pytest.raises(SelfReviewError, match="cy last changed this narrative"):
        store.set_narrative_status(narrative.id, "reviewed", "cy", expected_version=3)
    assert store.set_narrative_status(narrative.id, "reviewed", "bob", expected_version=3).status == "reviewed"
    with pytest.raises(StoreValueError):
        store.set_narrative_status(narrative.id, "published", "bob", expected_version=4)


def test_self_review_may_be_allowed(store, narrative):
    store.save_narrative(narrative, "ana")
    assert store.set_narrative_status(narrative.id, "reviewed", "ana", expected_version=1,
                                      allow_self_review=True).status == "reviewed"


def test_every_change_names_who_made_it(store, narrative):
    with pytest.raises(StoreValueError, match="user"):
        store.save_narrative(narrative, "  ")


def test_a_store_at_revision_0003_keeps_its_events_and_gains_narratives(store_url, make_event, narrative):
    old = EventStore(store_url)
    try:
        old.migrate("0003")
    finally:
        old.dispose()
    upgraded = EventStore(store_url)
    try:
        event = upgraded.add_event(make_event(), "ana")     # first use migrates to the newest revision
        assert upgraded.current_revision() == "0004"
        upgraded.save_narrative(narrative, "ana")
        assert upgraded.get_event(event.id) == event and upgraded.get_narrative(narrative.id).narrative == narrative
    finally:
        upgraded.dispose()
