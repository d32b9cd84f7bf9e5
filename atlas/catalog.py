"""Curated and team events together, and the gazetteer together with team-added places.

The curated table (``events/data/events.csv``) is read-only; team events live in the store.
Team ids carry the ``team-`` prefix, so the two never collide; a collision is refused loudly.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from atlas.exc import CatalogError
from atlas.store import TEAM_ID_PREFIX
from events.schema import Event
from events.table import EventTable
from events.vocabulary import SHOWN_TEAM_STATUSES
from geodata.normalize import normalize_name
from geodata.place import Place

STRONG_MATCH = 97.0  # gazetteer scores at or above this are exact names (or with clitics), not fuzzy guesses


SOURCES = ("curated", "team", "both")
"""Which events an export or a view draws on: the reviewed curated table, the team's store, or both."""


def source_statuses(source: str, include_drafts: bool = True) -> tuple[str, ...]:
    """The event statuses a source holds (an ``EventFilter.statuses`` value), so the choice shows in
    the filter's words; ``include_drafts=False`` leaves out unverified team events."""
    _check_source(source)
    team = tuple(s for s in SHOWN_TEAM_STATUSES if include_drafts or s != "draft")
    return {"curated": ("curated",), "team": team, "both": ("curated", *team)}[source]


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise CatalogError(f"source: {source!r} is not one of {', '.join(SOURCES)}")


def all_events(store, include_drafts: bool = True, *, include_retracted: bool = False,
               curated: Iterable[Event] | None = None, source: str = "both",
               team: Iterable[Event] | None = None) -> list[Event]:
    """Curated events (``events.curated.load_curated()`` unless given) followed by team events (read from
    ``store`` unless given: the dashboard hands over the events it already read for the review panel).

    ``source`` picks one side: "curated" never opens the store (``store`` may be None) and
    "team" never reads the curated table.
    """
    _check_source(source)
    if source == "team":
        curated = []
    elif curated is None:
        from events.curated import load_curated
        curated = load_curated()
    curated = list(curated)
    if source == "curated":
        return curated
    if team is None:
        team = store.list_events(include_drafts=include_drafts, include_retracted=include_retracted)
    team = list(team)
    _check_ids([e.id for e in curated], [e.id for e in team])
    return curated + team


def catalog_table(curated: Iterable[Event], team: EventTable) -> EventTable:
    """What :func:`all_events` gives, as one table: the curated events, then the team's (already read, e.g.
    the shown rows of ``atlas.store_table.read_table``)."""
    curated = EventTable.from_events(curated)
    _check_ids(curated.column("id"), team.column("id"))
    return EventTable.concat([curated, team])


def _check_ids(curated_ids, team_ids) -> None:
    curated_ids = set(curated_ids)
    clashes = sorted(curated_ids & set(team_ids) | {i for i in curated_ids if i.startswith(TEAM_ID_PREFIX)})
    if clashes:
        raise CatalogError(f"curated event id(s) {', '.join(clashes)} collide with the team namespace "
                           f"({TEAM_ID_PREFIX!r} prefix); rename them in the curated table")


class CombinedPlaces:
    """The gazetteer plus the team's hand-placed places: one ``get`` for ids, one ``search`` for names.

    Usable wherever a gazetteer is only asked ``get(id)`` (e.g. drawing team events on the map).
    """

    def __init__(self, gazetteer, team_places: Iterable[Place] = ()):
        self.gazetteer = gazetteer
        self.team_places = {p.id: p for p in team_places}
        self._keys: list[tuple[Place, tuple[str, ...]]] | None = None

    @classmethod
    def from_store(cls, store, gazetteer) -> "CombinedPlaces":
        return cls(gazetteer, store.list_places())

    def get(self, place_id: str) -> Place | None:
        found = self.gazetteer.get(place_id) if self.gazetteer is not None else None
        return found if found is not None else self.team_places.get(place_id)

    def __contains__(self, place_id) -> bool:
        return self.get(place_id) is not None

    def __iter__(self) -> Iterator[Place]:
        if self.gazetteer is not None:
            yield from self.gazetteer
        yield from (p for p in self.team_places.values() if self.gazetteer is None or p.id not in self.gazetteer)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def search(self, query: str, limit: int = 8) -> list[Place]:
        """Type-ahead suggestions, Arabic or Latin: exact names first, then names starting with what was
        typed, then the gazetteer's fuzzy guesses, then names containing it."""
        query = (query or "").strip()
        if not query:
            return []
        found: list[Place] = []
        exact = self.get(query)
        if exact is not None:
            found.append(exact)
        matches = self.gazetteer.search(query, limit=limit) if self.gazetteer is not None else []
        found.extend(m.place for m in matches if m.score >= STRONG_MATCH)
        key = normalize_name(query)
        keyed = self._name_keys() if key else []
        found.extend(p for p, keys in keyed if any(k.startswith(key) for k in keys))
        found.extend(m.place for m in matches)
        found.extend(p for p, keys in keyed if any(key in k for k in keys))
        unique: dict[str, Place] = {}
        for place in found:
            unique.setdefault(place.id, place)
        return list(unique.values())[:limit]

    def _name_keys(self) -> list[tuple[Place, tuple[str, ...]]]:
        if self._keys is None:
            self._keys = [(p, tuple(normalize_name(n) for n in (p.name_en, p.name_ar, *p.variants_en,
                                                                  *p.variants_ar) if n))
                          for p in self]
        return self._keys


def with_preview(events: Iterable[Event], places: CombinedPlaces, draft) -> tuple[list[Event], CombinedPlaces]:
    """Events and places with the entry form's unsaved preview added (a Draft, or None for no change)."""
    events = list(events)
    if draft is None:
        return events, places
    team = [*places.team_places.values(), *draft.new_places]
    return events + [draft.event], CombinedPlaces(places.gazetteer, team)
