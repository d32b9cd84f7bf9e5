"""The largest values an event may hold: one table, read by the schema, the form, the import and the store.

Why limits at all: SQLite and PostgreSQL disagree at the edges (a count of 1e30 fits SQLite's
64-bit/REAL column and overflows PostgreSQL's 32-bit integer; a place id of 81 characters fits
SQLite's untyped TEXT and breaks PostgreSQL's varchar(80); a NUL character is text to SQLite and an
error to PostgreSQL). Checking every value against this table in ``Event`` validation, before a
database sees it, makes both backends accept exactly the same events with the same message.

The values are generous for what analysts record and finite for what a database, a CSV cell and a
browser can hold:

* counts: at most 10,000,000 people (more than any movement recorded in Syria, whose whole population
  is about 23 million; well inside PostgreSQL's 32-bit integer, 2,147,483,647);
* money: at most 1,000,000,000 USD (the largest reported deals, such as whole-district evacuation
  agreements, are in the millions);
* text: a few hundred characters for names and labels, tens of thousands for quotes and notes
  (the longest curated quote has 326 characters, the longest note 474); ids and place ids exactly
  as long as their database columns (``String(64)`` / ``String(80)``);
* lists (names, actors, related ids): a number of items and a length per item, so the joined cell
  stays under :data:`MAX_CELL_CHARS` (Python's csv reader refuses cells longer than 131,072 characters).

This module imports nothing from ``atlas``; it is plain data and three small checks that return a
message (or None), so the form can collect every problem and the schema can raise the first.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from geodata.message import Message
from geodata.plaintext import uncarriable

MAX_COUNT = 10_000_000           # people, fighters, families...: see above
MAX_USD = 1_000_000_000          # paid_usd_min / paid_usd_max

# Text fields: the most characters each may hold.
TEXT_CHARS: dict[str, int] = {
    "id": 64,                    # team_events.id is String(64); EVENT_ID allows 64
    "seed": 120,                 # a file name under seeds/
    "outlet": 200,
    "cited_outlet": 200,
    "quote_ar": 20_000,          # the sentence(s) the event rests on, verbatim
    "summary_en": 5_000,
    "date_relative": 200,        # "فجر الخميس"
    "date_basis": 2_000,
    "origin": 80,                # place ids: team_events.origin ... and team_places.id are String(80)
    "via": 80,
    "destination": 80,
    "location": 80,
    "url": 2_048,                # what browsers and servers reliably accept
    "dispute_note": 5_000,
    "added_by": 320,             # an e-mail address (at most 254) or a typed name
    "notes": 20_000,
    # a further source of an event (events.sources.EventSource); outlet, cited_outlet, url, seed as above
    "quote": 20_000,             # the passage of that report the event rests on, verbatim
    "note": 5_000,
    "published": 21,             # 2017-12-14 or 2017-12-14/2017-12-20
}

MAX_SOURCES = 100                # further sources of one event (events.sources)

# The most marks the timeline draws one per event: above, it draws groups of events (atlas.timeline), binned
# so as to stay under this many marks where date windows allow. A browser redrawing 10,000 marks took ~0.5-2 s.
# 500, not 2,000 (until December 2026): on a chart about 1,000 px wide more single marks overlap rather than
# show more, and a filter change between a grouped and a single-event timeline builds the chart anew (a new
# spec); at 10,000 events an outcome change crossed that line each time (~150 ms of page work, docs/PERFORMANCE.md).
TIMELINE_MARKS = 500


@dataclass(frozen=True, slots=True)
class ListLimit:
    """A list field: at most ``items`` entries of at most ``chars`` characters each."""

    items: int
    chars: int

    @property
    def joined_chars(self) -> int:
        """The longest the list can be as one cell (entries joined with '|')."""
        return self.items * self.chars + self.items - 1


LIST_LIMITS: dict[str, ListLimit] = {
    "names": ListLimit(items=500, chars=200),
    "actors": ListLimit(items=100, chars=200),
    "related": ListLimit(items=100, chars=64),   # event ids
}

NUMBER_LIMITS: dict[str, float] = {
    "count_min": MAX_COUNT, "count_max": MAX_COUNT,
    "paid_usd_min": MAX_USD, "paid_usd_max": MAX_USD,
}
NUMBER_UNITS = {"count_min": "", "count_max": "", "paid_usd_min": " USD", "paid_usd_max": " USD"}

# Hand-placed (``local:``) places: the id is made from the English name, so the name is bounded too.
PLACE_ID_CHARS = 80
PLACE_NAME_CHARS = 200

# The longest cell an event can need in CSV (Python's csv reader stops at 131,072 by default).
MAX_CELL_CHARS = max([*TEXT_CHARS.values(), *(limit.joined_chars for limit in LIST_LIMITS.values())])

LIST_SEPARATOR = "|"             # as events.schema.LIST_SEPARATOR: an item may not contain it


def _figure(number) -> str:
    """10000001 -> '10,000,001'; 2.5 -> '2.5'; absurdly large numbers in scientific notation."""
    if number >= 1e15:
        return f"{Decimal(number):.3e}"
    if isinstance(number, int) or float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,}"


def _bad_characters(value: str) -> str | None:
    """Characters no database or export can carry as typed (NUL, other controls, broken Unicode)."""
    return uncarriable(value)


def text_problem(field: str, value: str) -> str | None:
    """Why ``value`` cannot be the text of ``field`` (too long, a control character, broken Unicode), or None."""
    limit = TEXT_CHARS.get(field)
    if limit is not None and len(value) > limit:
        return Message("is {length} characters long; at most {most} are accepted", length=f"{len(value):,}",
                       most=f"{limit:,}")
    return _bad_characters(value)


def list_problem(field: str, items) -> str | None:
    """Why ``items`` cannot be the list ``field`` (too many, one too long, one holding '|'), or None."""
    limit = LIST_LIMITS.get(field)
    items = tuple(items)
    if limit is not None and len(items) > limit.items:
        return Message("has {count} entries; at most {most} are accepted", count=f"{len(items):,}",
                       most=f"{limit.items:,}")
    for position, item in enumerate(items, start=1):
        if limit is not None and len(item) > limit.chars:
            return Message("entry {position} is {length} characters long; at most {most} are accepted",
                           position=position, length=f"{len(item):,}", most=f"{limit.chars:,}")
        if LIST_SEPARATOR in item:
            return Message("entry {position} contains {separator!r}, which separates entries: split it into two",
                           position=position, separator=LIST_SEPARATOR)
        bad = _bad_characters(item)
        if bad:
            return f"entry {position} {bad}"
    return None


def number_problem(field: str, value) -> str | None:
    """Why ``value`` is too large for ``field``, or None (negative and non-numbers are the schema's)."""
    limit = NUMBER_LIMITS.get(field)
    if limit is not None and value is not None and value > limit:
        unit = NUMBER_UNITS.get(field, "")
        value, most = f"{_figure(value)}{unit}", f"{_figure(limit)}{unit}"
        if field.startswith("paid_usd"):
            return Message("{value} is more than the largest amount accepted ({most})", value=value, most=most)
        return Message("{value} is more than the largest count accepted ({most})", value=value, most=most)
    return None


def describe(field: str) -> str:
    """The limit of one field in words, for help texts (empty when the field has none)."""
    if field in TEXT_CHARS:
        return Message("At most {count} characters.", count=f"{TEXT_CHARS[field]:,}")
    if field in LIST_LIMITS:
        limit = LIST_LIMITS[field]
        return Message("At most {count} entries of {chars} characters each.", count=f"{limit.items:,}",
                       chars=f"{limit.chars:,}")
    if field in NUMBER_LIMITS:
        most = f"{_figure(NUMBER_LIMITS[field])}{NUMBER_UNITS.get(field, '')}"
        if field.startswith("count"):
            return Message("A whole number, at most {most}.", most=most)
        return Message("At most {most}.", most=most)
    return ""


def max_chars(field: str) -> int | None:
    """The longest text a widget for ``field`` should take (a list as one line per entry), or None."""
    if field in TEXT_CHARS:
        return TEXT_CHARS[field]
    if field in LIST_LIMITS:
        return LIST_LIMITS[field].joined_chars
    return None


__all__ = ["MAX_COUNT", "MAX_USD", "TEXT_CHARS", "LIST_LIMITS", "NUMBER_LIMITS", "ListLimit", "PLACE_ID_CHARS",
           "PLACE_NAME_CHARS", "MAX_CELL_CHARS", "MAX_SOURCES", "TIMELINE_MARKS", "text_problem", "list_problem",
           "number_problem", "describe", "max_chars"]
