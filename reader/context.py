"""Discourse context for drafts: which earlier sentence may lend a movement sentence its origin.

Reports often name where people left from once ("خرج ... من مناطق سيطرة التنظيم جنوبي دمشق")
and then go on "ومعظم العناصر الذين خرجوا كانت وجهتهم درعا وإدلب" without repeating it. Two
borrowings are allowed, both narrow so that a new paragraph about another region borrows nothing:

- from the latest earlier movement sentence of the SAME paragraph (a paragraph is one line);
- from the headline (the first line), only when the sentence points back with "من المنطقة /
  من الحي / from the area" and its paragraph names no place before that phrase.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from events.curated import QUOTE_SEPARATOR  # quotes join as the curated table joins them
from reader.text import Span

# "من المنطقة", "من هذه المنطقة", "من الحي", "from the area": a place named earlier. Not when a
# definite word follows ("من المنطقة الشرقية", "من المنطقة التي ..."): that names or describes an area anew.
POINTS_BACK = re.compile(r"(?:^|[\s،,])(?:من|from)\s+(?:هذه\s+|this\s+|the\s+)?"
                         r"(?:المنطقة|الحي|المخيم|البلدة|المدينة|هناك|area|neighbourhood|neighborhood|there)"
                         r"(?=$|[،,.؛]|\s+(?![اأ]ل))", re.IGNORECASE)


@dataclass(frozen=True)
class Borrowed:
    """An origin taken from another sentence, and why."""

    place_id: str
    sentence: Span
    reason: str          # plain words for the draft's notes


def paragraph_of(source: str, span: Span) -> int:
    """The paragraph (line) number of a span: reports put one paragraph on a line."""
    return source.count("\n", 0, span.start)


def paragraph_start(source: str, span: Span) -> int:
    return source.rfind("\n", 0, span.start) + 1


def points_back_at(sentence: str) -> int | None:
    """Where the sentence says "from the area" (a place named before), or None."""
    match = POINTS_BACK.search(sentence)
    return match.start() if match else None


def joined_quote(source: str, *parts: Span) -> str:
    """The sentences in text order, joined as the curated table joins them; each must be verbatim."""
    ordered = sorted(set(parts), key=lambda s: s.start)
    if not all(source[s.start:s.end] == s.text for s in ordered):
        raise ValueError("a quoted sentence is not verbatim in the text")
    return QUOTE_SEPARATOR.join(s.text for s in ordered)
