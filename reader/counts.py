"""Counts of people in a report: أربعة أشخاص، 8 عناصر، 200 مقاتل، خمس عائلات، عنصرين،
ranges (بين 3 إلى 9 أشخاص) and approximations (نحو، قرابة، ما يقارب) -> min/max + unit.

Units are ``events.schema.COUNT_UNITS``. An approximate figure standing alone (بنحو 200،)
is kept with an empty unit: the reader cannot say who is counted, the analyst can.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from events.vocabulary import COUNT_UNITS
from reader.quantities import find_quantities
from reader.text import Folded, fold, tokens


def _forms(*words: str) -> set[str]:
    return {fold(w) for w in words}


UNIT_WORDS = {
    "people": _forms("شخص", "أشخاص", "شخصا", "فرد", "أفراد", "فردا", "آخرين", "آخرون", "نسمة", "رجال", "رجلا",
                     "رجل", "شاب", "شابا", "شبان", "شباب", "نازح", "نازحا", "نازحين", "مهجر", "مهجرا", "مهجرين",
                     "people", "persons", "person", "individuals", "men", "others", "Syrians", "evacuees",
                     "displaced", "youths", "youth"),
    "fighters": _forms("عنصر", "عناصر", "عنصرا", "مقاتل", "مقاتلا", "مقاتلين", "مقاتلون", "مسلح", "مسلحا",
                       "مسلحين", "مسلحون", "جندي", "جنود", "جنديا", "مقاتلي", "عناصره",
                       "fighters", "fighter", "militants", "members", "gunmen", "soldiers", "operatives", "rebels",
                       "rebel"),
    "families": _forms("عائلة", "عائلات", "عائله", "عوائل", "أسرة", "أسر", "اسره", "families", "family"),
    "civilians": _forms("مدني", "مدنيا", "مدنيين", "مدنيون", "civilians", "civilian"),
    "leaders": _forms("قائد", "قادة", "قاده", "قائدا", "قيادي", "قياديا", "قياديين", "قياديون", "قيادات",
                      "أمير", "أمراء", "أميرا", "leaders", "leader", "commanders", "commander", "emirs"),
}
# Dual forms that mean "two" on their own (مقاتلين / مدنيين are also plurals: not here).
DUALS = {fold(w): unit for w, unit in (
    ("عنصرين", "fighters"), ("شخصين", "people"), ("عائلتين", "families"), ("أسرتين", "families"),
    ("قائدين", "leaders"), ("قياديين", "leaders"), ("أميرين", "leaders"))}
DUALS.pop(fold("قياديين"))  # also the plural of قيادي
NOT_A_COUNT = _forms("ساعة", "ساعات", "يوم", "يوما", "أيام", "يومين", "أسبوع", "أسابيع", "شهر", "أشهر", "شهور",
                     "عام", "أعوام", "سنة", "سنوات", "دولار", "دولارا", "دولارات", "ليرة", "بالمئة", "بالمائة",
                     "في", "كيلومتر", "كم", "متر", "hours", "days", "weeks", "months", "years", "dollars", "km")
SHARE_WORDS = _forms("بينهم", "منهم", "منها", "بينها", "including", "among", "whom")
SHARE_DIRECTIONS = _forms("إلى", "الى", "نحو", "باتجاه", "صوب", "to", "towards", "for")
_CLAUSE_END = re.compile(r"^\s*[،,.؛:)»\"”]|^\s*$")


@dataclass(frozen=True, slots=True)
class CountMention:
    """A count of people in the text (``minimum == maximum`` for an exact figure)."""

    text: str
    start: int
    end: int
    minimum: int
    maximum: int | None      # None: no upper end ("أكثر من 20 عنصراً")
    unit: str
    approximate: bool = False

    def __post_init__(self):
        if self.unit not in COUNT_UNITS:
            raise ValueError(f"unit {self.unit!r} is not one of {', '.join(u for u in COUNT_UNITS if u)}")
        if self.minimum < 0 or (self.maximum is not None and self.minimum > self.maximum):
            raise ValueError(f"count range {self.minimum}..{self.maximum} is not valid")


def unit_of(word) -> str | None:
    """The count unit a noun names, or None (a noun right after a number carries no clitic)."""
    for unit, words in UNIT_WORDS.items():
        if word.text in words:
            return unit
    return None


def find_counts(text: str) -> list[CountMention]:
    """Every count of people in ``text``, in order."""
    folded = Folded.of(text)
    words = tokens(folded)
    found = []
    used = set()
    for quantity in find_quantities(words):
        if folded.text[words[quantity.last - 1].end:].lstrip().startswith("$") or \
                "$" in folded.text[max(0, words[quantity.first].start - 2):words[quantity.first].start]:
            continue
        unit = next((u for u in (unit_of(words[n]) for n in quantity.nouns) if u), None)
        last = quantity.last
        if unit is not None:
            last = max(n for n in quantity.nouns if unit_of(words[n])) + 1
        elif _is_a_share(words, quantity):
            unit = next((c.unit for c in reversed(found) if c.unit), "people")   # "بينهم 1200 إلى إدلب"
        elif not (quantity.approximate and _stands_alone(folded, words, quantity)):
            continue
        span = folded.span(words[quantity.first].start, words[last - 1].end)
        found.append(CountMention(span.text, span.start, span.end, quantity.minimum, quantity.maximum,
                                  unit or "", quantity.approximate))
        used.update(range(quantity.first, last))
    for index, word in enumerate(words):
        if index not in used and word.text in DUALS:
            span = folded.span(word.start, word.end)
            found.append(CountMention(span.text, span.start, span.end, 2, 2, DUALS[word.text]))
    return sorted(found, key=lambda c: c.start)


def _is_a_share(words, quantity) -> bool:
    """A bare number going somewhere, a few words after "بينهم" / "including": a share of a total
    ("نحو 5000 شخص، بينهم 1200 إلى إدلب و900 إلى الباب")."""
    if quantity.last >= len(words) or not words[quantity.last].is_one_of(SHARE_DIRECTIONS):
        return False
    return any(w.is_one_of(SHARE_WORDS) for w in words[max(0, quantity.first - 12):quantity.first])


def _stands_alone(folded: Folded, words, quantity) -> bool:
    """An approximate number followed by the end of its clause, not by a unit of time or money."""
    after = folded.text[words[quantity.last - 1].end:]
    if quantity.last < len(words) and words[quantity.last].text in NOT_A_COUNT:
        return False
    return bool(_CLAUSE_END.match(after[:3]))
