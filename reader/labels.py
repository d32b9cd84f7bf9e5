"""Place names in a report that are not place mentions, so the reader does not suggest them.

- Page section labels: a line that holds nothing but a section word and a name, perhaps with a
  date ("● أخبار سورية ٣١ ديسمبر ٢٠١٧"), or a bare name on one of the first lines, above the
  headline (a site's category: "سورية"). The same words inside a sentence stay mentions.
- Organisations named after a place: "قوات سورية الديمقراطية" is an armed force, not Syria; nor are
  "أحرار الشام", "سرايا أهل الشام", "مكتب دير الزور الإعلامي", "شبكة حمص الإخبارية", "Furat Post",
  "Ahrar al-Sham": a name right after an organisation's head word, or right before an outlet's word,
  is part of the organisation's name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from reader.dates import MONTHS_ONE_WORD, MONTHS_TWO_WORDS
from reader.text import Folded, Span, fold, tokens

SECTION_WORDS = frozenset(fold(w) for w in ("أخبار", "اخبار", "الأخبار", "news", "تقارير", "محليات", "شؤون"))
MONTH_WORDS = frozenset(MONTHS_ONE_WORD) | frozenset(word for pair in MONTHS_TWO_WORDS for word in pair)
HEADER_LINES = 3       # a bare name on one of the first lines is the page's category
ORGANISATIONS = (
    "قوات سورية الديمقراطية", "قوات سوريا الديمقراطية", "جيش سوريا الجديد", "جيش سورية الجديد",
    "جبهة تحرير سوريا", "لواء شهداء اليرموك", "Syrian Democratic Forces", "New Syrian Army",
)
_QUOTES = r"[\s\"'“”«»]+"
# Head words of armed groups, outlets and offices: "<head> [<middle>] <place>" names an organisation.
ORGANISATION_HEADS = frozenset(fold(w) for w in (
    "مكتب", "شبكة", "تنسيقية", "صفحة", "موقع", "وكالة", "قناة", "إذاعة", "راديو", "صحيفة", "جريدة", "تجمع", "اتحاد",
    "هيئة", "جبهة", "جيش", "حركة", "فيلق", "لواء", "ألوية", "سرايا", "كتائب", "كتيبة", "أحرار", "ثوار", "درع", "صوت",
    "صدى", "بلاد", "تنظيم", "أمن", "Ahrar", "Jaish", "Jaysh", "Tahrir", "Faylaq", "Liwa", "Brigade", "Brigades",
    "Network", "Agency", "Radio", "Army", "Front", "Movement", "Shield"))
# Words that may stand between the head and the place: "هيئة تحرير الشام", "سرايا أهل الشام".
ORGANISATION_MIDDLES = frozenset(fold(w) for w in ("تحرير", "أحرار", "أهل", "ثوار", "شهداء", "فتح", "Tahrir", "Ahrar"))
# A name that opens with one of these is a settlement, even after a head word: "ثوار بلدة خان الشيح".
SETTLEMENT_DESCRIPTORS = frozenset(fold(w) for w in ("مدينة", "بلدة", "قرية", "حي", "منطقة", "town", "city", "village"))
# Words right after a place that make it an outlet's name: "شبكة حمص الإخبارية", "Furat Post".
OUTLET_TAILS = frozenset(fold(w) for w in (
    "الإخبارية", "الاخبارية", "الإخباري", "الإعلامي", "الاعلامي", "الإعلامية", "الاعلامية", "بوست", "نيوز", "نت",
    "اليوم", "الآن", "Post", "News", "Network", "Today", "Media", "24"))


@lru_cache(maxsize=1)
def _organisation_pattern() -> re.Pattern:
    names = sorted((fold(name).split() for name in ORGANISATIONS), key=len, reverse=True)
    return re.compile("|".join(_QUOTES.join(map(re.escape, words)) for words in names), re.IGNORECASE)


def organisation_spans(text: str) -> list[Span]:
    """Where the text names an organisation that carries a place name."""
    folded = Folded.of(text)
    return [folded.span(m.start(), m.end()) for m in _organisation_pattern().finditer(folded.text)]


def names_an_organisation(text: str, start: int, end: int) -> bool:
    """True when the name at ``start:end`` sits in an organisation's name: an organisation head word (and
    perhaps one middle word) right before it, or an outlet's word right after it, with nothing but blanks,
    quotes or a hyphen between."""
    before = tokens(Folded.of(text[max(0, start - 40):start]))
    after = tokens(Folded.of(text[end:end + 20]))
    named = tokens(Folded.of(text[start:end]))
    if named and named[0].is_one_of(SETTLEMENT_DESCRIPTORS):
        before = []          # "ثوار بلدة خان الشيح": the rebels of the town, not a group named after it
    glue = re.compile(r"^[\s\"'“”«»‘’\-]*$")
    if before and glue.match(Folded.of(text[max(0, start - 40):start]).text[before[-1].end:]):
        last = before[-1]
        if last.is_one_of(ORGANISATION_HEADS):
            return True
        if len(before) > 1 and last.is_one_of(ORGANISATION_MIDDLES) and before[-2].is_one_of(ORGANISATION_HEADS):
            return True
    if after and glue.match(Folded.of(text[end:end + 20]).text[:after[0].start]):
        return after[0].text in OUTLET_TAILS or after[0].text.isdigit() and after[0].text == "24"
    return False


def is_section_label(text: str, start: int, end: int) -> bool:
    """True when the name at ``start:end`` is a page section label rather than a mention."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = tokens(Folded.of(text[line_start:start] + " " + text[end:line_end]))
    section = [t for t in rest if t.is_one_of(SECTION_WORDS)]
    if any(not (t.is_one_of(SECTION_WORDS) or t.text in MONTH_WORDS or t.text.isdigit()) for t in rest):
        return False
    return bool(section) or (not rest and text.count("\n", 0, line_start) < HEADER_LINES
                             and _in_page_header(text, line_start, line_end))


def _in_page_header(text: str, line_start: int, line_end: int) -> bool:
    """True when no line above holds a sentence and the story follows below: the name sits in
    the page header (a text that is only the name is a mention)."""
    above, below = text[:line_start].splitlines(), text[line_end:].splitlines()
    return all(len(line.split()) <= 3 for line in above) and any(len(line.split()) > 3 for line in below)
