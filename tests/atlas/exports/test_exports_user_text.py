"""User text is data in every export: whatever is typed comes back exactly, and nothing in it runs.

Hypothesis writes hostile strings (template syntax, HTML and script tags, JS and CSV breakers,
quotes, backslashes, direction controls, Arabic, very long text) into the title, every filter value
and every free-text field of an event, then reads each export back the way its consumer would
(csv module, JSON, an XML parser, the HTML text) and checks the string is there byte for byte. A
template that evaluated ``{{ 7*7 }}`` or a page that let ``</script>`` close a script early would
change the text and fail. Characters no format can carry (NUL, lone surrogates) are refused with an
error naming the field.
"""
from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.exc import EventValidationError
from atlas.exports import EXPORTERS, Briefing, ExportError
from events.csv_format import restore_cell
from events.filters import EventFilter, FilterValueError
from events.schema import Event
from geodata.exc import GeodataValueError
from geodata.place import Place
from tests.support.exports_data import sample_gazetteer, csv_records
from tests.support.exports_data import with_drafts

FRAGMENTS = (
    "{{ 7*7 }}", "{% raw %}", "{% endraw %}", "{# note #}", "{{", "}}", "{%", "%}", "${7*7}", "#{7*7}",
    "<script>window.__pwned=1</script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>",
    '<img src="http://beacon.invalid/x.png">', "![](http://beacon.invalid/y.png)", "[link](http://x.invalid)",
    '"', "'", "`", "\\", "\\u0022", "\\n", "\n", "\r\n", "\t", "&amp;", "&lt;", "&#x3C;", "=1+1", "@SUM(A1)",
    "-2", "+3", "\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200e", "\u2028", "\u2029", "\ufeff",
    "الحجر الأسود", "معمل بردى", "Idlib", " ", "{{ config.__class__ }}", "<style>*{display:none}</style>",
)
# Everything a user can type except the characters no export can carry (tested apart, below).
_TYPABLE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"
                         + "".join(map(chr, [*range(1, 9), 11, 12, *range(14, 32)])))
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_TYPABLE, max_size=12)),
                        min_size=1, max_size=8).map("".join).filter(lambda s: s.strip() and s == s.strip())
hostile_text = hostile_text.map(lambda s: s[:200]).filter(lambda s: s.strip() and s == s.strip())   # events.limits
long_text = st.builds(lambda s, n: (s * n)[:2000].strip() or "x", hostile_text, st.integers(20, 400))

PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUTE = dict(origin="geonames:8419677", via="geonames:166716", destination="geonames:169389")
LONG_FIELDS = ("quote_ar", "summary_en", "date_basis", "dispute_note", "notes")   # thousands of characters allowed
SHORT_FIELDS = ("outlet", "date_relative", "cited_outlet", "added_by")             # a few hundred


def event_with(text: str, long: str | None = None) -> Event:
    """A route event whose short free-text fields hold ``text``, its long ones ``long`` (default: ``text``),
    its list fields one item."""
    item = text.replace("|", "¦").strip()      # "|" separates list items in the flat formats
    long = text if long is None else long
    return Event(id="team-hostile01", event_type="exit", seed="", url="https://example.org/report?q=1&r=2",
                 names=(item,), actors=(item,), disputed=True, status="draft", count_min=3, count_max=3,
                 count_unit="people", **{name: text for name in SHORT_FIELDS},
                 **{name: long for name in LONG_FIELDS}, **ROUTE)


def expected(text: str, long: str | None = None) -> dict[str, str]:
    return {**{name: text for name in SHORT_FIELDS}, **{name: text if long is None else long for name in LONG_FIELDS}}


def briefing_with(text: str, long: str | None = None) -> Briefing:
    event = event_with(text, long)
    event_filter = EventFilter(person=event.names[0], outlets=(text,))
    shown = event_filter.apply([event])
    assert shown == [event]                        # the filter values select the event they came from
    return with_drafts(shown, sample_gazetteer(), event_filter=event_filter, title=text)


@PROPERTY_SETTINGS
@given(text=hostile_text, long=st.none() | long_text)
def test_csv_gives_back_every_field_as_typed(text, long):
    briefing = briefing_with(text, long)
    rows = csv_records(EXPORTERS["csv"].render(briefing))
    assert len(rows) == 1
    record = {name: restore_cell(value) for name, value in rows[0].items()}
    for name, value in expected(text, long).items():
        assert record[name] == value, name
    assert record["names"] == briefing.events[0].names[0]


@PROPERTY_SETTINGS
@given(text=hostile_text, long=st.none() | long_text)
def test_geojson_gives_back_every_field_as_typed(text, long):
    briefing = briefing_with(text, long)
    (feature,) = json.loads(EXPORTERS["geojson"].render(briefing))["features"]
    for name, value in expected(text, long).items():
        assert feature["properties"][name] == value, name


@PROPERTY_SETTINGS
@given(text=hostile_text, long=st.none() | long_text)
def test_kml_gives_back_the_title_and_every_field_as_typed(text, long):
    briefing = briefing_with(text, long)
    root = ET.fromstring(EXPORTERS["kml"].render(briefing))       # well-formed XML, whatever was typed
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert root.find("k:Document/k:name", ns).text == text
    placemark = next(p for p in root.iter("{http://www.opengis.net/kml/2.2}Placemark")
                     if p.find("k:LineString", ns) is not None)
    data = {d.get("name"): d.find("k:value", ns).text or "" for d in placemark.iter(f"{{{ns['k']}}}Data")}
    for name, value in expected(text, long).items():
        assert data[name] == value, name
    description = html.unescape(re.sub(r"<br>", "\n", placemark.find("k:description", ns).text))
    assert (long or text) in description           # Google Earth shows the balloon as HTML: escaped there
    document = html.unescape(root.find("k:Document/k:description", ns).text)
    assert briefing.events[0].names[0] in document and text in document


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start) + len(start):page.index(end, page.index(start))]


class _Tags(HTMLParser):
    """The element structure a browser's tokenizer sees (script and style contents are raw text)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        self.tags.append("/" + tag)


@functools.lru_cache(maxsize=1)
def _benign_tags() -> tuple[str, ...]:
    return tuple(_Tags(EXPORTERS["html"].render(briefing_with("benign text")).decode("utf-8")).tags)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_html_snapshot_shows_title_filters_outlets_and_tooltips_as_typed(text):
    briefing = briefing_with(text)
    page = EXPORTERS["html"].render(briefing).decode("utf-8")
    # User text adds no element and closes none (a "</script>" in it would end a script early).
    assert tuple(_Tags(page).tags) == _benign_tags()
    title = _between(page, '<h1 dir="auto">', "</h1>")
    assert "<" not in title and html.unescape(title) == text
    words = html.unescape(_between(page, '<div class="atlas-filter" dir="auto">', "</div>"))
    assert text in words and briefing.events[0].names[0] in words
    footer = html.unescape(re.sub(r"<[^>]+>", "", _between(page, 'id="atlas-footer">', "</div></div>")))
    assert text in footer
    # The route's tooltip lines travel as JSON data in a script (the map's tables, atlas.map.columns, from which
    # the browser assembles the tooltip): decoded, its event lines hold the summary as typed.
    start = page.rindex("atlasColumns.load(") + len("atlasColumns.load(")
    tables = json.loads(page[start:page.index(");\n", start)])
    assert text in tables["events"]["summary"]


@pytest.mark.parametrize("bad", ["a\x00b", "\x07bell", "x\ud800y", "end\uffff", "\x1b[31m"])
def test_characters_no_export_can_carry_are_refused_with_the_field_named(bad):
    with pytest.raises(EventValidationError) as raised:
        event_with("fine").replace(notes=bad)
    assert raised.value.field == "notes" and "control character" in raised.value.message
    with pytest.raises(FilterValueError) as raised:
        EventFilter(person=bad)
    assert raised.value.field == "person"
    with pytest.raises(ExportError, match="title"):
        with_drafts((), sample_gazetteer(), title=bad)
    with pytest.raises(GeodataValueError, match="name_en"):
        Place(id="local:x", name_en=bad, name_ar="", kind="site", lat=33.5, lon=36.3, precision="neighbourhood",
              uncertainty_m=500.0, coord_source="test")


def test_the_issue_examples_export_literally():
    for text in ("T {{ 7*7 }} T", "{% raw %}", "{{ 6*7 }}"):
        page = EXPORTERS["html"].render(briefing_with(text)).decode("utf-8")
        assert html.unescape(_between(page, '<h1 dir="auto">', "</h1>")) == text
        assert "T 49 T" not in page and ">42<" not in page
