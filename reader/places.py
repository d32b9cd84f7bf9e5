"""Gazetteer places named in a report, with their spans in the original text.

Token-based over normalised text (``geodata.normalize``): every word position tries the
longest run of words first (مخيم اليرموك before اليرموك), and the first word is also tried
without its clitics (وبالحجر الأسود -> الحجر الأسود). The span reported starts after the clitics,
at the article, so highlighting marks the name itself. Latin text works the same way
(al-Hajar al-Aswad, Yarmouk camp), with one-word names only when capitalised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geodata.gazetteer import Gazetteer
from geodata.normalize import arabic_stems, is_arabic, normalize_name
from reader.labels import is_section_label, organisation_spans
from reader.text import Span, fold, words

# Between two words of one name: blanks, hyphens, apostrophes, quotes (معمل “بردى”).
_JOINER = re.compile(r"^[\s\-'’‘\"“”«»]*$")
_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")

# Everyday words that are also the name of some village: never a place on their own.
COMMON_WORDS = frozenset(normalize_name(w) for w in (
    "حول", "تل", "باب", "شام", "بلاد", "حاضر", "كرامة", "روضة", "شجرة", "جنيه", "دالي", "راعي", "قصير",
    "حمرا", "حمرة", "سودا", "سودة", "تبني", "مهين", "بصير", "عوج", "بلبل", "قبو", "ملح", "نوي", "جلا", "سبه",
    "حفه", "هادر", "ضمير", "حواش", "حاجب", "دانا", "كسرة", "كسرا", "قارة", "شين", "افس", "حمرا", "دالي",
    "سوسة", "صبورة", "قنوات", "معدان", "مسعدة", "بنان", "حراك", "نبل",
))
# Words just before a name that say which of two namesakes is meant.
GOVERNORATE_HINTS = frozenset(fold(w) for w in ("محافظة", "ريف", "بريف", "وريف", "لمحافظة", "بمحافظة", "ومحافظة"))
SETTLEMENT_HINTS = frozenset(fold(w) for w in ("مدينة", "بمدينة", "لمدينة", "ومدينة", "بلدة", "ببلدة", "وبلدة",
                                               "قرية", "حي", "بحي", "وحي", "مخيم", "بمخيم"))
SETTLEMENT_KINDS = ("city", "town", "camp", "neighbourhood")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text. ``place_id`` is the best reading; ``candidates`` all of them."""

    text: str
    start: int
    end: int
    place_id: str
    candidates: tuple[str, ...]
    key: str            # the normalised name that matched

    def __post_init__(self):
        if self.place_id not in self.candidates:
            raise ValueError(f"{self.place_id} is not among the candidates {self.candidates}")

    @property
    def is_ambiguous(self) -> bool:
        return len(self.candidates) > 1


class PlaceFinder:
    """Scans text for the names of a gazetteer, or of any place book that can ``get`` ids and be
    iterated (e.g. ``atlas.catalog.CombinedPlaces``: gazetteer + the team's own places)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.index = _name_index(gazetteer)
        # words in the longest name; Latin articles (al-, el-) are extra words in the text
        self.longest = max((len(key.split()) for key in self.index), default=1)
        # first words of the Arabic names: a position whose word starts none is skipped at once
        self.arabic_first_words = frozenset(key.split()[0] for key in self.index if is_arabic(key))

    def find(self, text: str) -> list[PlaceMention]:
        tokens = words(text)
        found, i = [], 0
        while i < len(tokens):
            hit = self._longest_at(text, tokens, i)
            if hit is None:
                i += 1
                continue
            mention, used = hit
            found.append(mention)
            i += used
        return _without_non_mentions(text, found)

    def _longest_at(self, text: str, tokens: list[Span], i: int) -> tuple[PlaceMention, int] | None:
        last = i
        while last + 1 < len(tokens) and last - i + 1 < self.longest * 2 and \
                _JOINER.match(text[tokens[last].end:tokens[last + 1].start]):
            last += 1
        first = tokens[i]
        readings = _readings(first.text)
        if is_arabic(first.text):
            readings = [r for r in readings if normalize_name(r) in self.arabic_first_words]
        for end_index in range(last, i - 1, -1):
            rest = text[first.end:tokens[end_index].end]
            single = end_index == i
            for stem in readings:
                key = normalize_name(stem + rest)
                if key not in self.index or (single and not self._may_stand_alone(stem, key)):
                    continue
                start = first.start + _clitic_length(first.text, stem)
                span_text = text[start:tokens[end_index].end]
                candidates = self.index[key]
                hint = _stems_of(tokens[i - 1].text) if i > 0 else ()
                best = self._best(candidates, hint)
                return PlaceMention(span_text, start, tokens[end_index].end, best, candidates, key), end_index - i + 1
        return None

    def _may_stand_alone(self, stem: str, key: str) -> bool:
        """A one-word match: not an everyday word; in Latin script, capitalised; with the article
        only when the place is written with it (السورية is "Syrian", سورية is Syria)."""
        if key in COMMON_WORDS:
            return False
        if not is_arabic(stem):
            return stem[:1].isupper() and len(key) > 2
        if fold(stem).startswith("ال"):
            return any(fold(spelling).startswith("ال")
                       for pid in self.index[key] for spelling in self._arabic_spellings(pid)
                       if normalize_name(spelling) == key)
        return True

    def _arabic_spellings(self, place_id: str) -> tuple[str, ...]:
        place = self.gazetteer.get(place_id)
        return (place.name_ar, *place.variants_ar) if place else ()

    def _best(self, candidates: tuple[str, ...], hint: tuple[str, ...]) -> str:
        """One reading: the hint word decides between namesakes; without one, the governorate
        (the weaker claim: a point at the city would overstate what the text says)."""
        if len(candidates) == 1:
            return candidates[0]
        places = [self.gazetteer.get(pid) for pid in candidates]
        places = [p for p in places if p is not None]
        governorates = [p for p in places if p.kind == "governorate"]
        settlements = [p for p in places if p.kind in SETTLEMENT_KINDS]
        if any(h in SETTLEMENT_HINTS for h in hint) and settlements:
            return settlements[0].id
        if governorates:
            return governorates[0].id
        return sorted(candidates)[0]


def _without_non_mentions(text: str, found: list[PlaceMention]) -> list[PlaceMention]:
    """Drop section labels and names inside organisation names (``reader.labels``)."""
    organisations = organisation_spans(text) if found else []
    return [m for m in found
            if not any(o.start <= m.start and m.end <= o.end for o in organisations)
            and not is_section_label(text, m.start, m.end)]


def _name_index(places) -> dict[str, tuple[str, ...]]:
    """The gazetteer's name index, plus the spellings of places it does not hold (team places)."""
    source = places if hasattr(places, "name_index") else getattr(places, "gazetteer", None)
    index = {key: tuple(ids) for key, ids in (source.name_index() if source is not None else {}).items()}
    known = {pid for ids in index.values() for pid in ids}
    for place in places:
        if place.id in known:
            continue
        for spelling in (place.name_en, place.name_ar, *place.variants_en, *place.variants_ar):
            key = normalize_name(spelling)
            if key and place.id not in index.get(key, ()):
                index[key] = index.get(key, ()) + (place.id,)
    return index


def _readings(token: str) -> list[str]:
    """The word as written, then without clitics (Arabic only). Readings that only drop the
    article are left out: names are matched article-free anyway, and السورية must stay an
    adjective rather than become سورية."""
    if not is_arabic(token):
        return [token]
    stems = arabic_stems(token)
    return [s for s in stems if "ال" + s not in stems]


def _stems_of(token: str) -> tuple[str, ...]:
    return tuple(fold(s) for s in _readings(token)) + (fold(token),)




def _clitic_length(token: str, stem: str) -> int:
    """How many characters of ``token`` (diacritics included) the clitics before ``stem`` take."""
    bare = _MARKS.sub("", token)
    if bare.endswith(stem):
        letters = len(bare) - len(stem)
    elif stem.startswith("ال") and bare.endswith(stem[1:]):
        letters = len(bare) - len(stem) + 1   # للقدم = ل + (ا)لقدم
    else:
        letters = 0
    index = 0
    while letters and index < len(token):
        if not _MARKS.match(token[index]):
            letters -= 1
        index += 1
    return index


@lru_cache(maxsize=4)
def finder_for(gazetteer: Gazetteer) -> PlaceFinder:
    """A cached finder per gazetteer (the gazetteer itself is cached by load_gazetteer)."""
    return PlaceFinder(gazetteer)


def find_places(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every gazetteer place named in ``text``, in order, longest names first."""
    return finder_for(gazetteer).find(text)
