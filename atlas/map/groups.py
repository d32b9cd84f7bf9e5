"""Events that share a drawn line: a journey's line (``events.geo.event_geometry``, the one definition of
what an event looks like on a map) and an outcome make one route group, drawn as one line whose width
follows the people moved. The page then grows with the number of distinct routes and places, not events."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

from events.geo import EventGeometry, event_geometry
from events.schema import Event
from geodata.place import Place


# -- geometry of events -------------------------------------------------------------------
# What each event looks like is events.geo.event_geometry (one definition for the map and every export):
# a journey's line, and points apart from it. Here events sharing a line and an outcome become one group.
def route_key(line_ids: Sequence[str], outcome: str) -> str:
    return ">".join((*line_ids, outcome))


@dataclass(frozen=True)
class RouteGroup:
    """Events that travelled the same drawn line with the same outcome."""

    key: str
    places: tuple[Place, ...]
    outcome: str
    events: tuple[Event, ...]

    @property
    def approximate(self) -> bool:
        return any(p.is_approximate for p in self.places)

    @cached_property
    def people(self) -> tuple[int, int | None] | None:
        counted = [e for e in self.events if e.count_min is not None]
        if not counted:
            return None
        high = None if any(e.count_max is None for e in counted) else sum(e.count_max for e in counted)
        return sum(e.count_min for e in counted), high


def split_events(events: Iterable[Event], gazetteer) -> tuple[list[RouteGroup], dict[str, list[Event]], list[Event]]:
    """(route groups, events drawn at each point place by id, events with no mappable place).

    A journey's event is in its route group, and also at its location when that lies apart from the line.
    """
    routes: dict[tuple[str, ...], list] = {}
    points: dict[str, list[Event]] = defaultdict(list)
    unmapped = []
    known: dict[tuple[str, ...], EventGeometry] = {}     # many events share their places: work them out once
    for event in events:
        ids = (event.origin, event.via, event.destination, event.location)
        geometry = known.get(ids)
        if geometry is None:
            geometry = known[ids] = event_geometry(event, gazetteer)
        if geometry.line:
            line_ids = tuple(p.id for p in geometry.line)
            routes.setdefault((*line_ids, event.outcome), [geometry.line, []])[1].append(event)
        for place in geometry.points:
            points[place.id].append(event)
        if not geometry.places:
            unmapped.append(event)
    groups = [RouteGroup(route_key(key[:-1], key[-1]), line, key[-1], tuple(evs))
              for key, (line, evs) in routes.items()]
    return groups, dict(points), unmapped
