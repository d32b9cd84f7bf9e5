"""Sums of money in US dollars: 4 آلاف دولار، بين 1500 دولار إلى 3000 دولار، 500$، $4,000."""
from __future__ import annotations

from dataclasses import dataclass

from reader.quantities import find_quantities
from reader.text import Folded, fold, tokens

DOLLAR_WORDS = {fold(w) for w in ("دولار", "دولارا", "دولارات", "دولاراً", "USD", "dollars", "dollar")}
PER_PERSON = {fold(w) for w in ("للشخص", "للعنصر", "للفرد", "لكل", "كل", "الواحد", "per", "each", "apiece", "a head")}


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """An amount in dollars (``minimum == maximum`` for an exact sum)."""

    text: str
    start: int
    end: int
    minimum: float
    maximum: float | None       # None: no upper end ("الحد الأدنى … 4 آلاف دولار")
    approximate: bool = False
    per_person: bool = False    # "للشخص الواحد" follows: the figure is per head, not a total

    def __post_init__(self):
        if self.minimum < 0 or (self.maximum is not None and self.minimum > self.maximum):
            raise ValueError(f"amount range {self.minimum}..{self.maximum} is not valid")


def find_money(text: str) -> list[MoneyMention]:
    """Every dollar amount in ``text``, in order."""
    folded = Folded.of(text)
    words = tokens(folded)
    found = []
    for quantity in find_quantities(words):
        first, last_word = words[quantity.first], words[quantity.last - 1]
        before = folded.text[max(0, first.start - 2):first.start]
        after = folded.text[last_word.end:last_word.end + 2]
        dollar_nouns = [n for n in quantity.nouns if words[n].text in DOLLAR_WORDS]
        if not (dollar_nouns or "$" in before or "$" in folded.text[first.start:last_word.end] or "$" in after):
            continue
        last = max(dollar_nouns) + 1 if dollar_nouns else quantity.last
        start = first.start - len(before) + before.index("$") if "$" in before else first.start
        end = words[last - 1].end
        if not dollar_nouns and "$" in after:
            end = last_word.end + after.index("$") + 1
        per_person = any(w.text in PER_PERSON for w in words[last:last + 2]) or \
            [w.text for w in words[last:last + 2]] == ["a", "head"]      # "عن كل شخص", "$500 a head"
        span = folded.span(start, end)
        found.append(MoneyMention(span.text, span.start, span.end, float(quantity.minimum),
                                  None if quantity.maximum is None else float(quantity.maximum),
                                  quantity.approximate, per_person))
    return found
