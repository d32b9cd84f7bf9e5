"""Every cache key of the dashboard, in one place: so a rerun that changes nothing recomputes nothing,
and a change of data or of a setting that shapes the result never gets a stale answer.

A key is made of the *data version* (the store's revision and the curated files' stamp, the places'
fingerprint, the events shown) and the *settings* that change the result (online tiles, where assets are
served). Every ``st.cache_resource`` of the panels takes its key from a function here, never a tuple
built on the spot. Hashing 10k frozen events costs about 11 ms; an :class:`EventList` does it at most
once, and a list derived from another one (a filter's selection) takes its key from where it came from.
"""
from __future__ import annotations

from typing import Hashable, Iterable

from events.schema import Event
from events.table import EventTable


class EventList(tuple):
    """An immutable sequence of events with a ``key`` for caches.

    ``key`` is the same for every rerun that has the same events, and differs (barring a hash
    collision) when they differ: by default the hash of the contents, computed on first use;
    ``derived_from`` instead names how the list was made from another one, e.g.
    ``(catalog.key, event_filter)`` for a filter's selection, which costs nothing to hash. The same
    events derived in two ways then have two keys (a cache miss, never a wrong hit).
    """

    def __new__(cls, events: Iterable[Event] = (), *, derived_from: Hashable | None = None,
                table: EventTable | None = None):
        made = super().__new__(cls, events)
        if derived_from is not None:
            made._key = hash(("derived", derived_from))
        made.table = table
        return made

    @classmethod
    def of_table(cls, table: EventTable, derived_from: Hashable) -> "EventList":
        """The events of ``table``, which :meth:`filtered` then selects with column masks."""
        return cls(table.events(), derived_from=derived_from, table=table)

    def filtered(self, event_filter) -> "EventList":
        """The events ``event_filter`` keeps (``EventFilter.apply``), keyed by this list and the filter;
        decided on the columns when the list came from a table (the same events, see events/table.py), and
        then with ``table``: the kept rows as columns, for code that reads columns rather than events."""
        if self.table is None:
            return EventList(event_filter.apply(self), derived_from=(self.key, event_filter))
        picked = self.table.take(self.table.mask(event_filter))    # the kept rows' codes; events shared
        return EventList(picked.events(), derived_from=(self.key, event_filter), table=picked)

    def columns(self) -> EventTable:
        """The events as columns: the table they were picked with, else one made from them (once)."""
        if self.table is None:
            self.table = EventTable.from_events(self)
        return self.table

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


# -- the keys of the dashboard's caches ----------------------------------------------------------------------
def catalog_key(store_url: str, store_revision: tuple, curated_stamp: tuple) -> tuple:
    """Curated + team events as read: changes with every write to the store and every edit of the files."""
    return ("catalog", store_url, store_revision, curated_stamp)


def stored_key(store_url: str, store_revision: tuple) -> tuple:
    """The team events with their bookkeeping (review panel)."""
    return ("stored", store_url, store_revision)


def data_key(events: EventList, places) -> tuple:
    """What is derived from some events and the places they name (filter options, totals, feature reuse)."""
    return ("data", events.key, places_key(places))


def map_key(selection: Hashable, events: EventList, places, view: str, drawing: tuple) -> tuple:
    """A built and rendered map: the selection (filter), its events and places, the view, and the settings
    that change the drawing (online tiles, the static assets' URL)."""
    return ("map", selection, events.key, places_key(places), view, drawing)


def table_key(events: EventList, places) -> tuple:
    """The event table of a selection."""
    return ("table", events.key, places_key(places))


def timeline_key(events: EventList, window) -> tuple:
    """The timeline chart of a selection, with the shaded window."""
    return ("timeline", events.key, window)


def periods_key(events: EventList, places, unit: str, grouping: str, measure: str) -> tuple:
    """The totals-per-period chart of a selection (atlas.ui.period_panel)."""
    return ("periods", *data_key(events, places), unit, grouping, measure)
