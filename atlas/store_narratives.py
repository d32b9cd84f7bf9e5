"""Narratives in the team store: saved, versioned and reviewed like events, by the one store object.

:class:`NarrativeRecords` is a part of :class:`atlas.store.EventStore` (its transactions, retries and faults are
the store engine's). A narrative is kept as its JSON file (atlas.narratives), with its version, who created
and last changed it, and its review status: a save makes a draft (a new narrative, or an edit of a reviewed
one), another editor marks it reviewed (four eyes, as for events), and every saved version stays in
``narrative_history``. A save or review carries the version the editor started from: if someone saved in
between, it is refused and nothing changes. Tables: migration 0004.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from atlas.exc import EditConflictError, SelfReviewError, StatusChangeError, StoreValueError
from atlas.narratives import Narrative, NarrativeError
from atlas.store_schema import as_utc, metadata, utc_now
from events.vocabulary import NARRATIVE_STATUS_CHANGES, NARRATIVE_STATUSES

narratives = sa.Table(
    "narratives", metadata,
    sa.Column("id", sa.String(64), primary_key=True), sa.Column("title", sa.Text), sa.Column("status", sa.String(16)),
    sa.Column("body", sa.Text), sa.Column("created_by", sa.Text), sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("updated_by", sa.Text), sa.Column("updated_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer),
)
narrative_history = sa.Table(
    "narrative_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("narrative_id", sa.String(64)), sa.Column("version", sa.Integer), sa.Column("action", sa.String(16)),
    sa.Column("status", sa.String(16)), sa.Column("changed_by", sa.Text),
    sa.Column("changed_at", sa.DateTime(timezone=True)), sa.Column("body", sa.Text), sa.Column("reason", sa.Text),
)


@dataclass(frozen=True)
class StoredNarrative:
    """A narrative with its bookkeeping."""

    narrative: Narrative
    status: str
    version: int
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class NarrativeVersion:
    """One saved version (or status change) of a narrative."""

    version: int
    action: str          # create / edit / status
    status: str
    changed_by: str
    changed_at: dt.datetime
    narrative: Narrative
    reason: str = ""


def _stored(row) -> StoredNarrative:
    return StoredNarrative(Narrative.loads(row["body"]), row["status"], row["version"], row["created_by"],
                           as_utc(row["created_at"]), row["updated_by"], as_utc(row["updated_at"]))


def _user(user: str) -> str:
    user = (user or "").strip()
    if not user:
        raise StoreValueError("user", "every change names who made it")
    return user


def _conflict(narrative_id: str, expected: int, actual: int) -> EditConflictError:
    error = EditConflictError(narrative_id, expected, actual)
    error.args = (f"narrative {narrative_id!r} was changed by someone else (you started from version {expected}, "
                  f"it is now at version {actual}); reload it and apply your change again",)
    return error


def _self_review(narrative_id: str, user: str, role: str) -> SelfReviewError:
    error = SelfReviewError(narrative_id, user, role)
    error.message = (f"{user} {role} this narrative, so another editor must review it (four eyes; a one-person "
                     "team can allow self-review with the setting ATLAS_ALLOW_SELF_REVIEW=true)")
    error.args = (f"narrative {narrative_id!r}: {error.message}",)
    return error


class NarrativeRecords:
    """The narrative operations of the team store (mixed into EventStore, which gives ``_read``/``_write``)."""

    def save_narrative(self, narrative: Narrative, user: str, *, expected_version: int | None = None
                       ) -> StoredNarrative:
        """Store a new narrative (``expected_version`` None or 0) or a new version of one (``expected_version``:
        the version the editor loaded). Either way it is a draft until reviewed."""
        user = _user(user)
        if not isinstance(narrative, Narrative):
            raise StoreValueError("narrative", f"expected a Narrative, got {type(narrative).__name__}")
        body, title = narrative.dumps(), narrative.title_in()[1]

        def work(conn):
            row = conn.execute(sa.select(narratives).where(narratives.c.id == narrative.id)
                               .with_for_update()).mappings().first()
            now = utc_now()
            if row is None:
                if expected_version:
                    raise _conflict(narrative.id, expected_version, 0)
                conn.execute(narratives.insert().values(
                    id=narrative.id, title=title, status="draft", body=body, created_by=user, created_at=now,
                    updated_by=user, updated_at=now, version=1))
                version, action = 1, "create"
            else:
                if expected_version is None or row["version"] != expected_version:
                    raise _conflict(narrative.id, expected_version or 0, row["version"])
                if row["body"] == body:
                    return _stored(row)
                version, action = row["version"] + 1, "edit"
                conn.execute(narratives.update().where(narratives.c.id == narrative.id).values(
                    title=title, status="draft", body=body, updated_by=user, updated_at=now, version=version))
            conn.execute(narrative_history.insert().values(
                narrative_id=narrative.id, version=version, action=action, status="draft", changed_by=user,
                changed_at=now, body=body, reason=""))
            return _stored(conn.execute(sa.select(narratives).where(narratives.c.id == narrative.id))
                           .mappings().one())
        return self._write(f"saving narrative {narrative.id}", work)

    def get_narrative(self, narrative_id: str) -> StoredNarrative | None:
        def work(conn):
            row = conn.execute(sa.select(narratives).where(narratives.c.id == narrative_id)).mappings().first()
            return _stored(row) if row else None
        return self._read(work)

    def list_narratives(self) -> list[StoredNarrative]:
        """Every stored narrative, by title."""
        def work(conn):
            rows = conn.execute(sa.select(narratives).order_by(narratives.c.title, narratives.c.id)).mappings()
            return [_stored(row) for row in rows]
        return self._read(work)

    def set_narrative_status(self, narrative_id: str, status: str, user: str, *, expected_version: int,
                             allow_self_review: bool = False, reason: str = "") -> StoredNarrative:
        """Mark a narrative reviewed (or back to draft). Four eyes: whoever created or last changed it may not
        review it unless ``allow_self_review`` (the setting ATLAS_ALLOW_SELF_REVIEW)."""
        user = _user(user)
        if status not in NARRATIVE_STATUSES:
            raise StoreValueError("status", f"{status!r} is not one of {', '.join(NARRATIVE_STATUSES)}")

        def work(conn):
            row = conn.execute(sa.select(narratives).where(narratives.c.id == narrative_id)
                               .with_for_update()).mappings().first()
            if row is None:
                raise StoreValueError("narrative", f"no narrative with id {narrative_id!r}")
            if row["version"] != expected_version:
                raise _conflict(narrative_id, expected_version, row["version"])
            if status not in NARRATIVE_STATUS_CHANGES.get(row["status"], ()):
                raise StatusChangeError(f"narrative {narrative_id!r} is {row['status']!r}; it cannot become "
                                        f"{status!r}")
            if status == "reviewed" and not allow_self_review:
                for role, who in (("created", row["created_by"]), ("last changed", row["updated_by"])):
                    if user.casefold() == (who or "").strip().casefold():
                        raise _self_review(narrative_id, user, role)
            now, version = utc_now(), row["version"] + 1
            conn.execute(narratives.update().where(narratives.c.id == narrative_id).values(
                status=status, updated_by=user if status == "draft" else row["updated_by"], updated_at=now,
                version=version))
            conn.execute(narrative_history.insert().values(
                narrative_id=narrative_id, version=version, action="status", status=status, changed_by=user,
                changed_at=now, body=row["body"], reason=reason.strip()))
            return _stored(conn.execute(sa.select(narratives).where(narratives.c.id == narrative_id))
                           .mappings().one())
        return self._write(f"review of narrative {narrative_id}", work)

    def narrative_history(self, narrative_id: str) -> list[NarrativeVersion]:
        """Every saved version and status change of a narrative, oldest first."""
        def work(conn):
            query = (sa.select(narrative_history).where(narrative_history.c.narrative_id == narrative_id)
                     .order_by(narrative_history.c.version))
            return [NarrativeVersion(r["version"], r["action"], r["status"], r["changed_by"], as_utc(r["changed_at"]),
                                     Narrative.loads(r["body"]), r["reason"] or "")
                    for r in conn.execute(query).mappings()]
        return self._read(work)


__all__ = ["NarrativeRecords", "StoredNarrative", "NarrativeVersion", "NarrativeError"]
