"""``python -m geodata``: look places up from the shell (all I/O of the package lives here).

    python -m geodata geocode NAME [NAME ...] [--governorate G] [--all]
    python -m geodata reverse LAT LON [--kind KIND ...]
    python -m geodata validate [PLACES_CSV]

``geocode`` prints one JSON object per name on stdout: the place (id, names, point, precision,
source, score), or ``"id": null`` with the ranked ``candidates`` (and their governorates) when the
name is ambiguous or unknown; those names are also reported on stderr and make the exit status
non-zero (after every name has been tried). ``validate`` prints one line per problem of the
gazetteer file (sources, duplicates, stacked points, points outside their governorate). Exit codes: 0 found, 1 a name not found
or ambiguous, 2 bad usage or value, 3 the look-up could not run (the gazetteer cannot be read, any
unexpected error: one line on stderr, ``--debug`` adds the traceback), 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from typing import Sequence, TextIO

from geodata.exc import AmbiguousPlaceError, GazetteerDataError, GeodataError
from geodata.place import KINDS

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130
DEBUG_HELP = "on an error, show its full traceback (by default one line says what went wrong)"


def _record(query: str, raw: dict) -> dict:
    record = {"query": query, **{k: raw.get(k) for k in (
        "id", "name", "name_ar", "lat", "lon", "kind", "precision", "uncertainty_m", "governorate_id", "governorate",
        "score", "matched", "method", "distance_m", "coord_source") if k in raw}}
    record["names"] = [n for n in (raw.get("name"), raw.get("name_ar")) if n]
    record["source"] = raw.get("coord_source")
    return record


def _candidate(place, gazetteer) -> dict:
    gov = gazetteer.get(place.governorate_id) if place.governorate_id else None
    return {"id": place.id, "names": [n for n in (place.name_en, place.name_ar) if n], "kind": place.kind,
            "governorate_id": place.governorate_id, "governorate": gov.name_en if gov else "",
            "lat": place.lat, "lon": place.lon, "precision": place.precision}


def _geocode(args, geocoder, out: TextIO, err: TextIO) -> int:
    status = 0
    for name in args.names:
        try:
            result = geocoder.geocode(name, exactly_one=not args.all, governorate=args.governorate)
        except AmbiguousPlaceError as exc:
            err.write(f"geodata: {name!r} is ambiguous; candidates:\n")
            for place in exc.candidates:
                err.write(f"  {place.id}\t{place.label()}\t{place.kind}\t{place.governorate_id}\n")
            out.write(json.dumps({"query": name, "id": None, "ambiguous": True, "candidates": [
                _candidate(p, geocoder.gazetteer) for p in exc.candidates]}, ensure_ascii=False) + "\n")
            status = EXIT_NOT_FOUND
            continue
        if not result:
            scope = f" in governorate {args.governorate}" if args.governorate else ""
            err.write(f"geodata: no place in the gazetteer matches {name!r}{scope}\n")
            out.write(json.dumps({"query": name, "id": None, "ambiguous": False, "candidates": []},
                                 ensure_ascii=False) + "\n")
            status = EXIT_NOT_FOUND
            continue
        for location in (result if isinstance(result, list) else [result]):
            out.write(json.dumps(_record(name, location.raw), ensure_ascii=False) + "\n")
    return status


def _reverse(args, geocoder, out: TextIO, err: TextIO) -> int:
    location = geocoder.reverse((args.lat, args.lon), kinds=tuple(args.kind) or None)
    if location is None:
        err.write("geodata: no place of the requested kind\n")
        return EXIT_NOT_FOUND
    out.write(json.dumps(_record(f"{args.lat}, {args.lon}", location.raw), ensure_ascii=False) + "\n")
    return 0


def _validate(args, _geocoder, out: TextIO, err: TextIO) -> int:
    from geodata.gazetteer import DEFAULT_PATH
    from geodata.validate import validate_file
    path = args.path or DEFAULT_PATH
    places, problems = validate_file(path)
    for problem in problems:
        out.write(f"{path}: {problem}\n")
    if problems:
        err.write(f"geodata: {len(problems)} problem(s) in {len(places)} places\n")
        return EXIT_NOT_FOUND
    out.write(f"{path}: {len(places)} places, every point sourced, no duplicates, no stacked points, "
              f"every point inside its governorate\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geodata", description="Offline gazetteer look-ups.")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
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
    validate = sub.add_parser("validate", help="check the gazetteer file; one line per problem")
    validate.add_argument("path", nargs="?", help="a places CSV (default: the shipped geodata/data/places.csv)")
    validate.set_defaults(handler=_validate)
    for subparser in (geocode, reverse, validate):   # --debug also after the command
        subparser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return parser


def _one_line(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 600 else line[:599] + "…"


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; whatever fails ends in one line on ``err`` and a non-zero exit, never a
    traceback (unless --debug)."""
    out, err = out or sys.stdout, err or sys.stderr
    argv = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        if args.command == "validate":
            return args.handler(args, None, out, err)
        from geodata.geocoder import AtlasGeocoder
        return args.handler(args, AtlasGeocoder(online=False), out, err)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except (GazetteerDataError, OSError, UnicodeError) as exc:
        failure, status, message = exc, EXIT_FAILED, f"the gazetteer could not be read: {exc}"
    except (GeodataError, ValueError) as exc:
        failure, status, message = exc, EXIT_USAGE, str(exc)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        hint = "" if debug else " (run with --debug to see the traceback)"
        failure, status, message = exc, EXIT_FAILED, f"unexpected {type(exc).__name__}: {exc}{hint}"
    if debug:
        traceback.print_exception(failure, file=err)
    err.write(f"geodata: {_one_line(message)}\n")
    return status
