"""One pass of the reader over a pasted report: everything it found, nothing saved."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from events.exc import EventValidationError
from events.schema import parse_date
from geodata.gazetteer import Gazetteer, load_gazetteer
from reader.counts import CountMention, find_counts
from reader.dates import DateMention, find_dates
from reader.drafts import Draft, build_drafts
from reader.exc import ReaderValueError
from reader.money import MoneyMention, find_money
from reader.places import PlaceMention, find_places
from reader.text import Span, sentences

MAX_TEXT_CHARS = 200_000
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Reading:
    """What the reader found in one text, with spans into ``text``."""

    text: str
    publication_date: dt.date | None
    outlet: str
    sentences: tuple[Span, ...]
    places: tuple[PlaceMention, ...]
    dates: tuple[DateMention, ...]
    counts: tuple[CountMention, ...]
    amounts: tuple[MoneyMention, ...]
    drafts: tuple[dict, ...]               # event records (``events.schema`` fields), one per draft
    details: tuple[Draft, ...] = ()         # the same drafts with their sentences, legs, alternatives ...

    def place_ids(self) -> tuple[str, ...]:
        """Distinct places named, in order of first mention."""
        return tuple(dict.fromkeys(m.place_id for m in self.places))


def parse_publication_date(value) -> dt.date | None:
    """A date, a YYYY-MM-DD string or blank; anything else is a clear error naming the field."""
    if isinstance(value, str) and value.strip() and not ISO_DATE.match(value.strip()) or \
            not isinstance(value, (str, dt.date, type(None))):
        raise ReaderValueError("publication_date", f"{value!r} is not a date in YYYY-MM-DD form")
    try:
        return parse_date(value, "publication_date")
    except EventValidationError as error:
        raise ReaderValueError(error.field, error.message) from None


def read_report(text: str, *, publication_date=None, outlet: str = "", seed: str = "", url: str = "",
                user: str = "", gazetteer: Gazetteer | None = None) -> Reading:
    """Find places, dates, counts and dollar amounts in ``text`` and propose event drafts."""
    if not isinstance(text, str):
        raise ReaderValueError("text", f"expected the report as text, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise ReaderValueError("text", f"{len(text)} characters is more than one report ({MAX_TEXT_CHARS} at most)")
    published = parse_publication_date(publication_date)
    gazetteer = gazetteer or load_gazetteer()
    parts = sentences(text)
    places = find_places(text, gazetteer)
    dates = find_dates(text, published)
    counts = find_counts(text)
    amounts = find_money(text)
    drafts = build_drafts(text, parts, places, dates, counts, amounts, gazetteer,
                          outlet=(outlet or "").strip(), seed=seed, url=(url or "").strip(), user=user)
    return Reading(text, published, (outlet or "").strip(), tuple(parts), tuple(places), tuple(dates),
                   tuple(counts), tuple(amounts), tuple(d.record for d in drafts), tuple(drafts))
