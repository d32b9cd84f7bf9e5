"""``python -m events``: check the curated table and export it.

One function adds each subcommand's parser and another runs it, so new subcommands
(``snapshot``, ``import``, ...) are added by appending a register function to SUBCOMMANDS.
Exit codes: 0 done, 1 the data is invalid or the export failed, 2 bad usage (argparse).
"""
from __future__ import annotations

import argparse
import collections
import sys

from events.exc import EventsError, EventTableError

EXIT_OK, EXIT_INVALID = 0, 1


def _load(args):
    """Curated events and the gazetteer, both checked; the loaders raise on bad data."""
    from events.curated import load_curated
    from geodata.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    return load_curated(args.file, gazetteer), gazetteer


def _print_table_error(error: EventTableError) -> None:
    print(f"INVALID {error.source}: {len(error.errors)} problem(s)", file=sys.stderr)
    for problem in error.errors:
        print(f"  {problem}", file=sys.stderr)


# -- validate ---------------------------------------------------------------
def add_validate(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check every row of the curated table",
                                   description="Check the curated table: fields, ids, places, quotes.")
    parser.add_argument("--file", help="CSV to check (default: events/data/events.csv)")
    parser.set_defaults(run=run_validate)


def summary_lines(events) -> list[str]:
    """A short human summary of a valid table: counts by seed, type, date precision."""
    lines = [f"{len(events)} events, {sum(e.is_route for e in events)} routes, "
             f"{sum(e.is_dated for e in events)} dated, {sum(e.disputed for e in events)} disputed"]
    for label, key in (("seed", "seed"), ("event_type", "event_type"), ("date_precision", "date_precision")):
        counts = collections.Counter(getattr(e, key) for e in events)
        lines.append(f"  by {label}: " + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())))
    return lines


def run_validate(args) -> int:
    try:
        events, _ = _load(args)
    except EventTableError as error:
        _print_table_error(error)
        return EXIT_INVALID
    print(f"OK {args.file or 'events/data/events.csv'}")
    print("\n".join(summary_lines(events)))
    return EXIT_OK


# -- export -----------------------------------------------------------------
def add_export(subparsers) -> None:
    from events.exports import EXPORTERS

    parser = subparsers.add_parser("export", help="write the curated events to a file",
                                   description="Export the curated events (all of them) in one format.")
    parser.add_argument("--format", required=True, choices=sorted(EXPORTERS), help="file format")
    parser.add_argument("--out", required=True, help="file to write")
    parser.add_argument("--file", help="curated CSV to export (default: events/data/events.csv)")
    parser.set_defaults(run=run_export)


def run_export(args) -> int:
    from events.exports import Briefing, exporter_for

    try:
        events, gazetteer = _load(args)
        path = exporter_for(args.format).write(Briefing(events, gazetteer), args.out)
    except EventTableError as error:
        _print_table_error(error)
        return EXIT_INVALID
    except (EventsError, OSError) as error:
        print(f"export failed: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {len(events)} events to {path} ({args.format})")
    return EXIT_OK


SUBCOMMANDS = [add_validate, add_export]
"""Register functions, one a subcommand; each adds its parser and sets ``run``."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m events", description="Check the curated event table and export it.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(subparsers)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
