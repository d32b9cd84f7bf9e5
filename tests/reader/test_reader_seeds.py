"""Properties that hold on every seed report: spans, escaping round trip, drafts that validate."""
import html
import re

import pytest

from reader import highlight_html, read_report
from reader.context import QUOTE_SEPARATOR
from events.schema import Event
from geodata.gazetteer import load_gazetteer



def _seed_paths(seeds_dir):
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture(scope="module")
def readings(seeds_dir):
    gazetteer = load_gazetteer()
    return {path.name: read_report(path.read_text(encoding="utf-8"), publication_date="2017-12-31",
                                   outlet="Seed outlet", seed=path.name, gazetteer=gazetteer)
            for path in _seed_paths(seeds_dir)}


def test_there_are_five_seeds(readings):
    assert len(readings) == 5


def test_every_finding_points_at_its_own_text(readings):
    for reading in readings.values():
        for mention in (*reading.places, *reading.dates, *reading.counts, *reading.amounts, *reading.sentences):
            assert reading.text[mention.start:mention.end] == mention.text


def test_highlighting_round_trips_to_the_text(readings):
    gazetteer = load_gazetteer()
    for reading in readings.values():
        markup = highlight_html(reading, gazetteer)
        inner = re.sub(r"^<div[^>]*>|</div>$", "", markup)
        assert html.unescape(re.sub(r"</?mark[^>]*>", "", inner)) == reading.text


def test_every_draft_is_a_valid_event_quoting_the_seed(readings):
    for name, reading in readings.items():
        assert reading.drafts, name
        for draft in reading.drafts:
            event = Event.from_record(draft)
            assert event.status == "draft" and event.seed == name
            parts = event.quote_ar.split(QUOTE_SEPARATOR)
            assert all(part in reading.text for part in parts), event.quote_ar
            assert [reading.text.index(part) for part in parts] == sorted(reading.text.index(p) for p in parts)
            assert set(event.place_ids) <= set(reading.place_ids())


WORDS = ("خرج", "من", "إلى", "عبر", "مخيم", "اليرموك", "وبالحجر", "الأسود", "يوم", "الخميس", "أمس", "قبل", "يومين",
         "٣١", "ديسمبر", "٢٠١٧", "كانون", "الأول", "بين", "3", "و9", "أشخاص", "نحو", "200", "مقاتل", "4", "آلاف",
         "دولار", "$", "،", ".", "\n", "الـ", "28", "من", "الشهر", "الماضي", "<b>", "&", "ّ", "ـ", "Yarmouk", "camp",
         "last", "Thursday", "between", "and", "people", "2017-12-31", "31/12/2017", "الثامن", "والعشرين")


@pytest.mark.parametrize("seed", range(40))
def test_random_word_salad_never_breaks_a_span(seed, small_gazetteer):
    import random
    rng = random.Random(seed)
    text = "".join(rng.choice(WORDS) + rng.choice(("", " ", " ", "  ")) for _ in range(rng.randint(0, 60)))
    for publication in (None, "2017-12-31"):
        reading = read_report(text, publication_date=publication, outlet="T", seed="t.txt", gazetteer=small_gazetteer)
        for mention in (*reading.places, *reading.dates, *reading.counts, *reading.amounts, *reading.sentences):
            assert text[mention.start:mention.end] == mention.text
        for draft in reading.drafts:
            Event.from_record(draft)
        markup = highlight_html(reading, small_gazetteer)
        inner = re.sub(r"^<div[^>]*>|</div>$", "", markup)
        assert html.unescape(re.sub(r"</?mark[^>]*>", "", inner)) == text
