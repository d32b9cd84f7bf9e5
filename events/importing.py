"""Import events from our own CSV or GeoJSON exports into the team store: all of a file, or nothing.

Two streaming passes over the file, so a 200 MB file needs little memory and a bad file changes nothing:

1. **Check.** The file's shape (size, encoding, CSV/JSON, columns, nesting) and then every row, with the
   entry form's checks (``Event.from_record``, the limits of :mod:`events.limits`, place ids the
   gazetteer or the team store knows, ids not taken) and the store's own (``store.check_new_event``:
   team id prefix, status, four eyes). Only the rejections and the ids seen are kept. A problem with
   the whole file is an :class:`ImportFormatError`; rejected rows are listed in the report, each with
   its line (CSV: the physical line where the row starts, header = 1, a multi-line quoted cell counted
   as the lines it spans) or feature number (GeoJSON, from 1), field and reason.
2. **Write.** Only when no row was rejected: the file is read again and its events go to
   ``store.add_events`` in ONE transaction (batched inserts); if anything fails there, nothing is written.

Limits (the largest file, the deepest JSON nesting) are arguments (:class:`ImportLimits`): this package
does not read the app's settings; the CLI and the dashboard pass ``ATLAS_IMPORT_MAX_BYTES`` and
``ATLAS_IMPORT_MAX_DEPTH``. GeoJSON is parsed by ijson's event stream, never into one big object, and
a file nested deeper than the limit is refused before the parser goes deeper.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from events.csv_format import DERIVED_COLUMNS, SOURCES_COLUMN
from events.exc import EventsError, EventValidationError
from events.import_files import ImportFormatError, ImportLimits, RawRecord, check_size, iter_records
from events.schema import Event
from events.sources import parse_sources
from events.vocabulary import PLACE_ROLES
from geodata.message import Message


@dataclass(frozen=True)
class Rejection:
    """One row refused, and why. ``row`` is the CSV line where the row starts (header = 1) or the
    GeoJSON feature number (from 1); ``unit`` says which."""

    row: int
    field: str
    message: str
    event_id: str = ""
    unit: str = "line"

    def __str__(self) -> str:
        who = f" (event {self.event_id})" if self.event_id else ""
        return f"{self.unit} {self.row}{who}: field '{self.field}': {self.message}"


@dataclass(frozen=True)
class ImportReport:
    """``added``: the ids written (empty whenever a row was rejected); ``rejected``: every refused row."""

    added: tuple[str, ...]
    rejected: tuple[Rejection, ...]

    def summary(self) -> str:
        if self.rejected:
            lines = [f"nothing was imported: {len(self.rejected)} row(s) rejected (a file is imported whole "
                     "or not at all: fix these rows and import it again)"]
        else:
            lines = [f"{len(self.added)} event(s) added"]
        lines += [f"  - {rejection}" for rejection in self.rejected]
        return "\n".join(lines)


# -- 1. shape of the file ---------------------------------------------------------


# -- 2. the same checks as the entry form -------------------------------------------

def check_places(event: Event, places) -> None:
    """Every place id must be known (raises EventValidationError naming the field).

    ``places`` is anything with ``get(id) -> Place | None``: the gazetteer, or :class:`KnownPlaces`.
    """
    for name in PLACE_ROLES:
        place_id = getattr(event, name)
        if place_id and places.get(place_id) is None:
            raise EventValidationError(name, Message("{place!r} is not in the gazetteer; add the place first",
                                                     place=place_id))


class KnownPlaces:
    """The gazetteer plus the places the team added to the store (as the entry form sees them);
    each id is looked up in the store once per import."""

    def __init__(self, gazetteer, store=None):
        self.gazetteer = gazetteer
        self.store = store
        self._seen: dict[str, object] = {}

    def get(self, place_id: str):
        place = self.gazetteer.get(place_id)
        if place is None and self.store is not None:
            if place_id not in self._seen:
                self._seen[place_id] = self.store.get_place(place_id)
            place = self._seen[place_id]
        return place


def _row_check(places, taken: set[str], store=None, user: str = "",
               allow_self_review: bool | None = None) -> Callable[[RawRecord], Event | Rejection]:
    """One row -> its Event, or the Rejection saying why not. Adds accepted ids to ``taken``."""
    def check(item: RawRecord) -> Event | Rejection:
        if item.problem:
            return Rejection(item.row, "(row)", item.problem, unit=item.unit)
        record = {k: v for k, v in item.record.items() if k not in DERIVED_COLUMNS}
        sources = record.pop(SOURCES_COLUMN, None)
        event_id = str(record.get("id") or "")[:80]
        try:
            event = Event.from_record(record).replace(sources=parse_sources(sources, SOURCES_COLUMN))
            check_places(event, places)
        except EventValidationError as exc:
            return Rejection(item.row, exc.field, exc.message, event_id, item.unit)
        if event.status == "curated":
            return Rejection(item.row, "status", Message("curated events live in the curated table "
                                                         "(events/data/events.csv) and are not imported into the team "
                                                         "store"), event.id, item.unit)
        if event.id in taken:
            return Rejection(item.row, "id", Message("{id!r} already exists (in the store, the curated table or "
                                                     "earlier in this file)", id=event.id), event.id, item.unit)
        if store is not None and hasattr(store, "check_new_event"):
            try:
                store.check_new_event(event, user, allow_self_review=allow_self_review)
            except (EventsError, ValueError, PermissionError) as exc:   # the store's refusals, field named
                return Rejection(item.row, getattr(exc, "field", "(store)"), getattr(exc, "message", str(exc)),
                                 event.id, item.unit)
        taken.add(event.id)
        return event
    return check


def validate_records(raw: Iterable[RawRecord], gazetteer, existing_ids=()) -> tuple[list, list[Rejection]]:
    """Valid (raw record, Event) pairs and the rejected rows. ``gazetteer`` needs only ``get(id)``."""
    check = _row_check(gazetteer, set(existing_ids))
    events, rejected = [], []
    for item in raw:
        outcome = check(item)
        (rejected.append(outcome) if isinstance(outcome, Rejection) else events.append((item, outcome)))
    return events, rejected


# -- 3. into the store -------------------------------------------------------------------

def existing_event_ids(store) -> set[str]:
    """Ids already taken in the store, retracted events included (ids are never reused)."""
    if hasattr(store, "event_ids"):
        return set(store.event_ids())
    return {e.id for e in store.list_events(include_drafts=True, include_retracted=True)}


class _Source:
    """A file that can be read from the start more than once (a path, or a seekable stream)."""

    def __init__(self, name: str, path: Path | None = None, stream: BinaryIO | None = None):
        self.name, self.path, self.stream = name, path, stream

    def size(self) -> int:
        if self.path is not None:
            return self.path.stat().st_size
        position = self.stream.seek(0, os.SEEK_END)
        self.stream.seek(0)
        return position

    def records(self, fmt: str | None, limits: ImportLimits) -> Iterator[RawRecord]:
        if self.path is not None:
            with self.path.open("rb") as handle:
                yield from iter_records(handle, self.name, fmt, limits)
        else:
            self.stream.seek(0)
            yield from iter_records(self.stream, self.name, fmt, limits)


class _ValidEvents:
    """The file's events, read again from the start each time it is iterated (second pass; the
    store's busy retry may walk it twice). A row that no longer passes means the file changed."""

    def __init__(self, source: _Source, fmt, limits, places):
        self.source, self.fmt, self.limits, self.places = source, fmt, limits, places

    def __iter__(self) -> Iterator[Event]:
        check = _row_check(self.places, set())
        for item in self.source.records(self.fmt, self.limits):
            outcome = check(item)
            if isinstance(outcome, Rejection):
                raise ImportFormatError(Message("{name}: the file changed while it was imported ({problem}); nothing "
                                                "was imported", name=self.source.name, problem=str(outcome)))
            yield outcome


def _import(source: _Source, store, gazetteer, user: str, *, fmt=None, existing_ids=None,
            limits: ImportLimits = ImportLimits(), allow_self_review: bool | None = None) -> ImportReport:
    check_size(source.size(), source.name, limits)
    taken = existing_event_ids(store) if existing_ids is None else set(existing_ids)
    places = KnownPlaces(gazetteer, store)
    check = _row_check(places, taken, store, user, allow_self_review)
    rejected, accepted = [], []
    for item in source.records(fmt, limits):                       # pass 1: check, keep ids and rejections
        outcome = check(item)
        if isinstance(outcome, Rejection):
            rejected.append(outcome)
        else:
            accepted.append(outcome.id)
    if rejected or not accepted:
        return ImportReport((), tuple(rejected))
    store.add_events(_ValidEvents(source, fmt, limits, places), user,   # pass 2: one transaction
                     allow_self_review=allow_self_review)
    return ImportReport(tuple(accepted), ())


def import_file(path, store, gazetteer, user: str, *, existing_ids=None, limits: ImportLimits = ImportLimits(),
                allow_self_review: bool | None = None) -> ImportReport:
    """Add every event of an export file to the store, or none: any rejected row is reported
    (with its line/feature, field and reason) and nothing is written.

    The store records ``user`` as the one who added each event (its ``added_by``). Store errors
    (busy, an id taken meanwhile) propagate from ``store.add_events``; nothing is written then either.
    """
    path = Path(path)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise ImportFormatError(Message("{path}: cannot be read ({problem})", path=str(path),
                                        problem=exc.strerror or "")) from None
    return _import(_Source(path.name, path=path), store, gazetteer, user, existing_ids=existing_ids, limits=limits,
                   allow_self_review=allow_self_review)


def import_stream(stream: BinaryIO, name: str, store, gazetteer, user: str, *, existing_ids=None,
                  limits: ImportLimits = ImportLimits(), allow_self_review: bool | None = None) -> ImportReport:
    """:func:`import_file` for a seekable binary stream (an upload); ``name`` (with its suffix) tells
    CSV from GeoJSON. The stream is read twice and left open."""
    return _import(_Source(name, stream=stream), store, gazetteer, user, existing_ids=existing_ids,
                   limits=limits, allow_self_review=allow_self_review)


def import_bytes(data: bytes, name: str, store, gazetteer, user: str, **options) -> ImportReport:
    """:func:`import_stream` for bytes held in memory."""
    return import_stream(io.BytesIO(data), name, store, gazetteer, user, **options)
