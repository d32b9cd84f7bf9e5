"""Long notes in the details collapse behind "more" (atlas.map.details.collapsed)."""
import html
import re

from hypothesis import given
from hypothesis import strategies as st

from atlas.map.details import NOTE_PREVIEW, collapsed, event_details_html
from tests.support.sample_data import FakeGazetteer, sample_events, sample_places


def visible_text(markup) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup).replace('<span class="atlas-more-label">more</span>', "")))


def test_a_short_note_is_shown_whole():
    assert "<details" not in str(collapsed("short note"))


def test_a_long_note_shows_its_start_and_more():
    note = " ".join(f"word{i}" for i in range(200))
    markup = str(collapsed(note))
    summary = re.search(r"<summary>(.*?)</summary>", markup).group(1)
    assert "more" in summary and len(visible_text(summary)) <= NOTE_PREVIEW + 2
    assert visible_text(markup).replace("… ", "", 1) == note          # nothing lost: start + rest


@given(st.text(min_size=NOTE_PREVIEW + 1, max_size=600))
def test_any_long_note_is_escaped_and_kept(note):
    markup = str(collapsed(note))
    assert "<" not in re.sub(r'</?(?:details|summary|span|bdi)(?: class="atlas-more(?:-label)?")?>', "", markup)
    assert visible_text(markup).replace("… ", "", 1) == note


def test_event_details_collapse_a_long_note():
    event = sample_events()[0].replace(notes="x " * 400)
    assert 'class="atlas-more"' in event_details_html(event, FakeGazetteer(sample_places()))
