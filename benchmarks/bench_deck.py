"""How long a 10-step narrative takes to become a slide deck (target: under 30 s, the renderer warm).

Builds a narrative of N steps from the worked example (docs/examples/narrative.json, its steps repeated), opens
one headless Chromium and draws one snapshot to warm it, then times building the deck (every step's map drawn)
and writing the PPTX and the PDF. Prints the seconds of each part, the total per format, and its ratio to the
target; beside it, one PNG snapshot in the same warm browser, so the deck's cost reads as "so many snapshots".

    .venv/bin/python benchmarks/bench_deck.py [--steps 10]
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from atlas.deck import MAP_SIZE, build_deck, render_pdf, render_pptx  # noqa: E402
from atlas.exports import Briefing  # noqa: E402
from atlas.narratives import load  # noqa: E402
from atlas.snapshot import chromium_session, snapshot_html  # noqa: E402
from events.curated import load_curated  # noqa: E402
from geodata.gazetteer import load_gazetteer  # noqa: E402

TARGET_S = 30.0
EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "narrative.json"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    events = load_curated(gazetteer=gazetteer)
    example = load(EXAMPLE)
    steps = tuple(example.steps[i % len(example.steps)] for i in range(args.steps))
    narrative = dataclasses.replace(example, steps=steps)
    width, height = MAP_SIZE
    with chromium_session(width=width, height=height) as session:
        start = time.perf_counter()
        session.png(snapshot_html(Briefing(events, gazetteer), controls=False))        # warm-up, not counted
        warm_up = time.perf_counter() - start
        start = time.perf_counter()
        session.png(snapshot_html(Briefing(events, gazetteer), controls=False))
        one_snapshot = time.perf_counter() - start
        start = time.perf_counter()
        deck = build_deck(narrative, events, gazetteer, session=session)
        built = time.perf_counter() - start
        start = time.perf_counter()
        pptx = render_pptx(deck)
        pptx_s = time.perf_counter() - start
        start = time.perf_counter()
        pdf = render_pdf(deck, session=session)
        pdf_s = time.perf_counter() - start
    assert pptx.startswith(b"PK") and pdf.startswith(b"%PDF")
    print(f"{len(deck.slides)} steps ({len(deck.slides) + 2} slides), maps {width}x{height}, target {TARGET_S:g} s; "
          f"Chromium start + first snapshot {warm_up:.2f} s (not counted)")
    print(f"one warm snapshot      {one_snapshot:.2f} s")
    print(f"maps and text          {built:.2f} s = {built / one_snapshot:.1f} x one snapshot")
    print(f"pptx                   {built + pptx_s:.2f} s (+{pptx_s:.2f} s to write, {len(pptx) / 1e6:.1f} MB); "
          f"total/target = {(built + pptx_s) / TARGET_S:.2f}")
    print(f"pdf                    {built + pdf_s:.2f} s (+{pdf_s:.2f} s to print, {len(pdf) / 1e6:.1f} MB); "
          f"total/target = {(built + pdf_s) / TARGET_S:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
