"""Drafts from sentences with a movement word; each is a valid event record once saved."""
import datetime as dt

import pytest

from reader import ReaderValueError, highlight_html, read_report
from events.schema import FIELDS, Event

PUBLISHED = dt.date(2017, 12, 31)


def _drafts(text, gazetteer, **kwargs):
    kwargs.setdefault("outlet", "Test outlet")
    kwargs.setdefault("seed", "test.txt")
    return read_report(text, gazetteer=gazetteer, publication_date=PUBLISHED, **kwargs).drafts


@pytest.mark.parametrize("text, origin, via, destination, location", [
    ("خرج أربعة أشخاص من مخيم اليرموك إلى محافظة إدلب.", "geonames:166716", "", "geonames:169387", ""),
    ("فرّ 8 عناصر من الحجر الأسود عبر معمل بردى.", "geonames:8419677", "local:barada-factory", "", ""),
    ("خرجوا من خلال معمل بردى إلى ببيلا.", "", "local:barada-factory", "geonames:171998", ""),
    ("وصلوا إلى مناطق سيطرة المعارضة في إدلب.", "", "", "geonames:169387", ""),
    ("توجه المسلحون نحو حي القدم.", "", "", "local:al-qadam", ""),
    ("عاد الهدوء إلى حوض اليرموك بعد خروج المقاتلين منه.", "local:yarmouk-basin", "", "", ""),   # منه: from it
    ("They fled from al-Hajar al-Aswad to Idlib.", "geonames:8419677", "", "geonames:169389", ""),
    ("لجؤوا إلى القسم الشرقي من حي القدم.", "", "", "local:al-qadam", ""),
    ("خرج عناصر وكانت وجهتهم إدلب.", "", "", "geonames:169387", ""),
    ("خرجوا ثم تم القبض عليهم من قبل فصيل على أطراف مخيم اليرموك.", "", "", "", "geonames:166716"),
])
def test_roles(text, origin, via, destination, location, small_gazetteer):
    drafts = _drafts(text, small_gazetteer)
    assert len(drafts) == 1
    draft = drafts[0]
    assert (draft["origin"], draft["via"], draft["destination"], draft["location"]) == (origin, via, destination,
                                                                                         location)
    assert draft["quote_ar"] == text.strip()


@pytest.mark.parametrize("text", [
    "سيطر التنظيم على مخيم اليرموك.",        # a place but no movement
    "خرج أربعة أشخاص يوم الخميس.",            # movement but no place
])
def test_no_draft_without_movement_and_place(text, small_gazetteer):
    assert _drafts(text, small_gazetteer) == ()


@pytest.mark.parametrize("text, event_type, outcome", [
    ("خرج أربعة أشخاص من مخيم اليرموك.", "exit", "unknown"),
    ("خرجوا فجر الخميس ووصلوا إلى إدلب.", "exit", "arrived"),
    ("اعتقل التنظيم سبعة عناصر أثناء محاولتهم الخروج عبر معمل بردى.", "arrest", "captured"),
    ("تم القبض عليهم بعد خروجهم من الحجر الأسود.", "capture", "captured"),
    ("منع التنظيم خروج عائلات من جنوب دمشق.", "movement_blocked", "blocked"),
    ("Seven fighters were arrested while trying to leave Yarmouk camp.", "arrest", "captured"),
    ("Four people fled Yarmouk camp and reached Idlib.", "exit", "arrived"),
])
def test_type_and_outcome(text, event_type, outcome, small_gazetteer):
    draft = _drafts(text, small_gazetteer)[0]
    assert (draft["event_type"], draft["outcome"]) == (event_type, outcome)


def test_a_full_draft_round_trips_through_the_event_type(small_gazetteer):
    text = ("خرج صباح الخميس الثامن والعشرين من شهر كانون الأول الحالي، أربعة أشخاص من مخيم اليرموك "
            "إلى محافظة إدلب مقابل 4 آلاف دولار للشخص الواحد، بينهم “أبو محمد جند الله”.")
    draft = _drafts(text, small_gazetteer)[0]
    assert set(draft) == set(FIELDS)
    event = Event.from_record(draft)
    assert event.status == "draft" and event.confidence == "low"
    assert (event.date_start, event.date_end, event.date_precision) == (dt.date(2017, 12, 28),) * 2 + ("day",)
    assert (event.count_min, event.count_max, event.count_unit) == (4, 4, "people")
    assert (event.paid_usd_min, event.paid_usd_max) == (4000, 4000)
    assert "per person" in event.summary_en
    assert event.names == ("أبو محمد جند الله",)
    assert Event.from_record(event.to_record()) == event


def test_unknown_stays_empty(small_gazetteer):
    draft = read_report("خرجوا فجر الخميس من مخيم اليرموك.", gazetteer=small_gazetteer, outlet="X",
                        seed="t.txt").drafts[0]
    assert (draft["date_start"], draft["date_end"], draft["date_precision"]) == ("", "", "unknown")
    assert draft["date_relative"] == "فجر الخميس"
    assert draft["count_min"] == "" and draft["count_unit"] == ""
    assert Event.from_record(draft).date_start is None


def test_a_repeated_headline_gives_one_draft(small_gazetteer):
    line = "خروج سبع قيادات من جنوب دمشق إلى إدلب"
    assert len(_drafts(f"{line}\n{line}\n\n{line}.", small_gazetteer)) == 1


@pytest.mark.parametrize("value", ["31/12/2017", "yesterday", "20171231", 20171231, "2017-02-30"])
def test_bad_publication_date_names_the_field(value, small_gazetteer):
    with pytest.raises(ReaderValueError) as caught:
        read_report("نص", publication_date=value, gazetteer=small_gazetteer)
    assert caught.value.field == "publication_date"


def test_text_must_be_text(small_gazetteer):
    with pytest.raises(ReaderValueError) as caught:
        read_report(None, gazetteer=small_gazetteer)
    assert caught.value.field == "text"


@pytest.mark.parametrize("text", [
    '<script>alert("x")</script> خرجوا من مخيم اليرموك',
    'خرجوا من مخيم اليرموك <img src=x onerror=alert(1)> & "أبو" 8 عناصر',
])
def test_highlighted_html_escapes_the_text(text, small_gazetteer):
    reading = read_report(text, gazetteer=small_gazetteer, publication_date=PUBLISHED)
    markup = highlight_html(reading, small_gazetteer)
    assert "<script>" not in markup and "<img" not in markup
    assert "&lt;" in markup
    assert markup.count("<mark") == len(reading.places) + len(reading.dates) + len(reading.counts) + len(
        reading.amounts)
    assert 'dir="rtl"' in markup
    assert '<mark class="reader-place"' in markup


def test_highlighted_english_is_left_to_right(small_gazetteer):
    markup = highlight_html(read_report("They reached Yarmouk camp.", gazetteer=small_gazetteer), small_gazetteer)
    assert 'dir="ltr"' in markup and ">Yarmouk camp</mark>" in markup
