"""How unreviewed drafts look on the map: hollow and dashed, labelled "draft" in their tooltips.

A small hook for :mod:`atlas.map.layers`: a line or dot whose events are all drafts is restyled; one that
mixes drafts with reviewed events keeps the reviewed look and says how many drafts it holds.
"""
from __future__ import annotations

from collections.abc import Sequence

from events.schema import Event

DRAFT_ROUTE_DASH = "2 8"            # distinct from the "10 7" of a route through an approximate point
DRAFT_POINT_DASH = "3 3"


def drafts_in(events: Sequence[Event]) -> int:
    return sum(1 for e in events if e.status == "draft")


def draft_note(events: Sequence[Event]) -> str:
    """A tooltip line naming the drafts, or ''."""
    drafts = drafts_in(events)
    if not drafts:
        return ""
    return "DRAFT: unreviewed" if drafts == len(events) else f"{drafts} of {len(events)} are unreviewed drafts"


def draft_route_style(events: Sequence[Event], style: dict) -> dict:
    """A route line of drafts only: thin dotted dashes, fainter."""
    if events and drafts_in(events) == len(events):
        return {**style, "dashArray": DRAFT_ROUTE_DASH, "opacity": 0.6}
    return style


def all_drafts(events: Sequence[Event]) -> bool:
    """True for a marker of drafts only: drawn hollow, its outline dashed (``atlas.map.style.marker_svg``)."""
    return bool(events) and drafts_in(events) == len(events)
