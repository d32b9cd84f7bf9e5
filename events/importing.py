"""Import events from our own CSV or GeoJSON exports into the team store.

Three steps, so a bad file changes nothing:
1. :func:`read_records` decodes the whole file and checks its shape (encoding, CSV/JSON,
   columns); any problem there is an :class:`ImportFormatError` and nothing is added.
2. :func:`validate_records` runs every row through the same checks as the entry form
   (``Event.from_record`` and place ids that the gazetteer knows) and keeps each
   rejected row with its reason (row number + field).
3. :func:`import_file` adds the valid rows to the store and reports the rest.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from atlas.exc import AtlasError
from events.exc import EventsError, EventValidationError
from events.exports.csv import COLUMNS, DERIVED_COLUMNS, restore_cell
from events.schema import FIELDS, Event

REQUIRED_COLUMNS = ("id", "event_type", "outlet", "quote_ar", "summary_en")
PLACE_FIELDS = ("origin", "via", "destination", "location")
FORMATS = ("csv", "geojson")


class ImportFormatError(EventsError, ValueError):
    """The file as a whole cannot be read as one of our exports; nothing was imported."""


@dataclass(frozen=True)
class Rejection:
    """One row left out, and why. ``row`` is the spreadsheet row (header = 1) or the feature number."""

    row: int
    field: str
    message: str
    event_id: str = ""
    unit: str = "row"

    def __str__(self) -> str:
        who = f" (event {self.event_id})" if self.event_id else ""
        return f"{self.unit} {self.row}{who}: field '{self.field}': {self.message}"


@dataclass(frozen=True)
class ImportReport:
    added: tuple[Event, ...]
    rejected: tuple[Rejection, ...]

    def summary(self) -> str:
        lines = [f"{len(self.added)} event(s) added, {len(self.rejected)} row(s) rejected"]
        lines += [f"  - {rejection}" for rejection in self.rejected]
        return "\n".join(lines)


@dataclass(frozen=True)
class RawRecord:
    """One row as read, before validation; ``problem`` says why it cannot even be read as a record."""

    row: int
    record: dict
    unit: str = "row"
    problem: str = ""


# -- 1. shape of the file ---------------------------------------------------------

def detect_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".geojson", ".json"):
        return "geojson"
    return "geojson" if text.lstrip().startswith("{") else "csv"


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{name}: not UTF-8 text (bad byte at offset {exc.start}); "
                                "save the file as UTF-8 (Excel: 'CSV UTF-8')") from None
    if "\x00" in text:
        raise ImportFormatError(f"{name}: contains NUL bytes; this is not a text export")
    if not text.strip():
        raise ImportFormatError(f"{name}: the file is empty")
    return text


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


def _csv_records(text: str, name: str) -> list[RawRecord]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFormatError(f"{name}: not a readable CSV file ({exc})") from None
    header = [restore_cell(cell).strip() for cell in rows[0]]
    _check_columns(header, name)
    records = []
    for index, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank line (e.g. at the end of a hand-edited file)
        if len(cells) != len(header):
            records.append(RawRecord(index, {}, problem=f"has {len(cells)} cells, the header has {len(header)}"))
            continue
        records.append(RawRecord(index, {col: restore_cell(cell) for col, cell in zip(header, cells)}))
    return records


def _geojson_records(text: str, name: str) -> list[RawRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise ImportFormatError(f"{name}: not a GeoJSON FeatureCollection (expected "
                                "{\"type\": \"FeatureCollection\", \"features\": [...]})")
    records, columns = [], set()
    for index, feature in enumerate(data["features"], start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            records.append(RawRecord(index, {}, "feature", problem="is not a GeoJSON feature with properties"))
            continue
        columns.update(properties)
        records.append(RawRecord(index, dict(properties), "feature"))
    if records:
        _check_columns(sorted(columns), name)
    return records


def read_records(data: bytes, name: str = "file", fmt: str | None = None) -> list[RawRecord]:
    """Every row of a file as raw records. Raises ImportFormatError for a file that is not ours."""
    text = _decode(data, name)
    fmt = fmt or detect_format(name, text)
    if fmt not in FORMATS:
        raise ImportFormatError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    return _csv_records(text, name) if fmt == "csv" else _geojson_records(text, name)


# -- 2. the same checks as the entry form -------------------------------------------

def check_places(event: Event, places) -> None:
    """Every place id must be known (raises EventValidationError naming the field).

    ``places`` is anything with ``get(id) -> Place | None``: the gazetteer, or :class:`KnownPlaces`.
    """
    for name in PLACE_FIELDS:
        place_id = getattr(event, name)
        if place_id and places.get(place_id) is None:
            raise EventValidationError(name, f"{place_id!r} is not in the gazetteer; add the place first")


@dataclass(frozen=True)
class KnownPlaces:
    """The gazetteer plus the places the team added to the store (as the entry form sees them)."""

    gazetteer: object
    store: object = None

    def get(self, place_id: str):
        place = self.gazetteer.get(place_id)
        if place is None and self.store is not None:
            place = self.store.get_place(place_id)
        return place


def validate_records(raw: list[RawRecord], gazetteer, existing_ids=()) -> tuple[list, list[Rejection]]:
    """Valid (raw record, Event) pairs and the rejected rows. ``gazetteer`` needs only ``get(id)``."""
    events, rejected, seen = [], [], set(existing_ids)
    for item in raw:
        if item.problem:
            rejected.append(Rejection(item.row, "(row)", item.problem, unit=item.unit))
            continue
        record = {k: v for k, v in item.record.items() if k not in DERIVED_COLUMNS}
        event_id = str(record.get("id") or "")
        try:
            event = Event.from_record(record)
            check_places(event, gazetteer)
        except EventValidationError as exc:
            rejected.append(Rejection(item.row, exc.field, exc.message, event_id, item.unit))
            continue
        if event.status == "curated":
            rejected.append(Rejection(item.row, "status", "curated events live in the curated table "
                                      "(events/data/events.csv) and are not imported into the team store",
                                      event.id, item.unit))
            continue
        if event.id in seen:
            rejected.append(Rejection(item.row, "id", f"{event.id!r} already exists (in the store, the curated "
                                      "table or earlier in this file)", event.id, item.unit))
            continue
        seen.add(event.id)
        events.append((item, event))
    return events, rejected


# -- 3. into the store -------------------------------------------------------------------

def existing_event_ids(store) -> set[str]:
    """Ids already taken in the store, retracted events included (ids are never reused)."""
    return {e.id for e in store.list_events(include_drafts=True, include_retracted=True)}


def import_file(path, store, gazetteer, user: str, *, existing_ids=None) -> ImportReport:
    """Add every valid row of an export file to the store; report each rejected row with its reason.

    The store records ``user`` as the one who added each event (its ``added_by``).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"{path}: cannot be read ({exc.strerror})") from None
    return import_bytes(data, path.name, store, gazetteer, user, existing_ids=existing_ids)


def import_bytes(data: bytes, name: str, store, gazetteer, user: str, *, existing_ids=None) -> ImportReport:
    """:func:`import_file` for an upload held in memory; ``name`` (with its suffix) tells CSV from GeoJSON."""
    raw = read_records(data, name)
    ids = existing_event_ids(store) if existing_ids is None else set(existing_ids)
    valid, rejected = validate_records(raw, KnownPlaces(gazetteer, store), ids)
    added = []
    for item, event in valid:
        try:
            added.append(store.add_event(event, user))
        except (EventsError, AtlasError, ValueError) as exc:  # the store's own checks (id prefix, status, busy)
            field = getattr(exc, "field", "(store)")
            rejected.append(Rejection(item.row, field, getattr(exc, "message", str(exc)), event.id, item.unit))
    rejected.sort(key=lambda r: r.row)
    return ImportReport(tuple(added), tuple(rejected))
