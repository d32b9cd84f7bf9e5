"""The legend's symbols as inline SVG, one per row of :func:`atlas.map.style.legend_rows`; the dashboard and every
snapshot draw the same legend."""
from __future__ import annotations

import base64
import re

from markupsafe import Markup

from atlas.map.style import SHAPE_PATHS, legend_rows, marker_svg

_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_END_MARKS = {
    "cross": '<path d="M22,2L28,8M28,2L22,8" stroke="{c}" stroke-width="2.2"/>',
    "bar": '<path d="M26,0V10" stroke="{c}" stroke-width="3"/>',
    "ring": '<circle cx="25" cy="5" r="3.2" fill="#fff" stroke="{c}" stroke-width="2"/>',
    "arrow": '<path d="M21,1L28,5L21,9Z" fill="{c}"/>',
    "none": "",
}


def swatch_svg(symbol: str, colour: str) -> Markup:
    """A legend symbol. ``colour`` must be a CSS hex colour (it comes from the map's palette, never from users)."""
    if not _COLOUR.match(colour):
        raise ValueError(f"legend colour {colour!r} is not a #hex colour")
    kind, _, detail = symbol.partition(":")
    if kind == "line":
        end = _END_MARKS.get(detail, "").format(c=colour)
        return Markup(f'<svg width="30" height="10" aria-hidden="true"><line x1="1" y1="5" x2="22" y2="5" '
                      f'stroke="{colour}" stroke-width="4"/>{end}</svg>')
    if kind == "dashed":
        return Markup(f'<svg width="30" height="10" aria-hidden="true"><line x1="1" y1="5" x2="29" y2="5" '
                      f'stroke="{colour}" stroke-width="4" stroke-dasharray="6 4"/></svg>')
    if kind == "point":
        return marker_svg(detail if detail in SHAPE_PATHS else "circle", colour, 16)
    if kind == "checkpoint":
        return Markup(f'<svg width="30" height="16" aria-hidden="true"><rect x="10" y="3" width="10" height="10" '
                      f'transform="rotate(45 15 8)" fill="#fff" stroke="{colour}" stroke-width="2.5"/></svg>')
    if kind == "area":
        return Markup(f'<svg width="30" height="16" aria-hidden="true"><circle cx="15" cy="8" r="7" fill="{colour}" '
                      'fill-opacity="0.2" stroke="#555"/></svg>')
    if kind == "town":
        return Markup(f'<svg width="30" height="16" aria-hidden="true"><circle cx="15" cy="8" r="2.6" '
                      f'fill="{colour}"/></svg>')
    if kind == "river":
        return Markup(f'<svg width="30" height="16" aria-hidden="true"><path d="M1,10C8,2 14,14 29,5" '
                      f'fill="none" stroke="{colour}" stroke-width="2"/></svg>')
    if kind == "road":
        return Markup(f'<svg width="30" height="10" aria-hidden="true"><line x1="1" y1="5" x2="29" y2="5" '
                      f'stroke="{colour}" stroke-width="2"/></svg>')
    return Markup(f'<svg width="30" height="16" aria-hidden="true"><circle cx="15" cy="8" r="4" fill="{colour}" '
                  'stroke="#222" stroke-width="1.5"/></svg>')


def legend_items(events) -> list[tuple[Markup, str]]:
    """(symbol, label) for each legend row of ``events``; labels are plain text (escape them where shown)."""
    return [(swatch_svg(symbol, colour), label) for symbol, colour, label in legend_rows(events)]


def symbol_image(symbol: Markup) -> Markup:
    """A symbol as an ``<img>`` of its SVG (for pages whose HTML sanitiser drops inline SVG, as Streamlit's does)."""
    svg = str(symbol).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    width, height = (re.search(rf'{name}="(\d+)"', svg) for name in ("width", "height"))
    size = f' width="{width.group(1)}" height="{height.group(1)}"' if width and height else ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup(f'<img alt=""{size} src="data:image/svg+xml;base64,{data}">')


def legend_html(events, *, as_images: bool = False) -> Markup:
    """The legend as one HTML block (rows of symbol and label), every label escaped. ``as_images``: symbols as
    ``<img>`` (see :func:`symbol_image`)."""
    rows = Markup("").join(Markup('<div class="atlas-legend-row">{}<bdi>{}</bdi></div>').format(
                               symbol_image(symbol) if as_images else symbol, label)
                           for symbol, label in legend_items(events))
    return Markup('<div class="atlas-legend-rows">{}</div>').format(rows)
