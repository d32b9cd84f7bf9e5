"""Date expressions resolved against the publication date, or left open without it."""
import datetime as dt

import pytest

from reader.dates import find_dates

D = dt.date
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
            "نوفمبر", "ديسمبر"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUNDAY = D(2017, 12, 31)


def _only(text, publication=None):
    found = find_dates(text, publication)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start:mention.end] == mention.text
    return mention


@pytest.mark.parametrize("names", [LEVANTINE, EGYPTIAN], ids=["levantine", "egyptian"])
@pytest.mark.parametrize("indic", [False, True], ids=["western-digits", "arabic-indic-digits"])
def test_every_day_of_a_year_round_trips(names, indic):
    day = D(2016, 1, 1)
    while day.year == 2016:
        text = f"خرجوا في {day.day} {names[day.month - 1]} {day.year} من المنطقة"
        if indic:
            text = text.translate(INDIC)
        mention = _only(text)
        assert (mention.date_start, mention.date_end, mention.precision) == (day, day, "day")
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("text, publication, window, precision", [
    ("● أخبار سورية ٣١ ديسمبر ٢٠١٧", None, (D(2017, 12, 31), D(2017, 12, 31)), "day"),
    ("خرج صباح الخميس الثامن والعشرين من شهر كانون الأول الحالي", SUNDAY, (D(2017, 12, 28),) * 2, "day"),
    ("يوم الأحد 24 كانون الأول", SUNDAY, (D(2017, 12, 24),) * 2, "day"),
    # no year in the text: from the publication date, last year when the month is still ahead
    ("في 28 كانون الأول", D(2018, 1, 3), (D(2017, 12, 28),) * 2, "day"),
    ("في شهر تموز 2017", None, (D(2017, 7, 1), D(2017, 7, 31)), "month"),
    ("في منتصف شهر آب 2017", None, (D(2017, 8, 11), D(2017, 8, 20)), "month"),
    ("أواخر عام 2014", None, (D(2014, 9, 1), D(2014, 12, 31)), "year"),
    ("خلال عام 2016", None, (D(2016, 1, 1), D(2016, 12, 31)), "year"),
    ("بتاريخ 31/12/2017 خرجوا", None, (D(2017, 12, 31),) * 2, "day"),
    ("بتاريخ ٥-٧-٢٠١٧", None, (D(2017, 7, 5),) * 2, "day"),
    ("نشر في 2017-07-11", None, (D(2017, 7, 11),) * 2, "day"),
])
def test_explicit_dates(text, publication, window, precision):
    mention = _only(text, publication)
    assert (mention.date_start, mention.date_end) == window
    assert mention.precision == precision
    assert mention.relative == ""


@pytest.mark.parametrize("text, window, precision", [
    ("أمس", (D(2017, 12, 30),) * 2, "day"),
    ("وذكرت المصادر بالأمس", (D(2017, 12, 30),) * 2, "day"),
    ("أول من أمس", (D(2017, 12, 29),) * 2, "day"),
    ("أول أمس", (D(2017, 12, 29),) * 2, "day"),
    ("قبل يوم", (D(2017, 12, 30),) * 2, "day"),
    ("قبل يومين", (D(2017, 12, 28), D(2017, 12, 30)), "week"),
    ("قبل ثلاثة أيام", (D(2017, 12, 27), D(2017, 12, 29)), "week"),
    ("منذ عشرة أيام", (D(2017, 12, 20), D(2017, 12, 22)), "week"),
    ("قبل أسبوع", (D(2017, 12, 21), D(2017, 12, 27)), "week"),
    ("الخميس", (D(2017, 12, 28),) * 2, "day"),
    ("فجر الخميس", (D(2017, 12, 28),) * 2, "day"),
    ("يوم الجمعة", (D(2017, 12, 29),) * 2, "day"),
    ("يوم الأحد", (D(2017, 12, 31),) * 2, "day"),
    ("الأحد الماضي", (D(2017, 12, 24),) * 2, "day"),
    ("ليلة الخميس", (D(2017, 12, 27), D(2017, 12, 28)), "week"),
    ("يومي الثلاثاء والأربعاء القادمين", (D(2018, 1, 2), D(2018, 1, 3)), "week"),
    ("منتصف الشهر الماضي", (D(2017, 11, 11), D(2017, 11, 20)), "month"),
    ("مطلع الشهر الجاري", (D(2017, 12, 1), D(2017, 12, 10)), "month"),
    ("الشهر الماضي", (D(2017, 11, 1), D(2017, 11, 30)), "month"),
    ("الأسبوع الجاري", (D(2017, 12, 30), D(2018, 1, 5)), "week"),
    ("خلال الإسبوع الفائت", (D(2017, 12, 23), D(2017, 12, 29)), "week"),
    ("العام الماضي", (D(2016, 1, 1), D(2016, 12, 31)), "year"),
    ("في الـ 28 من الشهر الجاري", (D(2017, 12, 28),) * 2, "day"),
    ("يوم الخميس 23 الشهر الماضي", (D(2017, 11, 23),) * 2, "day"),
])
def test_relative_dates_with_publication_date(text, window, precision):
    mention = _only(text, SUNDAY)
    assert (mention.date_start, mention.date_end, mention.precision) == (*window, precision)
    assert mention.relative == mention.text
    assert mention.basis


@pytest.mark.parametrize("text", ["أمس", "أول من أمس", "قبل يومين", "منذ عشرة أيام", "فجر الخميس",
                                  "منتصف الشهر الماضي", "الأسبوع الفائت", "في 24 كانون الأول",
                                  "الثامن والعشرين من شهر كانون الأول الحالي", "في الـ 28 من الشهر الجاري"])
def test_without_publication_date_nothing_is_invented(text):
    mention = _only(text, None)
    assert mention.date_start is None and mention.date_end is None
    assert mention.precision == "unknown"
    assert "publication date" in mention.basis


@pytest.mark.parametrize("publication", [D(2017, 12, 25) + dt.timedelta(days=n) for n in range(7)])
@pytest.mark.parametrize("weekday_index, name", enumerate(
    ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]))
def test_a_weekday_is_the_nearest_such_day_not_after_publication(publication, weekday_index, name):
    mention = _only(f"يوم {name}", publication)
    assert mention.date_start == mention.date_end
    assert mention.date_start.weekday() == weekday_index
    assert 0 <= (publication - mention.date_start).days < 7


def test_wrong_weekday_is_reported_not_corrected():
    mention = _only("يوم الخميس 24 كانون الأول 2017")
    assert mention.date_start == D(2017, 12, 24)
    assert "Thursday" in mention.basis and "Sunday" in mention.basis


@pytest.mark.parametrize("text", ["عاد الاثنين إلى المنزل", "أب وابنه", "مقابل مبالغ مالية", "خلال الأيام القادمة",
                                  "31 شباط 2017 هو تاريخ غير موجود", "رقم 31/13/2017", "الهاتف 11-12-2017-5"])
def test_not_dates_or_impossible_dates(text):
    found = find_dates(text, SUNDAY)
    assert all(m.date_start is None for m in found)


@pytest.mark.parametrize("text, window, precision", [
    ("They left on 28 December 2017.", (D(2017, 12, 28),) * 2, "day"),
    ("on December 28, 2017", (D(2017, 12, 28),) * 2, "day"),
    ("on the 21st of December", (D(2017, 12, 21),) * 2, "day"),
    ("on Dec 15", (D(2017, 12, 15),) * 2, "day"),
    ("last Thursday", (D(2017, 12, 28),) * 2, "day"),
    ("on Friday", (D(2017, 12, 29),) * 2, "day"),
    ("yesterday", (D(2017, 12, 30),) * 2, "day"),
    ("the day before yesterday", (D(2017, 12, 29),) * 2, "day"),
    ("two days ago", (D(2017, 12, 28), D(2017, 12, 30)), "week"),
    ("last week", (D(2017, 12, 23), D(2017, 12, 29)), "week"),
    ("next month", (D(2018, 1, 1), D(2018, 1, 31)), "month"),
])
def test_english_dates(text, window, precision):
    mention = _only(text, SUNDAY)
    assert (mention.date_start, mention.date_end, mention.precision) == (*window, precision)


@pytest.mark.parametrize("text", ["in May they may march on", "the march was long"])
def test_english_month_words_alone_are_not_dates(text):
    assert find_dates(text, SUNDAY) == []


@pytest.mark.parametrize("text, start, end, precision", [
    # datelines in their common shapes
    ("2017.11.03 | 09:40", "2017-11-03", "2017-11-03", "day"),
    ("2017/11/03 - دمشق", "2017-11-03", "2017-11-03", "day"),
    ("دمشق - 3 تشرين الثاني", "2017-11-03", "2017-11-03", "day"),
    # a part of a month is that part, not the 1st
    ("منتصف آذار", "2017-03-11", "2017-03-20", "month"),
    ("mid-March", "2017-03-11", "2017-03-20", "month"),
    ("أواخر الشهر الماضي", "2017-10-21", "2017-10-31", "month"),
    ("late 2015", "2015-09-01", "2015-12-31", "year"),
    # since: from then until the report, as wide as it is
    ("منذ آذار", "2017-03-01", "2017-11-09", "year"),
    ("since March", "2017-03-01", "2017-11-09", "year"),
    ("since late 2015", "2015-09-01", "2017-11-09", "unknown"),
    ("منذ أواخر 2015", "2015-09-01", "2017-11-09", "unknown"),
    # relative days against the report's date (Thursday 9 November 2017)
    ("فجر اليوم", "2017-11-09", "2017-11-09", "day"),
    ("مساء أمس", "2017-11-08", "2017-11-08", "day"),
    ("قبل ثلاثة أيام", "2017-11-05", "2017-11-07", "week"),
    ("يوم الأحد", "2017-11-05", "2017-11-05", "day"),
])
def test_date_shapes(text, start, end, precision):
    (found,) = [d for d in find_dates(text, dt.date(2017, 11, 9)) if d.is_resolved]
    assert (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["in May they said", "may leave", "since then", "منذ ذلك الحين"])
def test_no_date_without_a_date(text):
    assert [d for d in find_dates(text, dt.date(2017, 11, 9)) if d.is_resolved] == []
