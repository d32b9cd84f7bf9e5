"""Gazetteer places named in a report, with their spans in the original text.

Token-based over normalised text (``geodata.normalize``): every word position tries the
longest run of words first (مخيم اليرموك before اليرموك), and the first word is also tried
without its clitics (وبالحجر الأسود -> الحجر الأسود). The span reported starts after the clitics,
at the article, so highlighting marks the name itself. Latin text works the same way
(al-Hajar al-Aswad, Yarmouk camp), with one-word names only when capitalised.

Real reports also write names with dropped spaces (الحجرالاسود، معرةمصرين), glued to the next
word (والزبدانيدخلت), as hashtags (#خربة_غزالة) or inside the names of people (أبو محمد زبداني)
and organisations (أحرار الشام): the first three are read as the place, the last two are not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geodata.gazetteer import Gazetteer
from geodata.normalize import arabic_stems, is_arabic, normalize_name
from reader.labels import is_section_label, names_an_organisation, organisation_spans
from reader.text import Span, fold, words

# Between two words of one name: blanks, hyphens, apostrophes, quotes (معمل “بردى”), a hashtag's _.
_JOINER = re.compile(r"^[\s\-'’‘\"“”«»_]*$")
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
# A word glued after a name without its space (والفوعةمن، والزبدانيدخلت): function words and the
# verbs of movement reports. Any word the text also writes on its own counts too.
GLUED_AFTER = frozenset(fold(w) for w in (
    "من", "في", "الى", "إلى", "على", "عن", "مع", "ثم", "حيث", "التي", "الذي", "دخلت", "خرجت", "وصلت", "انطلقت",
    "غادرت", "اتجهت", "توجهت", "وصلوا", "خرجوا", "دخلوا", "بعد", "قبل", "عبر", "نحو", "باتجاه"))
MIN_GLUED_NAME = 4        # letters: a shorter name inside a longer word is more often chance
# Words of a person's name before a nisba that is also a place (أبو محمد زبداني، أبو مالك التلي).
NAME_WORDS = frozenset(fold(w) for w in ("أبو", "ابو", "أبي", "ابي", "أم", "ام", "ابن", "بن", "Abu", "Umm", "ibn", "bin"))
# Names that are far more often part of other names (أحرار الشام، بلاد الشام، Ahrar al-Sham) than the
# place: only a place right after a preposition (إلى الشام، in al-Sham).
WEAK_NAMES = frozenset(normalize_name(w) for w in ("الشام", "al-Sham", "الباب"))
WEAK_NAME_PREPOSITIONS = frozenset(fold(w) for w in (
    "إلى", "الى", "من", "في", "نحو", "باتجاه", "عبر", "صوب", "مدينة", "بمدينة", "لمدينة", "أو", "او", "معبر", "to", "from",
    "in", "into", "towards", "via", "or"))
# English words the name matcher may drop as particles, which are never the start of a name here.
LATIN_PREPOSITIONS = frozenset(("in", "at", "to", "from", "into", "of", "on", "near", "via", "for", "by"))
# Capitalised words that continue a name in English text without making it another place.
LATIN_DESCRIPTORS = frozenset(w.lower() for w in (
    "Governorate", "Province", "Countryside", "City", "Camp", "District", "Neighbourhood", "Neighborhood",
    "Road", "Highway", "Crossing", "Checkpoint", "Valley", "Mountains", "Desert", "Border", "Bridge", "Plain",
    "Countryside's", "Airport", "Prison", "Square", "Gate", "And", "The", "On", "In", "To", "From", "Via"))


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


# A name that starts with one of these ("مدينة التل") gives way to a longer name starting at the next word.
_LEADING_DESCRIPTORS = frozenset(fold(w) for w in ("مدينة", "بلدة", "قرية", "حي", "مخيم", "منطقة", "ومدينة", "وبلدة",
                                                   "بمدينة", "ببلدة", "لمدينة", "لبلدة"))


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
        self.glued = _glued_index(gazetteer, self.index)

    def find(self, text: str) -> list[PlaceMention]:
        tokens = words(text)
        written = frozenset(fold(t.text) for t in tokens)
        found, i = [], 0
        while i < len(tokens):
            hit = self._longest_at(text, tokens, i) or self._glued_at(text, tokens, i, written)
            if hit is None:
                i += 1
                continue
            mention, used = hit
            if used > 1 and fold(tokens[i].text) in _LEADING_DESCRIPTORS:
                inner = self._longest_at(text, tokens, i + 1)
                if inner is not None and inner[0].end > mention.end:
                    i += 1        # "مدينة تل أبيض": Tal Abyad, not "مدينة التل" and a stray word
                    continue
            found.append(mention)
            i += used
        return _without_non_mentions(text, tokens, found)

    def _glued_at(self, text: str, tokens: list[Span], i: int, written: frozenset) -> tuple[PlaceMention, int] | None:
        """A name written without its spaces (معرةمصرين) or glued to the next word (والفوعةمن)."""
        token = tokens[i]
        if not is_arabic(token.text):
            return None
        for stem in _readings(token.text):
            key = normalize_name(stem)
            if key in self.glued:
                return self._mention(text, tokens, i, stem, len(stem), self.glued[key], key), 1
            letters = _MARKS.sub("", stem)
            for cut in range(len(letters) - 2, MIN_GLUED_NAME - 1, -1):
                name, rest = letters[:cut], letters[cut:]
                key = normalize_name(name)
                if key in self.index and " " not in key and fold(rest) in (GLUED_AFTER | written) and \
                        self._may_stand_alone(name, key):
                    return self._mention(text, tokens, i, stem, cut, self.index[key], key), 1
        return None

    def _mention(self, text, tokens, i, stem, letters, candidates, key) -> PlaceMention:
        """The mention of the first ``letters`` letters of ``stem`` inside token i (after its clitics)."""
        token = tokens[i]
        start = token.start + _clitic_length(token.text, stem)
        end = start + _length_of_letters(text[start:token.end], letters)
        hint = _stems_of(tokens[i - 1].text) if i > 0 else ()
        return PlaceMention(text[start:end], start, end, self._best(candidates, hint), candidates, key)

    def _longest_at(self, text: str, tokens: list[Span], i: int) -> tuple[PlaceMention, int] | None:
        last = i
        while last + 1 < len(tokens) and last - i + 1 < self.longest * 2 and \
                _JOINER.match(text[tokens[last].end:tokens[last + 1].start]):
            last += 1
        first = tokens[i]
        if first.text.lower() in LATIN_PREPOSITIONS:
            return None       # "in Idlib province": the name starts at the next word
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
        if key in COMMON_WORDS and not (key in WEAK_NAMES and fold(stem).startswith("ال")):
            return False      # "باب" is a door; "الباب" after a preposition is the town (WEAK_NAMES)
        if not is_arabic(stem):
            return stem[:1].isupper() and len(key) > 2 and stem.lower() not in LATIN_DESCRIPTORS
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


def _without_non_mentions(text: str, tokens: list[Span], found: list[PlaceMention]) -> list[PlaceMention]:
    """Drop section labels, names inside organisation names (``reader.labels``), parts of people's
    names, weak names without a preposition, and a one-word Latin name that only starts a longer one."""
    organisations = organisation_spans(text) if found else []
    starts = {t.start: n for n, t in enumerate(tokens)}
    kept = []
    for m in found:
        n = starts.get(m.start)
        if n is None:
            n = next((k for k, t in enumerate(tokens) if t.start <= m.start < t.end), 0)
        before = [fold(t.text) for t in tokens[max(0, n - 2):n]]
        if any(o.start <= m.start and m.end <= o.end for o in organisations) or is_section_label(text, m.start, m.end) \
                or names_an_organisation(text, m.start, m.end):
            continue
        if before and _in_a_persons_name(text, tokens, n, before):
            continue
        if m.key in WEAK_NAMES and not (before and any(f in WEAK_NAME_PREPOSITIONS for f in _stems_of(tokens[n - 1].text))):
            continue
        if _starts_a_longer_latin_name(text, m, tokens, n):
            continue
        kept.append(m)
    return kept


def _in_a_persons_name(text: str, tokens: list[Span], n: int, before: list[str]) -> bool:
    """"أبو محمد زبداني", "Abu Malik al-Talli", "وأبو علي كحلة": the place is a nisba ending a person's name
    (a name word after و joins a list of people)."""
    before = [w[1:] if w[:1] == "و" and w[1:] in NAME_WORDS else w for w in before]
    if before[-1] in NAME_WORDS:
        return True
    if len(before) < 2 or before[0] not in NAME_WORDS:
        return False
    between = text[tokens[n - 2].end:tokens[n].start]
    return not re.search(r"[،,.:؛()]", between)


def _starts_a_longer_latin_name(text: str, mention: PlaceMention, tokens: list[Span], n: int) -> bool:
    """'Tel Afar': a one-word Latin match followed by another capitalised word is part of a name the
    gazetteer does not hold (but 'Idlib Province', 'Damascus Countryside' are the place)."""
    if is_arabic(mention.text) or " " in mention.key:
        return False
    last = next((k for k, t in enumerate(tokens) if t.end == mention.end), None)
    if last is None or last + 1 >= len(tokens):
        return False
    nxt = tokens[last + 1]
    gap = text[mention.end:nxt.start]
    return gap in (" ", "-") and nxt.text[:1].isupper() and nxt.text.lower() not in LATIN_DESCRIPTORS


def _glued_index(places, index: dict) -> dict[str, tuple[str, ...]]:
    """Arabic names of two or more words written as one (الحجرالاسود): key without spaces -> ids."""
    glued: dict[str, tuple[str, ...]] = {}
    for place in places:
        for spelling in (place.name_ar, *place.variants_ar):
            if " " not in (spelling or "").strip():
                continue
            key = normalize_name(spelling.replace(" ", ""))
            if key and key not in index and place.id not in glued.get(key, ()):
                glued[key] = glued.get(key, ()) + (place.id,)
    return glued


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


def _length_of_letters(piece: str, letters: int) -> int:
    """How many characters of ``piece`` (diacritics included) its first ``letters`` letters take."""
    index = 0
    while letters and index < len(piece):
        if not _MARKS.match(piece[index]):
            letters -= 1
        index += 1
    while index < len(piece) and _MARKS.match(piece[index]):
        index += 1
    return index


@lru_cache(maxsize=4)
def finder_for(gazetteer: Gazetteer) -> PlaceFinder:
    """A cached finder per gazetteer (the gazetteer itself is cached by load_gazetteer)."""
    return PlaceFinder(gazetteer)


def find_places(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every gazetteer place named in ``text``, in order, longest names first."""
    return finder_for(gazetteer).find(text)
