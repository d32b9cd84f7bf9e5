"""The dashboard's source choice and draft toggle, through ``EventFilter``: which events, in which words."""
import dataclasses

import pytest

from atlas.catalog import SOURCES, source_statuses
from events.filters import EventFilter
from tests.support.sample_data import sample_events


def _events():
    """Curated T3..T5 plus team events: T1 draft, T2 verified, and a retracted one that never shows."""
    curated = sample_events()
    team = [dataclasses.replace(curated[0], id="team-1", status="draft", added_by="tester"),
            dataclasses.replace(curated[1], id="team-2", status="verified", added_by="tester"),
            dataclasses.replace(curated[2], id="team-3", status="retracted", added_by="tester")]
    return [curated[0], *team]


@pytest.mark.parametrize("source, drafts, expected_ids, words", [
    ("both", True, ["T1", "team-1", "team-2"], "All events"),
    ("both", False, ["T1", "team-2"], "draft (unverified) team events hidden"),
    ("curated", True, ["T1"], "curated table only"),
    ("curated", False, ["T1"], "curated table only"),
    ("team", True, ["team-1", "team-2"], "team events only"),
    ("team", False, ["team-2"], "team events only, drafts hidden"),
])
def test_source_choice_selects_and_says_so(source, drafts, expected_ids, words):
    event_filter = EventFilter(statuses=source_statuses(source, include_drafts=drafts))
    assert [e.id for e in event_filter.apply(_events())] == expected_ids
    text = event_filter.describe()
    assert words in text and "statuses" not in text


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("drafts", [True, False])
def test_every_source_choice_has_plain_words(source, drafts):
    """Each choice reads differently from the others (round trip: words identify the choice)."""
    described = {(s, d): EventFilter(statuses=source_statuses(s, include_drafts=d)).describe()
                 for s in SOURCES for d in (True, False)}
    same = {choice for choice, text in described.items() if text == described[(source, drafts)]}
    expected = {(source, drafts)} | ({("curated", not drafts)} if source == "curated" else set())
    assert same == expected
