"""The columnar page: a map's event layers travel as tables, turned into features and tooltips in the browser.

One place table (id, English and Arabic name, position rounded to :data:`PRECISION` decimals), one table of event
lines (summary, and indexes into the map's distinct date and count words), one table of styles, and the frame's
words, once per map; each layer then holds rows of numbers that point into them (a route: its places, its style,
its counts). The map's script (``atlas_map.js``, ``atlasColumns``) makes each row a GeoJSON feature with its style
and a tooltip it assembles on first hover, escaping every value as it goes: user text is data there too, never
markup. Each line of a tooltip is isolated (``<bdi>``, Arabic names ``dir="rtl"``), the whole right to left in
Arabic, and it ends with the hidden selection key (``atlas.map.selection``) that streamlit-folium returns on a click.
tests/support/map_features.py reads the same tooltips in Python; tests/e2e/test_map_canvas_e2e.py checks that the
browser's are the same.

At 10,000 events on 5,000 routes the page went from 6.43 MB (GeoJSON with an escaped HTML tooltip and a style in
every feature) to 1.55 MB, of which the tooltips' event lines were 0.46 MB (README, bench_workload); with the
dates and counts as indexes into their distinct words (a few hundred dates, fewer counts) those take ~0.29 MB.
A row's event lines as one number when they follow one another (the lines are numbered as the rows list them, so
they nearly always do) and the few disputed lines as a list of indexes took the whole standalone page from 0.98 to
0.92 MB there (December 2026).
"""
from __future__ import annotations

from collections import Counter
from typing import MutableMapping, Sequence

from atlas.i18n import DEFAULT_LANGUAGE, Translator
from atlas.map.drafts import all_drafts, draft_note, draft_route_style
from atlas.map.groups import RouteGroup
from atlas.map.interactive import map_script
from atlas.map.layers import point_radius
from atlas.map.markup import cached, count_text, date_text, people_text
from atlas.map.page import APPLY_FEATURE_PROPERTIES, DeferredScript, InlineGeoJson, page_json
from atlas.map.style import marker_svg, outcome_colour, point_style, route_weight
from atlas.words import word
from events.schema import Event
from events.vocabulary import OUTCOMES
from geodata.place import Place

PRECISION = 5
"""Decimals of a coordinate in the page: about a metre, finer than any place's own precision."""
TIP_EVENTS = 4
"""Events listed in a tooltip (the rest are counted)."""


def tip_words(t: Translator) -> dict:
    """The words the script puts into tooltips, in ``t``'s language (one copy per map, not one per feature), and
    how many events a tooltip lists (``listed``)."""
    english = t.language == DEFAULT_LANGUAGE
    return {"counts": t.gettext("{count} event(s); people: {people}; outcome: {outcome}"),
            "approx": t.gettext("; approximate points"), "more": t.gettext("… and {count} more"),
            "checkpoint": t.gettext("Checkpoint:"), "digits": t.digits("0123456789"),
            "disputed": f" ({t.gettext('disputed')})",
            "outcomes": {outcome: outcome if english else word(outcome, t) for outcome in OUTCOMES},
            "direction": t.direction, "lang": t.language, "listed": TIP_EVENTS}


class PageTables:
    """The tables one map's layers point into, filled as the layers are made; :meth:`data` is what the page holds."""

    def __init__(self, t: Translator, cache: MutableMapping | None = None):
        self.t, self.cache = t, cache
        self._places: dict[str, int] = {}
        self._events: dict[str, int] = {}
        self._styles: dict[str, int] = {}
        self.places: dict[str, list] = {"id": [], "en": [], "ar": [], "at": []}
        self.events: dict[str, list] = {"summary": [], "when": [], "count": [], "disputed": []}   # disputed: indexes
        self.event_words: dict[str, dict[str, int]] = {"when": {}, "count": {}}   # distinct words -> index, in order
        self.styles: list[dict] = []

    def place(self, place: Place) -> int:
        index = self._places.get(place.id)
        if index is None:
            index = self._places[place.id] = len(self.places["id"])
            lon, lat = place.position.lonlat
            for column, value in (("id", place.id), ("en", place.name_en), ("ar", place.name_ar or ""),
                                  ("at", [round(lon, PRECISION), round(lat, PRECISION)])):
                self.places[column].append(value)
        return index

    def event(self, event: Event) -> int:
        """The index of ``event``'s tooltip line: its summary, then "[date; count] (disputed)" in the map's words,
        the date and count words each kept once per map (the script puts the line together)."""
        index = self._events.get(event.id)
        if index is None:
            index = self._events[event.id] = len(self.events["summary"])
            words = (self.t.language, self.t.digit_style)
            summary, when, count, disputed = cached(self.cache, ("event-line", event.id, words),
                                                    lambda: _event_line(event, self.t))
            self.events["summary"].append(summary)
            self.events["when"].append(self._word("when", when))
            self.events["count"].append(self._word("count", count))
            if disputed:
                self.events["disputed"].append(index)     # the few disputed lines, not a flag for every line
        return index

    def _word(self, kind: str, text: str) -> int:
        words = self.event_words[kind]
        return words.setdefault(text, len(words))

    def style(self, style: dict) -> int:
        key = page_json(style)
        index = self._styles.get(key)
        if index is None:
            index = self._styles[key] = len(self.styles)
            self.styles.append(style)
        return index

    def listed(self, events: Sequence[Event]) -> int | list[int]:
        """The tooltip's event lines: their indexes, or the first index when they follow one another (the usual
        case, the lines being numbered as the layers list them), which the page reads as the first
        ``min(len(events), TIP_EVENTS)`` lines from there. A row carries its number of events too: the tooltip
        counts the rest ("… and 3 more")."""
        lines = [self.event(e) for e in events[:TIP_EVENTS]]
        return lines[0] if lines and lines == list(range(lines[0], lines[0] + len(lines))) else lines

    def data(self) -> dict:
        words = {f"{kind}s": list(texts) for kind, texts in self.event_words.items()}   # in index order
        return {"places": self.places, "events": {**self.events, **words}, "styles": self.styles,
                "words": tip_words(self.t)}


def _event_line(event: Event, t: Translator) -> tuple[str, str, str, int]:
    """(summary, date words, count words, disputed 0/1): a tooltip's line is "summary [date; count] (disputed)"."""
    return event.summary_en, date_text(event, t), count_text(event, t), int(bool(event.disputed))


# -- rows -------------------------------------------------------------------------------------------
APPROXIMATE_DASH = "10 7"
"""The dashes of a route through an approximate place, square-ended (``lineCap: butt``): round-capped dashes made
rasterising a big map's canvas ~0.5 s slower at 10,000 events (Chromium without a GPU), and look the same."""


def route_style(group: RouteGroup) -> dict:
    style = {"color": outcome_colour(group.outcome), "weight": route_weight(group.people), "opacity": 0.85}
    if group.approximate:
        style["dashArray"] = APPROXIMATE_DASH
    style = draft_route_style(group.events, style)         # drafts: atlas.map.drafts (dotted: round caps kept)
    if style.get("dashArray") == APPROXIMATE_DASH:
        style.update(lineCap="butt", lineJoin="bevel")
    return style


def route_row(group: RouteGroup, tables: PageTables) -> list:
    """[place indexes, style index, events, people words, approximate (0/1), draft note, event lines]."""
    t = tables.t
    return [[tables.place(p) for p in group.places], tables.style(route_style(group)), len(group.events),
            people_text(group.people, t), int(group.approximate), draft_note(group.events, t),
            tables.listed(group.events)]


def point_size(count: int) -> float:
    """The width in px of the marker of ``count`` events at one place (grows with their number)."""
    return 2 * point_radius(count) + 2


def kinds_text(events: Sequence[Event], t: Translator) -> str:
    """'defection (4), arrest (1)': the events' types, most common first, in ``t``'s language."""
    english = t.language == DEFAULT_LANGUAGE
    return ", ".join(f"{kind if english else word(kind, t)} ({t.digits(n)})"
                     for kind, n in Counter(e.event_type for e in events).most_common())


def events_row(place: Place, events: Sequence[Event], tables: PageTables) -> list:
    """[place index, marker style index, size, types, draft note, event lines, events]: the events at one place,
    in the colour and shape of their most common type (hollow and dashed when all are drafts)."""
    t = tables.t
    colour, shape = point_style(Counter(e.event_type for e in events).most_common(1)[0][0])
    marker = {"html": str(marker_svg(shape, colour, None, css_class="atlas-point-event", draft=all_drafts(events)))}
    return [tables.place(place), tables.style(marker), round(point_size(len(events)), 2), kinds_text(events, t),
            draft_note(events, t), tables.listed(events), len(events)]


# -- the page ---------------------------------------------------------------------------------------
def columnar_layer(kind: str, rows: list, class_name: str, marker=None, **options) -> InlineGeoJson:
    """A feature layer whose page data is ``atlasColumns.<kind>({rows})``: the script makes the features."""
    payload = {"rows": rows, **options.pop("extra", {})}
    layer = InlineGeoJson({"type": "FeatureCollection", "features": []}, control=False, marker=marker,
                          on_each_feature=APPLY_FEATURE_PROPERTIES, className=class_name,
                          data_json=f"atlasColumns.{kind}({page_json(payload)})", **options)
    layer.columns = payload
    return layer


class TablesScript(DeferredScript):
    """The map's script runtime (``atlas_map.js``) and its tables, placed before any event layer."""

    def __init__(self, tables: PageTables):
        super().__init__()
        self._name = "AtlasTables"
        self.tables = tables

    def script_text_with(self, data: str) -> str:
        return f"{map_script()}\natlasColumns.load({data});\n"

    def make_data_json(self) -> str:
        return page_json(self.tables.data())
