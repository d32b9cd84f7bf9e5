"""The command line (``atlas``, ``python -m atlas``, or its old name ``python -m events``): check the curated
table, export it, snapshot the map, import exports, export a narrative as a slide deck.

One function adds each subcommand's parser and another runs it, so new subcommands
(``snapshot``, ``import``, ...) are added by appending a register function to SUBCOMMANDS.
Exit codes: 0 done, 1 the data is invalid or the command failed (the team store fails, a file
cannot be written, any unexpected error), 2 bad usage (argparse), 130 interrupted (Ctrl-C).
A failure is one line on stderr; ``--debug`` adds its traceback.
"""
from __future__ import annotations

import argparse
import collections
import sys
import traceback

from events.exc import EventsError, EventTableError

EXIT_OK, EXIT_INVALID = 0, 1
EXIT_INTERRUPTED = 130
_MAX_LINE = 600


def _load(args):
    """Curated events and the gazetteer, both checked; the loaders raise on bad data."""
    from events.curated import load_curated
    from geodata.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    return load_curated(args.file, gazetteer), gazetteer


def one_line(text: object) -> str:
    """``text`` on one line (whitespace runs and line breaks become a space, long text is cut), with
    the password of any database URL in it hidden."""
    from atlas.store_faults import hide_passwords

    line = hide_passwords(" ".join(str(text).split()))
    return line if len(line) <= _MAX_LINE else line[:_MAX_LINE - 1] + "…"


def fail(args, message: str) -> None:
    """Report the error being handled: its traceback first with --debug, then ``message`` as one line."""
    if getattr(args, "debug", False):
        traceback.print_exc()
    print(one_line(message), file=sys.stderr)


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
    from events.sources import corroboration

    lines = [f"{len(events)} events, {sum(e.is_route for e in events)} routes, "
             f"{sum(e.is_dated for e in events)} dated, {sum(e.disputed for e in events)} disputed",
             f"  sources: {sum(len(e.sources) for e in events)} further report(s) on {sum(bool(e.sources) for e in events)} "
             f"event(s); {sum(corroboration(e) >= 2 for e in events)} event(s) with two or more independent outlets"]
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


# -- selection shared by export and snapshot -----------------------------------
def add_selection_options(parser) -> None:
    """Filter options (the dashboard's filters) and where the events come from."""
    from events.vocabulary import EVENT_TYPES, OUTCOMES

    group = parser.add_argument_group("filters (as in the dashboard; repeat an option for several values)")
    group.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    group.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")
    group.add_argument("--type", dest="event_types", action="append", choices=EVENT_TYPES, metavar="TYPE",
                       help=f"event type: {', '.join(EVENT_TYPES)}")
    group.add_argument("--outcome", dest="outcomes", action="append", choices=OUTCOMES, metavar="OUTCOME",
                       help=f"outcome: {', '.join(OUTCOMES)}")
    group.add_argument("--place", dest="places", action="append", metavar="ID", help="gazetteer id, e.g. geonames:8419677")
    group.add_argument("--outlet", dest="outlets", action="append", metavar="NAME", help="publishing outlet")
    group.add_argument("--person", default="", help="part of a name mentioned in the event")
    group.add_argument("--min-outlets", type=int, default=0, metavar="N",
                       help="only events that at least N independent outlets report or confirm")
    group.add_argument("--hide-undated", action="store_true", help="leave out events with no date window")
    group.add_argument("--hide-drafts", action="store_true", help="leave out draft (unverified) team events")
    parser.add_argument("--include-drafts", action="store_true",
                        help="keep unreviewed draft team events in the file (left out by default); the file then "
                             "says it 'includes unreviewed drafts'")
    parser.add_argument("--source", choices=("curated", "team", "both"),
                        help="which events: the curated table, the team store's events, or both "
                             "(default: curated, or both when --db is given)")
    parser.add_argument("--file", help="curated CSV (default: events/data/events.csv)")
    parser.add_argument("--db", metavar="URL", help="the team store (SQLAlchemy URL, e.g. sqlite:///data/atlas.sqlite3; "
                                                    "default for --source team|both: setting EVENTS_DB_URL)")


def event_source(args) -> str:
    """curated, team or both: --source, else both when a store is named, else the curated table alone."""
    return args.source or ("both" if args.db else "curated")


def event_filter_from(args):
    """The dashboard's filter; a chosen source (or hidden drafts) shows in it as statuses, so a
    snapshot's caption says which events it draws."""
    from atlas.catalog import source_statuses
    from events.filters import EventFilter

    chosen = {}
    if args.source or args.db or args.hide_drafts:
        chosen["statuses"] = source_statuses(event_source(args), include_drafts=not args.hide_drafts)
    return EventFilter(date_from=args.date_from, date_to=args.date_to, event_types=args.event_types or (),
                       outcomes=args.outcomes or (), places=args.places or (), outlets=args.outlets or (),
                       person=args.person, include_undated=not args.hide_undated, min_outlets=args.min_outlets,
                       **chosen)


def selected_events(args):
    """(filtered events, places lookup, filter) from the chosen source: the curated table (checked),
    the team store (--db, else the EVENTS_DB_URL setting), or both."""
    from geodata.gazetteer import load_gazetteer

    source = event_source(args)
    event_filter = event_filter_from(args)
    if source == "curated":
        events, gazetteer = _load(args)
        return event_filter.apply(events), gazetteer, event_filter
    from atlas.catalog import CombinedPlaces, all_events
    from atlas.store import EventStore

    curated, gazetteer = _load(args) if source == "both" else (None, load_gazetteer())
    store = EventStore(args.db or args.config.database_url)
    try:
        events = all_events(store, curated=curated, source=source, include_drafts=not args.hide_drafts)
        places = CombinedPlaces.from_store(store, gazetteer)
    finally:
        store.dispose()
    return event_filter.apply(events), places, event_filter


def _run_selected(args, make_file) -> int:
    """Shared error handling of export and snapshot: nothing is written when anything fails."""
    from atlas.exc import AtlasError

    try:
        events, gazetteer, event_filter = selected_events(args)
        path = make_file(events, gazetteer, event_filter)
    except EventTableError as error:
        _print_table_error(error)
        return EXIT_INVALID
    except (EventsError, AtlasError, OSError) as error:
        fail(args, f"{args.command} failed: {error}")
        return EXIT_INVALID
    print(f"wrote {len(events)} events to {path} ({event_filter.describe()})")
    if getattr(args, "drafts_left_out", 0):
        print(f"left out {args.drafts_left_out} unreviewed draft(s); --include-drafts keeps them, stamped")
    return EXIT_OK


# -- export -----------------------------------------------------------------
def add_export(subparsers) -> None:
    from atlas.exports import EXPORTERS

    parser = subparsers.add_parser("export", help="write the (filtered) events to a data file",
                                   description="Export the events, filtered as in the dashboard, in one format.")
    parser.add_argument("--format", required=True, choices=sorted(EXPORTERS), help="file format")
    parser.add_argument("--out", required=True, help="file to write")
    add_selection_options(parser)
    parser.set_defaults(run=run_export)


def run_export(args) -> int:
    from atlas.exports import Briefing, exporter_for

    def make_file(events, gazetteer, event_filter):
        briefing = Briefing(events, gazetteer, event_filter=event_filter, chromium=args.config["ATLAS_CHROMIUM"],
                            static_url=args.config["ATLAS_STATIC_URL"], include_drafts=args.include_drafts)
        args.drafts_left_out = briefing.drafts_left_out
        return exporter_for(args.format).write(briefing, args.out)
    return _run_selected(args, make_file)


# -- snapshot ---------------------------------------------------------------
def add_snapshot(subparsers) -> None:
    from atlas.map.basemap import VIEWS
    from atlas.exports.briefing import DEFAULT_TITLE, SCALES

    parser = subparsers.add_parser("snapshot", help="map snapshot for a briefing (PNG or offline HTML)",
                                   description="Draw the map of the (filtered) events with title, legend, scale, "
                                               "north arrow, filters, sources and a precision caveat. "
                                               "PNG needs Chromium (setting ATLAS_CHROMIUM); HTML works offline.")
    parser.add_argument("--out", required=True, metavar="FILE.png|FILE.html", help="file to write")
    parser.add_argument("--width", type=int, default=1600, help="width in CSS pixels (default 1600)")
    parser.add_argument("--height", type=int, default=900, help="height in CSS pixels (default 900)")
    parser.add_argument("--scale", type=int, default=1, choices=SCALES,
                        help="device scale factor: 2 turns 1600x900 into a 3200x1800 PNG")
    parser.add_argument("--title", default=DEFAULT_TITLE, help="title printed on the map")
    parser.add_argument("--view", default="overview", choices=VIEWS, help="map view")
    add_selection_options(parser)
    parser.set_defaults(run=run_snapshot)


def run_snapshot(args) -> int:
    from atlas.exports import SNAPSHOT_FORMATS, Briefing, ExportError, exporter_for_path

    def make_file(events, gazetteer, event_filter):
        exporter = exporter_for_path(args.out)
        if exporter.name not in SNAPSHOT_FORMATS:
            raise ExportError(f"out: a snapshot is a .png or .html file, not {exporter.suffix}")
        briefing = Briefing(events, gazetteer, event_filter=event_filter, title=args.title, view=args.view,
                            chromium=args.config["ATLAS_CHROMIUM"], static_url=args.config["ATLAS_STATIC_URL"],
                            width=args.width, height=args.height, scale=args.scale, include_drafts=args.include_drafts)
        args.drafts_left_out = briefing.drafts_left_out
        return exporter.write(briefing, args.out)
    return _run_selected(args, make_file)


# -- import -----------------------------------------------------------------
def add_import(subparsers) -> None:
    parser = subparsers.add_parser("import", help="add events from one of our CSV/GeoJSON exports to the store",
                                   description="Add the events of an Atlas CSV or GeoJSON export to the team store, "
                                               "after the entry form's checks, in one transaction: all of them or "
                                               "none. Each rejected row is listed with its line (CSV) or feature "
                                               "number (GeoJSON), field and reason, and then nothing is added. "
                                               "Settings ATLAS_IMPORT_MAX_BYTES and ATLAS_IMPORT_MAX_DEPTH bound "
                                               "the file.")
    parser.add_argument("path", metavar="FILE", help="CSV or GeoJSON written by 'export'")
    parser.add_argument("--db", metavar="URL", help="store URL (default: setting EVENTS_DB_URL, else the local SQLite file)")
    parser.add_argument("--user", help="who is importing (recorded as added_by; default: the login name)")
    parser.set_defaults(run=run_import)


def run_import(args) -> int:
    import getpass

    from atlas.exc import AtlasError
    from atlas.store import EventStore
    from events.import_files import ImportLimits
    from events.importing import import_file
    from geodata.gazetteer import load_gazetteer

    config = args.config
    store = EventStore(args.db or config.database_url)
    try:
        problem = store.problem()   # a store that cannot take changes (read-only, full, ...) refuses up front
        if problem is not None:
            raise problem
        limits = ImportLimits(max_bytes=config["ATLAS_IMPORT_MAX_BYTES"], max_depth=config["ATLAS_IMPORT_MAX_DEPTH"])
        report = import_file(args.path, store, load_gazetteer(), args.user or getpass.getuser(), limits=limits,
                             allow_self_review=config["ATLAS_ALLOW_SELF_REVIEW"])
    except (EventsError, AtlasError) as error:
        fail(args, f"import failed, nothing was added: {error}")
        return EXIT_INVALID
    finally:
        store.dispose()
    print(report.summary(), file=sys.stderr if report.rejected else sys.stdout)
    return EXIT_INVALID if report.rejected else EXIT_OK


# -- deck -------------------------------------------------------------------
def add_deck(subparsers) -> None:
    parser = subparsers.add_parser("deck", help="a narrative as a slide deck (PPTX or PDF)",
                                   description="Export a narrative file (docs/examples/narrative.json) as slides: "
                                               "a title slide, one slide a step with its map, title, caption and "
                                               "sources, and a sources slide. Needs Chromium (setting "
                                               "ATLAS_CHROMIUM). Cited events retracted or changed since the "
                                               "narrative was written stop the export unless "
                                               "ATLAS_DECK_REFUSE_STALE=false.")
    parser.add_argument("narrative", metavar="NARRATIVE.json", help="the narrative file")
    parser.add_argument("--out", required=True, metavar="FILE.pptx|FILE.pdf", help="file to write")
    parser.add_argument("--language", choices=("en", "ar"),
                        help="language of the titles and captions (default: the narrative's); Arabic slides run "
                             "right to left")
    parser.add_argument("--include-drafts", action="store_true",
                        help="keep unreviewed draft team events on the maps; their slides say 'includes unreviewed "
                             "drafts'")
    parser.add_argument("--source", choices=("curated", "team", "both"),
                        help="which events: curated, team or both (default: curated, or both when --db is given)")
    parser.add_argument("--file", help="curated CSV (default: events/data/events.csv)")
    parser.add_argument("--db", metavar="URL", help="the team store (default for --source team|both: EVENTS_DB_URL)")
    parser.set_defaults(run=run_deck)


def run_deck(args) -> int:
    from atlas import deck, narratives
    from atlas.exc import AtlasError

    try:
        kind = deck.deck_format(args.out)
        narrative = narratives.load(args.narrative)
        source = event_source(args)
        if source == "curated":
            events, places = _load(args)
        else:
            from atlas.catalog import CombinedPlaces, all_events
            from atlas.store import EventStore
            from geodata.gazetteer import load_gazetteer

            curated, gazetteer = _load(args) if source == "both" else (None, load_gazetteer())
            store = EventStore(args.db or args.config.database_url)
            try:
                events = all_events(store, curated=curated, source=source, include_retracted=True)
                places = CombinedPlaces.from_store(store, gazetteer)
            finally:
                store.dispose()
        from atlas.snapshot import chromium_session

        chromium = args.config["ATLAS_CHROMIUM"]
        with chromium_session(width=deck.MAP_SIZE[0], height=deck.MAP_SIZE[1], chromium=chromium) as session:
            built = deck.build_deck(narrative, events, places, language=args.language,
                                    include_drafts=args.include_drafts,
                                    refuse_stale=args.config["ATLAS_DECK_REFUSE_STALE"], chromium=chromium,
                                    static_url=args.config["ATLAS_STATIC_URL"], session=session)
            data = deck.render(built, kind, chromium=chromium, session=session)   # one browser for maps and PDF
        with open(args.out, "wb") as handle:
            handle.write(data)
    except EventTableError as error:
        _print_table_error(error)
        return EXIT_INVALID
    except (EventsError, AtlasError, OSError) as error:
        fail(args, f"deck failed, nothing was written: {error}")
        return EXIT_INVALID
    print(f"wrote {len(built.slides) + 2} slides ({len(built.slides)} steps) to {args.out}")
    for warning in built.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


SUBCOMMANDS = [add_validate, add_export, add_snapshot, add_import, add_deck]
"""Register functions, one a subcommand; each adds its parser and sets ``run``."""


DEBUG_HELP = "on an error, show its full traceback (by default one line says what went wrong)"


def build_parser(prog: str = "atlas") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Check the curated event table and export it.")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(subparsers)
    for subparser in subparsers.choices.values():   # --debug also after the command
        subparser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return parser


def main(argv=None) -> int:
    """Run one command; whatever fails ends in one line on stderr and a non-zero exit, never a traceback
    (unless --debug)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = argparse.Namespace(debug="--debug" in argv, command=None)   # until parsed
    try:
        args = build_parser().parse_args(argv)
        from atlas import settings
        # every setting, resolved once: the environment, then .streamlit/secrets.toml, then the defaults
        args.config = settings.resolve(secrets=settings.secrets_file())
        return args.run(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except (EventsError, OSError) as error:
        fail(args, f"{args.command or 'atlas'} failed: {error}")
    except Exception as error:  # noqa: BLE001 - the last line of defence
        from atlas.exc import AtlasError

        what = str(error) if isinstance(error, AtlasError) else f"unexpected {type(error).__name__}: {error}"
        hint = "" if args.debug or isinstance(error, AtlasError) else " (run with --debug to see the traceback)"
        fail(args, f"{args.command or 'atlas'} failed: {what}{hint}")
    return EXIT_INVALID
