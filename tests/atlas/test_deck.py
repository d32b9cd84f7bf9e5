"""Slide decks from a narrative: the PPTX read back with python-pptx, the PDF with pypdf; titles, captions, maps,
sources, the drafts stamp, Arabic right to left, user text printed as typed, stale citations flagged or refused."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from atlas import deck as decks
from atlas.catalog import CombinedPlaces
from atlas.deck import DeckError, build_deck, deck_format, deck_html, render_pdf, render_pptx
from atlas.narratives import Narrative, Step, load
from atlas.snapshot import chromium_session
from events.schema import Event
from events.sources import all_sources
from geodata.plaintext import FSI, PDI

pytestmark = pytest.mark.browser
MAP = (1600, 900)


@pytest.fixture(scope="module")
def narrative(project_root) -> Narrative:
    return load(project_root / "docs/examples/narrative.json")


@pytest.fixture(scope="module")
def draft_event() -> Event:
    """An unreviewed team draft inside the Barada step's window (invented for the test)."""
    return Event(id="team-deckdraft01", event_type="exit", outlet="Test Outlet (test)", seed="",
                 url="https://example.org/deck-test", quote_ar="خرج ثلاثة عبر معمل بردى (نص تجريبي)",
                 summary_en="Three left through the Barada factory (test text)", date_start="2017-12-01",
                 date_end="2017-12-01", date_precision="day", origin="geonames:8419677", via="local:barada-factory",
                 outcome="unknown", status="draft", added_by="analyst@example.org")


@pytest.fixture(scope="module")
def session():
    with chromium_session(width=MAP[0], height=MAP[1]) as opened:
        yield opened


@pytest.fixture(scope="module")
def built(narrative, curated_events, gazetteer, draft_event, session):
    return build_deck(narrative, [*curated_events, draft_event], CombinedPlaces(gazetteer), include_drafts=True,
                      session=session)


@pytest.fixture(scope="module")
def pptx(built):
    return Presentation(io.BytesIO(render_pptx(built)))


@pytest.fixture(scope="module")
def pdf(built, session):
    return PdfReader(io.BytesIO(render_pdf(built, session=session)))


def plain(text: str) -> str:
    """Text as read back: isolates dropped, ligatures (the PDF's "ﬁ") undone."""
    return unicodedata.normalize("NFKC", text.replace(FSI, "").replace(PDI, ""))


def shapes(slide) -> dict:
    return {shape.name: shape for shape in slide.shapes}


def outlets_drawn(step, events) -> set[str]:
    """The outlets of every report (own and further sources) of the events a step draws."""
    shown = step.event_filter().apply([e for e in events if e.status != "retracted"])
    return {source.outlet for e in shown for source in all_sources(e)}


def test_pptx_has_a_title_slide_a_slide_a_step_and_a_sources_slide(pptx, narrative):
    slides = list(pptx.slides)
    assert len(slides) == len(narrative.steps) + 2
    assert shapes(slides[0])["Title"].text_frame.text == narrative.title_in("en")[1]
    assert shapes(slides[-1])["Title"].text_frame.text == "Sources"


def test_each_step_slide_has_its_title_caption_map_and_sourced_footnote(pptx, narrative, curated_events, draft_event):
    events = [*curated_events, draft_event]
    for step, slide in zip(narrative.steps, list(pptx.slides)[1:-1]):
        found = shapes(slide)
        assert found["Title"].text_frame.text == step.title_in("en")[1]
        assert found["Caption"].text_frame.text == step.caption_in("en")[1]
        picture = found["Map"]
        assert Image.open(io.BytesIO(picture.image.blob)).size == MAP
        assert picture.width / picture.height == pytest.approx(MAP[0] / MAP[1], rel=0.01)
        footnote = plain(found["Footnote"].text_frame.text)
        start, end = step.window()
        assert (f"{start} to {end}" if start else "all dates") in footnote
        assert ", ".join(step.cited_ids) in footnote
        named = set(re.findall(r"Sources: (.*?)(?: and \d+ more|\n)", footnote + "\n")[0].split("; "))
        drawn = outlets_drawn(step, events)
        assert named and all(any(n.startswith(o) for o in drawn) for n in named), (named, drawn)
        if re.search(r"and \d+ more", footnote):
            assert len(named) == decks.FOOTNOTE_SOURCES
        else:   # every outlet drawn is named
            assert all(any(n.startswith(o) for n in named) for o in drawn), (named, drawn)


def test_only_slides_holding_drafts_carry_the_stamp(pptx, built, narrative, draft_event):
    slides = list(pptx.slides)
    holds = [draft_event in step.event_filter().apply([draft_event]) for step in narrative.steps]
    assert any(holds) and not all(holds)
    for step_holds, slide in zip(holds, slides[1:-1]):
        stamp = shapes(slide).get("Drafts stamp")
        assert (stamp is not None) == step_holds
        if stamp is not None:
            assert "includes unreviewed drafts" in stamp.text_frame.text
    assert "includes unreviewed drafts" in shapes(slides[0])["Drafts stamp"].text_frame.text


def test_sources_slide_lists_outlets_dates_and_addresses(pptx, seed_manifest):
    text = plain(shapes(list(pptx.slides)[-1])["Sources"].text_frame.text)
    for outlet, published, address in (("Eqtsad (اقتصاد)", "2017-12-14/2017-12-20", "eqtsad.net/news/article/18644"),
                                       ("Al-Watan (الوطن)", "2017-09-24/2017-09-25", "alwatan.sy/archives/120441"),
                                       ("Test Outlet (test)", "", "https://example.org/deck-test")):
        line = next(line for line in text.splitlines() if line.startswith(outlet) and address in line)
        assert published in line


def test_pdf_pages_match_the_slides(pdf, narrative):
    pages = pdf.pages
    assert len(pages) == len(narrative.steps) + 2
    assert [round(float(v)) for v in pages[0].mediabox[2:]] == [960, 540]   # 13.333 x 7.5 in
    assert narrative.title_in("en")[1] in pages[0].extract_text()
    for step, page in zip(narrative.steps, pages[1:-1]):
        text = " ".join(plain(page.extract_text()).split())
        assert step.title_in("en")[1] in text
        assert " ".join(step.caption_in("en")[1].split()[:4]) in text
        assert "Sources:" in text and ", ".join(step.cited_ids) in text
        images = page.images
        assert len(images) == 1 and images[0].image.size == MAP
    sources = pages[-1].extract_text()
    assert "eqtsad.net/news/article/18644" in sources and "2017-12-14/2017-12-20" in sources


def test_pdf_drafts_stamp_only_where_the_pptx_has_it(pdf, pptx):
    for slide, page in zip(list(pptx.slides)[1:-1], pdf.pages[1:-1]):
        assert ("Drafts stamp" in shapes(slide)) == ("includes unreviewed drafts" in plain(page.extract_text()))


def test_arabic_deck_runs_right_to_left(narrative, curated_events, gazetteer, session):
    arabic = build_deck(narrative, curated_events, gazetteer, language="ar", session=session)
    slides = list(Presentation(io.BytesIO(render_pptx(arabic))).slides)
    title = shapes(slides[1])["Title"].text_frame.paragraphs[0]
    assert title.text == narrative.steps[0].title_in("ar")[1]
    assert title._p.pPr.get("rtl") == "1" and title._p.pPr.get("algn") == "r"
    english_only = next(i for i, s in enumerate(narrative.steps) if "ar" not in dict(s.caption))
    caption = shapes(slides[english_only + 1])["Caption"].text_frame.paragraphs[0]
    assert caption._p.pPr.get("rtl") is None and caption._p.pPr.get("algn") == "l"   # falls back to English, LTR
    page = deck_html(arabic)
    assert page.count('dir="rtl"') >= 3


def test_user_text_is_printed_as_typed(curated_events, gazetteer, session):
    nasty = "<script>alert(1)</script> {{ 7*7 }} {% raw %} &amp;"
    narrative = Narrative(id="nasty", title=nasty, steps=(Step(title=nasty, caption={"en": nasty},
                                                               view={"from": "2017-12-01", "to": "2017-12-31"}),))
    built = build_deck(narrative, curated_events, gazetteer, session=session)
    page = deck_html(built)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "{{ 7*7 }}" in page
    text = " ".join(plain(PdfReader(io.BytesIO(render_pdf(built, session=session))).pages[1].extract_text()).split())
    assert "<script>alert(1)</script> {{ 7*7 }} {% raw %} &amp;" in text
    slide = list(Presentation(io.BytesIO(render_pptx(built))).slides)[1]
    assert shapes(slide)["Caption"].text_frame.text == nasty


def test_stale_citations_are_refused_or_flagged(narrative, curated_events, gazetteer, session):
    cited = narrative.steps[0].cite[0].id
    retracted = [e.replace(status="retracted") if e.id == cited else e for e in curated_events]
    with pytest.raises(DeckError, match=f"step 1: event {cited} was retracted"):
        build_deck(narrative, retracted, gazetteer, session=session)
    one_step = Narrative(id="one", title="One", steps=narrative.steps[:1])
    flagged = build_deck(one_step, retracted, gazetteer, refuse_stale=False, session=session)
    assert any(cited in w for w in flagged.slides[0].warnings) and flagged.warnings
    slide = list(Presentation(io.BytesIO(render_pptx(flagged))).slides)[1]
    assert f"event {cited} was retracted" in shapes(slide)["Footnote"].text_frame.text


@pytest.mark.parametrize("name, kind", [("a.pptx", "pptx"), ("B.PDF", "pdf"), ("c.png", None), ("d", None)])
def test_deck_format_from_the_file_name(name, kind):
    if kind is None:
        with pytest.raises(DeckError, match="must end in"):
            deck_format(name)
    else:
        assert deck_format(name) == kind
    assert decks.SUFFIXES == (".pptx", ".pdf")
