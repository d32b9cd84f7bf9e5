"""Names that are not place mentions (section labels, organisations) are not suggested; the same
names in a sentence still are."""
import pytest

from reader import highlight_html, read_report
from reader.labels import is_section_label, organisation_spans

SYRIA, IDLIB, YARMOUK = "geonames:163843", "geonames:169387", "geonames:166716"


@pytest.mark.parametrize("text, syria_mentions", [
    ("● أخبار سورية ٣١ ديسمبر ٢٠١٧\nخرج عناصر من مخيم اليرموك إلى إدلب.", 0),
    ("News Syria 31 December 2017\nخرج عناصر من مخيم اليرموك إلى إدلب.", 0),
    ("سورية\n\nانشقاقات في صفوف التنظيم جنوب دمشق وخروج عناصر", 0),
    ('سهّلت "قوات سورية الديمقراطية" خروجهم إلى إدلب.', 0),
    ("The Syrian Democratic Forces let them reach Idlib.", 0),
    # real mentions stay
    ("نقل الموقع المعني بنقل أخبار سورية عن مصادره أن عناصر خرجوا.", 1),
    ("تراجع التنظيم إلى مناطق صغيرة في سوريا.", 1),
    ("سورية", 1),                                                    # the whole text is the name
    ("خرج عناصر من مخيم اليرموك إلى إدلب.\nسورية", 1),            # below the story, not a header
    ("أخبار سورية والعراق\nخرج عناصر من مخيم اليرموك.", 1),        # a line with other words
    ("قالت قوات سوريا الديمقراطية إن المعارك في سوريا مستمرة.", 1),
])
def test_syria_mentions(text, syria_mentions, small_gazetteer):
    reading = read_report(text, gazetteer=small_gazetteer)
    assert sum(m.place_id == SYRIA for m in reading.places) == syria_mentions
    markup = highlight_html(reading, small_gazetteer)
    assert markup.count('<mark class="reader-place"') == len(reading.places)


def test_other_places_of_a_dropped_line_survive(small_gazetteer):
    text = '● أخبار سورية\nسهّلت "قوات سورية الديمقراطية" خروج عناصر من مخيم اليرموك إلى إدلب.'
    reading = read_report(text, gazetteer=small_gazetteer)
    assert reading.place_ids() == (YARMOUK, IDLIB)
    (draft,) = reading.drafts
    assert (draft["origin"], draft["destination"]) == (YARMOUK, IDLIB)


@pytest.mark.parametrize("text", ['"قوات سورية الديمقراطية"', "قوات  سوريا الديمقراطية", "قوّات سورية الديمقراطيّة"])
def test_organisation_spans_are_spans_of_the_text(text):
    (span,) = organisation_spans(f"قالت {text} أمس")
    assert f"قالت {text} أمس"[span.start:span.end] == span.text and "سوري" in span.text


@pytest.mark.parametrize("text, name, label", [
    ("أخبار سورية\nنص طويل من أربع كلمات", "سورية", True),
    ("أخبار سورية اليوم\nنص طويل من أربع كلمات", "سورية", False),
    ("سورية\nنص طويل من أربع كلمات", "سورية", True),
    ("نص طويل من أربع كلمات\nسورية", "سورية", False),
])
def test_is_section_label(text, name, label):
    start = text.index(name)
    assert is_section_label(text, start, start + len(name)) == label
