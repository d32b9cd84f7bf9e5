"""KML for Google Earth: routes as styled LineStrings, other events as points, and the places.

Geometry comes from ``events.geo.event_geometry``, so the KML draws exactly what the map and
the GeoJSON draw (a journey's line, and where the event happened when that is apart from it). Placemark names
are in both languages, Arabic (the language of the reports) first; descriptions hold the Arabic quote and the
English summary and places. Markers take the map's colour and shape: in a KMZ (:func:`render_kmz`) as PNG icons
it carries (``files/``); a plain KML links no icon at all (Google Earth's own default, nothing online).

The file is written as a stream of text pieces, one placemark at a time (:func:`chunks`): no document tree is
held in memory, so 10,000 events take about as long and as little memory as GDAL writing the same features.

Escaping: every text goes into the XML through :func:`_xml` here (XML readers turn a raw carriage return into a
line feed, so it is written as a reference). Google Earth shows a description as HTML, so description text is
HTML-escaped first, then XML-escaped. GDAL and Google Earth read every value back as typed.
"""
from __future__ import annotations

import io
import json
import zipfile
from functools import lru_cache
from html import escape
from typing import Iterator

from atlas.exports.icons import icon_png
from atlas.i18n import DEFAULT_LANGUAGE, Translator, translator
from atlas.words import word

NAMESPACE = "http://www.opengis.net/kml/2.2"


def _xml(text) -> str:
    """Text as XML character data: markup characters escaped, a carriage return kept as a reference.

    Five ``replace`` calls, ``&`` first: each is one scan in C, where ``str.translate`` with a table looks every
    character up (Arabic text is not ASCII): 0.47 of the 0.8 s that 10,000 placemarks took."""
    if text is None or text == "":
        return ""
    text = str(text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
            .replace('"', "&quot;"))


def _label(place) -> str:
    return place.name_ar or place.name_en


def event_name(geometry) -> str:
    """Label of an event's geometry in both languages: 'origin ← … ← end' in Arabic (read right to left), then
    'origin → … → end' in English, for a journey; else its place's two names."""
    if geometry.line:
        arabic = " ← ".join(_label(p) for p in geometry.line)
        english = " → ".join(p.name_en or p.name_ar for p in geometry.line)
    elif geometry.points:
        arabic, english = _label(geometry.points[0]), geometry.points[0].name_en or geometry.points[0].name_ar
    else:
        return ""
    return arabic if english == arabic else f"{arabic} / {english}"


def place_name(place) -> str:
    """A place's two names, Arabic first."""
    names = [name for name in (place.name_ar, place.name_en) if name]
    return " / ".join(dict.fromkeys(names))


def _precision_line(precision, uncertainty_m, t: Translator) -> str:
    if not precision:
        return t.gettext("Location precision: unknown (no place of this event is in the gazetteer)")
    radius = f" (±{t.digits(f'{uncertainty_m:,.0f}')} m)" if uncertainty_m is not None else ""
    shown = precision if t.language == DEFAULT_LANGUAGE else word(precision, t)
    return t.gettext("Location precision: {precision}").format(precision=shown) + radius


def event_description(record: dict, t: Translator | None = None) -> str:
    """HTML (escaped) for the balloon: the Arabic quote, the English summary, when, how precise, who said it
    (labels in ``t``'s language, English when None)."""
    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext

    def w(code: str) -> str:
        return code if t.language == DEFAULT_LANGUAGE else word(code, t)

    window = record["date_start"] or _("undated")
    if record["date_end"] and record["date_end"] != record["date_start"]:
        window = _("{start} to {end}").format(start=window, end=record["date_end"])
    lines = [
        record["quote_ar"],
        record["summary_en"],
        _("{type} ({outcome}), {window} [date precision: {precision}]").format(
            type=w(record["event_type"]), outcome=w(record["outcome"]), window=window,
            precision=w(record["date_precision"])),
        _precision_line(record.get("precision"), record.get("uncertainty_m"), t),
        _("Source: {outlet}").format(outlet=record["outlet"])
        + (_(" citing {outlet}").format(outlet=record["cited_outlet"]) if record["cited_outlet"] else ""),
    ]
    corroborated = record.get("corroboration")
    if corroborated:
        lines.append(_("Independent outlets reporting or confirming: {count}").format(count=corroborated))
    for source in (json.loads(record["sources"]) if record.get("sources") else []):
        lines.append(_("Also {stance}: {outlet}").format(stance=w(source["stance"]), outlet=source["outlet"])
                     + (f" ({source['published']})" if source.get("published") else "")
                     + (f": {source['quote']}" if source.get("quote") else ""))
    if record.get("status") == "draft":
        lines.append(_("Unreviewed draft: not yet checked by an editor"))
    if record["disputed"]:
        lines.append(_("Disputed: {note}").format(note=record["dispute_note"] or record["related"]))
    return "<br>".join(escape(line) for line in lines if line)   # HTML, still to be XML-escaped


def event_colour(event_type: str, outcome: str, is_route: bool) -> str:
    """The map's colour for a feature: routes by outcome, events at a place by type (atlas.map.style)."""
    from atlas.map.style import DEFAULT_POINT_COLOUR, EVENT_TYPE_COLOURS, OUTCOME_COLOURS

    if is_route:
        return OUTCOME_COLOURS.get(outcome, OUTCOME_COLOURS["unknown"])
    return EVENT_TYPE_COLOURS.get(event_type, DEFAULT_POINT_COLOUR)


def event_shape(event_type: str, is_route: bool) -> str:
    """The map's marker shape for a feature (a journey's places: a circle)."""
    from atlas.map.style import point_style

    return "circle" if is_route else point_style(event_type)[1]


PLACE_STYLE = ("#ffffff", "circle")


def style_id(colour: str, shape: str) -> str:
    return f"{shape}-{colour.lstrip('#').lower()}"


def icon_file(colour: str, shape: str) -> str:
    return f"files/{style_id(colour, shape)}.png"


def _style(colour: str, shape: str, icons: bool) -> str:
    """One shared style per (colour, shape), in KML's aabbggrr order: lines 90% opaque. With ``icons`` (a KMZ)
    markers are the carried PNG ``files/<shape>-<rrggbb>.png`` (its own colour, no tint); without, no icon
    is linked (Google Earth's own default, tinted; nothing online)."""
    bgr = colour[5:7] + colour[3:5] + colour[1:3]
    icon = (f"<IconStyle><color>ffffffff</color><Icon><href>{icon_file(colour, shape)}</href></Icon></IconStyle>"
            if icons else f"<IconStyle><color>ff{bgr}</color></IconStyle>")
    return (f'<Style id="{style_id(colour, shape)}">{icon}<LineStyle><color>e6{bgr}</color><width>4</width>'
            "</LineStyle></Style>")


def _coordinates(places) -> str:
    return " ".join("%r,%r,0" % place.position.lonlat for place in places)


def _geometry(geometry) -> str:
    """A line, a point, or a MultiGeometry of the line and the points apart from it (where it happened)."""
    line = (f"<LineString><tessellate>1</tessellate><coordinates>{_coordinates(geometry.line)}</coordinates>"
            "</LineString>") if geometry.line else ""
    points = "".join(f"<Point><coordinates>{_coordinates((place,))}</coordinates></Point>"
                     for place in geometry.points)
    if line and points or len(geometry.points) > 1:
        return f"<MultiGeometry>{line}{points}</MultiGeometry>"
    return line or points


@lru_cache(maxsize=256)
def _data_start(name: str) -> str:
    """A field's opening tags: the same few names on every placemark, escaped once."""
    return f'<Data name="{_xml(name)}"><value>'


def _data(record: dict) -> str:
    return "".join(f"{_data_start(name)}{_xml(value)}</value></Data>" for name, value in record.items())


def _placemark(name: str, description: str, style: str, record: dict, geometry: str) -> str:
    return (f"<Placemark><name>{_xml(name)}</name><description>{_xml(description)}</description>"
            f"<styleUrl>#{style}</styleUrl><ExtendedData>{_data(record)}</ExtendedData>{geometry}</Placemark>")


def styles_used() -> list[tuple[str, str]]:
    """Every (colour, shape) a placemark can use: the map's colours by outcome and type."""
    from atlas.map.style import OUTCOME_COLOURS
    from events.vocabulary import EVENT_TYPES

    keys = [(colour, "circle") for colour in OUTCOME_COLOURS.values()]
    keys += [(event_colour(kind, "", False), event_shape(kind, False)) for kind in (*EVENT_TYPES, "")]
    keys.append(PLACE_STYLE)
    return list(dict.fromkeys(keys))


def chunks(briefing, *, icons: bool = False) -> Iterator[str]:
    """The KML document, piece by piece: header and styles, then the Routes, Events and Places folders."""
    from events.geo import event_geometry, event_properties

    t = getattr(briefing, "translator", None) or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    stamp = f"{briefing.draft_stamp[:1].upper()}{briefing.draft_stamp[1:]}. " if briefing.draft_stamp else ""
    about = _("{filter}. Generated {stamp}.").format(filter=briefing.filter_words(), stamp=briefing.stamp())
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{NAMESPACE}"><Document>'
           f"<name>{_xml(briefing.shown_title)}</name>"
           f"<description>{_xml(escape(stamp + about))}</description>")
    yield "".join(_style(colour, shape, icons) for colour, shape in styles_used())
    routes, points = [], []
    for event in briefing.events:
        geometry = event_geometry(event, briefing.gazetteer)
        if geometry.places:   # an event with no known position stays in CSV/GeoJSON, not on a map
            (routes if geometry.is_route else points).append((event, geometry))
    for folder, members in ((_("Routes"), routes), (_("Events"), points)):
        yield f"<Folder><name>{_xml(folder)}</name>"
        for event, geometry in members:
            record = event_properties(event, geometry)
            style = style_id(event_colour(record["event_type"], record["outcome"], geometry.is_route),
                             event_shape(record["event_type"], geometry.is_route))
            yield _placemark(event_name(geometry), event_description(record, t), style, record,
                             _geometry(geometry))
        yield "</Folder>"
    yield f"<Folder><name>{_xml(_('Places'))}</name>"
    english = t.language == DEFAULT_LANGUAGE
    for place in briefing.places():
        description = escape(_("{name} ({kind}); position precision {precision}, ±{metres} m; source: {source}").format(
            name=place.name_en if english else (place.name_ar or place.name_en),
            kind=place.kind if english else word(place.kind, t),
            precision=place.precision if english else word(place.precision, t),
            metres=t.digits(f"{place.uncertainty_m:,.0f}"), source=place.coord_source))
        record = {"place_id": place.id, "name_en": place.name_en, "name_ar": place.name_ar,
                  "precision": place.precision, "uncertainty_m": place.uncertainty_m}
        yield _placemark(place_name(place), description, style_id(*PLACE_STYLE), record,
                         f"<Point><coordinates>{_coordinates((place,))}</coordinates></Point>")
    yield "</Folder></Document></kml>\n"


def render(briefing) -> bytes:
    return "".join(chunks(briefing)).encode("utf-8")


def write(briefing, path) -> None:
    """Streamed to the file a placemark at a time: memory stays flat at any number of events."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(chunks(briefing))


def render_kmz(briefing) -> bytes:
    """A KMZ: ``doc.kml`` and the marker icons it uses, so it opens offline with the map's symbols."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as kmz:
        with kmz.open("doc.kml", "w") as document:              # the first entry: the document, streamed in
            for piece in chunks(briefing, icons=True):
                document.write(piece.encode("utf-8"))
        for colour, shape in styles_used():
            kmz.writestr(icon_file(colour, shape),
                         icon_png(shape, colour, outline="#222222" if colour == "#ffffff" else "#ffffff"))
    return out.getvalue()
