"""A narrative as a slide deck: PPTX (python-pptx) or PDF, one slide a step, a title slide and a sources slide.

:func:`build_deck` draws each step's map with the PNG snapshot's own renderer (atlas.snapshot: labels, legend,
scale, north arrow, filters, sources and the drafts stamp on the image), all in one headless Chromium, and
gathers each slide's text: title and caption in the deck's language (Arabic slides right to left), a footnote
with the sources of the events on the slide, the date window, the cited events and the "includes unreviewed
drafts" stamp when the slide holds drafts. :func:`render_pptx` and :func:`render_pdf` lay the same
:class:`Deck` out; the PDF is a fixed autoescaped HTML template printed by the same Chromium, so Arabic is
shaped and the text stays text. User text is template data, never template source. Nothing is fetched.
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import unquote

import jinja2

from atlas.exc import AtlasError
from atlas.exports.briefing import DRAFT_STAMP, Briefing
from atlas.i18n import translator
from atlas.narratives import Narrative, Stale, pick, stale_citations, view_bounds
from atlas.settings import DEFAULTS
from events.sources import all_sources
from geodata.plaintext import isolate

SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN = 13.333, 7.5     # 16:9, PowerPoint's default widescreen
MAP_SIZE = (1600, 900)                             # CSS pixels of each step's map, as the PNG snapshot
FOOTNOTE_SOURCES = 6                               # outlets named in a slide's footnote before "and N more"
SUFFIXES = (".pptx", ".pdf")
URL = re.compile(r"https?://[^\s,;()]+")


class DeckError(AtlasError, ValueError):
    """A deck cannot be made as asked (stale citations refused, unknown file type); nothing was written."""


@dataclass(frozen=True)
class SourceRow:
    """One report on the sources slide."""

    outlet: str
    published: str = ""
    url: str = ""
    headline: str = ""


@dataclass(frozen=True)
class Slide:
    """One step's slide: its text in one language and its map as PNG bytes."""

    number: int
    language: str                  # of the title and caption: "ar" slides run right to left
    title: str
    caption: str
    window: str                    # the date window in words
    sources: str                   # the footnote's sources of the events on the slide
    cited: tuple[str, ...]
    draft_stamp: str               # '' when the slide holds no draft
    warnings: tuple[str, ...]      # stale citations of this step
    image: bytes
    image_size: tuple[int, int]

    @property
    def rtl(self) -> bool:
        return self.language == "ar"


@dataclass(frozen=True)
class Deck:
    """Everything both formats print: the title slide's text, the step slides, the sources slide's rows."""

    title: str
    language: str
    subtitle: str
    slides: tuple[Slide, ...]
    sources: tuple[SourceRow, ...]
    warnings: tuple[str, ...] = ()
    draft_stamp: str = ""
    labels: dict = field(default_factory=dict)

    @property
    def rtl(self) -> bool:
        return self.language == "ar"


def _window_words(step, _) -> str:
    start, end = step.window()
    if start is None and end is None:
        return _("Date window: all dates")
    return _("Date window: {start} to {end}").format(start=start.isoformat() if start else "…",
                                                       end=end.isoformat() if end else "…")


def _source_rows(events, manifest) -> list[SourceRow]:
    """Every report the events rest on (their own and further sources), with publication date and URL; a seed
    report's date and public copy come from the seeds manifest."""
    rows: dict[tuple, SourceRow] = {}
    for event in events:
        report = manifest.get(event.seed) if event.seed else None
        for source in all_sources(event, report.published_text if report else ""):
            seed_report = manifest.get(source.seed) if source.seed else None
            url = source.url or (next(iter(URL.findall(seed_report.published_evidence)), "") if seed_report else "")
            published = source.published or (seed_report.published_text if seed_report else "")
            headline = seed_report.headline if seed_report else ""
            row = SourceRow(source.outlet, published, unquote(url.rstrip(".'\"")), headline)   # readable
            rows.setdefault((row.outlet, row.published, row.url), row)
    return sorted(rows.values(), key=lambda r: (r.outlet.casefold(), r.published, r.url))


def _footnote_sources(rows: Sequence[SourceRow], _) -> str:
    if not rows:
        return _("Sources: none (no event on this slide)")
    named = [isolate(r.outlet) + (f" ({r.published})" if r.published else "") for r in rows[:FOOTNOTE_SOURCES]]
    more = len(rows) - FOOTNOTE_SOURCES
    tail = (" " + _("and {n} more (see the sources slide)").format(n=more)) if more > 0 else ""
    return _("Sources: {names}").format(names="; ".join(named)) + tail


def build_deck(narrative: Narrative, events: Iterable, places, *, language: str | None = None,
               include_drafts: bool = False, refuse_stale: bool = True, chromium: str = DEFAULTS["ATLAS_CHROMIUM"],
               static_url: str = DEFAULTS["ATLAS_STATIC_URL"], map_size: tuple[int, int] = MAP_SIZE,
               generated_at: dt.datetime | None = None, manifest=None, session=None) -> Deck:
    """The deck of ``narrative`` over ``events`` (every event known, retracted ones too, so a retracted
    citation is named) and ``places`` (the gazetteer, or atlas.catalog.CombinedPlaces).

    Cited events retracted, missing or changed since the narrative was written are refused when
    ``refuse_stale`` (the setting ATLAS_DECK_REFUSE_STALE), else printed as warnings on the title slide and on
    their step's slide. ``session``: an open :class:`atlas.snapshot.ChromiumSession` of ``map_size`` to draw
    with (one is opened, and closed, if not given)."""
    from atlas.snapshot import chromium_session, snapshot_html

    language = language or narrative.language
    _ = translator(language).gettext
    events = list(events)
    stale = stale_citations(narrative, events)
    if stale and refuse_stale:
        raise DeckError(_("the narrative cites events that changed since it was written: {problems}. Update the "
                          "steps (or set ATLAS_DECK_REFUSE_STALE=false to export with warnings)")
                        .format(problems="; ".join(map(str, stale[:10]))))
    if manifest is None:
        from events.seed_manifest import load_seed_manifest
        manifest = load_seed_manifest()
    generated_at = generated_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    visible = [e for e in events if e.status != "retracted"]
    width, height = map_size
    plans = []
    for number, step in enumerate(narrative.steps, start=1):
        params = step.params
        title_language, title = step.title_in(language)
        caption_language, caption = step.caption_in(language)
        briefing = Briefing(tuple(step.event_filter().apply(visible)), places, event_filter=step.event_filter(),
                            title=title, view=params.get("view", "overview"), language=params.get("lang", "en"),
                            bounds=view_bounds(params, width, height), width=width, height=height,
                            generated_at=generated_at, chromium=chromium, static_url=static_url,
                            include_drafts=include_drafts)
        plans.append((number, step, caption_language or title_language, title, caption, briefing))
    all_rows: dict[tuple, SourceRow] = {}
    slides = []

    def draw(session_):
        for number, step, slide_language, title, caption, briefing in plans:
            rows = _source_rows(briefing.events, manifest)
            for row in rows:
                all_rows.setdefault((row.outlet, row.published, row.url), row)
            image = session_.png(snapshot_html(briefing, controls=False))
            slides.append(Slide(
                number=number, language=slide_language, title=title, caption=caption,
                window=_window_words(step, _), sources=_footnote_sources(rows, _), cited=step.cited_ids,
                draft_stamp=_("includes unreviewed drafts ({n} of {total} events)").format(
                    n=briefing.drafts, total=len(briefing.events)) if briefing.drafts else "",
                warnings=tuple(str(s) for s in stale if s.step == number), image=image,
                image_size=(width, height)))

    if session is not None:
        draw(session)
    else:
        with chromium_session(width=width, height=height, chromium=chromium) as opened:
            draw(opened)
    title_language, title = narrative.title_in(language)
    subtitle = _("{n} steps · generated {stamp} by Checkpoint Atlas").format(
        n=len(slides), stamp=generated_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    if narrative.author:
        subtitle += " · " + narrative.author
    return Deck(title=title, language=title_language or language, subtitle=subtitle, slides=tuple(slides),
                sources=tuple(sorted(all_rows.values(), key=lambda r: (r.outlet.casefold(), r.published, r.url))),
                warnings=tuple(str(s) for s in stale),
                draft_stamp=_(DRAFT_STAMP) if any(s.draft_stamp for s in slides) else "",
                labels={"sources": _("Sources"), "cited": _("Events cited"), "outlet": _("Outlet"),
                        "published": _("Published"), "url": _("Address (URL)"), "headline": _("Headline"),
                        "none": _("No source: no event is drawn on any slide."),
                        "stale": _("Changed since written")})


# -- PPTX ---------------------------------------------------------------------------------------------------

def render_pptx(deck: Deck) -> bytes:
    """The deck as a PowerPoint file (opens in LibreOffice Impress and Keynote too); shapes are named (Title,
    Caption, Map, Footnote, Drafts stamp) so a reader, or a test, finds them."""
    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    blank = prs.slide_layouts[6]

    def box(slide, name, left, top, width, height, paragraphs, *, size, rtl, bold=False, color=None):
        shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        shape.name = name
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE   # a long caption shrinks to its box when opened
        for index, text in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            _set_direction(paragraph, rtl)
            run = paragraph.add_run()
            run.text = text
            run.font.size, run.font.bold = Pt(size), bold
            if color is not None:
                from pptx.dml.color import RGBColor
                run.font.color.rgb = RGBColor(*bytes.fromhex(color))   # (not from_string: the template audit)
        return shape

    title_slide = prs.slides.add_slide(blank)
    box(title_slide, "Title", 0.8, 2.2, 11.7, 1.4, [deck.title], size=40, rtl=deck.rtl, bold=True)
    box(title_slide, "Subtitle", 0.8, 3.7, 11.7, 0.8, [deck.subtitle], size=18, rtl=deck.rtl)
    notes = [deck.draft_stamp] if deck.draft_stamp else []
    if notes:
        box(title_slide, "Drafts stamp", 0.8, 4.6, 11.7, 0.5, notes, size=16, rtl=deck.rtl, color="9E0142")
    if deck.warnings:
        box(title_slide, "Warnings", 0.8, 5.2, 11.7, 1.8, [f"⚠ {w}" for w in deck.warnings[:8]], size=12,
            rtl=False, color="9E0142")

    for item in deck.slides:
        slide = prs.slides.add_slide(blank)
        box(slide, "Title", 0.4, 0.25, 12.5, 0.8, [item.title], size=26, rtl=item.rtl, bold=True)
        map_left, text_left = (4.4, 0.4) if item.rtl else (0.4, 9.5)
        picture = slide.shapes.add_picture(io.BytesIO(item.image), Inches(map_left), Inches(1.15), width=Inches(8.5))
        picture.name = "Map"
        picture.height = Emu(int(picture.width * item.image_size[1] / item.image_size[0]))
        box(slide, "Caption", text_left, 1.15, 3.4, 4.8, [item.caption] if item.caption else [""], size=16,
            rtl=item.rtl)
        footnote = [item.sources, item.window + ("  ·  " + deck.labels["cited"] + ": " + ", ".join(item.cited)
                                                 if item.cited else "")]
        footnote += [f"⚠ {w}" for w in item.warnings]
        box(slide, "Footnote", 0.4, 6.05, 12.5, 1.2, footnote, size=10, rtl=item.rtl)
        if item.draft_stamp:
            box(slide, "Drafts stamp", 0.4, 5.6, 8.5, 0.4, [item.draft_stamp], size=12, rtl=item.rtl, bold=True,
                color="9E0142")

    slide = prs.slides.add_slide(blank)
    box(slide, "Title", 0.4, 0.25, 12.5, 0.8, [deck.labels["sources"]], size=26, rtl=deck.rtl, bold=True)
    lines = [" · ".join(isolate(part) for part in (row.outlet, row.published, row.headline, row.url) if part)
             for row in deck.sources] or [deck.labels["none"]]
    box(slide, "Sources", 0.4, 1.15, 12.5, 6.0, lines, size=11 if len(lines) < 18 else 8, rtl=deck.rtl)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _set_direction(paragraph, rtl: bool) -> None:
    """Right to left with right alignment (DrawingML ``a:pPr rtl="1" algn="r"``) for Arabic paragraphs."""
    from pptx.enum.text import PP_ALIGN

    paragraph.alignment = PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT
    if rtl:
        paragraph._p.get_or_add_pPr().set("rtl", "1")


# -- PDF ----------------------------------------------------------------------------------------------------

_PDF_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
PDF_TEMPLATE = _PDF_ENV.from_string("""<!DOCTYPE html>
<html lang="{{ deck.language }}"><head><meta charset="utf-8"><title>{{ deck.title }}</title><style>
  @page { size: {{ width }} {{ height }}; margin: 0; }
  body { margin: 0; font-family: "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif; color: #111; }
  .slide { width: {{ width }}; height: {{ height }}; box-sizing: border-box; padding: 0.3in 0.4in;
    position: relative; overflow: hidden; page-break-after: always; break-after: page; }
  h1 { font-size: 26pt; margin: 0 0 0.15in 0; }
  .cover h1 { font-size: 40pt; margin-top: 1.9in; }
  .subtitle { font-size: 18pt; }
  .body { display: flex; gap: 0.3in; }
  .body img { width: 8.5in; height: 4.78in; flex: none; border: 1px solid #999; }
  .caption { font-size: 16pt; line-height: 1.35; overflow-wrap: anywhere; }
  .caption.long { font-size: 11pt; }
  .caption.longer { font-size: 8.5pt; }
  .stamp { color: #9e0142; font-weight: 600; font-size: 12pt; margin-top: 0.08in; }
  .footnote { position: absolute; left: 0.4in; right: 0.4in; bottom: 0.25in; font-size: 10pt; }
  .warning { color: #9e0142; }
  .sources li { font-size: 11pt; margin-bottom: 0.04in; overflow-wrap: anywhere; }
  bdi { unicode-bidi: isolate; }
</style></head><body>
<section class="slide cover" dir="{{ 'rtl' if deck.rtl else 'ltr' }}">
  <h1>{{ deck.title }}</h1><div class="subtitle">{{ deck.subtitle }}</div>
  {%- if deck.draft_stamp %}<div class="stamp">{{ deck.draft_stamp }}</div>{% endif %}
  {%- for warning in deck.warnings %}<div class="warning" dir="ltr">⚠ {{ warning }}</div>{% endfor %}
</section>
{%- for slide in deck.slides %}
<section class="slide step" dir="{{ 'rtl' if slide.rtl else 'ltr' }}" lang="{{ slide.language }}">
  <h1>{{ slide.title }}</h1>
  <div class="body"><img alt="{{ slide.title }}" src="data:image/png;base64,{{ images[loop.index0] }}">
    <div><div class="caption{{ ' longer' if slide.caption | length > 1000 else ' long' if slide.caption | length > 400 else '' }}">{{ slide.caption }}</div>
    {%- if slide.draft_stamp %}<div class="stamp">{{ slide.draft_stamp }}</div>{% endif %}</div></div>
  <div class="footnote"><div>{{ slide.sources }}</div>
    <div>{{ slide.window }}{% if slide.cited %} · {{ deck.labels.cited }}: {{ slide.cited | join(", ") }}{% endif %}</div>
    {%- for warning in slide.warnings %}<div class="warning" dir="ltr">⚠ {{ warning }}</div>{% endfor %}</div>
</section>
{%- endfor %}
<section class="slide sources" dir="{{ 'rtl' if deck.rtl else 'ltr' }}"><h1>{{ deck.labels.sources }}</h1><ul>
{%- for row in deck.sources %}<li><bdi>{{ row.outlet }}</bdi>{% if row.published %} · {{ row.published }}{% endif %}
  {%- if row.headline %} · <bdi>{{ row.headline }}</bdi>{% endif %}{% if row.url %} · <bdi>{{ row.url }}</bdi>{% endif %}</li>
{%- else %}<li>{{ deck.labels.none }}</li>{% endfor %}</ul></section>
</body></html>
""")


def deck_html(deck: Deck) -> str:
    """The deck as one printable HTML page, one section a slide (the PDF is this page printed)."""
    return PDF_TEMPLATE.render(deck=deck, width=f"{SLIDE_WIDTH_IN}in", height=f"{SLIDE_HEIGHT_IN}in",
                               images=[base64.b64encode(s.image).decode("ascii") for s in deck.slides])


def render_pdf(deck: Deck, *, chromium: str = DEFAULTS["ATLAS_CHROMIUM"], session=None) -> bytes:
    """The deck printed to PDF by headless Chromium (``session`` if open, else one started for it)."""
    from atlas.snapshot import chromium_session

    page = deck_html(deck)
    size = {"width": f"{SLIDE_WIDTH_IN}in", "height": f"{SLIDE_HEIGHT_IN}in"}
    if session is not None:
        return session.pdf(page, **size)
    with chromium_session(width=1280, height=720, chromium=chromium) as opened:
        return opened.pdf(page, **size)


def deck_format(path) -> str:
    """'pptx' or 'pdf' from a file name's ending."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise DeckError(f"out: {str(path)!r} must end in {' or '.join(SUFFIXES)}")
    return suffix[1:]


def render(deck: Deck, kind: str, *, chromium: str = DEFAULTS["ATLAS_CHROMIUM"], session=None) -> bytes:
    return render_pptx(deck) if kind == "pptx" else render_pdf(deck, chromium=chromium, session=session)


__all__ = ["Deck", "Slide", "SourceRow", "DeckError", "build_deck", "render_pptx", "render_pdf", "deck_html",
           "deck_format", "render", "Stale", "pick"]
