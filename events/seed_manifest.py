"""The seeds manifest (``seeds/sources.csv``): each seed article's outlet, headline and publication date, with
the evidence for that date.

A publication date is an ISO date (``2017-12-31``) or, where only a range can be established, an ISO 8601
interval (``2017-12-14/2017-12-20``): both ends inclusive. ``published_evidence`` says where the date comes
from (the dateline in the text, the URL of the article's public copy, reports of the same events), and
``published_basis`` how the range was worked out. The curated table's date windows are derived from these
dates (docs/EVENTS.md, "Dates").
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from events.exc import EventTableError, EventValidationError

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
MANIFEST_CSV = SEEDS_DIR / "sources.csv"
COLUMNS = ("file", "outlet", "headline", "published", "published_evidence", "published_basis", "language", "notes")


def parse_period(text: str, field_name: str = "published") -> tuple[dt.date, dt.date] | None:
    """``2017-12-31`` -> (that day, that day); ``2017-12-14/2017-12-20`` -> both ends; empty -> None.
    Anything else, or an end before its start, is an EventValidationError naming ``field_name``."""
    text = (text or "").strip()
    if not text:
        return None
    parts = text.split("/")
    if len(parts) > 2:
        raise EventValidationError(field_name, f"{text!r} is not a date or a date/date range (YYYY-MM-DD)")
    try:
        start, end = (dt.date.fromisoformat(part.strip()) for part in (parts[0], parts[-1]))
    except ValueError:
        raise EventValidationError(field_name, f"{text!r} is not a date or a date/date range (YYYY-MM-DD)") from None
    if end < start:
        raise EventValidationError(field_name, f"{text!r}: the range ends before it starts")
    return start, end


def period_text(period: tuple[dt.date, dt.date] | None) -> str:
    """Inverse of :func:`parse_period`: one ISO date for a single day, ``start/end`` for a range."""
    if period is None:
        return ""
    start, end = period
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


@dataclass(frozen=True, slots=True)
class SeedReport:
    """One seed article as the manifest describes it."""

    file: str
    outlet: str
    headline: str
    published: tuple[dt.date, dt.date] | None
    published_evidence: str
    published_basis: str
    language: str
    notes: str

    @property
    def published_day(self) -> dt.date | None:
        """The publication date when it is known to the day, else None (a range)."""
        if self.published is None or self.published[0] != self.published[1]:
            return None
        return self.published[0]

    @property
    def published_text(self) -> str:
        return period_text(self.published)


def load_seed_manifest(path=None) -> dict[str, SeedReport]:
    """The manifest by file name. Raises EventTableError listing every bad row: a missing column, a
    publication date that does not parse, a date with no evidence."""
    path = Path(path) if path else MANIFEST_CSV
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise EventTableError(str(path), [EventValidationError("header", f"missing column(s) {', '.join(missing)}",
                                                                   row=1)])
        rows = list(reader)
    reports, errors = {}, []
    for row_number, row in enumerate(rows, start=2):
        values = {name: (row.get(name) or "").strip() for name in COLUMNS}
        try:
            published = parse_period(values["published"])
        except EventValidationError as error:
            errors.append(error.at(row=row_number, event_id=values["file"]))
            continue
        if published is not None and not values["published_evidence"]:
            errors.append(EventValidationError("published_evidence", "a publication date needs its evidence "
                                               "(the dateline, or the URL of the public copy)",
                                               row=row_number, event_id=values["file"]))
            continue
        if published is not None and published[0] != published[1] and not values["published_basis"]:
            errors.append(EventValidationError("published_basis", "a publication range says how it was worked out",
                                               row=row_number, event_id=values["file"]))
            continue
        reports[values["file"]] = SeedReport(values["file"], values["outlet"], values["headline"], published,
                                             values["published_evidence"], values["published_basis"],
                                             values["language"], values["notes"])
    if errors:
        raise EventTableError(str(path), errors)
    return reports
