"""CSV for spreadsheets: UTF-8 with a BOM (so Excel reads Arabic), formulas neutralised.

A cell that begins with ``= + - @`` (or tab / carriage return) would run as a formula in
Excel or LibreOffice; it gets a leading apostrophe. A cell that already begins with an
apostrophe gets one too, so :func:`restore_cell` can undo the change exactly and an
export -> import round trip loses nothing.
"""
from __future__ import annotations

import csv
import io

from events.schema import FIELDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
DERIVED_COLUMNS = ("precision", "uncertainty_m")   # recomputed from the gazetteer; ignored on import
COLUMNS = FIELDS + DERIVED_COLUMNS


def neutralise_cell(value) -> str:
    """The text written to the file for one value (None -> empty)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS + (GUARD,)):
        return GUARD + text
    return text


def restore_cell(text: str) -> str:
    """Inverse of :func:`neutralise_cell` for text read back from one of our files."""
    if len(text) > 1 and text[0] == GUARD and text[1:].startswith(FORMULA_STARTS + (GUARD,)):
        return text[1:]
    return text


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
