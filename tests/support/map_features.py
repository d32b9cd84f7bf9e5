"""The features and tooltips a built map shows, read from its columnar layers (``atlas.map.columns``) in Python.

The page carries tables; the map's script (``atlasColumns`` in ``atlas_map.js``) makes the features and assembles
each tooltip on hover. This mirror does the same for unit tests, so they can ask what a tooltip says without a
browser; tests/e2e/test_map_canvas_e2e.py checks that every tooltip the browser assembles equals this one.
"""
from __future__ import annotations

import html

import folium

from atlas.map.columns import TablesScript
from atlas.map.page import InlineGeoJson


def _elements(root):
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(getattr(element, "_children", {}).values())


def _escape(text) -> str:
    return html.escape(str(text), quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")


def line_indexes(listed, total: int, most: int):
    """A row's event lines as indexes: ``listed`` as it is, or, a number, the first of the ``min(total, most)`` lines
    that follow one another from it (``most``: the lines a tooltip lists)."""
    return range(listed, listed + min(total, most)) if isinstance(listed, int) else listed


class _Tables:
    def __init__(self, data: dict):
        self.places, self.events, self.styles, self.words = (data["places"], data["events"], data["styles"],
                                                            data["words"])
        self.disputed = set(self.events["disputed"])

    def digits(self, n) -> str:
        return "".join(self.words["digits"][int(c)] if c.isdigit() else c for c in str(n))

    def fill(self, template: str, **values) -> str:
        for key, value in values.items():
            template = template.replace("{" + key + "}", str(value))
        return template

    def label(self, i: int) -> str:
        text = f"<bdi>{_escape(self.places['en'][i])}</bdi>"
        arabic = self.places["ar"][i]
        return text + f' / <bdi dir="rtl" lang="ar">{_escape(arabic)}</bdi>' if arabic else text

    def rest(self, k: int) -> str:
        e = self.events
        disputed = self.words["disputed"] if k in self.disputed else ""
        return f"[{e['whens'][e['when'][k]]}; {e['counts'][e['count'][k]]}]{disputed}"

    def event_lines(self, listed, total) -> list[str]:
        listed = line_indexes(listed, total, self.words["listed"])
        lines = [f"• <bdi>{_escape(self.events['summary'][k])}</bdi> {_escape(self.rest(k))}" for k in listed]
        more = total - len(listed)
        if more > 0:
            lines.append(_escape(self.fill(self.words["more"], count=self.digits(more))))
        return lines

    def tip(self, lines, token) -> str:
        w = self.words
        opening = (f'<div class="atlas-tip" dir="rtl" lang="{_escape(w["lang"])}">' if w["direction"] == "rtl"
                   else '<div class="atlas-tip">')
        return (opening + "<br>".join(f"<bdi>{line}</bdi>" for line in lines)
                + f'<span style="display:none">{_escape("⟦" + token + "⟧")}</span></div>')


def _feature(geometry_type, coordinates, **properties) -> dict:
    return {"type": "Feature", "geometry": {"type": geometry_type, "coordinates": coordinates},
            "properties": properties}


def _routes(T: _Tables, data: dict) -> list[dict]:
    outcome, found = data["outcome"], []
    for r in data["rows"]:
        path = " → ".join(f"<bdi>{_escape(T.places['en'][i])}</bdi>" for i in r[0])
        counts = T.fill(T.words["counts"], count=T.digits(r[2]), people=r[3],
                        outcome=T.words["outcomes"].get(outcome, outcome)) + (T.words["approx"] if r[4] else "")
        lines = [path, _escape(counts), *([_escape(r[5])] if r[5] else [])]
        key = ">".join([*(T.places["id"][i] for i in r[0]), outcome])
        found.append(_feature("LineString", [T.places["at"][i] for i in r[0]], style=T.styles[r[1]],
                              tip=T.tip(lines + T.event_lines(r[6], r[2]), "route:" + key)))
    return found


def _points(T: _Tables, data: dict) -> list[dict]:
    found = []
    for r in data["rows"]:
        size = r[2]
        lines = [T.label(r[0]), _escape(r[3]), *([_escape(r[4])] if r[4] else [])]
        found.append(_feature("Point", T.places["at"][r[0]], icon={
            "className": "atlas-point-icon", "iconSize": [size, size], "iconAnchor": [size / 2, size / 2],
            "html": T.styles[r[1]]["html"]}, tip=T.tip(lines + T.event_lines(r[5], r[6]),
                                                    "events@" + T.places["id"][r[0]])))
    return found


def _places(T: _Tables, data: dict) -> list[dict]:
    found = []
    for r in data["rows"]:
        style = data.get("style")
        if style is not None and len(r) > 2:
            style = {**style, "radius": r[2]}
        icon = None
        if data.get("icon"):
            icon = {k: v for k, v in data["icon"].items() if k != "label"}
            icon["html"] = icon["html"].replace("ATLASLABEL", _escape(data["icon"]["label"] + " " +
                                                                      T.places["en"][r[0]]))
        first = (_escape(T.words["checkpoint"]) + " " + T.label(r[0])) if data.get("icon") else T.label(r[0])
        found.append(_feature("Point", T.places["at"][r[0]], style=style, icon=icon,
                              tip=T.tip([first, _escape(r[1])], "place:" + T.places["id"][r[0]])))
    return found


KINDS = {"routes": _routes, "points": _points, "places": _places}


def _tables(folium_map) -> _Tables | None:
    scripts = [e for e in _elements(folium_map) if isinstance(e, TablesScript)]
    return _Tables(scripts[0].tables.data()) if scripts else None


def event_lines(folium_map, listed, total: int) -> list[str]:
    """The tooltip lines the map's page makes of a row's ``listed`` event lines (indexes, or the first of lines that
    follow one another) out of ``total`` events, as the browser's ``atlasColumns.tables.eventLines`` does."""
    return _tables(folium_map).event_lines(listed, total)


def map_features(folium_map, class_name: str | None = None) -> list[dict]:
    """Every feature the map's event layers draw (optionally those of one layer class), each with its style or
    icon and its tooltip HTML, as the browser makes them; plain feature layers (basemap) are left out."""
    elements = list(_elements(folium_map))
    tables = _tables(folium_map)
    if tables is None:
        return []
    found = []
    for element in elements:
        payload = getattr(element, "columns", None)
        if not isinstance(element, InlineGeoJson) or payload is None:
            continue
        if class_name is not None and class_name not in element.options.get("className", "").split():
            continue
        kind = element.data_json().split("(", 1)[0].removeprefix("atlasColumns.")
        found.extend(KINDS[kind](tables, payload))
    return found


def map_tips(folium_map) -> list[str]:
    """Every tooltip's HTML on the map (event layers, and any folium Tooltip)."""
    texts = [f["properties"]["tip"] for f in map_features(folium_map)]
    texts += [e.text for e in _elements(folium_map) if isinstance(e, folium.Tooltip)]
    return texts
