"""Possible duplicates of a new event, flagged before it is saved: the same places, an overlapping date window
and overlapping counts (retracted events and the event itself left out; undated matches undated only)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from events.schema import Event


def _window(event: Event) -> tuple[dt.date, dt.date] | None:
    return (event.date_start, event.date_end or event.date_start) if event.date_start else None


def _overlap(a, b) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def find_duplicates(event: Event, existing: Iterable[Event]) -> list[Event]:
    """Events that look like the same one: overlapping date window, same places, overlapping counts.

    Retracted events and the event itself are left out. Undated matches undated only.
    """
    matches = []
    window = _window(event)
    counts = (event.count_min, event.count_max if event.count_max is not None else event.count_min)
    for other in existing:
        if other.id == event.id or other.status == "retracted":
            continue
        other_window = _window(other)
        if (window is None) != (other_window is None):
            continue
        if window is not None and not _overlap(window, other_window):
            continue
        if set(other.place_ids) != set(event.place_ids):
            continue
        other_counts = (other.count_min, other.count_max if other.count_max is not None else other.count_min)
        if (counts[0] is None) != (other_counts[0] is None):
            continue
        if counts[0] is not None and not _overlap(
                (counts[0], counts[1] if counts[1] is not None else float("inf")),
                (other_counts[0], other_counts[1] if other_counts[1] is not None else float("inf"))):
            continue
        matches.append(other)
    return matches
