"""The development set (tests/data/reader/passages): its files are well formed, and the reader keeps the
scores benchmarks/bench_reader.py prints, a little under them (scoring: ``reader.evaluation``).

Scored with the gazetteer as shipped: what an analyst gets is what is measured."""
import datetime as dt
import re
from urllib.parse import urlparse

import pytest

from geodata.gazetteer import load_gazetteer
from reader import read_report
from reader.evaluation import Score, date_found, draft_is_right, load_passages, score_reading

SOUTHERN_DAMASCUS = re.compile(r"مخيم اليرموك|الحجر الأسود|Yarmouk camp|Hajar al-Aswad", re.IGNORECASE)
# Measured on the set (benchmarks/bench_reader.py, shipped gazetteer), minus a small margin.
FLOORS = dict(places=0.95, dates=0.85, routes=0.71, vias=0.58, precision=0.87, places_known=0.95)


@pytest.fixture(scope="module")
def data_dir(project_root):
    return project_root / "tests" / "data" / "reader"


@pytest.fixture(scope="module")
def passages(data_dir):
    return load_passages(data_dir / "passages")


def test_the_set_is_real_varied_and_keyed(passages):
    assert len(passages) >= 25
    assert {p.language for p in passages} >= {"ar", "en"}
    assert len({p.key["outlet"] for p in passages}) >= 10
    assert len({p.key["episode"] for p in passages}) >= 10
    assert len({p.id for p in passages}) == len(passages)
    for passage in passages:
        url = urlparse(passage.key["url"])
        assert url.scheme in ("http", "https") and url.netloc, passage.id
        assert passage.text.strip() and len(passage.text) < 5000, passage.id     # a passage, not an article
        assert not SOUTHERN_DAMASCUS.search(passage.text), passage.id
        if passage.published:                      # blank when the page shows no date
            dt.date.fromisoformat(passage.published)
        for route in passage.key["routes"]:
            assert route["origin"] and route["destination"], passage.id
        for date in passage.key["dates"]:
            assert date["text"] in passage.text, (passage.id, date["text"])
        for count in passage.key["counts"]:
            assert count["text"] in passage.text and count["min"] <= (count["max"] or count["min"]), passage.id


@pytest.fixture(scope="module")
def total(passages):
    gazetteer = load_gazetteer()
    total = Score()
    for passage in passages:
        reading = read_report(passage.text, publication_date=passage.published, gazetteer=gazetteer)
        total = total + score_reading(passage, reading, gazetteer)
    return total


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_reader_keeps_its_scores(total, name):
    right, out_of = dict(places=(total.places_found, total.places), dates=(total.dates_found, total.dates),
                         routes=(total.routes_drafted, total.routes), vias=(total.vias_right, total.vias),
                         precision=(total.drafts_right, total.drafts),
                         places_known=(total.places_known_found, total.places_known))[name]
    assert out_of and right / out_of >= FLOORS[name], f"{name}: {right}/{out_of}"


@pytest.mark.slow
def test_money_is_never_a_head_count(total):
    assert total.money_as_heads == 0 and total.false_friends_read == 0


@pytest.mark.parametrize("key, windows, found", [
    ({"start": "2017-03-11", "end": "2017-03-20"}, [(dt.date(2017, 3, 11), dt.date(2017, 3, 20))], True),
    ({"start": "2017-03-11", "end": "2017-03-20"}, [(dt.date(2017, 3, 1), dt.date(2017, 3, 31))], True),
    ({"start": "2017-03-15"}, [(dt.date(2017, 3, 1), dt.date(2017, 3, 31))], False),     # a month for a day
    ({"start": "2017-03-15"}, [(dt.date(2017, 3, 14), dt.date(2017, 3, 16))], True),
    ({"start": "2017-03-15"}, [(dt.date(2017, 3, 16), dt.date(2017, 3, 16))], False),
])
def test_a_date_is_found_when_it_overlaps_and_is_not_much_wider(key, windows, found):
    assert date_found(key, windows) is found


@pytest.mark.parametrize("origin, destination, right", [
    ("a", "c", True), ("a", "b", True), ("b", "c", True),     # the journey, or a leg of it in travel order
    ("c", "a", False), ("a", "x", False), ("x", "c", False),
])
def test_a_draft_is_right_when_it_follows_a_key_journey(origin, destination, right):
    journeys = [[frozenset({"a"}), frozenset({"b"}), frozenset({"c"})]]
    assert draft_is_right({"origin": origin, "destination": destination}, journeys) is right
