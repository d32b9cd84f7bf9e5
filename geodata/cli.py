"""``python -m geodata``: look places up from the shell (all I/O of the package lives here).

    python -m geodata geocode NAME [NAME ...] [--governorate G] [--all]
    python -m geodata reverse LAT LON [--kind KIND ...]

One JSON object per line on stdout; unknown or ambiguous names are reported on stderr and make
the exit status non-zero (after every name has been tried).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence, TextIO

from geodata.exc import AmbiguousPlaceError, GeodataError
from geodata.geocoder import AtlasGeocoder
from geodata.place import KINDS

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


def _record(query: str, raw: dict) -> dict:
    return {"query": query, **{k: raw.get(k) for k in (
        "id", "name", "name_ar", "lat", "lon", "kind", "precision", "uncertainty_m", "governorate_id",
        "score", "matched", "method", "distance_m", "coord_source") if k in raw}}


def _geocode(args, geocoder: AtlasGeocoder, out: TextIO, err: TextIO) -> int:
    status = 0
    for name in args.names:
        try:
            result = geocoder.geocode(name, exactly_one=not args.all, governorate=args.governorate)
        except AmbiguousPlaceError as exc:
            err.write(f"geodata: {name!r} is ambiguous; candidates:\n")
            for place in exc.candidates:
                err.write(f"  {place.id}\t{place.label()}\t{place.kind}\t{place.governorate_id}\n")
            status = EXIT_NOT_FOUND
            continue
        if not result:
            scope = f" in governorate {args.governorate}" if args.governorate else ""
            err.write(f"geodata: no place in the gazetteer matches {name!r}{scope}\n")
            status = EXIT_NOT_FOUND
            continue
        for location in (result if isinstance(result, list) else [result]):
            out.write(json.dumps(_record(name, location.raw), ensure_ascii=False) + "\n")
    return status


def _reverse(args, geocoder: AtlasGeocoder, out: TextIO, err: TextIO) -> int:
    location = geocoder.reverse((args.lat, args.lon), kinds=tuple(args.kind) or None)
    if location is None:
        err.write("geodata: no place of the requested kind\n")
        return EXIT_NOT_FOUND
    out.write(json.dumps(_record(f"{args.lat}, {args.lon}", location.raw), ensure_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geodata", description="Offline gazetteer look-ups.")
    sub = parser.add_subparsers(dest="command", required=True)
    geocode = sub.add_parser("geocode", help="place names (Arabic or Latin) -> places")
    geocode.add_argument("names", nargs="+", metavar="NAME")
    geocode.add_argument("--governorate", help="only places in this governorate (id or name)")
    geocode.add_argument("--all", action="store_true", help="print every candidate, not just the best")
    geocode.set_defaults(handler=_geocode)
    reverse = sub.add_parser("reverse", help="a position -> the nearest place")
    reverse.add_argument("lat", type=float)
    reverse.add_argument("lon", type=float)
    reverse.add_argument("--kind", action="append", default=[], choices=KINDS)
    reverse.set_defaults(handler=_reverse)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args, AtlasGeocoder(online=False), out, err)
    except (GeodataError, ValueError) as exc:
        err.write(f"geodata: {exc}\n")
        return EXIT_USAGE
