"""The snapshot frame (no browser needed): the totals-per-period chart as static SVG, and drafts: left out of a
default snapshot, stamped and in the legend when asked for; the traced roads credited to OpenStreetMap."""
from __future__ import annotations

import re

import pytest

from atlas.exports import Briefing
from atlas.exports.briefing import DRAFT_STAMP
from atlas.map.style import legend_rows
from atlas.snapshot import frame_html, snapshot_html
from geodata.basemap import reference_geojson
from tests.support.exports_data import sample_events, sample_gazetteer

DRAFT_IDS = {e.id for e in sample_events() if e.status == "draft"}


@pytest.fixture(params=[False, True], ids=["default", "drafts-asked"])
def briefing(request):
    return Briefing(sample_events(), sample_gazetteer(), include_drafts=request.param)


def test_the_frame_carries_the_chart_as_static_svg(briefing):
    frame = frame_html(briefing)
    chart = re.search(r'<div class="atlas-box atlas-chart" id="atlas-chart">(<svg.*?</svg>)</div>', frame, re.S)
    assert chart and "<script" not in chart.group(1)
    assert "per week, by destination" in chart.group(1)
    assert len(re.findall(r"<rect [^>]*data-review=", chart.group(1))) >= 1


def test_drafts_are_absent_from_a_default_snapshot_and_stamped_when_asked(briefing):
    frame = frame_html(briefing)
    drafts_in = briefing.include_drafts
    assert (DRAFT_STAMP in frame) == drafts_in
    assert ("unreviewed draft" in frame) == drafts_in            # the legend row
    assert ('data-review="draft"' in frame) == drafts_in          # the chart's draft segments
    page = snapshot_html(briefing)
    for event in sample_events():
        if event.status == "draft":
            words = max(re.split(r"[^\w ]", event.summary_en), key=len).strip()   # the page escapes quotes
            assert (words in page) == drafts_in


def test_no_events_no_chart():
    assert "id=\"atlas-chart\"" not in frame_html(Briefing([], sample_gazetteer()))


def test_the_traced_roads_are_credited_to_openstreetmap_in_the_legend_and_the_footer():
    roads = reference_geojson("roads")["features"]
    assert roads and all("schematic" not in f["properties"] for f in roads)
    events = sample_events()
    road_rows = [label for symbol, _colour, label in legend_rows(events) if symbol == "road"]
    assert road_rows and all("OpenStreetMap" in label and "schematic" not in label for label in road_rows)
    footer = frame_html(Briefing(events, sample_gazetteer())).split('id="atlas-footer"', 1)[1]
    assert "main roads © OpenStreetMap contributors (ODbL)" in footer and "schematic" not in footer
