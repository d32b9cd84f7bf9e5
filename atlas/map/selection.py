"""What a click on the map picked. Every tooltip carries a hidden selection key (``⟦route:...⟧``,
``⟦place:...⟧``, ``⟦events@...⟧``): streamlit-folium returns a clicked layer's tooltip text, and
:func:`parse_selection` / :func:`events_for_selection` turn it back into events for the details panel."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from atlas.map.groups import split_events
from events.schema import Event

_KEY = re.compile(r"⟦(?P<kind>route|place|events)[:@](?P<key>[^⟧]+)⟧")


@dataclass(frozen=True)
class Selection:
    """What a click on the map picked: a route group, a place, or the point events at a place."""

    kind: str   # "route" | "place" | "events"
    key: str

    @property
    def token(self) -> str:
        return f"⟦{self.kind}{'@' if self.kind == 'events' else ':'}{self.key}⟧"


def parse_selection(text: str | None) -> Selection | None:
    """The selection hidden in a clicked tooltip's text (None if there is none)."""
    match = _KEY.search(text or "")
    return Selection(match["kind"], match["key"]) if match else None


def selection_title(selection: Selection | None, places) -> str:
    """Plain-text name of what was clicked (for the details heading)."""
    if selection is None:
        return ""
    if selection.kind == "route":
        ids = selection.key.split(">")[:-1]
        outcome = selection.key.rsplit(">", 1)[-1]
        names = [p.name_en if (p := places.get(pid)) is not None else pid for pid in ids]
        return f"Route {' → '.join(names)} ({outcome.replace('_', ' ')})"
    place = places.get(selection.key)
    name = place.label() if place is not None else selection.key
    return f"Events at {name}" if selection.kind == "events" else f"Place {name}"


def events_for_selection(selection: Selection | None, events: Iterable[Event], gazetteer) -> list[Event]:
    """The events behind a clicked map feature (an empty list when nothing matches any more)."""
    if selection is None:
        return []
    if selection.kind == "route":
        groups, _, _ = split_events(events, gazetteer)
        return next((list(g.events) for g in groups if g.key == selection.key), [])
    if selection.kind == "place":
        return [e for e in events if selection.key in e.place_ids]
    if selection.kind == "events":
        _, points, _ = split_events(events, gazetteer)
        return points.get(selection.key, [])
    return []
