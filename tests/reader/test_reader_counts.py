"""Counts of people and dollar amounts."""
import pytest

from reader.counts import find_counts
from reader.money import find_money


@pytest.mark.parametrize("text, minimum, maximum, unit, approximate", [
    ("خرج أربعة أشخاص من الحي", 4, 4, "people", False),
    ("تلا ذلك خروج ثلاث قادة آخرين", 3, 3, "leaders", False),
    ("انشقت خمس عائلات عن التنظيم", 5, 5, "families", False),
    ("بالإضافة إلى عنصرين من الجنسية الكازخستانية", 2, 2, "fighters", False),
    ("خروج 8 عناصر من التنظيم", 8, 8, "fighters", False),
    ("حاصرت 200 مقاتل", 200, 200, "fighters", False),
    ("غادر نحو 2000 عنصر المنطقة", 2000, 2000, "fighters", True),
    ("كان عددهم قرابة 70 عنصراً", 70, 70, "fighters", True),
    ("ما يقارب 300 عائلة", 300, 300, "families", True),
    ("بأعداد تتراوح بين 3 إلى 9 أشخاص", 3, 9, "people", False),
    ("تتراوح أعدادها بين ثلاثة عناصر إلى تسعة عناصر", 3, 9, "fighters", False),
    ("بين 3 و9 أشخاص", 3, 9, "people", False),
    ("خرج أربعة مدنيين", 4, 4, "civilians", False),
    ("خمس وعشرون عائلة", 25, 25, "families", False),
    ("يقدر أعدادهم بنحو 200، ويتواجدون", 200, 200, "", True),
    ("خرج أكثر من 20 عنصراً", 21, None, "fighters", False),
    ("ما لا يقل عن خمس عائلات", 5, None, "families", False),
    ("خرج 3 أشخاص على الأقل", 3, None, "people", False),
    ("خرج 3 أشخاص على متن حافلة", 3, 3, "people", False),
])
def test_counts(text, minimum, maximum, unit, approximate):
    found = find_counts(text)
    assert len(found) == 1, found
    count = found[0]
    assert (count.minimum, count.maximum, count.unit, count.approximate) == (minimum, maximum, unit, approximate)
    assert text[count.start:count.end] == count.text


@pytest.mark.parametrize("text", [
    "لم يستلموا مرتباتهم منذ 6 شهور", "قبل ما يقارب 72 ساعة من تسريب الاتفاق", "عام 2014",
    "يوم الأحد 24 كانون الأول", "دفع 4 آلاف دولار", "الأربعة هم", "مقاتلين من التنظيم",
])
def test_not_counts(text):
    assert find_counts(text) == []


@pytest.mark.parametrize("number", [1, 7, 12, 99, 250, 1500, 2000, 15000])
@pytest.mark.parametrize("noun, unit", [("عنصر", "fighters"), ("شخص", "people"), ("عائلة", "families")])
def test_digit_counts_round_trip(number, noun, unit):
    found = find_counts(f"خرج {number} {noun} أمس")
    assert [(c.minimum, c.maximum, c.unit) for c in found] == [(number, number, unit)]


@pytest.mark.parametrize("text, minimum, maximum, per_person", [
    ("قدر الحد الأدنى للمبلغ بـ 4 آلاف دولار للشخص الواحد", 4000, None, True),
    ("دفع ما لا يقل عن 500 دولار", 500, None, False),
    ("يتراوح المبلغ بين 1500 دولار إلى 3000 دولار بحسب الوجهة", 1500, 3000, False),
    ("دفع ٥٠٠ دولار", 500, 500, False),
    ("مقابل 700$ للعنصر", 700, 700, True),
    ("نحو ألف دولار", 1000, 1000, False),
])
def test_dollars(text, minimum, maximum, per_person):
    found = find_money(text)
    assert len(found) == 1, found
    amount = found[0]
    assert (amount.minimum, amount.maximum, amount.per_person) == (minimum, maximum, per_person)
    assert text[amount.start:amount.end] == amount.text
    assert find_counts(text) == []


@pytest.mark.parametrize("text", ["خرج 8 عناصر", "منذ 6 شهور", "عام 2017"])
def test_not_money(text):
    assert find_money(text) == []


@pytest.mark.parametrize("text, minimum, maximum, unit, approximate", [
    ("Some 200 fighters left", 200, 200, "fighters", True),
    ("between 3 and 9 people", 3, 9, "people", False),
    ("more than 20 militants", 21, None, "fighters", False),
    ("at least 7 civilians", 7, None, "civilians", False),
    ("about 2,000 members", 2000, 2000, "fighters", True),
])
def test_english_counts(text, minimum, maximum, unit, approximate):
    assert [(c.minimum, c.maximum, c.unit, c.approximate) for c in find_counts(text)] == [
        (minimum, maximum, unit, approximate)]


@pytest.mark.parametrize("text, minimum, maximum, per_person, written", [
    ("They paid $4,000 per person", 4000, 4000, True, "$4,000"),
    ("between $1,500 and $3,000", 1500, 3000, False, "between $1,500 and $3,000"),
    ("500 dollars each", 500, 500, True, "500 dollars"),
])
def test_english_dollars(text, minimum, maximum, per_person, written):
    assert [(a.minimum, a.maximum, a.per_person, a.text) for a in find_money(text)] == [
        (minimum, maximum, per_person, written)]
    assert find_counts(text) == []


@pytest.mark.parametrize("text, minimum, unit", [
    ("around 2000 Syrians", 2000, "people"), ("1450 رجل", 1450, "people"), ("١٩ شابا", 19, "people"),
    ("ثمانية شبان", 8, "people"), ("150 rebels", 150, "fighters"), ("around 500 evacuees", 500, "people"),
])
def test_more_nouns_count_people(text, minimum, unit):
    assert [(c.minimum, c.unit) for c in find_counts(text)] == [(minimum, unit)]
