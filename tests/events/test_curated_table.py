"""The shipped curated table itself: quotes verbatim, places known, dates honest, disputes linked."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.curated_data import read_curated_records
from events.curated import quote_passages
from events.vocabulary import PLACE_ROLES
from events.schema import MAX_WINDOW_DAYS, Event

EVENTS = [Event.from_record(record) for record in read_curated_records()]
BY_ID = {event.id: event for event in EVENTS}
ids = pytest.mark.parametrize("event", EVENTS, ids=[e.id for e in EVENTS])

WEEKDAYS_AR = {"الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}
CITED_OUTLETS = {"", "Rabie Thawra (ربيع ثورة)", "Furat Post (فرات بوست)", "Sada al-Sham (صدى الشام)"}
ENGLISH_WITH_ARABIC = re.compile(r"^[^()]*[A-Za-z][^()]* \([\u0600-\u06FF][^()]*\)$")


def test_the_table_loads_with_the_real_gazetteer_and_seeds(curated_events):
    assert [e.id for e in curated_events] == [e.id for e in EVENTS]


def test_every_seed_has_events(seed_texts):
    assert {e.seed for e in EVENTS} == set(seed_texts)


@ids
def test_quote_is_verbatim_in_its_seed(event, seed_texts):
    passages = quote_passages(event.quote_ar)
    assert passages
    for passage in passages:
        assert passage in seed_texts[event.seed]


@ids
def test_every_place_resolves_in_the_gazetteer(event, gazetteer):
    for name in PLACE_ROLES:
        place_id = getattr(event, name)
        if place_id:
            assert gazetteer.get(place_id) is not None, f"{event.id}.{name} = {place_id}"


@ids
def test_id_names_its_seed(event):
    number = re.fullmatch(r"s(\d{3})-\d{2}", event.id).group(1)
    assert event.seed.startswith(number + "_")


@ids
def test_outlet_is_the_seed_manifests_outlet(event, seed_manifest):
    assert event.outlet == seed_manifest[event.seed].outlet
    assert ENGLISH_WITH_ARABIC.match(event.outlet)
    assert event.cited_outlet in CITED_OUTLETS
    assert event.status == "curated"


@ids
def test_date_window_fits_its_precision(event):
    if event.date_precision == "unknown":
        assert event.date_start is None and event.date_end is None
        assert event.date_basis.startswith("Not dated: "), "an undated event says why it cannot be dated"
        return
    days = (event.date_end - event.date_start).days + 1
    assert 1 <= days <= MAX_WINDOW_DAYS[event.date_precision]
    if event.date_precision == "day":
        assert event.date_start == event.date_end
    if event.date_precision in ("week", "month"):
        assert days > {"week": 1, "month": 7}[event.date_precision], "a coarser precision than needed"
    if event.date_precision == "window":
        assert days > 1, "a one-day window is a day"
    assert event.date_basis


def test_at_least_nine_in_ten_events_are_on_the_time_axis():
    dated = [e for e in EVENTS if e.is_dated]
    assert len(dated) >= 0.9 * len(EVENTS)


@ids
def test_dated_events_rest_on_their_reports_publication(event, seed_manifest):
    """A window ends by the last day its report may have been published, unless the report expects it
    (a planned departure, a deal expected within days); the basis names the publication date it used."""
    report = seed_manifest[event.seed]
    assert report.published is not None, "every seed has a publication date or range"
    if not event.is_dated:
        return
    first, last = report.published
    if event.date_end > last:
        assert "expect" in event.date_basis or "planned" in event.date_basis
        assert event.date_start >= first
    assert re.search(r"publi|dated|s00\d-\d\d", event.date_basis) or re.search(r"\d{4}", event.date_relative), \
        "the basis says what the window rests on: the publication date or another event's window"


@ids
def test_named_weekday_matches_the_date(event):
    if event.date_precision != "day":
        return
    named = [day for word, day in WEEKDAYS_AR.items() if word in event.date_relative]
    for weekday in named:
        assert event.date_start.weekday() == weekday


@ids
def test_relative_dates_are_kept_in_the_text_or_basis(event):
    if event.date_relative:
        assert event.date_relative in event.quote_ar or event.date_relative in event.date_basis


@ids
def test_related_ids_exist_and_disputes_link_back(event):
    for other in event.related:
        assert other in BY_ID and other != event.id
        if event.disputed and BY_ID[other].disputed:
            assert event.id in BY_ID[other].related
    if event.disputed:
        assert event.dispute_note


@pytest.mark.parametrize("claim_id, counter_id", [("s004-08", "s004-09"), ("s000-03", "s000-04")])
def test_conflicting_claims_are_kept_side_by_side(claim_id, counter_id):
    claim, counter = BY_ID[claim_id], BY_ID[counter_id]
    assert claim.disputed and counter.disputed
    assert counter.event_type == "denial"
    assert counter_id in claim.related and claim_id in counter.related


def test_two_thousand_claim_and_not_one_fighter_are_both_counted():
    counts = {BY_ID[i].count_min for i in ("s004-08", "s004-09")}
    assert counts == {2000, 0}


@ids
def test_counts_have_units_and_paid_is_per_person_range(event):
    if event.count_min is not None:
        assert event.count_unit
    if event.paid_usd_max is not None:
        assert event.paid_usd_min <= event.paid_usd_max
