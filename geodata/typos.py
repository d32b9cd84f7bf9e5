"""Measuring the gazetteer on misspelt names: one-edit typos of its own names, scored the same way
for the gazetteer and for any other matcher (the benchmark's plain rapidfuzz peer, the tests).

A typo is one slip on a name as written (``drop``, ``swap`` of two neighbours, ``double`` a
letter, ``space`` dropped); a typo that only changes what normalisation folds away anyway, or
that spells another name of the gazetteer, is not one (it never reaches the fuzzy matcher).
An answer is *right* when the place answered carries the misspelt spelling (the place itself, or a
namesake written the same); a reported ambiguity is right when every candidate carries it.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

from geodata.exc import AmbiguousPlaceError
from geodata.normalize import normalize_name

OPERATIONS = ("drop", "swap", "double", "space")


@dataclass(frozen=True, slots=True)
class Typo:
    query: str
    spelling: str      # the name it was made from
    place_id: str      # the place that name belongs to
    operation: str


def spellings(gazetteer) -> list[tuple[str, str]]:
    """(spelling, place id) for every name and variant of every place, in a stable order."""
    return sorted({(s, p.id) for p in gazetteer for s in (p.name_en, p.name_ar, *p.variants_en, *p.variants_ar) if s})


def misspell(name: str, operation: str, rng: random.Random) -> str | None:
    """One slip on ``name``; None when the operation cannot apply (no space to drop, too short)."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if operation == "space":
        spaces = [i for i, ch in enumerate(name) if ch == " "]
        if not spaces:
            return None
        i = rng.choice(spaces)
        return name[:i] + name[i + 1:]
    if len(letters) < 3:
        return None
    i = rng.choice(letters)
    if operation == "drop":
        return name[:i] + name[i + 1:]
    if operation == "double":
        return name[:i] + name[i] + name[i:]
    j = i + 1 if i + 1 < len(name) and name[i + 1].isalpha() else i - 1
    if j < 0 or not name[j].isalpha() or name[i] == name[j]:
        return None
    a, b = sorted((i, j))
    return name[:a] + name[b] + name[a] + name[b + 1:]


def make_typos(gazetteer, count: int, seed: int = 2017) -> list[Typo]:
    """``count`` typos of names drawn at random (every name equally likely), each a real typo."""
    rng = random.Random(seed)
    names = spellings(gazetteer)
    known = gazetteer.name_index()
    typos: list[Typo] = []
    attempts = 0
    while len(typos) < count and attempts < count * 50:
        attempts += 1
        spelling, place_id = rng.choice(names)
        operation = rng.choice(OPERATIONS)
        query = misspell(spelling, operation, rng)
        if query is None or query == spelling:
            continue
        key = normalize_name(query)
        if key == normalize_name(spelling) or key in known:
            continue
        typos.append(Typo(query, spelling, place_id, operation))
    return typos


def every_name_typos(gazetteer, seed: int = 2017) -> list[Typo]:
    """One typo of every spelling of every place, the operations taken in turn (the next one that
    applies when one cannot), at a random position."""
    rng = random.Random(seed)
    known = gazetteer.name_index()
    typos: list[Typo] = []
    for n, (spelling, place_id) in enumerate(spellings(gazetteer)):
        for k in range(len(OPERATIONS) * 3):     # a few tries: a slip may fold away or spell another name
            operation = OPERATIONS[(n + k) % len(OPERATIONS)]
            query = misspell(spelling, operation, rng)
            if query is None or query == spelling:
                continue
            key = normalize_name(query)
            if key != normalize_name(spelling) and key not in known:
                typos.append(Typo(query, spelling, place_id, operation))
                break
    return typos


def carries(place, spelling: str) -> bool:
    key = normalize_name(spelling)
    return any(normalize_name(s) == key for s in (place.name_en, place.name_ar, *place.variants_en, *place.variants_ar))


def resolve_outcome(gazetteer, typo_or_query, resolve: Callable, spelling: str | None = None) -> str:
    """right / namesakes (ambiguous, all carrying the name) / wrong / ambiguous / none."""
    query = getattr(typo_or_query, "query", typo_or_query)
    spelling = getattr(typo_or_query, "spelling", spelling)
    try:
        place = resolve(query)
    except AmbiguousPlaceError as exc:
        if spelling is not None and all(carries(c, spelling) for c in exc.candidates):
            return "namesakes"
        return "ambiguous"
    if place is None:
        return "none"
    return "right" if spelling is not None and carries(place, spelling) else "wrong"


@dataclass(frozen=True, slots=True)
class Score:
    outcomes: Counter
    top5: int
    total: int

    @property
    def answered(self) -> int:
        return self.outcomes["right"] + self.outcomes["namesakes"] + self.outcomes["wrong"]

    @property
    def recall(self) -> float:
        return (self.outcomes["right"] + self.outcomes["namesakes"]) / max(1, self.total)

    @property
    def wrong_rate(self) -> float:
        return self.outcomes["wrong"] / max(1, self.answered)

    @property
    def top5_rate(self) -> float:
        return self.top5 / max(1, self.total)


def score_typos(gazetteer, typos: Sequence[Typo], resolve: Callable, top: Callable) -> Score:
    """Outcomes of ``resolve(query)`` and how often ``top(query)`` (places, best first) holds the name."""
    outcomes = Counter(resolve_outcome(gazetteer, t, resolve) for t in typos)
    top5 = sum(1 for t in typos if any(carries(p, t.spelling) for p in top(t.query)[:5]))
    return Score(outcomes, top5, len(typos))


def gazetteer_matcher(gazetteer) -> tuple[Callable, Callable]:
    """(resolve, top) of the gazetteer itself."""
    return gazetteer.resolve, lambda q: [m.place for m in gazetteer.search(q, limit=5)]
