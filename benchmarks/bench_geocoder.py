"""The gazetteer against a plain rapidfuzz matcher over the same names (the peer), in one run.

Measures, for both, on the same queries:

* typo recall: one-edit misspellings (a letter dropped, two swapped, one doubled, a space dropped)
  of every gazetteer name, Arabic and Latin, one each (``geodata.typos.every_name_typos``), answered as one place; the share
  of wrong places among the answers (unknown foreign names answered with a place count as wrong);
  how often the top five candidates hold the right place; queries per second;
* report names: ``tests/data/gazetteer/report_names.csv`` (names from 2016-2018 evacuation reports,
  with the place each means): right, wrong, not found;
* exact look-ups per second (target 50,000/s) beside a bare normalise + dict look-up.

Targets (issue 14): typo recall >= 95 %, wrong <= 0.5 %, top-5 >= 98 %, >= 5,000 fuzzy queries/s.

    .venv/bin/python benchmarks/bench_geocoder.py [--peer-sample N] [--queries N] [--rounds R]
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geodata.exc import AmbiguousPlaceError  # noqa: E402
from geodata.gazetteer import load_gazetteer  # noqa: E402
from geodata.normalize import clear_caches, is_arabic, normalize_name  # noqa: E402
from geodata.typos import every_name_typos, score_typos, spellings  # noqa: E402

REPORT_NAMES = ROOT / "tests" / "data" / "gazetteer" / "report_names.csv"
EXACT_TARGET, FUZZY_TARGET = 50_000, 5_000
RECALL_TARGET, WRONG_TARGET, TOP5_TARGET = 0.95, 0.005, 0.98
UNKNOWN = ["Paris", "Cairo", "Beirut", "Amman", "Baghdad", "Istanbul", "Moscow", "Riyadh", "Tehran", "Mosul",
           "Gaziantep", "Ankara", "London", "Berlin", "القاهرة", "بيروت", "بغداد", "الرياض", "موسكو", "إسطنبول",
           "طهران", "الموصل", "عمان", "غازي عنتاب", "النصرة", "الدولة", "الجيش", "المعارضة", "الحافلات", "Hezbollah"]


class PlainRapidfuzz:
    """The peer: every spelling of every place in one list (put through rapidfuzz's default processor,
    lower case without punctuation, once), ``process.extract`` with WRatio; the best answer above
    ``cutoff`` wins, the first five distinct places are its candidates."""

    def __init__(self, gazetteer, cutoff: float = 80.0):
        names = spellings(gazetteer)
        self.gazetteer, self.cutoff = gazetteer, cutoff
        self.choices = [utils.default_process(n) for n, _ in names]
        self.ids = [pid for _, pid in names]

    def _extract(self, query: str, limit: int):
        return process.extract(utils.default_process(query), self.choices, scorer=fuzz.WRatio, processor=None,
                               limit=limit)

    def resolve(self, query: str, governorate_id: str | None = None):
        found = self._extract(query, 1)
        return self.gazetteer.get(self.ids[found[0][2]]) if found and found[0][1] >= self.cutoff else None

    def top(self, query: str) -> list:
        ids: list[str] = []
        for _, _, i in self._extract(query, 25):
            if self.ids[i] not in ids:
                ids.append(self.ids[i])
        return [self.gazetteer.get(pid) for pid in ids[:5]]


def timed(fn, queries) -> float:
    """Queries per second of ``fn`` over ``queries`` (normalisation caches cleared first)."""
    clear_caches()
    start = time.perf_counter()
    for query in queries:
        try:
            fn(query)
        except AmbiguousPlaceError:
            pass
    return len(queries) / (time.perf_counter() - start)


def unknown_answers(resolve) -> int:
    """How many of the unknown names (foreign places, common words) get a place as an answer."""
    wrong = 0
    for name in UNKNOWN:
        try:
            wrong += resolve(name) is not None
        except AmbiguousPlaceError:
            pass
    return wrong


def report_outcomes(gazetteer, resolve) -> dict[str, int]:
    """right / wrong / none (ambiguous counts as none) on the report names, with their context governorate."""
    counts = {"right": 0, "wrong": 0, "none": 0}
    with REPORT_NAMES.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            gov = gazetteer.governorate_named(row["context_governorate"]) if row["context_governorate"] else None
            try:
                place = resolve(row["name"], governorate_id=gov)
            except AmbiguousPlaceError:
                place = None
            if place is None:
                counts["none"] += 1
            elif place.id == row["expected_id"]:
                counts["right"] += 1
            else:
                counts["wrong"] += 1
    return counts


def exact_queries(gazetteer, n: int, rng: random.Random) -> list[str]:
    names = [s for s, _ in spellings(gazetteer)]
    queries = []
    while len(queries) < n:
        name = rng.choice(names)
        roll = rng.random()
        if is_arabic(name):
            name = rng.choice("وبل") + name if roll < 0.3 else name
        elif roll < 0.3:
            name = name.upper()
        elif roll < 0.5:
            name = "al-" + name
        queries.append(name)
    return queries


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-sample", type=int, default=1000,
                        help="typos the peer's speed is timed on (it takes ~6 ms a query)")
    parser.add_argument("--queries", type=int, default=10_000, help="exact queries for the speed pass")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--rounds", type=int, default=3, help="speed passes; the fastest is kept")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    peer = PlainRapidfuzz(gazetteer)
    typos = every_name_typos(gazetteer, seed=args.seed)
    queries = [t.query for t in typos]
    exact = exact_queries(gazetteer, args.queries, random.Random(args.seed))
    index = gazetteer.name_index()

    ours = score_typos(gazetteer, typos, gazetteer.resolve, lambda q: [m.place for m in gazetteer.search(q, limit=5)])
    theirs = score_typos(gazetteer, typos, peer.resolve, peer.top)
    speeds = {"ours": [], "peer": [], "exact": [], "floor": [], "top5": []}
    for _ in range(args.rounds):   # interleaved, so load from other processes slows every pass alike
        speeds["ours"].append(timed(gazetteer.resolve, queries))
        speeds["top5"].append(timed(lambda q: gazetteer.search(q, limit=5), queries))
        speeds["exact"].append(timed(lambda q: gazetteer.search(q, fuzzy=False, limit=1), exact))
        speeds["floor"].append(timed(lambda q: index.get(normalize_name(q)), exact))
    speeds["peer"].append(timed(peer.resolve, queries[:: max(1, len(queries) // args.peer_sample)]))
    best = {k: max(v) for k, v in speeds.items()}
    ours_unknown, peer_unknown = unknown_answers(gazetteer.resolve), unknown_answers(peer.resolve)
    ours_reports, peer_reports = report_outcomes(gazetteer, gazetteer.resolve), report_outcomes(gazetteer, peer.resolve)

    ops = sorted({t.operation for t in typos})
    print(f"gazetteer: {len(gazetteer)} places, {len(index)} name keys, {len(spellings(gazetteer))} spellings")
    print(f"typos: {len(typos)} one-edit misspellings ({', '.join(ops)}), one of every spelling; "
          f"plus {len(UNKNOWN)} unknown names")
    for label, score, unknown in (("project", ours, ours_unknown), ("peer   ", theirs, peer_unknown)):
        wrong = (score.outcomes["wrong"] + unknown) / max(1, score.answered + unknown)
        print(f"{label}: recall {score.recall:.2%} ({score.outcomes['right']} right, {score.outcomes['namesakes']} "
              f"namesakes listed), wrong {wrong:.2%} of answers ({score.outcomes['wrong']} typos, {unknown}/"
              f"{len(UNKNOWN)} unknown names), {score.outcomes['none']} none, {score.outcomes['ambiguous']} "
              f"ambiguous; top-5 {score.top5_rate:.2%}")
    ours_wrong = (ours.outcomes["wrong"] + ours_unknown) / max(1, ours.answered + ours_unknown)
    peer_wrong = (theirs.outcomes["wrong"] + peer_unknown) / max(1, theirs.answered + peer_unknown)
    print(f"speed: project {best['ours']:,.0f} fuzzy resolves/s ({best['top5']:,.0f} top-5 searches/s), "
          f"peer {best['peer']:,.0f}/s")
    print(f"ratios project/peer: recall {ours.recall / max(1e-9, theirs.recall):.3f}, wrong "
          f"{ours_wrong / max(1e-9, peer_wrong):.3f}, top-5 {ours.top5_rate / max(1e-9, theirs.top5_rate):.3f}, "
          f"speed {best['ours'] / best['peer']:.1f}x")
    print(f"targets: recall {ours.recall / RECALL_TARGET:.3f} x {RECALL_TARGET:.0%}, wrong {ours_wrong:.2%} "
          f"(max {WRONG_TARGET:.1%}), top-5 {ours.top5_rate / TOP5_TARGET:.3f} x {TOP5_TARGET:.0%}, fuzzy speed "
          f"{best['ours'] / FUZZY_TARGET:.2f} x {FUZZY_TARGET:,}/s")
    print(f"exact: {best['exact']:,.0f} names/s = {best['exact'] / EXACT_TARGET:.2f} x target {EXACT_TARGET:,}/s; "
          f"{best['exact'] / best['floor']:.2f} x a bare normalise + dict look-up ({best['floor']:,.0f}/s)")
    total = sum(ours_reports.values())
    for label, counts in (("project", ours_reports), ("peer   ", peer_reports)):
        print(f"report names ({total}, {REPORT_NAMES.relative_to(ROOT)}): {label} {counts['right']} right "
              f"({counts['right'] / total:.1%}), {counts['wrong']} wrong ({counts['wrong'] / total:.1%}), "
              f"{counts['none']} not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
