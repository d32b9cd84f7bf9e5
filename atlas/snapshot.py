"""Briefing snapshots: the dashboard's folium map framed for a slide, as offline HTML or a PNG.

The frame adds what a briefer needs on the image itself: title, legend, scale bar, north
arrow, the active filters and date window in plain words, the source outlets, the generation
time and a caveat on precision. The PNG is drawn by headless Chromium (Playwright driving the
system binary from setting ``ATLAS_CHROMIUM``) from that same HTML, with every request that
is not a local file refused, so a snapshot never depends on, or leaks to, the network.
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator, Sequence

import jinja2
from markupsafe import Markup

from atlas import settings
from atlas.exc import AtlasError
from atlas.i18n import DEFAULT_LANGUAGE, N_, translator
from atlas.map.legend import legend_items
from atlas.period_chart import period_rows, period_svg
from atlas.words import word
from geodata.plaintext import isolate

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
LOCAL_URL_PREFIXES = ("file:", "data:", "blob:", "about:")
DRAW_TIMEOUT_MS = 20_000
# The map is drawn when Leaflet has laid out its panes and put at least one vector or marker in one
# of them (any pane: the basemap has its own, so a selection with no events still counts as drawn), and
# the map's script has placed its names.
MAP_DRAWN_JS = """() => {
  const map = document.querySelector('.leaflet-container .leaflet-map-pane');
  if (!map || (window.atlasMap && !document.querySelector('.leaflet-container[data-atlas-ready]'))) return false;
  const drawn = map.querySelectorAll('path, canvas, .leaflet-marker-icon').length;
  return drawn > 0 && document.fonts.status === 'loaded';
}"""
NEXT_PAINT_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
CAVEAT = N_("Positions are approximate: each place has a stated precision and uncertainty radius, and lines join "
            "named places, not the roads taken. Dates, counts and claims are as reported; disputed claims are "
            "shown side by side.")
MAP_DATA = N_("Map data: Natural Earth outlines and lakes; rivers GSHHG/World Data Bank II; towns GeoNames "
              "(CC BY 4.0); places the Atlas gazetteer; main roads © OpenStreetMap contributors (ODbL).")


class SnapshotError(AtlasError, RuntimeError):
    """A snapshot could not be made; no file was written."""


class ChromiumNotFoundError(SnapshotError, FileNotFoundError):
    """The Chromium binary named by ATLAS_CHROMIUM is not there."""


# -- the frame around the map ------------------------------------------------------------

# The frame is a fixed template; everything that varies (title, filter words, outlets, legend labels)
# is template *data*, autoescaped. User text is never part of template source, so "{{ 7*7 }}" in a
# title is printed as typed, and "{% raw %}" cannot break the page.
_FRAME_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

NORTH_ARROW = Markup('<svg width="34" height="46" viewBox="0 0 34 46" aria-label="North">'
                     '<text x="17" y="12" text-anchor="middle" font-size="12" font-weight="bold">N</text>'
                     '<polygon points="17,15 27,42 17,35 7,42" fill="#222"/>'
                     '<polygon points="17,15 17,35 7,42" fill="#fff" stroke="#222" stroke-width="1"/></svg>')

FRAME_CSS = """
  .atlas-inset-map { width: 300px; height: 225px; }
  .atlas-box { position: absolute; z-index: 1000; background: rgba(255,255,255,0.92); color: #111;
    font: 13px/1.35 "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif;
    border: 1px solid #999; border-radius: 4px; padding: 6px 10px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
  .atlas-title { top: 10px; left: 10px; max-width: 60%; }
  .atlas-title h1 { font-size: 20px; margin: 0 0 2px 0; overflow-wrap: anywhere; }
  .atlas-title .atlas-filter { font-size: 13px; overflow-wrap: anywhere; }
  .atlas-north { top: 10px; right: 10px; padding: 4px 6px; text-align: center; }
  .atlas-legend { bottom: 84px; right: 10px; max-height: calc(100% - 200px); overflow: hidden; }
  .atlas-legend h2 { font-size: 13px; margin: 0 0 4px 0; }
  .atlas-legend-row { display: flex; align-items: center; gap: 6px; white-space: nowrap; }
  .atlas-footer { bottom: 10px; left: 10px; right: 10px; font-size: 12px; }
  .atlas-footer .atlas-caveat { font-style: italic; }
  .leaflet-control-attribution { display: none; }
  .atlas-legend-row svg { flex: none; }
  .atlas-chart { top: 74px; right: 10px; padding: 4px 6px; }
  .atlas-draft-stamp { color: #9e0142; font-weight: 600; }
  bdi { unicode-bidi: isolate; }
  .atlas-rtl { direction: rtl; text-align: right; }
  .atlas-rtl.atlas-title { left: auto; right: 10px; }
  .atlas-rtl.atlas-north { right: auto; left: 10px; }
  .atlas-rtl.atlas-chart { right: auto; left: 10px; }
  .atlas-chart svg { direction: ltr; }
"""
"""Right to left (Arabic), the frame is mirrored: title on the right, north arrow and chart on the left; the legend
stays bottom right (the inset map holds the bottom left)."""

# A slide has no buttons: the PNG leaves out the zoom and layer controls the interactive HTML keeps.
PNG_ONLY_CSS = ".leaflet-control-zoom, .leaflet-control-layers { display: none; }"

FRAME_TEMPLATE = _FRAME_ENV.from_string("""<style>{{ css }}</style>
<div class="atlas-box atlas-title{{ side }}" dir="{{ dir }}" lang="{{ lang }}" id="atlas-title">
  <h1 dir="auto">{{ title }}</h1>
  <div class="atlas-filter" dir="auto">{{ filter_words }} ({{ counts }})</div></div>
<div class="atlas-box atlas-north{{ side }}" id="atlas-north">{{ north_arrow }}</div>
{%- if chart %}<div class="atlas-box atlas-chart{{ side }}" id="atlas-chart">{{ chart }}</div>{% endif %}
<div class="atlas-box atlas-legend{{ side }}" dir="{{ dir }}" lang="{{ lang }}" id="atlas-legend">
  <h2>{{ words.legend }}</h2>
{%- for swatch, label in legend %}<div class="atlas-legend-row">{{ swatch }}<bdi>{{ label }}</bdi></div>
{%- else %}<div class="atlas-legend-empty">{{ words.no_event }}</div>{% endfor %}</div>
<div class="atlas-box atlas-footer{{ side }}" dir="{{ dir }}" lang="{{ lang }}" id="atlas-footer">
  <div>{{ words.sources }} {% for outlet in outlets %}<bdi>{{ outlet }}</bdi>{{ words.comma if not loop.last }}
  {%- else %}{{ words.none }}{% endfor %}.
    {{ words.generated }}
    {{ words.map_data }}</div>
  {%- if outside %}<div class="atlas-outside">{{ words.outside }} {% for name in outside %}<bdi>{{ name }}</bdi>
  {{- words.comma if not loop.last }}{% endfor %}.</div>{% endif %}
  <div class="atlas-caveat">{{ caveat }}</div>
  {%- if draft_stamp %}<div class="atlas-draft-stamp" id="atlas-draft-stamp">{{ draft_stamp }}</div>{% endif %}</div>
<script>
/* The legend and the map's bottom controls sit just above the footer, however many lines it takes. */
window.addEventListener("load", function () {
  var footer = document.getElementById("atlas-footer"), gap = footer.offsetHeight + 18;
  document.getElementById("atlas-legend").style.bottom = gap + "px";
  document.querySelectorAll(".leaflet-bottom").forEach(function (corner) { corner.style.bottom = gap + "px"; });
  if (window.atlasMainMap) { window.atlasMainMap.fire("resize"); }
});
</script>
""")


def frame_html(briefing, *, outside: Sequence[str] = (), controls: bool = True) -> str:
    """The overlay boxes, placed over the map by absolute positioning: the fixed template with the
    briefing's text as autoescaped data. ``outside``: names of the events' places out of the frame;
    ``controls``: keep the zoom and layer controls (the HTML does, a PNG does not)."""
    t = getattr(briefing, "translator", None) or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    shown = len(briefing.events)
    undated = sum(1 for e in briefing.events if not e.is_dated)
    counts = t.ngettext("{count} event", "{count} events", shown).format(count=t.digits(shown))
    if undated:
        counts += _(", {count} of them undated").format(count=t.digits(undated))
    rtl = t.direction == "rtl"
    words = {"legend": _("Legend"), "no_event": _("No event in this selection"), "sources": _("Sources:"),
             "none": _("none"), "comma": "، " if rtl else ", ", "outside": _("Outside this frame:"),
             "generated": _("Generated {stamp} by Checkpoint Atlas.").format(stamp=isolate(t.digits(briefing.stamp()))),
             "map_data": _(MAP_DATA)}
    return FRAME_TEMPLATE.render(
        css=Markup(FRAME_CSS + ("" if controls else PNG_ONLY_CSS)), title=briefing.shown_title,
        filter_words=briefing.filter_words(), outside=list(outside), counts=counts, words=words,
        side=" atlas-rtl" if rtl else "", dir=t.direction, lang=t.language,
        north_arrow=NORTH_ARROW, legend=legend_items(briefing.events, t),
        outlets=briefing.outlets(), stamp=briefing.stamp(), caveat=_(CAVEAT), chart=period_chart_svg(briefing),
        draft_stamp=getattr(briefing, "draft_stamp", ""))


def period_chart_svg(briefing) -> Markup:
    """The dashboard's totals-per-period chart as static SVG, from the snapshot's own events ('' if none):
    people moved per period by destination (events per period when no event gives a figure)."""
    events = briefing.events
    if not events:
        return Markup("")
    t = getattr(briefing, "translator", None) or translator(DEFAULT_LANGUAGE)
    unit = getattr(briefing, "chart_unit", "week")
    rows = period_rows(events, briefing.gazetteer, unit, "destination", getattr(briefing, "language", "en"))
    measure = "people" if any(r["people"] for r in rows) else "events"
    if measure == "people":
        title = t.gettext("People moved (at least) per {unit}, by destination")
    else:
        title = t.gettext("Events per {unit}, by destination")
    return period_svg(rows, measure, title=title.format(unit=word(unit, t)), t=t)


def framed_map(briefing, *, controls: bool = True):
    """The same folium map as the dashboard, with the briefing frame added and the page titled."""
    from atlas.map.basemap import outside
    from atlas.map.build import build_map
    from atlas.map.page import RawText

    # Layers ticked on screen come as they are: none of them is drawn hidden.
    layers = {} if briefing.layers is None else {"layers": briefing.layers, "hidden": ()}
    fmap = build_map(list(briefing.events), briefing.gazetteer, view=briefing.view, static_url=briefing.static_url,
                     language=briefing.language, digits=getattr(briefing, "digits", "latin"), **layers)
    bounds = fmap.atlas_bounds
    if briefing.bounds is not None:  # the analyst's own pan/zoom wins over the view's framing
        bounds = [list(corner.latlon) for corner in briefing.bounds]
        fmap.fit_bounds(bounds)
    names = getattr(briefing, "place_name", None)
    away = ([names(place.id) if names else place.label() for place in outside(bounds, briefing.places())]
            if briefing.view == "overview" else [])
    root = fmap.get_root()
    root.header.add_child(RawText(str(Markup("<title>{}</title>").format(briefing.shown_title))), name="atlas_title")
    root.html.add_child(RawText(frame_html(briefing, outside=away, controls=controls)))
    return fmap


def snapshot_html(briefing, *, controls: bool = True) -> str:
    """A standalone HTML page (Leaflet and the rest inlined) that works with no network. ``controls``: keep the
    zoom and layer controls (the interactive HTML export does; the PNG's page does not)."""
    from atlas.assets import standalone_html

    return standalone_html(framed_map(briefing, controls=controls))


# -- the browser ------------------------------------------------------------------------------

def chromium_path(configured: str = settings.DEFAULTS["ATLAS_CHROMIUM"]) -> str:
    """The Chromium binary to drive (``configured``: the setting ATLAS_CHROMIUM), or a clear error saying how
    to get one."""
    found = shutil.which(configured) if configured else None
    if not found:
        raise ChromiumNotFoundError(
            f"Chromium was not found at {configured!r} (setting ATLAS_CHROMIUM), so no PNG was made. "
            "Install it with `apt-get install chromium` (Debian/Ubuntu), or set ATLAS_CHROMIUM to the path of a "
            "Chromium or Chrome binary. The HTML snapshot (--out FILE.html) needs no browser.")
    return found


def _refuse_network(route) -> None:
    if route.request.url.startswith(LOCAL_URL_PREFIXES):
        route.continue_()
    else:
        route.abort()


def html_to_png(page_html: str, *, width: int, height: int, scale: int = 1, chromium: str | None = None,
                draw_timeout_ms: int = DRAW_TIMEOUT_MS, inspect: Callable | None = None) -> bytes:
    """Draw one HTML page in headless Chromium and return the PNG (width*scale x height*scale).
    ``inspect(page)``, if given, runs on the drawn page just before the screenshot (tests read the names drawn)."""
    with chromium_session(width=width, height=height, scale=scale, chromium=chromium,
                          draw_timeout_ms=draw_timeout_ms) as session:
        return session.png(page_html, inspect=inspect)


class ChromiumSession:
    """One headless Chromium, network refused, that draws many pages (a slide deck's maps) without starting
    again for each: :meth:`png` draws a map page, :meth:`pdf` prints a page. Made by :func:`chromium_session`."""

    def __init__(self, context, folder: Path, draw_timeout_ms: int):
        self._context, self._folder, self._draw_timeout_ms = context, folder, draw_timeout_ms
        self._page = context.pages[0] if context.pages else context.new_page()

    def _open(self, page_html: str):
        page_file = self._folder / "snapshot.html"
        page_file.write_text(page_html, encoding="utf-8")
        self._page.goto(page_file.as_uri(), wait_until="load")
        return self._page

    def png(self, page_html: str, *, inspect: Callable | None = None) -> bytes:
        """The PNG of a map page, once its map has drawn (see :data:`MAP_DRAWN_JS`)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        page = self._open(page_html)
        try:
            page.wait_for_function(MAP_DRAWN_JS, timeout=self._draw_timeout_ms)
        except PlaywrightTimeout:
            raise SnapshotError(f"the map did not draw within {self._draw_timeout_ms / 1000:g} s "
                                "(no Leaflet layer appeared), so no PNG was made") from None
        page.evaluate(NEXT_PAINT_JS)
        if inspect is not None:
            inspect(page)
        return page.screenshot(type="png")

    def pdf(self, page_html: str, *, width: str, height: str) -> bytes:
        """A page printed to PDF at a paper size (CSS lengths, e.g. "13.333in"), text kept as text."""
        page = self._open(page_html)
        page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=self._draw_timeout_ms)
        return page.pdf(width=width, height=height, print_background=True, prefer_css_page_size=True)


@contextlib.contextmanager
def chromium_session(*, width: int, height: int, scale: int = 1, chromium: str | None = None,
                     draw_timeout_ms: int = DRAW_TIMEOUT_MS) -> Iterator[ChromiumSession]:
    """Headless Chromium with a ``width`` x ``height`` viewport at device scale ``scale``, every request that is
    not a local file refused; a browser error becomes a :class:`SnapshotError`."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_path(chromium or settings.DEFAULTS["ATLAS_CHROMIUM"])
    with tempfile.TemporaryDirectory(prefix="atlas-snapshot-") as folder:
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    Path(folder) / "profile", executable_path=executable, headless=True,
                    args=list(CHROMIUM_FLAGS), viewport={"width": width, "height": height},
                    device_scale_factor=scale, service_workers="block")
                try:
                    context.route("**/*", _refuse_network)
                    yield ChromiumSession(context, Path(folder), draw_timeout_ms)
                finally:
                    context.close()
        except PlaywrightError as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SnapshotError(f"Chromium could not draw the map, so no PNG was made: {first_line}") from exc


def render_png(briefing, *, inspect: Callable | None = None) -> bytes:
    """The PNG snapshot of a briefing at its size (e.g. 1600x900, or 3200x1800 with scale 2); ``inspect``: as for
    :func:`html_to_png`."""
    executable = chromium_path(briefing.chromium)  # fail before building anything when there is no browser
    return html_to_png(snapshot_html(briefing, controls=False), width=briefing.width, height=briefing.height,
                       scale=briefing.scale, chromium=executable, inspect=inspect)
