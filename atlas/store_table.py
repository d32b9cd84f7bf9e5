"""The team store read in bulk: every team event in one query, as columns (:class:`events.table.EventTable`).

Reading 100,000 events back as one validated ``Event`` and one ``StoredEvent`` each took most of a cold start
and ~4 KB an event. Here the rows come in chunks (raw values: no per-cell date parsing), each chunk becomes
columns, each distinct value is checked once; a ``StoredEvent`` is made only for the event asked for
(:class:`StoredEvents`, the review panel's lookup).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import ItemsView
from typing import Iterator, Mapping

import numpy as np
import sqlalchemy as sa

from atlas.store_schema import StoredEvent, as_utc, team_events
from events.table import EVENT_FIELDS, EventTable
from geodata.plaintext import isolate

BOOKKEEPING = ("version", "created_by", "created_at", "updated_by", "updated_at")
"""The store's columns beside the event's: its version and who made and last changed it, when."""
CHUNK_ROWS = 5_000
"""Raw rows held at once while reading (the rest of memory holds only codes and distinct values): at 100,000 events
20,000 raised the peak by ~50 MB more, for no gain in speed."""


def read_table(store, chunk_rows: int = CHUNK_ROWS) -> EventTable:
    """Every team event (any status) with :data:`BOOKKEEPING`, oldest first (as ``list_stored`` orders them)."""
    names = [n for n in EVENT_FIELDS if n != "sources"] + list(BOOKKEEPING)
    query = sa.select(*(team_events.c[n] for n in names)).order_by(team_events.c.created_at, team_events.c.id)

    def work(conn) -> EventTable:
        sources = store._sources_of(conn)
        parts = []
        # The driver's own rows (values as it gives them, e.g. dates as text from SQLite): converted once per
        # distinct value below instead of once per cell.
        cursor = conn.execute(query).cursor
        while rows := cursor.fetchmany(chunk_rows):
            columns = dict(zip(names, (list(c) for c in zip(*rows))))
            columns["sources"] = [sources.get(i, ()) for i in columns["id"]]
            parts.append(EventTable.from_columns(columns, trusted=True))
        if not parts:
            return EventTable.from_columns({n: [] for n in (*names, "sources")})
        table = EventTable.concat(parts) if len(parts) > 1 else parts[0]
        for name in ("created_at", "updated_at"):
            table.values[name] = np.fromiter((_moment(v) for v in table.values[name]), dtype=object,
                                             count=len(table.values[name]))
        return table
    return store._read(work)


def _moment(value) -> dt.datetime | None:
    if value is None:
        return None
    return as_utc(value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value)))


class StoredEvents(Mapping[str, StoredEvent]):
    """Every team event with its version and authorship by id, read once (:func:`read_table`); the
    ``StoredEvent`` of an id is made when it is looked up. The lookup's index (the ids sorted, with their rows) is
    made on the first lookup: a dict of 100,000 ids held ~6.6 MB from the first run on, the index holds ~1.2 MB
    once the review panel asks."""

    def __init__(self, table: EventTable):
        self.table = table
        self._index: tuple[np.ndarray, np.ndarray] | None = None

    def row(self, event_id) -> int:
        """The table's row of ``event_id``; KeyError when no stored event has that id."""
        if self._index is None:
            ids = self.table.column("id")
            order = np.argsort(ids, kind="stable")
            self._index = ids[order], order.astype(np.int32)
        ids, rows = self._index
        at = int(np.searchsorted(ids, event_id)) if isinstance(event_id, str) else len(ids)
        if at == len(ids) or ids[at] != event_id:
            raise KeyError(event_id)
        return int(rows[at])

    def __getitem__(self, event_id: str) -> StoredEvent:
        row = self.row(event_id)
        value = {name: self.table.values[name][self.table.codes[name][row]] for name in BOOKKEEPING}
        return StoredEvent(event=self.table.event(row), **value)

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.column("id"))

    def __len__(self) -> int:
        return len(self.table)


class StoredLabels(Mapping[str, str]):
    """"id [status] summary…" of every stored event by id (the review panel's picker), each made when asked for:
    100,000 labels made at once held ~40 MB for a panel most visitors never open."""

    def __init__(self, stored: StoredEvents):
        self.stored = stored

    def __getitem__(self, event_id: str) -> str:
        return self.label(self.stored.row(event_id))

    def label(self, row: int) -> str:
        """The label of the table's ``row``."""
        table = self.stored.table
        event_id, status, summary = (table.values[name][table.codes[name][row]]
                                     for name in ("id", "status", "summary_en"))
        return f"{event_id} [{status}] {isolate(summary[:50])}"

    def items(self) -> ItemsView[str, str]:
        return _LabelsInRowOrder(self)

    def __iter__(self) -> Iterator[str]:
        return iter(self.stored)

    def __len__(self) -> int:
        return len(self.stored)


class _LabelsInRowOrder(ItemsView):
    """(id, label) row after row, with no look-up of an id (the picker's search reads them all)."""

    def __iter__(self):
        labels = self._mapping
        for row, event_id in enumerate(labels.stored.table.column("id")):
            yield event_id, labels.label(row)
