"""The words dates are written with in the reports: Arabic (Levantine and Egyptian) and English month names,
weekdays, parts of a day, month and year, and the words of relative dates (الماضي، الحالي، قبل، منذ ...), each
folded the way the reader folds the text (reader.text.fold)."""
from __future__ import annotations

from reader.text import fold

MONTHS_ONE_WORD = {fold(name): number for name, number in (
    ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6), ("تموز", 7), ("آب", 8),
    ("أيلول", 9), ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("إبريل", 4), ("ابريل", 4),
    ("مايو", 5), ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8), ("اغسطس", 8),
    ("سبتمبر", 9), ("أكتوبر", 10), ("اكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12))}


ENGLISH_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
MONTHS_ONE_WORD.update(ENGLISH_MONTHS)


# كانون / تشرين + الأول / الثاني
MONTHS_TWO_WORDS = {("كانون", "الثاني"): 1, ("كانون", "الاول"): 12, ("تشرين", "الاول"): 10,
                    ("تشرين", "الثاني"): 11}


WEEKDAYS = {fold(name): number for name, number in (
    ("الاثنين", 0), ("الإثنين", 0), ("الثلاثاء", 1), ("الأربعاء", 2), ("الاربعاء", 2), ("الخميس", 3),
    ("الجمعة", 4), ("الجمعه", 4), ("السبت", 5), ("الأحد", 6), ("الاحد", 6),
    ("monday", 0), ("tuesday", 1), ("wednesday", 2), ("thursday", 3), ("friday", 4), ("saturday", 5),
    ("sunday", 6))}


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# Words that may stand before a weekday: "يوم الجمعة", "فجر الخميس". ليلة = the night before.
DAY_PARTS = {fold(w) for w in ("يوم", "يومي", "فجر", "صباح", "ظهر", "عصر", "مساء", "ليلة", "ليل", "منتصف", "on")}


NIGHT_BEFORE = {fold("ليلة")}


# الاثنين also means "the two": only a weekday after one of DAY_PARTS.
NEEDS_DAY_PART = {fold("الاثنين")}


PAST = {fold(w) for w in ("الماضي", "الفائت", "المنصرم", "السابق", "الماضية", "الفائتة")}


CURRENT = {fold(w) for w in ("الحالي", "الجاري", "الحالية", "الجارية")}


NEXT = {fold(w) for w in ("القادم", "المقبل", "القادمين", "المقبلين", "القادمة", "المقبلة")}


THIS = {fold("هذا"), fold("هذه")}


MONTH_WORDS = {fold("الشهر")}


WEEK_WORDS = {fold("الأسبوع"), fold("الإسبوع")}


YEAR_WORDS = {fold("العام"), fold("السنة"), fold("السنه")}


YEAR_BEFORE_NUMBER = {fold(w) for w in ("عام", "العام", "سنة", "السنة", "لعام", "عامي")}


MONTH_BEFORE_NAME = {fold("شهر")}


# Parts of a month (days) or of a year (months).
PART_WORDS = {fold(w): part for w, part in (
    ("مطلع", "early"), ("بداية", "early"), ("أوائل", "early"), ("اوائل", "early"), ("أول", "early"),
    ("منتصف", "mid"), ("أواسط", "mid"), ("اواسط", "mid"),
    ("أواخر", "late"), ("اواخر", "late"), ("نهاية", "late"), ("آخر", "late"), ("أواخر", "late"),
    ("early", "early"), ("mid", "mid"), ("late", "late"))}
# "منذ آذار", "since late 2015": from then until the report.
SINCE = {fold(w) for w in ("منذ", "since")}


MONTH_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


YEAR_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


PART_NAMES = {"early": "the early part of", "mid": "the middle of", "late": "the late part of"}


TODAY = {fold("اليوم"), "today"}


YESTERDAY = {fold(w) for w in ("أمس", "الأمس", "البارحة", "yesterday")}


BEFORE_YESTERDAY_FIRST = {fold("أول")}


AGO = {fold(w) for w in ("قبل", "منذ")}


MONTH_ONE = {fold("شهر")}


# English: "28th of December", "December 28, 2017", "last Thursday", "two days ago", "last week".
DAY_SUFFIXES = {"st", "nd", "rd", "th"}


OF_WORDS = {fold("من"), "of"}


ENGLISH_DIRECTION = {"last": -1, "this": 0, "next": 1}


ENGLISH_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "year": "year"}


ENGLISH_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}


DAY_ONE, DAY_TWO, DAYS = {fold("يوم")}, {fold("يومين")}, {fold("أيام"), fold("ايام"), fold("يوما"), fold("يوماً")}
