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

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

import ijson

from events.exc import EventsError, EventValidationError
from events.csv_format import COLUMNS, DERIVED_COLUMNS, restore_cell
from events.schema import FIELDS, Event
from events.vocabulary import PLACE_ROLES

REQUIRED_COLUMNS = ("id", "event_type", "outlet", "quote_ar", "summary_en")
FORMATS = ("csv", "geojson")
BOM = b"\xef\xbb\xbf"

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_DEPTH = 32     # our GeoJSON exports nest 6 levels (collection, features, feature, geometry, ...)


class ImportFormatError(EventsError, ValueError):
    """The file as a whole cannot be read as one of our exports; nothing was imported."""


@dataclass(frozen=True)
class ImportLimits:
    """How large a file and how deep a JSON nesting import accepts, and the settings that say so
    (named in the error, so the user knows what to change)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    bytes_setting: str = "ATLAS_IMPORT_MAX_BYTES"
    depth_setting: str = "ATLAS_IMPORT_MAX_DEPTH"


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


@dataclass(frozen=True)
class RawRecord:
    """One row as read, before validation; ``problem`` says why it cannot even be read as a record."""

    row: int
    record: dict
    unit: str = "line"
    problem: str = ""


# -- 1. shape of the file ---------------------------------------------------------

def detect_format(name: str, head: bytes | str) -> str:
    """csv or geojson, from the file name's suffix, else from its first character."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".geojson", ".json"):
        return "geojson"
    if isinstance(head, bytes):
        head = head.removeprefix(BOM).decode("utf-8", "replace")
    return "geojson" if head.lstrip().startswith("{") else "csv"


def _check_columns(columns, name: str) -> None:
    columns = list(columns)
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    unknown = [c for c in columns if c not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    problems = []
    if doubled:
        problems.append(f"repeated column(s): {', '.join(doubled)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(map(repr, unknown[:8]))}")
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if problems:
        raise ImportFormatError(f"{name}: wrong columns for an event export ({'; '.join(problems)}); "
                                f"expected the columns of an Atlas export: {', '.join(FIELDS)}")


_UNDECODABLE = re.compile("[\udc80-\udcff]")   # bytes that are not UTF-8, as surrogateescape keeps them


def _text_lines(text: io.TextIOBase, name: str) -> Iterator[str]:
    """The file's physical lines, with a clear error naming the first line that is not UTF-8."""
    number = 0
    for number, line in enumerate(iter(text.readline, ""), start=1):
        if _UNDECODABLE.search(line):
            raise ImportFormatError(f"{name}: not UTF-8 text (a bad byte on line {number}); save the file "
                                    "as UTF-8 (Excel: 'CSV UTF-8')")
        yield line


def _csv_records(binary: BinaryIO, name: str) -> Iterator[RawRecord]:
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        reader = csv.reader(_text_lines(text, name))
        header, start = None, 1
        while header is None:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                raise ImportFormatError(f"{name}: the file is empty") from None
            except csv.Error as exc:
                raise ImportFormatError(f"{name}: line {start}: not a readable CSV file ({exc})") from None
            if any(cell.strip() for cell in cells):
                header = [restore_cell(cell).strip() for cell in cells]
        if any("\x00" in cell for cell in header):     # UTF-16 or a binary file that happens to decode
            raise ImportFormatError(f"{name}: the header contains NUL bytes; this is not a text export")
        _check_columns(header, name)
        while True:
            start = reader.line_num + 1    # the physical line where the next row starts
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:       # e.g. a cell longer than any field holds (an unclosed quote)
                raise ImportFormatError(f"{name}: line {start}: not a readable CSV row ({exc}); no field of "
                                        "an event holds that much: is a quote (\") left open?") from None
            if not any(cell.strip() for cell in cells):
                continue  # blank line (e.g. at the end of a hand-edited file)
            if len(cells) != len(header):
                yield RawRecord(start, {}, problem=f"has {len(cells)} cells, the header has {len(header)}")
                continue
            yield RawRecord(start, {col: restore_cell(cell) for col, cell in zip(header, cells)})
    finally:
        text.detach()   # hand the binary stream back unclosed: the second pass reads it again


class _CountingReader:
    """A binary stream as ijson reads it: counts the bytes (for error positions)."""

    def __init__(self, binary: BinaryIO):
        self.binary = binary
        self.offset = 0
        head = binary.read(len(BOM))
        self._pending = b"" if head == BOM else head

    def read(self, size: int = -1) -> bytes:
        if size == 0:          # ijson asks for 0 bytes to learn whether the stream gives bytes or text
            return b""
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        data = self.binary.read(size)
        self.offset += len(data)
        return data


_OPENING = {"start_map": "end_map", "start_array": "end_array"}


def _json_events(reader: _CountingReader, name: str, limits: ImportLimits) -> Iterator[tuple[str, object]]:
    """ijson's flat event stream, refused as soon as it nests deeper than ``limits.max_depth``."""
    depth = 0
    parser = ijson.basic_parse(reader, use_float=True)
    while True:
        try:
            event, value = next(parser)
        except StopIteration:
            return
        except ijson.JSONError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
            what = "not UTF-8 text" if "UTF8" in first else "not valid JSON"
            raise ImportFormatError(f"{name}: {what} (near byte {reader.offset:,}: {first})") from None
        if event in _OPENING:
            depth += 1
            if depth > limits.max_depth:
                raise ImportFormatError(
                    f"{name}: JSON nested deeper than {limits.max_depth} levels (near byte {reader.offset:,}); "
                    f"an Atlas GeoJSON export nests 6. Refused (setting {limits.depth_setting}).")
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield event, value


def _value(first: tuple[str, object], events: Iterator[tuple[str, object]]):
    """The whole JSON value that starts with ``first`` (built without recursion)."""
    event, value = first
    if event not in _OPENING:
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        depth += 1 if event in _OPENING else -1 if event in ("end_map", "end_array") else 0
        if depth == 0:
            return builder.value
    return builder.value


def _not_collection(name: str) -> ImportFormatError:
    return ImportFormatError(f"{name}: not a GeoJSON FeatureCollection (expected "
                             "{\"type\": \"FeatureCollection\", \"features\": [...]})")


def _geojson_records(binary: BinaryIO, name: str, limits: ImportLimits) -> Iterator[RawRecord]:
    reader = _CountingReader(binary)
    events = _json_events(reader, name, limits)
    first = next(events, None)
    if first is None:
        raise ImportFormatError(f"{name}: the file is empty")
    if first[0] != "start_map":
        raise _not_collection(name)
    kind, had_features, columns = None, False, set()
    for event, key in events:
        if event == "end_map":
            break
        # event is a map_key of the top-level object
        following = next(events)
        if key == "type":
            kind = _value(following, events)
        elif key == "features":
            if following[0] != "start_array":
                raise _not_collection(name)
            had_features = True
            index = 0
            for item in events:
                if item[0] == "end_array":
                    break
                index += 1
                feature = _value(item, events)
                properties = feature.get("properties") if isinstance(feature, dict) else None
                if not isinstance(properties, dict):
                    yield RawRecord(index, {}, "feature", problem="is not a GeoJSON feature with properties")
                    continue
                unknown = set(properties) - set(COLUMNS)
                if unknown:
                    _check_columns(sorted(properties), name)
                columns.update(properties)
                yield RawRecord(index, properties, "feature")
        else:
            _value(following, events)     # bbox, crs, name, ...: read past, still depth-checked
    if kind != "FeatureCollection" or not had_features:
        raise _not_collection(name)
    if columns:
        _check_columns(sorted(columns), name)
    for _ in events:                        # the parser checks that nothing follows the object
        pass


def iter_records(binary: BinaryIO, name: str = "file", fmt: str | None = None,
                 limits: ImportLimits = ImportLimits()) -> Iterator[RawRecord]:
    """Every row of an export read from ``binary`` (from its start), one at a time. Raises
    ImportFormatError, while iterating, for a file that is not ours."""
    head = binary.read(64)
    binary.seek(0)
    fmt = fmt or detect_format(name, head)
    if fmt not in FORMATS:
        raise ImportFormatError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return _csv_records(binary, name)
    return _geojson_records(binary, name, limits)


def read_records(data: bytes, name: str = "file", fmt: str | None = None,
                 limits: ImportLimits = ImportLimits()) -> list[RawRecord]:
    """Every row of a file held in memory (small files, tests). Raises ImportFormatError."""
    _check_size(len(data), name, limits)
    return list(iter_records(io.BytesIO(data), name, fmt, limits))


def _check_size(size: int, name: str, limits: ImportLimits) -> None:
    if size > limits.max_bytes:
        raise ImportFormatError(
            f"{name}: the file has {size:,} bytes, more than the import limit of {limits.max_bytes:,} bytes "
            f"(setting {limits.bytes_setting}); split it into smaller files or raise the setting")


# -- 2. the same checks as the entry form -------------------------------------------

def check_places(event: Event, places) -> None:
    """Every place id must be known (raises EventValidationError naming the field).

    ``places`` is anything with ``get(id) -> Place | None``: the gazetteer, or :class:`KnownPlaces`.
    """
    for name in PLACE_ROLES:
        place_id = getattr(event, name)
        if place_id and places.get(place_id) is None:
            raise EventValidationError(name, f"{place_id!r} is not in the gazetteer; add the place first")


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
        event_id = str(record.get("id") or "")[:80]
        try:
            event = Event.from_record(record)
            check_places(event, places)
        except EventValidationError as exc:
            return Rejection(item.row, exc.field, exc.message, event_id, item.unit)
        if event.status == "curated":
            return Rejection(item.row, "status", "curated events live in the curated table "
                             "(events/data/events.csv) and are not imported into the team store", event.id, item.unit)
        if event.id in taken:
            return Rejection(item.row, "id", f"{event.id!r} already exists (in the store, the curated "
                             "table or earlier in this file)", event.id, item.unit)
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
                raise ImportFormatError(f"{self.source.name}: the file changed while it was imported ({outcome}); "
                                        "nothing was imported")
            yield outcome


def _import(source: _Source, store, gazetteer, user: str, *, fmt=None, existing_ids=None,
            limits: ImportLimits = ImportLimits(), allow_self_review: bool | None = None) -> ImportReport:
    _check_size(source.size(), source.name, limits)
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
        raise ImportFormatError(f"{path}: cannot be read ({exc.strerror})") from None
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
