"""Arabic numbers written as words or digits: cardinals (أربعة، خمس وعشرون، 4 آلاف) and day
ordinals (الثامن والعشرين). Readers take folded word tokens (see ``text.fold``) and a position,
and return ``(value, words_used)`` or None.
"""
from __future__ import annotations

import re

_UNIT_STEMS = {
    "واحد": 1, "اثن": 2, "ثلاث": 3, "اربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثمان": 8, "تسع": 9,
}
# Every written form of 1..9 (masculine, feminine with ة or ه, dual forms of two).
UNITS = {}
for _stem, _value in _UNIT_STEMS.items():
    for _ending in ("", "ة", "ه", "ي", "ية", "يه"):
        UNITS[_stem + _ending] = _value
for _form in ("اثنان", "اثنين", "اثنتان", "اثنتين", "واحدة", "واحده"):
    UNITS[_form] = 2 if _form.startswith("اثن") else 1
for _odd in ("اثن", "اثني", "اثنة", "اثنه", "اثنية", "اثنيه", "واحدي", "واحدية", "واحديه", "ستي", "ستية", "ستيه",
             "ثلاثي", "ثلاثية", "ثلاثيه", "اربعي", "اربعية", "اربعيه", "خمسي", "خمسية", "خمسيه", "سبعي",
             "سبعية", "سبعيه", "تسعي", "تسعية", "تسعيه"):
    UNITS.pop(_odd, None)

TEN_WORDS = {"عشر", "عشرة", "عشره"}
TEEN_FIRST = {"احد": 1, "احدي": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2}
TENS = {}
for _stem, _value in (("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70),
                      ("ثمان", 80), ("تسع", 90)):
    TENS[_stem + "ون"] = _value
    TENS[_stem + "ين"] = _value
HUNDREDS = {"مئة": 100, "مائة": 100, "مئه": 100, "مائه": 100,
            "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200}
for _stem, _value in _UNIT_STEMS.items():
    if _value >= 3:
        for _h in ("مئة", "مائة", "مئه", "مائه"):
            HUNDREDS[_stem + _h] = _value * 100
THOUSAND_ONE = {"الف": 1000, "الفا": 1000, "الفان": 2000, "الفين": 2000, "الفي": 2000}
THOUSANDS = {"الاف", "الف", "الفا"}
MILLIONS = {"مليون": 1_000_000, "ملايين": 1_000_000}

ORDINAL_UNITS = {
    "الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
    "السابع": 7, "الثامن": 8, "التاسع": 9,
}
ORDINAL_TEN = {"العاشر": 10}
ORDINAL_TENS = {"العشرين": 20, "الثلاثين": 30}

_DIGITS = re.compile(r"^\d+(?:[,٬]\d{3})*$")


def _and(token: str) -> str | None:
    """'وعشرين' -> 'عشرين'; the conjunction may also stand alone (handled by the caller)."""
    return token[1:] if token.startswith("و") and len(token) > 1 else None


def read_cardinal(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A cardinal number starting at ``tokens[i]``: ``(value, words used)`` or None."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if _DIGITS.match(token):
        value, used = int(token.replace(",", "").replace("٬", "")), 1
    elif token in THOUSAND_ONE:
        return THOUSAND_ONE[token], 1
    else:
        small = _read_below_thousand(tokens, i)
        if small is None:
            return None
        value, used = small
    scale = tokens[i + used] if i + used < len(tokens) else ""
    if scale in THOUSANDS and value < 1000:
        return value * 1000, used + 1
    if scale in MILLIONS and value < 1000:
        return value * MILLIONS[scale], used + 1
    return value, used


def _read_below_thousand(tokens: list[str], i: int) -> tuple[int, int] | None:
    token = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token in HUNDREDS or (token in UNITS and nxt in HUNDREDS and UNITS[token] >= 3):
        value, used = (HUNDREDS[token], 1) if token in HUNDREDS else (UNITS[token] * 100, 2)
        rest = _after_and(tokens, i + used)
        if rest is not None:
            return value + rest[0], used + rest[1]
        return value, used
    if (token in UNITS or token in TEEN_FIRST) and nxt in TEN_WORDS:
        return 10 + (TEEN_FIRST.get(token) or UNITS[token]), 2
    if token in UNITS:
        rest = _after_and(tokens, i + 1, tens_only=True)
        if rest is not None:
            return UNITS[token] + rest[0], 1 + rest[1]
        return UNITS[token], 1
    if token in TEN_WORDS:
        return 10, 1
    if token in TENS:
        return TENS[token], 1
    return None


def _after_and(tokens: list[str], i: int, *, tens_only: bool = False) -> tuple[int, int] | None:
    """'و' + a number below 100 (as 'وعشرين' or 'و عشرين')."""
    if i >= len(tokens):
        return None
    joined, used = _and(tokens[i]), 1
    if tokens[i] == "و" and i + 1 < len(tokens):
        joined, used = tokens[i + 1], 2
    if joined is None:
        return None
    if joined in TENS:
        return TENS[joined], used
    if tens_only:
        return None
    follow = list(tokens[:i]) + [joined] + list(tokens[i + used:])
    small = _read_below_thousand(follow, i)
    if small is None or small[0] >= 100:
        return None
    return small[0], used - 1 + small[1]


def read_day_ordinal(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A day-of-month ordinal (الأول … الحادي والثلاثين) at ``tokens[i]``: ``(day, words used)``."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token in ORDINAL_UNITS:
        unit = ORDINAL_UNITS[token]
        if nxt == "عشر" and token != "الاول":
            return 10 + unit, 2
        tens_word, used = _and(nxt), 1
        if nxt == "و" and i + 2 < len(tokens):
            tens_word, used = tokens[i + 2], 2
        if tens_word in ORDINAL_TENS and token != "الاول" and unit + ORDINAL_TENS[tens_word] <= 31:
            return unit + ORDINAL_TENS[tens_word], 1 + used
        return unit, 1
    if token in ORDINAL_TEN:
        return 10, 1
    if token in ORDINAL_TENS:
        return ORDINAL_TENS[token], 1
    return None
