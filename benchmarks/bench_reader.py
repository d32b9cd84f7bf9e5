"""How well the report reader reads reports it was not built on: the development set in
tests/data/reader/passages (real passages from public reports, each with a hand-made key and its URL).

Prints, over the whole set: place recall, date recall, routes drafted (origin and destination both
right), via right, precision of the drafts it proposes (origin and destination on a key journey), and
the same figures counting only what the shipped gazetteer can name ("known"); and the seed articles'
scores (scripts/measure_reader.py).
With ``--misses`` it lists every miss per passage. Scoring rules: ``reader.evaluation``.

    .venv/bin/python benchmarks/bench_reader.py [--misses]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geodata.gazetteer import load_gazetteer  # noqa: E402
from reader import read_report  # noqa: E402
from reader.evaluation import Score, load_passages, score_reading  # noqa: E402

DATA = ROOT / "tests" / "data" / "reader"
TARGETS = dict(places=0.90, dates=0.85, routes=0.70, vias=0.60, precision=0.90)


def score_set(gazetteer, passages) -> tuple[Score, list[tuple[str, Score]]]:
    """The total score of a set and each passage's own."""
    total, each = Score(), []
    for passage in passages:
        reading = read_report(passage.text, publication_date=passage.published, gazetteer=gazetteer,
                              outlet=passage.key.get("outlet", ""), url=passage.key.get("url", ""))
        score = score_reading(passage, reading, gazetteer)
        each.append((passage.id, score))
        total = total + score
    return total, each


def figures(score: Score) -> dict[str, tuple[int, int]]:
    """Each measured figure as (right, out of)."""
    return dict(places=(score.places_found, score.places), dates=(score.dates_found, score.dates),
                routes=(score.routes_drafted, score.routes), vias=(score.vias_right, score.vias),
                precision=(score.drafts_right, score.drafts),
                places_known=(score.places_known_found, score.places_known),
                routes_known=(score.routes_known_drafted, score.routes_known),
                vias_known=(score.vias_known_right, score.vias_known),
                counts=(score.counts_found, score.counts), money=(score.money_found, score.money),
                false_friends_read=(score.false_friends_read, score.false_friends))


def share(right: int, total: int) -> float:
    return right / total if total else 1.0


def _line(name: str, right: int, total: int) -> str:
    target = TARGETS.get(name)
    mark = "" if target is None else (f"  target {target:.0%} " + ("met" if share(right, total) >= target else "MISSED"))
    return f"  {name:<20} {right:>4}/{total:<4} {share(right, total):6.1%}{mark}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss per passage")
    args = parser.parse_args(argv)
    passages = load_passages(DATA / "passages")
    total, each = score_set(load_gazetteer(), passages)
    languages = sorted({p.language for p in passages})
    print(f"Development set: {len(passages)} passages ({', '.join(languages)}), shipped gazetteer")
    for name, (right, out_of) in figures(total).items():
        print(_line(name, right, out_of))
    print(f"  money read as heads  {total.money_as_heads}")
    print(f"  partial drafts       {total.partial_drafts}")
    if args.misses:
        for passage_id, score in each:
            for miss in score.misses:
                print(f"    {passage_id}: {miss}")
    print()
    print("Seed articles (scripts/measure_reader.py):")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "measure_reader.py")], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    print("\n".join(line for line in run.stdout.splitlines() if line.startswith("| ")))
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
