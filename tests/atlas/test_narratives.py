"""Narratives: values that validate, JSON that round-trips, clear errors for bad or newer files, stale citations."""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas import narratives, view_address
from atlas.exc import AtlasError
from atlas.map.basemap import VIEWS
from atlas.map.labels import LANGUAGES
from atlas.narratives import (FORMAT_VERSION, Citation, Narrative, NarrativeError, Step, event_fingerprint, load,
                              pinned, save, stale_citations, view_bounds, view_filter)
from events.filters import EventFilter

EXAMPLE = "docs/examples/narrative.json"


@pytest.fixture(scope="module")
def example(project_root):
    return load(project_root / EXAMPLE)


def example_data(project_root) -> dict:
    return json.loads((project_root / EXAMPLE).read_text(encoding="utf-8"))


def test_the_example_is_about_the_seed_events_and_nothing_in_it_is_stale(example, curated_events):
    assert len(example.steps) >= 4
    ids = {e.id for e in curated_events}
    cited = [c for step in example.steps for c in step.cite]
    assert cited and all(c.id in ids and c.fingerprint for c in cited)
    assert stale_citations(example, curated_events) == []
    barada = next(s for s in example.steps if "Barada" in s.title_in("en")[1])
    assert "معمل بردى" in barada.title_in("ar")[1]
    for step in example.steps:   # each step shows the events it cites
        shown = {e.id for e in step.event_filter().apply(curated_events)}
        assert set(step.cited_ids) <= shown, step.title


def test_views_and_languages_match_the_map(example):
    assert narratives.VIEWS == view_address.VIEWS == VIEWS
    assert set(narratives.LANGUAGES) == set(view_address.LANGUAGES) == set(LANGUAGES)


def test_json_round_trip_is_exact(example, tmp_path):
    path = save(example, tmp_path / "n.json")
    again = load(path)
    assert again == example
    assert again.dumps() == example.dumps()


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(version=FORMAT_VERSION + 1), "newer Checkpoint Atlas"),
    (lambda d: d.update(version="1"), "version"),
    (lambda d: d.update(format="something-else"), "not a narrative file"),
    (lambda d: d.update(colour="red"), "unknown field(s) 'colour'"),
    (lambda d: d["steps"][0].update(music="loud"), "steps[1]: unknown field(s) 'music'"),
    (lambda d: d["steps"][1]["cite"][0].update(weight=3), "steps[2].cite[1]: unknown field(s) 'weight'"),
    (lambda d: d["steps"][0]["view"].update(zoomy="3"), "unknown parameter(s) 'zoomy'"),
    (lambda d: d["steps"][0]["view"].update(view="mars"), "'mars' is not one of"),
    (lambda d: d["steps"][0]["view"].update(lang="fr"), "'fr' is not one of"),
    (lambda d: d["steps"][0]["view"].update({"from": "2017-13-01"}), "date_from"),
    (lambda d: d["steps"][0]["view"].update(type="picnic"), "picnic"),
    (lambda d: d["steps"][0]["view"].update(lat="33.5"), "lat, lon and zoom together"),
    (lambda d: d["steps"][0]["view"].update(lat="99", lon="1", zoom="3"), "lat"),
    (lambda d: d["steps"][0]["view"].update(drafts="maybe"), "drafts"),
    (lambda d: d["steps"][0].update(title={}), "steps[1].title: give it in English or Arabic"),
    (lambda d: d["steps"][0].update(title={"fr": "Bonjour"}), "unknown language(s) 'fr'"),
    (lambda d: d["steps"][0].update(caption={"en": "x" * 2001}), "at most 2,000"),
    (lambda d: d["steps"][0].update(caption={"en": "a\x00b"}), "steps[1].caption.en"),
    (lambda d: d["steps"][0].update(cite=["s001-01", "s001-01"]), "cited twice"),
    (lambda d: d["steps"][0].update(cite="s001-01"), "expected a list"),
    (lambda d: d.update(steps={}), "steps: expected a list"),
    (lambda d: d.update(id="Not An Id!"), "id:"),
    (lambda d: d.update(language="de"), "language"),
    (lambda d: d.update(title=7), "title"),
])
def test_bad_files_are_refused_with_a_message_naming_the_place(project_root, tmp_path, change, words):
    data = copy.deepcopy(example_data(project_root))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(NarrativeError) as caught:
        load(path)
    assert words in str(caught.value)
    assert str(caught.value).startswith("bad.json: ")
    assert isinstance(caught.value, AtlasError)


@pytest.mark.parametrize("content, words", [
    (b"{not json", "not JSON"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (b"[]", "one JSON object"),
])
def test_files_that_are_not_narratives_are_refused(tmp_path, content, words):
    path = tmp_path / "n.json"
    path.write_bytes(content)
    with pytest.raises(NarrativeError, match=words):
        load(path)


def test_a_missing_file_is_a_narrative_error(tmp_path):
    with pytest.raises(NarrativeError, match="no such file"):
        load(tmp_path / "missing.json")


def test_editing_returns_new_narratives(example):
    step = Step(title={"en": "Extra"}, view={"view": "southern-damascus"})
    added = example.with_step(step)
    assert added.steps[-1] == step and len(example.steps) + 1 == len(added.steps)
    moved = added.moved(len(added.steps) - 1, -1)
    assert moved.steps[-2] == step
    assert moved.moved(0, -5).steps == moved.steps      # kept inside the list
    assert moved.without_step(len(moved.steps) - 2).steps == example.steps
    changed = example.with_changed_step(0, step)
    assert changed.steps[0] == step and changed.steps[1:] == example.steps[1:]
    with pytest.raises(NarrativeError, match="not a step"):
        example.without_step(len(example.steps))


def test_view_filter_reads_the_dashboard_address(curated_events):
    assert view_filter({}) == EventFilter()
    chosen = view_filter({"from": "2017-12-01", "to": "2017-12-31", "type": "exit,arrest", "undated": "0",
                          "source": "curated", "disputed": "yes", "role": "via", "place": "local:barada-factory"})
    assert chosen.date_from == dt.date(2017, 12, 1) and chosen.event_types == ("exit", "arrest")
    assert chosen.include_undated is False and chosen.statuses == ("curated",) and chosen.disputed is True
    assert chosen.place_roles == ("via",)
    through = view_filter({"place": "local:barada-factory", "role": "via"}).apply(curated_events)
    assert through and all(e.via == "local:barada-factory" for e in through)


def test_view_bounds_contain_the_centre_and_grow_as_zoom_falls():
    near = view_bounds({"lat": "33.47", "lon": "36.30", "zoom": "12"}, 1600, 900)
    far = view_bounds({"lat": "33.47", "lon": "36.30", "zoom": "6"}, 1600, 900)
    (south, west), (north, east) = near
    assert south < 33.47 < north and west < 36.30 < east
    assert (far[1][1] - far[0][1]) == pytest.approx((east - west) * 64)
    assert view_bounds({"view": "overview"}, 1600, 900) is None


def test_stale_citations_name_retracted_missing_and_changed_events(example, curated_events):
    by_id = {e.id: e for e in curated_events}
    first, second = example.steps[0].cite[0].id, example.steps[1].cite[0].id
    changed = by_id[example.steps[2].cite[0].id]
    events = [e for e in curated_events if e.id != first]
    events = [e.replace(status="retracted") if e.id == second else e for e in events]
    events = [e.replace(notes="edited since") if e.id == changed.id else e for e in events]
    found = {(s.step, s.event_id, s.why) for s in stale_citations(example, events)}
    assert found == {(1, first, "missing"), (2, second, "retracted"), (3, changed.id, "changed")}
    assert "was retracted" in str(next(s for s in stale_citations(example, events) if s.why == "retracted"))
    # pinning again makes the changed one current
    repinned = pinned(example, events)
    assert {s.why for s in stale_citations(repinned, events)} == {"missing", "retracted"}


def test_fingerprint_changes_with_any_field_and_with_sources(curated_events):
    event = curated_events[0]
    assert event_fingerprint(event) == event_fingerprint(event.replace())
    assert event_fingerprint(event) != event_fingerprint(event.replace(count_max=(event.count_max or 0) + 1))
    assert event_fingerprint(event) != event_fingerprint(event.replace(summary_en=event.summary_en + "."))


def test_an_unpinned_citation_is_not_checked_for_changes(curated_events):
    event = curated_events[0]
    narrative = Narrative(id="n", title="T", steps=(Step(title="S", cite=(Citation(event.id),)),))
    assert stale_citations(narrative, [event.replace(notes="changed")]) == []


captions = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(en=captions, ar=captions, title=captions.filter(bool))
def test_any_caption_round_trips_through_json(en, ar, title):
    try:
        step = Step(title={"en": title}, caption={"en": en, "ar": ar}, view={"lang": "ar"})
    except NarrativeError:
        return   # text the atlas cannot carry (direction controls, ...) is refused, never mangled
    narrative = Narrative(id="prop", title={"ar": title}, steps=(step,))
    assert Narrative.loads(narrative.dumps()) == narrative
