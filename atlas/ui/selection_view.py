"""Reading the map in the dashboard: the selected event drawn out on the map, the details scrolled into view,
the legend under the map, and a layout that keeps the map large on a narrow screen (800 px with the sidebar).
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from atlas.map.interactive import highlight_call
from atlas.map.legend import legend_html
from atlas.ui.filters_panel import PLAYBACK_ROW
from atlas.ui.language import t
from events.geo import event_geometry
from events.schema import Event

MAX_HIGHLIGHTED = 50

# Below 1100 px the details go under the map instead of squeezing it into three fifths of a narrow page.
# During a rerun Streamlit marks each element not yet sent again as stale (data-stale="true") and fades it with an
# opacity transition (1 s, after 0.5 s). A filter change here takes less than the delay, so the fade is never seen,
# but the ~50 transitions started and cancelled on every change made Chromium composite and paint the page again:
# p50 from input 363 -> 254-298 ms on the curated data (docs/PERFORMANCE.md). Outdated content is not dimmed: the
# status widget (top right, with its Stop button) says that the page is being updated.
# The sidebar's playback buttons (filters_panel.PLAYBACK_ROW) get less padding, so their labels fit in one row.
LAYOUT_CSS = f"""<style>
.st-key-{PLAYBACK_ROW} button {{ padding-left: .4rem; padding-right: .4rem; }}
[data-testid="stElementContainer"][data-stale="true"] {{ transition: none !important; opacity: 1 !important; }}
@media (max-width: 1100px) {{
  .st-key-atlas-map-row [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; }}
  .st-key-atlas-map-row [data-testid="stColumn"] {{ min-width: 100% !important; flex: 1 1 100% !important; }}
}}
.atlas-legend-rows {{ display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: .82rem; line-height: 1.5; }}
.atlas-legend-row {{ display: inline-flex; align-items: center; gap: 5px; }}
.atlas-legend-row svg, .atlas-legend-row img {{ flex: none; }}
</style>"""

SCROLL_TO_DETAILS = """<script>
(function () {
  var target = document.querySelector(".st-key-atlas-details");
  if (target) { target.scrollIntoView({behavior: "smooth", block: "nearest"}); }
})();
</script>"""


def highlight_spec(events: Sequence[Event], places) -> dict | None:
    """What the map draws out for the selected events: their lines and their places, as [lat, lon]."""
    lines, points = [], []
    for event in list(events or ())[:MAX_HIGHLIGHTED]:
        geometry = event_geometry(event, places)
        if len(geometry.line) > 1:
            lines.append([[round(p.lat, 6), round(p.lon, 6)] for p in geometry.line])
        points.extend([round(p.lat, 6), round(p.lon, 6)] for p in (*geometry.line, *geometry.points))
    unique = [list(point) for point in dict.fromkeys(tuple(point) for point in points)]
    return {"lines": lines, "points": unique} if lines or unique else None


def highlight_script(events: Sequence[Event], places) -> str:
    """The map component's extra script that draws out ``events`` (or clears the highlight)."""
    return highlight_call(highlight_spec(events, places))


def render_layout_css() -> None:
    st.html(LAYOUT_CSS)


def render_legend(events: Sequence[Event]) -> None:
    """The same legend as every snapshot: what these events put on the map, symbol and words."""
    st.html(str(legend_html(events, as_images=True, t=t())))   # st.html drops inline SVG


def scroll_to_details(token, *, key: str = "map") -> None:
    """Bring the details into view once per new selection (not on every rerun)."""
    if token is not None and st.session_state.get(f"{key}-scrolled") != token:
        st.session_state[f"{key}-scrolled"] = token
        st.html(SCROLL_TO_DETAILS, unsafe_allow_javascript=True)
