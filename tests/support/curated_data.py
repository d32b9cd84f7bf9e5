"""Helpers for the curated-table tests: tmp_path CSVs built from real rows.

Small gazetteers are copied row by row out of the shipped places.csv, so every coordinate a
test uses is a real, sourced one.
"""
from __future__ import annotations

import csv
from pathlib import Path

from events.curated import CURATED_CSV
from events.schema import FIELDS
from geodata.gazetteer import COLUMNS, DEFAULT_PATH

SMALL_PLACE_IDS = (
    "local:southern-damascus", "geonames:8419677", "local:barada-factory", "geonames:169387",
    "geonames:172082", "geonames:174036", "local:al-qadam",
)


def shipped_place_rows(ids) -> list[dict]:
    with Path(DEFAULT_PATH).open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    return [dict(rows[place_id]) for place_id in ids]


def write_places(path: Path, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_events_csv(path: Path, records) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for record in records:
            writer.writerow({name: record.get(name, "") for name in FIELDS})
    return path


def read_curated_records() -> list[dict]:
    with CURATED_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
