"""Name matching for the gazetteer: every way a report writes a name, and one-letter typos.

A query is read in tiers and the first tier that finds anything wins, so a name written right
never competes with a typo of another name:

1. ``exact``: the normalised key (:func:`geodata.normalize.normalize_name`) as written, after
   hashtags and quotes are cleaned (``#مخيم_اليرموك``, ``"Yarmouk"``);
2. ``descriptor``: without words that only say what kind of place it is (مخيم، بلدة، حي، قرية،
   معبر، حاجز; camp, town, crossing ...);
3. ``clitic``: the first Arabic word without its proclitics (وبالحجر -> الحجر);
4. ``compact``: spaces ignored (``الحجرالاسود``, ``Yarmoukcamp``);
5. ``fuzzy``: names one edit away (a letter dropped, added, changed, or two swapped), found
   through an index of one-letter deletions (the symmetric-delete idea: a query and a name
   one edit apart share a deletion), checked with rapidfuzz's optimal-string-alignment
   distance. Candidates equally close are told apart by how close the name is as written
   (rapidfuzz ratio on :func:`geodata.normalize.light_key`), and only a clear winner resolves.

Common words and organisation names (``data/not_places.csv``) are never places.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from geodata.normalize import (arabic_stems, clean_query, compact_keys, is_arabic, light_key, normalize_name,
                               register_cache, without_descriptors)
from geodata.place import Place

NOT_PLACES_PATH = Path(__file__).resolve().parent / "data" / "not_places.csv"

TIER_SCORES = {"exact": 100.0, "descriptor": 98.0, "clitic": 97.0, "compact": 96.0}
FUZZY_MAX_SCORE = 95.0
# Shorter keys (spaces left out) are never matched fuzzily: one edit in three letters is another word.
FUZZY_MIN_LENGTH = 3
# Keys this long may be two edits away (two typos, or a typo in a transliteration variant).
TWO_EDIT_MIN_LENGTH = 9
# Names shorter than this take only the commonest slips (a letter dropped, doubled, or two letters
# swapped): one new or changed letter in a short name is as likely another word (القاهرة is not قارة).
SHORT_NAME_LENGTH = 6


@dataclass(frozen=True, slots=True)
class Match:
    """One search hit: the place, a 0..100 score, the spelling that matched, and how.

    ``edits``: letters changed (fuzzy only); ``closeness``: 0..100, how alike the query and the
    spelling are as written (breaks ties between equally few edits)."""

    place: Place
    score: float
    matched: str
    method: str  # "exact" | "descriptor" | "clitic" | "compact" | "fuzzy"
    edits: int = 0
    closeness: float = 100.0


@lru_cache(maxsize=4)
def not_places(path: str = str(NOT_PLACES_PATH)) -> frozenset[str]:
    """Normalised keys of words that are never places (organisations, common words)."""
    with Path(path).open(encoding="utf-8") as fh:
        return frozenset(k for k in (normalize_name(row["word"]) for row in csv.DictReader(fh)) if k)


@lru_cache(maxsize=65536)
def _readings(query: str) -> tuple[tuple[str, str], ...]:
    """(text, tier) readings of a query: as written (hashtags, quotes cleaned), then without the
    proclitics of its first Arabic word."""
    text = clean_query(query)
    if not text:
        return ()
    out = [(text, "exact")]
    words = text.split()
    if is_arabic(text) and words:
        out += [(" ".join([stem, *words[1:]]), "clitic") for stem in arabic_stems(words[0])[1:]]
    return tuple(out)


register_cache(_readings)


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1:] for i in range(len(key))}


class NameIndex:
    """Normalised, compact and one-deletion indexes over every spelling of every place."""

    def __init__(self, places: Iterable[Place], stop_keys: frozenset[str] = frozenset()):
        self.places = {p.id: p for p in places}
        self.stop_keys = stop_keys
        self.exact: dict[str, dict[str, str]] = {}
        self.compact: dict[str, dict[str, str]] = {}
        for place in self.places.values():
            for spelling in (place.name_en, place.name_ar, *place.variants_en, *place.variants_ar):
                key = normalize_name(spelling)
                if not key or key in stop_keys:
                    continue
                self.exact.setdefault(key, {}).setdefault(place.id, spelling)
                for compact in compact_keys(spelling):
                    self.compact.setdefault(compact, {}).setdefault(place.id, spelling)
        self._light: dict[str, str] = {}

    @cached_property
    def deletions(self) -> dict[str, list[str]]:
        """Deletion -> compact keys it comes from (the key itself counts as its own deletion): built on the first
        fuzzy lookup, since loading the gazetteer for a map needs none (~50,000 keys, 7 MB)."""
        deletions: dict[str, list[str]] = {}
        for compact in self.compact:
            if len(compact) >= 2:
                for variant in _deletions(compact) | {compact}:
                    deletions.setdefault(variant, []).append(compact)
        return deletions

    # --- tiers ---------------------------------------------------------------------------------

    def readings(self, query: str) -> tuple[tuple[str, str], ...]:
        """(text, tier) readings of a query, most literal first; stop words yield none."""
        found = _readings(query)
        if not found or normalize_name(found[0][0]) in self.stop_keys:
            return ()
        return found

    def lookup(self, query: str) -> list[tuple[Place, str, str]]:
        """(place, spelling, tier) for the first non-fuzzy tier that finds the query."""
        key = normalize_name(query)
        hits = self.exact.get(key)
        if hits and key not in self.stop_keys:       # the common case: a name as the gazetteer writes it
            return [(self.places[pid], spelling, "exact") for pid, spelling in hits.items()]
        readings = self.readings(query)
        keys = [(normalize_name(text), tier) for text, tier in readings]
        tiers = (
            [(k, "exact") for k, t in keys if t == "exact"],
            [(without_descriptors(k), "descriptor") for k, t in keys if t == "exact"],
            [(k, "clitic") for k, t in keys if t == "clitic"]
            + [(without_descriptors(k), "clitic") for k, t in keys if t == "clitic"],
        )
        for tier in tiers:
            found = [(self.places[pid], spelling, method) for key, method in tier if key not in self.stop_keys
                     for pid, spelling in self.exact.get(key, {}).items()]
            if found:
                return found
        for stripped in (False, True):   # the name as written before the name without descriptors
            found = []
            for (key, _tier), (text, _) in zip(keys, readings):
                forms = {without_descriptors(key).replace(" ", "")} if stripped else {key.replace(" ", ""), light_key(text)}
                found += [(self.places[pid], spelling, "compact") for compact in forms
                          for pid, spelling in self.compact.get(compact, {}).items()]
            if found:
                return found
        return []

    def fuzzy(self, query: str, lenient: bool = False) -> list[tuple[Place, str, int, float, float]]:
        """(place, spelling, edits, closeness, score) of the names nearest to a misspelt query.

        ``lenient``: also short names and any one-letter change (for listing candidates, not for
        answering with one place)."""
        readings = self.readings(query)
        best: dict[str, tuple[Place, str, int, float, float]] = {}
        shortest = 2 if lenient else FUZZY_MIN_LENGTH
        for text, tier in readings:
            key = normalize_name(text)
            light = light_key(text)
            # The name as written first: folding (ai -> ay, final -i -> -a) can turn one slip into two.
            forms = {key.replace(" ", ""): 3.0, without_descriptors(key).replace(" ", ""): 3.0}
            forms[light] = 0.0
            for compact, penalty in forms.items():
                if len(compact) < shortest or compact in self.stop_keys:
                    continue
                for other, edits in self._near(compact, lenient):
                    for pid, spelling in self.compact[other].items():
                        closeness = fuzz.ratio(light, self._light_of(spelling)) - penalty - (1.0 if tier == "clitic" else 0.0)
                        score = fuzzy_score(edits, max(len(compact), len(other)))
                        current = best.get(pid)
                        if current is None or (edits, -closeness) < (current[2], -current[3]):
                            best[pid] = (self.places[pid], spelling, edits, closeness, score)
        return list(best.values())

    def _near(self, compact: str, lenient: bool = False) -> list[tuple[str, int]]:
        """Compact keys within one edit (two for long keys) of ``compact``, with the edit count.

        Answering one place (not ``lenient``), names two edits away are looked for only when none
        is one edit away: they could not win, and the second round of deletions costs most."""
        limit = 2 if len(compact) >= TWO_EDIT_MIN_LENGTH else 1
        probes = _deletions(compact) | {compact}
        seen: dict[str, int] = {}
        self._probe(compact, probes, limit, seen)
        if limit == 2 and (lenient or not any(e == 1 for e in seen.values())):
            self._probe(compact, {d2 for d in probes for d2 in _deletions(d)} - probes, limit, seen)
        return [(other, edits) for other, edits in seen.items()
                if 0 < edits <= limit and (lenient or len(other) >= SHORT_NAME_LENGTH or _common_slip(compact, other))]

    def _probe(self, compact: str, probes: set[str], limit: int, seen: dict[str, int]) -> None:
        for probe in probes:
            for other in self.deletions.get(probe, ()):
                if other not in seen:
                    seen[other] = OSA.distance(compact, other, score_cutoff=limit)

    def _light_of(self, spelling: str) -> str:
        light = self._light.get(spelling)
        if light is None:
            light = self._light[spelling] = light_key(spelling)
        return light


def _common_slip(typed: str, name: str) -> bool:
    """True when ``typed`` is ``name`` with one letter dropped, one doubled, or two neighbours swapped."""
    if len(typed) == len(name) - 1:
        return any(name[:i] + name[i + 1:] == typed for i in range(len(name)))
    if len(typed) == len(name) + 1:
        return any(typed[:i] + typed[i + 1:] == name and typed[i] in typed[max(0, i - 1):i] + typed[i + 1:i + 2]
                   for i in range(len(typed)))
    if len(typed) == len(name):
        diff = [i for i in range(len(name)) if typed[i] != name[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == name[diff[1]] \
            and typed[diff[1]] == name[diff[0]]
    return False


def fuzzy_score(edits: int, length: int) -> float:
    """A 0..100 score for a fuzzy hit: the share of letters right, never above :data:`FUZZY_MAX_SCORE`."""
    return round(min(FUZZY_MAX_SCORE, 100.0 * (1 - edits / max(1, length))), 1)
