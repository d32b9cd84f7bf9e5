"""Many events at once, one column a field: the bulk form of :class:`events.schema.Event`.

Reading 100,000 stored events as one validated ``Event`` each took seconds and ~4 KB an event. Here every
column is a categorical (pandas' ``factorize``): one small integer code a row and each distinct value once,
so 100,000 events naming a few hundred places, outlets and dates hold each of those once. A filter
(:meth:`EventTable.mask`) is decided once per distinct value and spread to the rows through the codes, and
gives exactly what ``EventFilter.matches`` gives for the same events (tests/events/test_table.py).

``Event`` stays the one validated type. A table made from events (:meth:`EventTable.from_events`) holds values
they already checked; one made from rows the store wrote (:meth:`EventTable.from_columns` with
``trusted=True``) checks each *distinct* value the way ``Event`` checks that field (texts, ids, vocabularies,
dates, numbers, lists) but not the checks across fields, which every write made; a row whose value fails is
then built as an ``Event`` to raise its own error. Events are made only when asked for
(:meth:`EventTable.events`), without checking again, and kept, so every list drawn from a table shares them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from events import limits
from events.exc import EventValidationError
from events.filters import EventFilter
from events.schema import _TEXT_FIELDS, _VOCABULARIES, EVENT_ID, PLACE_ID, URL, Event
from events.sources import corroboration
from events.values import parse_bool, parse_date, parse_list, parse_number
from geodata.plaintext import uncarriable
from events.vocabulary import PLACE_ROLES

EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))
"""Every field of an event, ``sources`` last: the columns every table has."""
_NO_DATE = -1
_VOCABULARY = dict(_VOCABULARIES)


class EventTable:
    """Events as columns: ``codes[name]`` (one small integer a row) index ``values[name]`` (each distinct value once,
    as ``Event`` holds it). Columns beyond the event's fields (a store's version and authorship) ride along."""

    def __init__(self, codes: Mapping[str, np.ndarray], values: Mapping[str, np.ndarray]):
        self.codes = dict(codes)
        self.values = dict(values)
        missing = [name for name in EVENT_FIELDS if name not in self.codes]
        if missing:
            raise ValueError(f"an event table needs every field of an event; missing {', '.join(missing)}")
        self._length = len(self.codes["id"])
        self._events: np.ndarray | None = None     # Event objects, made on first use
        self._corroboration: np.ndarray | None = None

    # -- making tables ---------------------------------------------------------------------------------------------
    @classmethod
    def from_events(cls, events: Iterable[Event]) -> "EventTable":
        """The table of validated events (their values are used as they are)."""
        events = list(events)
        table = cls.from_columns({name: [getattr(e, name) for e in events] for name in EVENT_FIELDS})
        table._events = _object_array(events)
        return table

    @classmethod
    def from_columns(cls, columns: Mapping[str, Sequence], *, trusted: bool = False) -> "EventTable":
        """A table from equally long columns. ``trusted``: raw values as a database hands them back (dates as
        text, lists joined with '|', None for empty text), each distinct value checked and converted as
        ``Event`` would (see the module's docstring)."""
        codes, values = {}, {}
        for name, column in columns.items():
            codes[name], uniques = _factorize(column)
            if trusted and name in EVENT_FIELDS:
                uniques = _checked_values(name, uniques, codes[name], columns)
                codes[name], uniques = _merge_equal(codes[name], uniques)
            codes[name], values[name] = _narrow(codes[name], len(uniques)), _object_array(uniques)
        if "sources" not in codes and "id" in codes:
            codes["sources"], values["sources"] = np.zeros(len(codes["id"]), np.int8), _object_array([()])
        return cls(codes, values)

    @classmethod
    def concat(cls, tables: Sequence["EventTable"]) -> "EventTable":
        """The rows of ``tables`` one after the other (the columns every table has)."""
        names = [n for n in tables[0].codes if all(n in t.codes for t in tables)] if tables else list(EVENT_FIELDS)
        if not tables:
            return cls.from_columns({name: [] for name in names})
        codes, values = {}, {}
        for name in names:
            offsets = np.cumsum([0] + [len(t.values[name]) for t in tables])
            stacked = np.concatenate([t.codes[name].astype(np.int64) + offset for t, offset in zip(tables, offsets)])
            remap, uniques = _refactorize(np.concatenate([t.values[name] for t in tables]))
            codes[name], values[name] = _narrow(remap[stacked] if len(stacked) else stacked, len(uniques)), uniques
        joined = cls(codes, values)
        if all(t._events is not None for t in tables):
            joined._events = np.concatenate([t._events for t in tables]) if tables else _object_array([])
        return joined

    def take(self, rows) -> "EventTable":
        """The given rows (positions or a boolean mask), in that order: this table itself when that is every row in
        order (a filter that keeps everything: no copy of the codes or of the events; tables are never changed
        once made)."""
        rows = _rows(rows)
        if _every_row(rows, self._length):
            return self
        table = EventTable({n: c[rows] for n, c in self.codes.items()}, self.values)
        if self._events is not None:
            table._events = self._events[rows]
        return table

    # -- reading ---------------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._length

    def column(self, name: str) -> np.ndarray:
        """One value a row (objects shared with the other rows holding the same value)."""
        return self.values[name][self.codes[name]]

    def events(self, rows=None) -> list[Event]:
        """The events of ``rows`` (all when None), in order; made once and kept."""
        if self._events is None:
            self._events = self._make_events()
        return list(self._events if rows is None else self._events[_rows(rows)])

    def event(self, row: int) -> Event:
        """One event (made alone when the table's events were not made yet: a lookup makes no others)."""
        if self._events is not None:
            return self._events[row]
        return self._make_events(np.asarray([row]))[0]

    def _make_events(self, rows: np.ndarray | None = None) -> np.ndarray:
        # Values were checked when the events were made or the rows read; a slot is set without checking again.
        made = [object.__new__(Event) for _ in range(self._length if rows is None else len(rows))]
        for name in EVENT_FIELDS:
            setter = Event.__dict__[name].__set__
            column = self.column(name) if rows is None else self.values[name][self.codes[name][rows]]
            for _ in map(setter, made, column):
                pass
        return _object_array(made)

    def per_distinct(self, names: Sequence[str], function) -> tuple[np.ndarray, list]:
        """``function(event)`` for every row, as a column is held: (a code a row, the values). ``function`` runs once
        per distinct combination of the fields ``names`` among the rows (on the first row holding it), so it must
        read no other field: a timeline's date words for 100,000 events are worked out for a few hundred dates."""
        if not self._length:
            return np.zeros(0, np.intp), []
        key, size = np.zeros(self._length, np.int64), 1
        for name in names:
            count = max(len(self.values[name]), 1)
            if size * count >= 2 ** 62:       # too many combinations for one integer: number them one field at a time
                key, size = np.unique(key, return_inverse=True)[1].astype(np.int64), self._length
            key, size = key * count + self.codes[name], size * count
        _, first, codes = np.unique(key, return_index=True, return_inverse=True)
        return codes.ravel(), [function(self.event(int(row))) for row in first]

    def arrow(self, cells: Mapping[str, "str | tuple[Sequence[str], Callable]"]) -> pa.Table:
        """An Arrow table of the rows, one column a cell: a field's name (its values as they are) or (the fields a
        function of an event reads, the function), worked out once per distinct value (:meth:`per_distinct`) and
        spread to the rows in Arrow's C++ (``take``): no dict or Python object a row."""
        columns = {}
        for name, cell in cells.items():
            codes, values = ((self.codes[cell], self.values[cell]) if isinstance(cell, str)
                             else self.per_distinct(*cell))
            dictionary = pa.array(list(values), type=None if len(values) else pa.string())
            columns[name] = dictionary.take(pa.array(np.asarray(codes, dtype=np.int64)))
        return pa.table(columns) if columns else pa.table({})

    def frame(self, names: Sequence[str] = EVENT_FIELDS) -> pd.DataFrame:
        """The columns as a pandas DataFrame of categoricals (for code that reads columns, not events)."""
        return pd.DataFrame({name: pd.Categorical.from_codes(self.codes[name], pd.Index(self.values[name],
                                                                                         dtype=object))
                             for name in names})

    # -- filtering ------------------------------------------------------------------------------------------------
    def mask(self, event_filter: EventFilter) -> np.ndarray:
        """For each row, whether ``event_filter.matches`` its event: decided once per distinct value."""
        keep = np.ones(self._length, dtype=bool)
        f = event_filter
        for name, chosen in (("status", f.statuses), ("event_type", f.event_types), ("outcome", f.outcomes),
                             ("outlet", f.outlets)):
            if chosen:
                keep &= self._where(name, lambda value, chosen=frozenset(chosen): value in chosen)
        if f.disputed is not None:
            keep &= self._where("disputed", lambda value: value == f.disputed)
        if f.places:
            chosen = frozenset(f.places)
            anywhere = np.zeros(self._length, dtype=bool)
            for role in f.place_roles:
                anywhere |= self._where(role, lambda value: value in chosen)
            keep &= anywhere
        if f.person:
            person = f.person.casefold()
            keep &= self._where("names", lambda names: any(person in name.casefold() for name in names))
        if f.min_outlets > 1:
            keep &= self._outlets() >= f.min_outlets
        return keep & self._date_mask(f)

    def dated(self) -> np.ndarray:
        """For each row, whether its event has a date (``Event.is_dated``)."""
        return self._ordinals("date_start") != _NO_DATE

    def select(self, event_filter: EventFilter) -> list[Event]:
        """The matching events, in table order (what ``event_filter.apply`` gives for :meth:`events`)."""
        return self.events(np.flatnonzero(self.mask(event_filter)))

    def _where(self, name: str, test) -> np.ndarray:
        passing = np.fromiter((bool(test(v)) for v in self.values[name]), dtype=bool, count=len(self.values[name]))
        return passing[self.codes[name]]

    def _ordinals(self, name: str) -> np.ndarray:
        days = np.fromiter((_NO_DATE if v is None else v.toordinal() for v in self.values[name]), dtype=np.int64,
                           count=len(self.values[name]))
        return days[self.codes[name]]

    def _date_mask(self, f: EventFilter) -> np.ndarray:
        start, end = self._ordinals("date_start"), self._ordinals("date_end")
        dated = start != _NO_DATE
        inside = np.ones(self._length, dtype=bool)
        # Windows overlap, as in EventFilter._matches_dates.
        if f.date_from:
            inside &= end >= f.date_from.toordinal()
        if f.date_to:
            inside &= start <= f.date_to.toordinal()
        return np.where(dated, inside, f.include_undated)

    def _outlets(self) -> np.ndarray:
        if self._corroboration is None:
            self._corroboration = np.fromiter((corroboration(e) for e in self.events()), dtype=np.int32,
                                              count=self._length)
        return self._corroboration


def cell_values(event: Event, cells: Mapping) -> dict:
    """One row of ``cells`` (as :meth:`EventTable.arrow` takes them) for one event."""
    return {name: getattr(event, cell) if isinstance(cell, str) else cell[1](event) for name, cell in cells.items()}


def date_span(table: EventTable) -> tuple[dt.date, dt.date] | None:
    """Earliest start and latest end of the dated events (``events.filters.date_span`` of the table)."""
    starts = [v for v in table.values["date_start"][np.unique(table.codes["date_start"])] if v is not None]
    ends = [v for v in table.values["date_end"][np.unique(table.codes["date_end"])] if v is not None]
    return (min(starts), max(ends)) if starts else None


# -- values as Event holds them -------------------------------------------------------------------------------------
_DATES = ("date_start", "date_end")
_LISTS = ("names", "actors", "related")
_NUMBERS = {"count_min": True, "count_max": True, "paid_usd_min": False, "paid_usd_max": False}


def _value(name: str, value):
    """One raw value of field ``name`` as Event holds it, checked as Event checks that field alone."""
    if name in _TEXT_FIELDS:
        value = "" if value is None else value
        if not isinstance(value, str):
            raise EventValidationError(name, f"{value!r} is not text")
        problem = limits.text_problem(name, value)
        if problem:
            raise EventValidationError(name, problem)
        if name == "id" and not EVENT_ID.match(value):
            raise EventValidationError(name, f"{value!r} is not a valid id")
        if name in PLACE_ROLES and value and not PLACE_ID.match(value):
            raise EventValidationError(name, f"{value!r} is not a gazetteer id")
        if name == "url" and value and not URL.match(value):
            raise EventValidationError(name, f"{value!r} is not an http(s) URL")
        if name in _VOCABULARY and value not in _VOCABULARY[name]:
            raise EventValidationError(name, f"{value!r} is not in its vocabulary")
        return value
    if name in _DATES:
        return parse_date(value, name)
    if name in _LISTS:
        value = parse_list(value)
        problem = limits.list_problem(name, value)
        if problem:
            raise EventValidationError(name, problem)
        return value
    if name in _NUMBERS:
        return parse_number(value, name, integer=_NUMBERS[name])
    if name == "disputed":
        return value if isinstance(value, bool) else parse_bool(value, name)
    return tuple(value or ())   # sources


def _checked_values(name: str, uniques, codes: np.ndarray, columns: Mapping[str, Sequence]) -> list:
    if name in _TEXT_FIELDS and name not in _PATTERNED and _plain_texts(name, uniques):
        return ["" if v is None else v for v in uniques]
    if name == "id" and None not in uniques and _plain_texts(name, uniques) and all(map(EVENT_ID.match, uniques)):
        return list(uniques)
    checked = []
    for position, raw in enumerate(uniques):
        try:
            checked.append(_value(name, raw))
        except EventValidationError:
            row = int(np.flatnonzero(codes == position)[0])
            Event.from_record({n: _record_value(columns[n][row]) for n in columns if n in EVENT_FIELDS
                               and n != "sources"})   # raises the event's own error, naming the field
            raise
    return checked


_PATTERNED = {"id", "url", *PLACE_ROLES, *_VOCABULARY}
"""Text fields whose values also match a pattern or a vocabulary (checked one distinct value at a time)."""


def _plain_texts(name: str, values) -> bool:
    """Whether every value is text (or None) within the field's length and free of characters no export can
    carry: one pass over them all (100,000 distinct summaries), which says yes exactly when checking each
    value with ``limits.text_problem`` finds nothing."""
    if not all(v is None or v.__class__ is str for v in values):
        return False
    texts = [v for v in values if v]
    limit = limits.TEXT_CHARS.get(name)
    if limit is not None and max(map(len, texts), default=0) > limit:
        return False
    return uncarriable("\n".join(texts)) is None     # "\n" is carriable: a bad character is in one of the texts


def _record_value(value):
    return "" if value is None else value


def _merge_equal(codes: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """Raw values that became one value (' a' and 'a') share one code."""
    if len(set(values)) == len(values):
        return codes, values
    remap, uniques = _refactorize(_object_array(values))
    return remap[codes], list(uniques)


def _narrow(codes: np.ndarray, count: int) -> np.ndarray:
    """Codes in the smallest signed integers that hold ``count`` values (most fields: one byte a row)."""
    for kind in (np.int8, np.int16, np.int32):
        if count <= np.iinfo(kind).max + 1:
            return codes.astype(kind, copy=False)
    return codes.astype(np.int64, copy=False)


def _refactorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the code of each of ``values`` among its distinct values, those distinct values), in a C hash table."""
    remap, uniques = pd.factorize(values, use_na_sentinel=False)
    return remap.astype(np.int32), _object_array([None if v.__class__ is float and v != v else v for v in uniques])


def _factorize(column: Sequence) -> tuple[np.ndarray, list]:
    """(one int32 code a row, the distinct values in first-seen order)."""
    try:
        encoded = pa.array(column).dictionary_encode()    # C++: texts, numbers, dates, None
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, UnicodeEncodeError):   # tuples, lone surrogates
        codes, uniques = pd.factorize(_object_array(column), use_na_sentinel=False)
        return codes.astype(np.int32), [None if v.__class__ is float and v != v else v for v in uniques]
    uniques = encoded.dictionary.to_pylist()
    indices = encoded.indices
    if indices.null_count:
        indices = indices.fill_null(len(uniques))
        uniques.append(None)
    return indices.to_numpy(zero_copy_only=False).astype(np.int32), uniques


def _rows(rows) -> np.ndarray:
    """Row positions (or a boolean mask) as numpy indexes them; [] is no rows."""
    rows = np.asarray(rows)
    return rows if rows.dtype == bool else rows.astype(np.intp)


def _every_row(rows: np.ndarray, length: int) -> bool:
    """Whether ``rows`` (as :func:`_rows` gives them) are every row of ``length``, in order."""
    if len(rows) != length:
        return False
    return bool(rows.all()) if rows.dtype == bool else bool((rows == np.arange(length)).all())


def _object_array(values) -> np.ndarray:
    """A 1-D object array (tuples stay one value each)."""
    values = values if isinstance(values, (list, tuple, np.ndarray)) else list(values)
    return np.fromiter(values, dtype=object, count=len(values))
