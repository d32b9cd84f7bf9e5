"""The map's marker shapes (``atlas.map.style.SHAPE_PATHS``) as small PNG icons a KMZ carries: Google Earth does
not draw SVG, and a KML that links to online icons shows pushpins from Google's servers, or nothing offline."""
from __future__ import annotations

import io
import re

from PIL import Image, ImageDraw

from atlas.map.style import SHAPE_PATHS

ICON_PX = 32
_SUPERSAMPLE = 4
_COMMAND = re.compile(r"([MLHVZA])([^MLHVZA]*)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _rings(path: str) -> list[tuple[str, list[tuple[float, float]] | float]]:
    """The path's closed parts in the shape's -10..10 box: ("polygon", points) or ("circle", radius). The shapes
    use only M, L, H, V, Z, and arcs that draw whole circles around the centre."""
    parts, points, x, y = [], [], 0.0, 0.0
    for command, arguments in _COMMAND.findall(path):
        numbers = [float(n) for n in _NUMBER.findall(arguments)]
        if command == "A":                  # "M-r,0A r,r 0 1,0 r,0 A ...": a circle of radius r
            parts.append(("circle", numbers[0]))
            points = []
        elif command == "M":
            x, y = numbers[:2]
            points = [(x, y)]
        elif command == "L":
            for i in range(0, len(numbers), 2):
                x, y = numbers[i:i + 2]
                points.append((x, y))
        elif command == "H":
            x = numbers[0]
            points.append((x, y))
        elif command == "V":
            y = numbers[0]
            points.append((x, y))
        elif command == "Z" and len(points) > 2:
            parts.append(("polygon", points))
            points = []
    return parts


def icon_png(shape: str, colour: str, *, outline: str = "#ffffff") -> bytes:
    """A ``colour`` marker of ``shape`` (a name in SHAPE_PATHS; unknown: circle) with an ``outline``, as PNG bytes.
    Several parts are filled even-odd, as the SVG is (a ring's inner circle is a hole)."""
    size = ICON_PX * _SUPERSAMPLE
    scale = size / 22.0
    def at(point):
        return ((point[0] + 11) * scale, (point[1] + 11) * scale)
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    circles = []
    for kind, value in _rings(SHAPE_PATHS.get(shape, SHAPE_PATHS["circle"])):
        if kind == "polygon":
            draw.polygon([at(p) for p in value], fill=255)
        else:
            circles.append(value)
    for number, radius in enumerate(dict.fromkeys(circles)):   # outer circle filled, the next one a hole, ...
        box = [at((-radius, -radius)), at((radius, radius))]
        draw.ellipse(box, fill=0 if number % 2 else 255)
    border = mask.filter(_grow())
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (size, size), outline), mask=border)
    image.paste(Image.new("RGBA", (size, size), colour), mask=mask)
    out = io.BytesIO()
    image.resize((ICON_PX, ICON_PX), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _grow():
    from PIL import ImageFilter
    return ImageFilter.MaxFilter(2 * _SUPERSAMPLE + 1)
