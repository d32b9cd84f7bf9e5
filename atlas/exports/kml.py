"""KML for Google Earth: routes as styled LineStrings, other events as points, and the places.

Geometry comes from ``events.geo.event_geometry``, so the KML draws exactly what the map and
the GeoJSON draw (a journey's line, and where the event happened when that is apart from it). Placemark names are Arabic (the language of the reports) with the
English in the description.

Escaping: every text goes into the XML through :func:`_xml` here, with simplekml's own text
parsing off (it lets a ``<![CDATA[`` in user text through unescaped, and XML readers turn a raw
carriage return into a line feed). Google Earth shows a description as HTML, so description text
is HTML-escaped first, then XML-escaped. GDAL and Google Earth read every value back as typed.
"""
from __future__ import annotations

import json
from html import escape

import simplekml

_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


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


class _Styles(dict):
    """One shared KML style per '#rrggbb' colour (Google Earth wants aabbggrr; simplekml converts)."""

    def __missing__(self, colour: str) -> simplekml.Style:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        style = simplekml.Style()
        style.linestyle.color = simplekml.Color.rgb(r, g, b, 230)
        style.linestyle.width = 4
        style.iconstyle.color = simplekml.Color.rgb(r, g, b)
        self[colour] = style
        return style


def _add_data(placemark, record: dict) -> None:
    for name, value in record.items():
        placemark.extendeddata.newdata(name, _xml(value))


def _placemark(folder, name: str, geometry):
    """The placemark of an event's geometry (``events.geo.EventGeometry``): a line, a point, or a
    MultiGeometry of the line and the points apart from it (where the event happened)."""
    line = [place.position.lonlat for place in geometry.line]
    points = [place.position.lonlat for place in geometry.points]
    if line and not points:
        placemark = folder.newlinestring(name=name, coords=line)
    elif len(points) == 1 and not line:
        return folder.newpoint(name=name, coords=points)
    else:
        placemark = folder.newmultigeometry(name=name)
        if line:
            placemark.newlinestring(coords=line).tessellate = 1
        for point in points:
            placemark.newpoint(coords=[point])
        return placemark
    placemark.tessellate = 1
    return placemark


def build_kml(briefing) -> simplekml.Kml:
    from events.geo import event_properties, event_geometry

    kml = simplekml.Kml(name=_xml(briefing.title))
    kml.parsetext(parse=False)           # _xml escapes every text; simplekml's escaping has holes (see above)
    stamp = f"{briefing.draft_stamp[:1].upper()}{briefing.draft_stamp[1:]}. " if briefing.draft_stamp else ""
    kml.document.description = _xml(escape(f"{stamp}{briefing.filter_words()}. Generated {briefing.stamp()}."))
    routes, points = kml.newfolder(name="Routes"), kml.newfolder(name="Events")
    places = kml.newfolder(name="Places")
    styles = _Styles()
    for event in briefing.events:
        geometry = event_geometry(event, briefing.gazetteer)
        if not geometry.places:
            continue  # no known position: the event stays in CSV/GeoJSON, not on a map
        record = event_properties(event, geometry)
        placemark = _placemark(routes if geometry.is_route else points,
                               _xml(event_name(geometry)), geometry)
        placemark.description = _xml(event_description(record))
        placemark.style = styles[event_colour(record["event_type"], record["outcome"], geometry.is_route)]
        _add_data(placemark, record)
    for place in briefing.places():
        placemark = places.newpoint(name=_xml(place.name_ar or place.name_en), coords=[(place.lon, place.lat)])
        placemark.description = _xml(escape(f"{place.name_en} ({place.kind}); position precision {place.precision}, "
                                            f"±{place.uncertainty_m:,.0f} m; source: {place.coord_source}"))
        _add_data(placemark, {"place_id": place.id, "name_en": place.name_en, "name_ar": place.name_ar,
                              "precision": place.precision, "uncertainty_m": place.uncertainty_m})
    return kml


def render(briefing) -> bytes:
    # Not pretty-printed: simplekml re-serialises through minidom then, which writes a carriage return raw.
    return build_kml(briefing).kml(format=False).encode("utf-8")
