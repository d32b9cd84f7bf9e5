"""Which events an analyst is looking at, and what they add up to.

``EventFilter`` is a frozen value (hashable, so the dashboard can cache a built map on it);
an empty selection means "no restriction". Undated events never silently vanish from a
date-filtered view: ``include_undated`` decides, and the dashboard lists them apart.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from events.exc import EventsError
from events.schema import Event, parse_date
from events.sources import corroboration
from events.vocabulary import EVENT_TYPES, OUTCOMES, PLACE_ROLES, STATUSES, VISIBLE_STATUSES
from geodata.plaintext import isolate, uncarriable

# The status sets the dashboard's source choice and draft toggle produce, said the way an analyst would.
STATUS_WORDS = {
    frozenset({"curated", "verified"}): "draft (unverified) team events hidden",
    frozenset({"curated"}): "curated table only",
    frozenset({"draft", "verified"}): "team events only",
    frozenset({"verified"}): "team events only, drafts hidden",
}


class FilterValueError(EventsError, ValueError):
    """A filter value is not acceptable; ``field`` names it."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(f"filter field '{field_name}': {message}")


def _as_tuple(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(dict.fromkeys(str(v) for v in value))


def _check_members(field_name: str, values: tuple[str, ...], allowed: tuple[str, ...]):
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise FilterValueError(field_name, f"{', '.join(map(repr, unknown))} not one of {', '.join(allowed)}")


@dataclass(frozen=True)
class EventFilter:
    """A selection of events. Empty tuples / None mean "any"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_types: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()                 # gazetteer ids; an event matches if any role holds one
    place_roles: tuple[str, ...] = PLACE_ROLES   # which roles ``places`` looks at
    outlets: tuple[str, ...] = ()
    person: str = ""                             # case-insensitive substring of one of the names
    disputed: bool | None = None
    include_undated: bool = True
    statuses: tuple[str, ...] = field(default=VISIBLE_STATUSES)
    min_outlets: int = 0                         # at least this many independent outlets (events.sources)

    def __post_init__(self):
        for name in ("date_from", "date_to"):
            object.__setattr__(self, name, _parse_filter_date(getattr(self, name), name))
        for name in ("event_types", "outcomes", "places", "place_roles", "outlets", "statuses"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        object.__setattr__(self, "person", (self.person or "").strip())
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise FilterValueError("date_to", f"{self.date_to} is before date_from {self.date_from}")
        _check_members("event_types", self.event_types, EVENT_TYPES)
        _check_members("outcomes", self.outcomes, OUTCOMES)
        _check_members("place_roles", self.place_roles, PLACE_ROLES)
        _check_members("statuses", self.statuses, STATUSES)
        if not self.place_roles:
            raise FilterValueError("place_roles", "give at least one role (origin, via, destination, location)")
        for name, values in (("person", (self.person,)), ("outlets", self.outlets), ("places", self.places)):
            for value in values:
                problem = uncarriable(value)
                if problem:
                    raise FilterValueError(name, problem)
        if self.disputed not in (None, True, False):
            raise FilterValueError("disputed", f"{self.disputed!r} is not yes, no or any")
        if isinstance(self.min_outlets, bool) or not isinstance(self.min_outlets, int) or not 0 <= self.min_outlets <= 100:
            raise FilterValueError("min_outlets", f"{self.min_outlets!r} is not a whole number of outlets from 0 to 100")

    # -- matching ---------------------------------------------------------
    def matches(self, event: Event) -> bool:
        if self.statuses and event.status not in self.statuses:
            return False
        if self.event_types and event.event_type not in self.event_types:
            return False
        if self.outcomes and event.outcome not in self.outcomes:
            return False
        if self.outlets and event.outlet not in self.outlets:
            return False
        if self.disputed is not None and event.disputed != self.disputed:
            return False
        if self.places and not any(getattr(event, role) in self.places for role in self.place_roles):
            return False
        if self.person and not any(self.person.casefold() in name.casefold() for name in event.names):
            return False
        if self.min_outlets > 1 and corroboration(event) < self.min_outlets:
            return False
        return self._matches_dates(event)

    def _matches_dates(self, event: Event) -> bool:
        if not event.is_dated:
            return self.include_undated
        # Windows overlap: an event "in the first half of December" is kept by a filter on 10-20 December.
        if self.date_from and event.date_end < self.date_from:
            return False
        if self.date_to and event.date_start > self.date_to:
            return False
        return True

    def apply(self, events: Iterable[Event]) -> list[Event]:
        """The matching events, in their original order."""
        return [e for e in events if self.matches(e)]

    def describe(self) -> str:
        """The filter in plain words, for snapshot captions and the dashboard header."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"dates {self.date_from or 'any'} to {self.date_to or 'any'}"
                         + ("" if self.include_undated else ", undated events hidden"))
        elif not self.include_undated:
            parts.append("undated events hidden")
        for label, values in (("types", self.event_types), ("outcomes", self.outcomes),
                              ("outlets", self.outlets)):
            if values:
                parts.append(f"{label}: {', '.join(map(_quoted, values)) if label == 'outlets' else ', '.join(values)}")
        if self.places:
            roles = "" if set(self.place_roles) == set(PLACE_ROLES) else f" (as {'/'.join(self.place_roles)})"
            parts.append(f"places: {', '.join(self.places)}{roles}")
        if self.person:
            parts.append(f"names containing {_quoted(self.person)}")
        if self.disputed is not None:
            parts.append("disputed only" if self.disputed else "undisputed only")
        if self.min_outlets > 1:
            parts.append(f"at least {self.min_outlets} independent outlets")
        statuses = frozenset(self.statuses)
        if statuses in STATUS_WORDS:
            parts.append(STATUS_WORDS[statuses])
        elif statuses != set(VISIBLE_STATUSES):
            parts.append(f"statuses: {', '.join(self.statuses) or 'any'}")
        return "All events" if not parts else "Events with " + "; ".join(parts)


def _quoted(text: str) -> str:
    """User text inside the description, quoted and isolated: direction controls or Arabic in it
    cannot reorder the words around it."""
    return f"“{isolate(text)}”"


def _parse_filter_date(value, field_name: str) -> dt.date | None:
    try:
        return parse_date(value, field_name)
    except ValueError as error:
        raise FilterValueError(field_name, str(getattr(error, "message", error))) from None


def date_span(events: Iterable[Event]) -> tuple[dt.date, dt.date] | None:
    """Earliest start and latest end of the dated events (None when nothing is dated)."""
    dated = [e for e in events if e.is_dated]
    if not dated:
        return None
    return min(e.date_start for e in dated), max(e.date_end for e in dated)


class Total(NamedTuple):
    """People moved and events at one place. People are a range because reports give ranges."""

    place_id: str
    events: int
    people_min: int
    people_max: int | None   # None when a report gives only a floor ("at least 40")
    uncounted: int           # events at this place that give no figure

    def people_text(self) -> str:
        """The people figure in words: a range, a floor, or that no report gave one (never a made-up 0)."""
        if self.uncounted == self.events:
            return "no figure given"
        if self.people_max is None:
            return f"at least {self.people_min}"
        if self.people_max == self.people_min:
            return str(self.people_min)
        return f"{self.people_min}–{self.people_max}"


def totals(events: Iterable[Event], role: str) -> list[Total]:
    """Per-place totals for one role (``via`` = per checkpoint, ``destination`` = per destination).

    Sorted by events then people, largest first; events without that role are skipped.
    """
    if role not in PLACE_ROLES:
        raise FilterValueError("role", f"{role!r} is not one of {', '.join(PLACE_ROLES)}")
    sums: dict[str, list[int]] = {}
    for event in events:
        place_id = getattr(event, role)
        if not place_id:
            continue
        row = sums.setdefault(place_id, [0, 0, 0, 0])
        row[0] += 1
        if event.count_min is None:
            row[3] += 1
        else:
            row[1] += event.count_min
            row[2] = None if (row[2] is None or event.count_max is None) else row[2] + event.count_max
    rows = [Total(pid, *values) for pid, values in sums.items()]
    return sorted(rows, key=lambda t: (-t.events, -t.people_min, t.place_id))
