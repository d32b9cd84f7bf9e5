"""One table of limits (events.limits), the same for the form, the import, the store and both databases.

Every limit is tried at its maximum (accepted) and one past it (refused with the same message naming
the field) through each path: ``Event(...)``, ``Event.from_record`` (what import reads), the entry form
(``atlas.forms.build_draft``) and the store (``update_event``, on SQLite and PostgreSQL). Values at every
limit are stored and read back identically on both backends.
"""
from __future__ import annotations

import csv
import datetime as dt

import pytest
import sqlalchemy as sa

from atlas import form_places, forms
from atlas.store import EventStore, new_team_id, team_events, team_places
from events import limits
from events.exc import EventValidationError
from events.schema import FIELDS, Event
from events.sources import SOURCE_FIELDS, EventSource
from events.vocabulary import CONFIDENCES, COUNT_UNITS, DATE_PRECISIONS, EVENT_TYPES, OUTCOMES, STATUSES
from geodata.gazetteer import load_gazetteer

FORM_FIELDS = set(forms.LABELS)
EDITABLE = set(forms.LABELS) - {"id", "added_by", "status"}


def text_at(field: str, length: int) -> str:
    """A valid value of ``field`` that is ``length`` characters long."""
    if field == "id":
        return "team-" + "a" * (length - 5)
    if field in ("origin", "via", "destination", "location"):
        return "local:" + "a" * (length - 6)
    if field == "url":
        return "https://example.org/" + "a" * (length - 20)
    return "ط" * length      # Arabic letters: a character is not a byte


def list_at(field: str, items: int, chars: int) -> tuple[str, ...]:
    return tuple(f"{n:0{chars}d}"[-chars:] if field != "names" else ("ن" * chars) for n in range(items))


# Limits of a further source's own text (events.sources.EventSource); the rest are the event's.
SOURCE_ONLY = {field: most for field, most in limits.TEXT_CHARS.items() if field not in FIELDS}


def cases():
    """(field, changes at the limit, changes one past it): every entry of the table an event holds."""
    for field, most in limits.TEXT_CHARS.items():
        if field in SOURCE_ONLY:
            continue
        yield field, f"{field}-text", {field: text_at(field, most)}, {field: text_at(field, most + 1)}
    for field, limit in limits.LIST_LIMITS.items():
        at = list_at(field, limit.items, limit.chars)
        yield field, f"{field}-entries", {field: at}, {field: at + at[:1]}
        yield field, f"{field}-entry-chars", {field: at}, {field: (at[0] + "x",) + at[1:]}
    yield "count_min", "count_min", {"count_min": limits.MAX_COUNT, "count_max": None}, \
        {"count_min": limits.MAX_COUNT + 1, "count_max": None}
    yield "count_max", "count_max", {"count_min": 1, "count_max": limits.MAX_COUNT}, \
        {"count_min": 1, "count_max": limits.MAX_COUNT + 1}
    yield "paid_usd_min", "paid_usd_min", {"paid_usd_min": float(limits.MAX_USD)}, \
        {"paid_usd_min": limits.MAX_USD + 0.01}
    yield "paid_usd_max", "paid_usd_max", {"paid_usd_min": 0.0, "paid_usd_max": float(limits.MAX_USD)}, \
        {"paid_usd_min": 0.0, "paid_usd_max": limits.MAX_USD + 1}


CASES = [pytest.param(field, ok, bad, id=name) for field, name, ok, bad in cases()]


def base_event(**changes) -> Event:
    values = dict(id="team-limits0001", event_type="exit", seed="", url="https://example.org/report/1",
                  outlet="Test Outlet", quote_ar="خرجت عائلات من الحجر الأسود", summary_en="Families left.",
                  date_start="2017-03-02", date_end="2017-03-02", date_precision="day",
                  origin="geonames:8419677", via="local:barada-factory", destination="local:northern-syria",
                  count_min=4, count_max=6, count_unit="families", status="draft", added_by="ana")
    values.update(changes)
    return Event(**values)


def message_of(action) -> tuple[str, str] | None:
    try:
        action()
    except EventValidationError as exc:
        return exc.field, exc.message
    return None


def record_value(value):
    if isinstance(value, tuple):
        return "|".join(value)
    return "" if value is None else str(value)


def test_the_table_covers_every_limited_field():
    assert len(CASES) + len(SOURCE_ONLY) == len(limits.TEXT_CHARS) + 2 * len(limits.LIST_LIMITS) + 4
    assert set(SOURCE_ONLY) <= set(SOURCE_FIELDS)


def _source_text(field: str, length: int) -> str:
    return ("2017-12-14/2017-12-20" + "x" * length)[:length] if field == "published" else "ط" * length


@pytest.mark.parametrize("field", sorted(SOURCE_ONLY))
def test_a_source_accepts_its_limit_and_refuses_one_past_it(field):
    most, base = SOURCE_ONLY[field], {"outlet": "Test", "quote": "نص"}
    if field != "published":    # a publication date is refused past its length as text, tested below
        assert getattr(EventSource(**{**base, field: _source_text(field, most)}), field)
    refused = message_of(lambda: EventSource(**{**base, field: _source_text(field, most + 1)}))
    assert refused is not None and refused[0] == field and "accepted" in refused[1], refused
    assert set(limits.NUMBER_LIMITS) == {"count_min", "count_max", "paid_usd_min", "paid_usd_max"}


@pytest.mark.parametrize("field, ok, bad", CASES)
def test_event_accepts_the_limit_and_refuses_one_past_it(field, ok, bad):
    event = base_event(**ok)
    assert getattr(event, field) == ok[field]
    refused = message_of(lambda: base_event(**bad))
    assert refused is not None and refused[0] == field, refused
    assert "accepted" in refused[1]


@pytest.mark.parametrize("field, ok, bad", CASES)
def test_import_reads_the_same_limit_with_the_same_message(field, ok, bad):
    """Import builds events with Event.from_record from the strings of a CSV (or GeoJSON) row."""
    record = base_event().to_record()
    assert Event.from_record({**record, **{k: record_value(v) for k, v in ok.items()}}) == base_event(**ok)
    expected = message_of(lambda: base_event(**bad))
    assert message_of(lambda: Event.from_record({**record, **{k: record_value(v) for k, v in bad.items()}})) \
        == expected


class AnyPlace:
    """A gazetteer that knows every id (the form checks place ids exist; here only the limit matters)."""

    def __init__(self):
        self.place = load_gazetteer().get("geonames:8419677")

    def get(self, _place_id):
        return self.place


def form_values(**changes) -> dict:
    values = forms.values_from_event(base_event())
    for name, value in changes.items():
        values[name] = "\n".join(value) if isinstance(value, tuple) else "" if value is None else str(value)
    return values


@pytest.mark.parametrize("field, ok, bad", [c for c in CASES if c.values[0] in FORM_FIELDS])
def test_the_form_refuses_the_same_values_with_the_same_message(field, ok, bad):
    places = AnyPlace()
    draft = forms.build_draft(form_values(**ok), places, user="ana", event_id="team-limits0001")
    assert isinstance(draft, forms.Draft), draft
    assert draft.event == base_event(**ok)
    errors = forms.build_draft(form_values(**bad), places, user="ana", event_id="team-limits0001")
    assert isinstance(errors, dict) and errors.get(field) == message_of(lambda: base_event(**bad))[1], errors


@pytest.mark.parametrize("field", sorted(set(limits.TEXT_CHARS) | set(limits.LIST_LIMITS)))
def test_form_widgets_take_at_most_the_limit_and_say_so(field):
    widget = forms.widget_limits(field)
    assert widget["max_chars"] == limits.max_chars(field)
    assert f"{limits.max_chars(field) if field in limits.TEXT_CHARS else limits.LIST_LIMITS[field].items:,}" \
        in widget["help"]


@pytest.mark.parametrize("field, words", [("count_min", "10,000,000"), ("paid_usd_max", "1,000,000,000 USD")])
def test_number_widgets_say_their_limit(field, words):
    assert words in forms.widget_limits(field)["help"]


def test_the_store_refuses_one_past_every_limit_on_both_backends(store):
    """Store path: update_event rebuilds the event (Event.from_record) before any SQL runs."""
    stored = store.add_event(base_event(id=new_team_id()), "ana")
    for field, name, ok, bad in cases():
        if field not in EDITABLE:
            continue
        expected = message_of(lambda: base_event(**bad))
        got = message_of(lambda: store.update_event(stored.id, bad, "bob"))
        assert got == expected, name
        edited = store.update_event(stored.id, ok, "bob")
        assert store.get_event(stored.id) == edited == base_event(id=stored.id, added_by="ana", **ok), name
        store.update_event(stored.id, {k: getattr(stored, k) for k in ok}, "bob")   # back to the base


def at_every_limit(**changes) -> Event:
    """One event holding the largest value of every field at once."""
    values = {field: text_at(field, most) for field, most in limits.TEXT_CHARS.items() if field not in SOURCE_ONLY}
    values.update({field: list_at(field, limit.items, limit.chars) for field, limit in limits.LIST_LIMITS.items()})
    values.update(count_min=limits.MAX_COUNT, count_max=limits.MAX_COUNT, paid_usd_min=float(limits.MAX_USD),
                  paid_usd_max=float(limits.MAX_USD), id="team-" + new_team_id()[5:].ljust(59, "x"),
                  seed="s" * limits.TEXT_CHARS["seed"])
    values.update(changes)
    return base_event(**values)


def test_values_at_every_limit_round_trip_through_the_store(store):
    event = at_every_limit()
    assert len(event.id) == limits.TEXT_CHARS["id"]
    user = "u" * limits.TEXT_CHARS["added_by"]
    saved = store.add_event(event, user)
    assert saved == event.replace(added_by=user)
    assert store.get_event(event.id) == saved
    smallest = base_event(id=new_team_id(), count_min=0, count_max=0, paid_usd_min=0.0, paid_usd_max=0.0)
    assert store.get_event(store.add_event(smallest, "ana").id) == smallest


@pytest.mark.parametrize("value", [1e30, 2 ** 31, 10 ** 400, "1e30"])
def test_a_count_too_large_for_either_database_is_refused_before_it(store, value):
    with pytest.raises(EventValidationError, match="largest count accepted"):
        store.add_event(base_event(id=new_team_id(), count_min=value, count_max=None), "ana")
    assert store.count_events() == 0


def test_a_nul_character_is_refused_before_either_database(store):
    """PostgreSQL text cannot hold NUL; SQLite can. The schema refuses it for both."""
    with pytest.raises(EventValidationError) as raised:
        store.add_event(base_event(id=new_team_id(), notes="before\x00after"), "ana")
    assert raised.value.field == "notes" and "NUL" in raised.value.message
    assert store.count_events() == 0


def test_the_database_columns_hold_every_value_the_limits_allow():
    vocabularies = {"event_type": EVENT_TYPES, "outcome": OUTCOMES, "date_precision": DATE_PRECISIONS,
                    "confidence": CONFIDENCES, "count_unit": COUNT_UNITS, "status": STATUSES}
    for column in team_events.columns:
        length = getattr(column.type, "length", None)
        if isinstance(column.type, sa.String) and length is not None:
            allowed = limits.TEXT_CHARS.get(column.name) or max(map(len, vocabularies[column.name]))
            assert allowed <= length, column.name
    assert team_places.c.id.type.length >= limits.PLACE_ID_CHARS
    assert limits.MAX_COUNT < 2 ** 31                  # PostgreSQL INTEGER
    assert limits.MAX_CELL_CHARS <= csv.field_size_limit()


def test_a_clicked_place_name_makes_an_id_that_fits(tmp_path):
    long_name = "Checkpoint " + "x" * (limits.PLACE_NAME_CHARS - 11)
    values = {"new_place_lat": 33.4601, "new_place_lon": 36.3102, "new_place_name_en": long_name,
              "new_place_name_ar": "", "new_place_kind": "checkpoint", "new_place_precision": "neighbourhood",
              "new_place_uncertainty_m": "500"}
    place = form_places.place_from_click(values, load_gazetteer(), user="ana", today=dt.date(2026, 1, 1))
    assert len(place.id) <= limits.PLACE_ID_CHARS
    too_long = form_places.place_from_click({**values, "new_place_name_en": long_name + "x"}, load_gazetteer(), user="ana")
    assert "at most 200" in too_long["new_place_name_en"]
    store = EventStore(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        assert store.add_place(place, "ana") == place
    finally:
        store.dispose()
