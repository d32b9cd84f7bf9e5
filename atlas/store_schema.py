"""What the team store holds: the tables, the stored values, and how an event becomes a row and back.

Four tables: ``team_events`` (one row an event, with its version and authorship), ``event_history``
(every change, a field-level diff, never deleted), ``team_places`` (places added by hand) and
``event_sources`` (an event's further sources, in order; an edit replaces them and the history keeps the
old list). The
schema itself is made and changed by the Alembic migrations in atlas/migrations.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import uuid
from dataclasses import dataclass
from typing import Any, Mapping

import sqlalchemy as sa

from events.schema import FIELDS, LIST_SEPARATOR, Event
from events.sources import SOURCE_FIELDS, EventSource
from geodata.place import Place

TEAM_ID_PREFIX = "team-"


metadata = sa.MetaData()


team_events = sa.Table(
    "team_events", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("event_type", sa.String(32)),
    sa.Column("seed", sa.Text), sa.Column("outlet", sa.Text),
    sa.Column("quote_ar", sa.Text), sa.Column("summary_en", sa.Text),
    sa.Column("date_start", sa.Date), sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String(16)),
    sa.Column("date_relative", sa.Text), sa.Column("date_basis", sa.Text),
    sa.Column("origin", sa.String(80)), sa.Column("via", sa.String(80)),
    sa.Column("destination", sa.String(80)), sa.Column("location", sa.String(80)),
    sa.Column("outcome", sa.String(32)),
    sa.Column("count_min", sa.Integer), sa.Column("count_max", sa.Integer),
    sa.Column("count_unit", sa.String(16)), sa.Column("names", sa.Text),
    sa.Column("paid_usd_min", sa.Float), sa.Column("paid_usd_max", sa.Float),
    sa.Column("actors", sa.Text), sa.Column("cited_outlet", sa.Text), sa.Column("url", sa.Text),
    sa.Column("confidence", sa.String(8)), sa.Column("disputed", sa.Boolean),
    sa.Column("related", sa.Text), sa.Column("dispute_note", sa.Text),
    sa.Column("status", sa.String(16)), sa.Column("added_by", sa.Text), sa.Column("notes", sa.Text),
    sa.Column("created_by", sa.Text), sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("updated_by", sa.Text), sa.Column("updated_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer),
)


event_history = sa.Table(
    "event_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64)), sa.Column("version", sa.Integer),
    sa.Column("action", sa.String(16)), sa.Column("changed_by", sa.Text),
    sa.Column("changed_at", sa.DateTime(timezone=True)), sa.Column("changes", sa.JSON),
    sa.Column("reason", sa.Text),
)


team_places = sa.Table(
    "team_places", metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    *(sa.Column(name, sa.Float if name in ("lat", "lon", "uncertainty_m") else sa.Text)
      for name in (f.name for f in dataclasses.fields(Place) if f.name != "id")),
    sa.Column("added_by", sa.Text), sa.Column("added_at", sa.DateTime(timezone=True)),
)


event_sources = sa.Table(
    "event_sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64)), sa.Column("position", sa.Integer),
    sa.Column("outlet", sa.Text), sa.Column("stance", sa.String(16)), sa.Column("published", sa.String(21)),
    sa.Column("quote", sa.Text), sa.Column("url", sa.Text), sa.Column("seed", sa.Text),
    sa.Column("cited_outlet", sa.Text), sa.Column("date_start", sa.Date), sa.Column("date_end", sa.Date),
    sa.Column("count_min", sa.Integer), sa.Column("count_max", sa.Integer), sa.Column("count_unit", sa.String(16)),
    sa.Column("paid_usd_min", sa.Float), sa.Column("paid_usd_max", sa.Float), sa.Column("note", sa.Text),
    sa.Column("added_by", sa.Text),
)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A team event with its bookkeeping: who created / last changed it, when, and its version."""

    event: Event
    version: int
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of one event. ``changes`` maps field -> {"old": ..., "new": ...} (record values)."""

    event_id: str
    version: int
    action: str            # create / edit / status
    changed_by: str
    changed_at: dt.datetime
    changes: Mapping[str, Mapping[str, Any]]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class StoredPlace:
    """A team-added place with who added it and when."""

    place: Place
    added_by: str
    added_at: dt.datetime


def new_team_id() -> str:
    """A fresh team event id; the prefix keeps team ids apart from curated ones."""
    return f"{TEAM_ID_PREFIX}{uuid.uuid4().hex[:12]}"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything this store writes is UTC.
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def event_row(event: Event) -> dict:
    row = {}
    for name in FIELDS:
        value = getattr(event, name)
        row[name] = LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value
    return row


def row_event(row: Mapping, sources: tuple[EventSource, ...] = ()) -> Event:
    return Event(**{name: _shared(row[name]) for name in FIELDS}, sources=sources)


def _shared(value):
    """Short texts (ids, types, outlets, statuses) as one shared string object: 100,000 events name a few
    hundred places and outlets, and the database driver makes a new string for every cell."""
    return sys.intern(value) if value.__class__ is str and len(value) <= _SHARED_MAX else value


_SHARED_MAX = 64


def source_rows(event: Event) -> list[dict]:
    """The event's further sources as event_sources rows, in order."""
    return [{"event_id": event.id, "position": position, **{name: getattr(source, name) for name in SOURCE_FIELDS}}
            for position, source in enumerate(event.sources, start=1)]


def row_source(row: Mapping) -> EventSource:
    return EventSource(**{name: row[name] for name in SOURCE_FIELDS})


def place_row(place: Place) -> dict:
    row = {}
    for f in dataclasses.fields(Place):
        value = getattr(place, f.name)
        row[f.name] = LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value
    return row


def row_place(row: Mapping) -> Place:
    data = {f.name: row[f.name] for f in dataclasses.fields(Place)}
    for name in ("variants_en", "variants_ar"):
        data[name] = tuple(v for v in (data[name] or "").split(LIST_SEPARATOR) if v)
    return Place(**data)


def diff(old: Event | None, new: Event) -> dict:
    before = old.to_record() if old is not None else {}
    after = new.to_record()
    changes = {}
    for name in FIELDS:
        was, now = before.get(name), after[name]
        if old is None and now in ("", None, False):
            continue
        if was != now:
            changes[name] = {"old": was, "new": now}
    was_sources = [source.to_record() for source in old.sources] if old is not None else []
    now_sources = [source.to_record() for source in new.sources]
    if was_sources != now_sources:
        changes["sources"] = {"old": was_sources, "new": now_sources}
    return changes


def stored_event(row: Mapping, sources: tuple[EventSource, ...] = ()) -> StoredEvent:
    return StoredEvent(event=row_event(row, sources), version=row["version"],
                       created_by=row["created_by"], created_at=as_utc(row["created_at"]),
                       updated_by=row["updated_by"], updated_at=as_utc(row["updated_at"]))
