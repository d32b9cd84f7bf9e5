"""Cheap cache keys for what the dashboard draws, so a rerun that changes nothing recomputes nothing.

Every panel keys its ``st.cache_resource`` on the events it shows. Hashing 10k frozen events costs
about 11 ms; an :class:`EventList` does it at most once, and a list derived from another one (a
filter's selection) takes its key from where it came from instead.
"""
from __future__ import annotations

from typing import Hashable, Iterable

from events.schema import Event


class EventList(tuple):
    """An immutable sequence of events with a ``key`` for caches.

    ``key`` is the same for every rerun that has the same events, and differs (barring a hash
    collision) when they differ: by default the hash of the contents, computed on first use;
    ``derived_from`` instead names how the list was made from another one, e.g.
    ``(catalog.key, event_filter)`` for a filter's selection, which costs nothing to hash. The same
    events derived in two ways then have two keys (a cache miss, never a wrong hit).
    """

    def __new__(cls, events: Iterable[Event] = (), *, derived_from: Hashable | None = None):
        made = super().__new__(cls, events)
        if derived_from is not None:
            made._key = hash(("derived", derived_from))
        return made

    @property
    def key(self) -> int:
        try:
            return self._key
        except AttributeError:
            self._key = hash(tuple(self))
            return self._key

    @classmethod
    def of(cls, events: Iterable[Event]) -> "EventList":
        """``events`` itself when it already is an EventList (keeping its key), else a new one."""
        return events if isinstance(events, cls) else cls(events)


def places_key(places) -> int:
    """Changes whenever the places change: a :class:`~atlas.catalog.CombinedPlaces` (gazetteer plus the
    team's places) or a bare gazetteer."""
    gazetteer = getattr(places, "gazetteer", places)
    team_places = getattr(places, "team_places", None) or {}
    return hash((getattr(gazetteer, "fingerprint", None), tuple(sorted(team_places.items()))))
