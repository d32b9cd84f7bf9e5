"""Several reports per event: each with its outlet, publication date, quote, stance and the figures it gives.

An event's own fields (``outlet``, ``seed`` / ``url``, ``quote_ar``, ``cited_outlet``, its date, count and
price) are its *first source*; :class:`EventSource` values in ``Event.sources`` are the further reports
that confirm, deny or carry claims about it. The curated table keeps them in a second CSV,
``events/data/event_sources.csv``, one row a source keyed by ``event_id`` (codebook: docs/EVENTS.md,
"Sources"); team events keep them in the store's ``event_sources`` table.

*Corroboration* is the number of independent outlets that report or confirm the event: a report that
cites another outlet (``cited_outlet``) counts as that outlet, so two papers repeating one activist
network are one voice. Figures that disagree (counts, prices, dates) are never merged: each stays with
its source and :func:`figure_conflicts` lists them side by side.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from events import limits
from events.exc import EventValidationError
from events.seed_manifest import parse_period, period_text
from events.values import parse_date, parse_number, reject
from events.vocabulary import COUNT_UNITS, SOURCE_STANCES, SUPPORTING_STANCES

URL = re.compile(r"^https?://\S+$")
_TEXT = ("outlet", "stance", "published", "quote", "url", "seed", "cited_outlet", "count_unit", "note", "added_by")


@dataclass(frozen=True, slots=True)
class EventSource:
    """One report about an event. ``date_start``/``date_end``, counts and prices are the figures *this*
    report gives (empty when it gives none), so disagreeing reports stay side by side."""

    outlet: str
    stance: str = "reports"
    published: str = ""               # 2017-12-31, or 2017-12-14/2017-12-20 when known only as a range
    quote: str = ""                   # the passage the source rests on, verbatim
    url: str = ""
    seed: str = ""                    # a file under seeds/, when the report is kept there
    cited_outlet: str = ""            # the outlet this report cites: it then counts as that outlet
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    count_min: int | None = None
    count_max: int | None = None
    count_unit: str = ""
    paid_usd_min: float | None = None
    paid_usd_max: float | None = None
    note: str = ""
    added_by: str = ""

    def __post_init__(self):
        for name in _TEXT:
            value = getattr(self, name)
            if value is None:
                object.__setattr__(self, name, "")
            elif not isinstance(value, str):
                reject(name, f"{value!r} is not text")
            value = getattr(self, name)
            if name != "quote":
                object.__setattr__(self, name, value.strip())
            problem = limits.text_problem(name, value)
            if problem:
                reject(name, problem)
        for name in ("date_start", "date_end"):
            object.__setattr__(self, name, parse_date(getattr(self, name), name))
        for name in ("count_min", "count_max"):
            object.__setattr__(self, name, parse_number(getattr(self, name), name, integer=True))
        for name in ("paid_usd_min", "paid_usd_max"):
            object.__setattr__(self, name, parse_number(getattr(self, name), name))
        if not self.outlet:
            reject("outlet", "is required: which outlet published the report")
        if self.stance not in SOURCE_STANCES:
            reject("stance", f"{self.stance!r} is not one of {', '.join(SOURCE_STANCES)}")
        if not (self.quote.strip() or self.url or self.seed):
            reject("quote", "give the passage the source rests on, its URL or its seed file")
        if self.url and not URL.match(self.url):
            reject("url", f"{self.url!r} is not an http(s) URL")
        parse_period(self.published, "published")
        if (self.date_start is None) != (self.date_end is None):
            reject("date_end", "give both ends of the window this source gives, or neither")
        if self.date_start and self.date_end < self.date_start:
            reject("date_end", f"end {self.date_end} is before start {self.date_start}")
        if self.count_unit not in COUNT_UNITS:
            reject("count_unit", f"{self.count_unit!r} is not one of {', '.join(u for u in COUNT_UNITS if u)}")
        if self.count_min is not None and not self.count_unit:
            reject("count_unit", "a count needs a unit (people, fighters, families, ...)")
        for low, high in (("count_min", "count_max"), ("paid_usd_min", "paid_usd_max")):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is None and high_value is not None:
                reject(low, "give the minimum too (equal to the maximum for an exact figure)")
            if low_value is not None and high_value is not None and low_value > high_value:
                reject(low, f"minimum {low_value} is greater than maximum {high_value}")

    @property
    def voice(self) -> str:
        """Who speaks, for independence: the cited outlet when the report cites one, else its own outlet."""
        return outlet_key(self.cited_outlet or self.outlet)

    @property
    def supports(self) -> bool:
        return self.stance in SUPPORTING_STANCES

    def to_record(self) -> dict:
        """Flat dict of strings/numbers (CSV row, JSON object, store row); dates as ISO text."""
        record = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            record[f.name] = value.isoformat() if isinstance(value, dt.date) else value
        return record

    @classmethod
    def from_record(cls, record: Mapping) -> "EventSource":
        """Inverse of :meth:`to_record`; accepts strings as read from CSV. Raises EventValidationError."""
        unknown = sorted(set(record) - set(SOURCE_FIELDS))
        if unknown:
            reject(unknown[0], f"unknown column(s): {', '.join(unknown)}")
        values = {name: ("" if record.get(name) is None else record.get(name)) for name in SOURCE_FIELDS}
        if not values["stance"]:
            values["stance"] = "reports"
        return cls(**values)


SOURCE_FIELDS = tuple(f.name for f in dataclasses.fields(EventSource))
SOURCE_COLUMNS = ("event_id", *SOURCE_FIELDS)
"""Columns of events/data/event_sources.csv (and of the store's event_sources rows)."""


def outlet_key(name: str) -> str:
    """An outlet's name compared without case or spacing: 'Shaam Network (شبكة شام)' == 'shaam network  (شبكة شام)'."""
    return " ".join((name or "").casefold().split())


def first_source(event, published: str = "") -> EventSource:
    """The event's own outlet as its first source ("reports"), with the figures the event gives.
    ``published``: its report's publication date, when the caller knows it (the seeds manifest)."""
    return EventSource(outlet=event.outlet, stance="reports", published=published, quote=event.quote_ar,
                       url=event.url, seed=event.seed, cited_outlet=event.cited_outlet,
                       date_start=event.date_start, date_end=event.date_end, count_min=event.count_min,
                       count_max=event.count_max, count_unit=event.count_unit, paid_usd_min=event.paid_usd_min,
                       paid_usd_max=event.paid_usd_max)


def all_sources(event, published: str = "") -> tuple[EventSource, ...]:
    """The first source, then the further ones, in order."""
    return (first_source(event, published), *event.sources)


def corroboration(event) -> int:
    """How many independent outlets report or confirm the event (the first source counts; denials and
    carried claims do not; a report citing another outlet counts as that outlet)."""
    voices = {outlet_key(event.cited_outlet or event.outlet)}
    voices.update(source.voice for source in event.sources if source.supports)
    voices.discard("")
    return len(voices)


def figure_text(source: EventSource, figure: str) -> str:
    """One figure of one source in words ('' when that source gives none): count, paid or date."""
    if figure == "count":
        low, high, unit = source.count_min, source.count_max, source.count_unit
    elif figure == "paid_usd":
        low, high, unit = source.paid_usd_min, source.paid_usd_max, "USD"
    else:
        if source.date_start is None:
            return ""
        return period_text((source.date_start, source.date_end)).replace("/", " – ")
    if low is None:
        return ""
    low_text = f"{low:,.0f}" if float(low).is_integer() else f"{low:,}"
    if high is None:
        return f"at least {low_text} {unit}"
    high_text = f"{high:,.0f}" if float(high).is_integer() else f"{high:,}"
    return f"{low_text} {unit}" if low == high else f"{low_text}–{high_text} {unit}"


FIGURES = (("count", "How many"), ("paid_usd", "Paid per person"), ("date", "When"))


def figure_conflicts(event, published: str = "") -> dict[str, list[tuple[str, EventSource]]]:
    """Figures the sources give differently: figure -> [(value in words, its source), ...], only for figures
    where at least two sources give a value and the values differ. Nothing is averaged or chosen."""
    found = {}
    sources = all_sources(event, published)
    for figure, _label in FIGURES:
        given = [(figure_text(source, figure), source) for source in sources]
        given = [(text, source) for text, source in given if text]
        if len({text for text, _ in given}) > 1:
            found[figure] = given
    return found


def sources_json(sources: Iterable[EventSource]) -> str:
    """Further sources as a JSON list of records (a CSV cell; read back by :func:`parse_sources`)."""
    if not sources:
        return "[]"      # most events have none: no encoder call an event on a 10,000-event export
    return json.dumps([source.to_record() for source in sources], ensure_ascii=False)


def parse_sources(value, field_name: str = "sources") -> tuple[EventSource, ...]:
    """Further sources from a JSON list (text or already parsed), as an export carries them; '' -> ()."""
    if value is None or value == "" or value == []:
        return ()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            reject(field_name, "is not a JSON list of sources")
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        reject(field_name, "is not a list of sources (objects with outlet, stance, quote, ...)")
    if len(value) > limits.MAX_SOURCES:
        reject(field_name, f"has {len(value):,} sources; at most {limits.MAX_SOURCES:,} are accepted")
    parsed = []
    for position, item in enumerate(value, start=1):
        try:
            parsed.append(EventSource.from_record(item))
        except EventValidationError as error:
            reject(field_name, f"source {position}: field '{error.field}': {error.message}")
    return tuple(parsed)


__all__ = ["EventSource", "SOURCE_FIELDS", "SOURCE_COLUMNS", "FIGURES", "all_sources", "corroboration",
           "figure_conflicts", "figure_text", "first_source", "outlet_key", "parse_sources", "sources_json"]
