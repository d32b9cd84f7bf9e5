"""Unreviewed drafts are left out of briefings and exports by default; kept on request, the output says so."""
from __future__ import annotations

import json

import pyogrio
import pytest

from atlas.exports import EXPORTERS, Briefing
from atlas.exports.briefing import DRAFT_STAMP
from events.sources import EventSource
from tests.support.exports_data import csv_records, sample_events, sample_gazetteer

DRAFT_IDS = {e.id for e in sample_events() if e.status == "draft"}


@pytest.fixture
def both():
    return (Briefing(sample_events(), sample_gazetteer()),
            Briefing(sample_events(), sample_gazetteer(), include_drafts=True))


def test_a_default_briefing_leaves_the_drafts_out_and_counts_them(both):
    default, kept = both
    assert {e.id for e in default.events}.isdisjoint(DRAFT_IDS) and default.drafts_left_out == len(DRAFT_IDS)
    assert default.draft_stamp == "" and kept.drafts == len(DRAFT_IDS)
    assert kept.draft_stamp == f"{DRAFT_STAMP} (2 of 3 events)"


def test_keeping_drafts_with_none_selected_stamps_nothing():
    reviewed = [e for e in sample_events() if e.status != "draft"]
    assert Briefing(reviewed, sample_gazetteer(), include_drafts=True).draft_stamp == ""


def test_csv_says_so_in_a_note_line_before_the_header(both):
    default, kept = (EXPORTERS["csv"].render(b).decode("utf-8-sig") for b in both)
    assert default.startswith("id,") and kept.startswith(f"# Checkpoint Atlas export, {DRAFT_STAMP}")
    assert {r["id"] for r in csv_records(kept)} == {e.id for e in sample_events()}


def test_geojson_says_so_in_its_atlas_member(both):
    default, kept = (json.loads(EXPORTERS["geojson"].render(b)) for b in both)
    assert default["atlas"]["includes_unreviewed_drafts"] is False and default["atlas"]["stamp"] == ""
    assert kept["atlas"]["includes_unreviewed_drafts"] is True and DRAFT_STAMP in kept["atlas"]["stamp"]


def test_kml_says_so_in_its_description_and_marks_each_draft(both):
    default, kept = (EXPORTERS["kml"].render(b).decode("utf-8") for b in both)
    assert DRAFT_STAMP not in default.lower() and DRAFT_STAMP in kept.lower()
    assert kept.count("Unreviewed draft: not yet checked by an editor") == sum(
        1 for e in sample_events() if e.status == "draft" and (e.origin or e.location))


def test_geopackage_says_so_in_its_event_layers(both, tmp_path):
    default, kept = (EXPORTERS["gpkg"].write(b, tmp_path / f"{n}.gpkg") for n, b in zip(("d", "k"), both))
    assert DRAFT_STAMP in pyogrio.read_info(kept, layer="events_routes")["layer_metadata"]["DESCRIPTION"]
    assert not (pyogrio.read_info(default, layer="events_routes").get("layer_metadata") or {}).get("DESCRIPTION")


def test_every_data_export_carries_the_corroboration_count():
    event = sample_events()[1].replace(sources=(EventSource("Second outlet", "confirms", quote="نص"),
                                                EventSource("Third", "denies", quote="نص")))
    briefing = Briefing([event], sample_gazetteer())
    [row] = csv_records(EXPORTERS["csv"].render(briefing))
    assert row["corroboration"] == "2" and json.loads(row["sources"])[1]["stance"] == "denies"
    [feature] = json.loads(EXPORTERS["geojson"].render(briefing))["features"]
    assert feature["properties"]["corroboration"] == 2 and len(feature["properties"]["sources"]) == 2
    kml = EXPORTERS["kml"].render(briefing).decode("utf-8")
    assert '<Data name="corroboration"><value>2</value>' in kml and "Also denies: Third" in kml
