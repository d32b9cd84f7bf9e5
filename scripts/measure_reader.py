"""Measure the report reader on the five seeds against the curated table.

For each seed: the share of the places used by its curated events that the reader names
(any place id it suggests), the share of its dated curated events whose window overlaps a
window the reader resolved, and the suggestions beyond the curated table: places the reader names
that no curated event of that seed uses, and resolved date windows that overlap no curated window.
These are upper bounds on false suggestions, not false by themselves: a report names places
(Yarmouk camp, Yalda, ...) that the curated table records no event at; the listing below the table
names each one so a reader can check.
Routes: a curated route counts as drafted when some draft has its origin and destination; since
one sentence may give several drafts (one per destination joined by و), the drafts that match
no curated route of the seed are counted too ("drafts on a curated route").
An end the curated table codes as a *region* also matches a draft's end that lies inside that region
(its point within the region's radius in the gazetteer, e.g. Idlib inside "northern Syria"): the curated
table codes a region where the text names several places only as a whole ("ووصلوا إلى ... حلب وإدلب" is
coded "northern Syria", whose gazetteer entry is drawn to cover Idlib and northern Aleppo), so a draft to
one of those named places is that route, told as finely as the text names it. The reverse (a draft's
region holding a curated town) does not count: that draft is vaguer than the route.
Publication dates come from seeds/sources.csv; a seed dated only to a range (e.g. 2017-12-14/2017-12-20) is read
with no publication date, as the reader needs a day to resolve "yesterday". Prints a Markdown table.

    .venv/bin/python scripts/measure_reader.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader import read_report  # noqa: E402
from events.curated import load_curated  # noqa: E402
from events.seed_manifest import load_seed_manifest  # noqa: E402
from geodata.gazetteer import Gazetteer, distance_m, load_gazetteer  # noqa: E402


def manifest(seeds_dir: Path) -> dict[str, dict]:
    """The seeds manifest as {file: {"published": day or "", "period": the date or range as written, "outlet"}}:
    the reader resolves relative dates against a publication day, so a seed dated only to a range gets none."""
    path = seeds_dir / "sources.csv"
    if not path.exists():
        return {}
    return {name: {"published": report.published_day.isoformat() if report.published_day else "",
                   "period": report.published_text, "outlet": report.outlet}
            for name, report in load_seed_manifest(path).items()}


def end_matches(curated: str, drafted: str, gazetteer: Gazetteer) -> bool:
    """The draft's end is the curated end, or lies inside the region the curated table codes there."""
    if curated == drafted:
        return True
    region, place = gazetteer.get(curated), gazetteer.get(drafted)
    return bool(region and place and region.kind == "region" and place.kind != "country" and
                distance_m(region, place) <= region.uncertainty_m)


def on_route(event, draft: dict, gazetteer: Gazetteer) -> bool:
    return end_matches(event.origin, draft["origin"], gazetteer) and \
        end_matches(event.destination, draft["destination"], gazetteer)


def measure_seed(text: str, publication: str, outlet: str, events, gazetteer) -> dict:
    reading = read_report(text, publication_date=publication or None, outlet=outlet, gazetteer=gazetteer)
    suggested = set(reading.place_ids())
    curated_places = {pid for e in events for pid in e.place_ids}
    dated = [e for e in events if e.is_dated]
    windows = [d for d in reading.dates if d.is_resolved]
    dates_found = [e for e in dated if any(d.overlaps(e.date_start, e.date_end) for d in windows)]
    false_windows = [d for d in windows if not any(d.overlaps(e.date_start, e.date_end) for e in dated)]
    routes = [e for e in events if e.is_route]
    routes_drafted = [e for e in routes if any(on_route(e, d, gazetteer) for d in reading.drafts)]
    drafts_on_routes = [d for d in reading.drafts if any(on_route(e, d, gazetteer) for e in routes)]
    return {
        "events": len(events), "places": len(curated_places),
        "places_found": len(curated_places & suggested),
        "false_places": sorted(suggested - curated_places),
        "dated": len(dated), "dates_found": len(dates_found),
        "windows": len(windows), "false_windows": [d.text for d in false_windows],
        "open_dates": sum(1 for d in reading.dates if not d.is_resolved),
        "drafts": len(reading.drafts), "routes": len(routes), "routes_drafted": len(routes_drafted),
        "drafts_on_routes": len(drafts_on_routes),
    }


def _share(found: int, total: int) -> str:
    return f"{found}/{total} ({found / total:.0%})" if total else "–"


def main() -> int:
    seeds_dir = ROOT / "seeds"
    gazetteer = load_gazetteer()
    events = load_curated(gazetteer=gazetteer)
    sources = manifest(seeds_dir)
    rows, totals = [], dict.fromkeys(("places", "places_found", "dated", "dates_found", "false_places",
                                      "false_windows", "drafts", "drafts_on_routes", "open_dates", "routes",
                                      "routes_drafted"), 0)
    for path in sorted(seeds_dir.glob("*.txt")):
        source = sources.get(path.name, {})
        seed_events = [e for e in events if e.seed == path.name]
        result = measure_seed(path.read_text(encoding="utf-8"), source.get("published", ""),
                              source.get("outlet", ""), seed_events, gazetteer)
        rows.append((path.name, source.get("period") or "unknown", result))
        for key in totals:
            value = result[key]
            totals[key] += len(value) if isinstance(value, list) else value
    print("| seed | published | curated places found | curated dates found | places no curated event uses | "
          "date windows no curated event overlaps | open dates | drafts | drafts on a curated route | curated routes drafted |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, published, r in rows:
        print(f"| {name[:3]} | {published} | {_share(r['places_found'], r['places'])} | "
              f"{_share(r['dates_found'], r['dated'])} | {len(r['false_places'])} | {len(r['false_windows'])} | "
              f"{r['open_dates']} | {r['drafts']} | {_share(r['drafts_on_routes'], r['drafts'])} | "
              f"{_share(r['routes_drafted'], r['routes'])} |")
    print(f"| all | | {_share(totals['places_found'], totals['places'])} | "
          f"{_share(totals['dates_found'], totals['dated'])} | {totals['false_places']} | "
          f"{totals['false_windows']} | {totals['open_dates']} | {totals['drafts']} | "
          f"{_share(totals['drafts_on_routes'], totals['drafts'])} | "
          f"{_share(totals['routes_drafted'], totals['routes'])} |")
    print()
    for name, _published, r in rows:
        if r["false_places"] or r["false_windows"]:
            print(f"- {name[:3]}: places no curated event uses {', '.join(r['false_places']) or '–'}; "
                  f"date windows no curated event overlaps {', '.join(r['false_windows']) or '–'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
