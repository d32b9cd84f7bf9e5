"""Review carries versions and four eyes; batch adds are one transaction. SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from atlas import settings
from atlas.exc import (DuplicateIdError, EditConflictError, SelfReviewError, StaleReviewError, StoreError,
                       StoreValueError)
from atlas.store import BATCH_SIZE, new_team_id


def snapshot(store):
    stored = store.list_stored(include_drafts=True, include_retracted=True)
    return stored, {s.event.id: store.history(s.event.id) for s in stored}


@pytest.fixture(autouse=True)
def four_eyes(monkeypatch):
    """The default: self-review not allowed (whatever the environment running the tests says)."""
    monkeypatch.delenv("ATLAS_ALLOW_SELF_REVIEW", raising=False)


# -- versions ----------------------------------------------------------------------------------------
REVIEW_ACTIONS = {
    "verify": lambda s, e, v: s.set_status(e, "verified", "reviewer", expected_version=v),
    "retract": lambda s, e, v: s.retract(e, "reviewer", "the outlet withdrew it", expected_version=v),
    "back to draft": lambda s, e, v: s.set_status(e, "draft", "reviewer", expected_version=v),
    "restore": lambda s, e, v: s.set_status(e, "draft", "reviewer", expected_version=v),
}
STARTS = {"verify": "draft", "retract": "draft", "back to draft": "verified", "restore": "retracted"}


def event_in(store, make_event, status: str):
    event = store.add_event(make_event(), "ana")
    if status == "verified":
        store.set_status(event.id, "verified", "carol")
    elif status == "retracted":
        store.retract(event.id, "carol", "duplicate")
    return store.get_stored(event.id)


@pytest.mark.parametrize("action", REVIEW_ACTIONS)
def test_a_review_on_the_version_seen_goes_through(store, make_event, action):
    seen = event_in(store, make_event, STARTS[action])
    done = REVIEW_ACTIONS[action](store, seen.event.id, seen.version)
    after = store.get_stored(seen.event.id)
    assert after.version == seen.version + 1 and after.event == done and after.updated_by == "reviewer"
    assert store.history(seen.event.id)[-1].changed_by == "reviewer"


@pytest.mark.parametrize("action", REVIEW_ACTIONS)
def test_a_review_on_a_stale_version_is_refused_and_changes_nothing(store, make_event, action):
    seen = event_in(store, make_event, STARTS[action])
    if STARTS[action] == "retracted":             # someone restored and retracted it again meanwhile
        store.set_status(seen.event.id, "draft", "dan")
        store.retract(seen.event.id, "dan", "still a duplicate")
    else:
        store.update_event(seen.event.id, {"notes": "a second source"}, "dan")
    before = snapshot(store)
    with pytest.raises(StaleReviewError) as raised:
        REVIEW_ACTIONS[action](store, seen.event.id, seen.version)
    message = str(raised.value)
    assert f"you saw version {seen.version}" in message and "nothing was changed" in message
    assert isinstance(raised.value, EditConflictError) and isinstance(raised.value, StoreError)
    assert snapshot(store) == before


# -- four eyes -----------------------------------------------------------------------------------------
def test_the_creator_cannot_verify_their_own_event(store, make_event):
    event = store.add_event(make_event(), "Ana@Example.org")
    before = snapshot(store)
    with pytest.raises(SelfReviewError) as raised:
        store.set_status(event.id, "verified", "ana@example.org ", expected_version=1)   # case and space differ
    assert raised.value.role == "created" and "another editor must verify it" in str(raised.value)
    assert "ATLAS_ALLOW_SELF_REVIEW" in str(raised.value)
    assert isinstance(raised.value, StoreError) and isinstance(raised.value, PermissionError)
    assert snapshot(store) == before


def test_the_last_editor_cannot_verify_it_but_a_third_person_can(store, make_event):
    event = store.add_event(make_event(), "ana")
    store.update_event(event.id, {"notes": "checked the source"}, "bob")
    with pytest.raises(SelfReviewError) as raised:
        store.set_status(event.id, "verified", "bob")
    assert raised.value.role == "last changed"
    verified = store.set_status(event.id, "verified", "carol", expected_version=2)
    assert verified.status == "verified"
    history = store.history(event.id)
    assert [(h.action, h.changed_by) for h in history] == [("create", "ana"), ("edit", "bob"), ("status", "carol")]


def test_retracting_or_moving_back_ones_own_event_is_not_verifying(store, make_event):
    event = store.add_event(make_event(), "ana")
    assert store.retract(event.id, "ana", "my mistake").status == "retracted"
    assert store.set_status(event.id, "draft", "ana").status == "draft"
    with pytest.raises(SelfReviewError):           # restoring made ana its last editor
        store.set_status(event.id, "verified", "ana")


@pytest.mark.parametrize("how", ["argument", "setting"])
def test_self_review_is_allowed_for_a_one_person_team(store, make_event, monkeypatch, how):
    event = store.add_event(make_event(), "ana")
    if how == "setting":    # the setting, resolved at the top and handed down
        config = settings.resolve(environ={"ATLAS_ALLOW_SELF_REVIEW": "true"}, secrets={})
        verified = store.set_status(event.id, "verified", "ana", allow_self_review=config["ATLAS_ALLOW_SELF_REVIEW"])
    else:
        verified = store.set_status(event.id, "verified", "ana", allow_self_review=True)
    assert verified.status == "verified"
    assert store.history(event.id)[-1].changed_by == "ana"


def test_creating_an_event_as_verified_is_self_review(store, make_event):
    with pytest.raises(SelfReviewError) as raised:
        store.add_event(make_event(status="verified"), "ana")
    assert raised.value.field == "status"
    assert store.count_events() == 0
    assert store.add_event(make_event(status="verified"), "ana", allow_self_review=True).status == "verified"


# -- add_events ----------------------------------------------------------------------------------------
def test_add_events_stores_every_event_with_its_history(store, make_event):
    events = [make_event(notes=f"n{n}") for n in range(BATCH_SIZE + 3)]
    assert store.add_events(events, "importer") == len(events)
    stored = {s.event.id: s for s in store.list_stored(include_drafts=True)}
    assert [stored[e.id].event for e in events] == [e.replace(added_by="importer") for e in events]
    assert {(s.version, s.created_by, s.updated_by) for s in stored.values()} == {(1, "importer", "importer")}
    history = store.history(events[-1].id)
    assert [(h.action, h.version, h.changed_by) for h in history] == [("create", 1, "importer")]
    assert history[0].changes["notes"] == {"old": None, "new": f"n{BATCH_SIZE + 2}"}


def test_add_events_takes_a_generator(store, make_event):
    assert store.add_events((make_event() for _ in range(3)), "importer") == 3
    assert store.count_events() == 3


@pytest.mark.parametrize("spoil", ["id taken in the store", "id twice in the batch", "not a team id",
                                   "retracted", "verified"])
def test_add_events_writes_all_or_nothing(store, make_event, spoil):
    kept = store.add_event(make_event(), "ana")
    events = [make_event() for _ in range(2 * BATCH_SIZE + 5)]
    last = len(events) - 1                          # two full batches precede the bad event
    if spoil == "id taken in the store":
        events[last] = make_event(id=kept.id)
    elif spoil == "id twice in the batch":
        events[last] = make_event(id=events[last - 1].id)
    elif spoil == "not a team id":
        events[last] = make_event(id="s000-01")
    else:
        events[last] = make_event(status=spoil)
    before = snapshot(store)
    with pytest.raises((DuplicateIdError, StoreValueError, SelfReviewError)):
        store.add_events(events, "importer")
    assert snapshot(store) == before


def test_add_events_names_its_user(store, make_event):
    with pytest.raises(StoreValueError, match="user"):
        store.add_events([make_event()], " ")
    assert store.count_events() == 0


def test_event_ids_lists_every_status(store, make_event):
    draft = store.add_event(make_event(), "ana")
    gone = store.retract(store.add_event(make_event(), "ana").id, "bob", "duplicate")
    assert store.event_ids() == {draft.id, gone.id}
    assert new_team_id() not in store.event_ids()


class Walks:
    """An iterable that counts how often it is walked (as the importer's second pass re-reads its file)."""

    def __init__(self, events):
        self.events, self.walks = events, 0

    def __iter__(self):
        self.walks += 1
        return iter(self.events)


def test_a_busy_retry_walks_the_events_again_and_writes_them_once(sqlite_url, make_event, monkeypatch):
    import sqlite3

    import sqlalchemy as sa

    from atlas.store import EventStore

    store = EventStore(sqlite_url)
    try:
        original, busy = store._insert_batch, []

        def once_busy(conn, batch, user):
            if not busy:                               # the first attempt meets a locked database
                busy.append(1)
                raise sa.exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
            return original(conn, batch, user)

        monkeypatch.setattr(store, "_insert_batch", once_busy)
        events = Walks([make_event() for _ in range(BATCH_SIZE + 1)])
        assert store.add_events(events, "importer") == BATCH_SIZE + 1
        assert events.walks == 2 and busy == [1]
        assert store.event_ids() == {e.id for e in events.events}
        assert all(len(store.history(e.id)) == 1 for e in events.events[:3])
    finally:
        store.dispose()
