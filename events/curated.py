"""The curated event table (events/data/events.csv): load it and check it as a whole.

Each row must be a valid :class:`~events.schema.Event`; on top of that the table must hang
together: ids unique, ``related`` ids present, every place id in the gazetteer and every
quote verbatim in its seed file. The events' further sources are the second table beside it,
``event_sources.csv`` (one row a source, keyed by ``event_id``; events/sources.py), checked the same way.
All problems are collected so one run lists them all.
"""
from __future__ import annotations

import csv
from pathlib import Path

from events.exc import EventTableError, EventValidationError
from events.schema import FIELDS, Event
from events.sources import SOURCE_COLUMNS, EventSource
from events.vocabulary import PLACE_ROLES

DATA_DIR = Path(__file__).resolve().parent / "data"
CURATED_CSV = DATA_DIR / "events.csv"
SOURCES_NAME = "event_sources.csv"
"""The further sources of a table's events: this file beside the table (absent: none)."""
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

QUOTE_SEPARATOR = " … "
"""Joins non-adjacent passages of one seed inside ``quote_ar``; each passage is verbatim."""

FIRST_DATA_ROW = 2
"""Row numbers are spreadsheet rows: the header is row 1."""


def files_stamp(path=None, *, seeds_dir=SEEDS_DIR) -> tuple:
    """(name, mtime, size) of the table and the seed files it is checked against: changes when an
    analyst edits any of them, so a loaded table can be kept until then."""
    table = Path(path) if path else CURATED_CSV
    files = [table, sources_csv_for(table)]
    if seeds_dir is not None and Path(seeds_dir).is_dir():
        files += sorted(Path(seeds_dir).iterdir())
    stamp = []
    for file in files:
        try:
            info = file.stat()
        except OSError:
            stamp.append((str(file), None, None))
            continue
        stamp.append((str(file), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def sources_csv_for(table) -> Path:
    """Where the further sources of ``table`` are kept: event_sources.csv beside it."""
    return Path(table).with_name(SOURCES_NAME)


def read_sources(path, event_ids, seeds_dir=SEEDS_DIR) -> tuple[dict[str, tuple[EventSource, ...]],
                                                                 list[EventValidationError]]:
    """The further sources by event id, and one error per bad row (row numbers are spreadsheet rows of
    ``path``; the field is named ``event_sources.csv:<field>``). A missing file means no further sources."""
    path = Path(path)
    if not path.is_file():
        return {}, []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        unknown = [name for name in reader.fieldnames or [] if name not in SOURCE_COLUMNS]
        missing = [name for name in ("event_id", "outlet") if name not in (reader.fieldnames or [])]
        if unknown or missing:
            problem = "; ".join(part for part in (f"unknown column(s) {', '.join(unknown)}" if unknown else "",
                                                  f"missing column(s) {', '.join(missing)}" if missing else "") if part)
            return {}, [EventValidationError(f"{path.name}:header", problem, row=1)]
        rows = list(reader)
    found: dict[str, list[EventSource]] = {}
    errors, texts = [], {}
    for row_number, row in enumerate(rows, start=FIRST_DATA_ROW):
        event_id = (row.pop("event_id", "") or "").strip()
        where = {"row": row_number, "event_id": event_id}
        if None in row:
            errors.append(EventValidationError(f"{path.name}:row", "has more cells than the header", **where))
            continue
        if event_id not in event_ids:
            errors.append(EventValidationError(f"{path.name}:event_id", f"{event_id!r} is not an event id of the "
                                               "table", **where))
            continue
        try:
            source = EventSource.from_record(row)
        except EventValidationError as error:
            errors.append(EventValidationError(f"{path.name}:{error.field}", error.message, **where))
            continue
        if source.seed and seeds_dir is not None:
            if source.seed not in texts:
                seed_path = Path(seeds_dir) / source.seed
                texts[source.seed] = seed_path.read_text(encoding="utf-8") if seed_path.is_file() else None
            text = texts[source.seed]
            missing_passages = [p for p in quote_passages(source.quote) if text is None or p not in text]
            if text is None or missing_passages:
                errors.append(EventValidationError(f"{path.name}:quote", f"not verbatim in seed {source.seed}",
                                                   **where))
                continue
        found.setdefault(event_id, []).append(source)
    return {event_id: tuple(sources) for event_id, sources in found.items()}, errors


def quote_passages(quote: str) -> list[str]:
    """The verbatim passages a ``quote_ar`` is made of."""
    return [part for part in quote.split(QUOTE_SEPARATOR) if part.strip()]


def read_records(path) -> list[dict]:
    """Rows of a curated CSV as dicts of strings; a wrong header is an error naming the columns."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in ("id", "event_type", "seed", "outlet", "quote_ar", "summary_en")
                   if name not in header]
        unknown = [name for name in header if name not in FIELDS]
        if missing or unknown:
            problems = []
            if missing:
                problems.append(f"missing column(s) {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown column(s) {', '.join(unknown)}")
            raise EventTableError(str(path), [EventValidationError("header", "; ".join(problems), row=1)])
        return [dict(row) for row in reader]


def _parse(records) -> tuple[list[Event], dict[str, int], list[EventValidationError]]:
    """Valid events, their row numbers by id, and one error per bad row (or bad link)."""
    events, errors, rows_by_id = [], [], {}
    ids_in_table = {str(record.get("id") or "").strip() for record in records}
    for row_number, record in enumerate(records, start=FIRST_DATA_ROW):
        event_id = str(record.get("id") or "").strip()
        if None in record:  # csv puts surplus cells under the key None
            errors.append(EventValidationError("row", "has more cells than the header", row=row_number,
                                               event_id=event_id))
            continue
        try:
            event = Event.from_record(record)
        except EventValidationError as error:
            errors.append(error.at(row=row_number, event_id=event_id))
            continue
        if event.id in rows_by_id:
            errors.append(EventValidationError("id", f"duplicate of row {rows_by_id[event.id]}",
                                               row=row_number, event_id=event.id))
            continue
        rows_by_id[event.id] = row_number
        events.append(event)
        for other in event.related:
            if other not in ids_in_table:
                errors.append(EventValidationError("related", f"{other!r} is not an event id in this table",
                                                   row=row_number, event_id=event.id))
    return events, rows_by_id, errors


def parse_records(records, source: str = "events") -> list[Event]:
    """Events from dict records; raises EventTableError listing every bad row (row number + field)."""
    events, _, errors = _parse(records)
    if errors:
        raise EventTableError(source, errors)
    return events


def place_errors(events, gazetteer, rows=None) -> list[EventValidationError]:
    """One error per place id the gazetteer does not know."""
    rows = rows or {}
    errors = []
    for event in events:
        for name in PLACE_ROLES:
            place_id = getattr(event, name)
            if place_id and gazetteer.get(place_id) is None:
                errors.append(EventValidationError(name, f"{place_id!r} is not in the gazetteer",
                                                   row=rows.get(event.id), event_id=event.id))
    return errors


def quote_errors(events, seeds_dir=SEEDS_DIR, rows=None) -> list[EventValidationError]:
    """One error per quote passage not found verbatim in its seed file (events with a seed only)."""
    rows = rows or {}
    seeds_dir = Path(seeds_dir)
    texts: dict[str, str | None] = {}
    errors = []
    for event in events:
        if not event.seed:
            continue
        if event.seed not in texts:
            seed_path = seeds_dir / event.seed
            texts[event.seed] = seed_path.read_text(encoding="utf-8") if seed_path.is_file() else None
        text = texts[event.seed]
        row = rows.get(event.id)
        if text is None:
            errors.append(EventValidationError("seed", f"no seed file {event.seed!r} in {seeds_dir}",
                                               row=row, event_id=event.id))
            continue
        for passage in quote_passages(event.quote_ar):
            if passage not in text:
                errors.append(EventValidationError("quote_ar", f"passage not verbatim in {event.seed}: "
                                                               f"{passage[:40]!r}...", row=row, event_id=event.id))
    return errors


def load_curated(path=None, gazetteer=None, *, seeds_dir=SEEDS_DIR) -> list[Event]:
    """The curated events with their further sources, fully checked. Raises EventTableError naming each bad
    row and field (a row of event_sources.csv: the field is named ``event_sources.csv:<field>``).

    ``gazetteer`` defaults to :func:`geodata.gazetteer.load_gazetteer`; ``seeds_dir=None`` skips
    the quote check (for tables whose seed files live elsewhere).
    """
    path = Path(path) if path else CURATED_CSV
    events, rows, errors = _parse(read_records(path))
    sources, source_errors = read_sources(sources_csv_for(path), set(rows), seeds_dir)
    errors += source_errors
    events = [event.replace(sources=sources[event.id]) if event.id in sources else event for event in events]
    if gazetteer is None:
        from geodata.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    errors += place_errors(events, gazetteer, rows)
    if seeds_dir is not None:
        errors += quote_errors(events, seeds_dir, rows)
    if errors:
        raise EventTableError(str(path), sorted(errors, key=lambda e: (e.field.startswith(SOURCES_NAME), e.row or 0,
                                                                      e.field)))
    return events
