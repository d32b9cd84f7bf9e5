"""Drafts look different on the map (hollow, dashed, labelled); the details list every source and the
figures they disagree on, escaped."""
import json
import re

import pytest
from markupsafe import escape

from atlas.map.build import build_map
from atlas.map.details import event_details_html
from atlas.map.drafts import DRAFT_POINT_DASH, DRAFT_ROUTE_DASH
from atlas.map.groups import split_events
from events.sources import EventSource
from tests.support.map_features import map_features
from tests.support.sample_data import HOSTILE_NOTE, FakeGazetteer, sample_events, sample_places

EVENTS = {e.id: e for e in sample_events()}
PLACES = FakeGazetteer(sample_places())


def _route(events):
    (line,) = map_features(build_map(events, PLACES, layers=("routes",)), "atlas-route")
    return line["properties"]


def _dot(events):
    (dot,) = map_features(build_map(events, PLACES, layers=("events",)), "atlas-point-event")
    return dot["properties"]


@pytest.mark.parametrize("statuses, dashed, note", [
    (("curated",), False, None),
    (("draft",), True, "DRAFT: unreviewed"),
    (("draft", "verified"), False, "1 of 2 are unreviewed drafts"),
])
def test_a_route_of_drafts_only_is_dotted_and_every_draft_is_named(statuses, dashed, note):
    base = EVENTS["T1"]
    events = [base.replace(id=f"R{i}", status=status) for i, status in enumerate(statuses)]
    properties = _route(events)
    style = properties["style"] if "style" in properties else properties
    assert (style.get("dashArray") == DRAFT_ROUTE_DASH) == dashed
    text = json.dumps(properties)
    assert (note in text) if note else ("DRAFT" not in text and "draft" not in text)


def test_a_dot_of_drafts_only_is_hollow_and_dashed():
    reviewed, draft = _dot([EVENTS["T3"]]), _dot([EVENTS["T3"].replace(status="draft")])
    as_text = json.dumps(draft)
    assert DRAFT_POINT_DASH in as_text and DRAFT_POINT_DASH not in json.dumps(reviewed)
    fill = [float(x) for x in re.findall(r'fill-opacity=\\"([0-9.]+)', as_text)]
    assert fill and max(fill) < 0.2 and "DRAFT" in as_text


def test_the_map_page_carries_the_draft_style():
    page = build_map([EVENTS["T1"].replace(status="draft")], PLACES).get_root().render()
    assert DRAFT_ROUTE_DASH in page


def _with_sources():
    event = EVENTS["T1"]
    return event.replace(sources=(
        EventSource(outlet="Second Outlet", stance="confirms", published="2017-12-29", quote="مصدر ثان",
                    count_min=6, count_max=6, count_unit="people"),
        EventSource(outlet="Third Outlet", stance="denies", published="2017-12-30", quote=HOSTILE_NOTE),
        EventSource(outlet="Fourth Outlet", stance="reports", cited_outlet="Second Outlet", quote="نقلا"),
    ))


def test_details_list_every_source_with_outlet_date_stance_and_quote():
    html = event_details_html(_with_sources(), PLACES)
    for text in ("Test Outlet", "Second Outlet", "Third Outlet", "Fourth Outlet", "2017-12-29", "2017-12-30",
                 "confirms", "denies", "مصدر ثان", ", citing <bdi>Second Outlet</bdi>"):
        assert text in html
    assert "2 independent outlets" in html          # the citing report counts as the outlet it cites
    assert HOSTILE_NOTE not in html and "&lt;script&gt;" in html


def test_details_put_disagreeing_figures_side_by_side():
    html = event_details_html(_with_sources(), PLACES)
    block = html[html.index("Figures that disagree"):]
    assert re.search(r"4 people <i>\(<bdi>Test Outlet</bdi>\)</i> \| 6 people <i>\(<bdi>Second Outlet</bdi>\)</i>",
                     block)


def test_details_of_a_draft_say_so_and_a_single_source_has_no_conflict():
    html = event_details_html(EVENTS["T1"].replace(status="draft"), PLACES)
    assert "draft, unreviewed" in html and "Figures that disagree" not in html and "1 independent outlet)" in html


@pytest.mark.parametrize("url, shown", [
    ("http://www.shaam.org/news/syria-news/خروج-مجموعة-من-تنظيم.html", "www.shaam.org/news/syria-new…"),
    ("https://alwatan.sy/archives/137313", "alwatan.sy/archives/137313"),
    ('https://x.org/"><script>alert(1)</script>', "x.org/&#34;&gt;&lt;script&gt;alert(1)&lt;/sc…"),
])
def test_a_long_source_address_is_cut_with_the_whole_on_hover(url, shown):
    event = EVENTS["T1"].replace(sources=(EventSource(outlet="Second Outlet", stance="confirms", url=url),))
    html = event_details_html(event, PLACES)
    assert shown in html
    if shown.endswith("…"):
        assert f'title="{escape(url)}"' in html
    assert "<script>" not in html
