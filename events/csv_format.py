"""The flat CSV form of an event, shared by the CSV export and the import: its columns and the formula guard.

A cell that begins with ``= + - @`` (or tab / carriage return) would run as a formula in
Excel or LibreOffice; it gets a leading apostrophe. A cell that already begins with an
apostrophe gets one too, so :func:`restore_cell` can undo the change exactly and an
export -> import round trip loses nothing.
"""
from __future__ import annotations

from events.schema import FIELDS, SOURCES_FIELD

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
SOURCES_COLUMN = SOURCES_FIELD                      # the further sources as a JSON list (events.sources)
DERIVED_COLUMNS = ("precision", "uncertainty_m", "corroboration")   # recomputed on export; ignored on import
COLUMNS = (*FIELDS, SOURCES_COLUMN, *DERIVED_COLUMNS)
COMMENT = "#"
"""A line before the header that starts with this is a note for people (the drafts stamp), skipped on import."""


_GUARDED_FIRST = frozenset(FORMULA_STARTS + (GUARD,))


def neutralise_cell(value) -> str:
    """The text written to the file for one value (None -> empty)."""
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    if text[:1] in _GUARDED_FIRST:
        return GUARD + text
    return text


def restore_cell(text: str) -> str:
    """Inverse of :func:`neutralise_cell` for text read back from one of our files."""
    if len(text) > 1 and text[0] == GUARD and text[1:].startswith(FORMULA_STARTS + (GUARD,)):
        return text[1:]
    return text
