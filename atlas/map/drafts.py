"""How unreviewed drafts look on the map: hollow and dashed, labelled "draft" in their tooltips.

A small hook for :mod:`atlas.map.layers`: a line or dot whose events are all drafts is restyled; one that
mixes drafts with reviewed events keeps the reviewed look and says how many drafts it holds.
"""
from __future__ import annotations

from collections.abc import Sequence

from atlas.i18n import DEFAULT_LANGUAGE, translator
from events.schema import Event

DRAFT_ROUTE_DASH = "2 8"            # distinct from the "10 7" of a route through an approximate point
DRAFT_POINT_DASH = "3 3"


def drafts_in(events: Sequence[Event]) -> int:
    return sum(1 for e in events if e.status == "draft")


def draft_note(events: Sequence[Event], t=None) -> str:
    """A tooltip line naming the drafts, or ''; with ``t`` (an atlas.i18n.Translator) in its language."""
    drafts = drafts_in(events)
    if not drafts:
        return ""
    if t is None:
        t = translator(DEFAULT_LANGUAGE)
    if drafts == len(events):
        return t.gettext("DRAFT: unreviewed")
    return t.gettext("{drafts} of {total} are unreviewed drafts").format(drafts=t.digits(drafts),
                                                                          total=t.digits(len(events)))


def draft_route_style(events: Sequence[Event], style: dict) -> dict:
    """A route line of drafts only: thin dotted dashes, fainter."""
    if events and drafts_in(events) == len(events):
        return {**style, "dashArray": DRAFT_ROUTE_DASH, "opacity": 0.6}
    return style


def all_drafts(events: Sequence[Event]) -> bool:
    """True for a marker of drafts only: drawn hollow, its outline dashed (``atlas.map.style.marker_svg``)."""
    return bool(events) and drafts_in(events) == len(events)
