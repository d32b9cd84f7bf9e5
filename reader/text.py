"""Text plumbing shared by the reader: words and sentences with spans, and a folded view.

Every finding reports character spans in the ORIGINAL text (for highlighting), while the
matching itself runs over a folded copy (no diacritics or tatweel, one alef, Western digits).
``Folded`` keeps the map from folded positions back to original ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# Arabic-Indic (U+0660..) and Eastern Arabic-Indic / Persian (U+06F0..) digits -> ASCII.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Harakat, Quranic marks, superscript alef and tatweel carry no letters: dropped when folding.
# Alef forms become one alef, alef maqsura ya, and ASCII letters lower case (one for one).
_MARKS = "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640"
_DROP = re.compile(f"[{_MARKS}]")
_LETTER_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": None,
                              **{c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}})

# A hashtag's _ separates words (#مخيم_اليرموك): letters and digits only, never _.
WORD = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*|[{_MARKS}]+[^\W_](?:[^\W_]|[{_MARKS}])*")
# A sentence ends at . ! ? ؟ ؛ (or a run of them; not a decimal point) or at a line break.
_SENTENCE_END = re.compile(r"[!?؟؛]+|\.+(?!\d)|\n+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the original text: ``text == source[start:end]``."""

    text: str
    start: int
    end: int

    def __post_init__(self):
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span {self.start}..{self.end} is not a valid range")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text {self.text!r} does not fit {self.start}..{self.end}")


def fold(text: str) -> str:
    """The matching form of a short string (a keyword or a pattern literal)."""
    return _DROP.sub("", text).translate(DIGITS).translate(_LETTER_FOLD)


@dataclass(frozen=True)
class Folded:
    """A folded copy of a text plus, for each folded character, its index in the original."""

    original: str
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> "Folded":
        offsets = tuple(index for index, char in enumerate(original) if not _DROP.match(char))
        return cls(original, fold(original), offsets)

    def span(self, start: int, end: int) -> Span:
        """The original-text span behind folded positions ``start:end``."""
        if start >= end:
            raise ValueError("empty span")
        first, last = self.offsets[start], self.offsets[end - 1] + 1
        return Span(self.original[first:last], first, last)


def words(text: str) -> list[Span]:
    """Word tokens (letters, digits and their diacritics) with their original spans."""
    return [Span(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def sentences(text: str) -> list[Span]:
    """Sentences with their spans, surrounding blanks trimmed; empty pieces dropped."""
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        found.extend(_trimmed(text, start, match.end() if match.group()[0] != "\n" else match.start()))
        start = match.end()
    found.extend(_trimmed(text, start, len(text)))
    return found


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    piece = text[start:end]
    stripped = piece.strip()
    if not WORD.search(stripped):
        return []
    left = start + (len(piece) - len(piece.lstrip()))
    return [Span(stripped, left, left + len(stripped))]


def is_mostly_arabic(text: str) -> bool:
    """True when Arabic letters outnumber Latin ones (decides right-to-left display)."""
    return len(_ARABIC_LETTER.findall(text)) >= len(_LATIN_LETTER.findall(text)) and bool(_ARABIC_LETTER.search(text))


_TOKEN = re.compile(r"\d+(?:[,٬]\d{3})*(?:\.\d+)?|[^\W\d_]+")
_CLITICS = "وفبل"


@dataclass(frozen=True)
class Token:
    """A word of the folded text; ``start``/``end`` index the folded text (see ``Folded.span``)."""

    text: str
    start: int
    end: int

    def is_one_of(self, words) -> bool:
        """True for the word itself or after up to two one-letter clitics (و ف ب ل): وبالأمس → الامس."""
        return any(form in words for form in self.forms())

    @cached_property
    def _forms(self) -> tuple[str, ...]:
        forms, rest = [self.text], self.text
        for _ in range(2):
            if len(rest) > 2 and rest[0] in _CLITICS:
                rest = rest[1:]
                forms.append(rest)
        return tuple(forms)

    def forms(self) -> tuple[str, ...]:
        return self._forms


class Tokens(list):
    """The tokens of one text, with their plain strings computed once (number readers want them)."""

    @cached_property
    def texts(self) -> list[str]:
        return [token.text for token in self]


def tokens(folded: Folded) -> Tokens:
    """Words and numbers (with thousands separators) of a folded text."""
    return Tokens(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded.text))
