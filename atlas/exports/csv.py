"""CSV for spreadsheets: UTF-8 with a BOM (so Excel reads Arabic), formulas neutralised (the columns and the
formula guard are ``events.csv_format``'s, shared with the import)."""
from __future__ import annotations

import csv
import io

from events.csv_format import COLUMNS, COMMENT, neutralise_cell


def event_rows(briefing) -> list[dict]:
    """One row an event: its record, its further sources (JSON), precision and corroboration."""
    from events.geo import event_properties, event_geometry

    return [event_properties(event, event_geometry(event, briefing.gazetteer)) for event in briefing.events]


def render(briefing) -> bytes:
    buffer = io.StringIO(newline="")
    if briefing.draft_stamp:   # a note line before the header: spreadsheets show it, import skips it
        buffer.write(f"{COMMENT} Checkpoint Atlas export, {briefing.draft_stamp}: rows with status 'draft' have "
                     "not been checked by an editor\r\n")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([neutralise_cell(row.get(name)) for name in COLUMNS] for row in event_rows(briefing))
    return buffer.getvalue().encode("utf-8-sig")
