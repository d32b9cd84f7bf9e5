"""How the map looks: one colour *and* one shape per outcome and per event type, line widths, precision in words,
and the legend rows for what a map of some events draws. The map, the legend, the snapshot frame and the KML/KMZ
read them from here.

Colours come from the Okabe-Ito palette and Paul Tol's muted palette, chosen to stay apart for the common colour
vision deficiencies; since 13 event types cannot all be told apart by colour alone, every category also has its
own shape (point events) or its own end mark (routes: a cross where people were captured, a bar where they were
blocked, a ring where the outcome is unknown). tests/atlas/map/test_style.py checks both channels.
"""
from __future__ import annotations

import math

from markupsafe import Markup

from atlas.i18n import DEFAULT_LANGUAGE
from atlas.words import word
from events.vocabulary import EVENT_TYPES, OUTCOMES
from geodata.place import Place

OUTCOME_COLOURS = {
    "arrived": "#009e73",         # bluish green
    "captured": "#d55e00",        # vermillion
    "blocked": "#cc79a7",         # reddish purple
    "unknown": "#6b6b6b",         # grey
    "not_applicable": "#0072b2",  # blue
}
OUTCOME_MARKS = {"arrived": "arrow", "captured": "cross", "blocked": "bar", "unknown": "ring",
                 "not_applicable": "none"}
"""The second channel of a route's outcome: the mark drawn at the route's end (besides its arrowheads)."""

EVENT_TYPE_STYLES = {
    "exit": ("#0072b2", "circle"),
    "exit_attempt": ("#56b4e9", "ring"),
    "capture": ("#d55e00", "cross"),
    "arrest": ("#882255", "square"),
    "defection": ("#e69f00", "triangle"),
    "agreement": ("#117733", "diamond"),
    "road_closure": ("#332288", "bar"),
    "road_opening": ("#44aa99", "plus"),
    "security_campaign": ("#aa4499", "star"),
    "movement_blocked": ("#cc79a7", "octagon"),
    "claim": ("#999933", "pentagon"),
    "denial": ("#1a1a1a", "triangle-down"),
    "other": ("#ddcc77", "hexagon"),
}
"""Event type -> (colour, shape) of its marker where it happened."""
EVENT_TYPE_COLOURS = {event_type: colour for event_type, (colour, _shape) in EVENT_TYPE_STYLES.items()}
DEFAULT_POINT_COLOUR, DEFAULT_POINT_SHAPE = EVENT_TYPE_STYLES["other"]
CHECKPOINT_COLOUR = "#b2182b"

assert set(EVENT_TYPE_STYLES) == set(EVENT_TYPES) and set(OUTCOME_COLOURS) == set(OUTCOMES)


def point_style(event_type: str) -> tuple[str, str]:
    """(colour, shape) of an event type's marker (an unknown type is drawn as "other")."""
    return EVENT_TYPE_STYLES.get(event_type, (DEFAULT_POINT_COLOUR, DEFAULT_POINT_SHAPE))


def outcome_colour(outcome: str) -> str:
    return OUTCOME_COLOURS.get(outcome, OUTCOME_COLOURS["unknown"])


def _polygon(corners: int, radius: float, rotation: float = -90, inner: float | None = None) -> str:
    """An SVG path of a regular polygon (or a star, with ``inner`` radius) centred on 0,0."""
    points = []
    steps = corners * (2 if inner else 1)
    for index in range(steps):
        r = inner if inner and index % 2 else radius
        angle = math.radians(rotation + 360 * index / steps)
        points.append(f"{r * math.cos(angle):.2f},{r * math.sin(angle):.2f}")
    return "M" + "L".join(points) + "Z"


SHAPE_PATHS = {
    "circle": "M-8,0A8,8 0 1,0 8,0A8,8 0 1,0 -8,0Z",
    "ring": "M-8,0A8,8 0 1,0 8,0A8,8 0 1,0 -8,0ZM-4,0A4,4 0 1,1 4,0A4,4 0 1,1 -4,0Z",
    "square": "M-7,-7H7V7H-7Z",
    "triangle": "M0,-9L8.5,6.5H-8.5Z",
    "triangle-down": "M0,9L8.5,-6.5H-8.5Z",
    "diamond": "M0,-9.5L9.5,0L0,9.5L-9.5,0Z",
    "cross": "M-8,-5L-5,-8L0,-3L5,-8L8,-5L3,0L8,5L5,8L0,3L-5,8L-8,5L-3,0Z",
    "plus": "M-3,-9H3V-3H9V3H3V9H-3V3H-9V-3H-3Z",
    "bar": "M-9,-3.5H9V3.5H-9Z",
    "star": _polygon(5, 9.5, inner=4.2),
    "octagon": _polygon(8, 8.6, rotation=-67.5),
    "pentagon": _polygon(5, 8.8),
    "hexagon": _polygon(6, 8.6),
}
"""SVG paths (viewBox -10 -10 20 20, even-odd fill) of the marker shapes."""


def marker_svg(shape: str, colour: str, size: float | None, *, css_class: str = "", draft: bool = False) -> Markup:
    """An inline SVG marker: ``shape`` filled with ``colour``, a white edge so it reads on any ground; a ``draft``
    (unreviewed events only) is hollow, its outline dashed in the colour (``atlas.map.drafts``). ``size`` None: as
    wide as its box (the map's markers: one markup for every size, ``.atlas-point-icon svg`` in the map's CSS)."""
    path = SHAPE_PATHS.get(shape, SHAPE_PATHS["circle"])
    if draft:
        from atlas.map.drafts import DRAFT_POINT_DASH

        paint = Markup('fill-opacity="0.08" stroke="{f}" stroke-width="2.5" stroke-dasharray="{dash}"').format(
            f=colour, dash=DRAFT_POINT_DASH)
    else:
        paint = Markup('stroke="#fff" stroke-width="1.6"')
    sized = Markup(' width="{s}" height="{s}"').format(s=f"{size:g}") if size is not None else Markup("")
    return Markup('<svg{sized} viewBox="-10.5 -10.5 21 21" aria-hidden="true">'
                  '<path class="{c}" d="{d}" fill="{f}" fill-rule="evenodd" {paint} '
                  'stroke-linejoin="round"/></svg>').format(sized=sized, c=css_class, d=path, f=colour, paint=paint)


def route_weight(people: tuple[int, int | None] | None) -> float:
    """Line width in pixels: grows with the logarithm of the people moved (unknown = thin), in quarter pixels: a
    big map then has a few dozen line styles, not thousands (its page holds each style once, a canvas draws a style
    at a time)."""
    if people is None:
        return 2.5
    return round(4 * (2.5 + 2.5 * math.log10(1 + people[0]))) / 4


def precision_text(place: Place) -> str:
    if not place.is_approximate:
        return "exact point"
    return f"approximate ({place.precision}, ±{place.uncertainty_m / 1000:.1f} km)"


def precision_words(place: Place, t=None) -> str:
    """:func:`precision_text` in ``t``'s language (an atlas.i18n.Translator; English when None)."""
    if t is None or t.language == DEFAULT_LANGUAGE:
        return precision_text(place)
    if not place.is_approximate:
        return t.gettext("exact point")
    return t.gettext("approximate ({precision}, ±{km} km)").format(
        precision=word(place.precision, t), km=t.digits(f"{place.uncertainty_m / 1000:.1f}"))


def kind_and_precision(place: Place, t=None) -> str:
    """'town; exact point' (a place's tooltip line) in ``t``'s language."""
    if t is None or t.language == DEFAULT_LANGUAGE:
        return f"{place.kind}; {precision_text(place)}"
    return t.gettext("{kind}; {precision}").format(kind=word(place.kind, t), precision=precision_words(place, t))


def legend_rows(events, t=None) -> list[tuple[str, str, str]]:
    """(symbol, colour, label) rows for what the map draws, in the map builder's own colours and shapes.

    ``symbol`` is ``line:<end mark>``, ``dashed``, ``point:<shape>``, ``checkpoint``, ``place``, ``area``,
    ``town``, ``river``, ``road``. Only what the events put on the map is listed (plus the reference layers
    when there are events), so the legend stays short and true. ``t``: the translator of the labels (English).
    """
    from atlas.i18n import DEFAULT_LANGUAGE, translator
    from atlas.words import word

    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    routes = [e for e in events if e.is_route]
    rows = [(f"line:{OUTCOME_MARKS[outcome]}", colour, _("Route, outcome: {outcome}").format(outcome=word(outcome, t)))
            for outcome, colour in OUTCOME_COLOURS.items() if any(e.outcome == outcome for e in routes)]
    if routes:
        rows.append(("dashed", OUTCOME_COLOURS["unknown"], _("Dashed: route through an approximate point")))
    for event_type in sorted({e.event_type for e in events if not e.is_route}):
        colour, shape = point_style(event_type)
        rows.append((f"point:{shape}", colour, _("Event at a place: {type}").format(type=word(event_type, t))))
    if any(e.via for e in routes):
        rows.append(("checkpoint", CHECKPOINT_COLOUR, _("Checkpoint")))
    if any(e.status == "draft" for e in events):    # only when drafts are shown (a snapshot leaves them out unless asked)
        from atlas.map.drafts import DRAFT_ROUTE_DASH

        rows.append(("dashed", "#555555", _("Dotted line ({dash}) or hollow marker: unreviewed draft").format(
            dash=DRAFT_ROUTE_DASH)))
    if events:
        rows.append(("place", "#ffffff", _("Named place")))
        rows.append(("area", "#888888", _("Uncertainty radius of an approximate place")))
        rows.append(("town", "#444444", _("Town (reference)")))
        rows.append(("river", "#6a9fc4", _("River, lake")))
        rows.append(("road", "#b08850", _("Main road (M5, M4; OpenStreetMap)")))
    return rows
