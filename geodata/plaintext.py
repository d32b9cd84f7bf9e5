"""What user text may hold, and how to show it inside other text without it taking over.

Text typed by a user (names, notes, titles, filter values) travels into HTML, JSON, XML (KML),
CSV and a database. A few characters cannot travel: NUL and the other C0 controls (XML 1.0 and
PostgreSQL refuse them, HTML turns them into U+FFFD), lone surrogates (not encodable as UTF-8)
and the non-characters U+FFFE / U+FFFF. They are refused where text enters, so every export can
give back exactly what was typed.

Bidirectional controls (RLO U+202E and friends) are legal and sometimes meant, but they can
reorder the text around them (a name that flips the rest of a caption). They are allowed, shown
*isolated* (``<bdi>`` in HTML, FSI…PDI in plain text) and flagged when typed.

Lowest layer (geodata) so that places, events and the app all use the same rule.
"""
from __future__ import annotations

import re
import unicodedata

from geodata.message import Message

# C0 controls except tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF.
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Embeddings, overrides and isolates: LRE RLE PDF LRO RLO, LRI RLI FSI PDI. (LRM/RLM/ALM are
# ordinary marks that Arabic text uses legitimately: not flagged.)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
FSI, PDI = "\u2068", "\u2069"


_CONTROL_NAMES = {0: "NUL", 7: "BELL", 8: "BACKSPACE", 11: "VERTICAL TAB", 12: "FORM FEED", 27: "ESCAPE"}


def _name(char: str) -> str:
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def uncarriable(text: str) -> str | None:
    """Why ``text`` cannot be stored and exported as typed (None when it can)."""
    match = _UNCARRIABLE.search(text or "")
    if match is None:
        return None
    return Message("contains the control character {character} at position {position}, which no export format "
                   "can carry; remove it", character=_name(match.group()), position=match.start() + 1)


def text_problem(text: str, limit: int) -> str | None:
    """Why ``text`` (already stripped) cannot be kept as a field of at most ``limit`` characters (None if it can):
    too long, or holding a character no export format carries."""
    if len(text) > limit:
        return f"is {len(text):,} characters long; at most {limit:,} are accepted"
    return uncarriable(text)


def bidi_controls(text: str) -> list[str]:
    """The direction controls in ``text``, named (empty when there are none)."""
    return [_name(char) for char in dict.fromkeys(_BIDI.findall(text or ""))]


def bidi_warning(text: str) -> str | None:
    """A field warning for text holding direction controls (None when it holds none)."""
    found = bidi_controls(text)
    if not found:
        return None
    return Message("holds invisible direction control(s) ({controls}) that can show the text in a misleading "
                   "order; it is shown isolated from the text around it, but remove them unless meant",
                   controls=", ".join(found))


def isolate(text: str) -> str:
    """``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: in plain text, the
    equivalent of ``<bdi>``. Whatever direction controls it holds end at the PDI (UAX #9)."""
    return f"{FSI}{text}{PDI}"
