"""Number phrases: a value or a range, maybe approximate, and the word that follows it.

Shared by ``counts`` (people, fighters, families …) and ``money`` (dollars): both only
decide what the following noun means. Works on folded tokens (see ``text.tokens``).
"""
from __future__ import annotations

from dataclasses import dataclass

from reader.numerals import read_cardinal
from reader.text import Token, Tokens, fold

APPROXIMATE = {fold(w) for w in ("نحو", "قرابة", "قرابه", "حوالي", "حوالى", "زهاء", "تقريبا", "about", "around",
                                 "nearly", "approximately", "roughly", "some", "almost")}
APPROXIMATE_AFTER_MA = {fold(w) for w in ("يقارب", "يقرب", "يناهز")}
RANGE_OPEN = {fold("بين"), fold("من"), "between", "from"}
RANGE_JOIN = {fold("إلى"), fold("و"), fold("حتى"), "and", "to"}
# "أكثر من 20": more than; "لا يقل عن 20", "الحد الأدنى … 4 آلاف": at least. No upper end.
MORE_THAN = ((fold("أكثر"), fold("من")), (fold("يزيد"), fold("عن")), (fold("يزيد"), fold("على")),
             ("more", "than"), ("over",))
AT_LEAST = ((fold("يقل"), fold("عن")), (fold("الأقل"),), (fold("الأدنى"),), ("at", "least"), ("minimum",))
AT_LEAST_AFTER = ((fold("على"), fold("الأقل")), ("at", "least"))
AT_LEAST_LOOK_BACK = 4


@dataclass(frozen=True, slots=True)
class Quantity:
    """Tokens ``first..last-1`` state a number or range; ``nouns`` are the token indexes of the
    words right after each number (the unit may be written after the first, the last or both)."""

    first: int
    last: int
    minimum: int
    maximum: int | None     # None: no upper end ("more than", "at least")
    approximate: bool
    nouns: tuple[int, ...]

    def __post_init__(self):
        if self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"range {self.minimum}..{self.maximum} is reversed")


def figure(minimum: float, maximum: float | None, *, thousands: bool = False) -> str:
    """'4', '3–9' or 'at least 4,000': how a count or an amount reads."""
    spell = (lambda n: f"{n:,.0f}") if thousands else (lambda n: f"{n:g}")
    if maximum is None:
        return f"at least {spell(minimum)}"
    return spell(minimum) if minimum == maximum else f"{spell(minimum)}–{spell(maximum)}"


def _cardinal(words: Tokens, i: int) -> tuple[int, int] | None:
    if i >= len(words):
        return None
    texts = words.texts
    for form in words[i].forms():
        # a number reads forward only: a window from i is enough (and no list copy of the whole text)
        hit = read_cardinal(texts, i) if form == texts[i] else read_cardinal([form, *texts[i + 1:i + 8]], 0)
        if hit is not None:
            return hit
    return None


def _approximation(words: list[Token], i: int) -> int:
    """How many tokens of approximation marker start at i (نحو، بنحو، ما يقارب من …)."""
    if i < len(words) and words[i].is_one_of(APPROXIMATE):
        return 1
    if i + 1 < len(words) and words[i].text == fold("ما") and words[i + 1].text in APPROXIMATE_AFTER_MA:
        return 3 if i + 2 < len(words) and words[i + 2].text == fold("من") else 2
    return 0


def find_quantities(words: Tokens) -> list[Quantity]:
    """Every number phrase in order; tokens already used are not read twice."""
    found, i = [], 0
    while i < len(words):
        quantity = _quantity_at(words, i)
        if quantity is None:
            i += 1
            continue
        found.append(quantity)
        i = quantity.last
    return found


def _quantity_at(words: list[Token], i: int) -> Quantity | None:
    marker = _approximation(words, i)
    j = i + marker
    if j < len(words) and words[j].is_one_of(RANGE_OPEN):
        ranged = _range_at(words, i, j + 1, bool(marker))
        if ranged is not None:
            return ranged
    more = _phrase_at(words, j, MORE_THAN)
    number = _cardinal(words, j + more)
    if number is None:
        return None
    end = j + more + number[1]
    nouns = (end,) if end < len(words) else ()
    if more:
        return Quantity(i, end, number[0] + 1, None, bool(marker), nouns)
    if _at_least_before(words, i) or any(_phrase_at(words, k, AT_LEAST_AFTER) for k in (end, end + 1)):
        return Quantity(i, end, number[0], None, bool(marker), nouns)
    return Quantity(i, end, number[0], number[0], bool(marker), nouns)


def _phrase_at(words: list[Token], i: int, phrases) -> int:
    """Tokens used by the first of ``phrases`` found at i (0 when none)."""
    for phrase in phrases:
        if all(i + k < len(words) and words[i + k].is_one_of({part}) for k, part in enumerate(phrase)):
            return len(phrase)
    return 0


def _at_least_before(words: list[Token], i: int) -> bool:
    """'لا يقل عن', 'على الأقل' or 'الحد الأدنى' in the few words before the number."""
    for start in range(max(0, i - AT_LEAST_LOOK_BACK), i):
        if _phrase_at(words, start, AT_LEAST):
            return True
    return False


def _range_at(words: list[Token], first: int, j: int, approximate: bool) -> Quantity | None:
    """بين/من LOW [noun] (إلى|و|حتى) HIGH — also 'بين 3 و9' and 'بين ثلاثة وخمسة'."""
    low = _cardinal(words, j)
    if low is None:
        return None
    k = j + low[1]
    nouns = []
    if k < len(words) and not _joins(words, k):
        nouns.append(k)
        k += 1
    if not (k < len(words) and _joins(words, k)):
        return None
    if words[k].text in RANGE_JOIN:
        k += 1
    high = _cardinal(words, k)
    if high is None or high[0] < low[0]:
        return None
    end = k + high[1]
    if end < len(words):
        nouns.append(end)
    return Quantity(first, end, low[0], high[0], approximate, tuple(nouns))


def _joins(words: list[Token], k: int) -> bool:
    """A range joint: a separate إلى/و/حتى, or و glued to the second number (وخمسة)."""
    if words[k].text in RANGE_JOIN:
        return True
    return words[k].text.startswith("و") and len(words[k].text) > 1 and _cardinal(words, k) is not None
