"""Arabic number words and day ordinals."""
import pytest

from reader.numerals import read_cardinal, read_day_ordinal
from reader.text import fold

UNITS = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
TENS = ["عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
ORDINAL_UNITS = ["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]


def _read(reader, phrase):
    return reader(fold(phrase).split(), 0)


@pytest.mark.parametrize("phrase, value, used", [
    ("أربعة أشخاص", 4, 1), ("ثلاث قادة", 3, 1), ("خمس عائلات", 5, 1), ("عشرة أيام", 10, 1),
    ("أحد عشر", 11, 2), ("اثنا عشر", 12, 2), ("تسعة عشر", 19, 2), ("خمس وعشرون", 25, 2),
    ("خمسة و عشرين", 25, 3), ("مئتين", 200, 1), ("ثلاثمئة وخمسون", 350, 2), ("4 آلاف", 4000, 2),
    ("ألفين", 2000, 1), ("ألف", 1000, 1), ("2,000 عنصر", 2000, 1), ("200 مقاتل", 200, 1),
])
def test_cardinals(phrase, value, used):
    assert _read(read_cardinal, phrase) == (value, used)


@pytest.mark.parametrize("phrase", ["الأربعة", "عدد", "مقاتل", ""])
def test_not_cardinals(phrase):
    assert _read(read_cardinal, phrase) is None


@pytest.mark.parametrize("tens_index", range(len(TENS)))
@pytest.mark.parametrize("unit_index", range(len(UNITS)))
def test_compound_cardinals_round_trip(unit_index, tens_index):
    phrase = f"{UNITS[unit_index]} و{TENS[tens_index]}"
    assert _read(read_cardinal, phrase) == ((unit_index + 1) + (tens_index + 2) * 10, 2)


def _ordinal_words(day: int) -> str:
    """Write a day 1..31 as an Arabic ordinal, independently of the reader's tables."""
    if day == 1:
        return "الأول"
    if day < 10:
        return ORDINAL_UNITS[day - 1]
    if day == 10:
        return "العاشر"
    if day < 20:
        return f"{ORDINAL_UNITS[day - 11]} عشر"
    tens = "العشرين" if day < 30 else "الثلاثين"
    return tens if day % 10 == 0 else f"{ORDINAL_UNITS[day % 10 - 1]} وال{tens[2:]}"


@pytest.mark.parametrize("day", range(1, 32))
def test_day_ordinals_round_trip(day):
    phrase = _ordinal_words(day)
    assert _read(read_day_ordinal, phrase) == (day, len(phrase.split()))


def test_thirty_three_is_not_a_day():
    assert _read(read_day_ordinal, "الثالث والثلاثين") == (3, 1)
