"""Date expressions in a report, resolved against its publication date into a window.

Explicit dates (٣١ ديسمبر ٢٠١٧، الخميس الثامن والعشرين من شهر كانون الأول الحالي), months
(Levantine and Egyptian names), years, weekdays (فجر الخميس) and relative phrases (أمس، قبل
يومين، منتصف الشهر الماضي، الأسبوع الفائت). Without a publication date anything that needs
one stays open: precision "unknown", no window. A day is never guessed: when the text gives
less, the window is wider and the precision says so (``events.vocabulary.DATE_PRECISIONS``).

Why one module of ~590 lines: every rule (explicit, named-month, year, relative) walks the same token list
with the same window helpers, and reads best beside them; the words the rules look for are apart, in
:mod:`reader.date_words`.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from events.schema import MAX_WINDOW_DAYS
from events.vocabulary import DATE_PRECISIONS
from reader.date_words import (AGO, BEFORE_YESTERDAY_FIRST, CURRENT, DAY_ONE, DAY_PARTS, DAY_SUFFIXES, DAY_TWO, DAYS,
                               ENGLISH_DIRECTION, ENGLISH_MONTHS, ENGLISH_SMALL, ENGLISH_UNITS, MONTH_BEFORE_NAME,
                               MONTH_ONE, MONTH_PART_DAYS, MONTH_WORDS, MONTHS_ONE_WORD, MONTHS_TWO_WORDS,
                               NEEDS_DAY_PART, NEXT, NIGHT_BEFORE, OF_WORDS, PART_NAMES, PART_WORDS, PAST, SINCE, THIS, TODAY,
                               WEEK_WORDS, WEEKDAY_NAMES, WEEKDAYS, YEAR_BEFORE_NUMBER, YEAR_PART_MONTHS, YEAR_WORDS,
                               YESTERDAY)
from reader.numerals import read_cardinal, read_day_ordinal
from reader.text import Folded, Token, fold, tokens

WEEK_ONE, WEEK_TWO = {fold("أسبوع"), fold("اسبوع")}, {fold("أسبوعين"), fold("اسبوعين")}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in the text and the window it stands for (None when open)."""

    text: str
    start: int
    end: int
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    relative: str = ""     # the expression itself when it depends on the publication date
    basis: str = ""        # how the window was derived, in words

    def __post_init__(self):
        if self.precision not in DATE_PRECISIONS:
            raise ValueError(f"precision {self.precision!r} is not one of {', '.join(DATE_PRECISIONS)}")
        if (self.date_start is None) != (self.date_end is None):
            raise ValueError("a date window has both ends or neither")
        if self.precision != "unknown" and self.date_start is None:
            raise ValueError(f"precision {self.precision!r} needs a window")
        if self.date_start is not None:
            if self.date_end < self.date_start:
                raise ValueError(f"window end {self.date_end} is before its start {self.date_start}")
            limit = MAX_WINDOW_DAYS.get(self.precision)
            if limit is not None and (self.date_end - self.date_start).days + 1 > limit:
                raise ValueError(f"a {self.precision} window spans at most {limit} day(s)")

    @property
    def is_resolved(self) -> bool:
        return self.date_start is not None

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """True when both windows are known and share at least one day."""
        if self.date_start is None or start is None or end is None:
            return False
        return self.date_start <= end and start <= self.date_end


@dataclass(frozen=True)
class _Found:
    """What a matcher read: how many tokens, and the window (or why there is none)."""

    used: int
    window: tuple[dt.date, dt.date] | None
    precision: str
    basis: str
    relative: bool


# 31/12/2017, 31-12-2017, 31.12.2017 (day first, as the Arabic press writes it) and 2017-12-31.
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(?:(\d{1,2})([/.-])(\d{1,2})\2(\d{4})|(\d{4})([-./])(\d{1,2})\6(\d{1,2}))"
                          r"(?![\d/.-]?\d)")     # 03.11.2017, 3/11/2017, 2017-11-03, 2017.11.03 (a dateline)


def find_dates(text: str, publication_date: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, resolved against ``publication_date``.

    At each word the numeric form is tried, then ``MATCHERS`` (defined at the end of the module)."""
    folded = Folded.of(text)
    words = tokens(folded)
    numeric = _numeric_dates(folded.text)
    found, i = [], 0
    while i < len(words):
        if words[i].start in numeric:
            end, day = numeric[words[i].start]
            span = folded.span(words[i].start, end)
            found.append(DateMention(span.text, span.start, span.end, day, day, "day", "",
                                     "numeric date in the text (day first)"))
            while i < len(words) and words[i].start < end:
                i += 1
            continue
        hit = next((h for h in (m(words, i, publication_date) for m in MATCHERS) if h is not None), None)
        if hit is None:
            i += 1
            continue
        span = folded.span(words[i].start, words[i + hit.used - 1].end)
        start, end = hit.window if hit.window else (None, None)
        found.append(DateMention(span.text, span.start, span.end, start, end,
                                 hit.precision if hit.window else "unknown", span.text if hit.relative else "",
                                 hit.basis))
        i += hit.used
    return found


def _numeric_dates(folded_text: str) -> dict[int, tuple[int, dt.date]]:
    """Start -> (end, date) of each numeric date that exists in the calendar."""
    found = {}
    for match in NUMERIC_DATE.finditer(folded_text):
        day, month, year = ((match.group(1), match.group(3), match.group(4)) if match.group(1)
                            else (match.group(8), match.group(7), match.group(5)))
        try:
            found[match.start()] = (match.end(), dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return found


# -- helpers -----------------------------------------------------------------------------------
def _at(words: list[Token], i: int) -> Token | None:
    return words[i] if 0 <= i < len(words) else None


def _is(words, i, options) -> bool:
    token = _at(words, i)
    return token is not None and token.is_one_of(options)


def _month_at(words, i) -> tuple[int, int] | None:
    """(month number, tokens used) for a month name at i, else None."""
    token = _at(words, i)
    if token is None:
        return None
    for form in token.forms():
        if form in MONTHS_ONE_WORD:
            return MONTHS_ONE_WORD[form], 1
        second = _at(words, i + 1)
        if second is not None and (form, second.text) in MONTHS_TWO_WORDS:
            return MONTHS_TWO_WORDS[(form, second.text)], 2
    return None


def _year_at(words, i) -> int | None:
    token = _at(words, i)
    if token is not None and token.text.isdigit() and len(token.text) == 4 and 1900 <= int(token.text) <= 2100:
        return int(token.text)
    return None


def _month_window(year: int, month: int, part: str | None = None) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = MONTH_PART_DAYS[part] if part else (1, last)
    return dt.date(year, month, first_day), dt.date(year, month, min(last_day, last))


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week_start(day: dt.date) -> dt.date:
    """Weeks run Saturday to Friday (the Arabic calendar week)."""
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def _part_before(words, i) -> str | None:
    token = _at(words, i - 1)
    if token is None:
        return None
    for form in token.forms():
        if form in PART_WORDS:
            return PART_WORDS[form]
    return None


def _no_publication(used: int, what: str) -> _Found:
    return _Found(used, None, "unknown", f"{what}; no publication date to resolve it against", True)


# -- explicit dates ----------------------------------------------------------------------------
def _weekday_prefix(words, i) -> tuple[int | None, int]:
    """An optional 'صباح/يوم + weekday' before a day number: (weekday or None, tokens used)."""
    used = 1 if _is(words, i, DAY_PARTS) else 0
    token = _at(words, i + used)
    if token is not None:
        for form in token.forms():
            if form in WEEKDAYS:
                return WEEKDAYS[form], used + 1
    return None, 0


def _day_at(words, i) -> tuple[int, int] | None:
    token = _at(words, i)
    if token is None:
        return None
    if token.text.isdigit() and len(token.text) <= 2 and 1 <= int(token.text) <= 31:
        return int(token.text), 1
    return read_day_ordinal(words.texts, i)


def _explicit_day(words, i, publication: dt.date | None) -> _Found | None:
    """[weekday] DAY [من] [شهر] MONTH [YEAR | الحالي | الماضي], or DAY [من] الشهر الجاري/الماضي."""
    weekday, used = _weekday_prefix(words, i)
    day = _day_at(words, i + used)
    if day is None:
        return None
    j = i + used + day[1]
    if _at(words, j) is not None and words[j].text in DAY_SUFFIXES:
        j += 1
    if _is(words, j, OF_WORDS):
        j += 1
    if _is(words, j, MONTH_WORDS) and _is(words, j + 1, CURRENT | PAST):
        return _day_of_named_month(day[0], weekday, _is(words, j + 1, PAST), j + 2 - i, publication)
    if _is(words, j, MONTH_BEFORE_NAME):
        j += 1
    month = _month_at(words, j)
    if month is None:
        return None
    return _day_month_year(words, i, j + month[1], day[0], month[0], weekday, publication)


def _month_first(words, i, publication) -> _Found | None:
    """English order: [weekday] MONTH DAY[th][,] [YEAR] ("December 28, 2017")."""
    weekday, used = _weekday_prefix(words, i)
    token = _at(words, i + used)
    if token is None or token.text not in ENGLISH_MONTHS:
        return None
    day = _at(words, i + used + 1)
    if day is None or not (day.text.isdigit() and len(day.text) <= 2 and 1 <= int(day.text) <= 31):
        return None
    j = i + used + 2
    if _at(words, j) is not None and words[j].text in DAY_SUFFIXES:
        j += 1
    return _day_month_year(words, i, j, int(day.text), ENGLISH_MONTHS[token.text], weekday, publication)


def _day_month_year(words, i, j, day_number, month_number, weekday, publication) -> _Found:
    """Day and month read (tokens i..j-1); a year, or الحالي/الماضي, or the publication year follows."""
    year = _year_at(words, j)
    basis = "explicit date in the text"
    if year is not None:
        j += 1
    elif _is(words, j, CURRENT | PAST):
        if publication is None:
            return _no_publication(j + 1 - i, "day and month given, year from the publication date")
        year = publication.year
        if _is(words, j, PAST) and month_number > publication.month:
            year -= 1
        j += 1
        basis = "day and month in the text; year from the publication date"
    elif publication is not None:
        year = publication.year
        if dt.date(year, month_number, 1) > publication + dt.timedelta(days=31):
            year -= 1
        basis = "day and month in the text; year from the publication date"
    else:
        return _Found(j - i, None, "unknown", "day and month without a year, and no publication date", False)
    try:
        day_date = dt.date(year, month_number, day_number)
    except ValueError:
        return _Found(j - i, None, "unknown", f"day {day_number} does not exist in {year}-{month_number:02d}", False)
    if weekday is not None and day_date.weekday() != weekday:
        basis += (f"; the text says {WEEKDAY_NAMES[weekday]} but {day_date} is a "
                  f"{WEEKDAY_NAMES[day_date.weekday()]}")
    return _Found(j - i, (day_date, day_date), "day", basis, False)


def _day_of_named_month(day: int, weekday: int | None, previous: bool, used: int,
                        publication: dt.date | None) -> _Found:
    """"الـ 28 من الشهر الجاري": a day of the publication month (or of the month before)."""
    which = "the previous month" if previous else "the current month"
    if publication is None:
        return _no_publication(used, f"day {day} of {which}")
    year, month = _shift_month(publication.year, publication.month, -1 if previous else 0)
    try:
        day_date = dt.date(year, month, day)
    except ValueError:
        return _Found(used, None, "unknown", f"day {day} does not exist in {year}-{month:02d}", True)
    basis = f"day {day} of {which}, counted from the publication date"
    if weekday is not None and day_date.weekday() != weekday:
        basis += f"; the text says {WEEKDAY_NAMES[weekday]} but {day_date} is a {WEEKDAY_NAMES[day_date.weekday()]}"
    return _Found(used, (day_date, day_date), "day", basis, True)


def _month_name(words, i, publication, bare: bool = False) -> _Found | None:
    """[part] [شهر] MONTH (YEAR | الحالي | الماضي); a bare month name needs شهر, a part ("منتصف آذار"),
    a year, or (``bare``) "منذ" / "since" before it."""
    j = i
    part = None
    if _at(words, i) is not None and any(f in PART_WORDS for f in words[i].forms()):
        part = _part_before(words, i + 1)
        j += 1
    had_word = _is(words, j, MONTH_BEFORE_NAME)
    if had_word:
        j += 1
    month = _month_at(words, j)
    if month is None:
        return None
    j += month[1]
    year = _year_at(words, j)
    if year is not None:
        j += 1
        basis = "month and year in the text"
    elif _is(words, j, CURRENT | PAST | NEXT) or had_word or part or bare:
        modifier = j if _is(words, j, CURRENT | PAST | NEXT) else None
        if modifier is not None:
            j += 1
        if publication is None:
            return _no_publication(j - i, "month without a year")
        year = publication.year
        if modifier is not None and _is(words, modifier, PAST) and month[0] >= publication.month:
            year -= 1
        elif modifier is not None and _is(words, modifier, NEXT) and month[0] <= publication.month:
            year += 1
        elif modifier is None and dt.date(year, month[0], 1) > publication + dt.timedelta(days=31):
            year -= 1
        basis = "month in the text; year from the publication date"
    else:
        return None
    if part:
        basis = f"{PART_NAMES[part]} the month; " + basis
    return _Found(j - i, _month_window(year, month[0], part), "month", basis, False)


def _year(words, i, publication, bare: bool = False) -> _Found | None:
    """[part] عام YEAR[-YEAR]; "أواخر 2015" / "late 2015" (a part) and, after "since", a bare year too."""
    part = None
    j = i
    token = _at(words, i)
    if token is not None and any(f in PART_WORDS for f in token.forms()):
        part = _part_before(words, i + 1)
        j += 1
    if not _is(words, j, YEAR_BEFORE_NUMBER):
        if not (part or bare) or _year_at(words, j) is None:
            return None
        j -= 1          # no word before the number
    year = _year_at(words, j + 1)
    if year is None:
        return None
    last = _year_at(words, j + 2)
    if last is not None and year < last <= year + 10:
        return _Found(j + 3 - i, (dt.date(year, 1, 1), dt.date(last, 12, 31)), "unknown",
                      f"years {year}-{last} in the text (longer than a year: precision unknown)", False)
    first_month, last_month = YEAR_PART_MONTHS[part] if part else (1, 12)
    window = (dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1]))
    basis = "year in the text" if not part else f"{PART_NAMES[part]} {year}, in the text"
    return _Found(j + 2 - i, window, "year", basis, False)


# -- relative dates ----------------------------------------------------------------------------
def _relative_day(words, i, publication) -> _Found | None:
    """اليوم، أمس، أول من أمس / أول أمس."""
    if _is(words, i, BEFORE_YESTERDAY_FIRST):
        used = 3 if _is(words, i + 1, {fold("من")}) and _is(words, i + 2, YESTERDAY) else (
            2 if _is(words, i + 1, YESTERDAY) else 0)
        if used:
            return _days_before(publication, 2, used, "the day before yesterday")
        return None
    if _is(words, i, YESTERDAY):
        return _days_before(publication, 1, 1, "yesterday")
    if _at(words, i) is not None and words[i].text in TODAY and not _is(words, i + 1, {fold("التالي")}):
        return _days_before(publication, 0, 1, "today")
    return None


def _days_before(publication, days: int, used: int, words_en: str) -> _Found:
    if publication is None:
        return _no_publication(used, words_en)
    day = publication - dt.timedelta(days=days)
    return _Found(used, (day, day), "day", f"{words_en}: {days} day(s) before the publication date", True)


def _ago(words, i, publication) -> _Found | None:
    """قبل/منذ + يوم، يومين، N أيام، أسبوع، أسبوعين، شهر.

    "قبل يومين" is loose in news Arabic ("a couple of days ago"): from two days on the window
    is ±1 day (precision week); only "قبل يوم" pins a day. أول من أمس is exact (see above)."""
    if not _is(words, i, AGO):
        return None
    nxt = _at(words, i + 1)
    if nxt is None:
        return None
    if nxt.text in DAY_ONE:
        days, used, kind = 1, 2, "day"
    elif nxt.text in DAY_TWO:
        days, used, kind = 2, 2, "about"
    elif nxt.text in WEEK_ONE:
        days, used, kind = 7, 2, "week"
    elif nxt.text in WEEK_TWO:
        days, used, kind = 14, 2, "week"
    elif nxt.text in MONTH_ONE and not _is(words, i + 2, MONTHS_ONE_WORD.keys()):
        days, used, kind = 30, 2, "month"
    else:
        number = read_cardinal(words.texts, i + 1)
        if number is None or not 1 <= number[0] <= 60:
            return None
        unit = _at(words, i + 1 + number[1])
        if unit is None or unit.text not in DAYS:
            return None
        days, used, kind = number[0], 2 + number[1], "day" if number[0] == 1 else "about"
    if publication is None:
        return _no_publication(used, f"{days} day(s) before publication")
    centre = publication - dt.timedelta(days=days)
    if kind == "day":
        return _Found(used, (centre, centre), "day", f"{days} day(s) before the publication date", True)
    if kind == "about":
        window = (centre - dt.timedelta(days=1), centre + dt.timedelta(days=1))
        return _Found(used, window, "week", f"about {days} days before the publication date (±1 day)", True)
    if kind == "week":
        window = (centre - dt.timedelta(days=3), centre + dt.timedelta(days=3))
        return _Found(used, window, "week", f"about {days // 7} week(s) before the publication date", True)
    window = (centre - dt.timedelta(days=15), centre + dt.timedelta(days=15))
    return _Found(used, window, "month", "about a month before the publication date", True)


def _named_period(words, i, publication) -> _Found | None:
    """[part] الشهر/الأسبوع/العام + الماضي/الجاري/القادم, or هذا الشهر/الأسبوع/العام."""
    j, part = i, None
    token = _at(words, i)
    if token is not None and any(f in PART_WORDS for f in token.forms()):
        part = _part_before(words, i + 1)
        j += 1
    this = _is(words, j, THIS)
    if this:
        j += 1
    unit = ("month" if _is(words, j, MONTH_WORDS) else "week" if _is(words, j, WEEK_WORDS)
            else "year" if _is(words, j, YEAR_WORDS) else None)
    if unit is None:
        return None
    if this:
        shift, used = 0, j + 1 - i
    elif _is(words, j + 1, PAST):
        shift, used = -1, j + 2 - i
    elif _is(words, j + 1, CURRENT):
        shift, used = 0, j + 2 - i
    elif _is(words, j + 1, NEXT):
        shift, used = 1, j + 2 - i
    else:
        return None
    return _period(unit, shift, part, used, publication)


def _period(unit: str, shift: int, part: str | None, used: int, publication: dt.date | None) -> _Found:
    """The previous/current/next week, month or year (or part of it) from the publication date."""
    label = {-1: "the previous", 0: "the current", 1: "the next"}[shift] + " " + unit
    if part:
        label = f"{PART_NAMES[part]} {label}"
    if publication is None:
        return _no_publication(used, label)
    basis = f"{label}, counted from the publication date"
    if unit == "month":
        year, month = _shift_month(publication.year, publication.month, shift)
        return _Found(used, _month_window(year, month, part), "month", basis, True)
    if unit == "week":
        start = _week_start(publication) + dt.timedelta(days=7 * shift)
        return _Found(used, (start, start + dt.timedelta(days=6)), "week", basis + " (weeks run Saturday-Friday)",
                      True)
    year = publication.year + shift
    first_month, last_month = YEAR_PART_MONTHS[part] if part else (1, 12)
    window = (dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1]))
    return _Found(used, window, "year", basis, True)


def _weekday(words, i, publication) -> _Found | None:
    """[يوم/فجر/ليلة] WEEKDAY [و WEEKDAY] [الماضي/القادم]: the nearest such day."""
    prefix = _at(words, i) if _is(words, i, DAY_PARTS) else None
    j = i + (1 if prefix else 0)
    days = []
    while True:
        token = _at(words, j)
        hit = None
        if token is not None:
            for form in token.forms():
                if form in WEEKDAYS and (prefix is not None or days or form not in NEEDS_DAY_PART):
                    hit = WEEKDAYS[form]
                    break
        if hit is None:
            break
        days.append(hit)
        j += 1
    if not days:
        return None
    direction = 0
    if _is(words, j, PAST):
        direction, j = -1, j + 1
    elif _is(words, j, NEXT):
        direction, j = 1, j + 1
    names = " and ".join(WEEKDAY_NAMES[d] for d in days)
    night = prefix is not None and prefix.is_one_of(NIGHT_BEFORE)
    if publication is None:
        return _no_publication(j - i, f"weekday ({names})")
    dates = [_nearest_weekday(publication, d, direction) for d in days]
    if direction >= 0 and len(dates) > 1:
        dates = sorted(dates)
    start, end = min(dates), max(dates)
    if night:
        start -= dt.timedelta(days=1)
    which = {-1: "the last {} before", 0: "the {} on or before", 1: "the next {} after"}[direction].format(names)
    basis = f"{which} the publication date"
    if night:
        basis += "; ليلة = the night before, so the window starts the evening before"
    precision = "day" if start == end else "week"
    if (end - start).days >= 7:
        return _Found(j - i, None, "unknown", basis + "; the days are more than a week apart", True)
    return _Found(j - i, (start, end), precision, basis, True)


def _nearest_weekday(publication: dt.date, weekday: int, direction: int) -> dt.date:
    if direction > 0:
        return publication + dt.timedelta(days=(weekday - publication.weekday() - 1) % 7 + 1)
    back = (publication.weekday() - weekday) % 7
    if direction < 0 and back == 0:
        back = 7
    return publication - dt.timedelta(days=back)


def _english_relative(words, i, publication) -> _Found | None:
    """last/this/next + weekday or week/month/year; N days/weeks ago; the day before yesterday."""
    token = _at(words, i)
    if token is None:
        return None
    if token.text == "day" and _is(words, i + 1, {"before"}) and _is(words, i + 2, {"yesterday"}):
        return _days_before(publication, 2, 3, "the day before yesterday")
    if token.text in ENGLISH_DIRECTION:
        direction, nxt = ENGLISH_DIRECTION[token.text], _at(words, i + 1)
        if nxt is None:
            return None
        if nxt.text in WEEKDAYS and nxt.text.isascii():
            name = WEEKDAY_NAMES[WEEKDAYS[nxt.text]]
            if publication is None:
                return _no_publication(2, f"weekday ({name})")
            day = _nearest_weekday(publication, WEEKDAYS[nxt.text], direction)
            which = {-1: "the last {} before", 0: "the {} on or before", 1: "the next {} after"}[direction]
            return _Found(2, (day, day), "day", which.format(name) + " the publication date", True)
        unit = ENGLISH_UNITS.get(nxt.text)
        if unit in ("week", "month", "year"):
            return _period(unit, direction, None, 2, publication)
        return None
    number = ENGLISH_SMALL.get(token.text) or (int(token.text) if token.text.isdigit() and len(token.text) <= 2
                                                else None)
    unit = ENGLISH_UNITS.get(_at(words, i + 1).text) if _at(words, i + 1) is not None else None
    if number and unit in ("day", "week") and _is(words, i + 2, {"ago"}):
        days = number * (7 if unit == "week" else 1)
        if publication is None:
            return _no_publication(3, f"{days} day(s) before publication")
        centre = publication - dt.timedelta(days=days)
        if days == 1:
            return _Found(3, (centre, centre), "day", "1 day before the publication date", True)
        half = 1 if unit == "day" else 3
        window = (centre - dt.timedelta(days=half), centre + dt.timedelta(days=half))
        return _Found(3, window, "week", f"about {days} days before the publication date (±{half} day)", True)
    return None


def _since(words, i, publication) -> _Found | None:
    """"منذ آذار", "since late 2015": from the start of that month or year until the publication date."""
    if not _is(words, i, SINCE):
        return None
    hit = _month_name(words, i + 1, publication, bare=True) or _year(words, i + 1, publication, bare=True)
    if hit is None or hit.window is None:
        return None
    if publication is None:
        return _no_publication(hit.used + 1, "since a month or year")
    start = hit.window[0]
    if start > publication:
        return None
    days = (publication - start).days + 1
    precision = "month" if days <= 31 else "year" if days <= 366 else "unknown"
    return _Found(hit.used + 1, (start, publication), precision,
                  f"since {start.isoformat()} ({hit.basis}) until the publication date", True)


# Tried in this order at each word; the first that reads something wins.
MATCHERS = (_since, _explicit_day, _month_first, _month_name, _year, _relative_day, _ago, _english_relative,
            _named_period, _weekday)
