"""The Event value type: one movement-related event, validated on construction.

Modelled on ACLED / UCDP GED (one row an event, a date window with its precision,
a location with its precision, the source and the sentence it rests on), extended
for movements: origin -> via (checkpoint) -> destination.

Lists are tuples here; in CSV they are joined with LIST_SEPARATOR.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
from dataclasses import dataclass, field

from events import limits
from events.values import LIST_SEPARATOR, parse_bool, parse_date, parse_list, parse_number
from events.values import reject as _err

from events.vocabulary import CONFIDENCES, COUNT_UNITS, DATE_PRECISIONS, EVENT_TYPES, OUTCOMES, PLACE_ROLES, STATUSES

EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
PLACE_ID = re.compile(r"^(geonames:\d+|local:[a-z0-9][a-z0-9-]*)$")
URL = re.compile(r"^https?://\S+$")

# The longest window a given precision may span (days). "unknown" allows none. A "window" wider than two
# years says nothing a briefing can use: such an event stays undated, with the reason in date_basis.
MAX_WINDOW_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366, "window": 731}


# Fields whose value must come from a fixed list (checked in this order).
_VOCABULARIES = (("event_type", EVENT_TYPES), ("outcome", OUTCOMES), ("date_precision", DATE_PRECISIONS),
                 ("confidence", CONFIDENCES), ("count_unit", COUNT_UNITS), ("status", STATUSES))


@dataclass(frozen=True, slots=True)
class Event:
    """One event. Places are gazetteer ids; dates are a window with a precision."""

    id: str
    event_type: str
    seed: str                         # seed file name (curated) or "" for team events with a URL
    outlet: str                       # the outlet that published the report
    quote_ar: str                     # the Arabic sentence(s) the event rests on, verbatim
    summary_en: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = "unknown"
    date_relative: str = ""           # the relative expression in the text ("فجر الخميس"), if any
    date_basis: str = ""              # how the window was derived, in words
    origin: str = ""
    via: str = ""
    destination: str = ""
    location: str = ""
    outcome: str = "unknown"
    count_min: int | None = None
    count_max: int | None = None
    count_unit: str = ""
    names: tuple[str, ...] = field(default=())
    paid_usd_min: float | None = None
    paid_usd_max: float | None = None
    actors: tuple[str, ...] = field(default=())
    cited_outlet: str = ""            # the outlet the report cites (e.g. Rabie Thawra)
    url: str = ""
    confidence: str = "medium"
    disputed: bool = False
    related: tuple[str, ...] = field(default=())   # ids of linked / conflicting events
    dispute_note: str = ""
    status: str = "curated"
    added_by: str = ""
    notes: str = ""
    # Further reports of the event (events.sources.EventSource); the fields above are its first source.
    # Not a flat field: CSV, the store and exports keep them apart (event_sources.csv, a table, a list).
    sources: tuple = field(default=())

    def __post_init__(self):
        # Accept ISO strings, numbers as text and lists from callers; store dates, numbers and tuples.
        # Every value is checked against events.limits first, so no database ever sees a value
        # that one backend would take and another refuse.
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value is None:
                value = ""
                object.__setattr__(self, name, value)
            if not isinstance(value, str):
                _err(name, f"{value!r} is not text")
            problem = limits.text_problem(name, value)
            if problem:
                _err(name, problem)
        for name in ("date_start", "date_end"):
            object.__setattr__(self, name, parse_date(getattr(self, name), name))
        for name in ("names", "actors", "related"):
            object.__setattr__(self, name, parse_list(getattr(self, name)))
            problem = limits.list_problem(name, getattr(self, name))
            if problem:
                _err(name, problem)
        for name in ("count_min", "count_max"):
            object.__setattr__(self, name, parse_number(getattr(self, name), name, integer=True))
        for name in ("paid_usd_min", "paid_usd_max"):
            object.__setattr__(self, name, parse_number(getattr(self, name), name))
        if not isinstance(self.disputed, bool):
            object.__setattr__(self, "disputed", parse_bool(self.disputed, "disputed"))
        if not EVENT_ID.match(self.id or ""):
            _err("id", f"{self.id!r} is not a valid id (letters, digits, _ . : -; at most 64)")
        for name, vocabulary in _VOCABULARIES:
            if getattr(self, name) not in vocabulary:
                _err(name, f"{getattr(self, name)!r} is not one of {', '.join(v for v in vocabulary if v)}")
        self._check_sources()
        self._check_dates()
        self._check_places()
        self._check_range("count", self.count_min, self.count_max)
        self._check_range("paid_usd", self.paid_usd_min, self.paid_usd_max)
        if self.count_unit == "" and self.count_min is not None:
            _err("count_unit", "a count needs a unit (people, fighters, families, ...)")
        for name in ("outlet", "quote_ar", "summary_en"):
            if not (getattr(self, name) or "").strip():
                _err(name, "is required")
        if not (self.seed or self.url):
            _err("seed", "every event cites its seed file or a source URL")
        if self.url and not URL.match(self.url):
            _err("url", f"{self.url!r} is not an http(s) URL")
        if self.disputed and not (self.dispute_note or self.related):
            _err("dispute_note", "a disputed event says why (dispute_note) or links the conflicting events (related)")

    def _check_sources(self):
        from events.sources import EventSource

        sources = self.sources
        if sources is None or isinstance(sources, (str, bytes)) or not hasattr(sources, "__iter__"):
            _err("sources", f"{sources!r} is not a list of sources")
        sources = tuple(sources)
        if len(sources) > limits.MAX_SOURCES:
            _err("sources", f"has {len(sources):,} sources; at most {limits.MAX_SOURCES:,} are accepted")
        for position, source in enumerate(sources, start=1):
            if not isinstance(source, EventSource):
                _err("sources", f"source {position} is a {type(source).__name__}, not an EventSource")
        object.__setattr__(self, "sources", sources)

    def _check_dates(self):
        start, end, precision = self.date_start, self.date_end, self.date_precision
        if precision == "unknown":
            if (start is None) != (end is None):
                _err("date_end", "give both ends of the window or neither")
        else:
            if start is None or end is None:
                _err("date_start", f"precision {precision!r} needs a start and an end date (use 'unknown' otherwise)")
        if start and end:
            if end < start:
                _err("date_end", f"end {end} is before start {start}")
            limit = MAX_WINDOW_DAYS.get(precision)
            if limit is not None and (end - start).days + 1 > limit:
                _err("date_precision", f"a {precision}-precision window spans at most {limit} day(s), "
                                        f"got {(end - start).days + 1}")

    def _check_places(self):
        for name in PLACE_ROLES:
            value = getattr(self, name)
            if value and not PLACE_ID.match(value):
                _err(name, f"{value!r} is not a gazetteer id (geonames:<n> or local:<slug>)")
        if not (self.origin or self.destination or self.location):
            _err("location", "an event needs a location, or an origin / destination")

    @staticmethod
    def _check_range(name: str, low, high):
        if low is not None and high is not None and low > high:
            _err(f"{name}_min", f"minimum {low} is greater than maximum {high}")
        # An open upper end ("at least 4,000 dollars") is allowed; a maximum needs its minimum.
        if low is None and high is not None:
            _err(f"{name}_min", "give the minimum too (equal to the maximum for an exact figure)")

    # -- conversions ------------------------------------------------------
    @property
    def is_route(self) -> bool:
        return bool(self.origin and self.destination)

    @property
    def is_dated(self) -> bool:
        return self.date_start is not None

    @property
    def place_ids(self) -> tuple[str, ...]:
        return tuple(p for p in (self.origin, self.via, self.destination, self.location) if p)

    def to_record(self) -> dict:
        """Flat dict of strings/numbers (CSV, SQL, GeoJSON properties). Lists joined with '|'.
        (Called once an event by every export: the fields are read in one attrgetter call.)"""
        return {name: _flat(value) for name, value in zip(FIELDS, _field_values(self))}

    @classmethod
    def from_record(cls, record: dict) -> "Event":
        """Inverse of :meth:`to_record`; accepts strings as read from CSV. Raises EventValidationError."""
        unknown = sorted(set(record) - set(FIELDS))
        if unknown:
            _err(unknown[0], f"unknown column(s): {', '.join(unknown)}")
        data = {k: ("" if v is None else v) for k, v in record.items()}
        def text(name, default=""):
            value = data.get(name, default)
            if isinstance(value, float) and value != value:  # pandas NaN
                return default
            return str(value).strip() if value is not None else default
        kwargs = {name: text(name) for name in (
            "id", "event_type", "seed", "outlet", "quote_ar", "summary_en", "date_relative", "date_basis",
            "origin", "via", "destination", "location", "count_unit", "cited_outlet", "url",
            "dispute_note", "added_by", "notes")}
        kwargs["quote_ar"] = str(data.get("quote_ar", "") or "")  # verbatim, no stripping inside
        kwargs["date_precision"] = text("date_precision", "unknown") or "unknown"
        kwargs["outcome"] = text("outcome", "unknown") or "unknown"
        kwargs["confidence"] = text("confidence", "medium") or "medium"
        kwargs["status"] = text("status", "curated") or "curated"
        kwargs["date_start"] = parse_date(_blank_nan(data.get("date_start")), "date_start")
        kwargs["date_end"] = parse_date(_blank_nan(data.get("date_end")), "date_end")
        kwargs["count_min"] = parse_number(_blank_nan(data.get("count_min")), "count_min", integer=True)
        kwargs["count_max"] = parse_number(_blank_nan(data.get("count_max")), "count_max", integer=True)
        kwargs["paid_usd_min"] = parse_number(_blank_nan(data.get("paid_usd_min")), "paid_usd_min")
        kwargs["paid_usd_max"] = parse_number(_blank_nan(data.get("paid_usd_max")), "paid_usd_max")
        kwargs["names"] = parse_list(_blank_nan(data.get("names")))
        kwargs["actors"] = parse_list(_blank_nan(data.get("actors")))
        kwargs["related"] = parse_list(_blank_nan(data.get("related")))
        kwargs["disputed"] = parse_bool(_blank_nan(data.get("disputed")), "disputed")
        return cls(**kwargs)

    def replace(self, **changes) -> "Event":
        return dataclasses.replace(self, **changes)


_TEXT_FIELDS = tuple(f.name for f in dataclasses.fields(Event) if f.type == "str")
SOURCES_FIELD = "sources"


def _blank_nan(value):
    if isinstance(value, float) and value != value:
        return ""
    return value


FIELDS = tuple(f.name for f in dataclasses.fields(Event) if f.name != SOURCES_FIELD)
"""The flat fields of an event: the columns of the curated table, the store and the CSV export
(``sources`` are kept apart: events/sources.py)."""
_field_values = operator.attrgetter(*FIELDS)


def _flat(value):
    """A field's value as a record holds it: lists joined with '|', dates as ISO text."""
    if value.__class__ is tuple:
        return LIST_SEPARATOR.join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
