"""KML for Google Earth: routes as styled LineStrings, other events as points, and the places.

Geometry comes from ``events.geo.event_geometry``, so the KML draws exactly what the map and
the GeoJSON draw (a journey's line, and where the event happened when that is apart from it). Placemark names are Arabic (the language of the reports) with the
English in the description.

The file is written as a stream of text pieces, one placemark at a time (:func:`chunks`): no document tree is
held in memory, so 10,000 events take about as long and as little memory as GDAL writing the same features.

Escaping: every text goes into the XML through :func:`_xml` here (XML readers turn a raw carriage return into a
line feed, so it is written as a reference). Google Earth shows a description as HTML, so description text is
HTML-escaped first, then XML-escaped. GDAL and Google Earth read every value back as typed.
"""
from __future__ import annotations

import json
from html import escape
from typing import Iterator

_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", '"': "&quot;"})
NAMESPACE = "http://www.opengis.net/kml/2.2"


def _xml(text) -> str:
    """Text as XML character data: markup characters escaped, a carriage return kept as a reference."""
    return ("" if text is None else str(text)).translate(_XML_TEXT)


def _label(place) -> str:
    return place.name_ar or place.name_en


def event_name(geometry) -> str:
    """Arabic label of an event's geometry: 'origin ← … ← end' for a journey (read right to left), else its place."""
    if geometry.line:
        return " ← ".join(_label(p) for p in geometry.line)
    return _label(geometry.points[0]) if geometry.points else ""


def _precision_line(precision, uncertainty_m) -> str:
    if not precision:
        return "Location precision: unknown (no place of this event is in the gazetteer)"
    radius = f" (±{uncertainty_m:,.0f} m)" if uncertainty_m is not None else ""
    return f"Location precision: {precision}{radius}"


def event_description(record: dict) -> str:
    """HTML (escaped) for the balloon: the Arabic quote, the English summary, when, how precise, who said it."""
    window = record["date_start"] or "undated"
    if record["date_end"] and record["date_end"] != record["date_start"]:
        window += f" to {record['date_end']}"
    lines = [
        record["quote_ar"],
        record["summary_en"],
        f"{record['event_type']} ({record['outcome']}), {window} [date precision: {record['date_precision']}]",
        _precision_line(record.get("precision"), record.get("uncertainty_m")),
        f"Source: {record['outlet']}" + (f" citing {record['cited_outlet']}" if record["cited_outlet"] else ""),
    ]
    corroborated = record.get("corroboration")
    if corroborated:
        lines.append(f"Independent outlets reporting or confirming: {corroborated}")
    for source in (json.loads(record["sources"]) if record.get("sources") else []):
        lines.append(f"Also {source['stance']}: {source['outlet']}"
                     + (f" ({source['published']})" if source.get("published") else "")
                     + (f": {source['quote']}" if source.get("quote") else ""))
    if record.get("status") == "draft":
        lines.append("Unreviewed draft: not yet checked by an editor")
    if record["disputed"]:
        lines.append(f"Disputed: {record['dispute_note'] or record['related']}")
    return "<br>".join(escape(line) for line in lines if line)   # HTML, still to be XML-escaped


def event_colour(event_type: str, outcome: str, is_route: bool) -> str:
    """The map's colour for a feature: routes by outcome, events at a place by type (atlas.map.style)."""
    from atlas.map.style import DEFAULT_POINT_COLOUR, EVENT_TYPE_COLOURS, OUTCOME_COLOURS

    if is_route:
        return OUTCOME_COLOURS.get(outcome, OUTCOME_COLOURS["unknown"])
    return EVENT_TYPE_COLOURS.get(event_type, DEFAULT_POINT_COLOUR)


def style_id(colour: str) -> str:
    return "c" + colour.lstrip("#").lower()


def _style(colour: str) -> str:
    """One shared style per '#rrggbb' colour, in KML's aabbggrr order: lines 90% opaque, icons opaque."""
    bgr = colour[5:7] + colour[3:5] + colour[1:3]
    return (f'<Style id="{style_id(colour)}"><IconStyle><color>ff{bgr}</color></IconStyle>'
            f"<LineStyle><color>e6{bgr}</color><width>4</width></LineStyle></Style>")


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


def _data(record: dict) -> str:
    return "".join(f'<Data name="{_xml(name)}"><value>{_xml(value)}</value></Data>' for name, value in record.items())


def _placemark(name: str, description: str, style: str, record: dict, geometry: str) -> str:
    return (f"<Placemark><name>{_xml(name)}</name><description>{_xml(description)}</description>"
            f"<styleUrl>#{style}</styleUrl><ExtendedData>{_data(record)}</ExtendedData>{geometry}</Placemark>")


def chunks(briefing) -> Iterator[str]:
    """The KML document, piece by piece: header and styles, then the Routes, Events and Places folders."""
    from atlas.map.style import DEFAULT_POINT_COLOUR, EVENT_TYPE_COLOURS, OUTCOME_COLOURS
    from events.geo import event_geometry, event_properties

    stamp = f"{briefing.draft_stamp[:1].upper()}{briefing.draft_stamp[1:]}. " if briefing.draft_stamp else ""
    colours = dict.fromkeys([*OUTCOME_COLOURS.values(), *EVENT_TYPE_COLOURS.values(), DEFAULT_POINT_COLOUR,
                             PLACE_COLOUR])
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{NAMESPACE}"><Document>'
           f"<name>{_xml(briefing.title)}</name>"
           f"<description>{_xml(escape(f'{stamp}{briefing.filter_words()}. Generated {briefing.stamp()}.'))}"
           "</description>")
    yield "".join(_style(colour) for colour in colours)
    routes, points = [], []
    for event in briefing.events:
        geometry = event_geometry(event, briefing.gazetteer)
        if geometry.places:   # an event with no known position stays in CSV/GeoJSON, not on a map
            (routes if geometry.is_route else points).append((event, geometry))
    for folder, members in (("Routes", routes), ("Events", points)):
        yield f"<Folder><name>{folder}</name>"
        for event, geometry in members:
            record = event_properties(event, geometry)
            colour = event_colour(record["event_type"], record["outcome"], geometry.is_route)
            yield _placemark(event_name(geometry), event_description(record), style_id(colour), record,
                             _geometry(geometry))
        yield "</Folder>"
    yield "<Folder><name>Places</name>"
    for place in briefing.places():
        description = escape(f"{place.name_en} ({place.kind}); position precision {place.precision}, "
                             f"±{place.uncertainty_m:,.0f} m; source: {place.coord_source}")
        record = {"place_id": place.id, "name_en": place.name_en, "name_ar": place.name_ar,
                  "precision": place.precision, "uncertainty_m": place.uncertainty_m}
        yield _placemark(place.name_ar or place.name_en, description, style_id(PLACE_COLOUR), record,
                         f"<Point><coordinates>{_coordinates((place,))}</coordinates></Point>")
    yield "</Folder></Document></kml>\n"


PLACE_COLOUR = "#4d4d4d"


def render(briefing) -> bytes:
    return "".join(chunks(briefing)).encode("utf-8")


def write(briefing, path) -> None:
    """Streamed to the file a placemark at a time: memory stays flat at any number of events."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(chunks(briefing))
