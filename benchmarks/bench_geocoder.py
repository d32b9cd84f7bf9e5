"""How many names per second the gazetteer resolves, exact and fuzzy (targets 50,000/s and 5,000/s).

Builds >= 10,000 mixed queries from the gazetteer's own spellings (case changes, articles,
Arabic proclitics) for the exact path, and misspellings of them (a letter dropped, swapped or
doubled) plus unknown names for the fuzzy path. Timings are measured in this run only and
printed with their ratio to the target, and as ratios to a reference measured in the same run
(a bare normalise + dict look-up), interleaved over a few rounds so a busy machine slows every
pass alike; the normalisation caches are cleared before each pass (repeated names within a pass
do hit the cache, as they would in real use).

    .venv/bin/python benchmarks/bench_geocoder.py [--queries N] [--rounds R]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geodata.exc import AmbiguousPlaceError  # noqa: E402
from geodata.gazetteer import load_gazetteer  # noqa: E402
from geodata.normalize import clear_caches, is_arabic, normalize_name  # noqa: E402

EXACT_TARGET = 50_000
FUZZY_TARGET = 5_000
UNKNOWN = ["Paris", "Cairo", "Beirut", "Amman", "Baghdad", "Istanbul", "Moscow", "Riyadh",
           "القاهرة", "بيروت", "بغداد", "الرياض", "موسكو", "إسطنبول"]


def exact_queries(gazetteer, n: int, rng: random.Random) -> list[str]:
    names = sorted({s for p in gazetteer for s in (p.name_en, p.name_ar, *p.variants_en, *p.variants_ar) if s})
    queries = []
    while len(queries) < n:
        name = rng.choice(names)
        roll = rng.random()
        if is_arabic(name):
            if roll < 0.3:
                name = rng.choice("وبل") + name
        elif roll < 0.3:
            name = name.upper()
        elif roll < 0.5:
            name = "al-" + name
        queries.append(name)
    return queries


def misspell(name: str, rng: random.Random) -> str:
    if len(name) < 6:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    op = rng.choice(("drop", "swap", "double"))
    if op == "drop":
        return name[:i] + name[i + 1:]
    if op == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + name[i] + name[i:]


def fuzzy_queries(gazetteer, n: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """(misspelled query, id of the place it was made from; None for unknown names)."""
    index = gazetteer.name_index()
    names = sorted({(p.name_en, p.id) for p in gazetteer} | {(p.name_ar, p.id) for p in gazetteer if p.name_ar})
    queries = []
    while len(queries) < n:
        if rng.random() < 0.1:
            queries.append((rng.choice(UNKNOWN), None))
            continue
        name, place_id = rng.choice(names)
        query = misspell(name, rng)
        if normalize_name(query) not in index:  # only queries that really take the fuzzy path
            queries.append((query, place_id))
    return queries


def fuzzy_outcomes(gazetteer, queries: list[tuple[str, str | None]]) -> Counter:
    """right / wrong place / no answer / reported ambiguous, as resolve() answers."""
    outcome = Counter()
    for query, place_id in queries:
        try:
            place = gazetteer.resolve(query)
        except AmbiguousPlaceError:
            outcome["ambiguous"] += 1
            continue
        if place is None:
            outcome["none"] += 1
        elif place_id and normalize_name(place.name_en) == normalize_name(gazetteer.get(place_id).name_en):
            outcome["right"] += 1   # the place itself or a namesake (a city and its governorate)
        else:
            outcome["wrong"] += 1
    return outcome


def rate(gazetteer, queries: list[str], fuzzy: bool) -> tuple[float, int]:
    clear_caches()
    start = time.perf_counter()
    found = sum(1 for q in queries if gazetteer.search(q, fuzzy=fuzzy, limit=1))
    elapsed = time.perf_counter() - start
    return len(queries) / elapsed, found


def floor_rate(gazetteer, queries: list[str]) -> float:
    """The least any name lookup costs here: normalise the name, one dict look-up (no clitics,
    no scoring). Measured beside the real passes so the ratio holds on a loaded machine."""
    index = gazetteer.name_index()
    clear_caches()
    start = time.perf_counter()
    for query in queries:
        index.get(normalize_name(query))
    return len(queries) / (time.perf_counter() - start)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved passes; the best of each is kept")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    gazetteer = load_gazetteer()
    exact = exact_queries(gazetteer, args.queries, rng)
    fuzzy = fuzzy_queries(gazetteer, args.queries, rng)
    fuzzy_names = [q for q, _ in fuzzy]
    floors, exacts, fuzzies = [], [], []
    for _ in range(args.rounds):  # interleaved, so load from other processes slows every pass alike
        floors.append(floor_rate(gazetteer, exact))
        exacts.append(rate(gazetteer, exact, fuzzy=False))
        fuzzies.append(rate(gazetteer, fuzzy_names, fuzzy=True))
    floor = max(floors)                      # the fastest pass of each kind: the others were disturbed
    exact_rate, exact_found = max(exacts)
    fuzzy_rate, fuzzy_found = max(fuzzies)
    outcome = fuzzy_outcomes(gazetteer, fuzzy)
    print(f"gazetteer: {len(gazetteer)} places, {len(gazetteer.name_index())} name keys")
    print(f"exact: {len(exact)} queries, {exact_found} found, {exact_rate:,.0f} names/s "
          f"= {exact_rate / EXACT_TARGET:.2f} x target {EXACT_TARGET:,}/s")
    print(f"fuzzy: {len(fuzzy)} queries, {fuzzy_found} found, {fuzzy_rate:,.0f} names/s "
          f"= {fuzzy_rate / FUZZY_TARGET:.2f} x target {FUZZY_TARGET:,}/s")
    print(f"measured in this run: exact search runs at {exact_rate / floor:.2f} x the speed of a bare "
          f"normalise + dict look-up ({floor:,.0f}/s); fuzzy at {fuzzy_rate / exact_rate:.3f} x exact")
    answered = outcome["right"] + outcome["wrong"]
    print(f"fuzzy answers: {outcome['right']} right, {outcome['wrong']} wrong place "
          f"({outcome['wrong'] / max(1, answered):.2%} of answers), {outcome['none']} none, "
          f"{outcome['ambiguous']} reported ambiguous")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
