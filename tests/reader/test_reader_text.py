"""Words, sentences and the folded view keep their spans in the original text."""
import pytest

from reader.text import Folded, fold, is_mostly_arabic, sentences, words


@pytest.mark.parametrize("text, expected", [
    ("فرّوا إلى إدلب", ["فرّوا", "إلى", "إدلب"]),
    ("بـ 4 آلاف", ["بـ", "4", "آلاف"]),
    ("Yarmouk camp, al-Hajar", ["Yarmouk", "camp", "al", "Hajar"]),
    ("٣١ ديسمبر ٢٠١٧", ["٣١", "ديسمبر", "٢٠١٧"]),
])
def test_words_keep_diacritics_and_spans(text, expected):
    found = words(text)
    assert [w.text for w in found] == expected
    assert all(text[w.start:w.end] == w.text for w in found)


@pytest.mark.parametrize("text, count", [
    ("خرجوا فجر الخميس. ووصلوا إلى إدلب.", 2),
    ("هل خرجوا؟ نعم\nوصلوا", 3),
    ("بلغ المبلغ 3.5 مليون دولار. انتهى", 2),
    ("  \n\n ", 0),
    ("قال: «خرجوا»؛ ثم عادوا", 2),
])
def test_sentences_cover_the_text_in_order(text, count):
    found = sentences(text)
    assert len(found) == count
    assert all(text[s.start:s.end] == s.text and s.text == s.text.strip() for s in found)
    assert [s.start for s in found] == sorted(s.start for s in found)


@pytest.mark.parametrize("original", ["فرّوا إلى إدلبَ", "الـحجر الأسود", "أبو عبد الإله ٢٠١٧", "plain text"])
def test_folded_positions_map_back_to_the_original(original):
    folded = Folded.of(original)
    assert folded.text == fold(original)
    # every folded character sits on an original character that folds to it
    for index, char in enumerate(folded.text):
        assert fold(original[folded.offsets[index]]) == char
    whole = folded.span(0, len(folded.text))
    assert original[whole.start:whole.end] == whole.text


@pytest.mark.parametrize("raw, folded", [("إلى", "الي"), ("آذار", "اذار"), ("٢٠١٧", "2017"), ("فرّوا", "فروا"),
                                          ("بـ", "ب")])
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize("text, arabic", [("خرجوا إلى إدلب", True), ("They left for Idlib", False),
                                          ("Idlib إدلب وحلب", True), ("", False)])
def test_direction(text, arabic):
    assert is_mostly_arabic(text) is arabic
