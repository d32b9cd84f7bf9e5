"""KML for Google Earth: routes as styled LineStrings, other events as points, and the places.

Geometry comes from ``events.geo.event_geometry``, so the KML draws exactly what the map and
the GeoJSON draw (a journey's line, and where the event happened when that is apart from it). Placemark names
are in both languages, Arabic (the language of the reports) first; descriptions hold the Arabic quote and the
English summary and places. Markers take the map's colour and shape: in a KMZ (:func:`render_kmz`) as PNG icons
it carries (``files/``); a plain KML links no icon at all (Google Earth's own default, nothing online).

Escaping: every text goes into the XML through :func:`_xml` here, with simplekml's own text
parsing off (it lets a ``<![CDATA[`` in user text through unescaped, and XML readers turn a raw
carriage return into a line feed). Google Earth shows a description as HTML, so description text
is HTML-escaped first, then XML-escaped. GDAL and Google Earth read every value back as typed.
"""
from __future__ import annotations

import io
import zipfile
from html import escape

import simplekml

from atlas.exports.icons import icon_png

_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _xml(text) -> str:
    """Text as XML character data: markup characters escaped, a carriage return kept as a reference."""
    return ("" if text is None else str(text)).translate(_XML_TEXT)


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
    if record["disputed"]:
        lines.append(f"Disputed: {record['dispute_note'] or record['related']}")
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


class _Styles(dict):
    """One shared KML style per ('#rrggbb' colour, shape) (Google Earth wants aabbggrr; simplekml converts).
    ``icons``: markers are the carried PNG ``files/<shape>-<rrggbb>.png`` (a KMZ), else no icon is linked."""

    def __init__(self, icons: bool):
        super().__init__()
        self.icons = icons

    def __missing__(self, key: tuple[str, str]) -> simplekml.Style:
        colour, shape = key
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        style = simplekml.Style()
        style.linestyle.color = simplekml.Color.rgb(r, g, b, 230)
        style.linestyle.width = 4
        if self.icons:
            style.iconstyle.icon.href = icon_file(colour, shape)
            style.iconstyle.color = simplekml.Color.white     # the icon has its colour; no tint
        else:
            style.iconstyle.icon.href = None                  # simplekml would link Google's online pushpin
            style.iconstyle.color = simplekml.Color.rgb(r, g, b)
        self[key] = style
        return style


def icon_file(colour: str, shape: str) -> str:
    return f"files/{shape}-{colour.lstrip('#').lower()}.png"


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


def build_kml(briefing, *, icons: bool = False) -> tuple[simplekml.Kml, "_Styles"]:
    """The KML document and the styles it uses (``icons``: as for :class:`_Styles`)."""
    from events.geo import event_geometry

    kml = simplekml.Kml(name=_xml(briefing.title))
    kml.parsetext(parse=False)           # _xml escapes every text; simplekml's escaping has holes (see above)
    kml.document.description = _xml(escape(f"{briefing.filter_words()}. Generated {briefing.stamp()}."))
    routes, points = kml.newfolder(name="Routes"), kml.newfolder(name="Events")
    places = kml.newfolder(name="Places")
    styles = _Styles(icons)
    for event in briefing.events:
        geometry = event_geometry(event, briefing.gazetteer)
        if not geometry.places:
            continue  # no known position: the event stays in CSV/GeoJSON, not on a map
        precision, uncertainty_m = geometry.precision
        record = {**event.to_record(), "precision": precision, "uncertainty_m": uncertainty_m}
        placemark = _placemark(routes if geometry.is_route else points,
                               _xml(event_name(geometry)), geometry)
        placemark.description = _xml(event_description(record))
        placemark.style = styles[(event_colour(record["event_type"], record["outcome"], geometry.is_route),
                                  event_shape(record["event_type"], geometry.is_route))]
        _add_data(placemark, record)
    for place in briefing.places():
        placemark = places.newpoint(name=_xml(place_name(place)), coords=[(place.lon, place.lat)])
        placemark.style = styles[PLACE_STYLE]
        placemark.description = _xml(escape(f"{place.name_en} ({place.kind}); position precision {place.precision}, "
                                            f"±{place.uncertainty_m:,.0f} m; source: {place.coord_source}"))
        _add_data(placemark, {"place_id": place.id, "name_en": place.name_en, "name_ar": place.name_ar,
                              "precision": place.precision, "uncertainty_m": place.uncertainty_m})
    return kml, styles


def render(briefing) -> bytes:
    # Not pretty-printed: simplekml re-serialises through minidom then, which writes a carriage return raw.
    return build_kml(briefing)[0].kml(format=False).encode("utf-8")


def render_kmz(briefing) -> bytes:
    """A KMZ: ``doc.kml`` and the marker icons it uses, so it opens offline with the map's symbols."""
    kml, styles = build_kml(briefing, icons=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as kmz:
        kmz.writestr("doc.kml", kml.kml(format=False).encode("utf-8"))     # the first entry: the document
        for colour, shape in styles:
            kmz.writestr(icon_file(colour, shape), icon_png(shape, colour, outline="#222222" if colour == "#ffffff"
                                                             else "#ffffff"))
    return out.getvalue()
