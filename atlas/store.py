"""The team event store: every database read and write of the app goes through EventStore.

SQLite (a file under ATLAS_DATA_DIR, WAL, busy timeout, foreign keys) for one analyst, PostgreSQL
(psycopg 3) for a team; the same SQLAlchemy Core code serves both. Nothing is ever deleted:
a retraction is a status, every change appends a row to ``event_history`` with a field-level
diff, and edits carry the version they started from (optimistic concurrency). The tables are
atlas.store_schema's; the connection, migrations, retries and faults atlas.store_engine's.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable, Iterator, Mapping

import sqlalchemy as sa

from atlas.exc import (DuplicateIdError, EditConflictError, SelfReviewError, StaleReviewError, StatusChangeError,
                       StoreValueError, UnknownEventError)
from atlas.store_engine import Retry, StoreEngine
from atlas.store_narratives import NarrativeRecords
from atlas.store_schema import (TEAM_ID_PREFIX, HistoryEntry, StoredEvent, StoredPlace, as_utc, diff, event_history,
                                event_row, event_sources, new_team_id, place_row, row_place, row_source, source_rows,
                                stored_event, team_events, team_places, utc_now)
from events import limits
from events.exc import EventsError
from events.schema import FIELDS, LIST_SEPARATOR, SOURCES_FIELD, Event
from events.sources import EventSource, parse_sources
from events.vocabulary import STATUS_CHANGES, TEAM_STATUSES
from geodata.place import Place

# Fields an edit may not touch: identity, review state and authorship have their own operations.
READ_ONLY_FIELDS = ("id", "status", "added_by")
# add_events writes this many events (and their history rows) per INSERT.
BATCH_SIZE = 500


class EventStore(NarrativeRecords, StoreEngine):
    """All reads and writes of team events, their history and team-added places (the connection, migrations,
    retries and faults are :class:`~atlas.store_engine.StoreEngine`'s)."""

    # -- events -------------------------------------------------------------------------------
    def add_event(self, event: Event, user: str, *, new_places: Iterable[Place] = (),
                  allow_self_review: bool = False) -> Event:
        """Store a new team event (and the local places it introduces) in one transaction.

        A new event is a draft; creating it as ``verified`` is verifying one's own event, refused
        unless self-review is allowed (``allow_self_review``, else the setting ATLAS_ALLOW_SELF_REVIEW).
        """
        user = _require_user(user)
        event = self.check_new_event(event, user, allow_self_review=allow_self_review)
        places = [_check_local_place(p) for p in new_places]

        def work(conn):
            if conn.execute(sa.select(team_events.c.id).where(team_events.c.id == event.id)).first():
                raise DuplicateIdError("team event", event.id)
            for place in places:
                self._insert_place(conn, place, user)
            now = utc_now()
            conn.execute(team_events.insert().values(
                **event_row(event), created_by=user, created_at=now, updated_by=user, updated_at=now, version=1))
            self._insert_sources(conn, event)
            self._append_history(conn, event.id, 1, "create", user, now, diff(None, event))
            return event
        return self._write(f"adding event {event.id}", work)

    def check_new_event(self, event: Event, user: str, *, allow_self_review: bool = False) -> Event:
        """The event as :meth:`add_event` would store it (``added_by`` = ``user``), or the error it would
        raise for it without touching the database (import checks every row first with this)."""
        user = _require_user(user)
        if not event.id.startswith(TEAM_ID_PREFIX):
            raise StoreValueError("id", f"team event ids start with {TEAM_ID_PREFIX!r} (use new_team_id()), "
                                        f"got {event.id!r}")
        if event.status not in ("draft", "verified"):
            raise StoreValueError("status", f"a new team event is 'draft' or 'verified', not {event.status!r}")
        if event.status == "verified" and not allow_self_review:
            raise SelfReviewError(event.id, user, "creates")
        try:
            return event.replace(added_by=user)
        except EventsError as exc:   # a user name longer than events.limits allows
            raise StoreValueError("user", getattr(exc, "message", str(exc))) from None

    def add_events(self, events: Iterable[Event], user: str, *, allow_self_review: bool = False) -> int:
        """Store many new team events in ONE transaction: all of them, or (on any error) none.

        Each event is checked as :meth:`add_event` checks it; an id already stored (or repeated) is a
        :class:`~atlas.exc.DuplicateIdError` and nothing is written. Rows and history rows go in
        batches of :data:`BATCH_SIZE`, so memory stays bounded however many events there are. The
        transaction is retried while the database is busy, walking ``events`` again, so pass something
        that can be iterated more than once (a list, or a re-readable source such as the importer's);
        a one-shot iterator is read into a list first. Returns how many events were added.
        """
        user = _require_user(user)
        if isinstance(events, Iterator):   # a generator: a retry could not walk it again
            events = list(events)

        def work(conn) -> int:
            added, batch = 0, []
            for event in events:
                batch.append(self.check_new_event(event, user, allow_self_review=allow_self_review))
                if len(batch) >= BATCH_SIZE:
                    added += self._insert_batch(conn, batch, user)
                    batch = []
            if batch:
                added += self._insert_batch(conn, batch, user)
            return added
        return self._write("importing events", work)

    def _insert_batch(self, conn, batch: list[Event], user: str) -> int:
        ids = [event.id for event in batch]
        if len(set(ids)) != len(ids):
            raise DuplicateIdError("team event", next(i for i in ids if ids.count(i) > 1))
        taken = conn.execute(sa.select(team_events.c.id).where(team_events.c.id.in_(ids))).scalars().first()
        if taken is not None:
            raise DuplicateIdError("team event", taken)
        now = utc_now()
        conn.execute(team_events.insert(), [
            {**event_row(event), "created_by": user, "created_at": now, "updated_by": user, "updated_at": now,
             "version": 1} for event in batch])
        rows = [row for event in batch for row in source_rows(event)]
        if rows:
            conn.execute(event_sources.insert(), rows)
        conn.execute(event_history.insert(), [
            {"event_id": event.id, "version": 1, "action": "create", "changed_by": user, "changed_at": now,
             "changes": diff(None, event), "reason": ""} for event in batch])
        return len(batch)

    @staticmethod
    def _insert_sources(conn, event: Event) -> None:
        rows = source_rows(event)
        if rows:
            conn.execute(event_sources.insert(), rows)

    @staticmethod
    def _sources_of(conn, event_ids=None) -> dict[str, tuple[EventSource, ...]]:
        """Further sources by event id (of ``event_ids``, else of every event), in order."""
        query = sa.select(event_sources).order_by(event_sources.c.event_id, event_sources.c.position)
        if event_ids is not None:
            query = query.where(event_sources.c.event_id.in_(list(event_ids)))
        found: dict[str, list[EventSource]] = {}
        for row in conn.execute(query).mappings():
            found.setdefault(row["event_id"], []).append(row_source(row))
        return {event_id: tuple(sources) for event_id, sources in found.items()}

    def event_ids(self) -> set[str]:
        """Every stored team event id, retracted ones too (ids are never reused)."""
        return self._read(lambda conn: set(conn.execute(sa.select(team_events.c.id)).scalars()))

    def get_event(self, event_id: str) -> Event | None:
        stored = self.get_stored(event_id)
        return stored.event if stored else None

    def get_stored(self, event_id: str) -> StoredEvent | None:
        """The event with its version and authorship, or None."""
        def work(conn):
            row = conn.execute(sa.select(team_events).where(team_events.c.id == event_id)).mappings().first()
            return stored_event(row, self._sources_of(conn, [event_id]).get(event_id, ())) if row else None
        return self._read(work)

    def list_events(self, include_drafts: bool = True, include_retracted: bool = False) -> list[Event]:
        """Team events, oldest first. Verified always; drafts and retracted ones on request."""
        return [s.event for s in self.list_stored(include_drafts=include_drafts, include_retracted=include_retracted)]

    def list_stored(self, include_drafts: bool = True, include_retracted: bool = False) -> list[StoredEvent]:
        statuses = ["verified"] + (["draft"] if include_drafts else []) + (["retracted"] if include_retracted else [])
        def work(conn):
            query = (sa.select(team_events).where(team_events.c.status.in_(statuses))
                     .order_by(team_events.c.created_at, team_events.c.id))
            rows = list(conn.execute(query).mappings())
            sources = self._sources_of(conn) if rows else {}
            return [stored_event(row, sources.get(row["id"], ())) for row in rows]
        return self._read(work)

    def revision(self) -> tuple[int, int, int]:
        """A value that changes with every write: every event write appends to the history in its
        transaction, places are only ever added, and nothing is deleted. A cheap key for caching what
        was read (reading 10k events back costs ~300 ms). Counts and the highest history id together,
        so that a transaction committing after a later-numbered one still changes it."""
        query = sa.select(sa.select(sa.func.count()).select_from(event_history).scalar_subquery(),
                          sa.select(sa.func.coalesce(sa.func.max(event_history.c.id), 0)).scalar_subquery(),
                          sa.select(sa.func.count()).select_from(team_places).scalar_subquery())
        return self._read(lambda conn: tuple(conn.execute(query).one()))

    def count_events(self) -> int:
        """Every stored team event, whatever its status."""
        return self._read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(team_events)).scalar_one())

    def update_event(self, event_id: str, changes: Mapping[str, Any], user: str, *,
                     expected_version: int | None = None, new_places: Iterable[Place] = ()) -> Event:
        """Apply field changes (values as in ``Event.to_record`` or typed) and record the diff. ``sources``
        replaces the further sources (EventSource values, or their records / a JSON list as exports carry them).

        ``expected_version`` is the version the editor started from; if someone saved in between,
        :class:`~atlas.exc.EditConflictError` is raised and nothing changes. ``new_places`` (hand-placed
        local places the edit refers to) are saved in the same transaction.
        """
        user = _require_user(user)
        places = [_check_local_place(p) for p in new_places]
        for name in changes:
            if name in READ_ONLY_FIELDS:
                raise StoreValueError(name, "cannot be edited (use set_status / retract for the status)")
            if name not in FIELDS and name != SOURCES_FIELD:
                raise StoreValueError(name, "is not a field of an event")

        def build(old: Event) -> Event:
            record = old.to_record()
            sources = old.sources
            for name, value in changes.items():
                if name == SOURCES_FIELD:
                    sources = _as_sources(value)
                    continue
                if isinstance(value, tuple | list):
                    value = LIST_SEPARATOR.join(str(v) for v in value)
                elif isinstance(value, dt.date):
                    value = value.isoformat()
                record[name] = value
            return Event.from_record(record).replace(sources=sources)

        def check(stored: StoredEvent) -> None:
            if stored.event.status == "retracted":
                raise StatusChangeError(f"event {event_id!r} is retracted; restore it as a draft before editing")

        return self._change(event_id, user, expected_version, "edit", build, check, reason="", new_places=places)

    def set_status(self, event_id: str, status: str, user: str, *, reason: str = "",
                   expected_version: int | None = None, allow_self_review: bool = False) -> Event:
        """Move an event through the review workflow (draft -> verified, ... -> retracted).

        ``expected_version`` is the version the reviewer saw: if the event changed since,
        :class:`~atlas.exc.StaleReviewError` is raised and nothing changes (the review panel always
        passes it). Four eyes: ``user`` may not verify an event they created or last changed
        (:class:`~atlas.exc.SelfReviewError`) unless ``allow_self_review`` (default: the setting
        ATLAS_ALLOW_SELF_REVIEW) is true.
        """
        user = _require_user(user)
        if status not in TEAM_STATUSES:
            raise StoreValueError("status", f"{status!r} is not one of {', '.join(TEAM_STATUSES)}")

        def check(stored: StoredEvent) -> None:
            current = stored.event.status
            if status not in STATUS_CHANGES.get(current, ()):
                raise StatusChangeError(f"event {event_id!r} is {current!r}; it cannot become {status!r} "
                                        f"(allowed: {', '.join(STATUS_CHANGES.get(current, ())) or 'none'})")
            if status == "verified":
                role = self_review_role(stored, user)
                if role and not allow_self_review:
                    raise SelfReviewError(event_id, user, role)

        action = {"verified": "verify", "retracted": "retract"}.get(status, "move back to draft")
        return self._change(event_id, user, expected_version, "status",
                            lambda old: old.replace(status=status), check, reason=reason.strip(),
                            stale=lambda expected, actual: StaleReviewError(event_id, expected, actual, action))

    def retract(self, event_id: str, user: str, reason: str, *, expected_version: int | None = None) -> Event:
        """Withdraw an event (it stays stored, with the reason, in its history)."""
        if not (reason or "").strip():
            raise StoreValueError("reason", "say why the event is retracted")
        return self.set_status(event_id, "retracted", user, reason=reason, expected_version=expected_version)

    def _change(self, event_id, user, expected_version, action, build, check, *, reason: str,
                new_places: Iterable[Place] = (), stale: Callable[[int, int], Exception] | None = None) -> Event:
        stale = stale or (lambda expected, actual: EditConflictError(event_id, expected, actual))

        def work(conn):
            row = conn.execute(sa.select(team_events).where(team_events.c.id == event_id)
                               .with_for_update()).mappings().first()
            if row is None:
                raise UnknownEventError(event_id)
            stored = stored_event(row, self._sources_of(conn, [event_id]).get(event_id, ()))
            if expected_version is not None and stored.version != expected_version:
                raise stale(expected_version, stored.version)
            check(stored)
            new = build(stored.event)
            changes = diff(stored.event, new)
            if not changes:
                return stored.event
            for place in new_places:
                self._insert_place(conn, place, user)
            now, version = utc_now(), stored.version + 1
            result = conn.execute(
                team_events.update()
                .where(team_events.c.id == event_id, team_events.c.version == stored.version)
                .values(**event_row(new), updated_by=user, updated_at=now, version=version))
            if result.rowcount != 1:
                if expected_version is not None:
                    raise stale(expected_version, stored.version + 1)
                raise Retry()
            if SOURCES_FIELD in changes:   # replaced as a whole; the history keeps the old list
                conn.execute(event_sources.delete().where(event_sources.c.event_id == event_id))
                self._insert_sources(conn, new)
            self._append_history(conn, event_id, version, action, user, now, changes, reason)
            return new
        return self._write(f"{action} of event {event_id}", work)

    def history(self, event_id: str) -> list[HistoryEntry]:
        """Every change of one event, oldest first (empty when the id is unknown)."""
        def work(conn):
            query = (sa.select(event_history).where(event_history.c.event_id == event_id)
                     .order_by(event_history.c.version))
            return [HistoryEntry(event_id=r["event_id"], version=r["version"], action=r["action"],
                                 changed_by=r["changed_by"], changed_at=as_utc(r["changed_at"]),
                                 changes=r["changes"], reason=r["reason"] or "")
                    for r in conn.execute(query).mappings()]
        return self._read(work)

    @staticmethod
    def _append_history(conn, event_id, version, action, user, when, changes, reason: str = "") -> None:
        conn.execute(event_history.insert().values(
            event_id=event_id, version=version, action=action, changed_by=user, changed_at=when,
            changes=changes, reason=reason))

    # -- places -------------------------------------------------------------------------------
    def add_place(self, place: Place, user: str) -> Place:
        """Store a team-added ``local:`` place (placed by a map click) with who added it."""
        user = _require_user(user)
        place = _check_local_place(place)
        return self._write(f"adding place {place.id}", lambda conn: self._insert_place(conn, place, user))

    @staticmethod
    def _insert_place(conn, place: Place, user: str) -> Place:
        if conn.execute(sa.select(team_places.c.id).where(team_places.c.id == place.id)).first():
            raise DuplicateIdError("place", place.id)
        conn.execute(team_places.insert().values(**place_row(place), added_by=user, added_at=utc_now()))
        return place

    def get_place(self, place_id: str) -> Place | None:
        def work(conn):
            row = conn.execute(sa.select(team_places).where(team_places.c.id == place_id)).mappings().first()
            return row_place(row) if row else None
        return self._read(work)

    def list_places(self) -> list[Place]:
        return [s.place for s in self.list_stored_places()]

    def list_stored_places(self) -> list[StoredPlace]:
        def work(conn):
            rows = conn.execute(sa.select(team_places).order_by(team_places.c.added_at, team_places.c.id)).mappings()
            return [StoredPlace(row_place(r), r["added_by"], as_utc(r["added_at"])) for r in rows]
        return self._read(work)


def _as_sources(value) -> tuple[EventSource, ...]:
    """Further sources as an edit may give them: EventSource values, their records, or a JSON list."""
    try:
        if isinstance(value, (list, tuple)) and all(isinstance(item, EventSource) for item in value):
            return tuple(value)
        return parse_sources(list(value) if isinstance(value, tuple) else value)
    except EventsError as exc:
        raise StoreValueError(SOURCES_FIELD, getattr(exc, "message", str(exc))) from None


def _require_user(user: str) -> str:
    user = (user or "").strip()
    if not user:
        raise StoreValueError("user", "every change names who made it")
    return user


def _check_local_place(place: Place) -> Place:
    if not isinstance(place, Place):
        raise StoreValueError("place", f"expected a Place, got {type(place).__name__}")
    if not place.id.startswith("local:"):
        raise StoreValueError("place.id", f"team-added places have local: ids, got {place.id!r}")
    if len(place.id) > limits.PLACE_ID_CHARS:
        raise StoreValueError("place.id", f"is {len(place.id):,} characters long; at most "
                                          f"{limits.PLACE_ID_CHARS:,} are accepted")
    return place


def _same_person(a: str, b: str) -> bool:
    return bool(a) and (a or "").strip().casefold() == (b or "").strip().casefold()


def self_review_role(stored: StoredEvent, user: str) -> str:
    """'created' / 'last changed' when ``user`` did that to the event (four eyes forbid them to verify
    it), else ''. Names and e-mails compare without case."""
    if _same_person(user, stored.created_by):
        return "created"
    if _same_person(user, stored.updated_by):
        return "last changed"
    return ""


def self_review_allowed(allow_self_review: bool = False) -> bool:
    """Whether an editor may verify their own events: the caller says so (the app passes its setting
    ATLAS_ALLOW_SELF_REVIEW); by default not (four eyes)."""
    return bool(allow_self_review)


__all__ = ["EventStore", "StoredEvent", "StoredPlace", "HistoryEntry", "new_team_id", "TEAM_ID_PREFIX",
           "TEAM_STATUSES", "STATUS_CHANGES", "self_review_role", "BATCH_SIZE"]
