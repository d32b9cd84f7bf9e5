"""Property: any Event that validates can be stored and read back identically (SQLite).

The strategies roam past every limit of events.limits and through awkward text (NUL, '|', quotes,
RTL marks, line breaks, astral characters); examples that do not validate are discarded, so what is
checked is exactly "validates => round-trips".
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from atlas.store import EventStore, new_team_id
from events import limits
from events.exc import EventValidationError
from events.schema import MAX_WINDOW_DAYS, Event
from events.vocabulary import CONFIDENCES, COUNT_UNITS, DATE_PRECISIONS, EVENT_TYPES, OUTCOMES

pytestmark = pytest.mark.slow   # hundreds of generated events through a real database

AWKWARD = st.sampled_from(["|", "\u202e", "\u2067", "\r\n", "\n", "\r", '"', "'", "\\", "{{ x }}", "<b>",
                           "\U0001F600", " ", "\t", "ط", "\x01", "\ufeff"])


def texts(most: int, *, separator: bool = True):
    """Text within a limit: short awkward text (any character but NUL), or text at the limit."""
    alphabet = st.characters(blacklist_characters="\x00" if separator else "\x00|")
    pieces = AWKWARD.filter(lambda piece: separator or piece != "|")
    short = st.lists(st.one_of(pieces, st.text(alphabet, max_size=8)), max_size=6).map("".join)
    return st.one_of(short, st.just("ط" * most))


def required(most: int):
    return texts(most - 1).map(lambda text: "x" + text)


place_ids = st.one_of(st.from_regex(r"geonames:[0-9]{1,12}", fullmatch=True),
                      st.from_regex(r"local:[a-z0-9][a-z0-9-]{0,76}", fullmatch=True))
optional_place = st.one_of(st.just(""), place_ids)


@st.composite
def date_windows(draw):
    precision = draw(st.sampled_from(DATE_PRECISIONS))
    if precision == "unknown" and draw(st.booleans()):
        return {"date_precision": precision, "date_start": None, "date_end": None}
    start = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9998, 1, 1)))
    span = draw(st.integers(0, MAX_WINDOW_DAYS.get(precision, 400) - 1))
    return {"date_precision": precision, "date_start": start, "date_end": start + dt.timedelta(days=span)}


@st.composite
def ranges(draw, most, integer: bool):
    values = st.integers(0, most) if integer else st.floats(0, most, allow_nan=False)
    low = draw(st.one_of(st.none(), values, st.just(most)))
    if low is None or draw(st.booleans()):
        return low, None
    return low, low + draw(values) * (most - low) / most if not integer else low + draw(values) * (most - low) // most


def lists(field: str):
    limit = limits.LIST_LIMITS[field]
    item = texts(limit.chars)          # "|" too: validation must refuse what would not read back
    return st.one_of(st.lists(item, max_size=4).map(tuple), st.just(("e" * limit.chars,) * limit.items))


@st.composite
def event_kwargs(draw):
    counts = draw(ranges(limits.MAX_COUNT, integer=True))
    money = draw(ranges(limits.MAX_USD, integer=False))
    disputed = draw(st.booleans())
    kwargs = dict(
        id=new_team_id() + draw(st.from_regex(r"[A-Za-z0-9_.:-]{0,48}", fullmatch=True)),
        event_type=draw(st.sampled_from(EVENT_TYPES)), outcome=draw(st.sampled_from(OUTCOMES)),
        seed=draw(texts(limits.TEXT_CHARS["seed"])), url=draw(st.sampled_from(["", "https://example.org/r?q=1"])),
        outlet=draw(required(limits.TEXT_CHARS["outlet"])), cited_outlet=draw(texts(limits.TEXT_CHARS["cited_outlet"])),
        quote_ar=draw(required(limits.TEXT_CHARS["quote_ar"])), summary_en=draw(required(limits.TEXT_CHARS["summary_en"])),
        date_relative=draw(texts(limits.TEXT_CHARS["date_relative"])), date_basis=draw(texts(50)),
        origin=draw(optional_place), via=draw(optional_place), destination=draw(optional_place),
        location=draw(place_ids),
        count_min=counts[0], count_max=counts[1],
        count_unit=draw(st.sampled_from([u for u in COUNT_UNITS if u])) if counts[0] is not None else "",
        paid_usd_min=money[0], paid_usd_max=money[1],
        names=draw(lists("names")), actors=draw(lists("actors")), related=draw(lists("related")),
        confidence=draw(st.sampled_from(CONFIDENCES)), disputed=disputed,
        dispute_note=draw(required(100)) if disputed else "", notes=draw(texts(limits.TEXT_CHARS["notes"])),
        status=draw(st.sampled_from(["draft", "verified"])),
        **draw(date_windows()))
    if not kwargs["seed"].strip() and not kwargs["url"]:
        kwargs["url"] = "https://example.org/fallback"
    return kwargs


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    store = EventStore(f"sqlite:///{tmp_path_factory.mktemp('property') / 'atlas.sqlite3'}")
    yield store
    store.dispose()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(kwargs=event_kwargs())
def test_any_valid_event_is_stored_and_read_back_identically(sqlite_store, kwargs):
    try:
        event = Event(**kwargs)
    except EventValidationError:
        assume(False)
        return
    saved = sqlite_store.add_event(event, "property-test", allow_self_review=True)
    assert saved == event.replace(added_by="property-test")
    assert sqlite_store.get_event(event.id) == saved
