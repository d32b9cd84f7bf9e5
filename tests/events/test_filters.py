"""EventFilter: each field narrows the selection as documented; bad values name the field."""
import datetime as dt

import pytest

from events.filters import EventFilter, FilterValueError, Total, date_span, totals
from events.schema import Event
from events.sources import EventSource
from tests.support.sample_data import sample_events

EVENTS = sample_events()


def ids(events):
    return [e.id for e in events]


@pytest.mark.parametrize("kwargs, expected", [
    ({}, ["T1", "T2", "T3", "T4", "T5"]),
    ({"event_types": ["exit"]}, ["T1", "T5"]),
    ({"outcomes": ("captured", "arrived")}, ["T1", "T2"]),
    ({"outlets": ["Other Outlet"]}, ["T2"]),
    ({"places": ["local:test-gate"]}, ["T1", "T2", "T5"]),
    ({"places": ["local:test-gate"], "place_roles": ["destination"]}, []),
    ({"places": ["local:test-quarter"], "place_roles": ["origin", "location"]}, ["T2", "T3"]),
    ({"person": "abu TEST"}, ["T1"]),
    ({"person": "nobody"}, []),
    ({"disputed": True}, ["T4"]),
    ({"disputed": False}, ["T1", "T2", "T3", "T5"]),
    # Windows overlap: the July month window, the December week and the two December days.
    ({"date_from": "2017-07-15", "date_to": "2017-07-16"}, ["T2", "T3"]),
    ({"date_from": "2017-12-05", "include_undated": False}, ["T1", "T4", "T5"]),
    ({"date_to": "2017-06-30", "include_undated": False}, []),
    ({"statuses": ["draft"]}, []),
])
def test_apply_selects(kwargs, expected):
    assert ids(EventFilter(**kwargs).apply(EVENTS)) == expected


def test_retracted_events_are_hidden_by_default():
    retracted = EVENTS[0].replace(id="R1", status="retracted")
    assert ids(EventFilter().apply([retracted, *EVENTS[1:2]])) == ["T2"]
    assert ids(EventFilter(statuses=["retracted"]).apply([retracted])) == ["R1"]


@pytest.mark.parametrize("kwargs, field", [
    ({"event_types": ["parade"]}, "event_types"),
    ({"outcomes": ["won"]}, "outcomes"),
    ({"place_roles": ["nearby"]}, "place_roles"),
    ({"place_roles": []}, "place_roles"),
    ({"statuses": ["maybe"]}, "statuses"),
    ({"date_from": "28/12/2017"}, "date_from"),
    ({"date_from": "2017-12-02", "date_to": "2017-12-01"}, "date_to"),
    ({"disputed": "perhaps"}, "disputed"),
])
def test_bad_values_name_the_field(kwargs, field):
    with pytest.raises(FilterValueError) as caught:
        EventFilter(**kwargs)
    assert caught.value.field == field
    assert field in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("kwargs, words", [
    ({}, ["All events"]),
    ({"event_types": ["exit"], "disputed": True}, ["types: exit", "disputed only"]),
    ({"date_from": "2017-12-01", "include_undated": False}, ["2017-12-01", "undated events hidden"]),
    ({"places": ["local:test-gate"], "place_roles": ["via"]}, ["local:test-gate", "(as via)"]),
    ({"person": "Abu"}, ["“\u2068Abu\u2069”"]),
    ({"statuses": ["curated", "verified"]}, ["draft (unverified) team events hidden"]),
    ({"statuses": ["draft"]}, ["statuses: draft"]),
])
def test_describe_in_plain_words(kwargs, words):
    text = EventFilter(**kwargs).describe()
    for word in words:
        assert word in text


def test_filter_is_hashable_and_equal_by_value():
    """The dashboard caches the built map on the filter: equal filters must hash alike."""
    a = EventFilter(event_types=["exit", "capture"], date_from=dt.date(2017, 1, 1))
    b = EventFilter(event_types=("exit", "capture"), date_from="2017-01-01")
    assert a == b and hash(a) == hash(b)
    assert a != EventFilter(event_types=["exit"])


def test_date_span_covers_dated_events_only():
    assert date_span(EVENTS) == (dt.date(2017, 7, 1), dt.date(2017, 12, 30))
    assert date_span([EVENTS[2]]) is None


def test_totals_per_checkpoint_and_destination():
    by_gate = {t.place_id: t for t in totals(EVENTS, "via")}
    gate = by_gate["local:test-gate"]
    assert (gate.events, gate.people_min, gate.people_max, gate.uncounted) == (3, 17, 29, 0)
    by_destination = {t.place_id: t for t in totals(EVENTS, "destination")}
    assert by_destination["local:test-north"].events == 2
    assert by_destination["local:test-border"].people_max == 5
    by_location = {t.place_id: t for t in totals(EVENTS, "location")}
    assert by_location["local:test-quarter"].uncounted == 1
    with pytest.raises(FilterValueError):
        totals(EVENTS, "nearby")


def test_totals_with_an_open_upper_end_stay_open():
    at_least = EVENTS[0].replace(id="T9", count_min=40, count_max=None)
    (row,) = totals([EVENTS[0], at_least], "via")
    assert (row.people_min, row.people_max) == (44, None)


def test_totals_sum_matches_filtered_events():
    """Round trip: the per-destination totals add back up to the filtered events' counts."""
    chosen = EventFilter(event_types=["exit", "capture"]).apply(EVENTS)
    rows = totals(chosen, "destination")
    assert sum(r.events for r in rows) == len([e for e in chosen if e.destination])
    assert sum(r.people_min for r in rows) == sum(e.count_min or 0 for e in chosen if e.destination)


@pytest.mark.parametrize("total,text", [
    (Total("local:x", events=3, people_min=0, people_max=0, uncounted=3), "no figure given"),
    (Total("local:x", events=2, people_min=4, people_max=4, uncounted=0), "4"),
    (Total("local:x", events=4, people_min=11, people_max=17, uncounted=2), "11–17"),
    (Total("local:x", events=2, people_min=40, people_max=None, uncounted=0), "at least 40"),
])
def test_people_in_words_never_a_made_up_zero(total, text):
    assert total.people_text() == text


# -- at least N independent outlets ---------------------------------------------------------------------


@pytest.mark.parametrize("minimum, expected", [(0, {"one", "two", "cited"}), (1, {"one", "two", "cited"}),
                                                (2, {"two"}), (3, set())])
def test_at_least_n_independent_outlets(minimum, expected):
    base = dict(event_type="exit", seed="s.txt", outlet="Shaam", quote_ar="ق", summary_en="s",
                location="local:al-qadam")
    events = [Event(id="one", **base),
              Event(id="two", **base, sources=(EventSource("Al-Watan", "confirms", quote="ق"),
                                               EventSource("Orient", "denies", quote="ق"))),
              Event(id="cited", **base, cited_outlet="Rabie Thawra",
                    sources=(EventSource("Shaam", "confirms", quote="ق", cited_outlet="Rabie Thawra"),))]
    chosen = EventFilter(min_outlets=minimum)
    assert {e.id for e in chosen.apply(events)} == expected
    assert ("at least" in chosen.describe()) is (minimum > 1)


@pytest.mark.parametrize("bad", [-1, 101, 1.5, "2", True])
def test_min_outlets_must_be_a_small_whole_number(bad):
    with pytest.raises(FilterValueError) as caught:
        EventFilter(min_outlets=bad)
    assert caught.value.field == "min_outlets"
