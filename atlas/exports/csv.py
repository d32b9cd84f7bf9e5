"""CSV for spreadsheets: UTF-8 with a BOM (so Excel reads Arabic), formulas neutralised (the columns and the
formula guard are ``events.csv_format``'s, shared with the import)."""
from __future__ import annotations

import csv
import io

from events.csv_format import COLUMNS, neutralise_cell


def event_rows(briefing) -> list[dict]:
    from events.geo import event_precision

    rows = []
    for event in briefing.events:
        precision, uncertainty_m = event_precision(event, briefing.gazetteer)
        rows.append({**event.to_record(), "precision": precision, "uncertainty_m": uncertainty_m})
    return rows


def render(briefing) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in event_rows(briefing):
        writer.writerow({name: neutralise_cell(row.get(name)) for name in COLUMNS})
    return buffer.getvalue().encode("utf-8-sig")
