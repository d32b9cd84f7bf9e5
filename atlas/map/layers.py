"""The event layers: route lines with arrowheads and outcome end marks, events at a place (a shape per type),
checkpoints and places, their names in the layer control, the checkpoint icon and the size of a point marker.
(What each layer's rows hold: :mod:`atlas.map.columns`; place names: :mod:`atlas.map.labels`.)

Arrowheads and end marks are small polygons the map's script computes from each route line (``atlas_map.js``; on a
big map's canvas, in pixels by ``atlas_lines.js``), so no shapes travel in the page and no
arrow plugin (and no CDN) is needed.
"""
from __future__ import annotations

import math

from atlas.i18n import DEFAULT_LANGUAGE, N_, Translator
from atlas.map.style import CHECKPOINT_COLOUR
from atlas.words import word

LAYERS = ("basemap", "places", "labels", "checkpoints", "routes", "events", "uncertainty")


DEFAULT_LAYERS = LAYERS
GROUP_TITLES = {"uncertainty": N_("Uncertainty halos"), "routes": N_("Routes"), "places": N_("Places"),
                "events": N_("Events at a place"), "labels": N_("Place names"), "checkpoints": N_("Checkpoints")}
"""The layer control's title of each event layer (English; shown in the map's language). The layer's own name
(``LAYERS``) is what code and settings use; ``atlas.ui.map_panel.shown_layers`` reads a title back in any language."""


ICON_LABEL = "ATLASLABEL"
"""Where a checkpoint icon's markup takes its name (escaped, by ``atlasColumns.places`` in the browser)."""


def checkpoint_icon(t: Translator | None = None) -> dict:
    """Leaflet ``L.divIcon`` options for a checkpoint: a red-edged diamond with a bar (no image, no font), with
    :data:`ICON_LABEL` where its accessible name goes and ``label``, the word before the place's name, in ``t``'s
    language."""
    kind = "checkpoint" if t is None or t.language == DEFAULT_LANGUAGE else word("checkpoint", t)
    return {"className": "atlas-checkpoint-icon", "iconSize": [22, 22], "iconAnchor": [11, 11], "label": kind,
            "html": (f'<div class="atlas-checkpoint" aria-label="{ICON_LABEL}" style="width:16px;height:16px;'
                     f'margin:3px;transform:rotate(45deg);background:#fff;border:3px solid {CHECKPOINT_COLOUR};'
                     'box-shadow:0 0 2px #000;"><div style="width:10px;height:3px;margin:6.5px 3px;'
                     f'background:{CHECKPOINT_COLOUR};transform:rotate(-45deg)"></div></div>')}


def point_radius(count: int) -> float:
    """Half the size in px of the marker of ``count`` events at one place (grows with their number)."""
    return round(7 + 2 * math.log2(max(count, 1)), 2)
