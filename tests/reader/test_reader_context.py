"""Drafts that borrow an origin (or a destination) from the sentences around them, and the cases
where borrowing would be wrong. Sentences written for the tests, read with the small gazetteer."""
import pytest

from reader import read_report
from reader.context import QUOTE_SEPARATOR, joined_quote, points_back_at
from reader.text import sentences
from events.schema import Event

YARMOUK, HAJAR, BARADA, QADAM = "geonames:166716", "geonames:8419677", "local:barada-factory", "local:al-qadam"
IDLIB, BABILA, SOUTH, BASIN = "geonames:169387", "geonames:171998", "local:southern-damascus", "local:yarmouk-basin"


def _drafts(text, gazetteer):
    return read_report(text, gazetteer=gazetteer, outlet="Test outlet", seed="test.txt").drafts


def _routes(drafts):
    return [(d["origin"], d["via"], d["destination"]) for d in drafts]


@pytest.mark.parametrize("text, routes", [
    # a journey told in two sentences of a paragraph is one draft: the later one completes the earlier
    ("خرج ثمانية عناصر من مخيم اليرموك فجر الخميس. ووصل معظمهم إلى إدلب بعد يومين.", [(YARMOUK, "", IDLIB)]),
    ("بدأ عناصر التنظيم في الحجر الأسود بالخروج عبر معمل بردى. ومعظم الذين خرجوا كانت وجهتهم إدلب وببيلا.",
     [(HAJAR, BARADA, IDLIB), (HAJAR, BARADA, BABILA)]),
    # a new paragraph about "others" starts afresh
    ("خرج ثمانية عناصر من مخيم اليرموك فجر الخميس.\nووصل آخرون إلى إدلب بعد يومين.",
     [(YARMOUK, "", ""), ("", "", IDLIB)]),
    # a sentence that says where it happened does not borrow: the group left from there
    ("خرج ثمانية عناصر من مخيم اليرموك. ثم اعتقل التنظيم عنصرين في الحجر الأسود أثناء محاولتهم الخروج إلى ببيلا.",
     [(YARMOUK, "", ""), (HAJAR, "", BABILA)]),
    # "من المنطقة" in a later paragraph points back to the headline's origin: one journey
    ("خروج عناصر من جنوب العاصمة\n\nكانت أولى عمليات الخروج من المنطقة في الشهر الماضي وكانت وجهتهم حوض اليرموك.",
     [(SOUTH, "", BASIN)]),
    # ... but to the place the paragraph named just before it, when it named one
    ("خروج عناصر من جنوب العاصمة\n\nسيطر التنظيم على ببيلا، وكانت عمليات الخروج من المنطقة تتم ليلاً إلى إدلب.",
     [(SOUTH, "", ""), (BABILA, "", IDLIB)]),
    # a headline's journey goes on in the body
    ("خروج عناصر من جنوب العاصمة\n\nووصل عشرون مقاتلاً إلى إدلب.", [(SOUTH, "", IDLIB)]),
    # a headline that is no movement still names what "the area" is
    ("سيطرة التنظيم على جنوب العاصمة\n\nكانت أولى عمليات الخروج من المنطقة إلى إدلب.", [(SOUTH, "", IDLIB)]),
    # the next sentence names only the destination: it completes the draft
    ("خرج أبو أحمد من مخيم اليرموك. وترجح مصادرنا أن وجهته إدلب.", [(YARMOUK, "", IDLIB)]),
    ("خرج أبو أحمد من مخيم اليرموك.\nوترجح مصادرنا أن وجهته إدلب.", [(YARMOUK, "", IDLIB)]),
    # ... but a place named as something else does not
    ("خرج أبو أحمد من مخيم اليرموك. وقالت مصادر إن التنظيم يسيطر على إدلب.", [(YARMOUK, "", "")]),
])
def test_context(text, routes, small_gazetteer):
    assert _routes(_drafts(text, small_gazetteer)) == routes


@pytest.mark.parametrize("text, routes", [
    ("خرج أربعة أشخاص من مناطق سيطرة التنظيم جنوبي دمشق إلى محافظة إدلب.", [(SOUTH, "", IDLIB)]),
    ("ومع تكرار حالات خروج عناصر من جنوب العاصمة إلى إدلب.", [(SOUTH, "", IDLIB)]),
    ("خرج 8 عناصر من الحجر الأسود عبر نقاط قوات الأسد في معمل بردى.", [(HAJAR, BARADA, "")]),
    ("خرج عنصران عبر معمل بردى من جهة ببيلا.", [("", BARADA, "")]),
    ("بدأ عناصر التنظيم في الحجر الأسود بالخروج على شكل مجموعات صغيرة.", [(HAJAR, "", "")]),
    ("قالت مصادر في الحجر الأسود، خروج العناصر مستمر.", []),      # the source's place is no journey
    # و joins two destinations: one draft each; unjoined destinations are legs of one journey
    ("خرج عشرة عناصر من الحجر الأسود إلى إدلب وببيلا.", [(HAJAR, "", IDLIB), (HAJAR, "", BABILA)]),
    # a refuge, then the next leg from it
    ("لجؤوا إلى حي القدم للخروج لاحقاً إلى ببيلا.", [("", "", QADAM), (QADAM, "", BABILA)]),
    ("فر عنصر من القدم وآخر من ببيلا إلى إدلب.", [(QADAM, "", IDLIB), (BABILA, "", IDLIB)]),
])
def test_sentence_roles(text, routes, small_gazetteer):
    assert _routes(_drafts(text, small_gazetteer)) == routes


def test_a_journey_in_two_sentences_quotes_both(small_gazetteer):
    text = "بدأ عناصر التنظيم في الحجر الأسود بالخروج عبر معمل بردى. ومعظم الذين خرجوا كانت وجهتهم إدلب وببيلا."
    first, second = sentences(text)
    drafts = _drafts(text, small_gazetteer)
    assert len(drafts) == 2
    for draft in drafts:
        assert draft["quote_ar"] == first.text + QUOTE_SEPARATOR + second.text
        assert "One journey told in 2 sentence(s)" in draft["notes"] and "several destinations" in draft["notes"]
    assert len({d["id"] for d in drafts}) == len(drafts)
    for draft in drafts:
        event = Event.from_record(draft)
        assert Event.from_record(event.to_record()) == event


def test_a_completed_destination_is_cited_and_said(small_gazetteer):
    text = "خرج أبو أحمد من مخيم اليرموك. وترجح مصادرنا أن وجهته إدلب."
    first, second = sentences(text)
    (draft,) = _drafts(text, small_gazetteer)
    assert draft["quote_ar"] == first.text + QUOTE_SEPARATOR + second.text
    assert "One journey told in 2 sentence(s)" in draft["notes"] and "to Idlib" in draft["summary_en"]
    Event.from_record(draft)
@pytest.mark.parametrize("sentence, found", [
    ("كانت أولى عمليات الخروج من المنطقة منتصف الشهر", True),
    ("لن يخرجوا من الحي", True),
    ("they left from the area at night", True),
    ("خرجوا من المنطقة الشرقية", False),     # a named area, not a pointer back
    ("خرجوا من منطقة القدم", False),
    ("خرجوا من المنطقتين", False),
])
def test_points_back(sentence, found):
    assert (points_back_at(sentence) is not None) == found


def test_joined_quote_refuses_what_is_not_verbatim():
    text = "خرجوا من المخيم. ووصلوا إلى إدلب."
    first, second = sentences(text)
    assert joined_quote(text, second, first) == first.text + QUOTE_SEPARATOR + second.text
    with pytest.raises(ValueError):
        joined_quote(text.replace("إدلب", "ادلب"), first, second)


def test_a_borrowed_origin_cites_the_sentence_that_names_it(small_gazetteer):
    text = "خرج عشرة عناصر من مخيم اليرموك. ووصل خمسة منهم إلى إدلب. ووصل الباقون إلى ببيلا."
    first, _second, third = sentences(text)
    drafts = _drafts(text, small_gazetteer)
    assert _routes(drafts) == [(YARMOUK, "", IDLIB), (YARMOUK, "", BABILA)]
    assert "carried from an earlier sentence" in drafts[1]["notes"] and first.text in drafts[1]["notes"]
    assert drafts[1]["quote_ar"] == first.text + QUOTE_SEPARATOR + third.text
